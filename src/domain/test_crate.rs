//! What gets compiled, decided without touching the machine: the learner's code is split at the
//! marker, the course's provided sections are put back, the gate reads it, and the module is
//! assembled from that code and the course's own tests (and, when grading, its hidden tests).
//! One path for `run`, `check`, watch, `verify` and `grade`, so a learner meets the same rules
//! at once that grading applies.
//!
//! The crate root holds a sentinel test whose name carries a nonce; the learner's module is
//! compiled from a file beside it. Nothing secret is in a name the code can see (`file!()` and
//! `module_path!()` show only `<name>.rs` and `exercise_tests::<name>`).

use super::course::{source, Allowance, Exercise};
use super::gate::{self, Allow, CourseSide, Inspection};
use super::verdict::{Checked, Expected, Reason, Rejection, Verdict};

/// A learner's (or the course's) file for an exercise, to check.
#[derive(Debug, Clone, Copy)]
pub struct Submitted<'a> {
    pub exercise: &'a Exercise,
    pub bytes: &'a [u8],
    /// Add the course's hidden grading tests (grading and `verify`).
    pub with_grading: bool,
}

/// What to do with a submitted file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Prepared {
    /// Compile `text` as a module of the test crate; it must report `tests`.
    Module {
        text: String,
        tests: Vec<String>,
        tampered: bool,
    },
    /// Decided without compiling anything.
    Decided { verdict: Verdict, tampered: bool },
    /// The gate's parser cannot read the code. Compile `visible_only` (the code with the visible
    /// tests only: nothing secret) to show rustc's own errors; if rustc accepts it, the code is
    /// rejected, since nothing checked it.
    Unreadable {
        visible_only: String,
        rejection: Rejection,
        tampered: bool,
    },
}

impl Prepared {
    /// The verdict, when one was reached without compiling.
    pub fn decided(&self) -> Option<Checked> {
        match self {
            Prepared::Decided { verdict, tampered } => Some(Checked {
                verdict: verdict.clone(),
                tampered: *tampered,
            }),
            _ => None,
        }
    }
}

/// Prepares a submitted file for compiling (or decides it).
pub fn prepare(submitted: Submitted<'_>) -> Prepared {
    let exercise = submitted.exercise;
    let Ok(text) = std::str::from_utf8(submitted.bytes) else {
        return not_utf8();
    };
    let stub_code = source::split(&exercise.stub)
        .expect("a loaded exercise has its marker")
        .code;
    let (code, tests_edited) = match source::split(text) {
        Some(split) => (
            split.code,
            !source::same_tests(split.tests, exercise.test_block()),
        ),
        None => (text, true),
    };
    let (code, provided_edited) = match source::with_course_provided(code, stub_code) {
        Ok(joined) => joined,
        Err(source::Misaligned) => return misaligned(exercise),
    };
    let tampered = tests_edited || provided_edited;
    let grading = exercise
        .grading
        .as_deref()
        .filter(|_| submitted.with_grading);
    let mut blocks = vec![exercise.test_block()];
    blocks.extend(grading);
    let course = CourseSide {
        stub_code,
        tests: &blocks,
    };
    let inspection = gate::inspect(&code, &course, &allowances(exercise));
    let gated = Gated {
        exercise,
        code: &code,
        blocks: &blocks,
        with_grading: grading.is_some(),
        tampered,
    };
    gated.prepared(inspection)
}

/// A file that is not UTF-8 cannot be Rust: a compile error, decided without rustc.
fn not_utf8() -> Prepared {
    Prepared::Decided {
        verdict: Verdict::CompileError {
            diagnostics: "error: the file is not UTF-8 text, so it cannot be Rust source"
                .to_owned(),
        },
        tampered: false,
    }
}

/// The lines that mark the course's provided sections were moved or deleted, so the course's
/// code cannot be put back: rejected, and `reset` is the way back.
fn misaligned(exercise: &Exercise) -> Prepared {
    Prepared::Decided {
        verdict: Verdict::Rejected {
            reasons: vec![Rejection {
                line: 1,
                column: 1,
                reason: Reason::ProvidedSections,
                message: format!(
                    "the lines `{}` and `{}` that mark the course's provided code were \
                     moved or deleted, so the course's code cannot be put back; \
                     `statelings reset {}` restores the file (yours is kept as a backup)",
                    source::PROVIDED,
                    source::YOUR_CODE,
                    exercise.name
                ),
            }],
        },
        tampered: true,
    }
}

