#[cfg(test)]
mod grading {
    use super::*;
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

    #[derive(Clone)]
    enum Op {
        Register(String, u32),
        Remove(String),
    }

    const NAMES: [&str; 9] = [
        "ada",
        "grace",
        "alan",
        "Ada Lovelace",
        "del ada",
        "set 5 x",
        "x",
        "Zoë 漢字",
        "mary  ann 2",
    ];

    fn operations(seed: u64, count: usize) -> Vec<Op> {
        let mut rng = Rng(seed);
        (0..count)
            .map(|_| {
                let name = NAMES[rng.below(NAMES.len() as u64) as usize].to_string();
                match rng.below(4) {
                    0 => Op::Remove(name),
                    1 => Op::Register(name, u32::MAX - rng.below(3) as u32),
                    _ => Op::Register(name, rng.below(1_000) as u32),
                }
            })
            .collect()
    }

    /// Applies `ops` until one fails, mirroring every acknowledged one in `model`, and
    /// checks each answer against the model. Returns how many were acknowledged.
    fn run(registry: &mut Registry, ops: &[Op], model: &mut HashMap<String, u32>) -> usize {
        for (done, op) in ops.iter().enumerate() {
            match op {
                Op::Register(name, age) => match registry.register(name, *age) {
                    Ok(()) => {
                        model.insert(name.clone(), *age);
                    }
                    Err(Crashed) => return done,
                },
                Op::Remove(name) => match registry.remove(name) {
                    Ok(removed) => assert_eq!(
                        removed,
                        model.remove(name),
                        "remove({name}) returns the removed age"
                    ),
                    Err(Crashed) => return done,
                },
            }
        }
        ops.len()
    }

    fn assert_same_state(registry: &Registry, model: &HashMap<String, u32>, context: &str) {
        for (name, age) in model {
            assert_eq!(
                registry.age_of(name),
                Some(*age),
                "{context}: {name:?} was acknowledged at {age}"
            );
        }
        assert_eq!(
            registry.len(),
            model.len(),
            "{context}: nothing unacknowledged may appear"
        );
        assert_eq!(
            registry.is_empty(),
            model.is_empty(),
            "{context}: is_empty()"
        );
    }

    #[test]
    fn a_crash_at_any_point_of_other_sequences_loses_nothing_acknowledged() {
        for seed in [11_u64, 12] {
            let ops = operations(seed, 20);
            let mut full_run = Registry::open(Disk::new());
            run(&mut full_run, &ops, &mut HashMap::new());
            let log_length = full_run.crash().contents().chars().count();
            for power in 0..=log_length + 1 {
                let mut disk = Disk::new();
                disk.power_fails_after(power);
                let mut registry = Registry::open(disk);
                let mut model = HashMap::new();
                let done = run(&mut registry, &ops, &mut model);
                let mut registry = Registry::open(registry.crash());
                assert_same_state(
                    &registry,
                    &model,
                    &format!("seed {seed}, power failed after {power} chars"),
                );
                run(&mut registry, &ops[done..], &mut model);
                let registry = Registry::open(registry.crash());
                assert_same_state(
                    &registry,
                    &model,
                    &format!("seed {seed}, power {power}, then finished"),
                );
            }
        }
    }

    #[test]
    fn many_crashes_in_one_life_lose_nothing_acknowledged() {
        let mut rng = Rng(99);
        let ops = operations(14, 400);
        let mut model = HashMap::new();
        let mut next = 0;
        let mut registry = Registry::open(Disk::new());
        let mut crashes = 0;
        while next < ops.len() {
            let mut disk = registry.crash();
            disk.power_fails_after(rng.below(120) as usize);
            registry = Registry::open(disk);
            assert_same_state(&registry, &model, &format!("after crash {crashes}"));
            next += run(&mut registry, &ops[next..], &mut model);
            crashes += 1;
        }
        let registry = Registry::open(registry.crash());
        assert_same_state(&registry, &model, "after the last crash");
        assert!(
            crashes > 20,
            "the test should crash many times, it crashed {crashes}"
        );
    }

    #[test]
    fn after_recovery_the_disk_holds_only_complete_records() {
        for power in 0..40 {
            let mut disk = Disk::new();
            disk.power_fails_after(power);
            let mut registry = Registry::open(disk);
            for (i, name) in ["ada", "grace", "alan"].iter().enumerate() {
                if registry.register(name, 30 + i as u32).is_err() {
                    break;
                }
            }
            let recovered = Registry::open(registry.crash());
            let disk = recovered.crash();
            assert!(
                disk.contents().is_empty() || disk.contents().ends_with('\n'),
                "power {power}: the torn tail must be cut off the disk, found {:?}",
                disk.contents()
            );
        }
    }

    #[test]
    fn reopening_without_writes_changes_neither_state_nor_log() {
        let mut registry = Registry::open(Disk::new());
        let mut model = HashMap::new();
        run(&mut registry, &operations(15, 50), &mut model);
        let before = registry.crash().contents().to_string();
        let mut disk = Disk::new();
        disk.append(&before).unwrap();
        for round in 0..3 {
            let registry = Registry::open(disk);
            assert_same_state(&registry, &model, &format!("reopen {round}"));
            disk = registry.crash();
            assert_eq!(
                disk.contents(),
                before,
                "reopen {round}: replaying must not rewrite the log"
            );
        }
    }

    #[test]
    fn the_log_holds_exactly_the_records_of_the_writes() {
        let mut registry = Registry::open(Disk::new());
        registry.register("ada", 36).unwrap();
        registry.register("ada", 37).unwrap();
        assert_eq!(registry.remove("nobody"), Ok(None));
        registry.register("Grace Hopper", 0).unwrap();
        assert_eq!(registry.remove("ada"), Ok(Some(37)));
        assert_eq!(
            registry.crash().contents(),
            "set 36 ada\nset 37 ada\nset 0 Grace Hopper\ndel ada\n",
            "one record per change, in order, nothing for removing an unknown name"
        );
    }

    #[test]
    fn a_removal_the_disk_did_not_take_is_not_applied() {
        let mut disk = Disk::new();
        disk.power_fails_after("set 36 ada\n".len() + 3);
        let mut registry = Registry::open(disk);
        registry.register("ada", 36).unwrap();
        assert_eq!(
            registry.remove("ada"),
            Err(Crashed),
            "only `del` reached the disk"
        );
        assert_eq!(
            registry.age_of("ada"),
            Some(36),
            "the removal was not logged, so it did not happen"
        );
        let registry = Registry::open(registry.crash());
        assert_eq!(
            registry.age_of("ada"),
            Some(36),
            "ada is still registered after the crash"
        );
    }

    #[test]
    fn every_write_reaches_the_disk_before_the_next_one_starts() {
        let mut registry = Registry::open(Disk::new());
        let mut expected = String::new();
        for i in 0..20 {
            registry.register(&format!("e{i}"), i).unwrap();
            expected.push_str(&format!("set {i} e{i}\n"));
            let disk = registry.crash();
            assert_eq!(disk.contents(), expected, "after write {i}");
            registry = Registry::open(disk);
        }
        assert_eq!(registry.len(), 20, "twenty employees after twenty crashes");
    }
}
