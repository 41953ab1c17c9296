#[cfg(test)]
mod grading {
    use super::*;

    /// splitmix64: a tiny deterministic random source, so every run replays the same requests.
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

        fn shuffle<T>(&mut self, items: &mut [T]) {
            for i in (1..items.len()).rev() {
                let j = self.below(i as u64 + 1) as usize;
                items.swap(i, j);
            }
        }

        /// A request: mostly well formed, sometimes with a bad word, an unknown command or
        /// no numbers. Numbers stay small, so no SUM comes near overflowing.
        fn request(&mut self) -> String {
            let command = ["MAX", "MIN", "SUM", "MAX", "MIN", "SUM", "AVG", ""];
            let mut words = vec![command[self.below(command.len() as u64) as usize].to_string()];
            for _ in 0..self.below(7) {
                if self.below(12) == 0 {
                    words.push(["x", "1.5", "-", "nine"][self.below(4) as usize].to_string());
                } else {
                    words.push((self.below(2_001) as i64 - 1_000).to_string());
                }
            }
            words.join(" ")
        }
    }

    /// The specification, written out once more, independently of the solution.
    fn reference(request: &str) -> Option<i64> {
        let words: Vec<&str> = request.split_whitespace().collect();
        let (command, rest) = words.split_first()?;
        let mut numbers = Vec::new();
        for word in rest {
            numbers.push(word.parse::<i64>().ok()?);
        }
        if numbers.is_empty() {
            return None;
        }
        match *command {
            "MAX" => numbers.iter().max().copied(),
            "MIN" => numbers.iter().min().copied(),
            "SUM" => Some(numbers.iter().sum()),
            _ => None,
        }
    }

    #[test]
    fn many_random_requests_on_one_handler_fixed_seed() {
        let mut rng = Rng(0x57A7_E311);
        let handler = Handler::new();
        for _ in 0..5_000 {
            let request = rng.request();
            assert_eq!(
                handler.handle(&request),
                reference(&request),
                "request {request:?}"
            );
        }
        assert_eq!(
            handler.served(),
            5_000,
            "served counts every request, malformed ones included"
        );
    }

    #[test]
    fn replaying_shuffled_requests_gives_the_same_answers() {
        let mut rng = Rng(0x57A7_E312);
        let mut cases: Vec<(String, Option<i64>)> = (0..300)
            .map(|_| rng.request())
            .map(|request| {
                let expected = reference(&request);
                (request, expected)
            })
            .collect();
        let handler = Handler::new();
        for round in 0..20 {
            rng.shuffle(&mut cases);
            for (request, expected) in &cases {
                assert_eq!(
                    handler.handle(request),
                    *expected,
                    "{request:?} in replay round {round}"
                );
            }
        }
    }

    #[test]
    fn a_long_lived_handler_agrees_with_a_fresh_handler_per_request() {
        let mut rng = Rng(0x57A7_E313);
        let long_lived = Handler::new();
        for _ in 0..2_000 {
            let request = rng.request();
            let fresh = Handler::new().handle(&request);
            assert_eq!(long_lived.handle(&request), fresh, "request {request:?}");
            assert_eq!(fresh, reference(&request), "request {request:?}");
        }
    }

    #[test]
    fn bare_commands_after_answers_are_rejected() {
        let handler = Handler::new();
        for request in ["MAX 4", "MIN 2 3", "SUM 8", "MAX 1 x", "SUM 2 y"] {
            handler.handle(request);
            for bare in ["MAX", "MIN", "SUM", "  MAX  "] {
                assert_eq!(
                    handler.handle(bare),
                    None,
                    "{bare:?} right after {request:?}"
                );
            }
        }
    }
}
