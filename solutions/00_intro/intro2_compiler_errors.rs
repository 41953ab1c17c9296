// intro2_compiler_errors: reading the compiler, then reading a test
//
// This file does not compile, and that is on purpose: the compiler error IS the lesson
// here. In this workbook you will see two kinds of "not yet", and both are messages
// written for you, not punishments:
//
//   * A compiler error. Read it from the top. The first line says what is wrong
//     (here: `mismatched types`), the arrow `-->` gives the file, line and column,
//     the `^^^` marks point at the exact code, and a `help:` line often proposes the
//     fix word for word.
//   * A failing test. Its name says which rule of the specification is broken, and its
//     message shows what was expected and what your code produced (`left` is what
//     your code returned, `right` is what the test expected).
//
// Your task, in two steps:
//   1. `word_count` has no return type, so Rust thinks it returns nothing, `()`, yet its
//      body produces a number. Read the error. The compiler offers two `help:` fixes:
//      one throws the number away (a semicolon), the other keeps it (a return type).
//      A word count that returns nothing is no use, so pick the return type.
//   2. Save again. Now it compiles, but some tests fail: splitting on exactly one space
//      is not how words work. Read the failing tests' names and messages, then make
//      `word_count` count the words separated by any whitespace: spaces, tabs,
//      newlines, carriage returns (Windows ends its lines with "\r\n"), several in a
//      row, or at the start and end of the text.

pub fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

// ===== TESTS: the specification. Edit only above this line. =====
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_words_separated_by_single_spaces() {
        assert_eq!(
            word_count("the course is stateless"),
            4,
            "four words, one space between each"
        );
    }

    #[test]
    fn an_empty_text_has_no_words() {
        assert_eq!(word_count(""), 0, "an empty text has no words");
    }

    #[test]
    fn runs_of_spaces_do_not_make_extra_words() {
        assert_eq!(
            word_count("  the   workbook  "),
            2,
            "extra spaces are not words"
        );
    }

    #[test]
    fn tabs_and_newlines_separate_words_too() {
        assert_eq!(
            word_count("is\tstateful\nstate"),
            3,
            "tabs and newlines separate words"
        );
        assert_eq!(
            word_count("first line\r\n\r\nthird line\r\n"),
            4,
            "Windows line ends (\\r\\n) are whitespace too, blank lines hold no words"
        );
    }

    #[test]
    fn same_text_gives_same_count_every_time() {
        let text = "one two three";
        assert_eq!(
            word_count(text),
            word_count(text),
            "counting twice must agree"
        );
    }
}
