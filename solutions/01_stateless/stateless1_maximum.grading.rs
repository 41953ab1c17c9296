#[cfg(test)]
mod grading {
    use super::*;

    /// splitmix64: a tiny deterministic random source, so every run checks the same lists.
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

        /// A number from a mix of ranges, so lists hold negatives, small values and extremes.
        fn number(&mut self) -> i64 {
            match self.below(4) {
                0 => self.next_u64() as i64,
                1 => self.below(201) as i64 - 100,
                2 => -(self.below(1_000_000) as i64) - 1,
                _ => [i64::MIN, i64::MAX, 0, -1][self.below(4) as usize],
            }
        }

        fn list(&mut self, max_len: u64) -> Vec<i64> {
            let len = self.below(max_len + 1);
            (0..len).map(|_| self.number()).collect()
        }

        fn shuffle(&mut self, items: &mut [i64]) {
            for i in (1..items.len()).rev() {
                let j = self.below(i as u64 + 1) as usize;
                items.swap(i, j);
            }
        }
    }

    fn reference(numbers: &[i64]) -> Option<i64> {
        let mut best: Option<i64> = None;
        for &n in numbers {
            best = Some(match best {
                Some(b) if b >= n => b,
                _ => n,
            });
        }
        best
    }

    #[test]
    fn many_random_lists_fixed_seed() {
        let mut rng = Rng(0x57A7_E001);
        for _ in 0..2_000 {
            let numbers = rng.list(40);
            assert_eq!(
                maximum(&numbers),
                reference(&numbers),
                "maximum of {numbers:?}"
            );
        }
    }

    #[test]
    fn all_negative_lists_never_answer_zero() {
        let mut rng = Rng(0x57A7_E002);
        for _ in 0..500 {
            let len = 1 + rng.below(20);
            let numbers: Vec<i64> = (0..len).map(|_| -(rng.below(1_000) as i64) - 1).collect();
            assert_eq!(
                maximum(&numbers),
                reference(&numbers),
                "maximum of {numbers:?}"
            );
        }
    }

    #[test]
    fn any_shuffle_of_a_list_has_the_same_maximum() {
        let mut rng = Rng(0x57A7_E003);
        for _ in 0..300 {
            let mut numbers = rng.list(25);
            let expected = reference(&numbers);
            for _ in 0..5 {
                rng.shuffle(&mut numbers);
                assert_eq!(maximum(&numbers), expected, "maximum of {numbers:?}");
            }
        }
    }

    #[test]
    fn answers_do_not_depend_on_the_calls_before_them() {
        let mut rng = Rng(0x57A7_E004);
        let lists: Vec<Vec<i64>> = (0..200).map(|_| rng.list(10)).collect();
        let expected: Vec<Option<i64>> = lists.iter().map(|l| reference(l)).collect();
        for _ in 0..5 {
            // Ask about the same lists again, in a fresh random order each round.
            let mut order: Vec<i64> = (0..lists.len() as i64).collect();
            rng.shuffle(&mut order);
            for &i in &order {
                let i = i as usize;
                assert_eq!(maximum(&lists[i]), expected[i], "maximum of {:?}", lists[i]);
            }
        }
    }

    #[test]
    fn the_maximum_of_a_large_list_is_found() {
        let mut numbers: Vec<i64> = (0..10_000).map(|i| (i * 7_919) % 10_007).collect();
        numbers[6_543] = 20_000;
        assert_eq!(
            maximum(&numbers),
            Some(20_000),
            "the single largest value is at index 6543"
        );
    }
}
