//! Quizzes: taking them, scoring them, recording the results in the workbook.

pub mod record;

use crate::course::Course;
use crate::session::Session;

/// The quiz that closes a chapter, by name.
pub fn quiz_for_chapter(_course: &Course, _chapter: &str) -> Option<String> {
    None
}

/// Quiz progress for `progress --json`.
pub fn progress_json(_session: &Session) -> serde_json::Value {
    serde_json::json!([])
}

/// Quiz problems for `verify`.
pub fn verify_quizzes(
    _course: &Course,
    _global: &crate::cli::GlobalArgs,
) -> Vec<crate::verify::Problem> {
    Vec::new()
}

/// The quiz results recorded in a submission, re-scored against the course's keys.
pub fn grade_quizzes(
    _course: &Course,
    _workbook: &std::path::Path,
    _problems: &mut Vec<String>,
) -> Vec<crate::grade::record::QuizGrade> {
    Vec::new()
}
