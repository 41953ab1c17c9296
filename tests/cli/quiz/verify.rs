//! What `verify` catches in a broken copy of the fixture quiz: a `predict_output` key that is
//! not what its program prints, a program that does not compile, every rule of the format (each
//! with file, line, column, question and field), unknown fields and stray files.

use predicates::str::contains;

use super::QUIZ;
use crate::Env;

#[test]
fn verify_runs_every_predict_output_program_and_catches_a_wrong_key() {
    let env = Env::fixture().own_course();
    let quiz = env
        .read(QUIZ)
        .replace("      calls: 3\n", "      calls: 4\n");
    env.write(QUIZ, &quiz);
    env.cmd(&["verify"])
        .assert()
        .code(1)
        .stdout(contains(
            "quizzes/basics.yaml:84: question `output`: the answer key is not what the \
             program prints",
        ))
        .stdout(contains("  key:\n    calls: 4\n  printed:\n    calls: 3"));
}

#[test]
fn verify_reports_a_predict_output_program_that_does_not_compile() {
    let env = Env::fixture().own_course();
    let quiz = env.read(QUIZ).replace("calls += 1;", "calls += \"one\";");
    env.write(QUIZ, &quiz);
    env.cmd(&["verify"]).assert().code(1).stdout(contains(
        "quizzes/basics.yaml:76: question `output`: the program does not compile",
    ));
}

#[test]
fn verify_reports_every_broken_rule_with_file_line_column_and_field() {
    let env = Env::fixture().with_workbook().own_course();
    let quiz = env
        .read(QUIZ)
        .replace("    answer: a\n", "    answer: d\n")
        .replace("    answer: true\n", "    answer: maybe\n")
        .replace("      store: stateful\n", "      store: stateish\n");
    env.write(QUIZ, &quiz);
    env.cmd(&["verify"])
        .assert()
        .code(1)
        .stdout(contains(
            "quizzes/basics.yaml:17:5: question `pick-one`: field `answer`: expected one letter \
             from `a` to `c`, found `d`",
        ))
        .stdout(contains(
            "quizzes/basics.yaml:38:5: question `truth`: field `answer`: expected `true` or \
             `false`, found `maybe`",
        ))
        .stdout(contains(
            "quizzes/basics.yaml:62:5: question `sort`: field `answer`: item `store`: \
             `stateish` is not one of the categories (`stateless`, `stateful`)",
        ))
        .stdout(contains("3 problem(s) found"));
    env.cmd(&["quiz", "basics"])
        .assert()
        .code(2)
        .stderr(contains("quizzes/basics.yaml:17:5:"));
}

#[test]
fn verify_reports_unknown_fields_and_stray_files_under_quizzes() {
    let env = Env::fixture().own_course();
    let quiz = env
        .read(QUIZ)
        .replace("    points: 1\n", "    points: 1\n    hint: none\n");
    env.write(QUIZ, &quiz);
    env.cmd(&["verify"]).assert().code(1).stdout(contains(
        "quizzes/basics.yaml:38:5: questions[2]: unknown field `hint`",
    ));
    let env = Env::fixture().own_course();
    env.write("course/quizzes/notes.md", "draft\n");
    env.cmd(&["verify"]).assert().code(1).stdout(contains(
        "quizzes/notes.md: this file is not a quiz: quizzes are `quizzes/<id>.yaml`",
    ));
}

#[test]
fn verify_names_the_place_of_every_kind_of_broken_rule() {
    let cases: &[(&str, &str, &str)] = &[
        ("id: basics", "id: basic", "2:1: the quiz id `basic` must be the file's name `basics`"),
        ("closes: 01_basics", "closes: 02_gone", "4:1: `closes: 02_gone` names no chapter"),
        ("pass_mark: 60", "pass_mark: 160", "5:1: `pass_mark` is a percentage from 0 to 100"),
        ("  - id: pick-many\n", "  - id: pick-one\n", "20:5: question `pick-one`: the id is used twice"),
        ("    points: 2\n", "    points: 0\n", "11:5: question `pick-one`: field `points`: expected at least 1 point"),
        (
            "    prompt: |\n      Which of these functions",
            "    prompt: \"\"\n    x: |\n      Which of these functions",
            "10:5: questions[0]: unknown field `x`",
        ),
        ("    answer: [a, c]\n", "    answer: [a, a]\n", "30:5: question `pick-many`: field `answer`: letter `a` is listed twice"),
        ("    answer: [a, c]\n", "    answer: [a, e]\n", "30:5: question `pick-many`: field `answer`: expected letters from `a` to `c`, found `e`"),
        ("      - nothing\n", "      - \"/no(/\"\n", "46:5: question `word`: field `answer`: the pattern `/no(/` does not compile"),
        ("      store: stateful\n", "      shop: stateful\n", "62:5: question `sort`: field `answer`: `shop` is not one of the items"),
        ("      - id: store\n", "      - id: adder\n", "60:9: question `sort`: field `items`: item id `adder` is used twice"),
        ("[stateless, stateful]", "[stateless]", "56:5: question `sort`: field `categories`: expected two or more categories"),
        ("      fn main() {\n", "      fn start() {\n", "76:5: question `output`: field `code`: expected a complete program with `fn main`"),
        ("    answer: |\n      calls: 3\n", "    answer: [3]\n", "84:5: question `output`: field `answer`: expected the text the program prints"),
        ("    answer: true\n", "", "33:5: question `truth`: field `answer`: missing"),
        ("    explanation: It remembers earlier answers.\n", "", "33:5: question `truth`: field `explanation`: missing or empty"),
        ("    answer: true\n", "    answer: true\n    choices: []\n", "39:5: question `truth`: field `choices`: does not belong to a `true_false` question"),
    ];
    for (from, to, expected) in cases {
        let env = Env::fixture().own_course();
        let quiz = env.read(QUIZ);
        assert!(quiz.contains(from), "the fixture quiz has no `{from}`");
        env.write(QUIZ, &quiz.replacen(from, to, 1));
        let output = env.cmd(&["verify"]).output().unwrap();
        let text = String::from_utf8_lossy(&output.stdout);
        assert_eq!(output.status.code(), Some(1), "{from:?} -> {to:?}: {text}");
        assert!(
            text.contains(&format!("problem: quizzes/basics.yaml:{expected}")),
            "{from:?} -> {to:?}: expected `{expected}` in\n{text}"
        );
    }
}
