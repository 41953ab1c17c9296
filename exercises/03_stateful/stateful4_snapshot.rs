// stateful4_snapshot: backups, and reading them back safely
//
// A stateless service has nothing to back up: lose a machine, start another, done.
// A stateful one holds data that exists nowhere else, so it needs backups, and a
// backup is only worth something if it can be restored, including the day it comes
// back damaged. This exercise is that part of the cost of state.
//
// Your task: write `snapshot`, which turns the registry into text, and `restore`,
// which turns such a text back into a registry. The format is fixed:
//
//     registry v1          the header, exactly this
//     36,ada               one line per employee: age, a comma, the escaped name,
//     85,grace             sorted by name, so equal registries give equal text
//     end 2                the number of employee lines, which shows the end was reached
//
// Every line ends with a newline, the last one too. Names can hold anything, so
// `escape` (given below) writes `\` as `\\`, a newline as `\n` and a carriage return
// as `\r`; commas stay as they are, because the age before the first comma never
// holds one. `unescape` undoes it.
//
// `restore` must never panic. When the text is not a valid snapshot it returns a
// `SnapshotError` saying which line (counting from 1) is wrong and what is wrong with
// it, checking in this order:
//   - line 1 is not exactly `registry v1` (an empty text too)  -> `BadHeader`
//   - a line that starts with `end` is the end line, the last line. It must be exactly
//     `end`, one space, and the number of employee lines before it, as
//     `str::parse::<usize>` reads it; anything else (`end`, `end  2` with two spaces,
//     `end two`, a wrong number)                                -> `WrongCount`
//   - any line after the `end` line, even an empty one         -> `TextAfterEnd`
//   Every other line after the header is an employee line:
//   - an employee line without a comma (an empty line too)     -> `MissingComma`
//   - the text before the first comma is not a `u32` as
//     `str::parse::<u32>` reads it (so no spaces around it)    -> `BadAge(that text)`
//   - the name does not unescape                               -> `BadEscape`
//   - a name that an earlier line already had                  -> `DuplicateName(name)`
//   - the text stops before any `end` line: it was cut short   -> `MissingEnd`, on the
//     line number where `end` was expected (one past the last line)
// Windows line ends (`\r\n`) and a missing final newline are accepted (`str::lines`
// does both).

use std::collections::BTreeMap;
use std::fmt;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Registry {
    ages: BTreeMap<String, u32>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    BadHeader,
    WrongCount,
    TextAfterEnd,
    MissingComma,
    BadAge(String),
    BadEscape,
    DuplicateName(String),
    MissingEnd,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnapshotError {
    /// The line where the snapshot went wrong, counting from 1.
    pub line: usize,
    pub problem: Problem,
}

impl fmt::Display for SnapshotError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "snapshot line {}: ", self.line)?;
        match &self.problem {
            Problem::BadHeader => write!(f, "expected the header `registry v1`"),
            Problem::WrongCount => write!(f, "the `end` line does not count the employee lines"),
            Problem::TextAfterEnd => write!(f, "text after the `end` line"),
            Problem::MissingComma => write!(f, "expected `age,name`"),
            Problem::BadAge(age) => write!(f, "`{age}` is not an age"),
            Problem::BadEscape => {
                write!(f, "a `\\` in the name must be followed by `\\`, `n` or `r`")
            }
            Problem::DuplicateName(name) => write!(f, "`{name}` appears twice"),
            Problem::MissingEnd => write!(f, "the snapshot stops before its `end` line"),
        }
    }
}

impl std::error::Error for SnapshotError {}

impl Registry {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn register(&mut self, name: &str, age: u32) {
        self.ages.insert(name.to_string(), age);
    }

    pub fn age_of(&self, name: &str) -> Option<u32> {
        self.ages.get(name).copied()
    }

    pub fn len(&self) -> usize {
        self.ages.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ages.is_empty()
    }

    /// The whole registry as text, in the format described at the top.
    pub fn snapshot(&self) -> String {
        todo!()
    }

    /// The registry a snapshot describes, or where and why the text is not one.
    pub fn restore(text: &str) -> Result<Registry, SnapshotError> {
        todo!()
    }
}

// ----- provided: you do not need to change this -----
/// Makes a name fit on one line: `\` -> `\\`, newline -> `\n`, carriage return -> `\r`.
fn escape(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            other => out.push(other),
        }
    }
    out
}

/// The reverse of `escape`; `None` if a `\` is followed by anything else, or by nothing.
fn unescape(field: &str) -> Option<String> {
    let mut out = String::with_capacity(field.len());
    let mut chars = field.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next()? {
                '\\' => out.push('\\'),
                'n' => out.push('\n'),
                'r' => out.push('\r'),
                _ => return None,
            }
        } else {
            out.push(c);
        }
    }
    Some(out)
}
// ----- your code -----

// ===== TESTS: the specification. Edit only above this line. =====
#[cfg(test)]
mod tests {
    use super::*;

    fn registry_of(employees: &[(&str, u32)]) -> Registry {
        let mut registry = Registry::new();
        for (name, age) in employees {
            registry.register(name, *age);
        }
        registry
    }

    fn error_of(text: &str) -> SnapshotError {
        match Registry::restore(text) {
            Ok(registry) => {
                panic!("{text:?} is not a valid snapshot, yet it restored {registry:?}")
            }
            Err(error) => error,
        }
    }

    fn at(line: usize, problem: Problem) -> SnapshotError {
        SnapshotError { line, problem }
    }

