//! Reading an exercise's source text: where the learner's part ends (the marker line) and which
//! tests the test block declares.
//!
//! Test names are read from the course's own copy of a test block, never from a learner's file,
//! so the runner knows which tests must be reported as passed before an exercise counts.

/// The line that separates the learner's code from the tests that specify it.
pub const MARKER: &str = "// ===== TESTS: the specification. Edit only above this line. =====";

/// A source file split at the marker line. `tests` starts with the marker line itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split<'a> {
    pub code: &'a str,
    pub tests: &'a str,
}

/// Splits at the first line that is exactly the marker (ignoring trailing spaces and `\r`).
pub fn split(source: &str) -> Option<Split<'_>> {
    let mut offset = 0;
    for line in source.split_inclusive('\n') {
        if line.trim_end() == MARKER {
            return Some(Split {
                code: &source[..offset],
                tests: &source[offset..],
            });
        }
        offset += line.len();
    }
    None
}

/// Whether two test blocks say the same thing, ignoring line endings and trailing spaces, which
/// editors change without the learner meaning to.
pub fn same_tests(left: &str, right: &str) -> bool {
    left.lines()
        .map(str::trim_end)
        .filter(|line| !line.is_empty())
        .eq(right
            .lines()
            .map(str::trim_end)
            .filter(|line| !line.is_empty()))
}

/// The tests a block declares, as `module::function` paths relative to the file: each
/// `#[test]` attribute followed by `fn name`, inside the nearest enclosing `mod name`.
pub fn test_names(block: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut module: Option<&str> = None;
    let mut after_test_attribute = false;
    for line in block.lines() {
        let line = line.trim();
        if let Some(name) = item_name(line, "mod ") {
            module = Some(name);
        } else if line.starts_with("#[test]") {
            after_test_attribute = true;
        } else if after_test_attribute {
            if let Some(name) = item_name(line, "fn ") {
                names.push(match module {
                    Some(module) => format!("{module}::{name}"),
                    None => name.to_owned(),
                });
                after_test_attribute = false;
            }
        }
    }
    names
}

/// `name` from `fn name(` / `pub mod name {` style lines.
fn item_name<'a>(line: &'a str, keyword: &str) -> Option<&'a str> {
    let line = line.strip_prefix("pub ").unwrap_or(line);
    let line = line.strip_prefix("async ").unwrap_or(line);
    let rest = line.strip_prefix(keyword)?;
    let end = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    (end > 0).then(|| &rest[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_at_the_marker_line() {
        let source = format!("fn a() {{}}\n{MARKER}\nmod tests {{}}\n");
        let split = split(&source).unwrap();
        assert_eq!(split.code, "fn a() {}\n");
        assert!(split.tests.starts_with(MARKER));
    }

    #[test]
    fn no_marker_no_split() {
        assert_eq!(split("fn a() {}\n// ===== TESTS\n"), None);
    }

    #[test]
    fn reads_test_names_with_their_module() {
        let block = "#[cfg(test)]\nmod tests {\n    use super::*;\n\n    #[test]\n    fn one() {}\n\n    #[test]\n    #[should_panic]\n    fn two() {}\n\n    fn helper() {}\n}\n";
        assert_eq!(test_names(block), ["tests::one", "tests::two"]);
    }

    #[test]
    fn line_endings_and_trailing_spaces_do_not_count_as_edits() {
        assert!(same_tests("a\nb  \n", "a\r\nb\r\n\r\n"));
        assert!(!same_tests("a\nb\n", "a\nc\n"));
    }
}
