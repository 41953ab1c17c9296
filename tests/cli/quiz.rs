//! `statelings quiz` against the fixture course's quizzes (`basics`, every kind; `exam`,
//! sealed): interactive sessions driven through standard input, answers files, JSON, what is
//! recorded and shown. What `verify` catches in a broken quiz is in `quiz/verify.rs`.

use predicates::prelude::*;
use predicates::str::contains;
use serde_json::Value;

use crate::Env;

mod verify;

const QUIZ: &str = "course/quizzes/basics.yaml";

/// A seed that shows no question of the fixture's quizzes in the file's order.
const SHUFFLING_SEED: u64 = 5;

/// Standard input: one answer a line.
fn typed(lines: &[&str]) -> String {
    lines.iter().map(|line| format!("{line}\n")).collect()
}

/// The lines that answer every `basics` question right in this workbook, `pick_one` being the
/// file's letter picked for the first question.
fn answers(env: &Env, pick_one: &str) -> Vec<String> {
    [
        env.shown("basics", "pick-one", 3, pick_one),
        env.shown("basics", "pick-many", 3, "ac"),
        "t".to_owned(),
        "  Nothing. ".to_owned(),
        "1".to_owned(),
        "stateful".to_owned(),
        "calls: 3".to_owned(),
        String::new(),
    ]
    .to_vec()
}

/// The workbook's own record of a quiz.
fn record(env: &Env, quiz: &str) -> Value {
    let progress: Value =
        serde_json::from_str(&env.read("workbook/.statelings/progress.json")).unwrap();
    progress["quizzes"][quiz].clone()
}

#[test]
fn an_interactive_quiz_reads_one_answer_a_line_and_asks_again_on_bad_input() {
    let env = Env::fixture().with_workbook();
    let mut lines = answers(&env, "a");
    lines.insert(0, "z".to_owned());
    lines.insert(3, "maybe".to_owned());
    lines.insert(6, "3".to_owned());
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    env.cmd(&["quiz", "basics"])
        .write_stdin(typed(&lines))
        .assert()
        .success()
        .stdout(contains("Question 1 of 6 (2 points)"))
        .stdout(contains("`z` is not a choice: use letters from `a` to `c`"))
        .stdout(contains("`maybe` is not true or false"))
        .stdout(contains("`3` is not a category"))
        .stdout(contains("\n    // the same program as below\n"))
        .stdout(contains("\n    fn main() {\n"))
        .stdout(contains("Why: Only add keeps nothing between calls."))
        .stdout(contains(
            "PASSED basics: 10/10 points (100%, the pass mark is 60%)",
        ));
    let quiz = &env.progress()["quizzes"][0];
    assert_eq!(quiz["name"], "basics");
    assert_eq!(quiz["closes"], "01_basics");
    assert_eq!(quiz["taken"], true);
    assert_eq!(quiz["attempts"], 1);
    assert_eq!(quiz["best_score"], 10);
    assert_eq!(quiz["max_score"], 10);
    assert_eq!(quiz["passed"], true);
}

#[test]
fn answers_are_recorded_with_the_files_letters_whatever_order_was_shown() {
    let env = Env::fixture().with_workbook().with_seed(SHUFFLING_SEED);
    assert_eq!(env.shown("basics", "pick-one", 3, "a"), "b");
    assert_eq!(env.shown("basics", "pick-many", 3, "ac"), "ba");
    let lines = answers(&env, "a");
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    env.cmd(&["quiz", "basics"])
        .write_stdin(typed(&lines))
        .assert()
        .success();
    let answers = &record(&env, "basics")["last"]["answers"];
    assert_eq!(answers[0]["question"], "pick-one");
    assert_eq!(answers[0]["answer"], "a");
    assert_eq!(answers[0]["correct"], true);
    assert_eq!(answers[0]["points"], 2);
    assert!(answers[0]["answered_at"].as_u64().unwrap() > 0);
    assert_eq!(answers[1]["answer"], serde_json::json!(["a", "c"]));
    assert_eq!(answers[2]["answer"], true);
    assert_eq!(answers[3]["answer"], "Nothing.");
    assert_eq!(
        answers[4]["answer"],
        serde_json::json!({"adder": "stateless", "store": "stateful"})
    );
    assert_eq!(answers[5]["answer"], "calls: 3");
}

