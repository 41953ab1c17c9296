//! Validation of quiz files: one test per kind of error, each checking the message and where
//! it points (line and column), from a valid quiz edited one way.

use super::{build, Key, Quiz};
use crate::domain::course::format;
use crate::domain::course::CourseError;

const FILE: &str = "quizzes/demo.yaml";

const VALID: &str = "\
id: demo
title: Demo
closes: 01_basics
pass_mark: 60
questions:
  - id: one
    kind: single
    prompt: Pick one.
    points: 2
    choices:
      - text: first
      - text: second
        feedback: Not this one.
    answer: a
    explanation: Because.
  - id: many
    kind: multiple
    prompt: Pick some.
    points: 2
    choices:
      - text: first
      - text: second
      - text: third
    answer: [a, c]
    explanation: Because.
  - id: truth
    kind: true_false
    prompt: True?
    points: 1
    answer: true
    explanation: Because.
  - id: word
    kind: short
    prompt: Which word?
    points: 1
    answer: [nothing, \"/^no(ne)?$/\"]
    explanation: Because.
  - id: sort
    kind: classify
    prompt: Sort them.
    points: 2
    categories: [stateless, stateful]
    items:
      - id: adder
        text: Adds.
      - id: store
        text: Stores.
    answer:
      adder: stateless
      store: stateful
    explanation: Because.
  - id: output
    kind: predict_output
    prompt: What does it print?
    points: 2
    code: |
      fn main() { println!(\"3\"); }
    answer: \"3\\n\"
    explanation: Because.
";

/// The quiz `text` builds, or every problem as `LINE:COLUMN: MESSAGE` (YAML errors too).
fn load(text: &str) -> Result<Quiz, Vec<String>> {
    let entry = format::parse(FILE, text).map_err(|error| match error {
        CourseError::Yaml {
            line,
            column,
            message,
            ..
        } => vec![format!("{line}:{column}: {message}")],
        other => vec![other.to_string()],
    })?;
    build(FILE, text, entry, &["01_basics"]).map_err(|problems| {
        problems
            .iter()
            .map(|problem| {
                let shown = problem.to_string();
                shown
                    .strip_prefix(&format!("{FILE}:"))
                    .unwrap_or(&shown)
                    .to_owned()
            })
            .collect()
    })
}

/// The problems after replacing `from` with `to` in the valid quiz.
fn problems(from: &str, to: &str) -> Vec<String> {
    assert!(VALID.contains(from), "the valid quiz has no `{from}`");
    load(&VALID.replacen(from, to, 1)).expect_err("the edit breaks the quiz")
}

fn assert_one(from: &str, to: &str, expected: &str) {
    let found = problems(from, to);
    assert!(
        found.iter().any(|problem| problem == expected),
        "expected `{expected}` among {found:#?}"
    );
}

#[test]
fn the_valid_quiz_builds_with_every_key() {
    let quiz = load(VALID).expect("valid");
    assert!(!quiz.sealed);
    assert_eq!(quiz.max_score(), 10);
    assert!(matches!(quiz.questions[0].key, Some(Key::Choice(0))));
    assert!(matches!(&quiz.questions[4].key, Some(Key::Placement(p)) if p == &[0, 1]));
}

#[test]
fn single_needs_one_letter_among_the_choices() {
    assert_one(
        "    answer: a\n",
        "    answer: c\n",
        "14:5: question `one`: field `answer`: expected one letter from `a` to `b`, found `c`",
    );
    assert_one(
        "    answer: a\n",
        "    answer: [a]\n",
        "14:5: question `one`: field `answer`: expected one letter from `a` to `b`, found a list",
    );
}

#[test]
fn multiple_needs_a_list_of_distinct_letters_among_the_choices() {
    let line = "24:5: question `many`: field `answer`:";
    assert_one(
        "[a, c]",
        "[]",
        &format!("{line} expected at least one letter, found `[]`"),
    );
    assert_one(
        "[a, c]",
        "[a, a]",
        &format!("{line} letter `a` is listed twice"),
    );
    assert_one(
        "[a, c]",
        "[a, d]",
        &format!("{line} expected letters from `a` to `c`, found `d`"),
    );
    assert_one(
        "[a, c]",
        "a",
        &format!("{line} expected a list of letters like `[a, c]`, found `a`"),
    );
}

#[test]
fn true_false_needs_a_bool() {
    assert_one(
        "answer: true",
        "answer: yes",
        "30:5: question `truth`: field `answer`: expected `true` or `false`, found `yes`",
    );
}

#[test]
fn short_needs_accepted_answers_and_patterns_that_compile() {
    let line = "36:5: question `word`: field `answer`:";
    assert_one(
        "[nothing, \"/^no(ne)?$/\"]",
        "[]",
        &format!("{line} expected at least one accepted answer"),
    );
    assert_one(
        "[nothing, \"/^no(ne)?$/\"]",
        "nothing",
        &format!("{line} expected a list of accepted answers, found `nothing`"),
    );
    let found = problems("\"/^no(ne)?$/\"", "\"/^no(ne$/\"");
    assert!(
        found[0].starts_with(&format!("{line} the pattern `/^no(ne$/` does not compile:")),
        "{found:?}"
    );
}

#[test]
fn classify_needs_categories_unique_items_and_a_complete_map() {
    let line = "48:5: question `sort`: field `answer`:";
    assert_one(
        "store: stateful",
        "store: stateish",
        &format!(
            "{line} item `store`: `stateish` is not one of the categories (`stateless`, `stateful`)"
        ),
    );
    assert_one(
        "store: stateful",
        "shop: stateful",
        &format!("{line} `shop` is not one of the items"),
    );
    assert_one(
        "      store: stateful\n",
        "",
        &format!("{line} item `store` has no category"),
    );
    assert_one(
        "      - id: store\n",
        "      - id: adder\n",
        "46:9: question `sort`: field `items`: item id `adder` is used twice",
    );
    assert_one(
        "[stateless, stateful]",
        "[stateless]",
        "42:5: question `sort`: field `categories`: expected two or more categories",
    );
}

#[test]
fn predict_output_needs_a_program_with_main_and_text() {
    assert_one(
        "fn main() { println!(\"3\"); }",
        "fn helper() {}",
        "56:5: question `output`: field `code`: expected a complete program with `fn main`",
    );
    assert_one(
        "    answer: \"3\\n\"\n",
        "    answer: [3]\n",
        "58:5: question `output`: field `answer`: expected the text the program prints, found a list",
    );
}

#[test]
fn ids_prompts_points_and_pass_mark_are_checked() {
    assert_one(
        "  - id: many\n",
        "  - id: one\n",
        "16:5: question `one`: the id is used twice",
    );
    assert_one(
        "    prompt: Pick one.\n",
        "    prompt: \" \"\n",
        "8:5: question `one`: field `prompt`: the prompt is empty",
    );
    assert_one(
        "    points: 1\n",
        "    points: 0\n",
        "29:5: question `truth`: field `points`: expected at least 1 point, found `0`",
    );
    assert_one(
        "pass_mark: 60",
        "pass_mark: 101",
        "4:1: `pass_mark` is a percentage from 0 to 100, found `101`",
    );
}

#[test]
fn the_quiz_id_and_the_chapter_it_closes_are_checked() {
    assert_one(
        "id: demo",
        "id: other",
        "1:1: the quiz id `other` must be the file's name `demo`",
    );
    assert_one(
        "closes: 01_basics",
        "closes: 09_nowhere",
        "3:1: `closes: 09_nowhere` names no chapter: expected a chapter dir (`01_basics`) or `module`",
    );
    let module = VALID.replace("closes: 01_basics", "closes: module");
    assert_eq!(load(&module).expect("valid").closes, "module");
}

#[test]
fn fields_of_other_kinds_and_missing_ones_are_errors() {
    assert_one(
        "    answer: true\n",
        "    answer: true\n    code: fn main() {}\n",
        "31:5: question `truth`: field `code`: does not belong to a `true_false` question",
    );
    assert_one(
        "    choices:\n      - text: first\n      - text: second\n        feedback: Not this one.\n",
        "",
        "6:5: question `one`: field `choices`: missing: list two or more choices",
    );
    assert_one(
        "    explanation: Because.\n  - id: many",
        "  - id: many",
        "6:5: question `one`: field `explanation`: missing or empty: say why the answer is right",
    );
}

#[test]
fn yaml_errors_name_line_column_and_field() {
    assert_eq!(
        problems("    points: 1\n", "    points: 1\n    difficulty: hard\n")[0],
        "30:5: questions[2]: unknown field `difficulty`, expected one of `id`, `kind`, \
         `prompt`, `points`, `choices`, `categories`, `items`, `code`, `answer`, `explanation`"
    );
    let found = problems("kind: true_false", "kind: essay");
    assert!(
        found[0].starts_with("27:11: questions[2].kind: unknown variant `essay`"),
        "{found:?}"
    );
    assert_eq!(
        problems("    points: 1\n", "    points: -1\n"),
        vec!["29:13: questions[2].points: invalid type: integer `-1`, expected u32"]
    );
}

#[test]
fn a_quiz_without_any_answer_is_sealed() {
    let sealed: String = VALID
        .lines()
        .filter(|line| {
            let line = line.trim_start();
            !(line.starts_with("answer:")
                || line.starts_with("explanation:")
                || line.starts_with("feedback:")
                || line.starts_with("adder: ")
                || line.starts_with("store: "))
        })
        .map(|line| format!("{line}\n"))
        .collect();
    let quiz = load(&sealed).expect("a sealed quiz is valid");
    assert!(quiz.sealed);
    assert!(quiz.questions.iter().all(|question| question.key.is_none()));
}

#[test]
fn a_quiz_with_some_answers_needs_them_all_and_a_sealed_one_none_of_the_explanations() {
    assert_one(
        "    answer: true\n",
        "",
        "26:5: question `truth`: field `answer`: missing: other questions in this quiz have \
         their key, so every one needs it (a sealed quiz has none at all)",
    );
    let sealed_but_explained = "\
id: demo
title: Demo
closes: module
pass_mark: 60
questions:
  - id: one
    kind: true_false
    prompt: True?
    points: 1
    explanation: This gives it away.
";
    assert_eq!(
        load(sealed_but_explained).expect_err("explained"),
        vec![
            "10:5: question `one`: field `explanation`: a sealed quiz (no question has an \
             `answer`) carries no explanations: they would give the answers away"
        ]
    );
}
