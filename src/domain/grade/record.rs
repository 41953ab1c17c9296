//! The grades of a class as data: what every report renders and what `--merge` reads back.
//! Serialised as the JSON report, so the field names here are a published format.

use serde::{Deserialize, Serialize};

pub use crate::domain::status::Status;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ClassReport {
    /// The statelings version that graded.
    pub statelings: String,
    /// The isolation code under test ran in.
    pub sandbox: String,
    /// `K/N` when this report is one shard of a class.
    pub shard: Option<String>,
    /// What was found under the paths and not graded (one sentence each, naming the path).
    #[serde(default)]
    pub problems: Vec<String>,
    pub submissions: Vec<Submission>,
    pub summary: Summary,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Submission {
    /// The workbook's path relative to the path given to `grade`.
    pub id: String,
    pub score: u32,
    pub max_score: u32,
    pub exercises: Vec<ExerciseGrade>,
    pub quizzes: Vec<QuizGrade>,
    /// Things wrong with the submission that did not stop grading it.
    #[serde(default)]
    pub problems: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ExerciseGrade {
    pub name: String,
    pub chapter: String,
    pub status: Status,
    /// The learner's test block differed from the course's (graded against the course's).
    pub tampered: bool,
    pub tests_passed: usize,
    pub tests_total: usize,
    pub points: u32,
    pub max_points: u32,
    pub message: String,
    /// Every test that did not pass, with its message; a hidden grading test carries its number
    /// so that learner-facing views (Gradescope) can say which failed without naming it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub failures: Vec<FailedTest>,
    /// How many of `tests_total` are the course's hidden grading tests.
    #[serde(default)]
    pub hidden_tests: usize,
    /// What a learner may be told beyond the failing tests: rustc's errors located in the
    /// learner's file (an error inside the hidden tests by its message only, never the hidden
    /// code), or what went wrong with the run as a whole (hidden tests never named).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct FailedTest {
    /// As the course names it: `tests::...` for a visible test, `grading::...` for a hidden one.
    pub test: String,
    /// For a hidden grading test, its number among the exercise's hidden tests (from 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hidden: Option<usize>,
    /// The assertion's message, or why the test has no result.
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct QuizGrade {
    pub name: String,
    /// Re-scored against the course's answer keys from the recorded answers.
    pub score: u32,
    pub max_score: u32,
    pub taken: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Summary {
    pub submissions: usize,
    pub mean_score: f64,
    pub max_score: u32,
    /// One entry per exercise, in course order.
    pub exercises: Vec<ExerciseSummary>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ExerciseSummary {
    pub name: String,
    pub passed: usize,
    pub attempted: usize,
    /// Passed over all submissions, 0 to 1.
    pub pass_rate: f64,
}

impl Summary {
    /// Recomputed from the submissions (after grading, and after merging shards).
    pub fn of(submissions: &[Submission]) -> Summary {
        let n = submissions.len();
        let mut exercises: Vec<ExerciseSummary> = Vec::new();
        for submission in submissions {
            for grade in &submission.exercises {
                let entry = match exercises.iter_mut().find(|entry| entry.name == grade.name) {
                    Some(entry) => entry,
                    None => {
                        exercises.push(ExerciseSummary {
                            name: grade.name.clone(),
                            passed: 0,
                            attempted: 0,
                            pass_rate: 0.0,
                        });
                        exercises.last_mut().expect("just pushed")
                    }
                };
                entry.passed += usize::from(grade.status == Status::Passed);
                entry.attempted += usize::from(grade.status != Status::NotAttempted);
            }
        }
        for entry in &mut exercises {
            entry.pass_rate = if n == 0 {
                0.0
            } else {
                entry.passed as f64 / n as f64
            };
        }
        Summary {
            submissions: n,
            mean_score: if n == 0 {
                0.0
            } else {
                submissions.iter().map(|s| f64::from(s.score)).sum::<f64>() / n as f64
            },
            max_score: submissions.iter().map(|s| s.max_score).max().unwrap_or(0),
            exercises,
        }
    }

    /// The exercises the class struggles with most: lowest pass rate first.
    pub fn hardest(&self, n: usize) -> Vec<&ExerciseSummary> {
        let mut sorted: Vec<_> = self.exercises.iter().collect();
        sorted.sort_by(|a, b| {
            a.pass_rate
                .total_cmp(&b.pass_rate)
                .then_with(|| a.name.cmp(&b.name))
        });
        sorted.truncate(n);
        sorted
    }
}
