//! `statelings quiz [NAME] [--answers FILE] [--json] [--feedback-at-end]`: picks the quiz (the
//! next one due without a name), takes it interactively or from an answers file, prints the
//! feedback and the score, and records the attempt in the workbook.

mod take;

use std::io::{IsTerminal as _, Write as _};
use std::process::ExitCode;

use serde::Serialize;

use crate::app::cli::QuizArgs;
use crate::app::commands::exit;
use crate::app::config::Config;
use crate::app::quiz_standing;
use crate::app::session::Session;
use crate::app::ui;
use crate::domain::course::format;
use crate::domain::course::quiz::Quiz;
use crate::domain::quiz::score;
use crate::domain::view::quiz as render;
use crate::infra::error::{Error, Result};
use crate::infra::workbook::quiz_record as record;
use take::{Asker, Response};

/// `quiz --answers FILE --json`: a published format (see `docs/schemas/`).
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct QuizResult {
    pub quiz: String,
    pub attempt: u32,
    /// `null` for a sealed quiz: the instructor scores it.
    pub score: Option<u32>,
    pub max_score: u32,
    pub passed: Option<bool>,
    pub questions: Vec<QuestionResult>,
}

#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct QuestionResult {
    pub id: String,
    pub correct: Option<bool>,
    pub points: Option<u32>,
    pub max_points: u32,
}

/// `statelings quiz [NAME] [--answers FILE] [--json] [--feedback-at-end]`: exit 0 when passed
/// (or, sealed, recorded), 1 when failed.
pub fn quiz(config: &Config, args: &QuizArgs) -> Result<ExitCode> {
    let session = Session::open(config, false)?;
    let quiz = match &args.name {
        Some(name) => session.quiz_named(name)?,
        None => match quiz_standing::next(&session) {
            Some(quiz) => quiz,
            None if session.course().quizzes.is_empty() => {
                println!("This course has no quizzes.");
                return Ok(ExitCode::SUCCESS);
            }
            None => {
                println!(
                    "{} Retake one with `statelings quiz NAME` ({}).",
                    ui::success("Every quiz is done."),
                    known(&session)
                );
                return Ok(ExitCode::SUCCESS);
            }
        },
    };
    let passed = match &args.answers {
        Some(file) => from_answers_file(&session, quiz, file, args.json)?,
        None => interactively(&session, quiz, args.feedback_at_end)?,
    };
    Ok(exit(passed))
}

/// Asks every question, records the attempt, then offers to retry the wrong ones. A retry is
/// a new attempt: the questions answered right keep their answers (and times), the retried ones
/// take the new answers, and the whole is scored again. Returns whether the last attempt passed.
pub fn interactively(session: &Session, quiz: &Quiz, feedback_at_end: bool) -> Result<bool> {
    let stdin = std::io::stdin();
    let mut asker = Asker {
        quiz,
        seed: session.seed(),
        round: 0,
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
        asker.say(&render::summary(
            ui::out(),
            quiz,
            attempt.score,
            attempt.max_score,
        ))?;
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
        asker.round += 1;
    }
}

/// Scores the answers in `file`, prints feedback (or JSON), records them.
fn from_answers_file(
    session: &Session,
    quiz: &Quiz,
    file: &std::path::Path,
    as_json: bool,
) -> Result<bool> {
    let shown = file.display().to_string();
    let bytes = crate::infra::safe_file::read_regular(file, 1 << 20).map_err(|refused| {
        Error::AnswersFile {
            file: shown.clone(),
            message: format!("not read: {refused}"),
        }
    })?;
    let text = String::from_utf8(bytes).map_err(|_| Error::AnswersFile {
        file: shown.clone(),
        message: "it is not UTF-8 text".to_owned(),
    })?;
    let raw: format::RawAnswer = format::parse(&shown, &text)?;
    let responses = take::from_file(quiz, &shown, &text, &raw)?;
    let attempt = save_attempt(session, quiz, &responses)?;
    if as_json {
        let result = QuizResult {
            quiz: quiz.id.clone(),
            attempt: attempt.number,
            score: attempt.score,
            max_score: attempt.max_score,
            passed: attempt.passed,
            questions: quiz
                .questions
                .iter()
                .zip(&attempt.answers)
                .map(|(question, recorded)| QuestionResult {
                    id: question.id.clone(),
                    correct: recorded.correct,
                    points: recorded.points,
                    max_points: question.points,
                })
                .collect(),
        };
        println!(
            "{}",
            serde_json::to_string_pretty(&result).expect("the result serialises")
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
                render::feedback(ui::out(), question, answer, marked, &order)
            );
        }
        let _ = write!(
            out,
            "{}",
            render::summary(ui::out(), quiz, attempt.score, attempt.max_score)
        );
    }
    Ok(attempt.passed != Some(false))
}

/// Scores `responses` as the quiz's next attempt and saves it in the workbook.
fn save_attempt(
    session: &Session,
    quiz: &Quiz,
    responses: &[Option<Response>],
) -> Result<record::Attempt> {
    session.record_quiz(&quiz.id, |number| take::attempt(quiz, responses, number))
}

fn known(session: &Session) -> String {
    let course = session.course();
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
