#[cfg(test)]
mod grading {
    use super::*;
    use std::collections::HashMap;

    /// splitmix64: a tiny deterministic random source, so every run deals the same requests.
    struct Rng(u64);

    impl Rng {
        fn next_u64(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        }

        fn below(&mut self, n: u64) -> u64 {
            self.next_u64() % n
        }

        /// A user id of random length and letters, e.g. "k3@x" or "anna.smith".
        fn user_id(&mut self) -> String {
            let alphabet = b"abcdefghijklmnopqrstuvwxyz0123456789-_.@";
            let len = 1 + self.below(16);
            (0..len)
                .map(|_| char::from(alphabet[self.below(alphabet.len() as u64) as usize]))
                .collect()
        }
    }

    #[test]
    fn random_users_dealt_randomly_to_a_changing_set_of_instances() {
        let mut rng = Rng(0x57A7_E401);
        let users: Vec<String> = (0..300).map(|_| rng.user_id()).collect();
        let mut instances: Vec<ExperimentService> =
            (0..3).map(|_| ExperimentService::new()).collect();
        let mut first_answer: HashMap<&str, Variant> = HashMap::new();
        for request in 0..20_000 {
            // Now and then an instance is added, or one is replaced by a fresh one.
            match rng.below(200) {
                0 => instances.push(ExperimentService::new()),
                1 => {
                    let victim = rng.below(instances.len() as u64) as usize;
                    instances[victim] = ExperimentService::new();
                }
                _ => {}
            }
            let id = &users[rng.below(users.len() as u64) as usize];
            let instance = rng.below(instances.len() as u64) as usize;
            let answer = instances[instance].variant(id);
            let first = *first_answer.entry(id.as_str()).or_insert(answer);
            assert_eq!(
                answer, first,
                "{id:?} got a different variant from instance {instance} at request {request}"
            );
        }
    }

    #[test]
    fn every_instance_agrees_with_every_other_fixed_seed() {
        let mut rng = Rng(0x57A7_E402);
        let instances: Vec<ExperimentService> = (0..12).map(|_| ExperimentService::new()).collect();
        for _ in 0..2_000 {
            let id = rng.user_id();
            let expected = instances[0].variant(&id);
            for (n, instance) in instances.iter().enumerate() {
                assert_eq!(instance.variant(&id), expected, "{id:?} on instance {n}");
            }
        }
    }

    #[test]
    fn agrees_with_production_on_other_users_too() {
        // Recorded from instances in another process: customer-000 ... customer-063.
        let recorded = "ABBBBAAAABBBBABBABAAABABBAAABAAABABBABBBABAABABBABAAABBBBBBABBAA";
        let fresh = ExperimentService::new();
        for (i, letter) in recorded.chars().enumerate() {
            let id = format!("customer-{i:03}");
            let expected = if letter == 'A' { Variant::A } else { Variant::B };
            assert_eq!(fresh.variant(&id), expected, "{id}: production says {letter}");
        }
    }

    #[test]
    fn random_users_are_split_roughly_half_and_half() {
        let mut rng = Rng(0x57A7_E403);
        let service = ExperimentService::new();
        let on_b = (0..10_000)
            .filter(|_| service.variant(&rng.user_id()) == Variant::B)
            .count();
        assert!(
            (4_400..=5_600).contains(&on_b),
            "{on_b} of 10000 random users on B; expected about half"
        );
    }

    #[test]
    fn short_and_similar_ids_are_split_too() {
        let service = ExperimentService::new();
        let ids: Vec<String> = (0..2_000).map(|i| format!("{i}")).collect();
        let on_b = ids
            .iter()
            .filter(|id| service.variant(id) == Variant::B)
            .count();
        assert!(
            (850..=1_150).contains(&on_b),
            "{on_b} of 2000 numeric ids on B; expected about half"
        );
    }
}
