//! Re-scoring the quizzes recorded in a submission against the course's answer keys: only the
//! answers are trusted, never a score the workbook states.

use std::path::Path;

use crate::domain::course::quiz::Quiz;
use crate::domain::course::Course;
use crate::domain::grade::record::{letter, AnswerGrade, QuizGrade};
use crate::domain::quiz::answer::{self, Answer};
use crate::domain::quiz::score;
use crate::infra::workbook::{ProgressProblem, Workbook};

/// The best of the attempts the workbook keeps (best and last), re-scored. A missing or damaged
/// progress file is noted in `problems` (what could be salvaged is still scored), and so is a
/// workbook made from other exercises than this course's (the progress file holds its stamp). A quiz sealed
/// in this edition of the course has no keys to score with, so it is left out.
pub fn grade_quizzes(
    course: &Course,
    workbook: &Path,
    problems: &mut Vec<String>,
) -> Vec<QuizGrade> {
    let loaded = Workbook::open(workbook).and_then(|workbook| workbook.load_progress());
    let progress = match loaded {
        Ok(loaded) => {
            match loaded.problem {
                Some(ProgressProblem::Missing) => {
                    problems.push("no progress file, so no quiz answers were found".to_owned())
                }
                Some(ProgressProblem::Refused(refused)) => problems.push(format!(
                    "the progress file was not read ({refused}), so no quiz answers were found"
                )),
                Some(ProgressProblem::Damaged(damage)) => problems.push(format!(
                    "the progress file is damaged ({}); what could be read was scored",
                    damage.describe()
                )),
                None => {}
            }
            if let Some(note) = other_course(course, &loaded.progress) {
                problems.push(note);
            }
            Some(loaded.progress)
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
            let best = record
                .into_iter()
                .flat_map(|record| [&record.best, &record.last])
                .flatten()
                .map(|attempt| {
                    let answers: Vec<(&str, &serde_json::Value)> = attempt
                        .answers
                        .iter()
                        .map(|answer| (answer.question.as_str(), &answer.answer))
                        .collect();
                    (score::rescore(quiz, &answers).0, questions(quiz, &answers))
                })
                // The best score; of equal ones, the first (the best attempt before the last).
                .reduce(|best, next| if next.0 > best.0 { next } else { best });
            let score = best.as_ref().map_or(0, |(score, _)| *score);
            QuizGrade {
                name: quiz.id.clone(),
                score,
                max_score: quiz.max_score(),
                taken: best.is_some(),
                passed: best.is_some() && quiz.passes(score),
                answers: best.map(|(_, answers)| answers).unwrap_or_default(),
            }
        })
        .collect()
}

/// A note when the workbook was made from other exercises than the course graded against (an
/// older edition, say): graded all the same, with this course's tests.
fn other_course(
    course: &Course,
    progress: &crate::infra::workbook::progress::Progress,
) -> Option<String> {
    let made_from = progress.course.as_deref()?;
    let graded_with = course.exercises_version();
    (made_from != graded_with).then(|| {
        format!(
            "the workbook was made from another version of the course's exercises ({}, this \
             course's is {}): it was graded with this course's tests, which may ask for what \
             its exercises did not",
            made_from.chars().take(12).collect::<String>(),
            &graded_with[..12]
        )
    })
}

/// Question by question, what an attempt earned and (for choice and true-or-false questions)
/// what was picked, as `rescore` reads the recorded answers (the first answer to a question).
fn questions(quiz: &Quiz, answers: &[(&str, &serde_json::Value)]) -> Vec<AnswerGrade> {
    quiz.questions
        .iter()
        .map(|question| {
            let recorded = answers
                .iter()
                .find(|(id, _)| *id == question.id)
                .and_then(|(_, value)| answer::from_json(question, value).ok())
                .flatten();
            let marked = score::mark(question, recorded.as_ref());
            let picked = match &recorded {
                Some(Answer::Choice(idx)) => vec![letter(*idx)],
                Some(Answer::Choices(set)) => set.iter().map(|&idx| letter(idx)).collect(),
                Some(Answer::Bool(value)) => vec![value.to_string()],
                _ => Vec::new(),
            };
            AnswerGrade {
                question: question.id.clone(),
                points: marked.map_or(0, |m| m.points),
                max_points: question.points,
                correct: marked.is_some_and(|m| m.correct),
                answered: recorded.is_some(),
                picked,
            }
        })
        .collect()
}
