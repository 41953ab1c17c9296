//! Rendering a class's grades: pure functions from `ClassReport` to text, one per format. The
//! JSON report is the full record (and what `grade --merge` reads back); the others are views.

mod junit;
mod text;

use serde_json::json;

use crate::domain::grade::record::{ClassReport, Status};
use crate::domain::style::Style;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
    Csv,
    Junit,
    Markdown,
    Gradescope,
}

/// Renders `report` in `format`; `Err` says why the format cannot show it.
pub fn render(report: &ClassReport, format: Format, style: Style) -> Result<String, String> {
    Ok(match format {
        Format::Table => text::table(report, style),
        Format::Json => serde_json::to_string_pretty(report).expect("reports serialise") + "\n",
        Format::Csv => text::csv(report),
        Format::Junit => junit::junit(report),
        Format::Markdown => text::markdown(report),
        Format::Gradescope => gradescope(report)?,
    })
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
