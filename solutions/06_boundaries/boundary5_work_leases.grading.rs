#[cfg(test)]
mod grading {
    use super::*;

    fn check_history(history: &[Event], lease_ticks: u64, n_tasks: usize, seed: u64) {
        let mut last_grant: Vec<Option<u64>> = vec![None; n_tasks];
        let mut accepted: Vec<usize> = vec![0; n_tasks];
        for event in history {
            match *event {
                Event::Granted { tick, task, .. } => {
                    assert!(task < n_tasks, "seed {seed}: task {task} does not exist");
                    assert_eq!(
                        accepted[task], 0,
                        "seed {seed}: task {task} given out at {tick} after it was done"
                    );
                    if let Some(earlier) = last_grant[task] {
                        assert!(
                            tick >= earlier + lease_ticks,
                            "seed {seed}: task {task} leased at {earlier} and again at {tick}"
                        );
                    }
                    last_grant[task] = Some(tick);
                }
                Event::Completed {
                    task,
                    accepted: true,
                    ..
                } => accepted[task] += 1,
                _ => {}
            }
        }
        for (task, count) in accepted.iter().enumerate() {
            assert_eq!(
                *count, 1,
                "seed {seed}: task {task} must be accepted exactly once"
            );
        }
    }

    #[test]
    fn many_seeds_crash_rates_and_pool_sizes() {
        for seed in 1..=40 {
            let mut rng = Rng(seed * 31);
            let n_tasks = 1 + rng.below(80) as usize;
            let inputs: Vec<u64> = (0..n_tasks).map(|_| rng.below(1_000)).collect();
            let lease_ticks = 2 + rng.below(6);
            let workers = 1 + rng.below(6) as usize;
            let crash_percent = rng.below(35);
            let mut coordinator = Coordinator::new(inputs.clone(), lease_ticks);
            let history = simulate(&mut coordinator, workers, lease_ticks, crash_percent, seed);
            let expected: Vec<(usize, u64)> =
                inputs.iter().enumerate().map(|(t, x)| (t, x * x)).collect();
            assert_eq!(
                coordinator.results(),
                expected,
                "seed {seed}: every task once, right output"
            );
            assert!(coordinator.is_finished());
            check_history(&history, lease_ticks, n_tasks, seed);
        }
    }

    #[test]
    fn duplicate_reports_are_refused_in_the_simulation() {
        // Long work, short leases: many tasks are given out twice and reported twice.
        let inputs: Vec<u64> = (0..60).collect();
        let mut coordinator = Coordinator::new(inputs, 2);
        let history = simulate(&mut coordinator, 6, 2, 0, 77);
        let refused = history
            .iter()
            .filter(|e| {
                matches!(
                    e,
                    Event::Completed {
                        accepted: false,
                        ..
                    }
                )
            })
            .count();
        assert!(
            refused > 0,
            "slow workers report after the task was redone: those reports must be refused"
        );
        check_history(&history, 2, 60, 77);
    }

    #[test]
    fn leases_follow_the_clock_exactly() {
        let mut coordinator = Coordinator::new(vec![1, 2, 3], 7);
        let a = coordinator.assign(10).unwrap();
        let b = coordinator.assign(11).unwrap();
        let c = coordinator.assign(12).unwrap();
        let mut tasks = vec![a.task, b.task, c.task];
        tasks.sort();
        assert_eq!(tasks, vec![0, 1, 2]);
        assert_eq!(coordinator.assign(16), None, "all leases still live at 16");
        assert_eq!(
            coordinator.assign(17),
            Some(a),
            "a's lease (10 + 7) ends at 17"
        );
        assert_eq!(
            coordinator.assign(17),
            None,
            "a was just leased again; b's lease ends at 18"
        );
        assert_eq!(coordinator.assign(18), Some(b));
        assert!(coordinator.complete(c.task, 9));
        let mut again = vec![
            coordinator.assign(30).unwrap().task,
            coordinator.assign(30).unwrap().task,
        ];
        again.sort();
        let mut wanted = vec![a.task, b.task];
        wanted.sort();
        assert_eq!(
            again, wanted,
            "c is done; the second leases of a and b have ended"
        );
        assert_eq!(coordinator.assign(30), None);
    }

    #[test]
    fn empty_batch_is_finished_at_once_and_refuses_everything() {
        let mut coordinator = Coordinator::new(Vec::new(), 3);
        assert!(coordinator.is_finished(), "no tasks: nothing left to do");
        assert_eq!(coordinator.assign(0), None);
        assert!(!coordinator.complete(0, 0));
        assert!(coordinator.results().is_empty());
    }

    #[test]
    fn late_report_after_expiry_without_reassignment_is_accepted() {
        let mut coordinator = Coordinator::new(vec![5, 6], 3);
        let lease = coordinator.assign(0).unwrap();
        assert!(
            coordinator.complete(lease.task, lease.input * lease.input),
            "the lease expired, but nobody else has done the task: the first result is taken"
        );
        assert!(!coordinator.is_finished());
        assert_eq!(
            coordinator.results(),
            vec![(lease.task, lease.input * lease.input)]
        );
    }
}
