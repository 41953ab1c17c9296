//! Reading what libtest reported, and deciding a verdict from it.
//!
//! Code under test shares stdout with the harness and could print lines that look like test
//! results. So a pass needs all of: the process exited 0; every expected test was reported `ok`
//! exactly once; and a sentinel test, whose name carries a random nonce the code cannot know,
//! was reported too (a process that ends early never gets that far).

use std::collections::BTreeMap;

/// One test's result as the harness printed it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TestResult {
    Ok,
    Failed,
    Ignored,
}

/// Everything read from one run of a test binary's stdout.
#[derive(Debug, Default)]
pub struct Report {
    /// Result by full test path (`exercise::tests::name`).
    pub results: BTreeMap<String, TestResult>,
    /// Test paths reported more than once: the output cannot be trusted.
    pub repeated: Vec<String>,
    /// The captured output of each failed test (its panic message, mostly).
    pub messages: BTreeMap<String, String>,
    /// Lines that start like a result line but are not one: output that collided with the
    /// harness's, so the report cannot be taken at its word.
    pub malformed: bool,
}

/// Parses libtest's default ("pretty") output.
pub fn parse(stdout: &str) -> Report {
    let mut report = Report::default();
    let mut current_message: Option<(String, Vec<&str>)> = None;
    for line in stdout.lines() {
        if let Some((name, result)) = result_line(line) {
            if report.results.insert(name.to_owned(), result).is_some() {
                report.repeated.push(name.to_owned());
            }
            continue;
        }
        if line.starts_with("test ") && !line.starts_with("test result: ") {
            report.malformed = true;
        }
        if let Some(name) = line
            .strip_prefix("---- ")
            .and_then(|rest| rest.strip_suffix(" stdout ----"))
        {
            if let Some((name, lines)) = current_message.take() {
                report.messages.insert(name, lines.join("\n"));
            }
            current_message = Some((name.to_owned(), Vec::new()));
            continue;
        }
        if let Some((_, lines)) = current_message.as_mut() {
            // The failures section ends with a blank line followed by "failures:".
            if line == "failures:" || line.starts_with("test result:") {
                let (name, lines) = current_message.take().expect("just matched");
                report.messages.insert(name, lines.join("\n"));
            } else {
                lines.push(line);
            }
        }
    }
    if let Some((name, lines)) = current_message {
        report.messages.insert(name, lines.join("\n"));
    }
    for message in report.messages.values_mut() {
        *message = tidy_message(message);
    }
    report
}

/// Drops what helps no learner: the thread's name and id, and the backtrace note.
fn tidy_message(message: &str) -> String {
    message
        .lines()
        .filter(|line| !line.starts_with("note: run with `RUST_BACKTRACE=1`"))
        .map(
            |line| match (line.strip_prefix("thread '"), line.find(" panicked at ")) {
                (Some(_), Some(idx)) => &line[idx + 1..],
                _ => line,
            },
        )
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_owned()
}

/// `test NAME ... ok` and friends.
fn result_line(line: &str) -> Option<(&str, TestResult)> {
    let rest = line.strip_prefix("test ")?;
    let (name, outcome) = rest.split_once(" ... ")?;
    let name = name.strip_suffix(" - should panic").unwrap_or(name);
    let result = match outcome.trim_end() {
        "ok" => TestResult::Ok,
        "FAILED" => TestResult::Failed,
        outcome if outcome.starts_with("ignored") => TestResult::Ignored,
        _ => return None,
    };
    (!name.contains(' ')).then_some((name, result))
}

#[cfg(test)]
mod tests {
    use super::*;

    const OUTPUT: &str = "
running 3 tests
test exercise::tests::one ... ok
test exercise::tests::two ... FAILED
test sentinel_1 ... ok

failures:

---- exercise::tests::two stdout ----

thread 'exercise::tests::two' panicked at src/x.rs:3:5:
assertion `left == right` failed
  left: 1
 right: 2
note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace


failures:
    exercise::tests::two

test result: FAILED. 2 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s
";

    #[test]
    fn reads_results_and_failure_messages() {
        let report = parse(OUTPUT);
        assert_eq!(report.results["exercise::tests::one"], TestResult::Ok);
        assert_eq!(report.results["exercise::tests::two"], TestResult::Failed);
        let message = &report.messages["exercise::tests::two"];
        assert!(
            message.starts_with("panicked at src/x.rs:3:5:"),
            "{message}"
        );
        assert!(message.contains("left: 1"));
        assert!(!message.contains("RUST_BACKTRACE"));
        assert!(report.repeated.is_empty());
    }

    #[test]
    fn should_panic_tests_are_read_by_their_name() {
        let report = parse("test a::b - should panic ... ok\n");
        assert_eq!(report.results["a::b"], TestResult::Ok);
    }

    #[test]
    fn a_test_reported_twice_is_noticed() {
        let report = parse("test a::b ... ok\ntest a::b ... ok\n");
        assert_eq!(report.repeated, ["a::b"]);
    }
}
