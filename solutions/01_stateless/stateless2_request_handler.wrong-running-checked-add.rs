// stateless2_request_handler: a pure request handler
//
// A service receives requests as text and sends back answers. A stateless service finds
// everything it needs in the request itself, so the same request always gets the same
// answer, whoever sends it and whenever.
//
// "The same answer" includes "no". Clients send garbage, truncated lines and numbers too
// big to hold. A stateless handler answers those with an error *value* the caller can
// inspect, every time the same one. It never panics: in a server, a panic throws away
// the work in progress, while an `Err` is just another answer.
//
// The protocol: a command word, then whole numbers, separated by whitespace.
//     "MAX 3 9 4"   -> Ok(9)       the largest number
//     "MIN 3 9 4"   -> Ok(3)       the smallest number
//     "SUM 1 2"     -> Ok(3)       the total
// Commands are upper case. Any amount of whitespace may separate the words. A number is
// a word that `str::parse::<i64>` accepts ("-4" and "+4" are numbers; "4.0", "four" and
// "99999999999999999999" are not).
//
// Errors, checked in this order (the first that applies is the answer):
//     nothing but whitespace                 -> Err(RequestError::Empty)
//     the first word is not MAX, MIN or SUM  -> Err(RequestError::UnknownCommand(word))
//     a later word is not a number           -> Err(RequestError::NotANumber(word)),
//                                               naming the first such word
//     no numbers after the command           -> Err(RequestError::NoNumbers)
//     a SUM whose total does not fit an i64  -> Err(RequestError::Overflow)
//
// Overflow is about the answer, not the arithmetic along the way: a SUM is an error
// only when its *total* does not fit an i64. A running total may pass i64::MAX (or
// i64::MIN) on the way and come back: "SUM 9223372036854775807 1 -1" is
// Ok(9223372036854775807), because that is the sum. (The order of the numbers never
// changes a sum, so it must not change whether the answer is an error either.)
//
// Task: implement `handle`. Whatever text it is given, it must return, never panic.
// (Careful: in a debug build, adding two i64 values whose sum is too big panics.)

/// Why a request was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequestError {
    /// The request has no words at all.
    Empty,
    /// The first word is not a known command; carries that word.
    UnknownCommand(String),
    /// A word after the command is not an i64; carries the first such word.
    NotANumber(String),
    /// The command came with no numbers.
    NoNumbers,
    /// The numbers of a SUM add up to more than an i64 can hold (or less).
    Overflow,
}

enum Command {
    Max,
    Min,
    Sum,
}

/// Answers one request, using nothing but the request.
pub fn handle(request: &str) -> Result<i64, RequestError> {
    let mut words = request.split_whitespace();
    let command = match words.next() {
        None => return Err(RequestError::Empty),
        Some("MAX") => Command::Max,
        Some("MIN") => Command::Min,
        Some("SUM") => Command::Sum,
        Some(other) => return Err(RequestError::UnknownCommand(other.to_string())),
    };
    let numbers = words
        .map(|word| {
            word.parse::<i64>()
                .map_err(|_| RequestError::NotANumber(word.to_string()))
        })
        .collect::<Result<Vec<i64>, RequestError>>()?;
    let Some((&first, rest)) = numbers.split_first() else {
        return Err(RequestError::NoNumbers);
    };
    match command {
        Command::Max => Ok(rest.iter().fold(first, |best, &n| best.max(n))),
        Command::Min => Ok(rest.iter().fold(first, |best, &n| best.min(n))),
        // Stop at the first addition that does not fit.
        Command::Sum => numbers
            .iter()
            .try_fold(0i64, |total, &n| total.checked_add(n))
            .ok_or(RequestError::Overflow),
    }
}

// ===== TESTS: the specification. Edit only above this line. =====
#[cfg(test)]
mod tests {
    use super::*;

    fn unknown(word: &str) -> Result<i64, RequestError> {
        Err(RequestError::UnknownCommand(word.to_string()))
    }

    fn not_a_number(word: &str) -> Result<i64, RequestError> {
        Err(RequestError::NotANumber(word.to_string()))
    }

    #[test]
    fn max_answers_the_largest_number() {
        assert_eq!(handle("MAX 3 9 4"), Ok(9), "MAX 3 9 4");
        assert_eq!(handle("MAX -3 -9 -4"), Ok(-3), "MAX -3 -9 -4");
    }

