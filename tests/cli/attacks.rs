//! The hostile learner's suite (issues 8 and 13). Three parts:
//! - `shared`: every attack of `shared/attacks` (01..19) as a test, adapted to the fixture course;
//! - `probes`: the sandbox and the limits tested as if code got past the gate, with a copy of the
//!   fixture course whose hidden grading tests (course code, never gated) do what an attacker
//!   would; each probe asserts its guarantee, so the probed exercise `passed` means all held;
//! - `variants`: attacks of our own on the gate and on the verdict channel.
//!
//! Every grading run here grades an innocent learner beside the attackers, and goes through
//! [`Run`]: it is bounded (`--timeout`, `--compile-timeout`, and a safety net that kills the
//! grader and fails the test), and afterwards it checks that nothing of the run is left: no
//! process whose command line carries the class's marker, no `statelings-*` folder in the run's
//! own `TMPDIR`, no control group named after the grader's pid. Sandboxed runs also check that the
//! sandbox had both bubblewrap and control groups: a test that cannot check what it is for
//! fails, saying what is missing, rather than passing without checking.

mod probes;
mod shared;
mod variants;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::mpsc;
use std::time::Duration;

use serde_json::Value;

use crate::{Env, MARKER};

pub const ADD: &str = "pub fn add(a: u32, b: u32) -> u32 {\n    a + b\n}\n";
pub const ANSWER: &str = "pub fn answer() -> u32 {\n    42\n}\n";

/// How long any one `grade` may run before the test kills it and fails: far above what the
/// runs here need (their own limits are a few seconds), so only a run that is not bounded by
/// its limits ever reaches it.
const SAFETY_NET: Duration = Duration::from_secs(150);

/// Grading with the sandbox (the default) or with `--no-sandbox`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Sandbox,
    NoSandbox,
}

pub const BOTH: [Mode; 2] = [Mode::Sandbox, Mode::NoSandbox];

/// A folder `class/` of workbooks in a temp dir, graded with a `TMPDIR` of its own (`tmp/`).
pub struct Class {
    pub env: Env,
}

impl Class {
    /// A class graded against the fixture course.
    pub fn new() -> Class {
        Class::with(Env::fixture())
    }

    /// A class graded against a copy of the fixture course (in `course/`), for tests that change
    /// the course's hidden tests.
    pub fn own_course() -> Class {
        Class::with(Env::fixture().own_course())
    }

    fn with(env: Env) -> Class {
        std::fs::create_dir_all(env.path("tmp")).unwrap();
        std::fs::create_dir_all(env.path("class")).unwrap();
        Class { env }
    }

    /// A string no other test's processes carry: payloads put it in the command line of
    /// anything they start, and every run checks no process with it is left.
    pub fn marker(&self) -> String {
        let dir = self.env.path("");
        let name = dir.file_name().unwrap().to_string_lossy();
        let tail: String = name.chars().filter(char::is_ascii_alphanumeric).collect();
        format!("stlmark{tail}")
    }

    /// A new learner `class/<id>`, made by `statelings init`.
    pub fn learner(&self, id: &str) -> &Class {
        let mut init = self.env.std_cmd(&["init", &format!("class/{id}")]);
        let output = init.output().unwrap();
        assert!(
            output.status.success(),
            "init {id}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        self
    }

    /// `<id>`'s file for `exercise` (of the fixture's chapter `01_basics`).
    pub fn file(&self, id: &str, exercise: &str) -> PathBuf {
        self.env
            .path(&format!("class/{id}/exercises/01_basics/{exercise}.rs"))
    }

    /// Replaces the code above the marker of `<id>`'s `exercise`, keeping the tests.
    pub fn code(&self, id: &str, exercise: &str, code: &str) -> &Class {
        let path = self.file(id, exercise);
        let text = std::fs::read_to_string(&path).unwrap();
        let tests = &text[text.find(MARKER).expect("the marker")..];
        std::fs::write(&path, format!("{code}\n{tests}")).unwrap();
        self
    }

    /// A new learner whose `exercise` has `code` above the marker.
    pub fn attempt(&self, id: &str, exercise: &str, code: &str) -> &Class {
        self.learner(id).code(id, exercise, code)
    }

    /// A new learner who solved `basics1_add` and nothing else: the innocent of a run.
    pub fn innocent(&self, id: &str) -> &Class {
        self.attempt(id, "basics1_add", ADD)
    }

    /// A grading run of `class/` to set up.
    pub fn run(&self, mode: Mode) -> Run<'_> {
        Run {
            class: self,
            mode,
            timeout: 3,
            compile_timeout: 30,
            paths: vec!["class".to_owned()],
            args: Vec::new(),
        }
    }
}

/// One `grade` of a class, bounded, checked for leftovers.
pub struct Run<'a> {
    class: &'a Class,
    mode: Mode,
    timeout: u64,
    compile_timeout: u64,
    paths: Vec<String>,
    args: Vec<String>,
}

