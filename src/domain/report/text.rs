//! The class as a table: coloured for the terminal, Markdown for a page, CSV for a gradebook.

use std::fmt::Write as _;

use crate::domain::grade::record::{ClassReport, Status, Submission};
use crate::domain::style::Style;

/// How many of the hardest exercises the table and Markdown list.
const HARDEST: usize = 5;

/// Chapters in the order the submissions list their exercises.
fn chapters(report: &ClassReport) -> Vec<String> {
    let mut chapters: Vec<String> = Vec::new();
    for exercise in report.submissions.iter().flat_map(|s| &s.exercises) {
        if !chapters.contains(&exercise.chapter) {
            chapters.push(exercise.chapter.clone());
        }
    }
    chapters
}

fn chapter_points(submission: &Submission, chapter: &str) -> (u32, u32) {
    submission
        .exercises
        .iter()
        .filter(|e| e.chapter == chapter)
        .fold((0, 0), |(got, max), e| (got + e.points, max + e.max_points))
}

fn quiz_points(submission: &Submission) -> (u32, u32) {
    submission
        .quizzes
        .iter()
        .fold((0, 0), |(got, max), q| (got + q.score, max + q.max_score))
}

fn short(chapter: &str) -> &str {
    chapter.split_once('_').map_or(chapter, |(_, rest)| rest)
}

pub fn table(report: &ClassReport, style: Style) -> String {
    let chapters = chapters(report);
    let id_width = report
        .submissions
        .iter()
        .map(|s| s.id.len())
        .max()
        .unwrap_or(7)
        .max(7);
    let mut out = String::new();
    let mut header = format!("{:<id_width$}", "learner");
    for chapter in &chapters {
        let _ = write!(header, " {:>9}", number(chapter));
    }
    let _ = write!(header, " {:>9} {:>9}", "quizzes", "total");
    let _ = writeln!(out, "{}", style.heading(&header));
    for submission in &report.submissions {
        let _ = write!(out, "{:<id_width$}", submission.id);
        for chapter in &chapters {
            let (got, max) = chapter_points(submission, chapter);
            let cell = format!("{:>9}", format!("{got}/{max}"));
            let cell = if got == max && max > 0 {
                style.success(&cell)
            } else if got == 0 {
                style.failure(&cell)
            } else {
                style.warning(&cell)
            };
            let _ = write!(out, " {cell}");
        }
        let (got, max) = quiz_points(submission);
        let _ = writeln!(
            out,
            " {:>9} {:>9}",
            format!("{got}/{max}"),
            format!("{}/{}", submission.score, submission.max_score)
        );
        for problem in &submission.problems {
            let _ = writeln!(out, "  {} {problem}", style.warning("note:"));
        }
    }
    let legend: Vec<String> = chapters
        .iter()
        .map(|chapter| format!("{} = {}", number(chapter), short(chapter)))
        .collect();
    let _ = writeln!(out, "{}", style.dim(&legend.join(", ")));
    let _ = writeln!(
        out,
        "\n{} submissions, mean score {:.1} of {}; isolation: {}",
        report.summary.submissions,
        report.summary.mean_score,
        report.summary.max_score,
        report.sandbox
    );
    let hardest = report.summary.hardest(HARDEST);
    if !hardest.is_empty() {
        let _ = writeln!(out, "{}", style.heading("The class struggles most with:"));
        for exercise in hardest {
            let _ = writeln!(
                out,
                "  {:<32} {:>3.0}% passed ({} of {} attempted)",
                exercise.name,
                exercise.pass_rate * 100.0,
                exercise.passed,
                exercise.attempted
            );
        }
    }
    let tampered: Vec<String> = report
        .submissions
        .iter()
        .flat_map(|s| {
            s.exercises
                .iter()
                .filter(|e| e.tampered)
                .map(move |e| format!("{} {}", s.id, e.name))
        })
        .collect();
    if !tampered.is_empty() {
        let _ = writeln!(
            out,
            "{} edited test blocks (graded against the course's tests): {}",
            style.warning("flagged:"),
            tampered.join(", ")
        );
    }
    out
}

pub fn markdown(report: &ClassReport) -> String {
    let chapters = chapters(report);
    let mut out = String::from("# Grades\n\n| learner |");
    for chapter in &chapters {
        let _ = write!(out, " {} |", short(chapter));
    }
    out.push_str(" quizzes | total |\n|---|");
    out.push_str(&"---:|".repeat(chapters.len() + 2));
    out.push('\n');
    for submission in &report.submissions {
        let _ = write!(out, "| {} |", markdown_cell(&submission.id));
        for chapter in &chapters {
            let (got, max) = chapter_points(submission, chapter);
            let _ = write!(out, " {got}/{max} |");
        }
        let (got, max) = quiz_points(submission);
        let _ = writeln!(
            out,
            " {got}/{max} | {}/{} |",
            submission.score, submission.max_score
        );
    }
    let _ = writeln!(
        out,
        "\n{} submissions, mean score {:.1} of {}.\n\n## Hardest exercises\n\n| exercise | passed | attempted | pass rate |\n|---|---:|---:|---:|",
        report.summary.submissions, report.summary.mean_score, report.summary.max_score
    );
    for exercise in report.summary.hardest(HARDEST) {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {:.0}% |",
            exercise.name,
            exercise.passed,
            exercise.attempted,
            exercise.pass_rate * 100.0
        );
    }
    out
}

fn markdown_cell(text: &str) -> String {
    text.replace('|', "\\|")
}

/// One row per learner: id, each exercise's points, each quiz's score, total, max.
pub fn csv(report: &ClassReport) -> String {
    let mut out = String::new();
    let Some(first) = report.submissions.first() else {
        return "id,total,max_score\n".to_owned();
    };
    let mut header = vec!["id".to_owned()];
    header.extend(first.exercises.iter().map(|e| e.name.clone()));
    header.extend(first.quizzes.iter().map(|q| format!("quiz:{}", q.name)));
    header.extend(["total".to_owned(), "max_score".to_owned()]);
    push_row(&mut out, &header);
    for submission in &report.submissions {
        let mut row = vec![submission.id.clone()];
        row.extend(submission.exercises.iter().map(|e| {
            if e.status == Status::Passed {
                e.points.to_string()
            } else {
                "0".to_owned()
            }
        }));
        row.extend(submission.quizzes.iter().map(|q| q.score.to_string()));
        row.extend([
            submission.score.to_string(),
            submission.max_score.to_string(),
        ]);
        push_row(&mut out, &row);
    }
    out
}

fn push_row(out: &mut String, fields: &[String]) {
    let quoted: Vec<String> = fields
        .iter()
        .map(|field| {
            if field.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", field.replace('"', "\"\""))
            } else {
                field.clone()
            }
        })
        .collect();
    out.push_str(&quoted.join(","));
    out.push('\n');
}

/// `ch4` for `04_scaling_stateless`: short, and unlike the names, never ambiguous.
fn number(chapter: &str) -> String {
    let digits: String = chapter.chars().take_while(char::is_ascii_digit).collect();
    match digits.parse::<u32>() {
        Ok(n) => format!("ch{n}"),
        Err(_) => chapter.chars().take(9).collect(),
    }
}
