//! Watch mode through a pseudo-terminal: the lesson of a new chapter then the exercise, a save
//! re-checks, `q` quits at once even during an endless loop, a resize redraws, replacing
//! `exercises/` does not make it deaf, every line fits the terminal, keys pressed during a check
//! are not lost, and `c` keeps going past unusable files.

use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::json;

use super::pty::Watch;
use crate::{copy_dir, Env};

/// A solution of basics1_add that never returns.
const ENDLESS: &str =
    "pub fn add(a: u32, b: u32) -> u32 {\n    loop {\n        std::hint::black_box(a + b);\n    }\n}\n";

/// A workbook whose chapter is started (basics1_add failed once), so watch mode opens on the
/// exercise rather than on the chapter's lesson.
fn started() -> Env {
    let env = Env::fixture().with_workbook();
    let mut progress = env.progress_file();
    progress["exercises"] = json!({"basics1_add": {"status": "failed", "hints_shown": 0}});
    env.set_progress(&progress);
    env
}

#[test]
fn it_shows_the_lesson_of_a_new_chapter_then_the_exercise_and_a_save_rechecks() {
    let env = Env::fixture();
    let mut watch = Watch::start(&env, &[], 120, 40);
    watch.wait_for("Lesson: Basics");
    watch.wait_for("A fixture chapter for the runner's tests.");
    watch.send(" ");
    watch.wait_for("Exercise basics1_add");
    watch.wait_for("FAILED basics1_add: 0 of 2 tests pass");
    env.solve("basics1_add");
    watch.wait_for("PASSED basics1_add: all 2 tests pass");
    watch.wait_for("Adding is stateless.");
    watch.send("q");
    assert_eq!(watch.wait_exit(), 0);
    assert_eq!(env.progress()["exercises"][0]["status"], "passed");
}

/// Processes running a binary from under `dir` (a check's test binary, say).
fn processes_under(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(exe) = std::fs::read_link(entry.path().join("exe")) else {
            continue;
        };
        if exe.starts_with(dir) {
            found.push(format!(
                "{} {}",
                entry.file_name().to_string_lossy(),
                exe.display()
            ));
        }
    }
    found
}

