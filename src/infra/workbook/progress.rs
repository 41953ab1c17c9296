//! The learner's progress file (`.statelings/progress.json`): which exercises passed, how many
//! hints were shown, where the learner is, their quiz attempts, and the seed of their quiz
//! shuffle. This module owns its schema and reads it forgivingly: a file with one bad field keeps
//! every other field (`salvage`), and says exactly what it dropped.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::domain::status::Status;
use crate::infra::workbook::quiz_record::QuizRecord;

/// The schema version this runner writes. Version 1 called `not_attempted` `not_checked`.
pub const VERSION: u32 = 2;

/// No exercise has this many hints; a bigger count in a file is clamped to it.
pub const MAX_HINTS: usize = 64;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Progress {
    pub version: u32,
    /// The exercise the learner is on.
    pub current: Option<String>,
    #[serde(default)]
    pub exercises: BTreeMap<String, ExerciseProgress>,
    #[serde(default)]
    pub quizzes: BTreeMap<String, QuizRecord>,
    /// Shuffles quiz choices the same way every time for this workbook (`quiz::order`); set at
    /// init, derived from the workbook's path for files made before it existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
    /// The version of the course's exercises the workbook was made from
    /// (`Course::exercises_version`), set at init; grading notes a workbook made from another.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub course: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ExerciseProgress {
    #[serde(default)]
    pub status: Status,
    #[serde(default)]
    pub hints_shown: usize,
}

/// What reading a progress file found wrong with it, beyond what it kept.
#[derive(Debug, Clone, PartialEq)]
pub enum Damage {
    /// Not JSON at all (or not an object): nothing could be kept.
    Unreadable {
        line: usize,
        column: usize,
        message: String,
    },
    /// JSON whose fields were kept one by one; these could not be (each says where and why).
    Dropped(Vec<String>),
}

impl Damage {
    /// In a few words, for a report.
    pub fn describe(&self) -> String {
        match self {
            Damage::Unreadable { line, column, .. } => {
                format!("not valid JSON at line {line}, column {column}")
            }
            Damage::Dropped(dropped) => format!("left out: {}", dropped.join("; ")),
        }
    }
}

/// Why a progress file is refused outright.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooNew {
    pub version: u64,
}

impl Progress {
    pub fn new(seed: u64) -> Progress {
        Progress {
            version: VERSION,
            seed: Some(seed),
            ..Progress::default()
        }
    }

    pub fn exercise(&self, name: &str) -> ExerciseProgress {
        self.exercises.get(name).cloned().unwrap_or_default()
    }

    pub fn exercise_mut(&mut self, name: &str) -> &mut ExerciseProgress {
        self.exercises.entry(name.to_owned()).or_default()
    }

    pub fn status(&self, name: &str) -> Status {
        self.exercise(name).status
    }

    pub fn passed(&self, name: &str) -> bool {
        self.status(name).passed()
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("progress always serialises") + "\n"
    }

    /// Reads a progress file's bytes, keeping every field that is valid. `Err` when a newer
    /// statelings wrote it (its fields may mean something this one does not know).
    pub fn salvage(bytes: &[u8]) -> Result<(Progress, Option<Damage>), TooNew> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let object = match serde_json::from_slice::<Value>(bytes) {
            Ok(Value::Object(object)) => object,
            Ok(_) => {
                return Ok((
                    Progress::default(),
                    Some(Damage::Unreadable {
                        line: 1,
                        column: 1,
                        message: "it is not a JSON object".to_owned(),
                    }),
                ))
            }
            Err(error) => {
                return Ok((
                    Progress::default(),
                    Some(Damage::Unreadable {
                        line: error.line(),
                        column: error.column(),
                        message: error.to_string(),
                    }),
                ))
            }
        };
        let mut salvage = Salvage::default();
        let progress = salvage.object(object)?;
        Ok((
            progress,
            (!salvage.dropped.is_empty()).then_some(Damage::Dropped(salvage.dropped)),
        ))
    }
}

/// Field-by-field reading, noting what is dropped.
#[derive(Default)]
struct Salvage {
    dropped: Vec<String>,
}

impl Salvage {
    fn object(&mut self, mut object: Map<String, Value>) -> Result<Progress, TooNew> {
        let version = match object.remove("version") {
            Some(Value::Number(number)) if number.as_u64().is_some() => {
                number.as_u64().expect("checked")
            }
            Some(other) => {
                self.drop("`version`", &other, "a whole number");
                1
            }
            None => 1,
        };
        if version > u64::from(VERSION) {
            return Err(TooNew { version });
        }
        let mut progress = Progress {
            version: VERSION,
            ..Progress::default()
        };
        progress.current = self.field(&mut object, "current");
        progress.seed = self.field(&mut object, "seed");
        progress.course = self.field(&mut object, "course");
        if let Some(exercises) = self.map(&mut object, "exercises") {
            for (name, value) in exercises {
                if let Some(exercise) = self.exercise(&name, value) {
                    progress.exercises.insert(name, exercise);
                }
            }
        }
        if let Some(quizzes) = self.map(&mut object, "quizzes") {
            for (name, value) in quizzes {
                match serde_json::from_value::<QuizRecord>(value.clone()) {
                    Ok(record) => {
                        progress.quizzes.insert(name, record);
                    }
                    Err(error) => self.drop(&format!("quiz `{name}`"), &value, &error.to_string()),
                }
            }
        }
        for (field, value) in object {
            self.drop(
                &format!("`{field}`"),
                &value,
                "a field this statelings does not know",
            );
        }
        Ok(progress)
    }

