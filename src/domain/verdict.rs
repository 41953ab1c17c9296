//! What checking an exercise concludes (`Verdict`), and how a finished test run is read into
//! one. Results come from the harness's log, which the code under test cannot write; a pass
//! needs every expected test logged `ok` exactly once, the sentinel test (whose name holds a
//! nonce the code cannot know) logged `ok` too, and the process to have ended by itself (exit
//! code 0, or 101 when some test failed: a learner's own extra tests may fail without counting).

use super::gate::{self, Refusal};
use super::harness::{self, TestResult};
use super::status::Status;

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
        /// The expected tests that had not finished (relative paths, like `tests::big_input`).
        unfinished: Vec<String>,
    },
    /// Refused before compiling: the code could change what the tests check, or escape them.
    Rejected {
        reasons: Vec<Rejection>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// Relative to the file, e.g. `tests::empty_list_has_no_maximum`.
    pub test: String,
    pub message: String,
}

/// Why code was refused, at the file's `line:column` (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    pub line: usize,
    pub column: usize,
    pub reason: Reason,
    /// One sentence: what was refused and why.
    pub message: String,
}

/// The rule behind a rejection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// One of the gate's rules.
    Gate(gate::Rule),
    /// The lines that open and close the course's provided sections were moved or deleted, so
    /// the course's code cannot be put back in place.
    ProvidedSections,
    /// The gate's parser could not read code that rustc accepts: it cannot be checked.
    Unreadable,
}

impl Reason {
    /// A stable snake_case name, for reports.
    pub fn id(self) -> &'static str {
        match self {
            Reason::Gate(rule) => rule.id(),
            Reason::ProvidedSections => "provided_sections",
            Reason::Unreadable => "unreadable",
        }
    }
}

impl From<&Refusal> for Rejection {
    fn from(refusal: &Refusal) -> Rejection {
        Rejection {
            line: refusal.line,
            column: refusal.column,
            reason: Reason::Gate(refusal.rule),
            message: refusal.message.clone(),
        }
    }
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
            Verdict::Rejected { .. } => Status::Rejected,
        }
    }

    /// (tests passed, tests expected)
    pub fn counts(&self, expected: usize) -> (usize, usize) {
        match self {
            Verdict::Passed { tests } => (*tests, *tests),
            Verdict::Failed { passed, total, .. } => (*passed, *total),
            Verdict::TimedOut { unfinished, .. } => (
                expected.saturating_sub(unfinished.len()).min(expected),
                expected,
            ),
            Verdict::CompileError { .. } | Verdict::Rejected { .. } => (0, expected),
        }
    }
}

/// A checked exercise: the verdict, and whether the learner changed the course's side of the
/// file (the test block or a provided section); it was checked with the course's regardless.
#[derive(Debug, Clone)]
pub struct Checked {
    pub verdict: Verdict,
    pub tampered: bool,
}

/// What a finished run of a test binary was, as far as the runner saw it (`infra::process`
/// turns a child process into this).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunFacts<'a> {
    pub exit: Exit,
    pub timed_out: bool,
    /// The output cap was reached and the run stopped.
    pub overflowed: bool,
    /// The memory limit was reached (a control group's count, or an allocation that failed).
    pub out_of_memory: bool,
    /// The harness's log: the results.
    pub log: &'a str,
    /// What the binary printed: failure messages, for display only.
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
    pub memory_bytes: Option<u64>,
}

/// The tests one module (one exercise) of a test crate must report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expected {
    /// The module's name in the crate, e.g. `exercise` or `ex_stateless1_maximum`.
    pub module: String,
    /// Test paths relative to the module, e.g. `tests::empty_list`.
    pub tests: Vec<String>,
}

