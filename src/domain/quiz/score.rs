//! Scoring, pure: an answer against the course's key gives points. The rules, by kind:
//!
//! - `single`, `true_false`, `predict_output`: all or nothing. Output is compared after
//!   dropping trailing whitespace (`normalise_output`).
//! - `multiple`: `points × max(0, right picks − wrong picks) ÷ right choices`, rounded down, so
//!   picking everything earns nothing and each wrong pick cancels a right one.
//! - `short`: the answer is normalised (trimmed, lower-cased, spaces folded, trailing `.`
//!   dropped) and must equal an accepted answer, or match a `/regex/` entry; all or nothing.
//! - `classify`: `points × items placed right ÷ items`, rounded down.
//!
//! An answer is *correct* when it earns every point. A missing answer earns nothing. The grader
//! calls `rescore` with recorded answers: only the answers are trusted, never a stored score.

use crate::domain::course::quiz::{normalise, normalise_output, Accepted, Key, Question, Quiz};
use crate::domain::quiz::answer::{self, Answer};

/// What one answer earned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Marked {
    pub points: u32,
    pub correct: bool,
}

/// Scores one answer (`None`: unanswered) against the question's key; `None` when the
/// question has no key (a sealed quiz).
pub fn mark(question: &Question, answer: Option<&Answer>) -> Option<Marked> {
    let key = question.key.as_ref()?;
    let points = question.points;
    let all_or_nothing = |right: bool| Marked {
        points: if right { points } else { 0 },
        correct: right,
    };
    let Some(answer) = answer else {
        return Some(all_or_nothing(false));
    };
    Some(match (key, answer) {
        (Key::Choice(want), Answer::Choice(got)) => all_or_nothing(want == got),
        (Key::Bool(want), Answer::Bool(got)) => all_or_nothing(want == got),
        (Key::Output(want), Answer::Text(got)) => {
            all_or_nothing(normalise_output(want) == normalise_output(got))
        }
        (Key::Accepted(accepted), Answer::Text(got)) => all_or_nothing(accepts(accepted, got)),
        (Key::Choices(want), Answer::Choices(got)) => {
            let right = got.intersection(want).count() as u64;
            let wrong = got.difference(want).count() as u64;
            let earned = u64::from(points) * right.saturating_sub(wrong) / want.len() as u64;
            Marked {
                points: earned as u32,
                correct: got == want,
            }
        }
        (Key::Placement(want), Answer::Placement(got)) => {
            let right = want
                .iter()
                .zip(got)
                .filter(|(want, got)| Some(**want) == **got)
                .count() as u64;
            Marked {
                points: (u64::from(points) * right / want.len() as u64) as u32,
                correct: right == want.len() as u64,
            }
        }
        // An answer of another shape (a key changed kind since it was recorded) earns nothing.
        _ => all_or_nothing(false),
    })
}

/// Whether a short answer is accepted.
pub fn accepts(accepted: &[Accepted], answer: &str) -> bool {
    let answer = normalise(answer);
    accepted.iter().any(|entry| match entry {
        Accepted::Text(text) => *text == answer,
        Accepted::Pattern(pattern) => pattern.is_match(&answer),
    })
}

