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

/// A quiz file as the student edition carries it: every `answer`, `explanation` and choice
/// `feedback` removed, so the quiz is sealed (taken and recorded, scored later by the course).
pub fn without_answer_keys(file: &str, text: &str) -> Result<String, CourseError> {
    let mut quiz: serde_yaml::Value = parse(file, text)?;
    let questions = quiz
        .get_mut("questions")
        .and_then(serde_yaml::Value::as_sequence_mut)
        .into_iter()
        .flatten();
    for question in questions.filter_map(serde_yaml::Value::as_mapping_mut) {
        question.remove("answer");
        question.remove("explanation");
        let choices = question
            .get_mut("choices")
            .and_then(serde_yaml::Value::as_sequence_mut)
            .into_iter()
            .flatten();
        for choice in choices.filter_map(serde_yaml::Value::as_mapping_mut) {
            choice.remove("feedback");
        }
    }
    let yaml = serde_yaml::to_string(&quiz).expect("a parsed YAML value serialises");
    Ok(format!(
        "# Student edition: answer keys, explanations and feedback are removed; the course\n\
         # scores the recorded answers when grading.\n{yaml}"
    ))
}
