//! The class as a table: coloured for the terminal, Markdown for a page. A row per learner, a
//! cell per chapter with one mark per exercise (so failed, not attempted and rejected never read
//! the same), the points, and the problems underneath.

use std::fmt::Write as _;

use super::{escape, exercise, glyph, number, percent, quiz, rate, short, GLYPHS};
use crate::domain::grade::record::{count, ClassReport, Status, Submission};
use crate::domain::style::Style;

/// How many of the hardest exercises the table and Markdown list.
const HARDEST: usize = 5;

/// One row's figures, computed once for both renderers.
struct Row {
    /// Per chapter, the marks of its exercises with their statuses.
    marks: Vec<Vec<(char, Status)>>,
    exercises: (u32, u32),
    /// Quiz points, and whether any quiz was taken.
    quizzes: (u32, u32, bool),
}

fn row(report: &ClassReport, chapters: &[&str], submission: &Submission) -> Row {
    let course = &report.course;
    let marks = chapters
        .iter()
        .map(|chapter| {
            course
                .exercises
                .iter()
                .filter(|e| e.chapter == *chapter)
                .map(|e| {
                    let status = exercise(submission, &e.name)
                        .map_or(Status::NotAttempted, |grade| grade.status);
                    (glyph(status), status)
                })
                .collect()
        })
        .collect();
    let exercises = course.exercises.iter().fold((0, 0), |(got, max), e| {
        let points = exercise(submission, &e.name).map_or(0, |g| g.points);
        (got + points, max + e.points)
    });
    let quizzes = course
        .quizzes
        .iter()
        .fold((0, 0, false), |(got, max, any), q| {
            let grade = quiz(submission, &q.name);
            (
                got + grade.map_or(0, |g| g.score),
                max + q.max_score,
                any || grade.is_some_and(|g| g.taken),
            )
        });
    Row {
        marks,
        exercises,
        quizzes,
    }
}

impl Row {
    /// The quiz points, or `-` for the points when no quiz was taken (so a zero means a taken
    /// quiz).
    fn quizzes_cell(&self) -> String {
        let (got, max, taken) = self.quizzes;
        if taken || max == 0 {
            format!("{got}/{max}")
        } else {
            format!("-/{max}")
        }
    }
}

fn paint(style: Style, mark: char, status: Status) -> String {
    let text = mark.to_string();
    match status {
        Status::Passed => style.success(&text),
        Status::NotAttempted => style.dim(&text),
        Status::Rejected => style.warning(&text),
        _ => style.failure(&text),
    }
}

/// The learner column: the id, and the name when a roster gave one.
fn who(submission_id: &str, name: &str) -> String {
    if name.is_empty() {
        submission_id.to_owned()
    } else {
        format!("{submission_id} ({name})")
    }
}

/// The table's columns: the learners (escaped for the terminal, those who handed in first, then
/// the missing), and widths that fit the longest learner and each chapter's marks and number.
struct Columns<'a> {
    chapters: Vec<&'a str>,
    learners: Vec<String>,
    learner_width: usize,
    chapter_widths: Vec<usize>,
}

impl<'a> Columns<'a> {
    fn new(report: &'a ClassReport) -> Self {
        let chapters = report.course.chapters();
        let learners: Vec<String> = report
            .submissions
            .iter()
            .map(|s| escape::terminal(&who(&s.id, &s.name)))
            .chain(
                report
                    .missing
                    .iter()
                    .map(|l| escape::terminal(&who(&l.id, &l.name))),
            )
            .collect();
        let learner_width = learners
            .iter()
            .map(|id| id.chars().count())
            .max()
            .unwrap_or(0)
            .max(7);
        let chapter_widths: Vec<usize> = chapters
            .iter()
            .map(|chapter| {
                let n = report
                    .course
                    .exercises
                    .iter()
                    .filter(|e| e.chapter == *chapter)
                    .count();
                n.max(number(chapter).len())
            })
            .collect();
        Columns {
            chapters,
            learners,
            learner_width,
            chapter_widths,
        }
    }
}

