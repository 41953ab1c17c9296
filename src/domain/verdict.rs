//! What checking an exercise concludes (`Verdict`), and how a finished test run is read into
//! one. Code under test shares stdout with the harness, so nothing here takes printed text at
//! its word: see `harness` for the rules, and `clean_run` for when one run of several
//! exercises may be read exercise by exercise.

use super::harness::{self, TestResult};
use super::status::Status;

/// What a finished run of a test binary was, as far as the runner saw it (`infra::process`
/// turns a child process into this).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunFacts<'a> {
    pub exit: Exit,
    pub timed_out: bool,
    /// The output cap was reached and the run stopped.
    pub overflowed: bool,
    pub stdout: &'a str,
}

/// How the test process ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Code(i32),
    Signal(i32),
    /// It could not be waited for.
    Unknown,
}

/// The limits a run was held to, for the messages that name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunLimits {
    pub wall_seconds: u64,
    pub output_bytes: usize,
}

/// The tests one module (one exercise) of a test crate must report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expected {
    /// The module's name in the crate, e.g. `exercise` or `ex_stateless1_maximum`.
    pub module: String,
    /// Test paths relative to the module, e.g. `tests::empty_list`.
    pub tests: Vec<String>,
}

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

    pub fn status(&self) -> Status {
        match self {
            Verdict::Passed { .. } => Status::Passed,
            Verdict::Failed { .. } => Status::Failed,
            Verdict::CompileError { .. } => Status::CompileError,
            Verdict::TimedOut { .. } => Status::TimedOut,
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
pub fn decide(
    outcome: &RunFacts<'_>,
    module: &Expected,
    sentinel: &str,
    limits: &RunLimits,
) -> Verdict {
    let expected = &module.tests;
    if outcome.timed_out {
        return Verdict::TimedOut {
            seconds: limits.wall_seconds,
        };
    }
    let report = harness::parse(outcome.stdout);
    let mut failures = Vec::new();
    let mut passed = 0;
    for test in expected {
        let full = format!("{}::{test}", module.module);
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
pub fn clean_run(outcome: &RunFacts<'_>, modules: &[Expected], sentinel: &str) -> bool {
    if outcome.timed_out || outcome.overflowed || !matches!(outcome.exit, Exit::Code(0 | 101)) {
        return false;
    }
    let report = harness::parse(outcome.stdout);
    report.repeated.is_empty()
        && !report.malformed
        && report.results.get(sentinel) == Some(&TestResult::Ok)
        && modules.iter().all(|module| {
            module.tests.iter().all(|test| {
                report
                    .results
                    .contains_key(&format!("{}::{test}", module.module))
            })
        })
}

/// What went wrong with the run as a whole, if anything.
fn run_problem(
    outcome: &RunFacts<'_>,
    sentinel_ran: bool,
    repeated: &[String],
    limits: &RunLimits,
) -> Option<String> {
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
    let code = match outcome.exit {
        Exit::Unknown => return None,
        Exit::Code(code) => code,
        Exit::Signal(signal) => return Some(signal_problem(signal)),
    };
    match code {
        0 if sentinel_ran => None,
        0 | 101 if !sentinel_ran => Some(
            "the test process ended before every test had run (did the code call \
             `std::process::exit`?)"
                .to_owned(),
        ),
        101 => None,
        code => Some(format!(
            "the test process exited with code {code} before the tests finished (did the code \
             call `std::process::exit`?)"
        )),
    }
}

/// Signal numbers as Linux (and most Unixes) number them.
const SIGABRT: i32 = 6;
const SIGBUS: i32 = 7;
const SIGKILL: i32 = 9;
const SIGSEGV: i32 = 11;

fn signal_problem(signal: i32) -> String {
    let cause = match signal {
        SIGABRT => " (an abort: a stack overflow, a panic while panicking, or `abort()`)",
        SIGSEGV | SIGBUS => " (a memory fault, often a stack overflow)",
        SIGKILL => " (killed: it may have used too much memory)",
        _ => "",
    };
    format!("the test process was killed by signal {signal}{cause}")
}
