//! Finding submissions: every workbook under the given paths (walkdir), skipping `target/` and
//! `.git/`, never looking inside a workbook for another one.

use std::path::{Path, PathBuf};

use crate::infra::workbook::STATE_DIR;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub id: String,
    pub dir: PathBuf,
}

/// Workbooks under `paths`, sorted by id. The id is the path relative to the path given; a
/// path that is itself a workbook is one submission named after its folder. With several paths,
/// ids start with the given path, so two classes' `alice` stay apart.
pub fn submissions(paths: &[PathBuf]) -> Vec<Found> {
    let mut found = Vec::new();
    for root in paths {
        let mut walker = walkdir::WalkDir::new(root).follow_links(false).into_iter();
        while let Some(Ok(entry)) = walker.next() {
            if !entry.file_type().is_dir() {
                continue;
            }
            let name = entry.file_name().to_string_lossy();
            if entry.depth() > 0 && (name == "target" || name == ".git") {
                walker.skip_current_dir();
                continue;
            }
            if entry.path().join(STATE_DIR).is_dir() {
                found.push(Found {
                    id: id_of(root, entry.path(), paths.len() > 1),
                    dir: entry.path().to_path_buf(),
                });
                walker.skip_current_dir();
            }
        }
    }
    found.sort_by(|a, b| a.id.cmp(&b.id));
    found
}

fn id_of(root: &Path, dir: &Path, prefix_root: bool) -> String {
    let relative = dir.strip_prefix(root).unwrap_or(dir);
    let relative = if relative.as_os_str().is_empty() {
        dir.canonicalize()
            .ok()
            .and_then(|full| full.file_name().map(PathBuf::from))
            .unwrap_or_else(|| PathBuf::from("workbook"))
    } else {
        relative.to_path_buf()
    };
    let id = if prefix_root {
        root.join(relative)
    } else {
        relative
    };
    id.to_string_lossy().replace('\\', "/")
}

/// Keeps the `k`-th of `n` deterministic slices (1-based) of submissions sorted by id.
pub fn shard(found: Vec<Found>, k: usize, n: usize) -> Vec<Found> {
    found
        .into_iter()
        .enumerate()
        .filter(|(idx, _)| idx % n == k - 1)
        .map(|(_, found)| found)
        .collect()
}