    fn exercise(&mut self, name: &str, value: Value) -> Option<ExerciseProgress> {
        let Value::Object(mut fields) = value else {
            self.drop(&format!("exercise `{name}`"), &value, "an object");
            return None;
        };
        let what = format!("exercise `{name}`: `status`");
        let status = self
            .field_as(&mut fields, "status", &what)
            .unwrap_or_default();
        let what = format!("exercise `{name}`: `hints_shown`");
        let hints: Option<u64> = self.field_as(&mut fields, "hints_shown", &what);
        for (field, value) in fields {
            self.drop(
                &format!("exercise `{name}`: `{field}`"),
                &value,
                "a field this statelings does not know",
            );
        }
        Some(ExerciseProgress {
            status,
            hints_shown: hints.map_or(0, |hints| hints.min(MAX_HINTS as u64) as usize),
        })
    }

    fn field<T: serde::de::DeserializeOwned>(
        &mut self,
        object: &mut Map<String, Value>,
        name: &str,
    ) -> Option<T> {
        self.field_as(object, name, &format!("`{name}`"))
    }

    fn field_as<T: serde::de::DeserializeOwned>(
        &mut self,
        object: &mut Map<String, Value>,
        name: &str,
        what: &str,
    ) -> Option<T> {
        let value = object.remove(name)?;
        if value.is_null() {
            return None;
        }
        match serde_json::from_value(value.clone()) {
            Ok(parsed) => Some(parsed),
            Err(error) => {
                self.drop(what, &value, &error.to_string());
                None
            }
        }
    }

    fn map(&mut self, object: &mut Map<String, Value>, name: &str) -> Option<Map<String, Value>> {
        match object.remove(name)? {
            Value::Object(map) => Some(map),
            Value::Null => None,
            other => {
                self.drop(&format!("`{name}`"), &other, "an object");
                None
            }
        }
    }

    fn drop(&mut self, what: &str, value: &Value, why: &str) {
        let mut shown = value.to_string();
        if shown.chars().count() > 40 {
            shown = shown.chars().take(37).chain("...".chars()).collect();
        }
        self.dropped.push(format!("{what} = {shown} ({why})"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn salvage(text: &str) -> (Progress, Option<Damage>) {
        Progress::salvage(text.as_bytes()).unwrap()
    }

    #[test]
    fn a_valid_file_loads_whole() {
        let (progress, damage) = salvage(
            r#"{"version": 2, "current": "a", "seed": 7,
                "exercises": {"a": {"status": "passed", "hints_shown": 2}},
                "quizzes": {"q": {"attempts": 1}}}"#,
        );
        assert_eq!(damage, None);
        assert_eq!(progress.current.as_deref(), Some("a"));
        assert_eq!(progress.seed, Some(7));
        assert!(progress.passed("a"));
        assert_eq!(progress.exercise("a").hints_shown, 2);
        assert_eq!(progress.quizzes["q"].attempts, 1);
    }

    #[test]
    fn one_bad_field_drops_only_itself() {
        let (progress, damage) = salvage(
            "\u{feff}{\"version\": 1, \"seed\": 7,
              \"exercises\": {\"a\": {\"status\": \"exploded\", \"hints_shown\": 2},
                              \"b\": {\"status\": \"not_checked\", \"hints_shown\": \"many\"}},
              \"quizzes\": {\"q\": {\"attempts\": 1}, \"bad\": {\"attempts\": \"x\"}}}",
        );
        assert_eq!(progress.seed, Some(7), "the seed survives");
        assert_eq!(progress.exercise("a").hints_shown, 2);
        assert_eq!(progress.status("a"), Status::NotAttempted);
        assert_eq!(progress.quizzes["q"].attempts, 1, "the good quiz survives");
        let Some(Damage::Dropped(dropped)) = damage else {
            panic!("expected dropped fields")
        };
        assert_eq!(dropped.len(), 3, "{dropped:?}");
        assert!(dropped[0].starts_with("exercise `a`: `status` = \"exploded\""));
        assert!(dropped[1].starts_with("exercise `b`: `hints_shown` = \"many\""));
        assert!(dropped[2].starts_with("quiz `bad`"));
    }

    #[test]
    fn huge_hint_counts_are_clamped() {
        let (progress, damage) =
            salvage(r#"{"version": 2, "exercises": {"a": {"hints_shown": 18446744073709551615}}}"#);
        assert_eq!(damage, None);
        assert_eq!(progress.exercise("a").hints_shown, MAX_HINTS);
    }

    #[test]
    fn not_json_keeps_nothing_and_says_where() {
        let (_, damage) = salvage("{\"version\": 2,\n  oops");
        assert!(matches!(damage, Some(Damage::Unreadable { line: 2, .. })));
    }

    #[test]
    fn a_newer_version_is_refused() {
        assert_eq!(
            Progress::salvage(br#"{"version": 99}"#),
            Err(TooNew { version: 99 })
        );
    }
}