impl Run<'_> {
    /// `--timeout SECS`: each run of a batch's tests.
    pub fn timeout(mut self, seconds: u64) -> Self {
        self.timeout = seconds;
        self
    }

    /// `--compile-timeout SECS`: all of one batch's compiling.
    pub fn compile_timeout(mut self, seconds: u64) -> Self {
        self.compile_timeout = seconds;
        self
    }

    /// Grade these paths (relative to the class's temp dir) instead of `class`.
    pub fn paths(mut self, paths: &[&str]) -> Self {
        self.paths = paths.iter().map(|p| (*p).to_owned()).collect();
        self
    }

    /// More arguments for `grade` (`--jobs 2`, `--memory 512`, ...).
    pub fn args(mut self, args: &[&str]) -> Self {
        self.args.extend(args.iter().map(|a| (*a).to_owned()));
        self
    }

    /// Grades as JSON and reads the report.
    pub fn json(self) -> Graded {
        let mode = self.mode;
        let graded = self.format("json");
        let report: Value = serde_json::from_str(&graded.stdout).unwrap_or_else(|error| {
            panic!(
                "the JSON report does not parse ({error}):\n{}",
                graded.stdout
            )
        });
        if mode == Mode::Sandbox {
            require_full_sandbox(&report);
        }
        Graded { report, ..graded }
    }

    /// Grades in `format` (`json`, `csv`, `table`, ...), exit code 0 required.
    pub fn format(self, format: &str) -> Graded {
        let graded = self.exit(format);
        assert_eq!(
            graded.code,
            Some(0),
            "grade failed:\n{}\n{}",
            graded.stderr,
            sandbox_hint(&graded.stderr)
        );
        graded
    }

    /// Grades in `format` and returns whatever came of it (exit code included), after checking
    /// it ended within the safety net and left nothing behind.
    pub fn exit(self, format: &str) -> Graded {
        let timeout = self.timeout.to_string();
        let compile_timeout = self.compile_timeout.to_string();
        let mut args: Vec<&str> = vec!["--timeout", &timeout, "grade"];
        args.extend(self.paths.iter().map(String::as_str));
        args.extend(["--format", format, "--compile-timeout", &compile_timeout]);
        if self.mode == Mode::NoSandbox {
            args.push("--no-sandbox");
        }
        args.extend(self.args.iter().map(String::as_str));
        let mut command = self.class.env.std_cmd(&args);
        command
            .env("TMPDIR", self.class.env.path("tmp"))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let (code, stdout, stderr, pid) = run_bounded(command);
        let graded = Graded {
            code,
            stdout,
            stderr,
            report: Value::Null,
        };
        nothing_left(&self.class.env.path("tmp"), pid, &self.class.marker());
        graded
    }
}

/// Runs the grader to its end, or kills it at the safety net and fails: `(exit code, stdout,
/// stderr, pid)`.
fn run_bounded(mut command: std::process::Command) -> (Option<i32>, String, String, u32) {
    let mut child = command.spawn().expect("statelings starts");
    let pid = child.id();
    let read = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            String::from_utf8_lossy(&bytes).into_owned()
        })
    };
    let stdout = read(Box::new(child.stdout.take().unwrap()));
    let stderr = read(Box::new(child.stderr.take().unwrap()));
    let (done_tx, done_rx) = mpsc::channel();
    let waiter = std::thread::spawn(move || {
        let status = child.wait();
        let _ = done_tx.send(());
        status
    });
    if done_rx.recv_timeout(SAFETY_NET).is_err() {
        // SAFETY: kill has no memory-safety preconditions; `pid` is our child, not yet reaped
        // (the waiter has not returned), so the number still names it.
        unsafe { libc::kill(pid as libc::pid_t, libc::SIGKILL) };
        let _ = waiter.join();
        panic!(
            "grade was still running after {} s: the run was not bounded by its limits",
            SAFETY_NET.as_secs()
        );
    }
    let status = waiter.join().unwrap().unwrap();
    (
        status.code(),
        stdout.join().unwrap(),
        stderr.join().unwrap(),
        pid,
    )
}

/// What to say when grading failed for want of a sandbox.
fn sandbox_hint(stderr: &str) -> &'static str {
    if stderr.contains("sandbox") || stderr.contains("bubblewrap") {
        "this test needs bubblewrap (`bwrap`): CI installs it (`.ci/run`); install the Debian \
         package `bubblewrap`"
    } else {
        ""
    }
}

/// A sandboxed run must have had bubblewrap and control groups, or the checks that depend on
/// them (limits per batch, leftovers) would pass without checking anything.
pub fn require_full_sandbox(report: &Value) {
    let level = report["sandbox"].as_str().unwrap_or_default();
    assert!(
        level.starts_with("bubblewrap") && level.contains("cgroup"),
        "this test needs bubblewrap and control groups, and grading ran with `{level}`: CI \
         installs bubblewrap (`.ci/run`), and control groups need cgroup v2 with `memory` and \
         `pids` delegated to the grader, or a writable cgroup v1 (as root)"
    );
}

