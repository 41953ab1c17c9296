//! The learner's workbook on disk: finding it, creating it, its exercise files, backups and
//! progress. All learner state lives here, and this module is the only code that writes it.
//!
//! Layout:
//! ```text
//! workbook/
//!   Cargo.toml              lets rust-analyzer see every exercise (statelings uses rustc)
//!   README.md               how to work in it
//!   exercises/<chapter>/    the learner's copies of the stubs, and the chapter's lesson
//!   .statelings/progress.json
//!   .statelings/lock        taken around every change of progress
//! ```
//!
//! Progress changes go through `update_progress`: lock, re-read what is on disk now, apply this
//! command's change, write atomically, unlock. So two terminals never undo each other's work.
//! Reading (`load_progress`) never renames or rewrites anything.

pub mod progress;
pub mod quiz_record;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::domain::course::{Course, Exercise};
use crate::infra::atomic_file;
use crate::infra::error::{Error, Result};
use crate::infra::safe_file::{self, Refused};
use progress::{Damage, Progress};

pub const STATE_DIR: &str = ".statelings";
pub const DEFAULT_DIR: &str = "workbook";

/// The largest exercise file read (a learner's file is a few KiB).
pub const EXERCISE_CAP: u64 = 1 << 20;
/// The largest progress file read.
pub const PROGRESS_CAP: u64 = 16 << 20;

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

/// What `load_progress` read, and what was wrong with the file.
#[derive(Debug)]
pub struct Loaded {
    pub progress: Progress,
    pub problem: Option<ProgressProblem>,
}

/// Why progress could not be taken from the file as it is.
#[derive(Debug)]
pub enum ProgressProblem {
    Missing,
    /// Not a regular file, too big, or unreadable: treated as missing, left as it is.
    Refused(Refused),
    Damaged(Damage),
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
    /// `./workbook`, created if absent when `create` (only `init` and the default command do).
    pub fn locate(
        explicit: Option<&Path>,
        course: &Course,
        create: bool,
    ) -> Result<(Workbook, Found)> {
        if let Some(dir) = explicit {
            return Ok((Workbook::open(dir)?, Found::Existing));
        }
        let cwd = std::env::current_dir().map_err(|error| Error::io("read", ".", error))?;
        if let Some(root) = cwd.ancestors().find(|dir| dir.join(STATE_DIR).is_dir()) {
            return Ok((Workbook::open(root)?, Found::Existing));
        }
        let default = Path::new(DEFAULT_DIR);
        if default.join(STATE_DIR).is_dir() || (default.exists() && !create) {
            return Ok((Workbook::open(default)?, Found::Existing));
        }
        if !create {
            return Err(Error::NoWorkbookHere { cwd });
        }
        Ok((Workbook::init(default, course)?, Found::Created))
    }

    /// Creates a workbook in `dir`, which must be absent or empty. It is built in a temporary
    /// folder beside `dir` and renamed into place, so an interrupted `init` leaves nothing that
    /// looks like a workbook and can simply be run again.
    pub fn init(dir: &Path, course: &Course) -> Result<Workbook> {
        if dir.exists() && !is_empty_dir(dir)? {
            return Err(Error::NotEmpty {
                dir: dir.to_path_buf(),
            });
        }
        let parent = dir
            .parent()
            .filter(|parent| !parent.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).map_err(|error| Error::io("create", parent, error))?;
        clean_interrupted_inits(parent);
        let building = tempfile::Builder::new()
            .prefix(&format!("{INIT_MARK}{}-", std::process::id()))
            .tempdir_in(parent)
            .map_err(|error| Error::io("create", parent, error))?;
        let staged = Workbook {
            root: building.path().to_path_buf(),
        };
        staged.write_contents(course)?;
        if dir.exists() {
            // An empty folder (perhaps the learner's mount point): rename(2) replaces it.
            std::fs::remove_dir(dir).map_err(|error| Error::io("replace", dir, error))?;
        }
        let building = building.keep();
        std::fs::rename(&building, dir).map_err(|error| {
            let _ = std::fs::remove_dir_all(&building);
            Error::io("create", dir, error)
        })?;
        Ok(Workbook {
            root: dir.to_path_buf(),
        })
    }

