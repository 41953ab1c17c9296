//! A learner's answer in canonical form (choices are the file's letters, whatever order the
//! learner saw), read from what they type, from an `--answers` file or from the workbook, and
//! written back as JSON for recording. Reading never panics: a bad answer is a reason, in words.

use std::collections::BTreeSet;

use serde_json::{json, Value};

use crate::domain::course::format::RawAnswer;
use crate::domain::course::quiz::{letter, letter_index, Kind, Question};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    Choice(usize),
    Choices(BTreeSet<usize>),
    Bool(bool),
    Text(String),
    /// The category picked for each item, in the items' order; `None` if left out.
    Placement(Vec<Option<usize>>),
}

/// Reads one typed line for a `single`, `multiple`, `true_false` or `short` question. Letters
/// and numbers are the ones shown: `order[shown] == canonical`.
pub fn from_typed(question: &Question, line: &str, order: &[usize]) -> Result<Answer, String> {
    let line = line.trim();
    if line.is_empty() {
        return Err("type an answer".to_owned());
    }
    match &question.kind {
        Kind::Single { choices } => match picks(line, choices.len())?.as_slice() {
            [one] => Ok(Answer::Choice(order[*one])),
            _ => Err(format!(
                "pick one choice: a letter from `a` to `{}`",
                last(choices.len())
            )),
        },
        Kind::Multiple { choices } => {
            let picked = picks(line, choices.len())?;
            Ok(Answer::Choices(
                picked.iter().map(|&shown| order[shown]).collect(),
            ))
        }
        Kind::TrueFalse => truth(line).map(Answer::Bool),
        Kind::Short | Kind::PredictOutput { .. } => Ok(Answer::Text(line.to_owned())),
        Kind::Classify { .. } => Err("this question sorts items one at a time".to_owned()),
    }
}

/// One category, typed by its number or its name (any case).
pub fn category_from_typed(categories: &[String], line: &str) -> Result<usize, String> {
    let line = line.trim();
    if let Ok(number) = line.parse::<usize>() {
        if (1..=categories.len()).contains(&number) {
            return Ok(number - 1);
        }
    }
    let wanted = crate::domain::course::quiz::normalise(line);
    categories
        .iter()
        .position(|category| crate::domain::course::quiz::normalise(category) == wanted)
        .ok_or_else(|| {
            format!(
                "`{line}` is not a category: type a number from 1 to {} or a category's name",
                categories.len()
            )
        })
}

/// Reads an answer written in a file (an `--answers` file, or the workbook's record), where
/// letters are the file's own. `Ok(None)` means unanswered.
pub fn from_raw(question: &Question, raw: &RawAnswer) -> Result<Option<Answer>, String> {
    if *raw == RawAnswer::Null {
        return Ok(None);
    }
    let n = question.kind.choices().len();
    let answer = match (&question.kind, raw) {
        (Kind::Single { .. }, RawAnswer::Text(text)) => letter_index(text.trim(), n)
            .map(Answer::Choice)
            .ok_or_else(|| {
                format!(
                    "expected one letter from `a` to `{}`, found `{text}`",
                    last(n)
                )
            })?,
        (Kind::Multiple { .. }, RawAnswer::List(list)) => {
            let mut picked = BTreeSet::new();
            for element in list {
                match element {
                    RawAnswer::Text(text) if letter_index(text.trim(), n).is_some() => {
                        picked.insert(letter_index(text.trim(), n).expect("checked"));
                    }
                    _ => {
                        return Err(format!(
                            "expected letters from `a` to `{}`, found {}",
                            last(n),
                            describe(element)
                        ))
                    }
                }
            }
            Answer::Choices(picked)
        }
        (Kind::Multiple { .. }, RawAnswer::Text(text)) => {
            Answer::Choices(picks_by_letter(text, n)?.into_iter().collect())
        }
        (Kind::TrueFalse, RawAnswer::Bool(value)) => Answer::Bool(*value),
        (Kind::TrueFalse, RawAnswer::Text(text)) => Answer::Bool(truth(text)?),
        (Kind::Short | Kind::PredictOutput { .. }, RawAnswer::Text(text)) => {
            Answer::Text(text.clone())
        }
        (Kind::Short, RawAnswer::Bool(value)) => Answer::Text(value.to_string()),
        (Kind::Classify { categories, items }, RawAnswer::Map(entries)) => {
            let mut placement = vec![None; items.len()];
            for (item_id, category) in entries {
                let item = items
                    .iter()
                    .position(|item| &item.id == item_id)
                    .ok_or_else(|| format!("`{item_id}` is not one of the items"))?;
                let RawAnswer::Text(name) = category else {
                    return Err(format!("item `{item_id}`: expected a category's name"));
                };
                let idx = category_from_typed(categories, name)
                    .map_err(|reason| format!("item `{item_id}`: {reason}"))?;
                placement[item] = Some(idx);
            }
            Answer::Placement(placement)
        }
        (kind, raw) => {
            return Err(format!(
                "{} does not answer a `{}` question: expected {}",
                describe(raw),
                kind.name(),
                expected(kind)
            ))
        }
    };
    Ok(Some(answer))
}

