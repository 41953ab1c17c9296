//! Reading what libtest reported. Results come from its log file (`--logfile`), which only the
//! harness writes; the test binary's stdout, which the code under test shares, is read only for
//! the failure messages shown to the learner, never for a result.
//!
//! The log holds one line per finished test: `ok NAME`, `failed NAME`, `failed: MESSAGE NAME`,
//! `ignored NAME` or `ignored: MESSAGE NAME`, where NAME is the test's path (no spaces). A
//! failure message quotes any text of the code's with `{:?}`, so it never holds a raw newline
//! that could start a line of its own.

use std::collections::BTreeMap;

/// One test's result as the harness logged it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TestResult {
    Ok,
    Failed,
    Ignored,
}

/// The results of one run, from the harness's log.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Log {
    /// Result by full test path (`exercise::tests::name`).
    pub results: BTreeMap<String, TestResult>,
    /// Test paths logged more than once: the log cannot be trusted.
    pub repeated: Vec<String>,
}

/// Reads a log file's text. A failure with a message (`failed: ...`) may span lines; its test's
/// name is the last word of its last line. Every test path has a `::` (the runner puts even its
/// sentinel in a module), which no other last word of a line can have. No other result spans
/// lines: an `ignored: MESSAGE` line carries the learner's `#[ignore = ".."]` text raw, so a
/// line that starts a result and ends in no test path is not one, and is skipped (carried over,
/// its `ok` would become the next line's result).
pub fn parse_log(log: &str) -> Log {
    let mut parsed = Log::default();
    let mut pending: Option<TestResult> = None;
    for line in log.lines() {
        let line = line.trim_end();
        let Some(result) = pending.or_else(|| result_of(line)) else {
            continue;
        };
        let name = line.rsplit(' ').next().unwrap_or("");
        if !is_test_path(name) {
            if pending.is_some() || line.starts_with("failed:") {
                pending = Some(result);
            }
            continue;
        }
        pending = None;
        if parsed.results.insert(name.to_owned(), result).is_some() {
            parsed.repeated.push(name.to_owned());
        }
    }
    parsed
}

/// The result a log line starts, if it starts one.
fn result_of(line: &str) -> Option<TestResult> {
    let word = line.split([' ', ':']).next()?;
    match word {
        "ok" => Some(TestResult::Ok),
        "failed" => Some(TestResult::Failed),
        "ignored" => Some(TestResult::Ignored),
        _ => None,
    }
}

fn is_test_path(name: &str) -> bool {
    name.contains("::")
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
}

/// The captured output of each failed test (its panic message, mostly), from libtest's default
/// ("pretty") stdout: `---- NAME stdout ----` sections. For display only.
pub fn failure_messages(stdout: &str) -> BTreeMap<String, String> {
    let mut messages = BTreeMap::new();
    let mut current: Option<(String, Vec<&str>)> = None;
    for line in stdout.lines() {
        if let Some(name) = line
            .strip_prefix("---- ")
            .and_then(|rest| rest.strip_suffix(" stdout ----"))
        {
            if let Some((name, lines)) = current.take() {
                messages.insert(name, lines.join("\n"));
            }
            current = Some((name.to_owned(), Vec::new()));
            continue;
        }
        if let Some((_, lines)) = current.as_mut() {
            // The failures section ends with a blank line followed by "failures:".
            if line == "failures:" || line.starts_with("test result:") {
                let (name, lines) = current.take().expect("just matched");
                messages.insert(name, lines.join("\n"));
            } else {
                lines.push(line);
            }
        }
    }
    if let Some((name, lines)) = current {
        messages.insert(name, lines.join("\n"));
    }
    for message in messages.values_mut() {
        *message = tidy_message(message);
    }
    messages
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

#[cfg(test)]
mod tests {
    use super::*;

    const STDOUT: &str = "
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
    fn reads_failure_messages_from_stdout() {
        let messages = failure_messages(STDOUT);
        let message = &messages["exercise::tests::two"];
        assert!(
            message.starts_with("panicked at src/x.rs:3:5:"),
            "{message}"
        );
        assert!(message.contains("left: 1"));
        assert!(!message.contains("RUST_BACKTRACE"));
    }

    #[test]
    fn reads_every_kind_of_log_line() {
        let log = parse_log(
            "ok a::one\nfailed a::two\nignored a::three\nfailed: panic did not contain expected string\n      panic message: \"x\"\n expected substring: \"y\" a::four\nignored: slow a::five\n",
        );
        assert_eq!(log.results["a::one"], TestResult::Ok);
        assert_eq!(log.results["a::two"], TestResult::Failed);
        assert_eq!(log.results["a::three"], TestResult::Ignored);
        assert_eq!(log.results["a::four"], TestResult::Failed);
        assert_eq!(log.results["a::five"], TestResult::Ignored);
        assert_eq!(log.results.len(), 5, "{log:?}");
        assert!(log.repeated.is_empty());
    }

    #[test]
    fn a_learners_ignore_message_cannot_carry_a_result_to_the_next_line() {
        // `#[test] #[ignore = "a::b\nok zzz"] fn \u{f1}() {}`: libtest logs the message raw, and
        // the name (not ASCII) is no test path, so the `ok` line ends in none.
        let log = parse_log("ignored: a::b\nok zzz a::\u{f1}\nfailed a::hidden\nok a::next\n");
        assert_eq!(log.results["a::hidden"], TestResult::Failed);
        assert_eq!(log.results["a::next"], TestResult::Ok);
        let log = parse_log("ignored: zzz a::\u{f1}\nfailed a::hidden\n");
        assert_eq!(log.results["a::hidden"], TestResult::Failed);
    }

    #[test]
    fn a_test_logged_twice_is_noticed() {
        let log = parse_log("ok a::b\nok a::b\n");
        assert_eq!(log.repeated, ["a::b"]);
    }
}
