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
    #[error("there is no exercise named `{name}` (run `statelings list` to see them all)")]
    UnknownExercise { name: String },

    #[error("no workbook at `{}`: create one with `statelings init {}`", .dir.display(), .dir.display())]
    NoWorkbook { dir: PathBuf },

    #[error("the file of exercise `{name}` is missing (`{}`): `statelings reset {name}` brings it back", .path.display())]
    MissingExerciseFile { name: String, path: PathBuf },

    #[error("`{}` is not empty: choose a new or empty folder for the workbook", .dir.display())]
    NotEmpty { dir: PathBuf },

    #[error("`{}` is not a statelings JSON report: {message}", .path.display())]
    BadReport { path: PathBuf, message: String },

    #[error("{0}")]
    Usage(String),

    #[error("{0}")]
    Course(#[from] crate::course::CourseError),

    #[error("{0}")]
    Quiz(#[from] crate::quiz::QuizError),

    #[error("cannot {action} `{}`: {source}", .path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },

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
