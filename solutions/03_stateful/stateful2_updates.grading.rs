#[cfg(test)]
mod grading {
    use super::*;
    use std::cell::Cell;
    use std::cmp::Ordering;
    use std::collections::HashMap;

    /// splitmix64: a tiny seeded generator, so every run sees the same operations.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: u64) -> u64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            (z ^ (z >> 31)) % n
        }
    }

    /// Reference model: names, and a sorted list of every age (the maximum is the last).
    #[derive(Default)]
    struct Model {
        ages: HashMap<String, u32>,
        sorted: Vec<u32>,
    }

    impl Model {
        fn drop_age(&mut self, age: u32) {
            let at = self
                .sorted
                .binary_search(&age)
                .expect("the model lost an age");
            self.sorted.remove(at);
        }

        fn register(&mut self, name: &str, age: u32) -> Option<u32> {
            let previous = self.ages.insert(name.to_string(), age);
            if let Some(old) = previous {
                self.drop_age(old);
            }
            let at = self.sorted.binary_search(&age).unwrap_or_else(|at| at);
            self.sorted.insert(at, age);
            previous
        }

        fn remove(&mut self, name: &str) -> Option<u32> {
            let removed = self.ages.remove(name);
            if let Some(old) = removed {
                self.drop_age(old);
            }
            removed
        }
    }

    /// Runs `steps` random operations and compares every answer with the model.
    /// `names` and `ages` set how crowded the registry gets; `register_weight` out of 10
    /// is the share of registrations; the rest are split between removals and look-ups.
    fn run(seed: u64, steps: usize, names: u64, ages: u64, register_weight: u64) {
        let mut rng = Rng(seed);
        let mut registry: Registry<u32> = Registry::new();
        let mut model = Model::default();
        for step in 0..steps {
            let name = format!("n{}", rng.below(names));
            let age = rng.below(ages) as u32;
            if rng.below(10) < register_weight {
                assert_eq!(
                    registry.register(&name, age),
                    model.register(&name, age),
                    "seed {seed}, step {step}: register({name}, {age})"
                );
            } else if rng.below(2) == 0 {
                assert_eq!(
                    registry.remove(&name),
                    model.remove(&name),
                    "seed {seed}, step {step}: remove({name})"
                );
            } else {
                assert_eq!(
                    registry.age_of(&name),
                    model.ages.get(&name).copied(),
                    "seed {seed}, step {step}: age_of({name})"
                );
            }
            assert_eq!(
                registry.max_age(),
                model.sorted.last().copied(),
                "seed {seed}, step {step}: max_age()"
            );
            assert_eq!(
                registry.len(),
                model.ages.len(),
                "seed {seed}, step {step}: len()"
            );
            assert_eq!(
                registry.is_empty(),
                model.ages.is_empty(),
                "seed {seed}, step {step}: is_empty()"
            );
        }
    }

    #[test]
    fn few_names_few_ages_many_ties() {
        run(7, 8_000, 12, 4, 5);
    }

    #[test]
    fn many_names_ages_over_the_whole_u32_range() {
        run(8, 8_000, 2_000, u64::from(u32::MAX) + 1, 6);
    }

    #[test]
    fn mostly_removals_so_the_registry_keeps_emptying() {
        run(9, 8_000, 300, 100, 3);
    }

    #[test]
    fn the_same_age_many_times_then_all_leave() {
        let mut registry: Registry<u32> = Registry::new();
        for i in 0..1_000 {
            registry.register(&format!("e{i}"), 65);
        }
        registry.register("young", 20);
        for i in 0..999 {
            registry.remove(&format!("e{i}"));
            assert_eq!(
                registry.max_age(),
                Some(65),
                "e999 and others are still 65 after e{i} leaves"
            );
        }
        registry.remove("e999");
        assert_eq!(registry.max_age(), Some(20), "only the young one is left");
    }

    thread_local! {
        static COMPARISONS: Cell<u64> = const { Cell::new(0) };
    }

    fn comparisons() -> u64 {
        COMPARISONS.with(Cell::get)
    }

    /// An age that counts its comparisons, as in the visible tests.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
    struct CountedAge(u32);

    impl Ord for CountedAge {
        fn cmp(&self, other: &Self) -> Ordering {
            COMPARISONS.with(|count| count.set(count.get() + 1));
            self.0.cmp(&other.0)
        }
    }

    impl PartialOrd for CountedAge {
        fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
            Some(self.cmp(other))
        }
    }

    const BUDGET: u64 = 200;

    #[test]
    fn moving_the_oldest_down_one_by_one_stays_cheap() {
        let n: u32 = 5_000;
        let mut registry: Registry<CountedAge> = Registry::new();
        for i in 0..n {
            registry.register(&format!("e{i}"), CountedAge(100_000 + i));
        }
        let start = comparisons();
        let mut operations = 0;
        for i in (0..n).rev() {
            assert_eq!(
                registry.max_age(),
                Some(CountedAge(100_000 + i)),
                "e{i} is the oldest"
            );
            assert_eq!(
                registry.register(&format!("e{i}"), CountedAge(i)),
                Some(CountedAge(100_000 + i)),
                "e{i} gets younger"
            );
            operations += 2;
            let used = comparisons() - start;
            assert!(
                used <= BUDGET * operations,
                "{operations} questions and corrections compared ages {used} times"
            );
        }
        assert_eq!(
            registry.max_age(),
            Some(CountedAge(n - 1)),
            "everyone was made younger"
        );
    }

    #[test]
    fn many_employees_of_few_ages_stay_cheap() {
        let mut registry: Registry<CountedAge> = Registry::new();
        let start = comparisons();
        let mut operations = 0;
        for i in 0..5_000u32 {
            registry.register(&format!("e{i}"), CountedAge(i % 7));
            operations += 1;
        }
        for i in 0..5_000u32 {
            assert!(registry.max_age().is_some(), "someone is left");
            registry.remove(&format!("e{i}"));
            operations += 2;
        }
        let used = comparisons() - start;
        assert!(
            used <= BUDGET * operations,
            "{operations} operations compared ages {used} times"
        );
        assert_eq!(registry.max_age(), None, "everyone has left");
    }
}
