//! Quizzes for the learner: `statelings quiz` (interactive, or from an `--answers` file), the
//! quiz lines of `list` and `progress`, and the quiz checks of `verify`.
//!
//! The pieces: `command` (the command's flow), `take` (asking and reading), `answer` (reading
//! and recording answers), `order` (the stable shuffle of choices), `score` (pure scoring, and
//! `rescore` for the grader), `record` (what the workbook keeps), `render` (how it looks),
//! `snippets` (running `predict_output` programs for `verify`). The quizzes themselves, and
//! their validation, are in `course::quiz`.

pub mod answer;
mod command;
pub mod order;
pub mod record;
pub mod render;
pub mod score;
pub mod snippets;
pub mod take;

use std::time::Duration;

use serde_json::json;
use thiserror::Error;

use crate::cli::GlobalArgs;
use crate::course::quiz::Quiz;
use crate::course::Course;
use crate::session::Session;
use crate::ui;
use record::QuizRecord;

pub use command::quiz;
pub use score::rescore;

/// Why a quiz could not be taken.
#[derive(Debug, Error)]
pub enum QuizError {
    #[error("there is no quiz named `{name}` (the quizzes are {known})")]
    Unknown { name: String, known: String },
    #[error("{file}: {message}")]
    Answers { file: String, message: String },
    #[error("standard input ended before the quiz was finished; nothing was recorded")]
    InputEnded,
}

/// The quiz that closes a chapter (`module` names the final quiz), by name.
pub fn quiz_for_chapter(course: &Course, chapter: &str) -> Option<String> {
    course
        .quizzes
        .iter()
        .find(|quiz| quiz.closes == chapter)
        .map(|quiz| quiz.id.clone())
}

/// How a quiz stands, in a few words: `not taken`, `passed 14/16`, `failed 9/16`, `submitted`.
pub fn status(quiz: &Quiz, record: Option<&QuizRecord>) -> String {
    let Some(record) = record.filter(|record| record.attempts > 0) else {
        return "not taken".to_owned();
    };
    let shown = record.best.as_ref().or(record.last.as_ref());
    match shown.and_then(|attempt| attempt.score.map(|score| (score, attempt))) {
        Some((score, attempt)) if attempt.passed == Some(true) => {
            format!("passed {score}/{}", attempt.max_score)
        }
        Some((score, attempt)) => format!("failed {score}/{}", attempt.max_score),
        None if quiz.sealed || shown.is_some() => "submitted".to_owned(),
        None => "not taken".to_owned(),
    }
}

/// `list`'s lines for quizzes, after the exercises: `  quiz  passed 14/16  stateless`.
pub fn list_lines(session: &Session) -> Vec<String> {
    session
        .course
        .quizzes
        .iter()
        .map(|quiz| {
            let status = status(quiz, session.progress.quizzes.get(&quiz.id));
            let label = format!("{status:<13}");
            let label = if status.starts_with("passed") || status == "submitted" {
                ui::success(&label)
            } else if status.starts_with("failed") {
                ui::failure(&label)
            } else {
                ui::dim(&label)
            };
            format!("  quiz  {label} {:<20} {}", quiz.id, quiz.title)
        })
        .collect()
}

/// Whether a quiz needs nothing more from the learner: passed, or (sealed) submitted.
pub fn is_done(quiz: &Quiz, record: Option<&QuizRecord>) -> bool {
    record.is_some_and(|record| record.passed() || (quiz.sealed && record.attempts > 0))
}

/// How many quizzes are done (see `is_done`), out of all of them.
pub fn n_done(session: &Session) -> (usize, usize) {
    let quizzes = &session.course.quizzes;
    let done = quizzes
        .iter()
        .filter(|quiz| is_done(quiz, session.progress.quizzes.get(&quiz.id)))
        .count();
    (done, quizzes.len())
}

/// `progress`'s lines for quizzes, under a heading (none when the course has no quizzes).
pub fn progress_lines(session: &Session) -> Vec<String> {
    let quizzes = &session.course.quizzes;
    let heading = (!quizzes.is_empty()).then(|| ui::heading("Quizzes:").to_string());
    heading
        .into_iter()
        .chain(quizzes.iter().map(|quiz| {
            let status = status(quiz, session.progress.quizzes.get(&quiz.id));
            format!("  {:<52} {status}", quiz.id)
        }))
        .collect()
}

/// Quiz progress for `progress --json`.
pub fn progress_json(session: &Session) -> serde_json::Value {
    let quizzes: Vec<_> = session
        .course
        .quizzes
        .iter()
        .map(|quiz| {
            let record = session.progress.quizzes.get(&quiz.id);
            let attempts = record.map_or(0, |record| record.attempts);
            let score = |attempt: Option<&record::Attempt>| attempt.and_then(|a| a.score);
            json!({
                "name": quiz.id,
                "closes": quiz.closes,
                "taken": attempts > 0,
                "attempts": attempts,
                "best_score": score(record.and_then(|r| r.best.as_ref())),
                "last_score": score(record.and_then(|r| r.last.as_ref())),
                "max_score": quiz.max_score(),
                "passed": if quiz.sealed && attempts > 0 {
                    serde_json::Value::Null
                } else {
                    json!(record.is_some_and(QuizRecord::passed))
                },
            })
        })
        .collect();
    json!(quizzes)
}

