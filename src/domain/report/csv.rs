//! The class as CSV for a gradebook: a column per exercise and quiz of the course (in course
//! order, whatever the submissions hold), the total and the percentage, a row per learner and per
//! roster entry with no submission, and notes. Every learner-made field goes through
//! `escape::csv` (quoting, and OWASP's rule against formulas). Scores stay numbers.
//!
//! Three column conventions (`--csv-style`):
//! - `plain`: `id,name,email,<exercises>,quiz:<quizzes>,total,percent,notes`, then a
//!   `points possible` row; report problems close the file as `(not graded)` rows.
//! - `canvas`: Canvas's gradebook import layout, `Student,ID,SIS User ID,SIS Login ID,Section`
//!   before the assignments, and a `Points Possible` row first, as Canvas's own export writes it.
//!   Canvas matches rows by its ID, then SIS User ID, then SIS Login ID ("How do I import grades
//!   in the Gradebook?", community.canvaslms.com/t5/Instructor-Guide/How-do-I-import-grades-in-
//!   the-Gradebook/ta-p/807; the required columns: teaching.resources.osu.edu/toolsets/
//!   carmencanvas/guides/calculating-final-grades/import-csv-file-carmen-grades). The learner's id
//!   goes in `SIS User ID`; `ID` (Canvas's own number) is left empty. Total and percentage use
//!   the names of Canvas's read-only computed columns (`Final Points`, `Final Score`), which an
//!   import does not turn into assignments; `Notes` is Canvas's notes column.
//! - `moodle`: `Email address,ID number,Full name,<items>,Total,Percent,Notes`: Moodle's CSV
//!   import identifies users by a column the instructor maps ("Email address" to `useremail`,
//!   docs.moodle.org/en/Grade_import). Moodle aborts the whole import at a row whose user it
//!   cannot find, and at a grade that is not a number (moodle/moodle
//!   grade/import/csv/classes/load_data.php), and reads an empty cell as "no grade": so there is
//!   no points-possible row and no `(not graded)` row (`grade` prints those problems on stderr
//!   and every other format carries them), a missing learner's scores are empty. Map
//!   `Email address` (or `ID number`) to the user field the roster's column holds.

use super::{escape, exercise, percent, quiz};
use crate::domain::grade::record::{ClassReport, Learner, Submission};

/// The column conventions of `--csv-style`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CsvStyle {
    #[default]
    Plain,
    Canvas,
    Moodle,
}

/// Who a row is about, in the style's leading columns.
fn identity(style: CsvStyle, id: &str, name: &str, email: &str) -> Vec<String> {
    match style {
        CsvStyle::Plain => vec![id.to_owned(), name.to_owned(), email.to_owned()],
        CsvStyle::Canvas => vec![
            if name.is_empty() { id } else { name }.to_owned(),
            String::new(),
            id.to_owned(),
            String::new(),
            String::new(),
        ],
        CsvStyle::Moodle => vec![email.to_owned(), id.to_owned(), name.to_owned()],
    }
}

fn leading_header(style: CsvStyle) -> &'static [&'static str] {
    match style {
        CsvStyle::Plain => &["id", "name", "email"],
        CsvStyle::Canvas => &["Student", "ID", "SIS User ID", "SIS Login ID", "Section"],
        CsvStyle::Moodle => &["Email address", "ID number", "Full name"],
    }
}

fn trailing_header(style: CsvStyle) -> [&'static str; 3] {
    match style {
        CsvStyle::Plain => ["total", "percent", "notes"],
        CsvStyle::Canvas => ["Final Points", "Final Score", "Notes"],
        CsvStyle::Moodle => ["Total", "Percent", "Notes"],
    }
}

pub fn csv(report: &ClassReport, style: CsvStyle) -> String {
    let course = &report.course;
    let lead = leading_header(style).len();
    let mut out = String::new();
    let mut header: Vec<String> = leading_header(style)
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    header.extend(course.exercises.iter().map(|e| e.name.clone()));
    header.extend(course.quizzes.iter().map(|q| format!("quiz:{}", q.name)));
    header.extend(trailing_header(style).map(str::to_owned));
    push_row(&mut out, &header);
    let width = header.len();
    if style != CsvStyle::Moodle {
        let mut possible = vec![String::new(); lead];
        possible[0] = match style {
            CsvStyle::Canvas => "Points Possible",
            _ => "points possible",
        }
        .to_owned();
        possible.extend(course.exercises.iter().map(|e| e.points.to_string()));
        possible.extend(course.quizzes.iter().map(|q| q.max_score.to_string()));
        possible.extend([
            course.max_score().to_string(),
            "100.0".to_owned(),
            String::new(),
        ]);
        push_row(&mut out, &possible);
    }
    for submission in &report.submissions {
        push_row(&mut out, &learner_row(report, style, submission));
    }
    for learner in &report.missing {
        push_row(&mut out, &missing_row(style, learner, width));
    }
    if style != CsvStyle::Moodle {
        for problem in &report.problems {
            let mut row = vec![String::new(); width];
            row[0] = "(not graded)".to_owned();
            row[width - 1] = problem.clone();
            push_row(&mut out, &row);
        }
    }
    out
}

fn learner_row(report: &ClassReport, style: CsvStyle, submission: &Submission) -> Vec<String> {
    let course = &report.course;
    let mut row = identity(style, &submission.id, &submission.name, &submission.email);
    row.extend(course.exercises.iter().map(|e| {
        exercise(submission, &e.name)
            .map_or(0, |grade| grade.points)
            .to_string()
    }));
    row.extend(
        course
            .quizzes
            .iter()
            .map(|q| quiz(submission, &q.name).map_or(0, |g| g.score).to_string()),
    );
    let mut notes = submission.problems.clone();
    let tampered: Vec<&str> = submission
        .exercises
        .iter()
        .filter(|e| e.tampered)
        .map(|e| e.name.as_str())
        .collect();
    if !tampered.is_empty() {
        notes.push(format!("edited test blocks: {}", tampered.join(" ")));
    }
    row.extend([
        submission.score.to_string(),
        percent(submission.score, submission.max_score),
        notes.join("; "),
    ]);
    row
}

fn missing_row(style: CsvStyle, learner: &Learner, width: usize) -> Vec<String> {
    let mut row = identity(style, &learner.id, &learner.name, &learner.email);
    row.resize(width - 1, String::new());
    row.push("missing: no submission was found".to_owned());
    row
}

fn push_row(out: &mut String, fields: &[String]) {
    let cells: Vec<String> = fields.iter().map(|field| escape::csv(field)).collect();
    out.push_str(&cells.join(","));
    out.push('\n');
}
