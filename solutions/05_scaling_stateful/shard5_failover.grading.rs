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

    /// How many replicas hold exactly this entry at its index.
    fn holders(cluster: &Cluster, entry: &Entry) -> usize {
        (0..cluster.size())
            .filter(|&i| cluster.replica(i).log().get(entry.index as usize - 1) == Some(entry))
            .count()
    }

    fn running(cluster: &Cluster) -> Vec<usize> {
        (0..cluster.size())
            .filter(|&i| cluster.replica(i).is_up())
            .collect()
    }

    /// A random run: every replica but the leader (former leaders too) is stopped with
    /// probability `down_percent` before each write; the leader crashes at each of
    /// `crash_points` in turn (counted in messages since the previous failover).
    /// Returns the number of crashes.
    fn run(
        size: usize,
        seed: u64,
        writes: usize,
        down_percent: u64,
        crash_points: &[usize],
    ) -> usize {
        let mut rng = Rng(seed);
        let mut cluster = Cluster::new(size);
        let mut pending = crash_points.iter();
        if let Some(&k) = pending.next() {
            cluster.crash_leader_after(k);
        }
        let mut crashes = 0;
        let mut acked: Vec<Entry> = Vec::new();
        let tag = format!("size {size} seed {seed} crashes at {crash_points:?}");
        for w in 0..writes {
            for f in cluster.followers() {
                cluster.set_up(f, !rng.chance(down_percent));
            }
            let (key, value) = (format!("k{w}"), format!("v{seed}-{w}"));
            let term = cluster.term();
            match cluster.write(&key, &value) {
                Ok(index) => {
                    let leader = cluster.replica(cluster.leader());
                    assert_eq!(
                        leader.last_index(),
                        index,
                        "{tag}: write {w} is the last entry"
                    );
                    let entry = leader.log()[index as usize - 1].clone();
                    assert_eq!(
                        (entry.term, entry.key.as_str(), entry.value.as_str()),
                        (term, key.as_str(), value.as_str()),
                        "{tag}: write {w} is stamped with the current term"
                    );
                    let copies = holders(&cluster, &entry);
                    assert!(
                        copies >= cluster.majority(),
                        "{tag}: write {w} acknowledged with {copies} copies of {size}"
                    );
                    for f in cluster.followers() {
                        if cluster.replica(f).is_up() {
                            assert_eq!(
                                cluster.replica(f).log(),
                                leader.log(),
                                "{tag}: after write {w}, running follower {f} is not in sync"
                            );
                        }
                    }
                    acked.push(entry);
                }
                Err(WriteError::NotEnoughCopies { copies, needed }) => {
                    assert_eq!(needed, cluster.majority(), "{tag}: write {w} needed");
                    assert!(
                        copies < needed,
                        "{tag}: write {w} refused with {copies} copies"
                    );
                    let leader = cluster.replica(cluster.leader());
                    let entry = leader.log().last().expect("the leader appended it");
                    assert_eq!(
                        holders(&cluster, entry),
                        copies,
                        "{tag}: write {w} reported {copies} copies"
                    );
                }
                Err(WriteError::LeaderCrashed) => {
                    assert!(
                        !cluster.replica(cluster.leader()).is_up(),
                        "{tag}: write {w} reported a crash that did not happen"
                    );
                }
            }
            if !cluster.replica(cluster.leader()).is_up() {
                crashes += 1;
                let crashed = cluster.leader();
                loop {
                    let up = running(&cluster);
                    let term = cluster.term();
                    match cluster.failover() {
                        Some(promoted) => {
                            assert!(
                                up.len() >= cluster.majority(),
                                "{tag}: failover after write {w} with {} running",
                                up.len()
                            );
                            assert_eq!(cluster.leader(), promoted);
                            assert_eq!(
                                cluster.term(),
                                term + 1,
                                "{tag}: next term after write {w}"
                            );
                            let best = up
                                .iter()
                                .map(|&i| {
                                    let r = cluster.replica(i);
                                    (r.last_term(), r.last_index())
                                })
                                .max()
                                .unwrap();
                            let chosen = cluster.replica(promoted);
                            assert_eq!(
                                (chosen.last_term(), chosen.last_index()),
                                best,
                                "{tag}: after write {w} the promoted replica is not the most up to date"
                            );
                            break;
                        }
                        None => {
                            assert!(
                                up.len() < cluster.majority(),
                                "{tag}: failover refused after write {w} with {} of {size} running",
                                up.len()
                            );
                            assert_eq!(cluster.leader(), crashed, "{tag}: refused failover");
                            assert_eq!(cluster.term(), term, "{tag}: refused failover");
                            let stopped = (0..size)
                                .find(|&i| i != crashed && !cluster.replica(i).is_up())
                                .unwrap();
                            cluster.set_up(stopped, true);
                        }
                    }
                }
                if let Some(&k) = pending.next() {
                    cluster.crash_leader_after(k);
                }
            }
            for entry in &acked {
                assert_eq!(
                    cluster.read(&entry.key),
                    Some(entry.value.as_str()),
                    "{tag}: after write {w}, acknowledged #{} {} is lost",
                    entry.index,
                    entry.key
                );
            }
        }
        crashes
    }

    #[test]
    fn three_replicas_survive_repeated_crashes() {
        let mut crashes = 0;
        for seed in [21, 22, 23] {
            for k in 0..=30 {
                crashes += run(3, seed, 24, 30, &[k, k % 5, k % 3, 1, k % 7]);
            }
        }
        assert!(crashes > 200, "crashes happened {crashes} times");
    }

    #[test]
    fn five_replicas_survive_repeated_crashes_with_flapping_replicas() {
        let mut crashes = 0;
        for first in 0..=30 {
            for second in 0..=10 {
                crashes += run(
                    5,
                    41 + first as u64 * 11 + second as u64,
                    18,
                    40,
                    &[first, second, (first + second) % 9, first % 4],
                );
            }
        }
        assert!(crashes > 900, "crashes happened {crashes} times");
    }

    #[test]
    fn seven_replicas_survive_many_crashes() {
        let mut crashes = 0;
        for seed in 0..60u64 {
            let s = seed as usize;
            let points = [s * 3 % 50, s * 7 % 30, s % 20, s * 11 % 13, s % 9];
            crashes += run(7, 100 + seed, 30, 45, &points);
        }
        assert!(crashes > 150, "crashes happened {crashes} times");
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
        assert_eq!(cluster.term(), 1);
        cluster.set_up(2, true);
        let promoted = cluster.failover().expect("4 of 7 is a majority");
        assert_ne!(promoted, 0);
        assert_eq!(cluster.term(), 2);
        assert_eq!(cluster.read("a"), Some("1"));
        assert_eq!(cluster.read("b"), None, "b never left the old leader");
    }

    #[test]
    fn a_newer_term_wins_over_a_longer_log_in_seven_replicas() {
        let mut cluster = Cluster::new(7);
        assert_eq!(cluster.write("a", "1"), Ok(1));
        for f in [3, 4, 5, 6] {
            cluster.set_up(f, false);
        }
        for key in ["x1", "x2", "x3", "x4", "x5"] {
            assert!(cluster.write(key, "stale").is_err(), "0, 1, 2 are 3 of 7");
        }
        cluster.crash_leader();
        for f in [1, 2] {
            cluster.set_up(f, false);
        }
        for f in [3, 4, 5, 6] {
            cluster.set_up(f, true);
        }
        let second = cluster.failover().expect("4 of 7 run");
        assert!((3..7).contains(&second));
        for key in ["b", "c"] {
            assert!(cluster.write(key, "2").is_ok(), "3, 4, 5, 6 are 4 of 7");
        }
        cluster.crash_leader();
        cluster.set_up(1, true);
        cluster.set_up(2, true);
        let third = cluster.failover().expect("1, 2 and two of 3..7 run");
        assert!(
            third != 1 && third != 2,
            "replicas 1 and 2 hold only term-1 entries"
        );
        for key in ["b", "c"] {
            assert_eq!(cluster.read(key), Some("2"));
        }
        assert!(cluster.write("d", "3").is_ok());
        for f in [1, 2] {
            assert_eq!(cluster.replica(f).log(), cluster.replica(third).log());
        }
    }

    #[test]
    fn a_single_replica_acknowledges_alone() {
        let mut cluster = Cluster::new(1);
        assert_eq!(cluster.write("a", "1"), Ok(1));
        assert_eq!(cluster.write("a", "2"), Ok(2));
        assert_eq!(cluster.read("a"), Some("2"));
        assert_eq!(cluster.replica(0).last_term(), 1);
    }
}
