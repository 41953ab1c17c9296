//! The copy of the course built into the binary by `build.rs`: a table of relative paths and
//! file contents, read-only for the life of the program.

/// Every file under `exercises/`, `solutions/` and `quizzes/`, sorted by path.
pub static FILES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/course_files.rs"));
