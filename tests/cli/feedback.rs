//! `grade --feedback DIR`: one Markdown file per learner, with what they may be told.

use predicates::str::contains;

use crate::{Env, MARKER};

fn init(env: &Env, id: &str) {
    let mut command = env.cmd(&["init"]);
    command.arg(env.path("class").join(id));
    command.assert().success();
}

fn set_code(env: &Env, id: &str, exercise: &str, code: &str) {
    let path = env
        .path("class")
        .join(id)
        .join(format!("exercises/01_basics/{exercise}.rs"));
    let text = std::fs::read_to_string(&path).unwrap();
    let tests = &text[text.find(MARKER).unwrap()..];
    std::fs::write(&path, format!("{code}\n{tests}")).unwrap();
}

const HOSTILE: &str = "mallory ``` <script>x | # h";

/// alice fails a visible and a hidden test of basics1_add, does not compile basics2, and takes
/// the quiz with one answer right, one partly right and one wrong; a learner with a hostile
/// folder name solves basics1_add.
fn class(env: &Env) {
    init(env, "alice");
    set_code(
        env,
        "alice",
        "basics1_add",
        "pub fn add(a: u32, b: u32) -> u32 {\n    a + b + if a == 0 { 1 } else { 0 }\n}\n",
    );
    set_code(
        env,
        "alice",
        "basics2_compile",
        "pub fn answer() -> u32 {\n    \"42\"\n}\n",
    );
    env.write(
        "answers.yaml",
        "pick-one: a\npick-many: [a]\ntruth: false\n",
    );
    let mut quiz = env.cmd(&["quiz", "basics", "--answers"]);
    quiz.arg(env.path("answers.yaml"))
        .arg("--workbook")
        .arg(env.path("class/alice"));
    quiz.assert().code(1);
    init(env, HOSTILE);
    set_code(
        env,
        HOSTILE,
        "basics1_add",
        "pub fn add(a: u32, b: u32) -> u32 {\n    // ``` </pre> <script>x</script>\n    a + b\n}\n",
    );
}

fn graded(env: &Env, extra: &[&str]) {
    let mut args = vec![
        "--timeout",
        "5",
        "grade",
        "class",
        "--no-sandbox",
        "--format",
        "json",
        "--out",
        "report.json",
        "--feedback",
        "feedback",
    ];
    args.extend_from_slice(extra);
    env.cmd(&args)
        .assert()
        .success()
        .stderr(contains("Wrote 2 feedback files in `feedback`"));
}

#[test]
fn each_learner_gets_a_file_with_what_they_may_be_told() {
    let env = Env::fixture();
    class(&env);
    graded(&env, &[]);
    let alice = env.read("feedback/alice.md");
    for expected in [
        "# Feedback for alice",
        "### basics1_add (01_basics): failed, 0 of 10 points",
        "1 of 3 tests pass.",
        "- `tests::adds_zero` failed:",
        "left: 8",
        "- Hidden test 1 of 1 failed.",
        "### basics2_compile (01_basics): does not compile, 0 of 5 points",
        "mismatched types",
        "--> exercises/01_basics/basics2_compile.rs:2:5",
        "1. right, 2 of 2 points: Which of these functions is stateless?",
        "2. partly right, 1 of 2 points: Which of these hold state?",
        "3. wrong, 0 of 1 point: A cache is state.",
        "4. not answered, 0 of 1 point:",
    ] {
        assert!(alice.contains(expected), "`{expected}` missing:\n{alice}");
    }
    for secret in ["adds_many_numbers", "Only add keeps nothing between calls"] {
        assert!(!alice.contains(secret), "`{secret}` shown:\n{alice}");
    }
    insta::assert_snapshot!("feedback_alice", alice);

    // The hostile name is text in the heading, and its code cannot close its block.
    let hostile = std::fs::read_dir(env.path("feedback"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .find(|name| name.starts_with("mallory"))
        .expect("the second learner's file");
    assert_eq!(hostile, format!("{HOSTILE}.md"));
    let text = env.read(&format!("feedback/{hostile}"));
    let heading = text.lines().next().unwrap();
    assert_eq!(
        heading,
        "# Feedback for mallory \\`\\`\\` &lt;script&gt;x \\| \\# h"
    );
    assert!(!text.contains("<script>"), "{text}");
}

#[test]
fn the_instructor_may_show_hidden_tests_and_explain_closed_quizzes() {
    let env = Env::fixture();
    class(&env);
    graded(&env, &["--feedback-shows-hidden", "--quizzes-closed"]);
    let alice = env.read("feedback/alice.md");
    for expected in [
        "- `grading::adds_many_numbers` failed:",
        "   Only add keeps nothing between calls.",
        "   It remembers earlier answers.",
    ] {
        assert!(alice.contains(expected), "`{expected}` missing:\n{alice}");
    }
}

#[test]
fn a_feedback_path_that_is_not_a_folder_is_refused_before_grading() {
    let env = Env::fixture();
    init(&env, "alice");
    env.write("feedback", "a file");
    env.cmd(&["grade", "class", "--no-sandbox", "--feedback", "feedback"])
        .assert()
        .code(2)
        .stderr(contains("`feedback`"))
        .stderr(contains("not a folder"));
    assert_eq!(env.read("feedback"), "a file");
    env.cmd(&["grade", "class", "--quizzes-closed"])
        .assert()
        .code(2)
        .stderr(contains("--feedback"));
}
