//! What checking an exercise concludes (`Verdict`), and how a finished test run is read into
//! one. Code under test shares stdout with the harness, so nothing here takes printed text at
//! its word: see `harness` for the rules, and `clean_run` for when one run of several
//! exercises may be read exercise by exercise.

use super::harness::{self, TestResult};
use super::process::{Limits, Outcome};
use super::Module;

/// What happened to one exercise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Passed {
        tests: usize,
    },
    Failed {
        passed: usize,
        total: usize,
        failures: Vec<Failure>,
        /// Something about the run as a whole: a crash, an early exit, too much output.
        problem: Option<String>,
    },
    CompileError {
        diagnostics: String,
    },
    TimedOut {
        seconds: u64,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// Relative to the file, e.g. `tests::empty_list_has_no_maximum`.
    pub test: String,
    pub message: String,
}

impl Verdict {
    pub fn passed(&self) -> bool {
        matches!(self, Verdict::Passed { .. })
    }

    /// A short lowercase word for lists and JSON.
    pub fn status(&self) -> &'static str {
        match self {
            Verdict::Passed { .. } => "passed",
            Verdict::Failed { .. } => "failed",
            Verdict::CompileError { .. } => "compile_error",
            Verdict::TimedOut { .. } => "timed_out",
        }
    }

    /// (tests passed, tests expected)
    pub fn counts(&self, expected: usize) -> (usize, usize) {
        match self {
            Verdict::Passed { tests } => (*tests, *tests),
            Verdict::Failed { passed, total, .. } => (*passed, *total),
            Verdict::CompileError { .. } | Verdict::TimedOut { .. } => (0, expected),
        }
    }
}

/// A checked exercise: the verdict, and whether the learner's test block differed from the
/// course's (it was checked against the course's regardless).
#[derive(Debug, Clone)]
pub struct Checked {
    pub verdict: Verdict,
    pub tampered: bool,
}

/// Decides a verdict from a finished test run; see the module docs of `harness` for why each
/// condition is needed.
pub(super) fn decide(
    outcome: &Outcome,
    module: &Module,
    sentinel: &str,
    limits: &Limits,
) -> Verdict {
    let expected = &module.expected;
    if outcome.timed_out {
        return Verdict::TimedOut {
            seconds: limits.wall.as_secs(),
        };
    }
    let report = harness::parse(&String::from_utf8_lossy(&outcome.stdout));
    let mut failures = Vec::new();
    let mut passed = 0;
    for test in expected {
        let full = format!("{}::{test}", module.name);
        match report.results.get(&full) {
            Some(TestResult::Ok) if !report.repeated.contains(&full) => passed += 1,
            Some(TestResult::Ok) => {}
            Some(TestResult::Failed) => failures.push(Failure {
                test: test.clone(),
                message: report.messages.get(&full).cloned().unwrap_or_default(),
            }),
            Some(TestResult::Ignored) => failures.push(Failure {
                test: test.clone(),
                message: "this test was ignored, so it did not pass".to_owned(),
            }),
            None => failures.push(Failure {
                test: test.clone(),
                message: "this test did not report a result".to_owned(),
            }),
        }
    }
    let sentinel_ran = report.results.get(sentinel) == Some(&TestResult::Ok);
    let problem = run_problem(outcome, sentinel_ran, &report.repeated, limits);
    if problem.is_none() && passed == expected.len() {
        return Verdict::Passed { tests: passed };
    }
    Verdict::Failed {
        passed,
        total: expected.len(),
        failures,
        problem,
    }
}

/// Whether one run of several exercises' tests can be read exercise by exercise: it ended on
/// its own (exit 0 or 101, nothing killed it), the sentinel ran, and every expected test of
/// every module was reported exactly once with no garbled result lines. Code that prints a
/// result for another exercise's test makes a repeat, so it cannot pass that way.
pub(super) fn clean_run(outcome: &Outcome, modules: &[Module], sentinel: &str) -> bool {
    if outcome.timed_out
        || outcome.overflowed
        || !matches!(outcome.status.and_then(|s| s.code()), Some(0 | 101))
    {
        return false;
    }
    let report = harness::parse(&String::from_utf8_lossy(&outcome.stdout));
    report.repeated.is_empty()
        && !report.malformed
        && report.results.get(sentinel) == Some(&TestResult::Ok)
        && modules.iter().all(|module| {
            module.expected.iter().all(|test| {
                report
                    .results
                    .contains_key(&format!("{}::{test}", module.name))
            })
        })
}

/// What went wrong with the run as a whole, if anything.
fn run_problem(
    outcome: &Outcome,
    sentinel_ran: bool,
    repeated: &[String],
    limits: &Limits,
) -> Option<String> {
    use std::os::unix::process::ExitStatusExt;

    if outcome.overflowed {
        return Some(format!(
            "the tests printed more than {} KiB of output, so they were stopped",
            limits.output_bytes / 1024
        ));
    }
    if let Some(test) = repeated.first() {
        return Some(format!(
            "test `{test}` was reported more than once: printed text that imitates the test \
             harness is not a test result"
        ));
    }
    let status = outcome.status?;
    if let Some(signal) = status.signal() {
        let cause = match signal {
            libc::SIGABRT => " (an abort: a stack overflow, a panic while panicking, or `abort()`)",
            libc::SIGSEGV | libc::SIGBUS => " (a memory fault, often a stack overflow)",
            libc::SIGKILL => " (killed: it may have used too much memory)",
            _ => "",
        };
        return Some(format!(
            "the test process was killed by signal {signal}{cause}"
        ));
    }
    match status.code() {
        Some(0) if sentinel_ran => None,
        Some(0) | Some(101) if !sentinel_ran => Some(
            "the test process ended before every test had run (did the code call \
             `std::process::exit`?)"
                .to_owned(),
        ),
        Some(101) => None,
        code => Some(format!(
            "the test process exited with code {} before the tests finished (did the code call \
             `std::process::exit`?)",
            code.unwrap_or(-1)
        )),
    }
}
