#[cfg(test)]
mod grading {
    use super::*;

    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^ (z >> 31)
        }

        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }
    }

    /// Checks every invariant at once: readable, stored once, on the owner, nothing extra.
    fn check(cluster: &Cluster, model: &BTreeMap<String, String>, when: &str) {
        let mut stored = 0;
        for node in cluster.members() {
            for key in cluster.keys_on(node) {
                stored += 1;
                assert_eq!(
                    cluster.owner(key),
                    Some(node),
                    "{when}: node {node} stores {key:?}, which it does not own"
                );
                assert!(model.contains_key(key), "{when}: {key:?} was never written");
            }
        }
        assert_eq!(stored, model.len(), "{when}: keys stored vs keys written");
        for (key, value) in model {
            assert_eq!(
                cluster.get(key),
                Some(value.as_str()),
                "{when}: read {key:?}"
            );
        }
    }

    #[test]
    fn random_churn_with_many_keys_never_loses_or_doubles_a_key() {
        for seed in [1, 2] {
            let mut rng = Rng(seed);
            let mut cluster = Cluster::new(&[10, 20, 30]);
            let mut model: BTreeMap<String, String> = BTreeMap::new();
            for step in 0..200 {
                match rng.below(10) {
                    0 => {
                        let node = rng.below(8) as NodeId * 10;
                        let was_member = cluster.members().contains(&node);
                        let moved = cluster.join(node);
                        if was_member {
                            assert_eq!(moved, 0, "seed {seed} step {step}: re-join of {node}");
                        } else {
                            assert_eq!(
                                moved,
                                cluster.keys_on(node).len(),
                                "seed {seed} step {step}: join {node} reports what it took"
                            );
                        }
                        check(
                            &cluster,
                            &model,
                            &format!("seed {seed} step {step} join {node}"),
                        );
                    }
                    1 => {
                        let members = cluster.members();
                        let node = members[rng.below(members.len() as u64) as usize];
                        let held = cluster.keys_on(node).len();
                        let result = cluster.leave(node);
                        if members.len() == 1 {
                            assert_eq!(result, None, "seed {seed} step {step}: last node left");
                        } else {
                            assert_eq!(result, Some(held), "seed {seed} step {step}: leave {node}");
                        }
                        check(
                            &cluster,
                            &model,
                            &format!("seed {seed} step {step} leave {node}"),
                        );
                    }
                    _ => {
                        for _ in 0..20 {
                            let key = format!("k{}", rng.below(300));
                            let value = format!("s{step}");
                            cluster.put(key.clone(), value.clone());
                            model.insert(key, value);
                        }
                    }
                }
            }
            check(&cluster, &model, &format!("seed {seed} end"));
        }
    }

    #[test]
    fn a_join_moves_only_keys_that_change_owner_with_many_nodes() {
        let members: Vec<NodeId> = (1..=12).collect();
        let mut cluster = Cluster::new(&members);
        let mut model: BTreeMap<String, String> = BTreeMap::new();
        for i in 0..2_000 {
            cluster.put(format!("order-{i}"), format!("{i}"));
            model.insert(format!("order-{i}"), format!("{i}"));
        }
        let before: Vec<(String, Option<NodeId>)> = model
            .keys()
            .map(|key| (key.clone(), cluster.owner(key)))
            .collect();
        let moved = cluster.join(13);
        let expected = model
            .keys()
            .filter(|key| owner_of(key, (1..=13).collect::<Vec<_>>()) == Some(13))
            .count();
        assert_eq!(
            moved, expected,
            "node 13 takes exactly the keys it now owns"
        );
        assert!(
            moved < 270,
            "13 nodes: about 1/13 of 2000 keys should move, not {moved}"
        );
        for (key, old) in before {
            let now = cluster.owner(&key);
            assert!(
                now == old || now == Some(13),
                "{key:?} moved between old nodes"
            );
        }
        check(&cluster, &model, "after join 13");
    }

    #[test]
    fn draining_down_to_one_node_keeps_every_key() {
        let mut cluster = Cluster::new(&[5, 6, 7, 8, 9]);
        let mut model: BTreeMap<String, String> = BTreeMap::new();
        for i in 0..1_000 {
            cluster.put(format!("x{i}"), format!("y{i}"));
            model.insert(format!("x{i}"), format!("y{i}"));
        }
        for node in [9, 5, 7, 6] {
            assert!(cluster.leave(node).is_some(), "leave {node}");
            check(&cluster, &model, &format!("after leave {node}"));
        }
        assert_eq!(cluster.leave(8), None);
        assert_eq!(
            cluster.keys_on(8).len(),
            1_000,
            "the last node holds everything"
        );
        check(&cluster, &model, "after refusing the last leave");
    }
}
