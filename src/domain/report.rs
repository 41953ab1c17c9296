//! Rendering a class's grades: pure functions from `ClassReport` to text, one per format. The
//! JSON report is the full record (and what `grade --merge` reads back); the others are views.
//! Every view takes its columns from the course in the report (`ClassReport::course`), shows the
//! report's problems and the submissions' problems, and escapes every learner-made string for
//! its format (`escape`).

mod csv;
pub mod escape;
mod html;
mod junit;
mod text;

use serde_json::json;

pub use csv::CsvStyle;

use crate::domain::grade::record::{ClassReport, ExerciseGrade, QuizGrade, Status, Submission};
use crate::domain::style::Style;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
    Csv(CsvStyle),
    Junit,
    Markdown,
    Gradescope,
    Html,
}

/// Renders `report` in `format`; `Err` says why the format cannot show it.
pub fn render(report: &ClassReport, format: Format, style: Style) -> Result<String, String> {
    Ok(match format {
        Format::Table => text::table(report, style),
        Format::Json => serde_json::to_string_pretty(report).expect("reports serialise") + "\n",
        Format::Csv(csv_style) => csv::csv(report, csv_style),
        Format::Junit => junit::junit(report),
        Format::Markdown => text::markdown(report),
        Format::Gradescope => gradescope(report)?,
        Format::Html => html::html(report),
    })
}

/// A submission's grade for the exercise `name` (absent from a record of another course).
fn exercise<'a>(submission: &'a Submission, name: &str) -> Option<&'a ExerciseGrade> {
    submission.exercises.iter().find(|e| e.name == name)
}

fn quiz<'a>(submission: &'a Submission, name: &str) -> Option<&'a QuizGrade> {
    submission.quizzes.iter().find(|q| q.name == name)
}

/// One character per status, so a cell says more than its colour: passed, failed, does not
/// compile, timed out, rejected, not attempted.
fn glyph(status: Status) -> char {
    match status {
        Status::Passed => '✓',
        Status::Failed => '✗',
        Status::CompileError => 'E',
        Status::TimedOut => 'T',
        Status::Rejected => 'R',
        Status::NotAttempted => '·',
    }
}

/// The legend of `glyph`.
const GLYPHS: &str =
    "✓ passed, ✗ failed, E does not compile, T timed out, R rejected, · not attempted";

/// `score` of `max` as a percentage with one decimal (`0.0` when there is nothing to score).
fn percent(score: u32, max: u32) -> String {
    if max == 0 {
        "0.0".to_owned()
    } else {
        format!("{:.1}", f64::from(score) * 100.0 / f64::from(max))
    }
}

/// A rate (0 to 1) as a whole percentage, or what to say when nobody was counted.
fn rate(rate: Option<f64>) -> String {
    match rate {
        Some(rate) => format!("{:.0}%", rate * 100.0),
        None => "nobody attempted".to_owned(),
    }
}

/// `ch4` for `04_scaling_stateless`: short, and unlike the names, never ambiguous.
fn number(chapter: &str) -> String {
    let digits: String = chapter.chars().take_while(char::is_ascii_digit).collect();
    match digits.parse::<u32>() {
        Ok(n) => format!("ch{n}"),
        Err(_) => chapter.chars().take(9).collect(),
    }
}

/// `scaling_stateless` for `04_scaling_stateless`.
fn short(chapter: &str) -> &str {
    match chapter.split_once('_') {
        Some((digits, rest)) if digits.chars().all(|c| c.is_ascii_digit()) => rest,
        _ => chapter,
    }
}

/// Gradescope's autograder `results.json`: one submission, a test per exercise and quiz.
fn gradescope(report: &ClassReport) -> Result<String, String> {
    let [submission] = report.submissions.as_slice() else {
        return Err(format!(
            "the gradescope format is for one submission, and {} were found",
            report.submissions.len()
        ));
    };
    let mut tests: Vec<_> = submission
        .exercises
        .iter()
        .map(|exercise| {
            let output = if exercise.message.is_empty() {
                format!("{}: {}", exercise.status.id(), exercise.name)
            } else {
                format!("{}: {}", exercise.status.id(), exercise.message)
            };
            json!({
                "name": exercise.name,
                "score": exercise.points,
                "max_score": exercise.max_points,
                "status": if exercise.status == Status::Passed { "passed" } else { "failed" },
                "output": output,
            })
        })
        .collect();
    tests.extend(submission.quizzes.iter().map(|quiz| {
        json!({
            "name": format!("quiz: {}", quiz.name),
            "score": quiz.score,
            "max_score": quiz.max_score,
            "status": if quiz.taken && quiz.score == quiz.max_score { "passed" } else { "failed" },
            "output": if quiz.taken { format!("{} of {} points", quiz.score, quiz.max_score) } else { "not taken".to_owned() },
        })
    }));
    let results = json!({
        "score": submission.score,
        "max_score": submission.max_score,
        "tests": tests,
    });
    Ok(serde_json::to_string_pretty(&results).expect("JSON values serialise") + "\n")
}
