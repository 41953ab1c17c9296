//! Taking a quiz: asking its questions one at a time over plain lines of input (so it works in
//! any terminal, and tests drive it through standard input), or reading an `--answers` file;
//! then turning the responses into an `Attempt` to record.

use std::io::{BufRead, Write};

use crate::app::ui;
use crate::domain::course::format::RawAnswer;
use crate::domain::course::quiz::{locate, Kind, Quiz};
use crate::domain::quiz::answer::{self, Answer};
use crate::domain::quiz::{order, score};
use crate::domain::view::quiz as render;
use crate::infra::error::{Error, Result};
use crate::infra::workbook::quiz_record::{now, Attempt, RecordedAnswer};

/// One question's answer and when it was given.
#[derive(Debug, Clone)]
pub struct Response {
    pub answer: Option<Answer>,
    pub answered_at: u64,
}

/// Asks questions on `output`, reads answers from `input`.
pub struct Asker<'a, R, W> {
    pub quiz: &'a Quiz,
    pub seed: u64,
    /// 0 for the first time through the quiz, then 1, 2, ... for each retry: a retry shows the
    /// choices in a new order, so the place of the right answer teaches nothing.
    pub round: u64,
    pub input: R,
    pub output: W,
    /// Repeat each line read on `output`, so a transcript of piped input reads like a
    /// conversation (a terminal shows what was typed already).
    pub echo: bool,
}

impl<R: BufRead, W: Write> Asker<'_, R, W> {
    /// The order the choices of question `idx` are shown in.
    pub fn order(&self, idx: usize) -> Vec<usize> {
        let question = &self.quiz.questions[idx];
        order::choice_order(
            order::for_round(self.seed, self.round),
            &self.quiz.id,
            &question.id,
            question.kind.choices().len(),
        )
    }

    /// Asks the questions at `indices` in turn. Feedback follows each answer, or, with
    /// `feedback_at_end`, all of it after the last. Input that ends early is an error (nothing
    /// of this round is returned, so nothing is recorded).
    pub fn ask_all(
        &mut self,
        indices: &[usize],
        feedback_at_end: bool,
    ) -> Result<Vec<(usize, Response)>> {
        let mut responses = Vec::new();
        for (position, &idx) in indices.iter().enumerate() {
            let order = self.order(idx);
            let question = &self.quiz.questions[idx];
            self.say(&render::question(
                ui::out(),
                position + 1,
                indices.len(),
                question,
                &order,
            ))?;
            let answer = self.ask(idx, &order)?;
            if !feedback_at_end {
                let marked = score::mark(question, Some(&answer));
                self.say(&render::feedback(
                    ui::out(),
                    question,
                    Some(&answer),
                    marked,
                    &order,
                ))?;
            }
            responses.push((
                idx,
                Response {
                    answer: Some(answer),
                    answered_at: now(),
                },
            ));
        }
        if feedback_at_end && !self.quiz.sealed {
            self.say(&format!("\n{}\n", ui::heading("Feedback")))?;
            for (idx, response) in &responses {
                let order = self.order(*idx);
                let question = &self.quiz.questions[*idx];
                let marked = score::mark(question, response.answer.as_ref());
                self.say(&format!(
                    "\n{} {}\n{}",
                    ui::heading(&format!("{}.", idx + 1)),
                    question.id,
                    render::feedback(
                        ui::out(),
                        question,
                        response.answer.as_ref(),
                        marked,
                        &order
                    )
                ))?;
            }
        }
        Ok(responses)
    }

    /// One answer, asked again until it reads.
    fn ask(&mut self, idx: usize, order: &[usize]) -> Result<Answer> {
        let question = &self.quiz.questions[idx];
        self.say(&format!("\n{}", render::how_to_answer(question)))?;
        match &question.kind {
            Kind::Classify { categories, items } => {
                let mut placement = Vec::new();
                for (n, item) in items.iter().enumerate() {
                    let category = loop {
                        self.say(&format!("  {}/{} {} -> ", n + 1, items.len(), item.text))?;
                        let line = self.line()?;
                        match answer::category_from_typed(categories, &line) {
                            Ok(category) => break category,
                            Err(reason) => self.say(&format!("  {}\n", ui::warning(&reason)))?,
                        }
                    };
                    placement.push(Some(category));
                }
                Ok(Answer::Placement(placement))
            }
            Kind::PredictOutput { .. } => loop {
                let mut lines = Vec::new();
                loop {
                    self.say("> ")?;
                    let line = self.line()?;
                    if line.trim().is_empty() {
                        break;
                    }
                    lines.push(line);
                }
                if !lines.is_empty() {
                    break Ok(Answer::Text(lines.join("\n")));
                }
                self.say(&format!(
                    "{}\n",
                    ui::warning("type at least one line, then an empty line")
                ))?;
            },
            _ => loop {
                match answer::from_typed(question, &self.line()?, order) {
                    Ok(answer) => break Ok(answer),
                    Err(reason) => self.say(&format!(
                        "{}\n{}",
                        ui::warning(&reason),
                        render::how_to_answer(question)
                    ))?,
                }
            },
        }
    }

    /// Asks a yes/no question; only `y`/`yes` is yes, and ended input is no.
    pub fn confirm(&mut self, question: &str) -> Result<bool> {
        self.say(&format!("{question} [y/N] "))?;
        match self.line() {
            Ok(line) => Ok(matches!(line.trim().to_lowercase().as_str(), "y" | "yes")),
            Err(Error::InputEnded) => Ok(false),
            Err(error) => Err(error),
        }
    }

    /// One line of input without its line ending; ended input is `InputEnded`.
    fn line(&mut self) -> Result<String> {
        let mut line = String::new();
        let n = self
            .input
            .read_line(&mut line)
            .map_err(|error| Error::io("read", "standard input", error))?;
        if n == 0 {
            self.say("\n")?;
            return Err(Error::InputEnded);
        }
        let line = line.trim_end_matches(['\n', '\r']).to_owned();
        if self.echo {
            self.say(&format!("{line}\n"))?;
        }
        Ok(line)
    }

    pub fn say(&mut self, text: &str) -> Result<()> {
        self.output
            .write_all(text.as_bytes())
            .and_then(|()| self.output.flush())
            .map_err(|error| Error::io("write", "standard output", error))
    }
}

