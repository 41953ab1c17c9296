//! From a parsed quiz file to a `Quiz`: every rule the YAML schema cannot express, each broken
//! rule reported with its file, line, column, question and field, all of them at once.

mod key;

use std::collections::HashSet;

use super::{letter, locate, Choice, Item, Key, Kind};
use super::{Question, Quiz, QuizProblem, MODULE};
use crate::domain::course::format::{QuestionEntry, QuestionKind, QuizFile, RawAnswer};

/// Builds the quiz in `file` (whose text is `text`), or says everything wrong with it.
/// `chapters` are the course's chapter dirs, which `closes` must name (or `module`).
pub fn build(
    file: &str,
    text: &str,
    entry: QuizFile,
    chapters: &[&str],
) -> Result<Quiz, Vec<QuizProblem>> {
    let mut report = Report {
        file,
        text,
        problems: Vec::new(),
    };
    report.quiz_fields(&entry, chapters);
    let n_keyed = entry
        .questions
        .iter()
        .filter(|question| question.answer.is_some())
        .count();
    let sealed = n_keyed == 0;
    let questions = report.questions(entry.questions, sealed);
    if !report.problems.is_empty() {
        return Err(report.problems);
    }
    Ok(Quiz {
        id: entry.id,
        title: entry.title,
        closes: entry.closes,
        pass_mark: entry.pass_mark,
        questions,
        file: file.to_owned(),
        sealed,
    })
}

struct Report<'a> {
    file: &'a str,
    text: &'a str,
    problems: Vec<QuizProblem>,
}

