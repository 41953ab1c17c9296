#[cfg(test)]
mod grading {
    use super::*;
    use std::sync::Barrier;
    use std::thread;

    #[test]
    fn many_rounds_of_contention_always_end_with_exact_counts() {
        let registry = SharedRegistry::new();
        for round in 0..2_usize {
            let threads = 8 + round * 2;
            let per_thread = 300;
            let before = registry.len();
            let start = Arc::new(Barrier::new(threads));
            let handles: Vec<_> = (0..threads)
                .map(|t| {
                    let registry = registry.clone();
                    let start = Arc::clone(&start);
                    thread::spawn(move || {
                        start.wait();
                        (0..per_thread)
                            .map(|i| registry.register(&format!("r{round}-t{t}-{i}"), i as u32))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            let mut ids: Vec<u64> = handles
                .into_iter()
                .flat_map(|h| h.join().unwrap())
                .collect();
            ids.sort_unstable();
            let expected: Vec<u64> =
                (before as u64..(before + threads * per_thread) as u64).collect();
            assert_eq!(
                ids, expected,
                "round {round}: the ids must continue exactly where the last round stopped"
            );
            assert_eq!(
                registry.len(),
                before + threads * per_thread,
                "round {round}: no registration lost"
            );
        }
    }

    #[test]
    fn readers_running_alongside_writers_never_see_a_missing_employee() {
        let registry = SharedRegistry::new();
        let start = Arc::new(Barrier::new(12));
        let writers: Vec<_> = (0..8)
            .map(|t| {
                let registry = registry.clone();
                let start = Arc::clone(&start);
                thread::spawn(move || {
                    start.wait();
                    for i in 0..400_u32 {
                        let name = format!("w{t}-{i}");
                        let id = registry.register(&name, i % 100);
                        assert_eq!(
                            registry.age_of(id),
                            Some(i % 100),
                            "an employee vanished right after registering"
                        );
                        assert_eq!(
                            registry.badge_of(id),
                            Some(format!("#{id} {name}")),
                            "the badge carries the id the employee got"
                        );
                    }
                })
            })
            .collect();
        let readers: Vec<_> = (0..4)
            .map(|_| {
                let registry = registry.clone();
                let start = Arc::clone(&start);
                thread::spawn(move || {
                    start.wait();
                    let mut last = 0;
                    for _ in 0..300 {
                        let now = registry.len();
                        assert!(
                            now >= last,
                            "the number of employees went down from {last} to {now}"
                        );
                        last = now;
                    }
                })
            })
            .collect();
        for handle in writers.into_iter().chain(readers) {
            handle.join().unwrap();
        }
        assert_eq!(registry.len(), 3_200, "8 writers x 400 registrations");
        for id in 0..3_200 {
            assert!(
                registry.age_of(id).is_some(),
                "id {id} was handed out but holds no employee"
            );
        }
    }

    #[test]
    fn handles_cloned_inside_threads_still_share_one_registry() {
        let registry = SharedRegistry::new();
        let handles: Vec<_> = (0..8)
            .map(|t| {
                let outer = registry.clone();
                thread::spawn(move || {
                    let inner = outer.clone();
                    for i in 0..100 {
                        outer.register(&format!("outer-{t}-{i}"), 1);
                        inner.register(&format!("inner-{t}-{i}"), 2);
                    }
                })
            })
            .collect();
        for handle in handles {
            handle.join().unwrap();
        }
        assert_eq!(
            registry.len(),
            1_600,
            "every clone of a clone writes to the same registry"
        );
    }
}
