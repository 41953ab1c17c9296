//! The grades of a class as data: what every report renders and what `--merge` reads back.
//! Serialised as the JSON report, so the field names here are a published format. Fields added
//! after the first version carry `#[serde(default)]` so older reports still read (and are then
//! refused by `--merge` for what they lack, with a reason, rather than failing to parse).
//!
//! A report carries the course's shape (`course`): every exercise and quiz in course order, with
//! points and pass marks, and a version that changes whenever any course file does. Renderers
//! take their columns from it, never from a submission, so every learner's row lines up and two
//! reports of different courses are never mixed.

mod merge;
mod roster;

use serde::{Deserialize, Serialize};

pub use crate::domain::status::Status;
pub use merge::{merge, MergeError, Part};
pub use roster::Learner;

use crate::domain::course::quiz::{Key, Kind};
use crate::domain::course::Course;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ClassReport {
    /// The statelings version that graded.
    pub statelings: String,
    /// The course graded against: its version and shape.
    #[serde(default)]
    pub course: CourseShape,
    /// The isolation code under test ran in.
    pub sandbox: String,
    /// `K/N` when this report is one shard of a class.
    pub shard: Option<String>,
    /// What was found under the paths and not graded (one sentence each, naming the path), and
    /// roster entries with no submission.
    #[serde(default)]
    pub problems: Vec<String>,
    pub submissions: Vec<Submission>,
    /// Learners on the roster (`--roster`) who handed in nothing.
    #[serde(default)]
    pub missing: Vec<Learner>,
    pub summary: Summary,
}