/// What the gate lets an exercise use beyond its defaults.
fn allowances(exercise: &Exercise) -> Vec<Allow> {
    exercise
        .allow
        .iter()
        .map(|allowance| match allowance {
            Allowance::Threads => Allow::Threads,
        })
        .collect()
}

/// A submitted file once the course's sections are back in it, ready for the gate's answer.
struct Gated<'a> {
    exercise: &'a Exercise,
    /// The learner's code with the course's provided sections.
    code: &'a str,
    /// The course's test blocks: the visible ones, then the hidden ones when grading.
    blocks: &'a [&'a str],
    with_grading: bool,
    tampered: bool,
}

impl Gated<'_> {
    /// The module to compile if the gate allows the code; otherwise its verdict, or the
    /// visible-only module that shows rustc's errors for code the gate cannot read.
    fn prepared(&self, inspection: Inspection) -> Prepared {
        let (exercise, tampered) = (self.exercise, self.tampered);
        match inspection {
            Inspection::Allowed => {
                let mut tests = exercise.tests.clone();
                if self.with_grading {
                    tests.extend(exercise.grading_tests.iter().cloned());
                }
                Prepared::Module {
                    text: module_text(self.code, self.blocks),
                    tests,
                    tampered,
                }
            }
            Inspection::Refused(refusals) => Prepared::Decided {
                verdict: Verdict::Rejected {
                    reasons: refusals.iter().map(Rejection::from).collect(),
                },
                tampered,
            },
            Inspection::Unreadable {
                line,
                column,
                message,
            } => Prepared::Unreadable {
                visible_only: module_text(self.code, &[exercise.test_block()]),
                rejection: Rejection {
                    line,
                    column,
                    reason: Reason::Unreadable,
                    message: format!(
                        "the gate could not read this code ({message}), and rustc accepts it, so \
                         nothing checked it; write it in the plain Rust the exercises use"
                    ),
                },
                tampered,
            },
        }
    }
}

/// The learner's code followed by the course's test blocks.
fn module_text(code: &str, blocks: &[&str]) -> String {
    let mut text =
        String::with_capacity(code.len() + blocks.iter().map(|b| b.len() + 1).sum::<usize>());
    text.push_str(code);
    for block in blocks {
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(block);
    }
    text
}

/// The sentinel test's full path for a nonce: in a module, like every test path.
pub fn sentinel(nonce: u64) -> String {
    format!("statelings_sentinel::nonce_{nonce:016x}")
}

/// The crate root: each module compiled from the file `<name>.rs` beside it, and the sentinel.
pub fn root(modules: &[Expected], sentinel: &str) -> String {
    let mut root = String::new();
    for module in modules {
        root.push_str(&format!("#[path = \"{0}.rs\"]\nmod {0};\n", module.module));
    }
    let (module, function) = sentinel.split_once("::").expect("a sentinel has a module");
    root.push_str(&format!(
        "\n#[cfg(test)]\nmod {module} {{\n    #[test]\n    fn {function}() {{}}\n}}\n"
    ));
    root
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_root_names_every_module_and_the_sentinel() {
        let modules = [Expected {
            module: "ex_a".to_owned(),
            tests: vec![],
        }];
        let root = root(&modules, &sentinel(255));
        assert!(root.contains("#[path = \"ex_a.rs\"]\nmod ex_a;"), "{root}");
        assert!(root.contains("mod statelings_sentinel {"), "{root}");
        assert!(root.contains("fn nonce_00000000000000ff()"), "{root}");
    }

    #[test]
    fn the_module_is_the_code_then_the_tests() {
        assert_eq!(
            module_text("fn a() {}", &["// tests\n", "// more\n"]),
            "fn a() {}\n// tests\n// more\n"
        );
    }
}
