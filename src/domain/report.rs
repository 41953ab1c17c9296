//! Rendering a class's grades: pure functions from `ClassReport` to text, one per format. The
//! JSON report is the full record (and what `grade --merge` reads back); the others are views.

pub mod gradescope;
mod junit;
mod text;

use crate::domain::grade::record::ClassReport;
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
        Format::Gradescope => gradescope::render(report)?,
    })
}
