//! Re-grading in seconds: the grade of each checked file, kept in a folder the instructor names
//! (`grade --cache DIR`), keyed by everything that decides it: the runner's version, the course's
//! version, the exercise, a SHA-256 of the file's bytes, and the limits. A learner cannot make
//! two different files share a key (the digest is cryptographic).
//!
//! A grade is reused only for submissions that owned the batch it was decided in: every file in
//! that run was theirs (their current or an earlier version of their own work), so no other
//! learner's code ever decided it. Anything the cache cannot read is a miss, never an error.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::domain::course::hex;
use crate::domain::grade::record::ExerciseGrade;
use crate::infra::safe_file;

/// A cache folder.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: PathBuf,
    /// What every key starts with: runner, course and limits.
    context: String,
}

/// What one entry keeps.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Entry {
    grade: ExerciseGrade,
    /// The submissions whose batch decided it.
    owners: Vec<String>,
}

impl Cache {
    /// A cache in `dir` (created if absent) for grading with this course and these limits.
    pub fn new(dir: &Path, course_version: &str, limits: &str) -> std::io::Result<Cache> {
        std::fs::create_dir_all(dir)?;
        Ok(Cache {
            dir: dir.to_path_buf(),
            context: format!(
                "statelings {}\ncourse {course_version}\nlimits {limits}\n",
                env!("CARGO_PKG_VERSION")
            ),
        })
    }

    /// The key of one exercise's file.
    pub fn key(&self, exercise: &str, bytes: &[u8]) -> String {
        let mut hasher = Sha256::new();
        hasher.update(self.context.as_bytes());
        hasher.update(exercise.as_bytes());
        hasher.update([0]);
        hasher.update(Sha256::digest(bytes));
        hex(&hasher.finalize())
    }

    fn path(&self, key: &str) -> PathBuf {
        self.dir.join(&key[..2]).join(format!("{key}.json"))
    }

    /// The cached grade of `key`, if it was decided by a batch every one of `owners` owned.
    pub fn get(&self, key: &str, owners: &[&str]) -> Option<ExerciseGrade> {
        let bytes = safe_file::read_regular(&self.path(key), 4 << 20).ok()?;
        let entry: Entry = serde_json::from_slice(&bytes).ok()?;
        owners
            .iter()
            .all(|owner| entry.owners.iter().any(|known| known == owner))
            .then_some(entry.grade)
    }

    /// Keeps `grade` for `key`, decided by a batch of `owners`. Best effort: a cache that
    /// cannot be written only costs time next run.
    pub fn put(&self, key: &str, grade: &ExerciseGrade, owners: &[&str]) {
        let entry = Entry {
            grade: grade.clone(),
            owners: owners.iter().map(|owner| (*owner).to_owned()).collect(),
        };
        let path = self.path(key);
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let text = serde_json::to_string(&entry).expect("entries serialise");
        let _ = crate::infra::atomic_file::write(&path, text.as_bytes());
    }
}
