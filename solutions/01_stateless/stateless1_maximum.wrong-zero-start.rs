// stateless1_maximum: the smallest stateless system
//
// A stateless system keeps no record of what happened before. It answers each request
// from what the request itself carries, its *direct inputs*, and then forgets it.
// Here is the smallest one there is: a list of numbers goes in, the largest comes out.
//
// Because nothing is remembered between calls, two things hold, and the rest of the
// course leans on both:
//   * ask again, in any order, as often as you like: the answer does not change;
//   * any copy of the function, on any machine, gives the same answer.
//
// Task: return the largest number in `numbers`. An empty list has no largest number,
// so the answer is `None`. Do not invent one: 0 or `i64::MIN` would be a wrong answer
// dressed up as a right one.

pub fn maximum(numbers: &[i64]) -> Option<i64> {
    if numbers.is_empty() {
        return None;
    }
    let mut best = 0;
    for &n in numbers {
        if n > best {
            best = n;
        }
    }
    Some(best)
}

// ===== TESTS: the specification. Edit only above this line. =====
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_list_has_no_maximum() {
        assert_eq!(maximum(&[]), None, "an empty list has no largest number");
    }

    #[test]
    fn a_single_number_is_its_own_maximum() {
        assert_eq!(maximum(&[7]), Some(7), "a list of one number: 7");
        assert_eq!(maximum(&[-7]), Some(-7), "a list of one number: -7");
    }

    #[test]
    fn finds_the_largest_wherever_it_is() {
        assert_eq!(maximum(&[9, 3, 4]), Some(9), "largest first");
        assert_eq!(maximum(&[3, 9, 4]), Some(9), "largest in the middle");
        assert_eq!(maximum(&[3, 4, 9]), Some(9), "largest last");
    }

    #[test]
    fn works_when_every_number_is_negative() {
        assert_eq!(
            maximum(&[-5, -2, -9]),
            Some(-2),
            "-2 is the largest of -5, -2, -9"
        );
    }

    #[test]
    fn repeated_maximum_is_still_the_maximum() {
        assert_eq!(maximum(&[4, 8, 8, 1, 8]), Some(8), "8 appears three times");
    }

    #[test]
    fn handles_the_extremes_of_i64() {
        assert_eq!(
            maximum(&[i64::MIN]),
            Some(i64::MIN),
            "the smallest i64 alone"
        );
        assert_eq!(
            maximum(&[i64::MIN, i64::MAX, 0]),
            Some(i64::MAX),
            "i64::MAX beats all"
        );
    }

    #[test]
    fn the_same_list_gets_the_same_answer_every_time() {
        let numbers = [12, -3, 40, 7];
        for _ in 0..100 {
            assert_eq!(
                maximum(&numbers),
                Some(40),
                "the answer must not change between calls"
            );
        }
    }

    #[test]
    fn earlier_calls_do_not_change_later_answers() {
        assert_eq!(maximum(&[1_000]), Some(1_000));
        assert_eq!(
            maximum(&[1, 2]),
            Some(2),
            "a big number seen earlier must not leak in"
        );
        assert_eq!(
            maximum(&[]),
            None,
            "an empty list has no maximum, even after other calls"
        );
    }

    #[test]
    fn the_order_of_the_numbers_does_not_matter() {
        let orders = [[5, 1, 3], [1, 3, 5], [3, 5, 1], [1, 5, 3]];
        for numbers in orders {
            assert_eq!(maximum(&numbers), Some(5), "maximum of {numbers:?}");
        }
    }
}
