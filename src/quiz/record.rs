//! What the workbook keeps of a learner's quiz attempts: every answer with its question id,
//! correctness and time, the score, the attempt number; the best and the last attempt.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct QuizRecord {
    pub attempts: u32,
    pub best: Option<Attempt>,
    pub last: Option<Attempt>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attempt {
    pub number: u32,
    /// `None` for a sealed quiz, scored later by the instructor's edition.
    pub score: Option<u32>,
    pub max_score: u32,
    pub passed: Option<bool>,
    /// Seconds since the Unix epoch.
    pub finished_at: u64,
    pub answers: Vec<RecordedAnswer>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordedAnswer {
    pub question: String,
    pub answer: serde_json::Value,
    pub correct: Option<bool>,
    pub points: Option<u32>,
    pub answered_at: u64,
}
