// stateless5_deterministic_output: no hidden inputs
//
// "Same request, same answer" means the same bytes. Clients compare answers, caches keep
// them, tests diff them, and a client that retries must not get back something that
// looks like a different answer.
//
// `word_report` counts the words of a text and lists the most frequent ones, one line
// each, as "word count". It looks pure: no fields, no globals, no clock. But it walks a
// `HashMap`, and the order in which a std `HashMap` hands out its entries is random on
// purpose: every map gets freshly seeded hashing keys (this protects servers from
// attackers who send keys crafted to collide). That seed is an input nobody sent. The
// same text can come out with its lines in another order, and once `limit` cuts the
// list short, even with different lines, from one call to the next. (So do not be
// surprised if different tests fail from one run to the next: that is the hidden input.)
//
// Task: make the report depend on the text and the limit alone. Words are separated by
// whitespace and compared in lower case. Lines go from the highest count to the lowest,
// and words with the same count go in alphabetical order. At most `limit` lines.

use std::collections::BTreeMap;

pub fn word_report(text: &str, limit: usize) -> String {
    // A BTreeMap hands out its entries in order of their keys: no random seed.
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for word in text.split_whitespace() {
        *counts.entry(word.to_lowercase()).or_insert(0) += 1;
    }
    counts
        .iter()
        .take(limit)
        .map(|(word, count)| format!("{word} {count}\n"))
        .collect()
}

// ===== TESTS: the specification. Edit only above this line. =====
#[cfg(test)]
mod tests {
    use super::*;

    const ALPHABET_BACKWARDS: &str = "z y x w v u t s r q p o n m l k j i h g f e d c b a";

    #[test]
    fn an_empty_text_gives_an_empty_report() {
        assert_eq!(word_report("", 10), "", "no words, no lines");
        assert_eq!(word_report(" \n\t ", 10), "", "whitespace only, no lines");
    }

    #[test]
    fn counts_words_ignoring_case() {
        assert_eq!(
            word_report("State state STATE node", 10),
            "state 3\nnode 1\n",
            "State, state and STATE are one word"
        );
    }

    #[test]
    fn the_most_frequent_words_come_first() {
        assert_eq!(
            word_report("b a b c b c", 10),
            "b 3\nc 2\na 1\n",
            "from the highest count to the lowest"
        );
    }

    #[test]
    fn words_with_the_same_count_are_in_alphabetical_order() {
        let expected: String = ('a'..='z').map(|c| format!("{c} 1\n")).collect();
        assert_eq!(
            word_report(ALPHABET_BACKWARDS, 26),
            expected,
            "26 words seen once each, listed a to z"
        );
    }

    #[test]
    fn the_limit_keeps_only_the_top_lines() {
        let text = "pear fig apple fig kiwi apple plum";
        assert_eq!(
            word_report(text, 3),
            "apple 2\nfig 2\nkiwi 1\n",
            "the top 3, ties at the cut decided alphabetically"
        );
        assert_eq!(word_report(text, 0), "", "a limit of 0 gives no lines");
    }

    #[test]
    fn the_same_text_gives_byte_identical_reports() {
        let first = word_report(ALPHABET_BACKWARDS, 26);
        for call in 1..50 {
            assert_eq!(
                word_report(ALPHABET_BACKWARDS, 26),
                first,
                "call {call} gave a different report"
            );
        }
    }

    #[test]
    fn the_order_of_words_in_the_text_does_not_change_the_report() {
        let forwards = "one two two three three three four five six seven eight nine ten";
        let backwards: Vec<&str> = forwards.split(' ').rev().collect();
        assert_eq!(
            word_report(&backwards.join(" "), 5),
            word_report(forwards, 5),
            "the same words in another order are the same counts"
        );
        assert_eq!(
            word_report(forwards, 5),
            "three 3\ntwo 2\neight 1\nfive 1\nfour 1\n",
            "the top 5 of {forwards:?}"
        );
    }
}