pub fn table(report: &ClassReport, style: Style) -> String {
    let columns = Columns::new(report);
    let id_width = columns.learner_width;
    let mut out = String::new();
    let mut header = format!("{:<id_width$}", "learner");
    for (chapter, width) in columns.chapters.iter().zip(&columns.chapter_widths) {
        let _ = write!(header, " {:<width$}", number(chapter));
    }
    let _ = write!(
        header,
        " {:>9} {:>9} {:>9} {:>6}",
        "exercises", "quizzes", "total", "%"
    );
    let _ = writeln!(out, "{}", style.heading(&header));
    for (submission, learner) in report.submissions.iter().zip(&columns.learners) {
        table_row(&mut out, style, report, &columns, submission, learner);
    }
    for learner in columns.learners.iter().skip(report.submissions.len()) {
        let _ = writeln!(
            out,
            "{learner:<id_width$} {}",
            style.failure("missing: handed in nothing")
        );
    }
    let legend: Vec<String> = columns
        .chapters
        .iter()
        .map(|chapter| format!("{} = {}", number(chapter), short(chapter)))
        .collect();
    let _ = writeln!(out, "{}", style.dim(&legend.join(", ")));
    let _ = writeln!(out, "{}", style.dim(GLYPHS));
    table_summary(&mut out, style, report);
    table_flags(&mut out, style, report);
    out
}

/// One learner's line (painted marks per chapter, the points) and their problems underneath.
fn table_row(
    out: &mut String,
    style: Style,
    report: &ClassReport,
    columns: &Columns,
    submission: &Submission,
    learner: &str,
) {
    let id_width = columns.learner_width;
    let row = row(report, &columns.chapters, submission);
    let _ = write!(out, "{learner:<id_width$}");
    for (marks, width) in row.marks.iter().zip(&columns.chapter_widths) {
        let painted: String = marks
            .iter()
            .map(|&(mark, status)| paint(style, mark, status))
            .collect();
        let pad = width - marks.len();
        let _ = write!(out, " {painted}{}", " ".repeat(pad));
    }
    let _ = writeln!(
        out,
        " {:>9} {:>9} {:>9} {:>6}",
        format!("{}/{}", row.exercises.0, row.exercises.1),
        row.quizzes_cell(),
        format!("{}/{}", submission.score, submission.max_score),
        percent(submission.score, submission.max_score)
    );
    for problem in &submission.problems {
        let _ = writeln!(
            out,
            "  {} {}",
            style.warning("note:"),
            escape::terminal(problem)
        );
    }
}

/// The class under the table: its size and mean, the hardest exercises, the ones nobody
/// attempted, and how each quiz went.
fn table_summary(out: &mut String, style: Style, report: &ClassReport) {
    let _ = writeln!(
        out,
        "\n{}, mean score {:.1} of {}; course version {}; isolation: {}",
        count(report.summary.submissions, "submission", "submissions"),
        report.summary.mean_score,
        report.summary.max_score,
        short_version(&report.course.version),
        escape::terminal(&report.sandbox)
    );
    let hardest = report.summary.hardest(HARDEST);
    if !hardest.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            style.heading("The class struggles most with (pass rate among those who attempted):")
        );
        for exercise in hardest {
            let _ = writeln!(
                out,
                "  {:<32} {:>4} passed ({} of {} attempted)",
                exercise.name,
                rate(exercise.pass_rate),
                exercise.passed,
                exercise.attempted
            );
        }
    }
    let nobody = report.summary.unattempted();
    if !nobody.is_empty() {
        let _ = writeln!(out, "Nobody attempted: {}", nobody.join(", "));
    }
    for (summary, quiz) in report.summary.quizzes.iter().zip(&report.course.quizzes) {
        let _ = if summary.taken == 0 {
            writeln!(
                out,
                "Quiz {}: nobody took it (pass mark {}%)",
                summary.name, quiz.pass_mark
            )
        } else {
            writeln!(
                out,
                "Quiz {}: {} of {} who took it passed (pass mark {}%)",
                summary.name, summary.passed, summary.taken, quiz.pass_mark
            )
        };
    }
}

