//! Re-scoring the quizzes recorded in a submission against the course's answer keys: only the
//! answers are trusted, never a score the workbook states.

use std::path::Path;

use crate::domain::course::Course;
use crate::domain::grade::record::QuizGrade;
use crate::domain::quiz::score;
use crate::infra::workbook::{ProgressProblem, Workbook};

/// The best of the attempts the workbook keeps (best and last), re-scored. A missing or damaged
/// progress file is noted in `problems` (what could be salvaged is still scored). A quiz sealed
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
                    score::rescore(quiz, &answers).0
                })
                .max();
            QuizGrade {
                name: quiz.id.clone(),
                score: best.unwrap_or(0),
                max_score: quiz.max_score(),
                taken: best.is_some(),
            }
        })
        .collect()
}
