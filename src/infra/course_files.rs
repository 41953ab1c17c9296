//! Where a course's files come from: the copy built into the binary by `build.rs` (read-only
//! for the life of the program), or a checkout on disk (`--course DIR`, for authors and the
//! runner's own tests). Either way the files become a `Course` through `Course::from_files`.

use std::collections::BTreeMap;
use std::path::Path;

use crate::domain::course::{Course, CourseError, COURSE_FILE};

/// Every file under `exercises/`, `solutions/` and `quizzes/`, sorted by path.
static FILES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/course_files.rs"));

/// The course built into this binary.
pub fn embedded() -> Result<Course, CourseError> {
    let files = FILES
        .iter()
        .map(|(path, text)| ((*path).to_owned(), (*text).to_owned()))
        .collect();
    Course::from_files(files)
}

/// A course checkout on disk.
pub fn from_dir(root: &Path) -> Result<Course, CourseError> {
    if !root.join(COURSE_FILE).is_file() {
        return Err(CourseError::MissingFile {
            file: root.join(COURSE_FILE).display().to_string(),
        });
    }
    let mut files = BTreeMap::new();
    for dir in ["exercises", "solutions", "quizzes"] {
        for entry in walkdir::WalkDir::new(root.join(dir))
            .into_iter()
            .filter_map(Result::ok)
            .filter(|entry| entry.file_type().is_file())
        {
            let relative = entry
                .path()
                .strip_prefix(root)
                .expect("walked below the root")
                .to_string_lossy()
                .replace('\\', "/");
            let bytes = std::fs::read(entry.path()).map_err(|error| CourseError::Invalid {
                file: relative.clone(),
                message: format!("cannot read it: {error}"),
            })?;
            let text = String::from_utf8(bytes).map_err(|_| CourseError::Invalid {
                file: relative.clone(),
                message: "it is not UTF-8 text".to_owned(),
            })?;
            files.insert(relative, text);
        }
    }
    Course::from_files(files)
}
