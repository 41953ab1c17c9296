//! Quizzes at run time: what a learner is asked and the key each answer is scored against.
//!
//! `build` turns a parsed `quizzes/<id>.yaml` into a `Quiz` only when every rule YAML cannot
//! express holds (the key each kind needs, unique ids, existing choices and categories, ...), so
//! the rest of the runner never meets a key it cannot score. A quiz whose questions carry no
//! `answer` at all is *sealed*: it can be taken and recorded, and the full course scores it later.

mod build;
pub mod locate;
#[cfg(test)]
mod validation_tests;

use std::collections::BTreeSet;
use std::fmt;

pub use build::build;

/// The `closes` value of the final quiz, taken after every chapter.
pub const MODULE: &str = "module";

#[derive(Debug, Clone)]
pub struct Quiz {
    /// What `statelings quiz` takes; also the file's stem.
    pub id: String,
    pub title: String,
    /// The chapter dir it closes, or `module`.
    pub closes: String,
    /// Percent of the points needed to pass.
    pub pass_mark: u32,
    pub questions: Vec<Question>,
    /// Relative to the course root: `quizzes/<id>.yaml`.
    pub file: String,
    /// No question carries its key (the edition handed to learners for an exam).
    pub sealed: bool,
}

#[derive(Debug, Clone)]
pub struct Question {
    pub id: String,
    pub prompt: String,
    pub points: u32,
    pub kind: Kind,
    /// `None` exactly when the quiz is sealed.
    pub key: Option<Key>,
    /// Shown after answering; `None` in a sealed quiz.
    pub explanation: Option<String>,
}

/// What a question shows besides its prompt.
#[derive(Debug, Clone)]
pub enum Kind {
    Single {
        choices: Vec<Choice>,
    },
    Multiple {
        choices: Vec<Choice>,
    },
    TrueFalse,
    Short,
    Classify {
        categories: Vec<String>,
        items: Vec<Item>,
    },
    PredictOutput {
        code: String,
    },
}

#[derive(Debug, Clone)]
pub struct Choice {
    pub text: String,
    /// Shown when this choice is picked.
    pub feedback: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Item {
    pub id: String,
    pub text: String,
}

/// The answer key, by kind. Choices and categories are indices in the file's order.
#[derive(Debug, Clone)]
pub enum Key {
    Choice(usize),
    Choices(BTreeSet<usize>),
    Bool(bool),
    Accepted(Vec<Accepted>),
    /// The category of each item, in the items' order.
    Placement(Vec<usize>),
    /// What the program prints, as written in the file.
    Output(String),
}

/// One accepted short answer.
#[derive(Debug, Clone)]
pub enum Accepted {
    /// Already normalised (see `normalise`).
    Text(String),
    /// Written `/regex/`; matched against the normalised answer.
    Pattern(regex::Regex),
}

/// One rule a quiz file breaks, located as precisely as the runner can.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuizProblem {
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl fmt::Display for QuizProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(line), Some(column)) => {
                write!(f, "{}:{line}:{column}: {}", self.file, self.message)
            }
            (Some(line), None) => write!(f, "{}:{line}: {}", self.file, self.message),
            _ => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

impl Quiz {
    /// The points of every question together.
    pub fn max_score(&self) -> u32 {
        self.questions.iter().map(|question| question.points).sum()
    }

    /// Whether `score` reaches the pass mark.
    pub fn passes(&self, score: u32) -> bool {
        u64::from(score) * 100 >= u64::from(self.pass_mark) * u64::from(self.max_score())
    }

    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|question| question.id == id)
    }
}

impl Kind {
    /// The kind's name as the file writes it.
    pub fn name(&self) -> &'static str {
        match self {
            Kind::Single { .. } => "single",
            Kind::Multiple { .. } => "multiple",
            Kind::TrueFalse => "true_false",
            Kind::Short => "short",
            Kind::Classify { .. } => "classify",
            Kind::PredictOutput { .. } => "predict_output",
        }
    }

    /// The choices of a `single` or `multiple` question; empty for the others.
    pub fn choices(&self) -> &[Choice] {
        match self {
            Kind::Single { choices } | Kind::Multiple { choices } => choices,
            _ => &[],
        }
    }
}

/// The letter of the choice at `idx`: `a`, `b`, ...
pub fn letter(idx: usize) -> char {
    // A question has at most 26 choices (loading refuses more); past `z` is only ever named in
    // the message that says so.
    u8::try_from(idx)
        .ok()
        .filter(|idx| *idx < 26)
        .map_or('?', |idx| (b'a' + idx) as char)
}

/// The index of a one-letter string among `n` choices.
pub fn letter_index(text: &str, n: usize) -> Option<usize> {
    let mut chars = text.chars();
    let (Some(c), None) = (chars.next(), chars.next()) else {
        return None;
    };
    let c = c.to_ascii_lowercase();
    c.is_ascii_lowercase()
        .then(|| usize::from(c as u8 - b'a'))
        .filter(|&idx| idx < n)
}

/// A short answer as it is compared: trimmed, lower-cased, runs of whitespace folded into one
/// space, and trailing full stops dropped (`" Write-Ahead  Log. "` -> `"write-ahead log"`).
pub fn normalise(text: &str) -> String {
    let folded = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    folded.trim_end_matches('.').trim_end().to_owned()
}

/// Program output as it is compared: line endings unified, trailing whitespace of every line
/// and trailing empty lines dropped.
pub fn normalise_output(text: &str) -> String {
    let lines: Vec<&str> = text
        .lines()
        .map(|line| line.trim_end_matches([' ', '\t', '\r']))
        .collect();
    lines.join("\n").trim_end().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalise_trims_lowercases_folds_spaces_and_drops_trailing_stops() {
        assert_eq!(normalise("  Write-Ahead \t Log.  "), "write-ahead log");
        assert_eq!(normalise("In\nSync..."), "in sync");
        assert_eq!(normalise(" . "), "");
    }

    #[test]
    fn normalise_output_ignores_trailing_whitespace_only() {
        assert_eq!(normalise_output("a  \r\nb\t\n\n"), "a\nb");
        assert_eq!(normalise_output("  a\nb"), "  a\nb");
    }

    #[test]
    fn letters_map_both_ways() {
        assert_eq!(letter(0), 'a');
        assert_eq!(letter(3), 'd');
        assert_eq!(letter_index("B", 4), Some(1));
        assert_eq!(letter_index("e", 4), None);
        assert_eq!(letter_index("ab", 4), None);
        assert_eq!(letter_index("", 4), None);
    }
}
