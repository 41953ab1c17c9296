//! The answer key each kind of question needs, read from its `answer` field: one letter for
//! `single`, distinct letters for `multiple`, a bool, accepted answers (patterns must compile),
//! a complete item -> category map, or the program's output.

use std::collections::BTreeSet;

use super::{describe, list_names, Report};
use crate::domain::course::format::RawAnswer;
use crate::domain::course::quiz::{letter, letter_index, normalise, Accepted, Item, Key, Kind};

impl Report<'_> {
    /// The key `answer` stands for, if it is the one `kind` needs.
    pub(super) fn key(&mut self, id: &str, kind: &Kind, answer: &RawAnswer) -> Option<Key> {
        let found = describe(answer);
        match kind {
            Kind::Single { choices } => {
                let last = letter(choices.len().saturating_sub(1));
                match answer {
                    RawAnswer::Text(text) => match letter_index(text, choices.len()) {
                        Some(idx) => Some(Key::Choice(idx)),
                        None => self.wrong_key(
                            id,
                            format!("expected one letter from `a` to `{last}`, found `{text}`"),
                        ),
                    },
                    _ => self.wrong_key(
                        id,
                        format!("expected one letter from `a` to `{last}`, found {found}"),
                    ),
                }
            }
            Kind::Multiple { choices } => self.multiple_key(id, choices.len(), answer),
            Kind::TrueFalse => match answer {
                RawAnswer::Bool(value) => Some(Key::Bool(*value)),
                _ => self.wrong_key(id, format!("expected `true` or `false`, found {found}")),
            },
            Kind::Short => self.short_key(id, answer),
            Kind::Classify { categories, items } => {
                self.classify_key(id, categories, items, answer)
            }
            Kind::PredictOutput { .. } => match answer {
                RawAnswer::Text(text) => Some(Key::Output(text.clone())),
                _ => self.wrong_key(
                    id,
                    format!("expected the text the program prints, found {found}"),
                ),
            },
        }
    }

    /// Records a problem with question `id`'s `answer`; no key.
    fn wrong_key(&mut self, id: &str, message: String) -> Option<Key> {
        self.field(id, "answer", message);
        None
    }

    /// A `multiple` question's key: a non-empty list of distinct letters among its `n_choices`.
    fn multiple_key(&mut self, id: &str, n_choices: usize, answer: &RawAnswer) -> Option<Key> {
        let last = letter(n_choices.saturating_sub(1));
        let RawAnswer::List(list) = answer else {
            return self.wrong_key(
                id,
                format!(
                    "expected a list of letters like `[a, c]`, found {}",
                    describe(answer)
                ),
            );
        };
        if list.is_empty() {
            return self.wrong_key(id, "expected at least one letter, found `[]`".to_owned());
        }
        let mut picked = BTreeSet::new();
        for element in list {
            let idx = match element {
                RawAnswer::Text(text) => letter_index(text, n_choices),
                _ => None,
            };
            match idx {
                None => {
                    return self.wrong_key(
                        id,
                        format!(
                            "expected letters from `a` to `{last}`, found {}",
                            describe(element)
                        ),
                    )
                }
                Some(idx) if !picked.insert(idx) => {
                    return self.wrong_key(id, format!("letter `{}` is listed twice", letter(idx)))
                }
                Some(_) => {}
            }
        }
        Some(Key::Choices(picked))
    }

    /// A `classify` question's key: every item placed in exactly one of the categories.
    fn classify_key(
        &mut self,
        id: &str,
        categories: &[String],
        items: &[Item],
        answer: &RawAnswer,
    ) -> Option<Key> {
        let RawAnswer::Map(entries) = answer else {
            return self.wrong_key(
                id,
                format!(
                    "expected a map from item id to category, found {}",
                    describe(answer)
                ),
            );
        };
        let mut placement = vec![None; items.len()];
        for (item_id, category) in entries {
            let Some(item) = items.iter().position(|item| &item.id == item_id) else {
                return self.wrong_key(id, format!("`{item_id}` is not one of the items"));
            };
            let category_idx = match category {
                RawAnswer::Text(name) => categories.iter().position(|c| c == name),
                _ => None,
            };
            let Some(category_idx) = category_idx else {
                return self.wrong_key(
                    id,
                    format!(
                        "item `{item_id}`: {} is not one of the categories ({})",
                        describe(category),
                        list_names(categories)
                    ),
                );
            };
            if placement[item].replace(category_idx).is_some() {
                return self.wrong_key(id, format!("item `{item_id}` is placed twice"));
            }
        }
        if let Some(missing) = items
            .iter()
            .zip(&placement)
            .find(|(_, placed)| placed.is_none())
        {
            return self.wrong_key(id, format!("item `{}` has no category", missing.0.id));
        }
        Some(Key::Placement(placement.into_iter().flatten().collect()))
    }

    fn short_key(&mut self, id: &str, answer: &RawAnswer) -> Option<Key> {
        let RawAnswer::List(list) = answer else {
            self.field(
                id,
                "answer",
                format!(
                    "expected a list of accepted answers, found {}",
                    describe(answer)
                ),
            );
            return None;
        };
        if list.is_empty() {
            self.field(id, "answer", "expected at least one accepted answer");
            return None;
        }
        let mut accepted = Vec::new();
        for element in list {
            let RawAnswer::Text(text) = element else {
                self.field(
                    id,
                    "answer",
                    format!("expected text, found {}", describe(element)),
                );
                return None;
            };
            match text.strip_prefix('/').and_then(|t| t.strip_suffix('/')) {
                Some(pattern) if !pattern.is_empty() => match regex::Regex::new(pattern) {
                    Ok(regex) => accepted.push(Accepted::Pattern(regex)),
                    Err(error) => {
                        let reason = error.to_string();
                        let reason = reason.lines().last().unwrap_or("").trim();
                        self.field(
                            id,
                            "answer",
                            format!("the pattern `{text}` does not compile: {reason}"),
                        );
                        return None;
                    }
                },
                _ if normalise(text).is_empty() => {
                    self.field(id, "answer", "an accepted answer is empty");
                    return None;
                }
                _ => accepted.push(Accepted::Text(normalise(text))),
            }
        }
        Some(Key::Accepted(accepted))
    }
}