/// Waits (bounded) until `condition` holds, looking every few milliseconds: for facts that are
/// not on the screen, like a process starting or ending.
fn wait_until(what: &str, condition: impl Fn() -> bool) {
    let deadline = Instant::now() + super::pty::WAIT;
    while !condition() {
        assert!(Instant::now() < deadline, "waited too long until {what}");
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn q_quits_at_once_even_while_an_endless_loop_is_checked() {
    let env = started().own_tmp();
    env.solve_with("basics1_add", ENDLESS);
    // A time limit far beyond any wait here: quitting must not wait for the check.
    let mut watch = Watch::start(&env, &["--timeout", "3600"], 120, 40);
    watch.wait_for("Checking...");
    let tmp = env.path("tmp");
    wait_until("the endless loop runs", || {
        !processes_under(&tmp).is_empty()
    });
    watch.send("q");
    assert_eq!(watch.wait_exit(), 0);
    wait_until("the check's processes are gone", || {
        processes_under(&tmp).is_empty()
    });
}

#[test]
fn a_resize_redraws_at_the_new_width() {
    let env = started();
    let mut watch = Watch::start(&env, &[], 120, 40);
    watch.wait_for("FAILED basics1_add: 0 of 2 tests pass");
    let before = watch.mark();
    let wide = watch.screens_from(0);
    let (last, _, _) = wide.last().unwrap();
    assert!(
        last.iter().any(|line| line.chars().count() > 40),
        "the wide screen has long lines: {last:#?}"
    );
    watch.resize(40, 30);
    watch.wait_for("FAILED basics1_add:");
    let screens = watch.screens_from(before);
    assert!(!screens.is_empty(), "no redraw after the resize");
    assert_fits(&screens);
    watch.send("q");
    assert_eq!(watch.wait_exit(), 0);
}

#[test]
fn replacing_the_exercises_folder_does_not_make_it_deaf() {
    let env = started();
    let mut watch = Watch::start(&env, &[], 160, 40);
    watch.wait_for("FAILED basics1_add: 0 of 2 tests pass");
    // What a checkout or some editors do: a new copy renamed over the folder.
    copy_dir(
        &env.path("workbook/exercises"),
        &env.path("workbook/exercises.new"),
    );
    let solved = env
        .read("workbook/exercises/01_basics/basics1_add.rs")
        .replace("todo!()", "a + b");
    env.write("workbook/exercises.new/01_basics/basics1_add.rs", &solved);
    std::fs::rename(
        env.path("workbook/exercises"),
        env.path("workbook/exercises.old"),
    )
    .unwrap();
    std::fs::rename(
        env.path("workbook/exercises.new"),
        env.path("workbook/exercises"),
    )
    .unwrap();
    watch.wait_for("PASSED basics1_add: all 2 tests pass");
    // And it goes on watching the new folder.
    env.solve_with(
        "basics1_add",
        "pub fn add(a: u32, b: u32) -> u32 {\n    if a == 0 { b } else { 0 }\n}\n",
    );
    watch.wait_for("FAILED basics1_add: 1 of 2 tests pass");
    watch.send("q");
    assert_eq!(watch.wait_exit(), 0);
}

/// Every screen's lines fit its terminal: none wider, and no more than it has rows (a last line
/// break on the last row would scroll the header away).
fn assert_fits(screens: &[(Vec<String>, usize, usize)]) {
    for (lines, cols, rows) in screens {
        for line in lines {
            assert!(
                line.chars().count() <= *cols,
                "a line wider than {cols} columns: {line:?} in\n{}",
                lines.join("\n")
            );
        }
        let breaks = lines.len() - 1;
        assert!(
            breaks < *rows,
            "{breaks} line breaks on a {rows}-row terminal scroll its first line away:\n{}",
            lines.join("\n")
        );
    }
}

#[test]
fn every_line_is_wrapped_to_the_width_and_the_header_stays() {
    let env = Env::fixture().with_workbook();
    let mut progress = env.progress_file();
    progress["current"] = json!("basics2_compile");
    progress["exercises"] = json!({"basics1_add": {"status": "passed", "hints_shown": 0}});
    env.set_progress(&progress);
    let mut watch = Watch::start(&env, &[], 40, 16);
    watch.wait_for("COMPILE ERROR basics2_compile");
    watch.wait_for("more lines");
    let screens = watch.screens_from(0);
    assert_fits(&screens);
    let (last, _, _) = screens.last().unwrap();
    assert!(
        last[0].starts_with("statelings"),
        "the header is on top: {last:#?}"
    );
    assert!(
        last.iter()
            .any(|line| line.starts_with("... ") && line.contains("more lines")),
        "a tall verdict is cut with a note: {last:#?}"
    );
    watch.send("q");
    assert_eq!(watch.wait_exit(), 0);
}

#[test]
fn keys_pressed_during_a_check_are_not_lost() {
    let env = started();
    env.solve_with("basics1_add", ENDLESS);
    let mut watch = Watch::start(&env, &["--timeout", "2"], 160, 40);
    watch.wait_for("Checking...");
    watch.send("h");
    watch.wait_for("TIMED OUT basics1_add");
    watch.wait_for("Hint 1 of 2");
    watch.send("q");
    assert_eq!(watch.wait_exit(), 0);
    let progress = env.progress();
    assert_eq!(progress["exercises"][0]["hints_shown"], 1);
    assert_eq!(progress["exercises"][0]["status"], "timed_out");
}

#[test]
fn c_reports_a_fifo_and_a_missing_file_against_their_exercises_and_saves_the_rest() {
    let env = started();
    env.solve("basics1_add");
    env.fifo("workbook/exercises/01_basics/basics2_compile.rs");
    let mut watch = Watch::start(&env, &[], 200, 40);
    watch.wait_for("PASSED basics1_add");
    watch.send("c");
    watch.wait_for("Checked every exercise: 1 of 2 pass.");
    watch.wait_for(
        "basics2_compile: the file of exercise `basics2_compile` \
         (`workbook/exercises/01_basics/basics2_compile.rs`) cannot be used: it is not a \
         regular file (a named pipe)",
    );
    assert_eq!(env.progress()["exercises"][0]["status"], "passed");
    std::fs::remove_file(env.path("workbook/exercises/01_basics/basics2_compile.rs")).unwrap();
    watch.send("c");
    watch.wait_for("Checked every exercise: 1 of 2 pass.");
    watch.wait_for("basics2_compile: the file of exercise `basics2_compile` is missing");
    watch.send("q");
    assert_eq!(watch.wait_exit(), 0);
    let progress = env.progress();
    assert_eq!(progress["exercises"][0]["status"], "passed");
    assert_eq!(progress["exercises"][1]["status"], "not_attempted");
}

#[test]
fn untouched_exercises_stay_not_started_as_run_and_check_record_them() {
    let env = Env::fixture().with_workbook();
    let mut watch = Watch::start(&env, &[], 160, 40);
    watch.wait_for("Lesson: Basics");
    watch.send(" ");
    watch.wait_for("FAILED basics1_add: 0 of 2 tests pass");
    watch.send("c");
    watch.wait_for("Checked every exercise: 0 of 2 pass.");
    watch.send("q");
    assert_eq!(watch.wait_exit(), 0);
    let progress = env.progress();
    assert_eq!(
        progress["exercises"][0]["status"], "not_attempted",
        "{progress}"
    );
    assert_eq!(
        progress["exercises"][1]["status"], "not_attempted",
        "{progress}"
    );
    // So the chapter is still new, and its lesson opens watch mode again.
    let mut watch = Watch::start(&env, &[], 160, 40);
    watch.wait_for("Lesson: Basics");
    watch.send("q");
    assert_eq!(watch.wait_exit(), 0);
}
