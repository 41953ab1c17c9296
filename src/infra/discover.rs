//! Finding submissions: every workbook under the given paths (walkdir, never following a link),
//! never looking inside a workbook for another one. Nothing is dropped silently: a folder that
//! cannot be read, a link to a folder, a macOS `__MACOSX` folder, an archive, or a folder that
//! looks like a workbook but is not one is reported as a problem, with its path.

use std::path::{Path, PathBuf};

use crate::infra::workbook::STATE_DIR;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub id: String,
    pub dir: PathBuf,
}

/// What walking the paths found.
#[derive(Debug, Default)]
pub struct Discovery {
    /// Sorted by id.
    pub found: Vec<Found>,
    /// Paths that were not graded, and why (one sentence each, naming the path).
    pub problems: Vec<String>,
}

/// Archive file names an instructor may have given instead of unpacked folders.
const ARCHIVES: &[&str] = &[
    ".zip", ".tar", ".tar.gz", ".tgz", ".tar.xz", ".tar.bz2", ".7z", ".rar",
];

/// Workbooks under `paths`. The id is the workbook's folder name, or its path below the path
/// given when two workbooks share a name (a class of `*/workbook` folders is named by the
/// folder above). With several paths, ids start with the given path's last component.
pub fn submissions(paths: &[PathBuf]) -> Discovery {
    let mut discovery = Discovery::default();
    let mut raw: Vec<(PathBuf, PathBuf)> = Vec::new();
    for root in paths {
        walk(root, &mut raw, &mut discovery.problems);
    }
    discovery.found = name(&raw, paths.len() > 1);
    discovery.found.sort_by(|a, b| a.id.cmp(&b.id));
    discovery
}

fn walk(root: &Path, found: &mut Vec<(PathBuf, PathBuf)>, problems: &mut Vec<String>) {
    let mut walker = walkdir::WalkDir::new(root).follow_links(false).into_iter();
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                let path = error.path().unwrap_or(root).display().to_string();
                problems.push(format!(
                    "`{path}` could not be read, so anything in it was not graded: {}",
                    error
                        .io_error()
                        .map_or_else(|| error.to_string(), ToString::to_string)
                ));
                continue;
            }
        };
        let path = entry.path();
        let name = entry.file_name().to_string_lossy();
        let kind = entry.file_type();
        if kind.is_symlink() {
            if path.is_dir() || entry.depth() == 0 {
                problems.push(format!(
                    "`{}` is a symbolic link to a folder; links are never followed, so it was not graded",
                    path.display()
                ));
            }
            continue;
        }
        if kind.is_file() {
            let lower = name.to_lowercase();
            if ARCHIVES.iter().any(|suffix| lower.ends_with(suffix)) {
                problems.push(format!(
                    "`{}` is an archive; unpack it and grade the folder",
                    path.display()
                ));
            }
            continue;
        }
        if !kind.is_dir() {
            continue;
        }
        if entry.depth() > 0 && (name == "target" || name == ".git") {
            walker.skip_current_dir();
            continue;
        }
        if name == "__MACOSX" {
            problems.push(format!(
                "`{}` is macOS archive metadata, not a submission; it was skipped",
                path.display()
            ));
            walker.skip_current_dir();
            continue;
        }
        let state = path.join(STATE_DIR);
        match std::fs::symlink_metadata(&state) {
            Ok(meta) if meta.is_dir() => {
                found.push((root.to_path_buf(), path.to_path_buf()));
                walker.skip_current_dir();
            }
            Ok(_) => {
                problems.push(format!(
                    "`{}` is not a folder (a link or a file), so `{}` was not graded",
                    state.display(),
                    path.display()
                ));
                walker.skip_current_dir();
            }
            Err(_) if looks_like_a_workbook(path) => {
                problems.push(format!(
                    "`{}` looks like a workbook but has no `{STATE_DIR}` folder (it was not made by \
                     `statelings init`, or was copied without hidden files), so it was not graded",
                    path.display()
                ));
                walker.skip_current_dir();
            }
            Err(_) => {}
        }
    }
}

/// An `exercises` folder with chapter folders of `.rs` files, in a folder that is not a copy of
/// the course (a learner's repository of the student edition holds `exercises/` and `quizzes/`
/// beside the `workbook` to grade).
fn looks_like_a_workbook(dir: &Path) -> bool {
    if dir.join("quizzes").is_dir() && dir.join("Cargo.toml").is_file() {
        return false;
    }
    let Ok(chapters) = std::fs::read_dir(dir.join("exercises")) else {
        return false;
    };
    chapters.flatten().any(|chapter| {
        std::fs::read_dir(chapter.path()).is_ok_and(|mut files| {
            files.any(|file| {
                file.is_ok_and(|file| file.path().extension().is_some_and(|ext| ext == "rs"))
            })
        })
    })
}

/// Ids: the learner's folder, the first folder below the path given (`class/alice/...` is
/// `alice`); the path below it when that is ambiguous (two workbooks in one learner's folder).
/// A path that is itself a workbook is named after its folder (the one above, for a folder
/// named `workbook`).
fn name(raw: &[(PathBuf, PathBuf)], prefix_root: bool) -> Vec<Found> {
    let relative = |(root, dir): &(PathBuf, PathBuf)| -> PathBuf {
        dir.strip_prefix(root).unwrap_or(dir).to_path_buf()
    };
    let own_name = |dir: &Path| -> String {
        let full = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
        let mut names = full
            .components()
            .rev()
            .map(|c| c.as_os_str().to_string_lossy().into_owned());
        let last = names.next().unwrap_or_else(|| "workbook".to_owned());
        if last == "workbook" {
            names.next().unwrap_or(last)
        } else {
            last
        }
    };
    let short = |entry: &(PathBuf, PathBuf)| -> String {
        match relative(entry).components().next() {
            Some(first) => first.as_os_str().to_string_lossy().into_owned(),
            None => own_name(&entry.1),
        }
    };
    let shorts: Vec<String> = raw.iter().map(short).collect();
    raw.iter()
        .zip(&shorts)
        .map(|(entry, short_id)| {
            let ambiguous = shorts.iter().filter(|other| *other == short_id).count() > 1;
            let mut id = if ambiguous && !relative(entry).as_os_str().is_empty() {
                relative(entry).to_string_lossy().replace('\\', "/")
            } else {
                short_id.clone()
            };
            if prefix_root && ambiguous {
                let root = entry
                    .0
                    .file_name()
                    .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
                id = format!("{root}/{id}");
            }
            Found {
                id,
                dir: entry.1.clone(),
            }
        })
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(pairs: &[(&str, &str)]) -> Vec<(PathBuf, PathBuf)> {
        pairs
            .iter()
            .map(|(root, dir)| (PathBuf::from(root), PathBuf::from(dir)))
            .collect()
    }

    #[test]
    fn ids_are_folder_names_unless_ambiguous() {
        let ids: Vec<String> = name(
            &raw(&[
                ("class", "class/alice/workbook"),
                ("class", "class/bob"),
                ("class", "class/team1/carol"),
                ("class", "class/team2/carol"),
            ]),
            false,
        )
        .into_iter()
        .map(|found| found.id)
        .collect();
        assert_eq!(ids, ["alice", "bob", "team1", "team2"]);
        let ids: Vec<String> = name(
            &raw(&[("class", "class/dup/one"), ("class", "class/dup/two")]),
            false,
        )
        .into_iter()
        .map(|found| found.id)
        .collect();
        assert_eq!(ids, ["dup/one", "dup/two"]);
    }
}