    #[test]
    fn an_empty_registry_is_a_header_and_an_end_line() {
        assert_eq!(Registry::new().snapshot(), "registry v1\nend 0\n");
    }

    #[test]
    fn employees_are_written_one_per_line_sorted_by_name() {
        let registry = registry_of(&[("grace", 85), ("ada", 36), ("alan", 41)]);
        assert_eq!(
            registry.snapshot(),
            "registry v1\n36,ada\n41,alan\n85,grace\nend 3\n",
            "age,name lines in name order, then the count"
        );
    }

    #[test]
    fn names_with_backslashes_and_line_breaks_are_escaped_commas_are_not() {
        let registry = registry_of(&[("a\\b\nc\r", 5), ("Hopper, Grace", 85)]);
        assert_eq!(
            registry.snapshot(),
            "registry v1\n85,Hopper, Grace\n5,a\\\\b\\nc\\r\nend 2\n",
            "each name must stay on its own line"
        );
    }

    #[test]
    fn restoring_a_snapshot_gives_back_the_same_registry() {
        let registry = registry_of(&[
            ("ada", 36),
            ("", 0),
            ("end 1", 7),
            ("Zoë, née O'Brien", u32::MAX),
            ("two\nlines", 22),
            ("back\\slash\\n", 33),
        ]);
        let restored = Registry::restore(&registry.snapshot());
        assert_eq!(
            restored,
            Ok(registry),
            "snapshot then restore must change nothing"
        );
    }

    #[test]
    fn windows_line_ends_and_a_missing_final_newline_are_accepted() {
        let expected = registry_of(&[("ada", 36)]);
        assert_eq!(
            Registry::restore("registry v1\r\n36,ada\r\nend 1\r\n"),
            Ok(expected.clone())
        );
        assert_eq!(
            Registry::restore("registry v1\n36,ada\nend 1"),
            Ok(expected)
        );
    }

    #[test]
    fn a_wrong_or_missing_header_is_reported_on_line_1() {
        assert_eq!(
            error_of(""),
            at(1, Problem::BadHeader),
            "an empty text is no snapshot"
        );
        assert_eq!(
            error_of("registry v2\nend 0\n"),
            at(1, Problem::BadHeader),
            "an unknown version"
        );
        assert_eq!(
            error_of("36,ada\nend 1\n"),
            at(1, Problem::BadHeader),
            "no header at all"
        );
    }

    #[test]
    fn a_damaged_employee_line_is_reported_with_its_number() {
        assert_eq!(
            error_of("registry v1\n36,ada\n41 alan\nend 2\n"),
            at(3, Problem::MissingComma)
        );
        assert_eq!(
            error_of("registry v1\n36,ada\nforty,alan\nend 2\n"),
            at(3, Problem::BadAge("forty".to_string()))
        );
        assert_eq!(
            error_of("registry v1\n-1,ada\nend 1\n"),
            at(2, Problem::BadAge("-1".to_string())),
            "ages are never negative"
        );
        assert_eq!(
            error_of("registry v1\n36,a\\da\nend 1\n"),
            at(2, Problem::BadEscape)
        );
    }

    #[test]
    fn a_name_written_twice_is_reported_where_it_repeats() {
        assert_eq!(
            error_of("registry v1\n36,ada\n41,alan\n37,ada\nend 3\n"),
            at(4, Problem::DuplicateName("ada".to_string())),
            "one of the two ages of ada would be silently lost"
        );
    }

    #[test]
    fn the_end_line_must_count_the_employees_and_be_last() {
        assert_eq!(
            error_of("registry v1\n36,ada\nend 2\n"),
            at(3, Problem::WrongCount)
        );
        assert_eq!(
            error_of("registry v1\n36,ada\nend\n"),
            at(3, Problem::WrongCount),
            "an end line without its count"
        );
        assert_eq!(
            error_of("registry v1\n36,ada\nend  1\n"),
            at(3, Problem::WrongCount),
            "exactly one space between `end` and the count"
        );
        assert_eq!(
            error_of("registry v1\n36,ada\nend one\n"),
            at(3, Problem::WrongCount),
            "the count is a number"
        );
        assert_eq!(
            error_of("registry v1\nend 0\n36,ada\n"),
            at(3, Problem::TextAfterEnd)
        );
        assert_eq!(
            error_of("registry v1\nend 0\n\n"),
            at(3, Problem::TextAfterEnd),
            "an empty line after the end line is text after the end too"
        );
    }

    #[test]
    fn a_snapshot_cut_short_is_reported_where_its_end_should_be() {
        assert_eq!(error_of("registry v1\n"), at(2, Problem::MissingEnd));
        assert_eq!(
            error_of("registry v1\n36,ada\n41,alan\n"),
            at(4, Problem::MissingEnd)
        );
    }

    #[test]
    fn a_snapshot_cut_anywhere_is_never_taken_for_a_good_one() {
        let registry = registry_of(&[("ada", 36), ("alan", 41), ("grace\\", 85), ("linus", 28)]);
        let text = registry.snapshot();
        for (cut, _) in text.char_indices() {
            let cut_text = &text[..cut];
            if cut == text.len() - 1 {
                continue; // only the final newline is missing: that is still complete
            }
            assert!(
                Registry::restore(cut_text).is_err(),
                "the snapshot cut after {cut} bytes was accepted: {cut_text:?}"
            );
        }
    }

    #[test]
    fn errors_say_the_line_when_displayed() {
        let message = error_of("registry v1\n36,ada\nforty,alan\nend 2\n").to_string();
        assert!(
            message.contains("line 3"),
            "the message should name line 3: {message}"
        );
    }
}
