//! Where an exercise stands: the one status shared by a verdict, the learner's progress file and
//! an instructor's grade record, so the three can never disagree on a label.

use serde::{Deserialize, Serialize};

/// An exercise's status. Serialised in snake_case: `"passed"`, `"compile_error"`, ...
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Never checked, or unchanged from the starting code (or its file is missing).
    #[default]
    #[serde(alias = "not_checked")]
    NotAttempted,
    Passed,
    /// It compiled and ran, and some test did not pass.
    Failed,
    CompileError,
    TimedOut,
    /// The gate refused the code before it was compiled (it could change what the tests check,
    /// or escape the test harness).
    Rejected,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::NotAttempted,
        Status::Passed,
        Status::Failed,
        Status::CompileError,
        Status::TimedOut,
        Status::Rejected,
    ];

    /// The word in JSON, CSV and reports: `passed`, `compile_error`, ...
    pub fn id(self) -> &'static str {
        match self {
            Status::NotAttempted => "not_attempted",
            Status::Passed => "passed",
            Status::Failed => "failed",
            Status::CompileError => "compile_error",
            Status::TimedOut => "timed_out",
            Status::Rejected => "rejected",
        }
    }

    /// What a learner reads in lists: `done`, `not started`, `failing`, ...
    pub fn label(self) -> &'static str {
        match self {
            Status::NotAttempted => "not started",
            Status::Passed => "done",
            Status::Failed => "failing",
            Status::CompileError => "not compiling",
            Status::TimedOut => "timed out",
            Status::Rejected => "rejected",
        }
    }

    pub fn passed(self) -> bool {
        self == Status::Passed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_the_serialised_names() {
        for status in Status::ALL {
            let json = serde_json::to_string(&status).unwrap();
            assert_eq!(json, format!("\"{}\"", status.id()));
            assert_eq!(serde_json::from_str::<Status>(&json).unwrap(), status);
        }
    }

    #[test]
    fn the_old_name_for_not_attempted_still_reads() {
        let status: Status = serde_json::from_str("\"not_checked\"").unwrap();
        assert_eq!(status, Status::NotAttempted);
    }
}
