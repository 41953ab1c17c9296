//! `statelings export DIR`: the student edition of the course repository (`edition`), or with
//! `--gradescope` an autograder bundle for Gradescope (`gradescope`). Both are written from what
//! the binary carries: the runner's sources and the templates (embedded by `build.rs`), and the
//! course. Every file goes through `atomic_file` (mode 0666, or 0777 for scripts, less the umask).

mod edition;
mod gradescope;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use crate::app::cli::HiddenTests;
use crate::domain::course::Course;
use crate::infra::error::{Error, Result};

pub use edition::{edition, SHIPPED_TESTS};
pub use gradescope::bundle;

/// The runner's own sources and templates, embedded by `build.rs`.
static RUNNER_FILES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/runner_files.rs"));

/// A file to write: its path relative to the folder, its text, and whether it is a script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    pub path: String,
    pub text: String,
    pub executable: bool,
}

impl File {
    fn new(path: impl Into<String>, text: impl Into<String>) -> File {
        File {
            path: path.into(),
            text: text.into(),
            executable: false,
        }
    }

    fn script(path: impl Into<String>, text: impl Into<String>) -> File {
        File {
            executable: true,
            ..File::new(path, text)
        }
    }
}

/// An embedded template (`templates/...`), by its path.
fn template(path: &str) -> &'static str {
    RUNNER_FILES
        .iter()
        .find(|(file, _)| *file == path)
        .map(|(_, text)| *text)
        .unwrap_or_else(|| panic!("build.rs embeds {path}"))
}

/// `Cargo.toml` without the `[[bench]]` targets, whose sources neither an edition nor a bundle
/// carries (Cargo refuses targets whose files are missing).
fn without_benches(manifest: &str) -> String {
    let mut out = String::with_capacity(manifest.len());
    let mut in_bench = false;
    for line in manifest.lines() {
        let trimmed = line.trim();
        if trimmed == "[[bench]]" {
            in_bench = true;
            // A comment right above the table belongs to it.
            while let Some(start) = out.trim_end_matches('\n').rfind('\n') {
                if out[start + 1..].trim_start().starts_with('#') {
                    out.truncate(start + 1);
                } else {
                    break;
                }
            }
            while out.ends_with("\n\n") {
                out.pop();
            }
            continue;
        }
        if in_bench && trimmed.starts_with('[') {
            in_bench = false;
            if !out.is_empty() {
                out.push('\n');
            }
        }
        if !in_bench {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// Writes `files` into `dir`, which must be absent or empty. Returns how many were written.
pub fn write_all(dir: &Path, files: &[File]) -> Result<usize> {
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
    for file in files {
        let path = dir.join(&file.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|error| Error::io("create", parent, error))?;
        }
        crate::infra::atomic_file::write(&path, file.text.as_bytes())?;
        if file.executable {
            // Executable wherever it is readable: the umask decides, as for any new file.
            let meta = std::fs::metadata(&path).map_err(|error| Error::io("read", &path, error))?;
            let mode = meta.permissions().mode();
            std::fs::set_permissions(
                &path,
                std::fs::Permissions::from_mode(mode | ((mode & 0o444) >> 2)),
            )
            .map_err(|error| Error::io("write", &path, error))?;
        }
    }
    Ok(files.len())
}

/// Writes the student edition into `dir`, which must be absent or empty. Returns the number of
/// files written.
pub fn export(course: &Course, dir: &Path) -> Result<usize> {
    write_all(dir, &edition(course)?)
}

/// `statelings export DIR [--gradescope [--hidden-tests WHEN]]`.
pub fn command(
    config: &crate::app::config::Config,
    dir: &Path,
    gradescope: bool,
    hidden_tests: HiddenTests,
) -> Result<std::process::ExitCode> {
    let course = config.load_course()?;
    if gradescope {
        let written = write_all(dir, &bundle(&course, hidden_tests.visibility())?)?;
        println!(
            "Wrote a Gradescope autograder ({written} files) to `{}`. It holds the full course: \
             keep it private. Zip what is inside it (`cd {} && zip -r ../autograder.zip .`) and \
             upload the zip as the assignment's autograder.",
            dir.display(),
            dir.display()
        );
    } else {
        let written = export(&course, dir)?;
        println!(
            "Wrote the student edition ({written} files) to `{}`: no solutions, grading tests or \
             quiz answer keys. `cargo run --release` there starts the workbook; pushed to GitHub, \
             it is a template repository for GitHub Classroom.",
            dir.display()
        );
    }
    Ok(std::process::ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn benches_and_their_comment_leave_the_manifest() {
        let manifest = "[package]\nname = \"x\"\n\n[dev-dependencies]\na = \"1\"\n\n# `cargo bench`: speed.\n[[bench]]\nname = \"speed\"\npath = \"tests/bench/speed.rs\"\nharness = false\n";
        assert_eq!(
            without_benches(manifest),
            "[package]\nname = \"x\"\n\n[dev-dependencies]\na = \"1\"\n"
        );
        let later = "[[bench]]\nname = \"s\"\n\n[features]\nx = []\n";
        assert_eq!(without_benches(later), "[features]\nx = []\n");
    }

    #[test]
    fn every_template_is_embedded() {
        for path in [
            "templates/classroom/gitignore",
            "templates/classroom/statelings.yml",
            "templates/classroom/handing-in.md",
            "templates/gradescope/setup.sh",
            "templates/gradescope/run_autograder",
            "templates/gradescope/README.md",
        ] {
            assert!(!template(path).is_empty(), "{path}");
        }
    }
}
