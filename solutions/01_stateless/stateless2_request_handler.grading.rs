#[cfg(test)]
mod grading {
    use super::*;

    /// splitmix64: a tiny deterministic random source, so every run checks the same requests.
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

        fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
            items[self.below(items.len() as u64) as usize]
        }

        fn separator(&mut self) -> &'static str {
            self.pick(&[" ", " ", " ", "  ", "\t", "\n", " \t "])
        }
    }

    /// The specification, written out once more, independently of the solution.
    fn reference(request: &str) -> Result<i64, RequestError> {
        let words: Vec<&str> = request.split_whitespace().collect();
        let Some(&command) = words.first() else {
            return Err(RequestError::Empty);
        };
        if !["MAX", "MIN", "SUM"].contains(&command) {
            return Err(RequestError::UnknownCommand(command.to_string()));
        }
        let mut numbers = Vec::new();
        for word in &words[1..] {
            match word.parse::<i64>() {
                Ok(n) => numbers.push(n),
                Err(_) => return Err(RequestError::NotANumber(word.to_string())),
            }
        }
        if numbers.is_empty() {
            return Err(RequestError::NoNumbers);
        }
        let total: i128 = numbers.iter().map(|&n| i128::from(n)).sum();
        match command {
            "MAX" => Ok(*numbers.iter().max().unwrap()),
            "MIN" => Ok(*numbers.iter().min().unwrap()),
            _ => i64::try_from(total).map_err(|_| RequestError::Overflow),
        }
    }

    fn join(rng: &mut Rng, words: &[String]) -> String {
        let mut request = String::new();
        if rng.below(4) == 0 {
            request.push_str(rng.separator());
        }
        for (i, word) in words.iter().enumerate() {
            if i > 0 {
                request.push_str(rng.separator());
            }
            request.push_str(word);
        }
        if rng.below(4) == 0 {
            request.push_str(rng.separator());
        }
        request
    }

    #[test]
    fn many_well_formed_requests_fixed_seed() {
        let mut rng = Rng(0x57A7_E201);
        for _ in 0..2_000 {
            let mut words = vec![rng.pick(&["MAX", "MIN", "SUM"]).to_string()];
            for _ in 0..1 + rng.below(12) {
                // Small enough that no SUM can overflow.
                let n = rng.below(2_000_000_000_001) as i64 - 1_000_000_000_000;
                words.push(n.to_string());
            }
            let request = join(&mut rng, &words);
            assert_eq!(handle(&request), reference(&request), "request {request:?}");
        }
    }

    #[test]
    fn many_malformed_requests_fixed_seed() {
        let bad_words = [
            "x",
            "4.0",
            "1e3",
            "--1",
            "0x10",
            "9223372036854775808",
            "MAX",
            "½",
            "1,2",
        ];
        let mut rng = Rng(0x57A7_E202);
        for _ in 0..2_000 {
            let mut words: Vec<String> = Vec::new();
            match rng.below(4) {
                0 => {}
                1 => words.push(
                    rng.pick(&["AVG", "max", "Sum", "42", "", "MAXX"])
                        .to_string(),
                ),
                _ => words.push(rng.pick(&["MAX", "MIN", "SUM"]).to_string()),
            }
            for _ in 0..rng.below(6) {
                if rng.below(3) == 0 {
                    words.push(rng.pick(&bad_words).to_string());
                } else {
                    words.push((rng.below(201) as i64 - 100).to_string());
                }
            }
            let request = join(&mut rng, &words);
            assert_eq!(handle(&request), reference(&request), "request {request:?}");
        }
    }

    #[test]
    fn sums_near_the_limits_of_i64_fixed_seed() {
        let mut rng = Rng(0x57A7_E203);
        for _ in 0..1_000 {
            // All the same sign, so a running total overflows exactly when the total does.
            let negative = rng.below(2) == 0;
            let mut words = vec!["SUM".to_string()];
            for _ in 0..1 + rng.below(4) {
                let n = (rng.next_u64() >> (1 + rng.below(3))) as i64;
                words.push(if negative { -n } else { n }.to_string());
            }
            let request = join(&mut rng, &words);
            assert_eq!(handle(&request), reference(&request), "request {request:?}");
        }
    }

    #[test]
    fn sums_whose_running_total_leaves_i64_and_comes_back_fixed_seed() {
        let mut rng = Rng(0x57A7_E205);
        let mut fits = 0;
        for _ in 0..1_000 {
            // Big numbers of both signs: a running total often leaves the range of i64
            // part-way, while the total may or may not fit.
            let mut words = vec!["SUM".to_string()];
            for _ in 0..2 + rng.below(4) {
                let n = (rng.next_u64() >> (1 + rng.below(2))) as i64;
                words.push(if rng.below(2) == 0 { -n } else { n }.to_string());
            }
            let request = join(&mut rng, &words);
            let expected = reference(&request);
            fits += usize::from(expected.is_ok());
            assert_eq!(handle(&request), expected, "request {request:?}");
        }
        assert!(fits > 100, "the seed should give many totals that fit");
    }

    #[test]
    fn random_text_never_makes_it_panic_fixed_seed() {
        let pieces = [
            "MAX", "MIN", "SUM", " ", "\t", "\n", "-", "+", "0", "7", "9", "x", "é", "💥", ".",
            "\u{0}",
        ];
        let mut rng = Rng(0x57A7_E204);
        for _ in 0..2_000 {
            let request: String = (0..rng.below(15)).map(|_| rng.pick(&pieces)).collect();
            assert_eq!(handle(&request), reference(&request), "request {request:?}");
        }
    }

    #[test]
    fn extremes_of_i64_are_numbers() {
        let request = format!("MIN {} {}", i64::MIN, i64::MAX);
        assert_eq!(handle(&request), Ok(i64::MIN), "request {request:?}");
        let request = format!("MAX {} {}", i64::MIN, i64::MAX);
        assert_eq!(handle(&request), Ok(i64::MAX), "request {request:?}");
        let request = format!("SUM {} {}", i64::MIN, i64::MAX);
        assert_eq!(handle(&request), Ok(-1), "request {request:?}");
    }

    #[test]
    fn asking_in_a_different_order_changes_nothing() {
        let requests = ["SUM 1 2", "MAX", "MIN 4 x", "", "MAX 8 3", "NOPE", "SUM 5"];
        let first: Vec<_> = requests.iter().map(|r| handle(r)).collect();
        let again: Vec<_> = requests.iter().rev().map(|r| handle(r)).collect();
        let again: Vec<_> = again.into_iter().rev().collect();
        assert_eq!(
            first, again,
            "the answers for {requests:?} changed with the order"
        );
    }
}
