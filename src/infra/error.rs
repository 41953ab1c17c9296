//! The runner's own failures: the things that stop it from doing its job.
//!
//! A learner's failing exercise is not an error (that is a `Verdict`); an `Error` means the
//! runner could not do what was asked. Each variant names the file, line or exercise concerned,
//! and maps to an exit code.

use std::path::PathBuf;

use thiserror::Error;

/// Exit code for a negative result: an exercise failed, verify found problems.
pub const EXIT_NEGATIVE: u8 = 1;
/// Exit code when the runner itself could not do its job.
pub const EXIT_ERROR: u8 = 2;

#[derive(Debug, Error)]
pub enum Error {
    #[error("there is no exercise named `{name}`{}", did_you_mean(.suggestion, "`statelings list` shows them all"))]
    UnknownExercise {
        name: String,
        suggestion: Option<String>,
    },

    #[error("no workbook at `{}`: create one with `statelings init {}`", .dir.display(), .dir.display())]
    NoWorkbook { dir: PathBuf },

    #[error("no workbook here: `{}` is not in one and has no `workbook` folder; create one with `statelings init` (or run `statelings` alone), or name one with `--workbook DIR`", .cwd.display())]
    NoWorkbookHere { cwd: PathBuf },

    #[error("`{}` was written by a newer statelings (progress version {version}); update statelings to use this workbook", .path.display())]
    NewerProgress { path: PathBuf, version: u64 },

    #[error("the file of exercise `{name}` is missing (`{}`): `statelings reset {name}` brings it back", .path.display())]
    MissingExerciseFile { name: String, path: PathBuf },

    #[error("the file of exercise `{name}` (`{}`) cannot be used: {reason}; `statelings reset {name}` puts the starting code back (your file is kept as a backup)", .path.display())]
    UnreadableExerciseFile {
        name: String,
        path: PathBuf,
        reason: String,
    },

    #[error("`{}` is not empty: choose a new or empty folder for the workbook", .dir.display())]
    NotEmpty { dir: PathBuf },

    #[error("`{}` is not a statelings JSON report: {message}", .path.display())]
    BadReport { path: PathBuf, message: String },

    #[error("another statelings has held `{}` for over {seconds} s; if none is running, delete that file", .path.display())]
    Locked { path: PathBuf, seconds: u64 },

    #[error("no submission (a folder made by `statelings init`, with `.statelings/`) was found under {}{}", list_paths(.paths), list_problems(.problems))]
    NoSubmissions {
        paths: Vec<PathBuf>,
        problems: Vec<String>,
    },

    #[error("grading runs learners' code, so it needs a sandbox, and bubblewrap is not installed or cannot run here: install it (Debian/Ubuntu: `sudo apt-get install bubblewrap`; Fedora: `sudo dnf install bubblewrap`), or pass `--no-sandbox` to grade code you trust")]
    NoSandbox,

    #[error("cannot write the report to `{}`: {message}", .path.display())]
    BadOut { path: PathBuf, message: String },

    #[error("the roster `{}`{}: {message}", .path.display(), .line.map(|line| format!(" (line {line})")).unwrap_or_default())]
    Roster {
        path: PathBuf,
        line: Option<usize>,
        message: String,
    },

    #[error("{0}")]
    Merge(#[from] crate::domain::grade::record::MergeError),

    #[error("{0}")]
    Usage(String),

    #[error("{0}")]
    Course(#[from] crate::domain::course::CourseError),

    #[error("there is no quiz named `{name}`{}", did_you_mean(.suggestion, &format!("the quizzes are {known}")))]
    UnknownQuiz {
        name: String,
        suggestion: Option<String>,
        known: String,
    },

    #[error("there is no chapter named `{name}`{}", did_you_mean(.suggestion, &format!("the chapters are {known}")))]
    UnknownChapter {
        name: String,
        suggestion: Option<String>,
        known: String,
    },

    #[error("{file}: {message}")]
    AnswersFile { file: String, message: String },

    #[error("standard input ended before the quiz was finished; nothing was recorded")]
    InputEnded,

    #[error("cannot {action} `{}`: {source}", .path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("the Rust toolchain cannot be used: {message}")]
    Toolchain { message: String },

    #[error("cannot start `{program}`: {source} (is the Rust toolchain installed and on PATH?)")]
    Spawn {
        program: String,
        source: std::io::Error,
    },
}

impl Error {
    pub fn io(action: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            action,
            path: path.into(),
            source,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

fn list_paths(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|path| format!("`{}`", path.display()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn list_problems(problems: &[String]) -> String {
    if problems.is_empty() {
        String::new()
    } else {
        format!(" ({})", problems.join("; "))
    }
}

/// `: did you mean `x`?` when there is a close name, else ` (` + `otherwise` + `)`.
fn did_you_mean(suggestion: &Option<String>, otherwise: &str) -> String {
    match suggestion {
        Some(name) => format!("; did you mean `{name}`?"),
        None => format!(" ({otherwise})"),
    }
}
