#[cfg(test)]
mod grading {
    use super::*;
    use std::collections::HashMap;

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

    fn reads(cluster: &Cluster) -> Vec<usize> {
        std::iter::once(cluster.leader().reads())
            .chain((0..cluster.follower_count()).map(|i| cluster.follower(i).reads()))
            .collect()
    }

    /// A random history; checks every read against a model of the session tokens.
    /// Returns how many reads followers served.
    fn history(
        seed: u64,
        followers: usize,
        clients: usize,
        keys: u64,
        steps: usize,
        write_percent: u64,
        replicate_percent: u64,
    ) -> usize {
        let mut rng = Rng(seed);
        let mut cluster = Cluster::new(followers);
        let mut sessions: Vec<Session> = (0..clients).map(|_| Session::new()).collect();
        let mut tokens = vec![0u64; clients];
        let mut seen: Vec<HashMap<String, u64>> = vec![HashMap::new(); clients];
        let mut index_of: HashMap<String, u64> = HashMap::new();
        let mut from_followers = 0;
        let tag = format!("seed {seed}, {followers} followers, {clients} sessions");
        for step in 0..steps {
            let s = rng.below(clients as u64) as usize;
            let key = format!("k{}", rng.below(keys));
            let roll = rng.below(100);
            if roll < write_percent {
                let value = format!("{s}/{step}");
                let index = sessions[s].write(&mut cluster, &key, &value);
                assert_eq!(
                    index,
                    cluster.leader().applied(),
                    "{tag}, step {step}: index"
                );
                index_of.insert(value, index);
                tokens[s] = tokens[s].max(index);
                seen[s].insert(key, index);
            } else if roll < write_percent + replicate_percent {
                let f = rng.below(followers as u64) as usize;
                let upto = cluster.follower(f).applied() + rng.below(10);
                cluster.replicate(f, upto);
            } else {
                let f = rng.below(followers as u64) as usize;
                let applied = cluster.follower(f).applied();
                let before = reads(&cluster);
                let value = sessions[s].read(&cluster, &key, f);
                let after = reads(&cluster);
                let served: Vec<usize> = (0..after.len())
                    .filter(|&i| after[i] != before[i])
                    .collect();
                let expected = if applied >= tokens[s] { f + 1 } else { 0 };
                assert_eq!(
                    (served.clone(), after[expected] - before[expected]),
                    (vec![expected], 1),
                    "{tag}, step {step}: session {s} (token {}) via follower {f} (applied {applied}) \
                     must be served once by {} (0 = leader, i + 1 = follower i)",
                    tokens[s],
                    expected
                );
                if expected > 0 {
                    from_followers += 1;
                }
                let index = value.map_or(0, |v| index_of[&v]);
                let newest = seen[s].get(&key).copied().unwrap_or(0);
                assert!(
                    index >= newest,
                    "{tag}, step {step}: session {s} read {key} as of entry {index}, after entry {newest}"
                );
                seen[s].insert(key, index);
                let replica_applied = if expected == 0 {
                    cluster.leader().applied()
                } else {
                    applied
                };
                tokens[s] = tokens[s].max(replica_applied);
            }
            assert_eq!(
                sessions[s].token(),
                tokens[s],
                "{tag}, step {step}: token of session {s}"
            );
        }
        from_followers
    }

    #[test]
    fn random_histories_keep_both_guarantees() {
        let mut from_followers = 0;
        for seed in 0..12 {
            from_followers += history(
                100 + seed,
                1 + seed as usize % 5,
                2 + seed as usize % 5,
                6,
                300,
                20,
                30,
            );
        }
        assert!(
            from_followers > 500,
            "followers served {from_followers} reads"
        );
    }

    #[test]
    fn slow_followers_push_reads_to_the_leader_but_never_to_the_past() {
        for seed in 0..6 {
            history(200 + seed, 4, 6, 3, 300, 30, 5);
        }
    }

    #[test]
    fn one_client_alone_sees_each_of_its_writes() {
        let mut cluster = Cluster::new(3);
        let mut session = Session::new();
        for i in 1..=30u64 {
            let value = format!("v{i}");
            assert_eq!(session.write(&mut cluster, "k", &value), i);
            cluster.replicate((i % 3) as usize, i - i % 2);
            let via = (i % 3) as usize;
            assert_eq!(
                session.read(&cluster, "k", via),
                Some(value),
                "after write {i}"
            );
            assert_eq!(session.token(), i);
        }
    }
}
