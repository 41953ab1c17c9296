//! `grade --format gradescope`: Gradescope's `results.json` for one submission (to standard
//! output or a file), one per learner (`--out FOLDER` writes `FOLDER/<id>/results.json`), or as
//! the autograder runs it (`--autograder`): one upload graded, and a `results.json` written
//! whatever happens, saying what is wrong when there is nothing to grade. Where the results go is
//! decided, and refused if it cannot be, before any grading starts.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use crate::app::cli::GradeArgs;
use crate::app::config::Config;
use crate::app::instructor::grade;
use crate::app::ui;
use crate::domain::report::gradescope::{self, Options};
use crate::infra::discover;
use crate::infra::error::{Error, Result};

/// Where the results go.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    Stdout,
    File(PathBuf),
    /// One `results.json` per learner, in a folder named after the learner's id.
    Folder(PathBuf),
}

/// `statelings grade --format gradescope`.
pub fn command(config: &Config, args: &GradeArgs) -> Result<ExitCode> {
    let started = Instant::now();
    if args.autograder {
        return autograder(config, args, started);
    }
    let target = target(args.out.as_deref())?;
    grade::check_feedback(args)?;
    let report = grade::report(config, args, matches!(target, Target::Folder(_)))?;
    grade::write_feedback(config, args, &report)?;
    for problem in &report.problems {
        eprintln!("{} {problem}", ui::err().warning("not graded:"));
    }
    let mut options = Options {
        hidden_tests: args.hidden_tests.visibility(),
        execution_time: None,
    };
    let dir = match target {
        Target::Folder(dir) => dir,
        single => {
            let [submission] = report.submissions.as_slice() else {
                return Err(Error::Usage(format!(
                    "one results.json is for one submission, and {} were found: give `--out` a \
                     folder to write one per learner (FOLDER/<id>/results.json)",
                    report.submissions.len()
                )));
            };
            options.execution_time = (!args.merge).then(|| started.elapsed().as_secs());
            let text = gradescope::results(
                submission,
                &report.problems,
                &report.statelings,
                &report.sandbox,
                &options,
            );
            match single {
                Target::File(out) => {
                    crate::infra::atomic_file::write(&out, text.as_bytes())?;
                    eprintln!(
                        "Graded `{}`; its results.json is `{}`.",
                        submission.id,
                        out.display()
                    );
                }
                _ => print!("{text}"),
            }
            return Ok(ExitCode::SUCCESS);
        }
    };
    for submission in &report.submissions {
        let folder = grade::path_for(&dir, &submission.id);
        std::fs::create_dir_all(&folder).map_err(|error| Error::io("create", &folder, error))?;
        let text = gradescope::results(
            submission,
            &report.problems,
            &report.statelings,
            &report.sandbox,
            &options,
        );
        crate::infra::atomic_file::write(&folder.join("results.json"), text.as_bytes())?;
    }
    let n = report.submissions.len();
    eprintln!(
        "Graded {n} {}; one results.json each under `{}` (<id>/results.json).",
        if n == 1 { "submission" } else { "submissions" },
        dir.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// `--out`: a folder (one that exists, or a path ending in `/`, created) takes one results.json
/// per learner; anything else must be a file that can be written.
fn target(out: Option<&Path>) -> Result<Target> {
    let Some(out) = out else {
        return Ok(Target::Stdout);
    };
    let is_dir = std::fs::symlink_metadata(out).is_ok_and(|meta| meta.is_dir());
    let names_dir = out.as_os_str().to_string_lossy().ends_with('/');
    if !is_dir && !names_dir {
        grade::check_out(out)?;
        return Ok(Target::File(out.to_path_buf()));
    }
    grade::check_out_dir(out)?;
    Ok(Target::Folder(out.to_path_buf()))
}

/// `run_autograder`'s call: grade the one upload at the path and always write a results.json.
fn autograder(config: &Config, args: &GradeArgs, started: Instant) -> Result<ExitCode> {
    let out = args
        .out
        .as_deref()
        .ok_or_else(|| Error::Usage("--autograder writes to --out FILE".to_owned()))?;
    let [upload] = args.paths.as_slice() else {
        return Err(Error::Usage(
            "--autograder grades one upload: give the one folder Gradescope unpacked it to"
                .to_owned(),
        ));
    };
    if let Some(parent) = out.parent().filter(|dir| !dir.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|error| Error::io("create", parent, error))?;
    }
    grade::check_out(out)?;
    let options = |started: Instant| Options {
        hidden_tests: args.hidden_tests.visibility(),
        execution_time: Some(started.elapsed().as_secs()),
    };
    let write = |text: String| crate::infra::atomic_file::write(out, text.as_bytes());
    let discovery = discover::submissions(std::slice::from_ref(upload));
    let problems: Vec<String> = discovery
        .problems
        .iter()
        .map(|problem| within(upload, problem))
        .collect();
    if let Some(message) = not_one_workbook(&discovery) {
        write(gradescope::upload_problem(
            &message,
            &problems,
            &options(started),
        ))?;
        eprintln!("Not graded: {message}");
        return Ok(ExitCode::SUCCESS);
    }
    match grade::report(config, args, false) {
        Ok(report) => {
            let submission = report.submissions.first().ok_or(Error::NoSubmissions {
                paths: args.paths.clone(),
                problems: Vec::new(),
            })?;
            let problems: Vec<String> = report
                .problems
                .iter()
                .map(|problem| within(upload, problem))
                .collect();
            write(gradescope::results(
                submission,
                &problems,
                &report.statelings,
                &report.sandbox,
                &options(started),
            ))?;
            eprintln!(
                "Graded the upload ({} of {} points, {}); results in `{}`.",
                submission.score,
                submission.max_score,
                report.sandbox,
                out.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(error) => {
            write(gradescope::upload_problem(
                &format!(
                    "The autograder could not grade this upload ({error}). This is not about \
                     your work: tell your instructor."
                ),
                &problems,
                &options(started),
            ))?;
            Err(error)
        }
    }
}

/// Why an upload cannot be graded when it holds no workbook, or more than one.
fn not_one_workbook(discovery: &discover::Discovery) -> Option<String> {
    match discovery.found.len() {
        1 => None,
        0 => Some(
            "No workbook was found in this upload, so nothing could be graded. Upload your \
             `workbook` folder (the one `cargo run --release` made, with its hidden \
             `.statelings` folder inside: zip the folder itself so hidden files come along), or \
             submit your repository from GitHub."
                .to_owned(),
        ),
        found => {
            let ids: Vec<&str> = discovery.found.iter().map(|f| f.id.as_str()).collect();
            Some(format!(
                "This upload holds {found} workbooks ({}), and one is graded per upload. Upload \
                 only yours.",
                ids.join(", ")
            ))
        }
    }
}

/// A problem's text with the upload's own path left out: `__MACOSX`, not
/// `/autograder/submission/__MACOSX`.
fn within(upload: &Path, problem: &str) -> String {
    let upload = upload.display().to_string();
    let upload = upload.trim_end_matches('/');
    problem
        .replace(&format!("`{upload}/"), "`")
        .replace(&format!("`{upload}`"), "`your upload`")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_learners_folder_never_leaves_the_results_folder() {
        let dir = Path::new("/out");
        assert_eq!(grade::path_for(dir, "alice"), Path::new("/out/alice"));
        assert_eq!(
            grade::path_for(dir, "team1/carol"),
            Path::new("/out/team1/carol")
        );
        assert_eq!(grade::path_for(dir, "../../etc"), Path::new("/out/etc"));
        assert_eq!(grade::path_for(dir, "/abs"), Path::new("/out/abs"));
        assert_eq!(grade::path_for(dir, ".."), Path::new("/out/submission"));
    }

    #[test]
    fn problems_name_places_inside_the_upload() {
        let upload = Path::new("/autograder/submission");
        assert_eq!(
            within(
                upload,
                "`/autograder/submission/__MACOSX` is macOS archive metadata"
            ),
            "`__MACOSX` is macOS archive metadata"
        );
    }
}
