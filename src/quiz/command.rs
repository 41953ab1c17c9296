//! `statelings quiz [NAME] [--answers FILE] [--json] [--feedback-at-end]`: picks the quiz (the
//! next one due without a name), takes it interactively or from an answers file, prints the
//! feedback and the score, and records the attempt in the workbook.

use std::io::{IsTerminal as _, Write as _};
use std::process::ExitCode;

use serde_json::json;

use super::take::{self, Asker, Response};
use super::{order, record, render, score, QuizError};
use crate::cli::{GlobalArgs, QuizArgs};
use crate::course::quiz::Quiz;
use crate::course::{format, Course};
use crate::error::{Error, Result, EXIT_NEGATIVE};
use crate::session::Session;
use crate::ui;

/// `statelings quiz [NAME] [--answers FILE] [--json] [--feedback-at-end]`: exit 0 when passed
/// (or, sealed, recorded), 1 when failed.
pub fn quiz(global: &GlobalArgs, args: &QuizArgs) -> Result<ExitCode> {
    let mut session = Session::open(global)?;
    let quiz = match &args.name {
        Some(name) => session.course.quiz(name).cloned().ok_or_else(|| {
            Error::from(QuizError::Unknown {
                name: name.clone(),
                known: known(&session.course),
            })
        })?,
        None => match next_due(&session) {
            Some(quiz) => quiz.clone(),
            None if session.course.quizzes.is_empty() => {
                println!("This course has no quizzes.");
                return Ok(ExitCode::SUCCESS);
            }
            None => {
                println!(
                    "{} Retake one with `statelings quiz NAME` ({}).",
                    ui::success("Every quiz is done."),
                    known(&session.course)
                );
                return Ok(ExitCode::SUCCESS);
            }
        },
    };
    if session.progress.seed.is_none() {
        session.progress.seed = Some(order::seed_for_path(session.workbook.root()));
    }
    let passed = match &args.answers {
        Some(file) => from_answers_file(&mut session, &quiz, file, args.json)?,
        None => interactively(&mut session, &quiz, args.feedback_at_end)?,
    };
    Ok(if passed {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_NEGATIVE)
    })
}

/// Asks every question, records the attempt, then offers to retry the wrong ones. A retry is
/// a new attempt: the questions answered right keep their answers (and times), the retried ones
/// take the new answers, and the whole is scored again. Returns whether the last attempt passed.
fn interactively(session: &mut Session, quiz: &Quiz, feedback_at_end: bool) -> Result<bool> {
    let stdin = std::io::stdin();
    let mut asker = Asker {
        quiz,
        seed: session.progress.seed.unwrap_or_default(),
        input: stdin.lock(),
        output: std::io::stdout().lock(),
        echo: !std::io::stdin().is_terminal(),
    };
    let goal = if quiz.sealed {
        "sealed: your instructor grades it".to_owned()
    } else {
        format!("{}% to pass", quiz.pass_mark)
    };
    asker.say(&format!(
        "{} {}: {} questions, {} points; {goal}.\n",
        ui::heading("Quiz"),
        ui::name(&quiz.title),
        quiz.questions.len(),
        quiz.max_score(),
    ))?;
    let mut responses: Vec<Option<Response>> = vec![None; quiz.questions.len()];
    let mut to_ask: Vec<usize> = (0..quiz.questions.len()).collect();
    loop {
        for (idx, response) in asker.ask_all(&to_ask, feedback_at_end)? {
            responses[idx] = Some(response);
        }
        let attempt = save_attempt(session, quiz, &responses)?;
        asker.say(&render::summary(quiz, attempt.score, attempt.max_score))?;
        if quiz.sealed {
            return Ok(true);
        }
        to_ask = (0..quiz.questions.len())
            .filter(|&idx| attempt.answers[idx].correct != Some(true))
            .collect();
        let passed = attempt.passed == Some(true);
        if to_ask.is_empty()
            || !asker.confirm(&format!(
                "Retry the {} question(s) you did not get fully right?",
                to_ask.len()
            ))?
        {
            return Ok(passed);
        }
    }
}

/// Scores the answers in `file`, prints feedback (or JSON), records them.
fn from_answers_file(
    session: &mut Session,
    quiz: &Quiz,
    file: &std::path::Path,
    as_json: bool,
) -> Result<bool> {
    let shown = file.display().to_string();
    let text = std::fs::read_to_string(file).map_err(|error| Error::io("read", file, error))?;
    let raw: format::RawAnswer = format::parse(&shown, &text)?;
    let responses = take::from_file(quiz, &shown, &text, &raw)?;
    let attempt = save_attempt(session, quiz, &responses)?;
    if as_json {
        let questions: Vec<_> = quiz
            .questions
            .iter()
            .zip(&attempt.answers)
            .map(|(question, recorded)| {
                json!({
                    "id": question.id,
                    "correct": recorded.correct,
                    "points": recorded.points,
                    "max_points": question.points,
                })
            })
            .collect();
        let report = json!({
            "quiz": quiz.id,
            "attempt": attempt.number,
            "score": attempt.score,
            "max_score": attempt.max_score,
            "passed": attempt.passed,
            "questions": questions,
        });
        println!(
            "{}",
            serde_json::to_string_pretty(&report).expect("JSON values serialise")
        );
    } else {
        let mut out = std::io::stdout().lock();
        let identity = |n: usize| (0..n).collect::<Vec<_>>();
        for ((idx, question), response) in quiz.questions.iter().enumerate().zip(&responses) {
            let answer = response.as_ref().and_then(|r| r.answer.as_ref());
            let marked = score::mark(question, answer);
            let order = identity(question.kind.choices().len());
            let _ = write!(
                out,
                "{} {}: {}",
                ui::heading(&format!("{}.", idx + 1)),
                question.id,
                render::feedback(question, answer, marked, &order)
            );
        }
        let _ = write!(
            out,
            "{}",
            render::summary(quiz, attempt.score, attempt.max_score)
        );
    }
    Ok(attempt.passed != Some(false))
}

/// Scores `responses` as the quiz's next attempt and saves it in the workbook.
fn save_attempt(
    session: &mut Session,
    quiz: &Quiz,
    responses: &[Option<Response>],
) -> Result<record::Attempt> {
    let record = session.progress.quizzes.entry(quiz.id.clone()).or_default();
    let attempt = take::attempt(quiz, responses, record.next_number());
    record.add(attempt.clone());
    session.save()?;
    Ok(attempt)
}

/// The first quiz whose chapter is finished and that is not done yet, else the first not done.
fn next_due(session: &Session) -> Option<&Quiz> {
    let course = &session.course;
    let finished = |quiz: &Quiz| {
        let passed = |idx: &usize| session.progress.passed(&course.exercises[*idx].name);
        match course
            .chapters
            .iter()
            .find(|chapter| chapter.dir == quiz.closes)
        {
            Some(chapter) => chapter.exercises.iter().all(passed),
            None => (0..course.exercises.len()).all(|idx| passed(&idx)),
        }
    };
    let done = |quiz: &Quiz| super::is_done(quiz, session.progress.quizzes.get(&quiz.id));
    let due = || course.quizzes.iter().filter(|quiz| !done(quiz));
    due().find(|quiz| finished(quiz)).or_else(|| due().next())
}

fn known(course: &Course) -> String {
    if course.quizzes.is_empty() {
        return "none".to_owned();
    }
    course
        .quizzes
        .iter()
        .map(|quiz| format!("`{}`", quiz.id))
        .collect::<Vec<_>>()
        .join(", ")
}