/// Re-scores recorded answers (question id, answer as recorded) against the course's keys: `(score, max_score)`. Answers to
/// questions the quiz no longer has, and answers that no longer read, earn nothing; a question
/// answered twice counts once (the first). A sealed quiz has no keys and scores `(0, max)`: give
/// it the full course's quiz.
pub fn rescore(quiz: &Quiz, answers: &[(&str, &serde_json::Value)]) -> (u32, u32) {
    let score = quiz
        .questions
        .iter()
        .map(|question| {
            let recorded = answers
                .iter()
                .find(|(id, _)| *id == question.id)
                .and_then(|(_, answer)| answer::from_json(question, answer).ok())
                .flatten();
            mark(question, recorded.as_ref()).map_or(0, |marked| marked.points)
        })
        .sum();
    (score, quiz.max_score())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::domain::course::quiz::{Choice, Item, Kind};

    fn question(points: u32, kind: Kind, key: Key) -> Question {
        Question {
            id: "q".to_owned(),
            prompt: "?".to_owned(),
            points,
            kind,
            key: Some(key),
            explanation: Some("because".to_owned()),
        }
    }

    fn choices(n: usize) -> Kind {
        Kind::Multiple {
            choices: (0..n)
                .map(|idx| Choice {
                    text: idx.to_string(),
                    feedback: None,
                })
                .collect(),
        }
    }

    fn points(question: &Question, answer: Answer) -> (u32, bool) {
        let marked = mark(question, Some(&answer)).expect("a keyed question");
        (marked.points, marked.correct)
    }

    #[test]
    fn single_true_false_and_output_are_all_or_nothing() {
        let single = question(2, choices(3), Key::Choice(1));
        assert_eq!(points(&single, Answer::Choice(1)), (2, true));
        assert_eq!(points(&single, Answer::Choice(0)), (0, false));
        let truth = question(1, Kind::TrueFalse, Key::Bool(false));
        assert_eq!(points(&truth, Answer::Bool(false)), (1, true));
        assert_eq!(points(&truth, Answer::Bool(true)), (0, false));
        let output = question(
            3,
            Kind::PredictOutput {
                code: String::new(),
            },
            Key::Output("5\n7\n".to_owned()),
        );
        assert_eq!(
            points(&output, Answer::Text("5  \n7".to_owned())),
            (3, true)
        );
        assert_eq!(points(&output, Answer::Text("5 7".to_owned())), (0, false));
    }

    #[test]
    fn multiple_gives_partial_credit_and_wrong_picks_cancel_right_ones() {
        let multiple = question(4, choices(5), Key::Choices(BTreeSet::from([0, 1, 3])));
        let picks = |letters: &[usize]| Answer::Choices(letters.iter().copied().collect());
        assert_eq!(points(&multiple, picks(&[0, 1, 3])), (4, true));
        // 2 right of 3: 4 × 2 ÷ 3 = 2.67, rounded down.
        assert_eq!(points(&multiple, picks(&[0, 1])), (2, false));
        // 3 right, 1 wrong: 4 × 2 ÷ 3.
        assert_eq!(points(&multiple, picks(&[0, 1, 2, 3])), (2, false));
        // Everything: 3 right, 2 wrong: 4 × 1 ÷ 3.
        assert_eq!(points(&multiple, picks(&[0, 1, 2, 3, 4])), (1, false));
        assert_eq!(points(&multiple, picks(&[2, 4])), (0, false));
        assert_eq!(points(&multiple, picks(&[0, 2, 4])), (0, false));
    }

    #[test]
    fn short_answers_are_normalised_or_matched_by_pattern() {
        let short = question(
            1,
            Kind::Short,
            Key::Accepted(vec![
                Accepted::Text("write-ahead log".to_owned()),
                Accepted::Pattern(regex::Regex::new("^(a )?wal$").unwrap()),
            ]),
        );
        for accepted in ["write-ahead log", "  Write-Ahead   LOG. ", "WAL", "a wal."] {
            assert_eq!(points(&short, Answer::Text(accepted.to_owned())), (1, true));
        }
        for refused in ["write ahead log", "the wal", "log"] {
            assert_eq!(points(&short, Answer::Text(refused.to_owned())), (0, false));
        }
    }

    #[test]
    fn classify_gives_credit_per_item_placed_right() {
        let items = (0..4)
            .map(|idx| Item {
                id: idx.to_string(),
                text: idx.to_string(),
            })
            .collect();
        let classify = question(
            3,
            Kind::Classify {
                categories: vec!["x".to_owned(), "y".to_owned()],
                items,
            },
            Key::Placement(vec![0, 0, 1, 1]),
        );
        let all = Answer::Placement(vec![Some(0), Some(0), Some(1), Some(1)]);
        assert_eq!(points(&classify, all), (3, true));
        // 3 of 4 right: 3 × 3 ÷ 4 = 2.25, rounded down.
        let three = Answer::Placement(vec![Some(0), Some(0), Some(1), None]);
        assert_eq!(points(&classify, three), (2, false));
        let one = Answer::Placement(vec![Some(1), Some(1), Some(0), Some(1)]);
        assert_eq!(points(&classify, one), (0, false));
    }

    #[test]
    fn unanswered_earns_nothing_and_a_sealed_question_is_not_marked() {
        let mut single = question(2, choices(3), Key::Choice(1));
        assert_eq!(
            mark(&single, None),
            Some(Marked {
                points: 0,
                correct: false
            })
        );
        assert_eq!(points(&single, Answer::Bool(true)), (0, false));
        single.key = None;
        assert_eq!(mark(&single, Some(&Answer::Choice(1))), None);
    }
}
