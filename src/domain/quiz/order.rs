//! The order a learner sees a question's choices in: shuffled, so the position of the right
//! answer teaches nothing, but stable for a workbook (the seed lives in its progress file), so
//! a learner sees the same order every time. Pure and deterministic across platforms and Rust
//! versions (FNV-1a and SplitMix64 rather than std's unspecified hasher).

/// A seed made from some bytes: random ones for a new workbook, or the workbook's path for one
/// whose progress file lost its seed (stable at least until it is saved).
pub fn seed_from(bytes: &[u8]) -> u64 {
    fnv1a(0, bytes)
}

/// The seed for retry `round` (0: the first time through, whose order never changes).
pub fn for_round(seed: u64, round: u64) -> u64 {
    if round == 0 {
        seed
    } else {
        fnv1a(seed, &round.to_le_bytes())
    }
}

/// `order[shown] == canonical`: the choice shown at position `shown` (a, b, ...) is the file's
/// choice `canonical`.
pub fn choice_order(seed: u64, quiz: &str, question: &str, n: usize) -> Vec<usize> {
    let mut state = fnv1a(fnv1a(seed, quiz.as_bytes()), question.as_bytes());
    let mut order: Vec<usize> = (0..n).collect();
    // Fisher-Yates, from the end.
    for last in (1..n).rev() {
        let pick = (splitmix64(&mut state) % (last as u64 + 1)) as usize;
        order.swap(last, pick);
    }
    order
}

fn fnv1a(start: u64, bytes: &[u8]) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325 ^ start;
    for &byte in bytes.iter().chain(&[0xff]) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_order_is_a_stable_permutation() {
        let order = choice_order(7, "stateless", "q1", 5);
        let mut sorted = order.clone();
        sorted.sort();
        assert_eq!(sorted, vec![0, 1, 2, 3, 4]);
        assert_eq!(order, choice_order(7, "stateless", "q1", 5));
    }

    #[test]
    fn the_algorithm_does_not_change_under_learners_feet() {
        // A learner's workbook keeps its seed; a new algorithm would reorder their choices.
        assert_eq!(choice_order(5, "basics", "pick-one", 3), vec![2, 0, 1]);
        assert_eq!(choice_order(2, "basics", "pick-many", 3), vec![2, 1, 0]);
    }

    #[test]
    fn orders_differ_between_seeds_and_questions() {
        let orders: std::collections::HashSet<Vec<usize>> = (0..20)
            .map(|seed| choice_order(seed, "stateless", "q1", 5))
            .chain((0..20).map(|q| choice_order(7, "stateless", &format!("q{q}"), 5)))
            .collect();
        assert!(orders.len() > 10, "{orders:?}");
        assert!(orders.iter().any(|order| order != &vec![0, 1, 2, 3, 4]));
    }

    #[test]
    fn a_path_gives_the_same_seed_every_time() {
        assert_eq!(seed_from(b"/a/b"), seed_from(b"/a/b"));
        assert_ne!(seed_from(b"/a/b"), seed_from(b"/a/c"));
    }
}
