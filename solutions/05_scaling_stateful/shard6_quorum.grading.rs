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

        fn chance(&mut self, percent: u64) -> bool {
            self.below(100) < percent
        }
    }

    /// Checks every write and read of a random history against what the replicas hold.
    /// Returns (reads that succeeded, reads that missed the latest acknowledged write).
    fn history(n: usize, w: usize, r: usize, seed: u64, steps: usize) -> (usize, usize) {
        let mut rng = Rng(seed);
        let mut store = QuorumStore::new(n, w, r);
        let mut versions = 0;
        let mut acked = [0u64; 3];
        let (mut reads, mut misses) = (0, 0);
        let tag = format!("N = {n}, W = {w}, R = {r}, seed {seed}");
        for step in 0..steps {
            for i in 0..n {
                store.set_up(i, !rng.chance(35));
            }
            let running: Vec<usize> = (0..n).filter(|&i| store.replica(i).is_up()).collect();
            let k = rng.below(3) as usize;
            let key = format!("key{k}");
            if rng.chance(45) {
                versions += 1;
                let value = format!("v{versions}");
                let result = store.write(&key, &value);
                if running.len() >= w {
                    assert_eq!(result, Ok(versions), "{tag}, step {step}: write");
                    acked[k] = versions;
                } else {
                    assert_eq!(
                        result,
                        Err(QuorumError::Unavailable {
                            reached: running.len(),
                            needed: w
                        }),
                        "{tag}, step {step}: write with {} running",
                        running.len()
                    );
                }
                for i in 0..n {
                    let has = store.replica(i).held(&key)
                        == Some(&Versioned {
                            version: versions,
                            value: value.clone(),
                        });
                    assert_eq!(
                        has,
                        running.contains(&i),
                        "{tag}, step {step}: replica {i} (running: {}) after the write",
                        running.contains(&i)
                    );
                }
            } else {
                let before: Vec<usize> = (0..n).map(|i| store.replica(i).reads()).collect();
                let result = store.read(&key);
                let quorum: Vec<usize> = running.iter().copied().take(r).collect();
                for i in 0..n {
                    let asked = store.replica(i).reads() - before[i];
                    assert_eq!(
                        asked,
                        usize::from(quorum.contains(&i)),
                        "{tag}, step {step}: replica {i} asked {asked} times; the read quorum is {quorum:?}"
                    );
                }
                if running.len() < r {
                    assert_eq!(
                        result,
                        Err(QuorumError::Unavailable {
                            reached: running.len(),
                            needed: r
                        }),
                        "{tag}, step {step}: read with {} running",
                        running.len()
                    );
                    continue;
                }
                let newest = quorum
                    .iter()
                    .filter_map(|&i| store.replica(i).held(&key))
                    .max_by_key(|v| v.version)
                    .cloned();
                assert_eq!(result, Ok(newest.clone()), "{tag}, step {step}: read {key}");
                reads += 1;
                let seen = newest.map_or(0, |v| v.version);
                if seen < acked[k] {
                    misses += 1;
                    assert!(
                        r + w <= n,
                        "{tag}, step {step}: read version {seen} of {key}, older than the \
                         acknowledged {}",
                        acked[k]
                    );
                }
            }
        }
        (reads, misses)
    }

    #[test]
    fn overlapping_quorums_never_miss_and_match_the_replicas_exactly() {
        let mut reads = 0;
        for n in 1..=7 {
            for w in 1..=n {
                for r in 1..=n {
                    if r + w > n {
                        reads += history(n, w, r, (n * 100 + w * 10 + r) as u64, 50).0;
                    }
                }
            }
        }
        assert!(reads > 1_000, "only {reads} reads succeeded");
    }

    #[test]
    fn small_quorums_behave_as_specified_and_do_miss_writes() {
        let mut misses = 0;
        for n in 2..=7 {
            for w in 1..n {
                for r in 1..=(n - w) {
                    misses += history(n, w, r, (n * 1000 + w * 10 + r) as u64, 50).1;
                }
            }
        }
        assert!(misses > 0, "with R + W <= N some reads should miss a write");
    }

    #[test]
    fn write_all_read_one_refuses_writes_when_any_replica_is_down() {
        let mut store = QuorumStore::new(3, 3, 1);
        assert_eq!(store.write("k", "1"), Ok(1));
        store.set_up(1, false);
        assert_eq!(
            store.write("k", "2"),
            Err(QuorumError::Unavailable {
                reached: 2,
                needed: 3
            })
        );
        store.set_up(1, true);
        assert_eq!(store.write("k", "3"), Ok(3));
        for i in 0..3 {
            for j in 0..3 {
                store.set_up(j, j == i);
            }
            assert_eq!(
                store.read("k").map(|v| v.map(|v| v.value)),
                Ok(Some("3".to_string())),
                "R = 1, only replica {i} running"
            );
        }
    }

    #[test]
    fn no_replica_running_refuses_both() {
        let mut store = QuorumStore::new(2, 1, 1);
        store.set_up(0, false);
        store.set_up(1, false);
        assert_eq!(
            store.write("k", "v"),
            Err(QuorumError::Unavailable {
                reached: 0,
                needed: 1
            })
        );
        assert_eq!(
            store.read("k"),
            Err(QuorumError::Unavailable {
                reached: 0,
                needed: 1
            })
        );
    }
}
