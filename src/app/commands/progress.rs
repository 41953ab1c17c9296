//! `statelings progress [--json]`: how far the learner is, in exercises and quizzes. The JSON
//! form is a published format: its types are below, and its schema is `docs/schemas/`.

use std::path::PathBuf;
use std::process::ExitCode;

use serde::Serialize;

use crate::app::config::Config;
use crate::app::quiz_standing::{self, Standing};
use crate::app::session::Session;
use crate::app::ui;
use crate::domain::status::Status;
use crate::infra::error::Result;

/// `progress --json`.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct ProgressReport {
    pub workbook: PathBuf,
    pub exercises_done: usize,
    pub exercises_total: usize,
    /// The exercise the learner is on.
    pub current: String,
    pub exercises: Vec<ExerciseProgress>,
    pub quizzes: Vec<QuizProgress>,
    /// Every exercise passes and every quiz is done.
    pub finished: bool,
}

#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct ExerciseProgress {
    pub name: String,
    pub chapter: String,
    pub status: Status,
    pub hints_shown: usize,
}

#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct QuizProgress {
    pub name: String,
    /// The chapter it closes, or `module` for the final quiz.
    pub closes: String,
    pub taken: bool,
    pub attempts: u32,
    pub best_score: Option<u32>,
    pub last_score: Option<u32>,
    pub max_score: u32,
    /// `null` for a sealed quiz that was taken: the instructor scores it.
    pub passed: Option<bool>,
}

pub fn progress(config: &Config, as_json: bool) -> Result<ExitCode> {
    let session = Session::open(config, false)?;
    if as_json {
        let report = report(&session);
        println!(
            "{}",
            serde_json::to_string_pretty(&report).expect("the report serialises")
        );
        return Ok(ExitCode::SUCCESS);
    }
    println!("{}", summary_line(&session));
    let progress = session.progress();
    for chapter in &session.course().chapters {
        let n_done = chapter
            .exercises
            .iter()
            .filter(|&&idx| progress.passed(&session.exercises()[idx].name))
            .count();
        println!(
            "  {:<52} {n_done}/{}",
            chapter.title,
            chapter.exercises.len()
        );
    }
    for line in quiz_standing::progress_lines(&session) {
        println!("{line}");
    }
    let current = session.current();
    println!(
        "Current exercise: {} ({})",
        ui::name(&session.exercises()[current].name),
        session.display_path(current)
    );
    Ok(ExitCode::SUCCESS)
}

/// `progress --json`'s content.
pub fn report(session: &Session) -> ProgressReport {
    let progress = session.progress();
    let course = session.course();
    let exercises = course
        .exercises
        .iter()
        .map(|exercise| {
            let entry = progress.exercise(&exercise.name);
            ExerciseProgress {
                name: exercise.name.clone(),
                chapter: course.chapters[exercise.chapter].dir.clone(),
                status: entry.status,
                // A count from the file is never more than the hints there are.
                hints_shown: entry.hints_shown.min(exercise.hints.len()),
            }
        })
        .collect();
    let quizzes: Vec<QuizProgress> = quiz_standing::standings(session)
        .into_iter()
        .map(|(quiz, standing)| {
            let record = progress.quizzes.get(&quiz.id);
            let score = |attempt: Option<&crate::infra::workbook::quiz_record::Attempt>| {
                attempt.and_then(|a| a.score)
            };
            QuizProgress {
                name: quiz.id.clone(),
                closes: quiz.closes.clone(),
                taken: standing != Standing::NotTaken,
                attempts: record.map_or(0, |record| record.attempts),
                best_score: score(record.and_then(|r| r.best.as_ref())),
                last_score: score(record.and_then(|r| r.last.as_ref())),
                max_score: quiz.max_score(),
                passed: match standing {
                    Standing::Submitted => None,
                    standing => Some(matches!(standing, Standing::Passed { .. })),
                },
            }
        })
        .collect();
    let done = session.n_passed();
    ProgressReport {
        workbook: session.workbook().root().to_path_buf(),
        exercises_done: done,
        exercises_total: course.exercises.len(),
        current: course.exercises[session.current()].name.clone(),
        finished: done == course.exercises.len()
            && quizzes
                .iter()
                .all(|quiz| quiz.passed != Some(false) && quiz.taken),
        exercises,
        quizzes,
    }
}

/// `Progress: exercises [#####-----] 5/10   quizzes [##-----] 2/7`
pub fn summary_line(session: &Session) -> String {
    let (quizzes_done, quizzes_total) = quiz_standing::n_done(session);
    format!(
        "{} exercises {}   quizzes {}",
        ui::heading("Progress:"),
        ui::progress_bar(session.n_passed(), session.exercises().len(), 30),
        ui::progress_bar(quizzes_done, quizzes_total, 7)
    )
}