/// Quiz problems for `verify` beyond those that stop the course from loading: every
/// `predict_output` key is proved by running its program, and stray files are reported.
pub fn verify_quizzes(course: &Course, global: &GlobalArgs) -> Vec<crate::verify::Problem> {
    snippets::verify(
        course,
        Duration::from_secs(global.timeout.max(1)),
        crate::parallel::jobs(None),
    )
}

/// The quiz results recorded in a submission, re-scored against the course's keys: the best of
/// the attempts the workbook keeps (best and last), never a score the workbook states. A missing
/// or corrupt progress file is noted in `problems` and every quiz counts as not taken. A quiz
/// that is sealed in this edition of the course has no keys to score with, so it is left out.
pub fn grade_quizzes(
    course: &Course,
    workbook: &std::path::Path,
    problems: &mut Vec<String>,
) -> Vec<crate::grade::record::QuizGrade> {
    use crate::workbook::progress::{LoadProblem, Progress};

    let path = crate::workbook::Workbook::open(workbook)
        .map(|workbook| workbook.progress_file())
        .unwrap_or_else(|_| {
            workbook
                .join(crate::workbook::STATE_DIR)
                .join("progress.json")
        });
    let progress = match Progress::load(&path) {
        Ok(Ok(progress)) => Some(progress),
        Ok(Err(LoadProblem::Missing)) => {
            problems.push("no progress file, so no quiz answers were found".to_owned());
            None
        }
        Ok(Err(LoadProblem::Corrupt { line, column, .. })) => {
            problems.push(format!(
                "the progress file is corrupt (line {line}, column {column}), so its quiz answers could not be read"
            ));
            None
        }
        Err(error) => {
            problems.push(error.to_string());
            None
        }
    };
    course
        .quizzes
        .iter()
        .filter(|quiz| !quiz.sealed)
        .map(|quiz| {
            let record = progress
                .as_ref()
                .and_then(|progress| progress.quizzes.get(&quiz.id));
            let attempts = record
                .into_iter()
                .flat_map(|record| [&record.best, &record.last])
                .flatten();
            let best = attempts
                .map(|attempt| score::rescore(quiz, &attempt.answers).0)
                .max();
            crate::grade::record::QuizGrade {
                name: quiz.id.clone(),
                score: best.unwrap_or(0),
                max_score: quiz.max_score(),
                taken: best.is_some(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use record::RecordedAnswer;

    fn fixture() -> Course {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/course");
        Course::from_dir(&root).expect("the fixture course loads")
    }

    fn recorded(question: &str, answer: serde_json::Value) -> RecordedAnswer {
        RecordedAnswer {
            question: question.to_owned(),
            answer,
            // What a tampered workbook might claim; rescoring never reads it.
            correct: Some(true),
            points: Some(99),
            answered_at: 1,
        }
    }

    #[test]
    fn the_quiz_closing_a_chapter_is_found() {
        let course = fixture();
        assert_eq!(
            quiz_for_chapter(&course, "01_basics").as_deref(),
            Some("basics")
        );
        assert_eq!(quiz_for_chapter(&course, "module").as_deref(), Some("exam"));
        assert_eq!(quiz_for_chapter(&course, "02_nothing"), None);
        let ids: Vec<&str> = course.quizzes.iter().map(|quiz| quiz.id.as_str()).collect();
        assert_eq!(ids, ["basics", "exam"], "chapter order, the module last");
    }

    #[test]
    fn rescore_scores_the_recorded_answers_against_the_keys_only() {
        let course = fixture();
        let quiz = course.quiz("basics").unwrap();
        let answers = [
            recorded("pick-one", json!("b")),
            recorded("pick-many", json!(["a", "c"])),
            recorded("truth", json!(true)),
            recorded("word", json!("  NOTHING.")),
            recorded("sort", json!({"adder": "stateless", "store": "stateless"})),
            recorded("output", json!("calls: 3\n")),
            recorded("gone", json!("a")),
        ];
        // 0 + 2 + 1 + 1 + 1 (one item of two) + 2
        assert_eq!(rescore(quiz, &answers), (7, 10));
        assert_eq!(rescore(quiz, &[]), (0, 10));
        let unreadable = [recorded("pick-one", json!(["a", "b"]))];
        assert_eq!(rescore(quiz, &unreadable), (0, 10));
    }

    #[test]
    fn a_sealed_quiz_rescores_to_nothing_without_the_keys() {
        let course = fixture();
        let exam = course.quiz("exam").unwrap();
        assert!(exam.sealed);
        assert_eq!(rescore(exam, &[recorded("exam-pick", json!("a"))]), (0, 2));
    }
}
