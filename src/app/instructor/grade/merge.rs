//! `grade --merge`: joining the JSON reports of shards into one.

use std::path::PathBuf;

use crate::domain::grade::record::{self, ClassReport, Part};
use crate::infra::error::{Error, Result};
use crate::infra::safe_file;

/// Reads every report (regular files only, capped) and merges them (`record::merge`: same course
/// version, every shard once; with `replace`, a later record of a learner replaces the earlier).
pub fn from_files(paths: &[PathBuf], replace: bool) -> Result<ClassReport> {
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
        reports.push(Part {
            label: path.display().to_string(),
            report,
        });
    }
    Ok(record::merge(reports, replace)?)
}
