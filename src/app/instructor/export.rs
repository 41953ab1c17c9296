//! `statelings export DIR`: the student edition of the course repository. Same layout, builds
//! and runs (`cargo run --release` starts the workbook), but without `solutions/` (so without
//! solutions and grading tests) and with every quiz sealed (no answer keys). Workbooks made from
//! it are graded by the full edition like any other.

use std::path::Path;

use crate::domain::course::{format, Course};
use crate::infra::error::{Error, Result};

/// The runner's own sources, embedded by `build.rs`.
static RUNNER_FILES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/runner_files.rs"));

const EDITION_NOTE: &str =
    "> **Student edition.** This copy of the course has no solutions, no grading \
tests and no quiz answer keys; your instructor grades your workbook with the full edition.\n\n";

/// Writes the student edition into `dir`, which must be absent or empty. Returns the number of
/// files written.
pub fn export(course: &Course, dir: &Path) -> Result<usize> {
    if dir.exists()
        && std::fs::read_dir(dir)
            .map_err(|error| Error::io("read", dir, error))?
            .next()
            .is_some()
    {
        return Err(Error::NotEmpty {
            dir: dir.to_path_buf(),
        });
    }
    let mut written = 0;
    for (path, text) in RUNNER_FILES {
        let text = if *path == "README.md" {
            format!("{EDITION_NOTE}{text}")
        } else {
            (*text).to_owned()
        };
        write(dir, path, &text)?;
        written += 1;
    }
    for (path, text) in course.files() {
        let text = if path.starts_with("solutions/") {
            continue;
        } else if path.starts_with("quizzes/") && path.ends_with(".yaml") {
            format::without_answer_keys(path, text)?
        } else {
            text.clone()
        };
        write(dir, path, &text)?;
        written += 1;
    }
    Ok(written)
}

fn write(dir: &Path, relative: &str, text: &str) -> Result<()> {
    let path = dir.join(relative);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|error| Error::io("create", parent, error))?;
    }
    crate::infra::atomic_file::write(&path, text.as_bytes())
}

/// `statelings export DIR`.
pub fn command(config: &crate::app::config::Config, dir: &Path) -> Result<std::process::ExitCode> {
    let course = config.load_course()?;
    let written = export(&course, dir)?;
    println!(
        "Wrote the student edition ({written} files) to `{}`: no solutions, grading tests or quiz \
         answer keys. `cargo run --release` there starts the workbook.",
        dir.display()
    );
    Ok(std::process::ExitCode::SUCCESS)
}