#[test]
fn choices_are_shuffled_the_same_way_every_time_for_a_workbook() {
    let env = Env::fixture().with_workbook().with_seed(SHUFFLING_SEED);
    let first = env
        .cmd(&["quiz", "basics"])
        .write_stdin("")
        .output()
        .unwrap();
    let again = env
        .cmd(&["quiz", "basics"])
        .write_stdin("")
        .output()
        .unwrap();
    assert_eq!(first.stdout, again.stdout);
    let shown = env.shown("basics", "pick-one", 3, "a");
    let text = String::from_utf8(first.stdout).unwrap();
    assert!(
        text.contains(&format!("  {shown}) add, which returns a + b\n")),
        "{text}"
    );
}

#[test]
fn wrong_answers_can_be_retried_and_the_retry_is_a_new_attempt() {
    let env = Env::fixture().with_workbook().with_seed(SHUFFLING_SEED);
    let mut lines = answers(&env, "b");
    lines.push("y".to_owned());
    // The retry shows the choices in a new order.
    assert_ne!(
        env.shown("basics", "pick-one", 3, "a"),
        env.shown_in_round("basics", "pick-one", 3, "a", 1),
        "pick a seed whose retry order differs"
    );
    lines.push(env.shown_in_round("basics", "pick-one", 3, "a", 1));
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    env.cmd(&["quiz", "basics"])
        .write_stdin(typed(&lines))
        .assert()
        .success()
        .stdout(contains("Incorrect: 0/2 points"))
        .stdout(contains(") It remembers the last id it gave out."))
        .stdout(contains("PASSED basics: 8/10 points"))
        .stdout(contains(
            "Retry the 1 question(s) you did not get fully right? [y/N]",
        ))
        .stdout(contains("Question 1 of 1 (2 points)"))
        .stdout(contains("PASSED basics: 10/10 points"));
    let quiz = &env.progress()["quizzes"][0];
    assert_eq!(quiz["attempts"], 2);
    assert_eq!(quiz["best_score"], 10);
    assert_eq!(quiz["last_score"], 10);
    let last = &record(&env, "basics")["last"];
    assert_eq!(last["number"], 2);
    assert_eq!(last["answers"][0]["answer"], "a");
    assert_eq!(last["answers"][5]["answer"], "calls: 3");
}

#[test]
fn a_failed_quiz_exits_1_and_declining_the_retry_keeps_the_attempt() {
    let env = Env::fixture().with_workbook();
    let wrong_one = env.shown("basics", "pick-one", 3, "c");
    let wrong_many = env.shown("basics", "pick-many", 3, "b");
    let lines = [
        wrong_one.as_str(),
        wrong_many.as_str(),
        "f",
        "something",
        "2",
        "1",
        "calls: 0",
        "",
        "n",
    ];
    env.cmd(&["quiz", "basics"])
        .write_stdin(typed(&lines))
        .assert()
        .code(1)
        .stdout(contains(
            "FAILED basics: 0/10 points (0%, the pass mark is 60%)",
        ))
        .stdout(contains("Retry the 6 question(s)"));
    let quiz = &env.progress()["quizzes"][0];
    assert_eq!(quiz["attempts"], 1);
    assert_eq!(quiz["best_score"], 0);
    assert_eq!(quiz["passed"], false);
}

#[test]
fn feedback_at_end_comes_after_the_last_question() {
    let env = Env::fixture().with_workbook();
    let lines = answers(&env, "a");
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    let output = env
        .cmd(&["quiz", "basics", "--feedback-at-end"])
        .write_stdin(typed(&lines))
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    let last_question = text.find("Question 6 of 6").unwrap();
    let feedback = text.find("\nFeedback\n").expect("a feedback section");
    let first_correct = text.find("Correct!").unwrap();
    assert!(
        last_question < feedback && feedback < first_correct,
        "{text}"
    );
}

