//! What instructors run: `grade` (and `--merge`) and `export` (the student edition).

pub mod export;
pub mod grade;