    fn write_contents(&self, course: &Course) -> Result<()> {
        for exercise in &course.exercises {
            self.write_file(&self.exercise_file(exercise), exercise.stub.as_bytes())?;
        }
        for chapter in &course.chapters {
            if let Some(lesson) = course.chapter_readme(chapter) {
                let path = self
                    .root
                    .join("exercises")
                    .join(&chapter.dir)
                    .join("README.md");
                self.write_file(&path, lesson.as_bytes())?;
            }
        }
        self.write_file(
            &self.root.join("Cargo.toml"),
            cargo_manifest(course).as_bytes(),
        )?;
        self.write_file(&self.root.join("README.md"), README.as_bytes())?;
        self.write_file(&self.root.join(".gitignore"), b"/target\n")?;
        let state = self.root.join(STATE_DIR);
        std::fs::create_dir_all(&state).map_err(|error| Error::io("create", &state, error))?;
        let mut progress = Progress::new(crate::domain::quiz::order::seed_from(&random_bytes()));
        progress.course = Some(course.exercises_version());
        progress.current = course
            .exercises
            .first()
            .map(|exercise| exercise.name.clone());
        atomic_file::write(&self.progress_file(), progress.to_json().as_bytes())
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn exercise_file(&self, exercise: &Exercise) -> PathBuf {
        self.root.join(&exercise.path)
    }

    pub fn progress_file(&self) -> PathBuf {
        self.root.join(STATE_DIR).join("progress.json")
    }

    fn lock_file(&self) -> PathBuf {
        self.root.join(STATE_DIR).join("lock")
    }

    /// The learner's current text of an exercise: a regular file (not a link, FIFO or device)
    /// of at most `EXERCISE_CAP` bytes. `Refused::Missing` when the file is gone.
    pub fn read_exercise(&self, exercise: &Exercise) -> std::result::Result<Vec<u8>, Refused> {
        safe_file::read_below(&self.root, Path::new(&exercise.path), EXERCISE_CAP)
    }

    /// Reads progress without changing anything on disk: a damaged file is salvaged in memory
    /// (the next change keeps the original beside it), a missing one is empty progress.
    pub fn load_progress(&self) -> Result<Loaded> {
        let path = self.progress_file();
        let bytes = match safe_file::read_regular(&path, PROGRESS_CAP) {
            Ok(bytes) => bytes,
            Err(Refused::Missing) => {
                return Ok(Loaded {
                    progress: Progress::default(),
                    problem: Some(ProgressProblem::Missing),
                })
            }
            Err(refused) => {
                return Ok(Loaded {
                    progress: Progress::default(),
                    problem: Some(ProgressProblem::Refused(refused)),
                })
            }
        };
        let (progress, damage) =
            Progress::salvage(&bytes).map_err(|too_new| Error::NewerProgress {
                path: path.clone(),
                version: too_new.version,
            })?;
        Ok(Loaded {
            progress,
            problem: damage.map(ProgressProblem::Damaged),
        })
    }

    /// Changes progress as one step no other statelings can interleave with: under the
    /// workbook's lock, re-reads the file, applies `change`, writes the result atomically.
    /// Returns what `change` returned and the progress now on disk. A damaged file is kept as
    /// `progress.json.corrupt` (then `.corrupt2`, ...) before it is replaced.
    pub fn update_progress<T>(
        &self,
        change: impl FnOnce(&mut Progress) -> T,
    ) -> Result<(T, Progress)> {
        let _held = crate::infra::lock::acquire(&self.lock_file())?;
        atomic_file::clean_stale(&self.root.join(STATE_DIR));
        let loaded = self.load_progress()?;
        let path = self.progress_file();
        match &loaded.problem {
            Some(ProgressProblem::Damaged(_)) => {
                let kept = unused_sibling(&path, "corrupt");
                std::fs::copy(&path, &kept).map_err(|error| Error::io("keep", &path, error))?;
            }
            Some(ProgressProblem::Refused(_)) => {
                let kept = unused_sibling(&path, "corrupt");
                std::fs::rename(&path, &kept).map_err(|error| Error::io("move", &path, error))?;
            }
            Some(ProgressProblem::Missing) | None => {}
        }
        let mut progress = loaded.progress;
        let result = change(&mut progress);
        progress.version = progress::VERSION;
        atomic_file::write(&path, progress.to_json().as_bytes())?;
        Ok((result, progress))
    }

    /// Puts the stub back. The learner's version, if any, is first kept beside it as
    /// `<name>.rs.bak` (then `.bak2`, ...), and that path is returned.
    pub fn reset(&self, exercise: &Exercise) -> Result<Option<PathBuf>> {
        let path = self.exercise_file(exercise);
        let backup = match self.read_exercise(exercise) {
            Ok(bytes) if bytes != exercise.stub.as_bytes() => {
                let backup = unused_sibling(&path, "bak");
                atomic_file::write(&backup, &bytes)?;
                Some(backup)
            }
            Ok(_) | Err(Refused::Missing) => None,
            Err(refused) => {
                // A link or special file: move it aside rather than write through it.
                let backup = unused_sibling(&path, "bak");
                std::fs::rename(&path, &backup).map_err(|error| {
                    Error::io(
                        "move",
                        &path,
                        std::io::Error::other(format!("{refused}; {error}")),
                    )
                })?;
                Some(backup)
            }
        };
        if let Some(dir) = path.parent() {
            atomic_file::clean_stale(dir);
        }
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

/// The start of the name of the folder `init` builds in: `.statelings-init-<pid>-<random>`.
const INIT_MARK: &str = ".statelings-init-";

/// Removes the folders of `init`s that were killed part-way (their process is gone), so they do
/// not pile up beside the learner's workbook. Best effort.
fn clean_interrupted_inits(parent: &Path) {
    atomic_file::clean_stale_dirs(parent, INIT_MARK);
}

fn is_empty_dir(dir: &Path) -> Result<bool> {
    let mut entries = std::fs::read_dir(dir).map_err(|error| Error::io("read", dir, error))?;
    Ok(entries.next().is_none())
}

/// Sixteen bytes that differ from workbook to workbook (the quiz shuffle's seed comes from them).
fn random_bytes() -> [u8; 16] {
    use std::hash::{BuildHasher, Hasher};
    let mut bytes = [0u8; 16];
    for (idx, chunk) in bytes.chunks_mut(8).enumerate() {
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_usize(idx);
        hasher.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |elapsed| elapsed.as_nanos()),
        );
        hasher.write_u32(std::process::id());
        chunk.copy_from_slice(&hasher.finish().to_le_bytes());
    }
    bytes
}

/// A path beside `path` that does not exist yet: `path.SUFFIX`, then `path.SUFFIX2`, ...
pub fn unused_sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut candidate = PathBuf::from(format!("{}.{suffix}", path.display()));
    let mut n = 2;
    while candidate.symlink_metadata().is_ok() {
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
        crate::domain::course::EDITION
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
- Each chapter's lesson is `exercises/<chapter>/README.md` (`statelings lesson` prints it).
- Edit only the code above the line `// ===== TESTS: ... =====` in each exercise; the tests below
  it are the specification.
- `statelings hint NAME` gives one more hint each time; `statelings list` shows where you are.
- Your progress is in `.statelings/progress.json`. To hand in your work, hand in this folder.
";
