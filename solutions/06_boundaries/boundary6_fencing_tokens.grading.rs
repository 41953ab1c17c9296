#[cfg(test)]
mod grading {
    use super::*;

    /// Checks a whole simulation: grants, tokens and the report.
    fn check_run(
        seed: u64,
        workers: usize,
        lease_ticks: u64,
        pause_percent: u64,
        reports: usize,
    ) -> usize {
        let mut lock = LockService::new(lease_ticks);
        let mut store = FencedStore::new();
        let history = simulate(
            &mut lock,
            &mut store,
            workers,
            lease_ticks,
            pause_percent,
            reports,
            seed,
        );
        let mut granted = 0;
        let mut last_grant: Option<u64> = None;
        let mut newest_accepted = 0;
        let mut refused = 0;
        let mut last_finished = None;
        for event in &history {
            match *event {
                Event::Granted { tick, token, .. } => {
                    granted += 1;
                    assert_eq!(
                        token, granted,
                        "seed {seed}: the leases carry tokens 1, 2, 3, ... in order"
                    );
                    if let Some(earlier) = last_grant {
                        assert!(
                            tick >= earlier + lease_ticks,
                            "seed {seed}: a lease granted at {tick} while the one from {earlier} was live"
                        );
                    }
                    last_grant = Some(tick);
                }
                Event::Wrote {
                    tick,
                    token,
                    accepted,
                    ..
                } => {
                    if accepted {
                        assert!(
                            token >= newest_accepted,
                            "seed {seed} tick {tick}: token {token} accepted after token {newest_accepted}"
                        );
                        newest_accepted = token;
                    } else {
                        assert!(
                            token < newest_accepted,
                            "seed {seed} tick {tick}: token {token} refused though no newer token ({newest_accepted}) was accepted"
                        );
                        refused += 1;
                    }
                }
                Event::Finished { worker, token, .. } => last_finished = Some((worker, token)),
                _ => {}
            }
        }
        assert_eq!(
            store.newest_token(),
            newest_accepted,
            "seed {seed}: the store's newest token"
        );
        let (worker, token) = last_finished.expect("a report was finished");
        for part in 0..PARTS {
            assert_eq!(
                store.read(&format!("part-{part}")),
                Some(part_value(worker, token).as_str()),
                "seed {seed}: part {part} of the finished report"
            );
        }
        refused
    }

    #[test]
    fn many_seeded_runs_keep_every_report_whole() {
        let mut refused = 0;
        for seed in 1..=40 {
            let workers = 1 + (seed as usize % 5);
            let lease_ticks = PARTS as u64 + 1 + seed % 6;
            let pause_percent = (seed * 7) % 30;
            refused += check_run(
                seed,
                workers,
                lease_ticks,
                pause_percent,
                5 + seed as usize % 10,
            );
        }
        assert!(
            refused > 20,
            "the runs should produce plenty of late writes, got {refused}"
        );
    }

    #[test]
    fn the_store_follows_the_rule_on_random_writes() {
        let mut rng = Rng(606);
        let mut store = FencedStore::new();
        let mut newest = 0;
        let mut model: BTreeMap<String, String> = BTreeMap::new();
        for step in 0..2_000u64 {
            let token = (newest + rng.below(5)).saturating_sub(2);
            let key = format!("k{}", rng.below(6));
            let value = format!("v{step}");
            let result = store.write(token, &key, &value);
            if token >= newest {
                assert_eq!(
                    result,
                    Ok(()),
                    "step {step}: token {token}, newest {newest}"
                );
                newest = token;
                model.insert(key, value);
            } else {
                assert_eq!(
                    result,
                    Err(StaleToken { token, newest }),
                    "step {step}: token {token} is older than {newest}"
                );
            }
            assert_eq!(store.newest_token(), newest, "step {step}");
            for k in 0..6 {
                let key = format!("k{k}");
                assert_eq!(
                    store.read(&key),
                    model.get(&key).map(String::as_str),
                    "step {step}: {key}"
                );
            }
        }
    }

    #[test]
    fn the_lock_service_follows_the_rule_at_random_times() {
        let mut rng = Rng(707);
        let lease_ticks = 5;
        let mut lock = LockService::new(lease_ticks);
        let mut now = 0;
        let mut live_until = 0;
        let mut last_token = 0;
        for step in 0..2_000 {
            now += rng.below(4);
            let worker = rng.below(6) as WorkerId;
            let got = lock.acquire(worker, now);
            if now >= live_until {
                last_token += 1;
                assert_eq!(
                    got,
                    Some(Lease {
                        holder: worker,
                        token: last_token,
                        expires_at: now + lease_ticks
                    }),
                    "step {step}: at {now} no lease is live"
                );
                live_until = now + lease_ticks;
            } else {
                assert_eq!(
                    got, None,
                    "step {step}: at {now} a lease lives until {live_until}"
                );
            }
        }
    }

    #[test]
    fn separate_stores_and_lock_services_share_nothing() {
        let mut east = LockService::new(3);
        let mut west = LockService::new(3);
        assert_eq!(east.acquire(0, 0).map(|l| l.token), Some(1));
        assert_eq!(east.acquire(0, 3).map(|l| l.token), Some(2));
        assert_eq!(
            west.acquire(0, 0).map(|l| l.token),
            Some(1),
            "each service counts its own tokens"
        );
        let mut a = FencedStore::new();
        let b = FencedStore::new();
        assert_eq!(a.write(9, "part-0", "x"), Ok(()));
        assert_eq!(b.newest_token(), 0);
        assert_eq!(b.read("part-0"), None);
    }
}