/// The course as a report needs it: what can be scored, in course order.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CourseShape {
    /// A digest of every course file (`Course::version`): equal versions, equal courses.
    pub version: String,
    pub exercises: Vec<CourseExercise>,
    /// The quizzes graded (sealed ones have no keys to grade with, so they are left out).
    pub quizzes: Vec<CourseQuiz>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CourseExercise {
    pub name: String,
    pub chapter: String,
    pub points: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CourseQuiz {
    pub name: String,
    pub max_score: u32,
    /// Percent of `max_score` needed to pass: passed when `score * 100 >= pass_mark * max`.
    pub pass_mark: u32,
    #[serde(default)]
    pub questions: Vec<CourseQuestion>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CourseQuestion {
    pub id: String,
    /// `single`, `multiple`, `true_false`, `short`, `classify` or `predict_output`.
    pub kind: String,
    pub points: u32,
    /// What a learner can pick, as recorded: letters (`a`, `b`, ...) for choice questions,
    /// `true`/`false` for true-or-false ones; empty for the others.
    #[serde(default)]
    pub choices: Vec<String>,
    /// The right picks among `choices`.
    #[serde(default)]
    pub right: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Submission {
    /// The learner's folder name (its path below the path given when two share a name), or the
    /// learner's id from the roster when one was given.
    pub id: String,
    /// The folder name the submission was found under (what a roster's `folder` matches).
    #[serde(default)]
    pub folder: String,
    /// From the roster; empty without one.
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub email: String,
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
    /// Wall time spent checking this file (its share of its batch), in seconds.
    #[serde(default)]
    pub seconds: f64,
    /// `digest` of the file's bytes when it was attempted (compiled): equal digests across
    /// learners are byte-identical files.
    #[serde(default)]
    pub digest: Option<String>,
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
    /// Taken, and the score reaches the quiz's pass mark (`passes`).
    #[serde(default)]
    pub passed: bool,
    /// Question by question, for the attempt that gave `score` (empty when not taken).
    #[serde(default)]
    pub answers: Vec<AnswerGrade>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AnswerGrade {
    pub question: String,
    pub points: u32,
    pub max_points: u32,
    /// Earned every point.
    pub correct: bool,
    pub answered: bool,
    /// What was picked, in `CourseQuestion::choices` terms (choice and true-or-false questions
    /// only; free text is never copied into a report).
    #[serde(default)]
    pub picked: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Summary {
    pub submissions: usize,
    pub mean_score: f64,
    pub max_score: u32,
    /// One entry per exercise of the course, in course order.
    pub exercises: Vec<ExerciseSummary>,
    /// One entry per graded quiz of the course, in course order.
    #[serde(default)]
    pub quizzes: Vec<QuizSummary>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ExerciseSummary {
    pub name: String,
    pub passed: usize,
    /// Submissions that handed in something for it (anything but `not_attempted`).
    pub attempted: usize,
    /// Passed over attempted, 0 to 1; `None` when nobody attempted it.
    pub pass_rate: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct QuizSummary {
    pub name: String,
    pub taken: usize,
    pub passed: usize,
    /// Passed over taken, 0 to 1; `None` when nobody took it.
    pub pass_rate: Option<f64>,
}

/// Whether `score` of `max` reaches `pass_mark` percent: the one rule every format uses.
pub fn passes(score: u32, max: u32, pass_mark: u32) -> bool {
    u64::from(score) * 100 >= u64::from(pass_mark) * u64::from(max)
}

/// "1 submission", "2 submissions".
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl ClassReport {
    /// A report of `submissions` graded against `course`; the summary is computed here.
    pub fn new(
        course: CourseShape,
        sandbox: String,
        shard: Option<String>,
        problems: Vec<String>,
        submissions: Vec<Submission>,
    ) -> ClassReport {
        let summary = Summary::of(&course, &submissions);
        ClassReport {
            statelings: env!("CARGO_PKG_VERSION").to_owned(),
            course,
            sandbox,
            shard,
            problems,
            submissions,
            missing: Vec::new(),
            summary,
        }
    }

    /// Every problem of the report: the class's, then each submission's (prefixed with its id).
    pub fn all_problems(&self) -> Vec<(Option<&str>, &str)> {
        let mut all: Vec<(Option<&str>, &str)> =
            self.problems.iter().map(|p| (None, p.as_str())).collect();
        for submission in &self.submissions {
            all.extend(
                submission
                    .problems
                    .iter()
                    .map(|p| (Some(submission.id.as_str()), p.as_str())),
            );
        }
        all
    }
}

impl CourseShape {
    /// The shape of `course`, with its version.
    pub fn of(course: &Course) -> CourseShape {
        CourseShape {
            version: course.version(),
            exercises: course
                .exercises
                .iter()
                .map(|exercise| CourseExercise {
                    name: exercise.name.clone(),
                    chapter: course.chapters[exercise.chapter].dir.clone(),
                    points: exercise.points,
                })
                .collect(),
            quizzes: course
                .quizzes
                .iter()
                .filter(|quiz| !quiz.sealed)
                .map(|quiz| CourseQuiz {
                    name: quiz.id.clone(),
                    max_score: quiz.max_score(),
                    pass_mark: quiz.pass_mark,
                    questions: quiz
                        .questions
                        .iter()
                        .map(|question| {
                            let (kind, choices, right) =
                                picks(&question.kind, question.key.as_ref());
                            CourseQuestion {
                                id: question.id.clone(),
                                kind: kind.to_owned(),
                                points: question.points,
                                choices,
                                right,
                            }
                        })
                        .collect(),
                })
                .collect(),
        }
    }

    /// Every point the course offers (exercises and graded quizzes).
    pub fn max_score(&self) -> u32 {
        self.exercises.iter().map(|e| e.points).sum::<u32>()
            + self.quizzes.iter().map(|q| q.max_score).sum::<u32>()
    }

    /// The chapters, in course order, each once.
    pub fn chapters(&self) -> Vec<&str> {
        let mut chapters: Vec<&str> = Vec::new();
        for exercise in &self.exercises {
            if !chapters.contains(&exercise.chapter.as_str()) {
                chapters.push(&exercise.chapter);
            }
        }
        chapters
    }

    pub fn quiz(&self, name: &str) -> Option<&CourseQuiz> {
        self.quizzes.iter().find(|quiz| quiz.name == name)
    }
}

/// The letter a choice is recorded with (`a` for the first).
pub fn letter(idx: usize) -> String {
    char::from(b'a' + (idx % 26) as u8).to_string()
}

/// A question's kind as a word, its choices and its right picks (see `CourseQuestion`).
fn picks(kind: &Kind, key: Option<&Key>) -> (&'static str, Vec<String>, Vec<String>) {
    match kind {
        Kind::Single { choices } | Kind::Multiple { choices } => {
            let right = match key {
                Some(Key::Choice(idx)) => vec![letter(*idx)],
                Some(Key::Choices(set)) => set.iter().map(|&idx| letter(idx)).collect(),
                _ => Vec::new(),
            };
            let word = if matches!(kind, Kind::Single { .. }) {
                "single"
            } else {
                "multiple"
            };
            (word, (0..choices.len()).map(letter).collect(), right)
        }
        Kind::TrueFalse => (
            "true_false",
            vec!["true".to_owned(), "false".to_owned()],
            match key {
                Some(Key::Bool(value)) => vec![value.to_string()],
                _ => Vec::new(),
            },
        ),
        Kind::Short => ("short", Vec::new(), Vec::new()),
        Kind::Classify { .. } => ("classify", Vec::new(), Vec::new()),
        Kind::PredictOutput { .. } => ("predict_output", Vec::new(), Vec::new()),
    }
}

/// The digest of one file's bytes, as reports carry it (SHA-256, hex): a learner cannot make
/// a file that another learner's file would be grouped with.
pub fn digest(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    crate::domain::course::hex(&Sha256::digest(bytes))
}

impl Summary {
    /// Recomputed from the submissions (after grading, and after merging shards), with an entry
    /// for every exercise and quiz of the course.
    pub fn of(course: &CourseShape, submissions: &[Submission]) -> Summary {
        let n = submissions.len();
        let rate = |passed: usize, of: usize| (of > 0).then(|| passed as f64 / of as f64);
        let exercises = course
            .exercises
            .iter()
            .map(|exercise| {
                let grades = || {
                    submissions
                        .iter()
                        .flat_map(|s| &s.exercises)
                        .filter(|grade| grade.name == exercise.name)
                };
                let passed = grades().filter(|g| g.status == Status::Passed).count();
                let attempted = grades()
                    .filter(|g| g.status != Status::NotAttempted)
                    .count();
                ExerciseSummary {
                    name: exercise.name.clone(),
                    passed,
                    attempted,
                    pass_rate: rate(passed, attempted),
                }
            })
            .collect();
        let quizzes = course
            .quizzes
            .iter()
            .map(|quiz| {
                let grades = || {
                    submissions
                        .iter()
                        .flat_map(|s| &s.quizzes)
                        .filter(|grade| grade.name == quiz.name)
                };
                let taken = grades().filter(|g| g.taken).count();
                let passed = grades()
                    .filter(|g| g.taken && passes(g.score, g.max_score, quiz.pass_mark))
                    .count();
                QuizSummary {
                    name: quiz.name.clone(),
                    taken,
                    passed,
                    pass_rate: rate(passed, taken),
                }
            })
            .collect();
        Summary {
            submissions: n,
            mean_score: if n == 0 {
                0.0
            } else {
                submissions.iter().map(|s| f64::from(s.score)).sum::<f64>() / n as f64
            },
            max_score: course.max_score(),
            exercises,
            quizzes,
        }
    }

    /// The exercises the class struggles with most, among those someone attempted: lowest pass
    /// rate first, then the most attempted.
    pub fn hardest(&self, n: usize) -> Vec<&ExerciseSummary> {
        let mut sorted: Vec<_> = self
            .exercises
            .iter()
            .filter(|e| e.pass_rate.is_some())
            .collect();
        sorted.sort_by(|a, b| {
            a.pass_rate
                .unwrap_or(0.0)
                .total_cmp(&b.pass_rate.unwrap_or(0.0))
                .then_with(|| b.attempted.cmp(&a.attempted))
                .then_with(|| a.name.cmp(&b.name))
        });
        sorted.truncate(n);
        sorted
    }

    /// The exercises nobody attempted, in course order.
    pub fn unattempted(&self) -> Vec<&str> {
        self.exercises
            .iter()
            .filter(|e| e.attempted == 0)
            .map(|e| e.name.as_str())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pass_mark_rule() {
        assert!(passes(7, 10, 70));
        assert!(!passes(6, 10, 70));
        assert!(passes(0, 0, 70), "nothing to score is nothing missed");
        assert!(passes(2, 3, 66));
        assert!(!passes(2, 3, 67));
    }

    #[test]
    fn digests_are_sha256() {
        assert_eq!(
            digest(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_ne!(digest(b"a"), digest(b"b"));
    }

    #[test]
    fn counts_say_one_or_many() {
        assert_eq!(count(1, "submission", "submissions"), "1 submission");
        assert_eq!(count(2, "submission", "submissions"), "2 submissions");
        assert_eq!(count(0, "submission", "submissions"), "0 submissions");
    }
}
