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

    #[test]
    fn random_crashes_and_restarts_keep_in_sync_followers_exact() {
        for seed in [5, 6, 7] {
            let mut rng = Rng(seed);
            let followers = 7;
            let mut set = ReplicaSet::new(followers);
            let mut model: BTreeMap<String, String> = BTreeMap::new();
            let mut sent_total = vec![0usize; followers];
            for step in 0..600u64 {
                match rng.below(10) {
                    0 => set.crash_follower(rng.below(followers as u64) as usize),
                    1 => {
                        let i = rng.below(followers as u64) as usize;
                        if !set.follower(i).is_up() {
                            let behind = set.last_index() - set.follower(i).last_index();
                            let sent = set.restart_follower(i);
                            assert_eq!(
                                sent as u64, behind,
                                "seed {seed} step {step}: follower {i} was {behind} behind"
                            );
                            sent_total[i] += sent;
                            assert!(set.in_sync(i), "seed {seed} step {step}: restarted {i}");
                        }
                    }
                    _ => {
                        let key = format!("k{}", rng.below(40));
                        let value = format!("s{seed}-{step}");
                        let index = set.write(&key, &value);
                        assert_eq!(index, set.last_index(), "the write is the last entry");
                        model.insert(key, value);
                    }
                }
                for i in 0..followers {
                    let follower = set.follower(i);
                    assert!(follower.last_index() <= set.last_index());
                    assert_eq!(
                        follower.received() as u64,
                        follower.last_index(),
                        "seed {seed} step {step}: follower {i} got every entry it holds exactly once"
                    );
                    if set.in_sync(i) {
                        for (key, value) in &model {
                            assert_eq!(
                                follower.read(key),
                                Some(value.as_str()),
                                "seed {seed} step {step}: follower {i} on {key}"
                            );
                        }
                    }
                    if follower.is_up() {
                        assert!(
                            set.in_sync(i),
                            "seed {seed} step {step}: up follower {i} lags"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn a_follower_down_from_the_start_gets_the_whole_log_once() {
        let mut set = ReplicaSet::new(4);
        set.crash_follower(3);
        for i in 0..50 {
            set.write(&format!("k{}", i % 9), &format!("v{i}"));
        }
        assert_eq!(set.follower(3).last_index(), 0);
        assert_eq!(set.restart_follower(3), 50);
        assert_eq!(set.follower(3).received(), 50);
        for i in 0..4 {
            assert!(set.in_sync(i));
            assert_eq!(set.follower(i).read("k4"), Some("v49"));
        }
        assert_eq!(
            set.restart_follower(3),
            0,
            "restarting an up, in-sync follower sends nothing"
        );
    }

    #[test]
    fn a_set_without_followers_still_numbers_its_writes() {
        let mut set = ReplicaSet::new(0);
        for expected in 1..=10 {
            assert_eq!(set.write("only", "leader"), expected);
        }
    }
}
