//! What the workbook keeps of a learner's quiz attempts: every answer with its question id,
//! correctness, points and time, the score, the attempt number; the best and the last attempt.
//!
//! Every field has a default so older progress files still load. Answers are recorded in the
//! canonical form of `answer::to_json` (the file's letters, not the shuffled ones shown), which
//! is what lets the grader re-score them against the course's keys (`score::rescore`).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default)]
pub struct QuizRecord {
    /// How many attempts were recorded; a retry of the wrong answers is an attempt too.
    pub attempts: u32,
    /// The attempt with the highest score (the earliest of equal ones). `None` for a sealed
    /// quiz, where only the course's keys can tell.
    pub best: Option<Attempt>,
    pub last: Option<Attempt>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default)]
pub struct Attempt {
    pub number: u32,
    /// `None` for a sealed quiz, scored later by the instructor's edition.
    pub score: Option<u32>,
    pub max_score: u32,
    pub passed: Option<bool>,
    /// Seconds since the Unix epoch.
    pub finished_at: u64,
    /// One per question, in the quiz's order (unanswered ones included, with a null answer).
    pub answers: Vec<RecordedAnswer>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default)]
pub struct RecordedAnswer {
    pub question: String,
    /// A letter, a list of letters, a bool, text, or a map item id -> category; null when the
    /// question was not answered.
    pub answer: serde_json::Value,
    /// `None` for a sealed quiz.
    pub correct: Option<bool>,
    pub points: Option<u32>,
    /// Seconds since the Unix epoch.
    pub answered_at: u64,
}

impl QuizRecord {
    /// The number the next attempt gets.
    pub fn next_number(&self) -> u32 {
        self.attempts + 1
    }

    /// Keeps `attempt` as the last one, and as the best when it scores higher than the best.
    pub fn add(&mut self, attempt: Attempt) {
        self.attempts = self.attempts.max(attempt.number);
        let better = match (&self.best, attempt.score) {
            (_, None) => false,
            (None, Some(_)) => true,
            (Some(best), Some(score)) => best.score.is_none_or(|best| score > best),
        };
        if better {
            self.best = Some(attempt.clone());
        }
        self.last = Some(attempt);
    }

    /// Whether any attempt passed.
    pub fn passed(&self) -> bool {
        self.best
            .as_ref()
            .is_some_and(|best| best.passed == Some(true))
    }
}

/// Seconds since the Unix epoch, now.
pub fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attempt(number: u32, score: Option<u32>) -> Attempt {
        Attempt {
            number,
            score,
            max_score: 10,
            passed: score.map(|score| score >= 7),
            ..Attempt::default()
        }
    }

    #[test]
    fn keeps_the_best_and_the_last_attempt() {
        let mut record = QuizRecord::default();
        record.add(attempt(1, Some(5)));
        record.add(attempt(2, Some(8)));
        record.add(attempt(3, Some(8)));
        record.add(attempt(4, Some(3)));
        assert_eq!(record.attempts, 4);
        assert_eq!(record.next_number(), 5);
        assert_eq!(record.best.as_ref().unwrap().number, 2);
        assert_eq!(record.last.as_ref().unwrap().number, 4);
        assert!(record.passed());
    }

    #[test]
    fn a_sealed_attempt_has_no_best() {
        let mut record = QuizRecord::default();
        record.add(attempt(1, None));
        assert_eq!(record.best, None);
        assert_eq!(record.last.as_ref().unwrap().number, 1);
        assert!(!record.passed());
    }

    #[test]
    fn an_old_record_without_new_fields_still_loads() {
        let record: QuizRecord =
            serde_json::from_str(r#"{"attempts": 1, "last": {"number": 1}}"#).unwrap();
        assert_eq!(record.last.unwrap().answers, Vec::new());
    }
}
