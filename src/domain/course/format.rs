//! The course's YAML files as written by authors, and the one place that reads YAML.
//!
//! These types mirror the files exactly (unknown fields are refused); `course.rs` turns them
//! into the run-time model. `serde_yaml` is archived upstream: it is named only here, so a
//! maintained drop-in replacement is a one-line change.

use std::fmt;

use serde::de::{self, DeserializeOwned, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

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
    /// What the gate lets this exercise's code use beyond what every exercise may.
    #[serde(default)]
    pub allow: Vec<Allowance>,
    pub hints: Vec<String>,
    pub takeaway: String,
    /// Known-wrong solutions (`solutions/<chapter>/<name>.wrong-<label>.rs`) that must fail.
    #[serde(default)]
    pub mutants: Vec<MutantEntry>,
}

/// Something an exercise's code may use that the gate refuses by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Allowance {
    /// `std::thread`: spawning threads, scoped threads, `yield_now`.
    Threads,
}

/// A known-wrong solution of an exercise: a plausible design that misses the concept.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MutantEntry {
    /// The file is `<name>.wrong-<label>.rs` beside the solution; lowercase words and dashes.
    pub label: String,
    /// One line: what the wrong design does.
    pub wrong: String,
    /// The visible tests alone must catch it (the learner sees it fail before grading).
    #[serde(default)]
    pub visible: bool,
}

/// `exercises/coverage.yaml`: the source text's points and what teaches and checks each.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CoverageFile {
    pub points: Vec<CoveredPoint>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CoveredPoint {
    pub point: String,
    pub exercises: Vec<String>,
    /// `quiz/question` ids.
    pub questions: Vec<String>,
}

/// `quizzes/<id>.yaml`: the fields every quiz has. `course/quiz.rs` checks what YAML cannot
/// (the answer key each kind needs, unique ids, ...).
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct QuizFile {
    pub id: String,
    pub title: String,
    pub closes: String,
    pub pass_mark: u32,
    pub questions: Vec<QuestionEntry>,
}

/// One question. The fields after `points` belong to some kinds only; which ones is checked
/// when the quiz is built, with the question's line.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionEntry {
    pub id: String,
    pub kind: QuestionKind,
    pub prompt: String,
    pub points: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub choices: Option<Vec<ChoiceEntry>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub categories: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<Vec<ItemEntry>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<RawAnswer>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explanation: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    Single,
    Multiple,
    TrueFalse,
    Short,
    Classify,
    PredictOutput,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ChoiceEntry {
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feedback: Option<String>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ItemEntry {
    pub id: String,
    pub text: String,
}

/// An answer as written in YAML (a key in a quiz file, an `--answers` file) or recorded in the
/// workbook as JSON: whatever shape it has, checked against the question later. Numbers are
/// kept as text; a map keeps its order and any repeated key, so a repeat can be reported.
#[derive(Debug, Clone, PartialEq)]
pub enum RawAnswer {
    Null,
    Bool(bool),
    Text(String),
    List(Vec<RawAnswer>),
    Map(Vec<(String, RawAnswer)>),
}

impl<'de> Deserialize<'de> for RawAnswer {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<RawAnswer, D::Error> {
        deserializer.deserialize_any(RawAnswerVisitor)
    }
}

struct RawAnswerVisitor;

impl<'de> Visitor<'de> for RawAnswerVisitor {
    type Value = RawAnswer;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a letter, a list of letters, true or false, text, or a map item -> category")
    }

    fn visit_unit<E: de::Error>(self) -> Result<RawAnswer, E> {
        Ok(RawAnswer::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<RawAnswer, E> {
        Ok(RawAnswer::Null)
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<RawAnswer, E> {
        Ok(RawAnswer::Bool(value))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<RawAnswer, E> {
        Ok(RawAnswer::Text(value.to_string()))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<RawAnswer, E> {
        Ok(RawAnswer::Text(value.to_string()))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<RawAnswer, E> {
        Ok(RawAnswer::Text(value.to_string()))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<RawAnswer, E> {
        Ok(RawAnswer::Text(value.to_owned()))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawAnswer, A::Error> {
        let mut list = Vec::new();
        while let Some(element) = seq.next_element()? {
            list.push(element);
        }
        Ok(RawAnswer::List(list))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawAnswer, A::Error> {
        let mut entries = Vec::new();
        while let Some((key, value)) = map.next_entry::<RawAnswer, RawAnswer>()? {
            let key = match key {
                RawAnswer::Text(key) => key,
                RawAnswer::Bool(key) => key.to_string(),
                _ => return Err(de::Error::custom("a map key must be a plain name")),
            };
            entries.push((key, value));
        }
        Ok(RawAnswer::Map(entries))
    }
}

impl Serialize for RawAnswer {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            RawAnswer::Null => serializer.serialize_unit(),
            RawAnswer::Bool(value) => serializer.serialize_bool(*value),
            RawAnswer::Text(text) => serializer.serialize_str(text),
            RawAnswer::List(list) => {
                let mut seq = serializer.serialize_seq(Some(list.len()))?;
                for element in list {
                    seq.serialize_element(element)?;
                }
                seq.end()
            }
            RawAnswer::Map(entries) => {
                let mut map = serializer.serialize_map(Some(entries.len()))?;
                for (key, value) in entries {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }
    }
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