#[test]
fn input_that_ends_early_stops_cleanly_and_records_nothing() {
    let env = Env::fixture().with_workbook();
    let first = env.shown("basics", "pick-one", 3, "a");
    env.cmd(&["quiz", "basics"])
        .write_stdin(typed(&[&first]))
        .assert()
        .code(2)
        .stderr(contains(
            "standard input ended before the quiz was finished; nothing was recorded",
        ));
    assert_eq!(env.progress()["quizzes"][0]["taken"], false);
}

#[test]
fn without_a_name_the_next_quiz_due_is_taken() {
    let env = Env::fixture().with_workbook();
    env.cmd(&["quiz"])
        .write_stdin("")
        .assert()
        .code(2)
        .stdout(contains(
            "Quiz Basics of state: 6 questions, 10 points; 60% to pass.",
        ));
}

#[test]
fn the_next_quiz_due_moves_on_once_a_quiz_is_passed_and_says_when_all_are_done() {
    let env = Env::fixture().with_workbook();
    env.write(
        "basics.yaml",
        "pick-one: a\npick-many: [a, c]\ntruth: true\nword: nothing\n",
    );
    env.cmd(&["quiz", "basics", "--answers", "basics.yaml"])
        .assert()
        .success();
    env.cmd(&["quiz"])
        .write_stdin("")
        .assert()
        .code(2)
        .stdout(contains("Quiz The sealed exam"));
    env.write("exam.yaml", "exam-truth: false\n");
    env.cmd(&["quiz", "exam", "--answers", "exam.yaml"])
        .assert()
        .success()
        .stdout(contains("1. exam-pick: Not answered."))
        .stdout(contains("2. exam-truth: Recorded."));
    env.cmd(&["quiz"]).assert().success().stdout(contains(
        "Every quiz is done. Retake one with `statelings quiz NAME`",
    ));
}

#[test]
fn an_unknown_quiz_is_one_clear_error() {
    Env::fixture()
        .with_workbook()
        .cmd(&["quiz", "nope"])
        .assert()
        .code(2)
        .stderr(contains(
            "error: there is no quiz named `nope` (the quizzes are `basics`, `exam`)",
        ));
}

