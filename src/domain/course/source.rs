//! Reading an exercise's source text: where the learner's part ends (the marker line), which
//! parts of it are the course's (provided sections), which tests the test block declares, and
//! whether two pieces of code say the same thing (compared token by token, so reformatting,
//! blank lines and comments are not changes).
//!
//! Test names are read from the course's own copy of a test block, never from a learner's file,
//! so the runner knows which tests must be reported as passed before an exercise counts.

use proc_macro2::{TokenStream, TokenTree};

/// The line that separates the learner's code from the tests that specify it.
pub const MARKER: &str = "// ===== TESTS: the specification. Edit only above this line. =====";

/// The line that opens a section of code the course provides (the learner must not change it).
pub const PROVIDED: &str = "// ----- provided: you do not need to change this -----";

/// The line that closes a provided section (the marker line closes one too).
pub const YOUR_CODE: &str = "// ----- your code -----";

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

/// Whether two pieces of Rust say the same thing: the same tokens in the same order (layout,
/// comments and trailing commas a formatter moves aside; see `tokens`). Text that does not
/// tokenise is compared line by line, trailing spaces and blank lines aside.
pub fn same_code(left: &str, right: &str) -> bool {
    match (tokens(left), tokens(right)) {
        (Some(left), Some(right)) => left == right,
        _ => {
            let lines = |text: &str| -> Vec<String> {
                text.lines()
                    .map(|line| line.trim_end().to_owned())
                    .filter(|line| !line.is_empty())
                    .collect()
            };
            lines(left) == lines(right)
        }
    }
}

/// The tokens of some Rust as comparable strings; `None` if it does not tokenise. Comments are
/// not tokens (doc comments are kept, as `#[doc]` attributes), and a comma right before a
/// closing bracket is dropped, since formatters add and remove those.
fn tokens(text: &str) -> Option<Vec<String>> {
    let stream: TokenStream = text.parse().ok()?;
    let mut out = Vec::new();
    flatten(stream, &mut out);
    Some(out)
}

fn flatten(stream: TokenStream, out: &mut Vec<String>) {
    let trees: Vec<TokenTree> = stream.into_iter().collect();
    for (idx, tree) in trees.iter().enumerate() {
        match tree {
            TokenTree::Group(group) => {
                let (open, close) = match group.delimiter() {
                    proc_macro2::Delimiter::Parenthesis => ("(", ")"),
                    proc_macro2::Delimiter::Brace => ("{", "}"),
                    proc_macro2::Delimiter::Bracket => ("[", "]"),
                    proc_macro2::Delimiter::None => ("", ""),
                };
                out.push(open.to_owned());
                flatten(group.stream(), out);
                out.push(close.to_owned());
            }
            TokenTree::Punct(punct) if punct.as_char() == ',' && idx + 1 == trees.len() => {}
            other => out.push(other.to_string()),
        }
    }
}

/// Whether two test blocks say the same thing (see `same_code`).
pub fn same_tests(left: &str, right: &str) -> bool {
    same_code(left, right)
}

/// The code above the marker cut into pieces: the learner's, and the provided sections between
/// `PROVIDED` and `YOUR_CODE` lines (each provided piece includes its opening line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece<'a> {
    Learner(&'a str),
    Provided(&'a str),
}

/// Cuts `code` into learner and provided pieces; `None` when a provided section is not closed
/// or a closing line has no opening (markers the learner moved or deleted).
pub fn pieces(code: &str) -> Option<Vec<Piece<'_>>> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut in_provided = false;
    let mut offset = 0;
    for line in code.split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed == PROVIDED {
            if in_provided {
                return None;
            }
            pieces.push(Piece::Learner(&code[start..offset]));
            start = offset;
            in_provided = true;
        } else if trimmed == YOUR_CODE {
            if !in_provided {
                return None;
            }
            pieces.push(Piece::Provided(&code[start..offset]));
            start = offset;
            in_provided = false;
        }
        offset += line.len();
    }
    // The marker line closes a provided section that runs to the end of the code.
    pieces.push(if in_provided {
        Piece::Provided(&code[start..])
    } else {
        Piece::Learner(&code[start..])
    });
    Some(pieces)
}

