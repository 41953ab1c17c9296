//! The learner's workbook on disk: finding it, creating it, its exercise files, backups and
//! progress. All learner state lives here, and this module is the only code that writes it.
//!
//! Layout:
//! ```text
//! workbook/
//!   Cargo.toml              lets rust-analyzer see every exercise (statelings uses rustc)
//!   README.md               how to work in it
//!   exercises/<chapter>/    the learner's copies of the stubs
//!   .statelings/progress.json
//!   target/statelings/      build products
//! ```

pub mod progress;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::atomic_file;
use crate::course::{Course, Exercise};
use crate::error::{Error, Result};
use progress::Progress;

pub const STATE_DIR: &str = ".statelings";
pub const DEFAULT_DIR: &str = "workbook";

#[derive(Debug, Clone)]
pub struct Workbook {
    root: PathBuf,
}

/// How a workbook was found, for the message the learner sees.
#[derive(Debug, PartialEq, Eq)]
pub enum Found {
    Existing,
    Created,
}

impl Workbook {
    /// The workbook at `dir`, which must be one.
    pub fn open(dir: &Path) -> Result<Workbook> {
        if dir.join(STATE_DIR).is_dir() {
            Ok(Workbook {
                root: dir.to_path_buf(),
            })
        } else {
            Err(Error::NoWorkbook {
                dir: dir.to_path_buf(),
            })
        }
    }

    /// `explicit` if given; else the workbook containing the current directory; else
    /// `./workbook`, created if absent.
    pub fn locate(explicit: Option<&Path>, course: &Course) -> Result<(Workbook, Found)> {
        if let Some(dir) = explicit {
            return Ok((Workbook::open(dir)?, Found::Existing));
        }
        let cwd = std::env::current_dir().map_err(|error| Error::io("read", ".", error))?;
        if let Some(root) = cwd.ancestors().find(|dir| dir.join(STATE_DIR).is_dir()) {
            return Ok((Workbook::open(root)?, Found::Existing));
        }
        let default = Path::new(DEFAULT_DIR);
        if default.exists() {
            return Ok((Workbook::open(default)?, Found::Existing));
        }
        Ok((Workbook::init(default, course)?, Found::Created))
    }

    /// Creates a workbook in `dir`, which must be absent or empty.
    pub fn init(dir: &Path, course: &Course) -> Result<Workbook> {
        if dir.exists() {
            let mut entries =
                std::fs::read_dir(dir).map_err(|error| Error::io("read", dir, error))?;
            if entries.next().is_some() {
                return Err(Error::NotEmpty {
                    dir: dir.to_path_buf(),
                });
            }
        }
        let workbook = Workbook {
            root: dir.to_path_buf(),
        };
        for exercise in &course.exercises {
            workbook.write_file(&workbook.exercise_file(exercise), exercise.stub.as_bytes())?;
        }
        workbook.write_file(&dir.join("Cargo.toml"), cargo_manifest(course).as_bytes())?;
        workbook.write_file(&dir.join("README.md"), README.as_bytes())?;
        workbook.write_file(&dir.join(".gitignore"), b"/target\n")?;
        let progress = Progress {
            version: progress::VERSION,
            current: course
                .exercises
                .first()
                .map(|exercise| exercise.name.clone()),
            seed: Some(crate::quiz::order::new_seed()),
            ..Progress::default()
        };
        let state = dir.join(STATE_DIR);
        std::fs::create_dir_all(&state).map_err(|error| Error::io("create", &state, error))?;
        progress.save(&workbook.progress_file())?;
        Ok(workbook)
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn exercise_file(&self, exercise: &Exercise) -> PathBuf {
        self.root.join(&exercise.path)
    }

    /// Where compiled exercises go.
    pub fn build_dir(&self) -> PathBuf {
        self.root.join("target").join("statelings")
    }

    pub fn progress_file(&self) -> PathBuf {
        self.root.join(STATE_DIR).join("progress.json")
    }

    /// The learner's current text of an exercise, or `None` when the file is gone.
    pub fn read_exercise(&self, exercise: &Exercise) -> Result<Option<Vec<u8>>> {
        let path = self.exercise_file(exercise);
        match std::fs::read(&path) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(error) => Err(Error::io("read", path, error)),
        }
    }

    /// Puts the stub back. The learner's version, if any, is first kept beside it as
    /// `<name>.rs.bak` (then `.bak2`, ...), and that path is returned.
    pub fn reset(&self, exercise: &Exercise) -> Result<Option<PathBuf>> {
        let path = self.exercise_file(exercise);
        let backup = match self.read_exercise(exercise)? {
            Some(bytes) if bytes != exercise.stub.as_bytes() => {
                let backup = unused_sibling(&path, "bak");
                atomic_file::write(&backup, &bytes)?;
                Some(backup)
            }
            _ => None,
        };
        self.write_file(&path, exercise.stub.as_bytes())?;
        Ok(backup)
    }

    fn write_file(&self, path: &Path, bytes: &[u8]) -> Result<()> {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|error| Error::io("create", parent, error))?;
        }
        atomic_file::write(path, bytes)
    }
}

/// A path beside `path` that does not exist yet: `path.SUFFIX`, then `path.SUFFIX2`, ...
pub fn unused_sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut candidate = PathBuf::from(format!("{}.{suffix}", path.display()));
    let mut n = 2;
    while candidate.exists() {
        candidate = PathBuf::from(format!("{}.{suffix}{n}", path.display()));
        n += 1;
    }
    candidate
}

/// One `[[test]]` target per exercise so rust-analyzer (and `cargo test --test NAME`) sees them.
fn cargo_manifest(course: &Course) -> String {
    let mut manifest = String::from(
        "# This file lets your editor (rust-analyzer) understand every exercise.\n\
         # statelings compiles exercises with rustc directly; you never need to edit this.\n\
         [package]\nname = \"statelings-workbook\"\nversion = \"0.0.0\"\n",
    );
    let _ = writeln!(
        manifest,
        "edition = \"{}\"\npublish = false",
        crate::check::EDITION
    );
    manifest.push_str(
        "autobins = false\nautotests = false\nautoexamples = false\nautobenches = false\n\n",
    );
    manifest
        .push_str("# The workbook is its own workspace, wherever it is created.\n[workspace]\n");
    for exercise in &course.exercises {
        let _ = write!(
            manifest,
            "\n[[test]]\nname = \"{}\"\npath = \"{}\"\n",
            exercise.name, exercise.path
        );
    }
    manifest
}

const README: &str = "# Your statelings workbook

This folder is yours: your copies of the exercises and your progress live here.

- Start (or resume) with `statelings` in this folder, or `cargo run --release` in the course
  repository. In a terminal it watches your files: edit an exercise, save, and see the verdict.
- Edit only the code above the line `// ===== TESTS: ... =====` in each exercise; the tests below
  it are the specification.
- `statelings hint NAME` gives one more hint each time; `statelings list` shows where you are.
- Your progress is in `.statelings/progress.json`. To hand in your work, hand in this folder.
";
