#[cfg(test)]
mod grading {
    use super::*;
    use std::cmp::Reverse;
    use std::collections::BTreeMap;

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

        fn shuffle<T>(&mut self, items: &mut [T]) {
            for i in (1..items.len()).rev() {
                let j = self.below(i as u64 + 1) as usize;
                items.swap(i, j);
            }
        }
    }

    const VOCABULARY: [&str; 40] = [
        "node", "state", "request", "reply", "server", "client", "cache", "log", "key", "value",
        "shard", "replica", "leader", "follower", "clock", "retry", "crash", "disk", "memory",
        "balancer", "session", "store", "write", "read", "snapshot", "index", "hash", "ring",
        "quorum", "lease", "token", "queue", "stream", "batch", "worker", "job", "timeout", "ack",
        "id", "a",
    ];

    /// Words for a random text: a few common words and a long tail, in random case.
    fn random_words(rng: &mut Rng) -> Vec<String> {
        let len = rng.below(120);
        (0..len)
            .map(|_| {
                // Squaring a uniform pick favours the first words: many ties, some leaders.
                let r = rng.below(VOCABULARY.len() as u64);
                let word = VOCABULARY[(r * r / VOCABULARY.len() as u64) as usize];
                match rng.below(6) {
                    0 => word.to_uppercase(),
                    1 => {
                        let mut chars = word.chars();
                        let first = chars.next().map(|c| c.to_ascii_uppercase());
                        first.into_iter().chain(chars).collect()
                    }
                    _ => word.to_string(),
                }
            })
            .collect()
    }

    fn join(rng: &mut Rng, words: &[String]) -> String {
        let mut text = String::new();
        for word in words {
            text.push_str([" ", "  ", "\n", "\t"][rng.below(4) as usize]);
            text.push_str(word);
        }
        text
    }

    /// The specification, written out once more, independently of the solution.
    fn reference(text: &str, limit: usize) -> String {
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for word in text.split_whitespace() {
            *counts.entry(word.to_lowercase()).or_default() += 1;
        }
        let mut lines: Vec<(String, usize)> = counts.into_iter().collect();
        // A stable sort keeps the alphabetical order of the BTreeMap among equal counts.
        lines.sort_by_key(|&(_, count)| Reverse(count));
        lines
            .into_iter()
            .take(limit)
            .map(|(word, count)| format!("{word} {count}\n"))
            .collect()
    }

    #[test]
    fn many_random_texts_and_limits_fixed_seed() {
        let mut rng = Rng(0x57A7_E501);
        for _ in 0..500 {
            let words = random_words(&mut rng);
            let text = join(&mut rng, &words);
            let limit = rng.below(45) as usize;
            assert_eq!(
                word_report(&text, limit),
                reference(&text, limit),
                "report of {text:?} with limit {limit}"
            );
        }
    }

    #[test]
    fn shuffling_the_words_never_changes_the_report() {
        let mut rng = Rng(0x57A7_E502);
        for _ in 0..100 {
            let mut words = random_words(&mut rng);
            let limit = rng.below(45) as usize;
            let text = join(&mut rng, &words);
            let expected = word_report(&text, limit);
            for _ in 0..5 {
                rng.shuffle(&mut words);
                let shuffled = join(&mut rng, &words);
                assert_eq!(
                    word_report(&shuffled, limit),
                    expected,
                    "{shuffled:?} holds the same words as {text:?}"
                );
            }
        }
    }

    #[test]
    fn asking_again_gives_the_same_bytes() {
        let text = VOCABULARY.join(" ");
        let first = word_report(&text, 40);
        for call in 1..100 {
            assert_eq!(word_report(&text, 40), first, "call {call} differs");
        }
        assert_eq!(
            first,
            reference(&text, 40),
            "report of the whole vocabulary"
        );
    }

    #[test]
    fn a_limit_larger_than_the_number_of_words_lists_them_all() {
        assert_eq!(
            word_report("b a B", 1_000),
            "b 2\na 1\n",
            "two distinct words, limit 1000"
        );
    }
}
