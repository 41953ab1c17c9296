//! Keep going, keep what is known: `check` reports a missing or unusable exercise file against
//! its exercise, checks the rest, and saves. (Watch mode's `c` is in `watch.rs`.)

use std::time::Duration;

use crate::{output_text, repository_file, Env};

#[test]
fn check_reports_a_missing_file_and_a_fifo_against_their_exercises_and_saves_the_rest() {
    let env = Env::real_course().with_workbook();
    env.write(
        "workbook/exercises/00_intro/intro1_first_edit.rs",
        &repository_file("solutions/00_intro/intro1_first_edit.rs"),
    );
    std::fs::remove_file(env.path("workbook/exercises/00_intro/intro2_compiler_errors.rs"))
        .unwrap();
    env.fifo("workbook/exercises/01_stateless/stateless1_maximum.rs");
    let output = env
        .cmd(&["check"])
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap();
    let text = output_text(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(
        text.contains("the file of exercise `intro2_compiler_errors` is missing"),
        "{text}"
    );
    assert!(
        text.contains(
            "the file of exercise `stateless1_maximum` (`workbook/exercises/01_stateless/\
             stateless1_maximum.rs`) cannot be used: it is not a regular file (a named pipe)"
        ),
        "{text}"
    );
    assert!(text.contains("done           intro1_first_edit"), "{text}");
    assert!(
        text.contains("not started    stateless2_request_handler"),
        "the rest is checked: {text}"
    );
    let progress = env.progress();
    assert_eq!(progress["exercises_done"], 1, "saved: {progress}");
    assert_eq!(progress["exercises"][0]["status"], "passed");
    assert_eq!(progress["current"], "intro2_compiler_errors");
}

#[test]
fn check_keeps_a_recorded_pass_of_a_file_that_went_missing() {
    let env = Env::fixture().with_workbook();
    env.solve("basics1_add");
    env.solve("basics2_compile");
    env.cmd(&["check"]).assert().success();
    std::fs::remove_file(env.path("workbook/exercises/01_basics/basics1_add.rs")).unwrap();
    let output = env.cmd(&["check"]).output().unwrap();
    let text = output_text(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(text.contains("`basics1_add` is missing"), "{text}");
    let progress = env.progress();
    assert_eq!(
        progress["exercises"][0]["status"], "passed",
        "what is known is kept: {progress}"
    );
    assert_eq!(progress["exercises"][1]["status"], "passed");
}
