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

pub fn table(report: &ClassReport, style: Style) -> String {
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
    let id_width = learners
        .iter()
        .map(|id| id.chars().count())
        .max()
        .unwrap_or(0)
        .max(7);
    let widths: Vec<usize> = chapters
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
    let mut out = String::new();
    let mut header = format!("{:<id_width$}", "learner");
    for (chapter, width) in chapters.iter().zip(&widths) {
        let _ = write!(header, " {:<width$}", number(chapter));
    }
    let _ = write!(
        header,
        " {:>9} {:>9} {:>9} {:>6}",
        "exercises", "quizzes", "total", "%"
    );
    let _ = writeln!(out, "{}", style.heading(&header));
    for (submission, learner) in report.submissions.iter().zip(&learners) {
        let row = row(report, &chapters, submission);
        let _ = write!(out, "{learner:<id_width$}");
        for (marks, width) in row.marks.iter().zip(&widths) {
            let painted: String = marks
                .iter()
                .map(|&(mark, status)| paint(style, mark, status))
                .collect();
            let pad = width - marks.len();
            let _ = write!(out, " {painted}{}", " ".repeat(pad));
        }
        let (got, max, taken) = row.quizzes;
        let quizzes = if taken || max == 0 {
            format!("{got}/{max}")
        } else {
            format!("-/{max}")
        };
        let _ = writeln!(
            out,
            " {:>9} {:>9} {:>9} {:>6}",
            format!("{}/{}", row.exercises.0, row.exercises.1),
            quizzes,
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
    for learner in learners.iter().skip(report.submissions.len()) {
        let _ = writeln!(
            out,
            "{learner:<id_width$} {}",
            style.failure("missing: handed in nothing")
        );
    }
    let legend: Vec<String> = chapters
        .iter()
        .map(|chapter| format!("{} = {}", number(chapter), short(chapter)))
        .collect();
    let _ = writeln!(out, "{}", style.dim(&legend.join(", ")));
    let _ = writeln!(out, "{}", style.dim(GLYPHS));
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
    out
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
    let chapters = report.course.chapters();
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
        let (got, max, taken) = row.quizzes;
        let quizzes = if taken || max == 0 {
            format!("{got}/{max}")
        } else {
            format!("-/{max}")
        };
        let _ = writeln!(
            out,
            " {}/{} | {quizzes} | {}/{} | {} |",
            row.exercises.0,
            row.exercises.1,
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
    let _ = writeln!(out, "\nMarks: {GLYPHS}.");
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
    out
}