/// The learner's provided sections do not line up with the course's: their marker lines were
/// moved, deleted or added.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Misaligned;

/// The learner's code with every provided section replaced by the course's own text, and
/// whether any of them differed (by tokens) from the course's.
pub fn with_course_provided(learner: &str, course: &str) -> Result<(String, bool), Misaligned> {
    let theirs = pieces(learner).ok_or(Misaligned)?;
    let ours = pieces(course).ok_or(Misaligned)?;
    let provided = |pieces: &[Piece<'_>]| {
        pieces
            .iter()
            .filter(|piece| matches!(piece, Piece::Provided(_)))
            .count()
    };
    if provided(&theirs) != provided(&ours) || theirs.len() != ours.len() {
        return Err(Misaligned);
    }
    let mut out = String::with_capacity(learner.len());
    let mut edited = false;
    for (their, our) in theirs.iter().zip(&ours) {
        match (their, our) {
            (Piece::Learner(text), Piece::Learner(_)) => out.push_str(text),
            (Piece::Provided(text), Piece::Provided(course_text)) => {
                edited |= !same_code(text, course_text);
                out.push_str(course_text);
                if !course_text.ends_with('\n') && !course_text.is_empty() {
                    out.push('\n');
                }
            }
            _ => return Err(Misaligned),
        }
    }
    Ok((out, edited))
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
    fn layout_comments_and_trailing_commas_are_not_changes() {
        assert!(same_tests("a\nb  \n", "a\r\nb\r\n\r\n"));
        assert!(!same_tests("a\nb\n", "a\nc\n"));
        let original = "#[test]\nfn one() {\n    assert_eq!(add(1, 2), 3, \"one plus two\");\n}\n";
        let reformatted =
            "#[test] fn one() { assert_eq!(\n  add(1,2),\n  3,\n  \"one plus two\", // sum\n); }";
        assert!(same_tests(original, reformatted));
        let changed = "#[test] fn one() { assert_eq!(add(1, 2), 4, \"one plus two\"); }";
        assert!(!same_tests(original, changed));
        let comment_only = "#[test]\nfn one() {\n    // checked by hand\n    assert_eq!(add(1, 2), 3, \"one plus two\");\n}\n";
        assert!(same_tests(original, comment_only));
    }

    #[test]
    fn provided_sections_come_from_the_course() {
        let course = format!(
            "// task\n{PROVIDED}\npub struct Clock(u64);\n{YOUR_CODE}\npub fn f() {{ todo!() }}\n"
        );
        let honest = format!(
            "// task\n{PROVIDED}\npub struct Clock( u64 );\n{YOUR_CODE}\npub fn f() {{ 1 }}\n"
        );
        let (code, edited) = with_course_provided(&honest, &course).unwrap();
        assert!(!edited, "reformatting is not an edit");
        assert!(code.contains("pub struct Clock(u64);") && code.contains("pub fn f() { 1 }"));
        let cheat = format!(
            "// task\n{PROVIDED}\npub struct Clock(pub u64);\n{YOUR_CODE}\npub fn f() {{ 1 }}\n"
        );
        let (code, edited) = with_course_provided(&cheat, &course).unwrap();
        assert!(edited);
        assert!(
            code.contains("pub struct Clock(u64);"),
            "the course's text is used"
        );
        let moved = format!("// task\npub struct Clock(u64);\n{YOUR_CODE}\npub fn f() {{ 1 }}\n");
        assert_eq!(with_course_provided(&moved, &course), Err(Misaligned));
    }

    #[test]
    fn a_provided_section_may_run_to_the_marker() {
        let course = format!("fn mine() {{}}\n{PROVIDED}\nfn theirs() {{}}\n");
        let pieces = pieces(&course).unwrap();
        assert_eq!(pieces.len(), 2);
        assert!(matches!(pieces[1], Piece::Provided(text) if text.contains("theirs")));
    }
}
