//! The student edition: a repository that builds, runs and passes its own `cargo test` without
//! solutions, hidden grading tests or quiz answer keys, ready to be a GitHub Classroom template.
//! It keeps the learner's `workbook` in git (its `.gitignore` leaves out only build output), gives
//! feedback on every push from its own commands (`.github/workflows/statelings.yml`), ships the
//! runner's tests that need none of what it lacks (with the fixture course they run against), and
//! its README speaks only of what it has.

use super::{template, without_benches, File, RUNNER_FILES};
use crate::domain::course::{format, Course};
use crate::infra::error::Result;

/// The integration-test modules (`tests/cli/<name>.rs`) the edition ships: those that need no
/// solution of the real course, no hidden test, no answer key and no sandbox. `grade`, `verify`
/// (which proves the real course with its solutions) and `schemas` (which reads `docs/`) stay
/// in the full edition, as do the instructors' tests of the edition itself.
pub const SHIPPED_TESTS: &[&str] = &["learner", "quiz", "course", "snapshots", "tidy"];

/// Where the workflow goes in the edition.
pub const WORKFLOW: &str = ".github/workflows/statelings.yml";

const EDITION_NOTE: &str =
    "> **Student edition.** This copy of the course has no solutions, no grading \
tests and no quiz answer keys; your instructor grades your workbook with the full edition.\n\n";

/// The commands of the full README's table that the edition leaves out: they need what it lacks,
/// or are for instructors and authors.
const INSTRUCTOR_COMMANDS: &[&str] = &[
    "statelings solution",
    "statelings verify",
    "statelings grade",
    "statelings export",
];

/// Every file of the student edition.
pub fn edition(course: &Course) -> Result<Vec<File>> {
    let mut files = Vec::new();
    for (path, text) in RUNNER_FILES {
        let file = match *path {
            "README.md" => File::new(*path, readme(text)),
            ".gitignore" => File::new(*path, template("templates/classroom/gitignore")),
            "Cargo.toml" => File::new(*path, without_benches(text)),
            "tests/cli/main.rs" => File::new(*path, test_main(text)),
            path if path.starts_with("tests/") => match shipped_test(path) {
                true => File::new(path, *text),
                false => continue,
            },
            _ => File::new(*path, *text),
        };
        files.push(file);
    }
    files.push(File::new(
        WORKFLOW,
        template("templates/classroom/statelings.yml"),
    ));
    for (path, text) in course.files() {
        if path.starts_with("solutions/") {
            continue;
        }
        let text = if path.starts_with("quizzes/") && path.ends_with(".yaml") {
            format::without_answer_keys(path, text)?
        } else {
            text.clone()
        };
        files.push(File::new(path.as_str(), text));
    }
    Ok(files)
}

/// Whether a file under `tests/` goes into the edition: the fixture course, and the shipped
/// modules with their snapshots.
fn shipped_test(path: &str) -> bool {
    if path.starts_with("tests/fixtures/") {
        return true;
    }
    if let Some(snapshot) = path.strip_prefix("tests/cli/snapshots/") {
        // `cli__<module>__<name>.snap`
        return snapshot
            .split("__")
            .nth(1)
            .is_some_and(|module| SHIPPED_TESTS.contains(&module));
    }
    let Some(rest) = path.strip_prefix("tests/cli/") else {
        return false;
    };
    let module = rest
        .split('/')
        .next()
        .unwrap_or(rest)
        .trim_end_matches(".rs");
    SHIPPED_TESTS.contains(&module)
}

/// `tests/cli/main.rs` with only the shipped modules (its helpers for the others then go unused).
fn test_main(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut allowed = false;
    for line in text.lines() {
        if let Some(module) = line
            .strip_prefix("mod ")
            .and_then(|rest| rest.strip_suffix(';'))
        {
            if !SHIPPED_TESTS.contains(&module.trim()) {
                continue;
            }
        }
        if !allowed && !line.starts_with("//!") {
            out.push_str(
                "// The student edition ships the runner's tests that need nothing it lacks.\n\
                 #![allow(dead_code)]\n",
            );
            allowed = true;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The README for learners: the full one's introduction, set-up, how a learner works and the
/// commands they have, then how to hand in work; nothing for instructors or contributors.
fn readme(full: &str) -> String {
    let mut out = String::from(EDITION_NOTE);
    let mut keep = true;
    for line in full.lines() {
        if let Some(heading) = line.strip_prefix("## ") {
            keep = matches!(
                heading.trim(),
                "Set up" | "How a learner works" | "Commands"
            );
        }
        if !keep
            || INSTRUCTOR_COMMANDS
                .iter()
                .any(|command| line.contains(command))
        {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    // The exit codes speak of `verify` too, which finds nothing to prove without solutions.
    let verify = regex::Regex::new(r",\s+verify\s+found\s+problems").expect("a valid pattern");
    let mut out = verify.replace_all(&out, "").into_owned();
    while out.ends_with("\n\n") {
        out.pop();
    }
    out.push('\n');
    out.push_str(template("templates/classroom/handing-in.md"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_shipped_modules_their_snapshots_and_the_fixture_go_in() {
        assert!(shipped_test("tests/cli/learner.rs"));
        assert!(shipped_test("tests/cli/quiz/verify.rs"));
        assert!(shipped_test(
            "tests/cli/snapshots/cli__snapshots__help.snap"
        ));
        assert!(shipped_test(
            "tests/fixtures/course/exercises/01_basics/info.yaml"
        ));
        assert!(!shipped_test("tests/cli/grade.rs"));
        assert!(!shipped_test("tests/cli/snapshots/cli__reports__csv.snap"));
        assert!(!shipped_test("tests/bench/speed.rs"));
    }

    #[test]
    fn the_test_main_keeps_the_shipped_modules_and_allows_unused_helpers() {
        let main = "//! Tests.\n//! More.\n\nmod course;\nmod grade;\nmod learner;\n\nuse x;\n";
        assert_eq!(
            test_main(main),
            "//! Tests.\n//! More.\n// The student edition ships the runner's tests that need \
             nothing it lacks.\n#![allow(dead_code)]\n\nmod course;\nmod learner;\n\nuse x;\n"
        );
    }

    #[test]
    fn the_readme_keeps_what_learners_have() {
        let full = "# statelings\n\nIntro.\n\n## Set up\n\n`cargo test`\n\n## Commands\n\n| `statelings run NAME` | runs |\n| `statelings solution NAME` | shows |\n\n1 a negative result (a quiz was failed, verify\nfound problems), 2 ...\n\n## For instructors\n\nstatelings grade\n\n## For contributors\n\n`bash .ci/run`, `cargo bench`\n";
        let readme = readme(full);
        assert!(readme.starts_with(EDITION_NOTE), "{readme}");
        assert!(readme.contains("## Set up") && readme.contains("statelings run NAME"));
        for gone in [
            "statelings solution",
            "verify",
            "For instructors",
            ".ci/run",
            "cargo bench",
            "statelings grade",
        ] {
            assert!(!readme.contains(gone), "{gone} in:\n{readme}");
        }
        assert!(readme.contains("## Handing in your work"), "{readme}");
    }
}
