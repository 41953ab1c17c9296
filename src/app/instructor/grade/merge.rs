//! `grade --merge`: joining the JSON reports of shards into one.

use std::path::PathBuf;

use crate::domain::grade::record::{ClassReport, Submission, Summary};
use crate::infra::error::{Error, Result};
use crate::infra::safe_file;

/// Reads every report (regular files only, capped) and merges them.
pub fn from_files(paths: &[PathBuf]) -> Result<ClassReport> {
    let mut reports = Vec::new();
    for path in paths {
        let bytes =
            safe_file::read_regular(path, 256 << 20).map_err(|refused| Error::BadReport {
                path: path.clone(),
                message: refused.to_string(),
            })?;
        let report = serde_json::from_slice(&bytes).map_err(|error| Error::BadReport {
            path: path.clone(),
            message: error.to_string(),
        })?;
        reports.push((path.clone(), report));
    }
    merge(reports).map_err(Error::Usage)
}

/// Joins shard reports into one, recomputing the summary. The same submission in two reports is
/// an error (the shards overlap).
pub fn merge(reports: Vec<(PathBuf, ClassReport)>) -> std::result::Result<ClassReport, String> {
    let mut submissions: Vec<Submission> = Vec::new();
    let mut problems = Vec::new();
    let mut sandbox = String::new();
    for (path, report) in reports {
        for submission in report.submissions {
            if submissions.iter().any(|known| known.id == submission.id) {
                return Err(format!(
                    "submission `{}` appears twice (again in `{}`)",
                    submission.id,
                    path.display()
                ));
            }
            submissions.push(submission);
        }
        for problem in report.problems {
            if !problems.contains(&problem) {
                problems.push(problem);
            }
        }
        if sandbox.is_empty() || sandbox == report.sandbox {
            sandbox = report.sandbox;
        } else {
            sandbox = "mixed".to_owned();
        }
    }
    submissions.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(ClassReport {
        statelings: env!("CARGO_PKG_VERSION").to_owned(),
        sandbox,
        shard: None,
        problems,
        summary: Summary::of(&submissions),
        submissions,
    })
}