/// Reads an answer the workbook recorded (see `to_json`).
pub fn from_json(question: &Question, value: &Value) -> Result<Option<Answer>, String> {
    let raw: RawAnswer = serde_json::from_value(value.clone()).map_err(|e| e.to_string())?;
    from_raw(question, &raw)
}

/// The canonical form the workbook records, the same shapes an `--answers` file uses: a letter,
/// a list of letters, a bool, text, or a map item id -> category name.
pub fn to_json(question: &Question, answer: &Answer) -> Value {
    match answer {
        Answer::Choice(idx) => json!(letter(*idx).to_string()),
        Answer::Choices(picked) => json!(picked
            .iter()
            .map(|&idx| letter(idx).to_string())
            .collect::<Vec<_>>()),
        Answer::Bool(value) => json!(value),
        Answer::Text(text) => json!(text),
        Answer::Placement(placement) => {
            let Kind::Classify { categories, items } = &question.kind else {
                return Value::Null;
            };
            let map: serde_json::Map<String, Value> = items
                .iter()
                .zip(placement)
                .filter_map(|(item, placed)| {
                    placed.map(|idx| (item.id.clone(), json!(categories[idx])))
                })
                .collect();
            Value::Object(map)
        }
    }
}

/// Shown choice positions from `a c`, `a,c`, `ac` or `1 3`; never empty, no repeats.
fn picks(line: &str, n: usize) -> Result<Vec<usize>, String> {
    let mut picked: Vec<usize> = Vec::new();
    for token in line
        .split([' ', ',', '\t'])
        .filter(|token| !token.is_empty())
    {
        let token = token.trim_end_matches(')');
        let found = match token.parse::<usize>() {
            Ok(number) if (1..=n).contains(&number) => vec![number - 1],
            Ok(_) => return Err(format!("there is no choice {token}: choices are 1 to {n}")),
            Err(_) => picks_by_letter(token, n)?,
        };
        for idx in found {
            if !picked.contains(&idx) {
                picked.push(idx);
            }
        }
    }
    if picked.is_empty() {
        return Err("type at least one letter".to_owned());
    }
    Ok(picked)
}

/// Letters only, separated or not: `a c`, `a,c`, `ac`.
fn picks_by_letter(text: &str, n: usize) -> Result<Vec<usize>, String> {
    text.chars()
        .filter(|c| !matches!(c, ' ' | ',' | '\t'))
        .map(|c| {
            letter_index(&c.to_string(), n).ok_or_else(|| {
                format!(
                    "`{c}` is not a choice: use letters from `a` to `{}`",
                    last(n)
                )
            })
        })
        .collect()
}

fn truth(text: &str) -> Result<bool, String> {
    match text.trim().to_lowercase().as_str() {
        "t" | "true" | "y" | "yes" => Ok(true),
        "f" | "false" | "n" | "no" => Ok(false),
        other => Err(format!("`{other}` is not true or false: type `t` or `f`")),
    }
}

fn last(n: usize) -> char {
    letter(n.saturating_sub(1))
}

