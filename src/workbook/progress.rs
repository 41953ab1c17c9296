//! The learner's progress: which exercises passed, how many hints were shown, where they are,
//! and their quiz results. Stored as JSON in the workbook and always replaced atomically.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

pub const VERSION: u32 = 1;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub version: u32,
    /// The exercise the learner is on.
    pub current: Option<String>,
    #[serde(default)]
    pub exercises: BTreeMap<String, ExerciseProgress>,
    #[serde(default)]
    pub quizzes: BTreeMap<String, crate::quiz::record::QuizRecord>,
    /// Shuffles quiz choices the same way every time for this workbook (`quiz::order`); set at
    /// init, derived from the workbook's path for files made before it existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ExerciseProgress {
    pub status: Status,
    #[serde(default)]
    pub hints_shown: usize,
}

/// The last verdict recorded for an exercise.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    #[default]
    NotChecked,
    Passed,
    Failed,
    CompileError,
    TimedOut,
}

impl Status {
    pub fn from_verdict(verdict: &crate::check::Verdict) -> Status {
        use crate::check::Verdict;
        match verdict {
            Verdict::Passed { .. } => Status::Passed,
            Verdict::Failed { .. } => Status::Failed,
            Verdict::CompileError { .. } => Status::CompileError,
            Verdict::TimedOut { .. } => Status::TimedOut,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::NotChecked => "not done",
            Status::Passed => "done",
            Status::Failed => "failing",
            Status::CompileError => "not compiling",
            Status::TimedOut => "timed out",
        }
    }
}

/// Why a progress file could not be used.
#[derive(Debug)]
pub enum LoadProblem {
    Missing,
    Corrupt {
        line: usize,
        column: usize,
        message: String,
    },
}

impl Progress {
    pub fn exercise(&self, name: &str) -> ExerciseProgress {
        self.exercises.get(name).cloned().unwrap_or_default()
    }

    pub fn exercise_mut(&mut self, name: &str) -> &mut ExerciseProgress {
        self.exercises.entry(name.to_owned()).or_default()
    }

    pub fn passed(&self, name: &str) -> bool {
        self.exercise(name).status == Status::Passed
    }

    /// Reads the file; `Ok(Err(..))` when it is missing or does not parse.
    pub fn load(path: &Path) -> Result<std::result::Result<Progress, LoadProblem>> {
        let text = match std::fs::read(path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Err(LoadProblem::Missing))
            }
            Err(error) => return Err(Error::io("read", path, error)),
        };
        Ok(
            serde_json::from_slice::<Progress>(&text).map_err(|error| LoadProblem::Corrupt {
                line: error.line(),
                column: error.column(),
                message: error.to_string(),
            }),
        )
    }

    /// Writes to a temporary file beside `path`, flushes it to disk, then renames it over
    /// `path`: a crash leaves either the old file or the new one, never half of one.
    pub fn save(&self, path: &Path) -> Result<()> {
        let text = serde_json::to_string_pretty(self).expect("progress always serialises");
        crate::atomic_file::write(path, text.as_bytes())
    }
}
