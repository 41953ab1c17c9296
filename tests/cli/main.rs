//! The runner's integration tests: ONE test binary that drives the real `statelings` binary in
//! temporary directories. `Env` is the builder every test starts from; grow it, not the tests.

mod attacks;
mod classroom;
mod course;
mod feedback;
mod grade;
mod gradescope;
mod learner;
mod quiz;
mod reports;
mod schemas;
mod snapshots;
mod tidy;
mod verify;
mod workbook;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

/// The workbook's progress file, from the test's directory.
pub const PROGRESS: &str = "workbook/.statelings/progress.json";

pub const MARKER: &str = "// ===== TESTS: the specification. Edit only above this line. =====";

/// A temporary working directory, with the fixture course (or the real one) to run against.
pub struct Env {
    dir: TempDir,
    course: Option<PathBuf>,
    /// `TMPDIR` for the commands (where checks make their build folders), when set.
    tmp: Option<PathBuf>,
}

impl Env {
    /// A directory with the fixture course (`tests/fixtures/course`), no workbook yet.
    pub fn fixture() -> Env {
        Env {
            dir: TempDir::new().expect("a temp dir"),
            course: Some(fixture_course()),
            tmp: None,
        }
    }

    /// The course built into the binary (the real course).
    pub fn real_course() -> Env {
        Env {
            course: None,
            ..Env::fixture()
        }
    }

    /// A copy of the fixture course in this directory, for tests that break it.
    pub fn own_course(mut self) -> Env {
        let copy = self.path("course");
        copy_dir(&fixture_course(), &copy);
        self.course = Some(copy);
        self
    }

    /// With a workbook made by `statelings init` in `./workbook`.
    pub fn with_workbook(self) -> Env {
        self.cmd(&["init"]).assert().success();
        self
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    /// Checks build in `./tmp` of this directory (their `TMPDIR`), so a test sees what a check
    /// leaves behind, and two tests never share one.
    pub fn own_tmp(mut self) -> Env {
        let tmp = self.path("tmp");
        std::fs::create_dir_all(&tmp).unwrap();
        self.tmp = Some(tmp);
        self
    }

    /// `statelings ARGS` run in this directory, colourless, without a terminal.
    pub fn cmd(&self, args: &[&str]) -> Command {
        Command::from_std(self.process(args))
    }

    /// The same command as `cmd`, as a `std::process::Command`, to spawn and wait for (or kill)
    /// while other commands run.
    pub fn process(&self, args: &[&str]) -> std::process::Command {
        self.process_os(args.iter().map(std::ffi::OsStr::new))
    }

    /// `process` with arguments that need not be UTF-8.
    pub fn process_os<I, S>(&self, args: I) -> std::process::Command
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        let mut command = std::process::Command::new(binary());
        command
            .current_dir(self.dir.path())
            .env("NO_COLOR", "1")
            .env_remove("CLICOLOR_FORCE")
            .env_remove("COLUMNS");
        if let Some(tmp) = &self.tmp {
            command.env("TMPDIR", tmp);
        }
        if let Some(course) = &self.course {
            command.arg("--course").arg(course);
        }
        command.args(args);
        command
    }

    /// Like `cmd`, as a plain `std::process::Command`: for tests that need the child's pid, or
    /// their own environment (`TMPDIR`) and time bound.
    pub fn std_cmd(&self, args: &[&str]) -> std::process::Command {
        self.process(args)
    }

    pub fn write(&self, relative: &str, text: &str) {
        let path = self.path(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    pub fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.path(relative))
            .unwrap_or_else(|e| panic!("reading {relative}: {e}"))
    }

    /// Replaces the code above the marker of a workbook exercise, keeping its tests.
    pub fn solve_with(&self, exercise: &str, code: &str) {
        let relative = format!("workbook/exercises/01_basics/{exercise}.rs");
        let text = self.read(&relative);
        let tests = &text[text.find(MARKER).expect("the marker")..];
        self.write(&relative, &format!("{code}\n{tests}"));
    }

    /// Solves a fixture exercise with the fixture's own solution.
    pub fn solve(&self, exercise: &str) {
        let solution = std::fs::read_to_string(
            fixture_course().join(format!("solutions/01_basics/{exercise}.rs")),
        )
        .unwrap();
        let code = &solution[..solution.find(MARKER).expect("the marker")];
        self.solve_with(exercise, code);
    }

    /// Makes a named pipe (FIFO) at `relative`, replacing what is there.
    pub fn fifo(&self, relative: &str) {
        let path = self.path(relative);
        let _ = std::fs::remove_file(&path);
        let name = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: mkfifo reads a valid NUL-terminated path.
        assert_eq!(
            unsafe { libc::mkfifo(name.as_ptr(), 0o644) },
            0,
            "mkfifo {relative}"
        );
    }

    /// The workbook's progress file as written, parsed.
    pub fn progress_file(&self) -> serde_json::Value {
        serde_json::from_str(&self.read(PROGRESS)).expect("progress.json is JSON")
    }

    /// Writes the workbook's progress file.
    pub fn set_progress(&self, progress: &serde_json::Value) {
        self.write(PROGRESS, &progress.to_string());
    }

    /// With the workbook's quiz seed set to `seed` (init picks a random one).
    pub fn with_seed(self, seed: u64) -> Env {
        let file = "workbook/.statelings/progress.json";
        let mut progress: serde_json::Value = serde_json::from_str(&self.read(file)).unwrap();
        progress["seed"] = seed.into();
        self.write(file, &progress.to_string());
        self
    }

    /// The workbook's quiz seed, from its progress file.
    pub fn seed(&self) -> u64 {
        let progress: serde_json::Value =
            serde_json::from_str(&self.read("workbook/.statelings/progress.json")).unwrap();
        progress["seed"].as_u64().expect("init stores a seed")
    }

    /// The letters the learner sees for the choices `canonical` (the file's letters, like
    /// `"ac"`) of a question with `n` choices, in this workbook.
    pub fn shown(&self, quiz: &str, question: &str, n: usize, canonical: &str) -> String {
        self.shown_in_round(quiz, question, n, canonical, 0)
    }

    /// As `shown`, in retry `round` (choices are reshuffled on every retry).
    pub fn shown_in_round(
        &self,
        quiz: &str,
        question: &str,
        n: usize,
        canonical: &str,
        round: u64,
    ) -> String {
        use statelings::domain::quiz::order;
        let seed = order::for_round(self.seed(), round);
        let order = order::choice_order(seed, quiz, question, n);
        canonical
            .chars()
            .map(|c| {
                let idx = usize::from(c as u8 - b'a');
                let shown = order.iter().position(|&o| o == idx).unwrap();
                (b'a' + shown as u8) as char
            })
            .collect()
    }

    /// `progress --json`, parsed.
    pub fn progress(&self) -> serde_json::Value {
        let output = self.cmd(&["progress", "--json"]).output().unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        serde_json::from_slice(&output.stdout).expect("progress --json prints JSON")
    }
}

/// The `statelings` binary under test.
pub fn binary() -> PathBuf {
    assert_cmd::cargo::cargo_bin("statelings")
}

/// A file of this repository (the real course).
pub fn repository_file(relative: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)).unwrap()
}

pub fn fixture_course() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/course")
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The text of a command's stdout and stderr together.
pub fn output_text(output: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}
