#[cfg(test)]
mod grading {
    use super::*;

    /// splitmix64: a tiny deterministic random source, so every run checks the same texts.
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
    }

    #[test]
    fn only_whitespace_has_no_words() {
        assert_eq!(
            word_count(" \t\n  \r\n"),
            0,
            "whitespace alone has no words"
        );
    }

    #[test]
    fn a_single_word_counts_once() {
        assert_eq!(word_count("state"), 1, "one word, no spaces");
        assert_eq!(
            word_count("\tstate\n"),
            1,
            "one word, surrounded by whitespace"
        );
    }

    #[test]
    fn many_random_texts_fixed_seed() {
        let separators = [" ", "  ", "\t", "\n", " \t ", "\r\n"];
        let words = ["node", "state", "request", "x", "42", "café", "a-b"];
        let mut rng = Rng(0x1D7A_0002);
        for _ in 0..500 {
            let n_words = rng.below(12) as usize;
            let mut text = String::new();
            if rng.below(2) == 0 {
                text.push_str(separators[rng.below(6) as usize]);
            }
            for i in 0..n_words {
                if i > 0 {
                    text.push_str(separators[rng.below(6) as usize]);
                }
                text.push_str(words[rng.below(7) as usize]);
            }
            if rng.below(2) == 0 {
                text.push_str(separators[rng.below(6) as usize]);
            }
            assert_eq!(word_count(&text), n_words, "{text:?} has {n_words} words");
        }
    }
}