/// Nothing of a finished run is left: no scratch folder in its `TMPDIR`, no control group named
/// after its pid, no process carrying the class's marker.
pub fn nothing_left(tmp: &Path, pid: u32, marker: &str) {
    let scratch: Vec<String> = std::fs::read_dir(tmp)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("statelings-"))
        .collect();
    assert!(
        scratch.is_empty(),
        "grading left scratch folders in its TMPDIR: {scratch:?}"
    );
    let groups = control_groups_of(pid);
    assert!(groups.is_empty(), "grading left control groups: {groups:?}");
    let alive = processes_with(marker);
    assert!(
        alive.is_empty(),
        "processes of the run outlived it (marker `{marker}`): {alive:?}"
    );
}

/// The control groups a grader with `pid` made (`statelings-<pid>-...`), wherever they are.
pub fn control_groups_of(pid: u32) -> Vec<PathBuf> {
    let prefix = format!("statelings-{pid}-");
    walkdir::WalkDir::new("/sys/fs/cgroup")
        .max_depth(6)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_dir())
        .filter(|entry| entry.file_name().to_string_lossy().starts_with(&prefix))
        .map(|entry| entry.path().to_path_buf())
        .collect()
}

/// Waits for `condition`, checking every 20 ms, and fails saying `what` if it does not hold
/// within a minute (a bound on the wait, not an assertion on speed).
pub fn wait_until(what: &str, mut condition: impl FnMut() -> bool) {
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    while !condition() {
        assert!(
            std::time::Instant::now() < deadline,
            "still waiting after a minute: {what}"
        );
        std::thread::park_timeout(Duration::from_millis(20));
    }
}

/// `(pid, command line)` of every process whose command line contains `marker`.
pub fn processes_with(marker: &str) -> Vec<(u32, String)> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|n| n.parse::<u32>().ok())
        else {
            continue;
        };
        let Ok(cmdline) = std::fs::read(entry.path().join("cmdline")) else {
            continue;
        };
        let text = String::from_utf8_lossy(&cmdline).replace('\0', " ");
        if text.contains(marker) {
            found.push((pid, text));
        }
    }
    found
}

/// A finished `grade`: its output, and its report when it was JSON.
pub struct Graded {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    pub report: Value,
}

impl Graded {
    /// The record of `learner`'s `exercise`.
    pub fn exercise(&self, learner: &str, exercise: &str) -> &Value {
        let submission = self.submission(learner);
        submission["exercises"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["name"] == exercise)
            .unwrap_or_else(|| panic!("no `{exercise}` for `{learner}`"))
    }

    pub fn submission(&self, learner: &str) -> &Value {
        self.report["submissions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == learner)
            .unwrap_or_else(|| panic!("no submission `{learner}` in:\n{:#}", self.report))
    }

    pub fn status(&self, learner: &str, exercise: &str) -> String {
        self.exercise(learner, exercise)["status"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    pub fn message(&self, learner: &str, exercise: &str) -> String {
        self.exercise(learner, exercise)["message"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// Every `(learner, exercise, status)` given holds; on a mismatch, shows every status and
    /// message of the run.
    pub fn expect(&self, expected: &[(&str, &str, &str)]) {
        let wanted: BTreeMap<(String, String), String> = expected
            .iter()
            .map(|(l, e, s)| ((l.to_string(), e.to_string()), s.to_string()))
            .collect();
        let got: BTreeMap<(String, String), String> = wanted
            .keys()
            .map(|(l, e)| ((l.clone(), e.clone()), self.status(l, e)))
            .collect();
        if got != wanted {
            let mut all = String::new();
            for submission in self.report["submissions"].as_array().unwrap() {
                for exercise in submission["exercises"].as_array().unwrap() {
                    if exercise["status"] == "not_attempted" {
                        continue;
                    }
                    let message: String = exercise["message"]
                        .as_str()
                        .unwrap_or_default()
                        .chars()
                        .take(300)
                        .collect();
                    all.push_str(&format!(
                        "  {} {}: {} {message}\n",
                        submission["id"], exercise["name"], exercise["status"]
                    ));
                }
            }
            let wrong: Vec<String> = wanted
                .iter()
                .filter(|(key, status)| got[*key] != **status)
                .map(|((l, e), status)| {
                    format!(
                        "{l:?} {e}: {} (expected {status})",
                        got[&(l.clone(), e.clone())]
                    )
                })
                .collect();
            panic!(
                "statuses differ:\n  {}\nthe run:\n{all}",
                wrong.join("\n  ")
            );
        }
    }
}
