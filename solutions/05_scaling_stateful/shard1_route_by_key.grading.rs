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

        fn key(&mut self) -> String {
            format!("k{:x}", self.below(1_000_000))
        }
    }

    #[test]
    fn owner_matches_hash_modulo_n_for_many_sizes_and_keys() {
        let mut rng = Rng(77);
        for n in [1, 2, 3, 7, 16, 31] {
            let cluster = Cluster::new(n);
            for _ in 0..300 {
                let key = rng.key();
                assert_eq!(
                    cluster.owner_of(&key),
                    (stable_hash(&key) % n as u64) as usize,
                    "owner of {key:?} with {n} nodes"
                );
            }
        }
    }

    #[test]
    fn random_puts_and_gets_match_a_single_map() {
        let mut rng = Rng(9001);
        for n in [1, 3, 8, 13] {
            let mut cluster = Cluster::new(n);
            let mut model = std::collections::BTreeMap::new();
            let mut gets = 0;
            for step in 0..2_000 {
                let key = rng.key();
                if rng.below(3) > 0 {
                    let value = format!("v{step}");
                    cluster.put(&key, &value);
                    model.insert(key, value);
                } else {
                    gets += 1;
                    assert_eq!(
                        cluster.get(&key),
                        model.get(&key).map(String::as_str),
                        "step {step}: get({key:?}) with {n} nodes"
                    );
                }
            }
            let asked: usize = (0..n).map(|i| cluster.node(i).lookups()).sum();
            assert_eq!(asked, gets, "with {n} nodes: each get asks one node, its owner");
            let total: usize = (0..n).map(|i| cluster.node(i).key_count()).sum();
            assert_eq!(
                total,
                model.len(),
                "with {n} nodes: one copy of each key, no more"
            );
            for (key, value) in &model {
                let owner = (stable_hash(key) % n as u64) as usize;
                assert_eq!(
                    cluster.node(owner).get(key),
                    Some(value.as_str()),
                    "{key:?} must sit on node {owner}"
                );
            }
        }
    }

    #[test]
    fn many_nodes_each_get_a_fair_share() {
        let mut cluster = Cluster::new(10);
        for i in 0..20_000 {
            cluster.put(&format!("order:{i}"), "x");
        }
        for n in 0..10 {
            let held = cluster.node(n).key_count();
            assert!(
                (1_600..=2_400).contains(&held),
                "node {n} holds {held} of 20000"
            );
        }
    }
}