#[test]
fn an_answers_file_scores_missing_answers_as_zero_with_partial_credit_in_json() {
    let env = Env::fixture().with_workbook();
    env.write(
        "answers.yaml",
        "pick-one: a\npick-many: [a]\ntruth: true\nsort: {adder: stateless, store: stateless}\n\
         output: \"calls: 3\"\n",
    );
    let output = env
        .cmd(&["quiz", "basics", "--answers", "answers.yaml", "--json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["quiz"], "basics");
    assert_eq!(report["score"], 7);
    assert_eq!(report["max_score"], 10);
    assert_eq!(report["passed"], true);
    let many = &report["questions"][1];
    assert_eq!(many["id"], "pick-many");
    assert_eq!(many["correct"], false);
    assert_eq!(many["points"], 1);
    assert_eq!(many["max_points"], 2);
    let word = &report["questions"][3];
    assert_eq!(
        (&word["correct"], &word["points"]),
        (&Value::Bool(false), &0.into())
    );
    assert_eq!(report["questions"][4]["points"], 1);
    assert_eq!(env.progress()["quizzes"][0]["last_score"], 7);
}

#[test]
fn an_answers_file_gives_the_same_feedback_as_a_session() {
    let env = Env::fixture().with_workbook();
    env.write("answers.yaml", "pick-one: b\nword: \"None\"\n");
    env.cmd(&["quiz", "basics", "--answers", "answers.yaml"])
        .assert()
        .code(1)
        .stdout(contains("1. pick-one: Incorrect: 0/2 points"))
        .stdout(contains("  b) It remembers the last id it gave out."))
        .stdout(contains("3. truth: Not answered: 0/1 point"))
        .stdout(contains("4. word: Correct! 1/1 point"))
        .stdout(contains("FAILED basics: 1/10 points"));
}

#[test]
fn an_answers_file_naming_unknown_questions_is_an_error_naming_them() {
    let env = Env::fixture().with_workbook();
    env.write("answers.yaml", "pick-one: a\nnope: b\nother: c\n");
    env.cmd(&["quiz", "basics", "--answers", "answers.yaml"])
        .assert()
        .code(2)
        .stderr(contains(
            "answers.yaml:2:1: quiz `basics` has no question `nope`, `other`",
        ));
    assert_eq!(env.progress()["quizzes"][0]["taken"], false);
}

#[test]
fn a_bad_answer_or_bad_yaml_in_an_answers_file_is_located() {
    let env = Env::fixture().with_workbook();
    env.write("answers.yaml", "pick-one: z\n");
    env.cmd(&["quiz", "basics", "--answers", "answers.yaml"])
        .assert()
        .code(2)
        .stderr(contains(
            "answers.yaml:1:1: question `pick-one`: expected one letter from `a` to `c`, found `z`",
        ));
    env.write("answers.yaml", "pick-one: a\npick-many: [a\n");
    env.cmd(&["quiz", "basics", "--answers", "answers.yaml"])
        .assert()
        .code(2)
        .stderr(contains("answers.yaml:3:1: "));
}

#[test]
fn a_sealed_quiz_records_answers_and_says_it_will_be_graded() {
    let env = Env::fixture().with_workbook().with_seed(SHUFFLING_SEED);
    let shown = env.shown("exam", "exam-pick", 2, "a");
    assert_eq!(shown, "b");
    env.cmd(&["quiz", "exam"])
        .write_stdin(typed(&[&shown, "t"]))
        .assert()
        .success()
        .stdout(contains("sealed: your instructor grades it"))
        .stdout(contains("This quiz is sealed: your instructor will grade"))
        .stdout(contains("Correct").not())
        .stdout(contains("Retry").not());
    let last = &record(&env, "exam")["last"];
    assert_eq!(last["answers"][0]["answer"], "a");
    assert_eq!(last["answers"][0]["correct"], Value::Null);
    assert_eq!(last["score"], Value::Null);
    let quiz = &env.progress()["quizzes"][1];
    assert_eq!(quiz["name"], "exam");
    assert_eq!(quiz["closes"], "module");
    assert_eq!(quiz["taken"], true);
    assert_eq!(quiz["best_score"], Value::Null);
    assert_eq!(quiz["passed"], Value::Null);
}

#[test]
fn a_sealed_quiz_from_an_answers_file_prints_null_scores() {
    let env = Env::fixture().with_workbook();
    env.write("answers.yaml", "exam-pick: b\n");
    let output = env
        .cmd(&["quiz", "exam", "--answers", "answers.yaml", "--json"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["score"], Value::Null);
    assert_eq!(report["passed"], Value::Null);
    assert_eq!(report["questions"][0]["correct"], Value::Null);
    assert_eq!(report["questions"][0]["max_points"], 1);
}

#[test]
fn list_and_progress_show_quizzes_and_their_scores() {
    let env = Env::fixture().with_workbook();
    env.write(
        "answers.yaml",
        "pick-one: a\npick-many: [a, c]\ntruth: true\n",
    );
    env.cmd(&["quiz", "basics", "--answers", "answers.yaml"])
        .assert()
        .code(1);
    env.cmd(&["list"])
        .assert()
        .success()
        .stdout(contains("  quiz  failed 5/10   basics"))
        .stdout(contains("  quiz  not taken     exam"));
    env.cmd(&["progress"])
        .assert()
        .success()
        .stdout(contains("Quizzes:"))
        .stdout(predicates::str::is_match(r"\n  basics +failed 5/10\n").unwrap());
}
