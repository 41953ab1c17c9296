//! `grade --feedback DIR`: one Markdown file per learner, `DIR/<id>.md` (the id's plain path
//! components only, so no id can write outside DIR), each written atomically.

use std::path::Path;

use crate::app::cli::GradeArgs;
use crate::app::config::Config;
use crate::domain::grade::record::ClassReport;
use crate::domain::report::feedback::{feedback, FeedbackOptions};
use crate::infra::error::{Error, Result};

/// Checks `--feedback DIR` before grading starts.
pub fn check(args: &GradeArgs) -> Result<()> {
    match &args.feedback {
        Some(dir) => super::setup::check_out_dir(dir),
        None => Ok(()),
    }
}

/// Writes every learner's feedback file when `--feedback DIR` was given. The course is the one
/// graded against (a merged report from another course version is refused: its quizzes'
/// words would not match).
pub fn write(config: &Config, args: &GradeArgs, report: &ClassReport) -> Result<()> {
    let Some(dir) = &args.feedback else {
        return Ok(());
    };
    let course = config.load_course()?;
    if course.version() != report.course.version {
        return Err(Error::Usage(format!(
            "--feedback needs the course the reports were graded against (version {}), and \
             this is version {}: pass that course with --course",
            short(&report.course.version),
            short(&course.version())
        )));
    }
    let options = FeedbackOptions {
        show_hidden: args.feedback_shows_hidden,
        quizzes_closed: args.quizzes_closed,
    };
    for submission in &report.submissions {
        let text = feedback(submission, &course.quizzes, options);
        let path = file_for(dir, &submission.id);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|error| Error::io("create", parent, error))?;
        }
        crate::infra::atomic_file::write(&path, text.as_bytes())?;
    }
    let n = report.submissions.len();
    eprintln!(
        "Wrote {n} feedback {} in `{}`.",
        if n == 1 { "file" } else { "files" },
        dir.display()
    );
    Ok(())
}

/// `dir/<id>.md`.
fn file_for(dir: &Path, id: &str) -> std::path::PathBuf {
    let mut path = super::path_for(dir, id);
    let name = path
        .file_name()
        .map(|name| format!("{}.md", name.to_string_lossy()))
        .unwrap_or_else(|| "submission.md".to_owned());
    path.set_file_name(name);
    path
}

/// A version's first 12 characters (a merged report's may hold anything).
fn short(version: &str) -> String {
    version.chars().take(12).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_learners_file_never_leaves_the_folder() {
        let dir = Path::new("/out");
        assert_eq!(file_for(dir, "alice"), Path::new("/out/alice.md"));
        assert_eq!(file_for(dir, "a.smith"), Path::new("/out/a.smith.md"));
        assert_eq!(
            file_for(dir, "team1/carol"),
            Path::new("/out/team1/carol.md")
        );
        assert_eq!(
            file_for(dir, "../../etc/passwd"),
            Path::new("/out/etc/passwd.md")
        );
        assert_eq!(file_for(dir, ".."), Path::new("/out/submission.md"));
    }
}