/// Decides a verdict from a finished test run.
pub fn decide(
    run: &RunFacts<'_>,
    module: &Expected,
    sentinel: &str,
    limits: &RunLimits,
) -> Verdict {
    let log = harness::parse_log(run.log);
    let result = |test: &str| log.results.get(&format!("{}::{test}", module.module));
    if run.timed_out {
        return Verdict::TimedOut {
            seconds: limits.wall_seconds,
            unfinished: module
                .tests
                .iter()
                .filter(|test| result(test).is_none())
                .cloned()
                .collect(),
        };
    }
    let messages = harness::failure_messages(run.stdout);
    let mut failures = Vec::new();
    let mut passed = 0;
    for test in &module.tests {
        let full = format!("{}::{test}", module.module);
        let message = |fallback: &str| {
            messages
                .get(&full)
                .cloned()
                .unwrap_or_else(|| fallback.to_owned())
        };
        match result(test) {
            Some(TestResult::Ok) if !log.repeated.contains(&full) => passed += 1,
            Some(TestResult::Ok) => {}
            Some(TestResult::Failed) => failures.push(Failure {
                test: test.clone(),
                message: message(""),
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
    let sentinel_ran = log.results.get(sentinel) == Some(&TestResult::Ok);
    let problem = run_problem(run, sentinel_ran, &log.repeated, limits);
    if problem.is_none() && passed == module.tests.len() {
        return Verdict::Passed { tests: passed };
    }
    Verdict::Failed {
        passed,
        total: module.tests.len(),
        failures,
        problem,
    }
}

/// Whether one run of several exercises' tests can be read exercise by exercise: it ended on
/// its own (exit 0 or 101, nothing killed it), the sentinel ran, and every expected test of
/// every module was logged exactly once.
pub fn clean_run(run: &RunFacts<'_>, modules: &[Expected], sentinel: &str) -> bool {
    if run.timed_out
        || run.overflowed
        || run.out_of_memory
        || !matches!(run.exit, Exit::Code(0 | 101))
    {
        return false;
    }
    let log = harness::parse_log(run.log);
    log.repeated.is_empty()
        && log.results.get(sentinel) == Some(&TestResult::Ok)
        && modules.iter().all(|module| {
            module.tests.iter().all(|test| {
                log.results
                    .contains_key(&format!("{}::{test}", module.module))
            })
        })
}

/// What went wrong with the run as a whole, if anything.
fn run_problem(
    run: &RunFacts<'_>,
    sentinel_ran: bool,
    repeated: &[String],
    limits: &RunLimits,
) -> Option<String> {
    if run.overflowed {
        return Some(format!(
            "the tests printed more than {} KiB of output, so they were stopped",
            limits.output_bytes / 1024
        ));
    }
    if run.out_of_memory {
        return Some(match limits.memory_bytes {
            Some(bytes) => format!(
                "the tests used more than the {} MiB of memory allowed, so they were stopped \
                 (storing or printing too much?)",
                bytes >> 20
            ),
            None => "the tests ran out of memory, so they were stopped".to_owned(),
        });
    }
    if let Some(test) = repeated.first() {
        return Some(format!(
            "test `{test}` was reported more than once, so no result of this run can be trusted"
        ));
    }
    let code = match run.exit {
        Exit::Unknown => return None,
        Exit::Code(code) => code,
        Exit::Signal(signal) => return Some(signal_problem(signal)),
    };
    match code {
        0 | 101 if !sentinel_ran => Some(
            "the test process ended before every test had run (a crash, or an exit from the \
             code)"
                .to_owned(),
        ),
        0 | 101 => None,
        code => Some(format!(
            "the test process exited with code {code} before the tests finished"
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

#[cfg(test)]
mod tests {
    use super::*;

    const SENTINEL: &str = "statelings_sentinel::nonce_1";

    fn module() -> Expected {
        Expected {
            module: "exercise".to_owned(),
            tests: vec!["tests::one".to_owned(), "tests::two".to_owned()],
        }
    }

    fn run<'a>(exit: Exit, log: &'a str, stdout: &'a str) -> RunFacts<'a> {
        RunFacts {
            exit,
            timed_out: false,
            overflowed: false,
            out_of_memory: false,
            log,
            stdout,
        }
    }

    const LIMITS: RunLimits = RunLimits {
        wall_seconds: 10,
        output_bytes: 1 << 20,
        memory_bytes: Some(1 << 30),
    };

    #[test]
    fn a_pass_needs_every_test_and_the_sentinel_in_the_log() {
        let log = format!("ok exercise::tests::one\nok exercise::tests::two\nok {SENTINEL}\n");
        let verdict = decide(&run(Exit::Code(0), &log, ""), &module(), SENTINEL, &LIMITS);
        assert_eq!(verdict, Verdict::Passed { tests: 2 });
        // A learner's own failing test (exit 101) does not count against the course's.
        let verdict = decide(
            &run(Exit::Code(101), &log, ""),
            &module(),
            SENTINEL,
            &LIMITS,
        );
        assert!(verdict.passed());
    }

    #[test]
    fn printed_results_are_not_results() {
        let stdout = "test exercise::tests::one ... ok\ntest exercise::tests::two ... ok\n";
        let verdict = decide(
            &run(Exit::Code(0), "", stdout),
            &module(),
            SENTINEL,
            &LIMITS,
        );
        assert!(
            matches!(verdict, Verdict::Failed { passed: 0, .. }),
            "{verdict:?}"
        );
    }

    #[test]
    fn without_the_sentinel_nothing_passes() {
        let log = "ok exercise::tests::one\nok exercise::tests::two\n";
        let verdict = decide(&run(Exit::Code(0), log, ""), &module(), SENTINEL, &LIMITS);
        assert!(matches!(
            verdict,
            Verdict::Failed {
                problem: Some(_),
                ..
            }
        ));
    }

    #[test]
    fn a_time_out_names_the_tests_that_had_not_finished() {
        let log = "ok exercise::tests::one\n";
        let mut facts = run(Exit::Signal(9), log, "");
        facts.timed_out = true;
        assert_eq!(
            decide(&facts, &module(), SENTINEL, &LIMITS),
            Verdict::TimedOut {
                seconds: 10,
                unfinished: vec!["tests::two".to_owned()]
            }
        );
    }

    #[test]
    fn running_out_of_memory_is_said_so() {
        let mut facts = run(Exit::Signal(6), "", "");
        facts.out_of_memory = true;
        let Verdict::Failed {
            problem: Some(problem),
            ..
        } = decide(&facts, &module(), SENTINEL, &LIMITS)
        else {
            panic!("expected a failure");
        };
        assert!(problem.contains("1024 MiB of memory"), "{problem}");
    }
}