    #[test]
    fn min_answers_the_smallest_number() {
        assert_eq!(handle("MIN 3 9 4"), Ok(3), "MIN 3 9 4");
        assert_eq!(handle("MIN 5"), Ok(5), "MIN 5");
    }

    #[test]
    fn sum_answers_the_total() {
        assert_eq!(handle("SUM 1 2"), Ok(3), "SUM 1 2");
        assert_eq!(handle("SUM 10 -4 +1"), Ok(7), "SUM 10 -4 +1");
    }

    #[test]
    fn any_whitespace_separates_words() {
        assert_eq!(
            handle("  MAX\t3   9\n4  "),
            Ok(9),
            "tabs, newlines and runs of spaces"
        );
    }

    #[test]
    fn an_empty_request_is_an_error() {
        assert_eq!(handle(""), Err(RequestError::Empty), "the empty string");
        assert_eq!(
            handle(" \t\n "),
            Err(RequestError::Empty),
            "only whitespace"
        );
    }

    #[test]
    fn an_unknown_command_is_an_error_naming_it() {
        assert_eq!(handle("AVG 1 2"), unknown("AVG"), "AVG is not a command");
        assert_eq!(handle("max 1 2"), unknown("max"), "commands are upper case");
        assert_eq!(
            handle("42"),
            unknown("42"),
            "a request must start with a command"
        );
    }

    #[test]
    fn the_command_is_checked_before_the_numbers() {
        assert_eq!(handle("FOO x y"), unknown("FOO"), "FOO is reported, not x");
    }

    #[test]
    fn a_word_that_is_not_a_number_is_an_error_naming_the_first_one() {
        assert_eq!(
            handle("MAX 1 x y"),
            not_a_number("x"),
            "x is the first bad word"
        );
        assert_eq!(
            handle("SUM 1 4.0"),
            not_a_number("4.0"),
            "numbers are whole"
        );
        assert_eq!(
            handle("MIN 1 MAX 2"),
            not_a_number("MAX"),
            "one command per request"
        );
    }

    #[test]
    fn a_number_too_big_for_i64_is_not_a_number() {
        let huge = "99999999999999999999";
        assert_eq!(
            handle(&format!("MAX {huge}")),
            not_a_number(huge),
            "larger than i64::MAX"
        );
    }

    #[test]
    fn a_command_without_numbers_is_an_error() {
        assert_eq!(
            handle("MAX"),
            Err(RequestError::NoNumbers),
            "MAX of nothing"
        );
        assert_eq!(
            handle("MIN   "),
            Err(RequestError::NoNumbers),
            "MIN of nothing"
        );
        assert_eq!(
            handle("SUM"),
            Err(RequestError::NoNumbers),
            "SUM of nothing"
        );
    }

    #[test]
    fn a_sum_too_big_for_i64_is_an_error_not_a_panic() {
        let request = format!("SUM {} 1", i64::MAX);
        assert_eq!(
            handle(&request),
            Err(RequestError::Overflow),
            "i64::MAX + 1"
        );
        let request = format!("SUM {} -1", i64::MIN);
        assert_eq!(
            handle(&request),
            Err(RequestError::Overflow),
            "i64::MIN - 1"
        );
    }

    #[test]
    fn a_sum_that_just_fits_is_fine() {
        let request = format!("SUM {} 0", i64::MAX);
        assert_eq!(handle(&request), Ok(i64::MAX), "i64::MAX + 0");
    }

    #[test]
    fn only_the_total_decides_overflow_not_a_running_total() {
        let request = format!("SUM {} 1 -1", i64::MAX);
        assert_eq!(
            handle(&request),
            Ok(i64::MAX),
            "i64::MAX + 1 - 1 is i64::MAX: the total fits, so it is the answer"
        );
        let request = format!("SUM {} -1 1", i64::MIN);
        assert_eq!(
            handle(&request),
            Ok(i64::MIN),
            "i64::MIN - 1 + 1 is i64::MIN: the total fits, so it is the answer"
        );
        let request = format!("SUM -1 {} 1", i64::MAX);
        assert_eq!(
            handle(&request),
            Ok(i64::MAX),
            "the same numbers in another order: the same sum"
        );
    }

    #[test]
    fn the_same_request_always_gets_the_same_answer() {
        for _ in 0..50 {
            assert_eq!(handle("SUM 1 2 3"), Ok(6), "SUM 1 2 3, asked again");
            assert_eq!(
                handle("MAX nope"),
                not_a_number("nope"),
                "MAX nope, asked again"
            );
        }
    }
}