impl Report<'_> {
    fn push(&mut self, position: Option<locate::Position>, message: String) {
        self.problems.push(QuizProblem {
            file: self.file.to_owned(),
            line: position.map(|(line, _)| line),
            column: position.map(|(_, column)| column),
            message,
        });
    }

    fn quiz_field(&mut self, field: &str, message: String) {
        let position = locate::field(self.text, None, field);
        self.push(position, message);
    }

    /// A problem with question `id`, at `field` when given (else at the question).
    fn question(&mut self, id: &str, field: Option<&str>, message: String) {
        let position = match field {
            Some(field) => locate::field(self.text, Some(id), field),
            None => locate::question(self.text, id),
        };
        self.push(position, message);
    }

    /// A problem with `field` of question `id`: "question `ID`: field `FIELD`: MESSAGE".
    fn field(&mut self, id: &str, field: &str, message: impl Into<String>) {
        let message = format!("question `{id}`: field `{field}`: {}", message.into());
        self.question(id, Some(field), message);
    }

    /// The quiz's own fields: the id is the file's name, a title, `closes` names a chapter (or
    /// the module), a pass mark that is a percentage, and at least one question.
    fn quiz_fields(&mut self, entry: &QuizFile, chapters: &[&str]) {
        let stem = self
            .file
            .rsplit('/')
            .next()
            .and_then(|name| name.strip_suffix(".yaml"))
            .unwrap_or(self.file);
        if entry.id != stem {
            self.quiz_field(
                "id",
                format!(
                    "the quiz id `{}` must be the file's name `{stem}`",
                    entry.id
                ),
            );
        }
        if entry.title.trim().is_empty() {
            self.quiz_field("title", "the title is empty".to_owned());
        }
        if entry.closes != MODULE && !chapters.contains(&entry.closes.as_str()) {
            self.quiz_field(
                "closes",
                format!(
                    "`closes: {}` names no chapter: expected a chapter dir (`{}`) or `{MODULE}`",
                    entry.closes,
                    chapters.first().unwrap_or(&"01_...")
                ),
            );
        }
        if entry.pass_mark > 100 {
            self.quiz_field(
                "pass_mark",
                format!(
                    "`pass_mark` is a percentage from 0 to 100, found `{}`",
                    entry.pass_mark
                ),
            );
        }
        if entry.questions.is_empty() {
            self.quiz_field("questions", "the quiz has no questions".to_owned());
        }
    }

    /// Checks every question (each id non-empty and used once); the sound ones, in file order.
    fn questions(&mut self, entries: Vec<QuestionEntry>, sealed: bool) -> Vec<Question> {
        let mut ids = HashSet::new();
        let mut questions = Vec::new();
        for question in entries {
            if question.id.trim().is_empty() {
                self.quiz_field("questions", "a question has an empty `id`".to_owned());
            } else if !ids.insert(question.id.clone()) {
                let position = locate::repeated_question(self.text, &question.id);
                self.push(
                    position,
                    format!("question `{}`: the id is used twice", question.id),
                );
            }
            if let Some(question) = self.question_entry(question, sealed) {
                questions.push(question);
            }
        }
        questions
    }

    /// Checks one question; `None` when it is broken (the problems are recorded).
    fn question_entry(&mut self, entry: QuestionEntry, sealed: bool) -> Option<Question> {
        let before = self.problems.len();
        let id = entry.id.clone();
        if entry.prompt.trim().is_empty() {
            self.field(&id, "prompt", "the prompt is empty");
        }
        if entry.points == 0 {
            self.field(&id, "points", "expected at least 1 point, found `0`");
        }
        self.fields_of_other_kinds(&id, &entry);
        let kind = self.kind(&id, &entry)?;
        self.explanation(&id, &entry, &kind, sealed);
        let key = self.answer(&id, &entry, &kind, sealed);
        (self.problems.len() == before).then_some(Question {
            id,
            prompt: entry.prompt,
            points: entry.points,
            kind,
            key,
            explanation: entry.explanation,
        })
    }

    /// `choices`, `categories`, `items` and `code` each belong to some kinds only.
    fn fields_of_other_kinds(&mut self, id: &str, entry: &QuestionEntry) {
        let kind_name = kind_name(entry.kind);
        let allowed: &[&str] = match entry.kind {
            QuestionKind::Single | QuestionKind::Multiple => &["choices"],
            QuestionKind::Classify => &["categories", "items"],
            QuestionKind::PredictOutput => &["code"],
            QuestionKind::TrueFalse | QuestionKind::Short => &[],
        };
        for (field, present) in [
            ("choices", entry.choices.is_some()),
            ("categories", entry.categories.is_some()),
            ("items", entry.items.is_some()),
            ("code", entry.code.is_some()),
        ] {
            if present && !allowed.contains(&field) {
                self.field(
                    id,
                    field,
                    format!("does not belong to a `{kind_name}` question"),
                );
            }
        }
    }

    /// A sealed quiz gives no answer away (no explanation, no choice feedback); in a keyed one,
    /// every question says why its answer is right.
    fn explanation(&mut self, id: &str, entry: &QuestionEntry, kind: &Kind, sealed: bool) {
        if sealed {
            if entry.explanation.is_some() {
                self.field(
                    id,
                    "explanation",
                    "a sealed quiz (no question has an `answer`) carries no explanations: \
                     they would give the answers away",
                );
            }
            if kind
                .choices()
                .iter()
                .any(|choice| choice.feedback.is_some())
            {
                self.field(
                    id,
                    "choices",
                    "a sealed quiz (no question has an `answer`) carries no choice `feedback`",
                );
            }
        } else if entry
            .explanation
            .as_deref()
            .is_none_or(|text| text.trim().is_empty())
        {
            self.field(
                id,
                "explanation",
                "missing or empty: say why the answer is right",
            );
        }
    }

    /// The question's key: required in a keyed quiz, absent in a sealed one.
    fn answer(
        &mut self,
        id: &str,
        entry: &QuestionEntry,
        kind: &Kind,
        sealed: bool,
    ) -> Option<Key> {
        match &entry.answer {
            None if !sealed => {
                self.field(
                    id,
                    "answer",
                    "missing: other questions in this quiz have their key, so every one needs \
                     it (a sealed quiz has none at all)",
                );
                None
            }
            None => None,
            Some(answer) => self.key(id, kind, answer),
        }
    }

    /// The question's kind with what it needs (choices, categories and items, a program).
    fn kind(&mut self, id: &str, entry: &QuestionEntry) -> Option<Kind> {
        match entry.kind {
            QuestionKind::Single | QuestionKind::Multiple => self.choices(id, entry),
            QuestionKind::TrueFalse => Some(Kind::TrueFalse),
            QuestionKind::Short => Some(Kind::Short),
            QuestionKind::Classify => self.classify(id, entry),
            QuestionKind::PredictOutput => self.predict_output(id, entry),
        }
    }

    /// A `single` or `multiple` question: 2 to 26 choices (one letter each), each with text.
    fn choices(&mut self, id: &str, entry: &QuestionEntry) -> Option<Kind> {
        let Some(choices) = &entry.choices else {
            self.field(id, "choices", "missing: list two or more choices");
            return None;
        };
        if !(2..=26).contains(&choices.len()) {
            self.field(
                id,
                "choices",
                format!("expected 2 to 26 choices, found {}", choices.len()),
            );
            if choices.len() > 26 {
                return None;
            }
        }
        for (idx, choice) in choices.iter().enumerate() {
            if choice.text.trim().is_empty() {
                self.field(
                    id,
                    "choices",
                    format!("choice `{}` has no text", letter(idx)),
                );
            }
            if choice
                .feedback
                .as_deref()
                .is_some_and(|f| f.trim().is_empty())
            {
                self.field(
                    id,
                    "choices",
                    format!("choice `{}` has an empty `feedback`", letter(idx)),
                );
            }
        }
        let choices = choices
            .iter()
            .map(|choice| Choice {
                text: choice.text.clone(),
                feedback: choice.feedback.clone(),
            })
            .collect();
        Some(if entry.kind == QuestionKind::Single {
            Kind::Single { choices }
        } else {
            Kind::Multiple { choices }
        })
    }

    /// A `classify` question: two or more distinct categories, and items with distinct ids.
    fn classify(&mut self, id: &str, entry: &QuestionEntry) -> Option<Kind> {
        let (Some(categories), Some(items)) = (&entry.categories, &entry.items) else {
            let field = if entry.categories.is_none() {
                "categories"
            } else {
                "items"
            };
            self.field(
                id,
                field,
                "missing: classify needs `categories` and `items`",
            );
            return None;
        };
        if categories.len() < 2 {
            self.field(id, "categories", "expected two or more categories");
        }
        let mut seen = HashSet::new();
        for category in categories {
            if category.trim().is_empty() || !seen.insert(category.as_str()) {
                self.field(
                    id,
                    "categories",
                    format!("category `{category}` is empty or listed twice"),
                );
            }
        }
        if items.is_empty() {
            self.field(id, "items", "expected at least one item to sort");
        }
        let mut seen = HashSet::new();
        for item in items {
            if item.id.trim().is_empty() || item.text.trim().is_empty() {
                self.field(id, "items", "every item needs an `id` and a `text`");
            } else if !seen.insert(item.id.as_str()) {
                let position = locate::nested(self.text, id, "id", &item.id, 1);
                self.push(
                    position,
                    format!(
                        "question `{id}`: field `items`: item id `{}` is used twice",
                        item.id
                    ),
                );
            }
        }
        Some(Kind::Classify {
            categories: categories.clone(),
            items: items
                .iter()
                .map(|item| Item {
                    id: item.id.clone(),
                    text: item.text.clone(),
                })
                .collect(),
        })
    }

    /// A `predict_output` question: a complete program, with `fn main`.
    fn predict_output(&mut self, id: &str, entry: &QuestionEntry) -> Option<Kind> {
        let Some(code) = &entry.code else {
            self.field(id, "code", "missing: predict_output needs a Rust program");
            return None;
        };
        if !code.contains("fn main") {
            self.field(id, "code", "expected a complete program with `fn main`");
        }
        Some(Kind::PredictOutput { code: code.clone() })
    }
}

fn kind_name(kind: QuestionKind) -> &'static str {
    match kind {
        QuestionKind::Single => "single",
        QuestionKind::Multiple => "multiple",
        QuestionKind::TrueFalse => "true_false",
        QuestionKind::Short => "short",
        QuestionKind::Classify => "classify",
        QuestionKind::PredictOutput => "predict_output",
    }
}

/// How an answer of the wrong shape is named in a message.
fn describe(answer: &RawAnswer) -> String {
    match answer {
        RawAnswer::Null => "nothing".to_owned(),
        RawAnswer::Bool(value) => format!("`{value}`"),
        RawAnswer::Text(text) => format!("`{text}`"),
        RawAnswer::List(_) => "a list".to_owned(),
        RawAnswer::Map(_) => "a map".to_owned(),
    }
}

fn list_names(names: &[String]) -> String {
    names
        .iter()
        .map(|name| format!("`{name}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
