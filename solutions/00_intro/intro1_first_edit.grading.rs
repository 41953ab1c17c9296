#[cfg(test)]
mod grading {
    use super::*;

    /// splitmix64: a tiny deterministic random source, so every run checks the same numbers.
    struct Rng(u64);

    impl Rng {
        fn next_u64(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        }
    }

    #[test]
    fn doubles_many_random_numbers_fixed_seed() {
        let mut rng = Rng(0x1D7A_0001);
        for _ in 0..1_000 {
            // Any i32 fits, doubled, in an i64.
            let n = i64::from(rng.next_u64() as i32);
            assert_eq!(double(n), n * 2, "double({n}) should be {}", n * 2);
        }
    }

    #[test]
    fn doubles_one_and_minus_one() {
        assert_eq!(double(1), 2, "double(1) should be 2");
        assert_eq!(double(-1), -2, "double(-1) should be -2");
    }
}
