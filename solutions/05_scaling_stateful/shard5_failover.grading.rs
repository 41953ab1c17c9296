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

        fn chance(&mut self, percent: u64) -> bool {
            self.next() % 100 < percent
        }
    }

    fn holders(cluster: &Cluster, index: u64, key: &str, value: &str) -> usize {
        (0..cluster.size())
            .filter(|&i| {
                cluster
                    .replica(i)
                    .log()
                    .get(index as usize - 1)
                    .is_some_and(|e| e.index == index && e.key == key && e.value == value)
            })
            .count()
    }

    /// A random run: followers flap, the leader crashes at each of `crash_points` in turn
    /// (counted in messages since the previous failover). Returns the number of crashes.
    fn run(size: usize, seed: u64, writes: usize, crash_points: &[usize]) -> usize {
        let mut rng = Rng(seed);
        let mut cluster = Cluster::new(size);
        let mut pending = crash_points.iter();
        if let Some(&k) = pending.next() {
            cluster.crash_leader_after(k);
        }
        let mut dead: Vec<usize> = Vec::new();
        let mut acked: Vec<(u64, String, String)> = Vec::new();
        let tag = format!("size {size} seed {seed} crashes at {crash_points:?}");
        for w in 0..writes {
            for f in cluster.followers() {
                if !dead.contains(&f) {
                    cluster.set_up(f, !rng.chance(30));
                }
            }
            let (key, value) = (format!("k{w}"), format!("v{seed}-{w}"));
            match cluster.write(&key, &value) {
                Ok(index) => {
                    let copies = holders(&cluster, index, &key, &value);
                    assert!(
                        copies >= cluster.majority(),
                        "{tag}: write {w} acknowledged with {copies} copies of {size}"
                    );
                    acked.push((index, key, value));
                }
                Err(WriteError::NotEnoughCopies { copies, needed }) => {
                    assert_eq!(needed, cluster.majority(), "{tag}: write {w} needed");
                    assert!(
                        copies < needed,
                        "{tag}: write {w} refused with {copies} copies"
                    );
                }
                Err(WriteError::LeaderCrashed) => {
                    assert!(
                        !cluster.replica(cluster.leader()).is_up(),
                        "{tag}: write {w} reported a crash that did not happen"
                    );
                }
            }
            let leader = cluster.leader();
            if !cluster.replica(leader).is_up() {
                dead.push(leader);
                for f in cluster.followers() {
                    if !dead.contains(&f) {
                        cluster.set_up(f, true);
                    }
                }
                let promoted = cluster.failover();
                assert!(promoted.is_some(), "{tag}: failover after write {w}");
                let best = (0..size)
                    .filter(|i| !dead.contains(i))
                    .map(|i| cluster.replica(i).last_index())
                    .max()
                    .unwrap();
                assert_eq!(
                    cluster.replica(cluster.leader()).last_index(),
                    best,
                    "{tag}: after write {w} the promoted replica is not the most up to date"
                );
                if let Some(&k) = pending.next() {
                    cluster.crash_leader_after(k);
                }
            }
            for (index, key, value) in &acked {
                assert_eq!(
                    cluster.read(key),
                    Some(value.as_str()),
                    "{tag}: after write {w}, acknowledged #{index} {key} is lost"
                );
            }
        }
        dead.len()
    }

    #[test]
    fn three_replicas_survive_a_crash_at_every_message() {
        let mut crashes = 0;
        for seed in [21, 22, 23] {
            for k in 0..=40 {
                crashes += run(3, seed, 20, &[k]);
            }
        }
        assert!(crashes > 60, "crashes happened {crashes} times");
    }

    #[test]
    fn seven_replicas_survive_a_crash_at_every_message() {
        let mut crashes = 0;
        for seed in [31, 32] {
            for k in 0..=150 {
                crashes += run(7, seed, 25, &[k]);
            }
        }
        assert!(crashes > 150, "crashes happened {crashes} times");
    }

    #[test]
    fn five_replicas_survive_two_crashes_at_every_pair_of_points() {
        let mut crashes = 0;
        for first in 0..=32 {
            for second in 0..=24 {
                crashes += run(5, 41 + first as u64, 16, &[first, second]);
            }
        }
        assert!(crashes > 800, "crashes happened {crashes} times");
    }

    #[test]
    fn seven_replicas_survive_three_crashes() {
        for seed in 0..40 {
            let points = [
                seed as usize * 3 % 50,
                seed as usize * 7 % 30,
                seed as usize % 20,
            ];
            run(7, 100 + seed, 30, &points);
        }
    }

    #[test]
    fn failover_needs_a_running_majority_in_bigger_clusters() {
        let mut cluster = Cluster::new(7);
        assert_eq!(cluster.write("a", "1"), Ok(1));
        for f in [1, 2, 3] {
            cluster.set_up(f, false);
        }
        cluster.crash_leader_after(0);
        assert_eq!(cluster.write("b", "2"), Err(WriteError::LeaderCrashed));
        assert_eq!(cluster.failover(), None, "3 of 7 running is no majority");
        assert_eq!(cluster.leader(), 0);
        cluster.set_up(2, true);
        let promoted = cluster.failover().expect("4 of 7 is a majority");
        assert_ne!(promoted, 0);
        assert_eq!(cluster.read("a"), Some("1"));
        assert_eq!(cluster.read("b"), None, "b never left the old leader");
    }

    #[test]
    fn a_single_replica_acknowledges_alone() {
        let mut cluster = Cluster::new(1);
        assert_eq!(cluster.write("a", "1"), Ok(1));
        assert_eq!(cluster.write("a", "2"), Ok(2));
        assert_eq!(cluster.read("a"), Some("2"));
    }
}
