//! The course's YAML files as written by authors, and the one place that reads YAML.
//!
//! These types mirror the files exactly (unknown fields are refused); `course.rs` turns them
//! into the run-time model. `serde_yaml` is archived upstream: it is named only here, so a
//! maintained drop-in replacement is a one-line change.

use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::CourseError;

/// `exercises/course.yaml`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CourseFile {
    pub chapters: Vec<ChapterEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChapterEntry {
    pub dir: String,
    pub title: String,
}

/// `exercises/<chapter>/info.yaml`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChapterInfo {
    pub exercises: Vec<ExerciseEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExerciseEntry {
    pub name: String,
    pub points: u32,
    pub hints: Vec<String>,
    pub takeaway: String,
}

/// Parses one YAML file, turning a syntax or schema error into one that names the file, line,
/// column and (through serde's message) the field.
pub fn parse<T: DeserializeOwned>(file: &str, text: &str) -> Result<T, CourseError> {
    serde_yaml::from_str(text).map_err(|error| {
        let (line, column) = error
            .location()
            .map_or((0, 0), |location| (location.line(), location.column()));
        CourseError::Yaml {
            file: file.to_owned(),
            line,
            column,
            message: strip_location(&error.to_string()),
        }
    })
}

/// serde_yaml appends " at line L column C" to its messages; the location is reported apart.
fn strip_location(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(idx) => message[..idx].to_owned(),
        None => message.to_owned(),
    }
}

/// Serialises a value back to YAML (the student edition's quizzes without their keys).
pub fn to_yaml<T: serde::Serialize>(value: &T) -> String {
    serde_yaml::to_string(value).expect("course types always serialise")
}