/// The responses an `--answers` file gives, one slot per question (`None`: not in the file).
/// Unknown question ids, repeated ids and answers that do not fit their question are errors,
/// located at the line that names the question. `text` is the file's text, `raw` its answers.
pub fn from_file(
    quiz: &Quiz,
    file: &str,
    text: &str,
    raw: &RawAnswer,
) -> Result<Vec<Option<Response>>> {
    let at = |id: &str| match locate::field(text, None, id) {
        Some((line, column)) => format!("{file}:{line}:{column}"),
        None => file.to_owned(),
    };
    let entries = match raw {
        RawAnswer::Map(entries) => entries.as_slice(),
        RawAnswer::Null => &[],
        _ => {
            return Err(Error::AnswersFile {
                file: file.to_owned(),
                message: "expected a map from question id to answer".to_owned(),
            })
        }
    };
    let unknown: Vec<String> = entries
        .iter()
        .filter(|(id, _)| quiz.question(id).is_none())
        .map(|(id, _)| format!("`{id}`"))
        .collect();
    if let Some((first, _)) = entries.iter().find(|(id, _)| quiz.question(id).is_none()) {
        return Err(Error::AnswersFile {
            file: at(first),
            message: format!(
                "quiz `{}` has no question {} (its questions: {})",
                quiz.id,
                unknown.join(", "),
                quiz.questions
                    .iter()
                    .map(|question| format!("`{}`", question.id))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        });
    }
    let mut responses = vec![None; quiz.questions.len()];
    for (id, raw) in entries {
        let idx = quiz
            .questions
            .iter()
            .position(|question| &question.id == id)
            .expect("checked above");
        let invalid = |message: String| Error::AnswersFile {
            file: at(id),
            message: format!("question `{id}`: {message}"),
        };
        if responses[idx].is_some() {
            return Err(invalid("answered twice".to_owned()));
        }
        let answer = answer::from_raw(&quiz.questions[idx], raw).map_err(invalid)?;
        responses[idx] = Some(Response {
            answer,
            answered_at: now(),
        });
    }
    Ok(responses)
}

/// Scores responses (one slot per question) into attempt number `number`.
pub fn attempt(quiz: &Quiz, responses: &[Option<Response>], number: u32) -> Attempt {
    let answers: Vec<RecordedAnswer> = quiz
        .questions
        .iter()
        .zip(responses)
        .map(|(question, response)| {
            let answer = response.as_ref().and_then(|r| r.answer.as_ref());
            let marked = score::mark(question, answer);
            RecordedAnswer {
                question: question.id.clone(),
                answer: answer.map_or(serde_json::Value::Null, |a| answer::to_json(question, a)),
                correct: marked.map(|m| m.correct),
                points: marked.map(|m| m.points),
                answered_at: response.as_ref().map_or(0, |r| r.answered_at),
            }
        })
        .collect();
    let score = (!quiz.sealed).then(|| answers.iter().filter_map(|a| a.points).sum::<u32>());
    Attempt {
        number,
        score,
        max_score: quiz.max_score(),
        passed: score.map(|score| quiz.passes(score)),
        finished_at: now(),
        answers,
    }
}
