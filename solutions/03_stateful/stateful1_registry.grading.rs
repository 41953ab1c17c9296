#[cfg(test)]
mod grading {
    use super::*;

    /// splitmix64: a tiny seeded generator, so every run sees the same "random" inputs.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        }

        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }
    }

    /// The simplest model that is obviously right: a list of (name, age) pairs.
    fn model_register(model: &mut Vec<(String, u32)>, name: &str, age: u32) {
        match model.iter_mut().find(|(n, _)| n == name) {
            Some(entry) => entry.1 = age,
            None => model.push((name.to_string(), age)),
        }
    }

    #[test]
    fn matches_a_list_model_over_random_registrations() {
        for seed in [1_u64, 2] {
            let mut rng = Rng(seed);
            let mut registry = Registry::new();
            let mut model: Vec<(String, u32)> = Vec::new();
            for step in 0..1_200 {
                let name = format!("employee{}", rng.below(200));
                let age = rng.below(120) as u32;
                registry.register(&name, age);
                model_register(&mut model, &name, age);
                let expected_max = model.iter().map(|(_, a)| *a).max();
                assert_eq!(
                    registry.max_age(),
                    expected_max,
                    "seed {seed}, step {step}: max_age after registering {name} at {age}"
                );
                assert_eq!(registry.len(), model.len(), "seed {seed}, step {step}: len");
                let probe = format!("employee{}", rng.below(260));
                let expected_age = model.iter().find(|(n, _)| *n == probe).map(|(_, a)| *a);
                assert_eq!(
                    registry.age_of(&probe),
                    expected_age,
                    "seed {seed}, step {step}: age_of({probe})"
                );
            }
        }
    }

    #[test]
    fn extreme_ages_and_unusual_names_are_remembered_exactly() {
        let mut registry = Registry::new();
        registry.register("", 0);
        registry.register("Zoë, née O'Brien", u32::MAX);
        registry.register("line\nbreak", 7);
        assert_eq!(
            registry.age_of(""),
            Some(0),
            "the empty name is a name like any other"
        );
        assert_eq!(
            registry.age_of("Zoë, née O'Brien"),
            Some(u32::MAX),
            "unicode and commas in names"
        );
        assert_eq!(
            registry.age_of("line\nbreak"),
            Some(7),
            "a newline in a name"
        );
        assert_eq!(
            registry.max_age(),
            Some(u32::MAX),
            "the largest possible age"
        );
        assert_eq!(registry.len(), 3, "three different names");
    }

    #[test]
    fn lowering_every_age_lowers_the_maximum() {
        let mut registry = Registry::new();
        for i in 0..50 {
            registry.register(&format!("e{i}"), 60 + i);
        }
        assert_eq!(registry.max_age(), Some(109), "the oldest is e49 at 109");
        for i in 0..50 {
            registry.register(&format!("e{i}"), 20);
        }
        assert_eq!(
            registry.max_age(),
            Some(20),
            "everyone was re-registered at 20"
        );
        assert_eq!(registry.len(), 50, "re-registering adds nobody");
    }

    #[test]
    fn registries_built_side_by_side_do_not_interfere() {
        let mut registries: Vec<Registry> = (0..5).map(|_| Registry::new()).collect();
        for (i, registry) in registries.iter_mut().enumerate() {
            for j in 0..=i {
                registry.register(&format!("e{j}"), (10 * (j + 1)) as u32);
            }
        }
        for (i, registry) in registries.iter().enumerate() {
            assert_eq!(registry.len(), i + 1, "registry {i} has its own employees");
            assert_eq!(
                registry.max_age(),
                Some((10 * (i + 1)) as u32),
                "registry {i} has its own maximum"
            );
        }
    }
}
