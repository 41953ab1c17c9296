//! Rendering a class's grades: pure functions from `ClassReport` to text, one per format. The
//! JSON report is the full record (and what `grade --merge` reads back); the others are views.
//! Every view takes its columns from the course in the report (`ClassReport::course`), shows the
//! report's problems and the submissions' problems, and escapes every learner-made string for
//! its format (`escape`).

mod csv;
pub mod escape;
pub mod feedback;
pub mod gradescope;
mod html;
mod junit;
mod text;

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
        Format::Gradescope => gradescope::render(report)?,
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