/// What the instructor should look at: edited test blocks, and what could not be graded.
fn table_flags(out: &mut String, style: Style, report: &ClassReport) {
    let tampered: Vec<String> = report
        .submissions
        .iter()
        .flat_map(|s| {
            s.exercises
                .iter()
                .filter(|e| e.tampered)
                .map(move |e| format!("{} {}", escape::terminal(&s.id), e.name))
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
    for problem in &report.problems {
        let _ = writeln!(
            out,
            "{} {}",
            style.warning("not graded:"),
            escape::terminal(problem)
        );
    }
}

/// The first 12 hex digits: enough to compare by eye.
fn short_version(version: &str) -> &str {
    if version.is_empty() {
        "unknown"
    } else {
        &version[..version.len().min(12)]
    }
}

pub fn markdown(report: &ClassReport) -> String {
    let mut out = String::from("# Grades\n\n");
    let _ = writeln!(
        out,
        "{}, mean score {:.1} of {}. Course version `{}`; isolation: {}.\n",
        count(report.summary.submissions, "submission", "submissions"),
        report.summary.mean_score,
        report.summary.max_score,
        short_version(&report.course.version),
        escape::markdown(&report.sandbox)
    );
    markdown_grades(&mut out, report);
    let _ = writeln!(out, "\nMarks: {GLYPHS}.");
    markdown_hardest(&mut out, report);
    markdown_quizzes(&mut out, report);
    markdown_problems(&mut out, report);
    out
}

/// The grades table: a row per learner who handed in, then one per missing learner.
fn markdown_grades(out: &mut String, report: &ClassReport) {
    let chapters = report.course.chapters();
    out.push_str("| learner |");
    for chapter in &chapters {
        let _ = write!(out, " {} |", escape::markdown(short(chapter)));
    }
    out.push_str(" exercises | quizzes | total | % |\n|---|");
    out.push_str(&"---|".repeat(chapters.len()));
    out.push_str("---:|---:|---:|---:|\n");
    for submission in &report.submissions {
        let row = row(report, &chapters, submission);
        let _ = write!(
            out,
            "| {} |",
            escape::markdown(&who(&submission.id, &submission.name))
        );
        for marks in &row.marks {
            let marks: String = marks.iter().map(|(mark, _)| mark).collect();
            let _ = write!(out, " {marks} |");
        }
        let _ = writeln!(
            out,
            " {}/{} | {} | {}/{} | {} |",
            row.exercises.0,
            row.exercises.1,
            row.quizzes_cell(),
            submission.score,
            submission.max_score,
            percent(submission.score, submission.max_score)
        );
    }
    for learner in &report.missing {
        let _ = write!(
            out,
            "| {} |",
            escape::markdown(&who(&learner.id, &learner.name))
        );
        out.push_str(&" |".repeat(chapters.len()));
        out.push_str(" missing | | | |\n");
    }
}

/// The hardest exercises by pass rate, and those nobody attempted.
fn markdown_hardest(out: &mut String, report: &ClassReport) {
    let _ = writeln!(
        out,
        "\n## Hardest exercises\n\nPass rate among the learners who attempted each one.\n\n| exercise | passed | attempted | pass rate |\n|---|---:|---:|---:|"
    );
    for exercise in report.summary.hardest(HARDEST) {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            escape::markdown(&exercise.name),
            exercise.passed,
            exercise.attempted,
            rate(exercise.pass_rate)
        );
    }
    let nobody = report.summary.unattempted();
    if !nobody.is_empty() {
        let names: Vec<String> = nobody.iter().map(|n| escape::markdown(n)).collect();
        let _ = writeln!(out, "\nNobody attempted: {}.", names.join(", "));
    }
}

/// How each quiz went, when the course has quizzes.
fn markdown_quizzes(out: &mut String, report: &ClassReport) {
    if !report.summary.quizzes.is_empty() {
        out.push_str(
            "\n## Quizzes\n\n| quiz | taken | passed | pass mark |\n|---|---:|---:|---:|\n",
        );
        for (summary, quiz) in report.summary.quizzes.iter().zip(&report.course.quizzes) {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {}% |",
                escape::markdown(&summary.name),
                summary.taken,
                summary.passed,
                quiz.pass_mark
            );
        }
    }
}

/// Every problem: a learner's, by id, and what could not be graded.
fn markdown_problems(out: &mut String, report: &ClassReport) {
    let problems = report.all_problems();
    if !problems.is_empty() {
        out.push_str("\n## Problems\n\n");
        for (who, problem) in problems {
            match who {
                Some(id) => {
                    let _ = writeln!(
                        out,
                        "- {}: {}",
                        escape::markdown(id),
                        escape::markdown(problem)
                    );
                }
                None => {
                    let _ = writeln!(out, "- not graded: {}", escape::markdown(problem));
                }
            }
        }
    }
}