fn expected(kind: &Kind) -> &'static str {
    match kind {
        Kind::Single { .. } => "one letter",
        Kind::Multiple { .. } => "a list of letters",
        Kind::TrueFalse => "`true` or `false`",
        Kind::Short | Kind::PredictOutput { .. } => "text",
        Kind::Classify { .. } => "a map from item id to category",
    }
}

fn describe(raw: &RawAnswer) -> String {
    match raw {
        RawAnswer::Null => "nothing".to_owned(),
        RawAnswer::Bool(value) => format!("`{value}`"),
        RawAnswer::Text(text) => format!("`{text}`"),
        RawAnswer::List(_) => "a list".to_owned(),
        RawAnswer::Map(_) => "a map".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::course::quiz::{Choice, Item};

    fn question(kind: Kind) -> Question {
        Question {
            id: "q".to_owned(),
            prompt: "?".to_owned(),
            points: 1,
            kind,
            key: None,
            explanation: None,
        }
    }

    fn choices(n: usize) -> Vec<Choice> {
        (0..n)
            .map(|idx| Choice {
                text: format!("choice {idx}"),
                feedback: None,
            })
            .collect()
    }

    #[test]
    fn typed_letters_and_numbers_map_through_the_shown_order() {
        let single = question(Kind::Single {
            choices: choices(3),
        });
        let order = [2, 0, 1];
        assert_eq!(from_typed(&single, "a", &order), Ok(Answer::Choice(2)));
        assert_eq!(from_typed(&single, " B) ", &order), Ok(Answer::Choice(0)));
        assert_eq!(from_typed(&single, "3", &order), Ok(Answer::Choice(1)));
        assert!(from_typed(&single, "d", &order).is_err());
        assert!(from_typed(&single, "a b", &order).is_err());
        assert!(from_typed(&single, "", &order).is_err());
        let multiple = question(Kind::Multiple {
            choices: choices(3),
        });
        let both = Answer::Choices(BTreeSet::from([2, 1]));
        assert_eq!(from_typed(&multiple, "a c", &order), Ok(both.clone()));
        assert_eq!(from_typed(&multiple, "a,c", &order), Ok(both.clone()));
        assert_eq!(from_typed(&multiple, "ca", &order), Ok(both.clone()));
        assert_eq!(from_typed(&multiple, "1 3 1", &order), Ok(both));
        assert!(from_typed(&multiple, "a z", &order).is_err());
    }

    #[test]
    fn typed_truth_values() {
        let tf = question(Kind::TrueFalse);
        for (typed, value) in [("t", true), ("Yes", true), ("false", false), ("n", false)] {
            assert_eq!(from_typed(&tf, typed, &[]), Ok(Answer::Bool(value)));
        }
        assert!(from_typed(&tf, "maybe", &[]).is_err());
    }

    #[test]
    fn categories_by_number_or_name() {
        let categories = ["stateless".to_owned(), "stateful".to_owned()];
        assert_eq!(category_from_typed(&categories, "2"), Ok(1));
        assert_eq!(category_from_typed(&categories, " Stateless "), Ok(0));
        assert!(category_from_typed(&categories, "3").is_err());
        assert!(category_from_typed(&categories, "stateish").is_err());
    }

    #[test]
    fn file_answers_round_trip_through_json() {
        let classify = question(Kind::Classify {
            categories: vec!["x".to_owned(), "y".to_owned()],
            items: ["one", "two"]
                .map(|id| Item {
                    id: id.to_owned(),
                    text: id.to_owned(),
                })
                .to_vec(),
        });
        let answer = Answer::Placement(vec![Some(1), None]);
        let value = to_json(&classify, &answer);
        assert_eq!(value, json!({"one": "y"}));
        assert_eq!(from_json(&classify, &value), Ok(Some(answer)));
        let multiple = question(Kind::Multiple {
            choices: choices(4),
        });
        let answer = Answer::Choices(BTreeSet::from([0, 3]));
        let value = to_json(&multiple, &answer);
        assert_eq!(value, json!(["a", "d"]));
        assert_eq!(from_json(&multiple, &value), Ok(Some(answer)));
        assert_eq!(from_json(&multiple, &Value::Null), Ok(None));
        assert!(from_json(&multiple, &json!(true)).is_err());
        assert!(from_json(&classify, &json!({"three": "x"})).is_err());
    }
}
