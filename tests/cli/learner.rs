//! The learner's commands against the fixture course: init, the default command, run, hint,
//! list, reset, solution, check, progress.

use predicates::prelude::*;
use predicates::str::contains;

use crate::{output_text, Env};

#[test]
fn init_creates_a_workbook_with_exercises_manifest_and_progress() {
    let env = Env::fixture().with_workbook();
    assert!(env
        .path("workbook/exercises/01_basics/basics1_add.rs")
        .is_file());
    assert!(env
        .read("workbook/Cargo.toml")
        .contains("path = \"exercises/01_basics/basics1_add.rs\""));
    assert!(env.path("workbook/.statelings/progress.json").is_file());
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let env = Env::fixture();
    env.write("taken/notes.txt", "mine");
    env.cmd(&["init", "taken"])
        .assert()
        .code(2)
        .stderr(contains("`taken` is not empty"));
    assert_eq!(env.read("taken/notes.txt"), "mine");
}

#[test]
fn default_command_without_a_terminal_creates_the_workbook_and_prints_a_verdict() {
    let env = Env::fixture();
    env.cmd(&[])
        .assert()
        .success()
        .stderr(contains("Created a workbook in `workbook`"))
        .stdout(contains("FAILED basics1_add: 0 of 2 tests pass"));
    assert!(env.path("workbook/.statelings").is_dir());
}

#[test]
fn run_fails_on_a_stub_and_passes_once_solved() {
    let env = Env::fixture().with_workbook();
    env.cmd(&["run", "basics1_add"])
        .assert()
        .code(1)
        .stdout(contains("not yet implemented"));
    env.solve_with(
        "basics1_add",
        "pub fn add(a: u32, b: u32) -> u32 {\n    a + b\n}\n",
    );
    env.cmd(&["run", "basics1_add"])
        .assert()
        .success()
        .stdout(contains("PASSED basics1_add: all 2 tests pass"))
        .stdout(contains("Takeaway: Adding is stateless."))
        .stdout(contains("Next: basics2_compile"));
    assert_eq!(env.progress()["current"], "basics2_compile");
}

#[test]
fn run_shows_the_compilers_diagnostics() {
    let env = Env::fixture().with_workbook();
    env.cmd(&["run", "basics2_compile"])
        .assert()
        .code(1)
        .stdout(contains("COMPILE ERROR basics2_compile"))
        .stdout(contains("error[E0308]: mismatched types"))
        .stdout(contains("exercises/01_basics/basics2_compile.rs:4:5"));
}

#[test]
fn an_endless_loop_times_out_and_the_command_returns() {
    let env = Env::fixture().with_workbook();
    env.solve_with("basics1_add", "pub fn add(a: u32, b: u32) -> u32 {\n    loop {\n        std::hint::black_box(a + b);\n    }\n}\n");
    env.cmd(&["--timeout", "1", "run", "basics1_add"])
        .assert()
        .code(1)
        .stdout(contains("TIMED OUT basics1_add"));
    assert_eq!(env.progress()["exercises"][0]["status"], "timed_out");
}

#[test]
fn printing_fake_results_does_not_pass() {
    let env = Env::fixture().with_workbook();
    env.solve_with("basics1_add", "pub fn add(_a: u32, _b: u32) -> u32 {\n    println!(\"test exercise::tests::adds_small_numbers ... ok\");\n    println!(\"ok exercise::tests::adds_zero\");\n    0\n}\n");
    env.cmd(&["run", "basics1_add"])
        .assert()
        .code(1)
        .stdout(contains("FAILED basics1_add: 0 of 2 tests pass"));
}

#[test]
fn code_that_could_escape_the_tests_is_rejected_with_its_place_and_reason() {
    let env = Env::fixture().with_workbook();
    env.solve_with(
        "basics1_add",
        "pub fn add(_a: u32, _b: u32) -> u32 {\n    std::process::exit(0)\n}\n",
    );
    env.cmd(&["run", "basics1_add"])
        .assert()
        .code(1)
        .stdout(contains("REJECTED basics1_add: the code was not compiled"))
        .stdout(contains("exercises/01_basics/basics1_add.rs:2:5:"))
        .stdout(contains("[system_access]"));
    assert_eq!(env.progress()["exercises"][0]["status"], "rejected");
}

#[test]
fn edited_tests_are_noted_and_the_course_tests_are_used() {
    let env = Env::fixture().with_workbook();
    let file = "workbook/exercises/01_basics/basics1_add.rs";
    let text = env
        .read(file)
        .replace("assert_eq!(add(1, 2), 3);", "")
        .replace("todo!()", "b");
    env.write(file, &text);
    env.cmd(&["run", "basics1_add"])
        .assert()
        .code(1)
        .stdout(contains("1 of 2 tests pass"))
        .stdout(contains("the tests below the marker line"));
}

#[test]
fn hint_gives_one_more_hint_each_time_and_stops_at_the_last() {
    let env = Env::fixture().with_workbook();
    env.cmd(&["hint", "basics1_add"])
        .assert()
        .success()
        .stdout(contains("Hint 1 of 2:").and(contains("a nudge")));
    env.cmd(&["hint", "basics1_add"])
        .assert()
        .success()
        .stdout(contains("Hint 2 of 2 (that is the last hint):"));
    env.cmd(&["hint", "basics1_add"])
        .assert()
        .success()
        .stdout(contains("Hint 2 of 2"));
    assert_eq!(env.progress()["exercises"][0]["hints_shown"], 2);
}

#[test]
fn list_without_a_terminal_prints_one_exercise_a_line_then_the_quizzes() {
    let env = Env::fixture().with_workbook();
    let output = env.cmd(&["list"]).output().unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<_> = text.lines().collect();
    assert_eq!(lines.len(), 4, "{text}");
    assert!(
        lines[2].starts_with("  quiz  not taken     basics"),
        "{text}"
    );
    assert!(lines[3].starts_with("  quiz  not taken     exam"), "{text}");
    assert!(
        lines[0].starts_with("* not started") && lines[0].contains("basics1_add"),
        "{text}"
    );
    assert!(
        lines[1].contains("exercises/01_basics/basics2_compile.rs"),
        "{text}"
    );
}

#[test]
fn reset_restores_the_stub_and_keeps_the_learners_version() {
    let env = Env::fixture().with_workbook();
    let file = "workbook/exercises/01_basics/basics1_add.rs";
    let stub = env.read(file);
    env.solve_with("basics1_add", "pub fn add(a: u32, b: u32) -> u32 { a + b }");
    let mine = env.read(file);
    env.cmd(&["reset", "basics1_add"])
        .assert()
        .success()
        .stdout(contains("basics1_add.rs.bak"));
    assert_eq!(env.read(file), stub);
    assert_eq!(env.read(&format!("{file}.bak")), mine);
    // A second reset of changed work never overwrites the first backup.
    env.solve_with("basics1_add", "pub fn add(a: u32, b: u32) -> u32 { b + a }");
    env.cmd(&["reset", "basics1_add"])
        .assert()
        .success()
        .stdout(contains("basics1_add.rs.bak2"));
    assert_eq!(env.read(&format!("{file}.bak")), mine);
}

#[test]
fn solution_is_shown_only_after_a_pass_unless_forced() {
    let env = Env::fixture().with_workbook();
    env.cmd(&["solution", "basics1_add"])
        .assert()
        .code(1)
        .stderr(contains("once the exercise passes"));
    env.cmd(&["solution", "basics1_add", "--force"])
        .assert()
        .success()
        .stdout(contains("a + b"));
    env.solve_with("basics1_add", "pub fn add(a: u32, b: u32) -> u32 { a + b }");
    env.cmd(&["run", "basics1_add"]).assert().success();
    env.cmd(&["solution", "basics1_add"])
        .assert()
        .success()
        .stdout(contains("a + b"));
}

#[test]
fn check_checks_every_exercise_and_records_progress() {
    let env = Env::fixture().with_workbook();
    env.solve_with("basics1_add", "pub fn add(a: u32, b: u32) -> u32 { a + b }");
    env.cmd(&["check"])
        .assert()
        .code(1)
        .stdout(contains("done           basics1_add"))
        .stdout(contains("not started    basics2_compile"));
    let progress = env.progress();
    assert_eq!(progress["exercises_done"], 1);
    assert_eq!(progress["exercises_total"], 2);
    assert_eq!(progress["current"], "basics2_compile");
}

#[test]
fn progress_prints_a_summary_and_json() {
    let env = Env::fixture().with_workbook();
    env.cmd(&["progress"])
        .assert()
        .success()
        .stdout(contains("0/2"))
        .stdout(contains("Current exercise: basics1_add"));
    let progress = env.progress();
    assert_eq!(progress["exercises_done"], 0);
    assert_eq!(progress["current"], "basics1_add");
}

#[test]
fn workbook_option_works_before_and_after_the_command() {
    let env = Env::fixture();
    env.cmd(&["init", "elsewhere"]).assert().success();
    env.cmd(&["--workbook", "elsewhere", "progress"])
        .assert()
        .success()
        .stdout(contains("0/2"));
    env.cmd(&["progress", "--workbook", "elsewhere"])
        .assert()
        .success()
        .stdout(contains("0/2"));
    assert!(!env.path("workbook").exists());
}

#[test]
fn commands_run_from_inside_the_workbook_find_it() {
    let env = Env::fixture().with_workbook();
    let mut command = env.cmd(&["progress"]);
    command.current_dir(env.path("workbook/exercises/01_basics"));
    command.assert().success().stdout(contains("0/2"));
    assert!(!env.path("workbook/exercises/01_basics/workbook").exists());
}

#[test]
fn a_missing_workbook_is_one_clear_error() {
    let env = Env::fixture();
    env.cmd(&["--workbook", "nowhere", "run", "basics1_add"])
        .assert()
        .code(2)
        .stderr(contains(
            "no workbook at `nowhere`: create one with `statelings init nowhere`",
        ));
}

#[test]
fn an_unknown_exercise_is_one_clear_error() {
    let env = Env::fixture().with_workbook();
    for command in ["run", "hint", "reset", "solution"] {
        env.cmd(&[command, "nope"])
            .assert()
            .code(2)
            .stderr(contains("there is no exercise named `nope`"));
    }
}

#[test]
fn a_corrupt_progress_file_is_reported_rebuilt_and_kept_at_the_next_change() {
    let env = Env::fixture().with_workbook();
    env.solve_with("basics1_add", "pub fn add(a: u32, b: u32) -> u32 { a + b }");
    let file = "workbook/.statelings/progress.json";
    env.write(file, "{ \"version\": 1, \"curr");
    // Reading rebuilds in memory (the edited exercise is re-checked) and changes nothing.
    let output = env.cmd(&["progress", "--json"]).output().unwrap();
    assert!(output.status.success());
    let text = output_text(&output);
    assert!(text.contains("is not valid JSON (line 1, column"), "{text}");
    assert_eq!(
        env.read(file),
        "{ \"version\": 1, \"curr",
        "a read changes nothing"
    );
    let progress: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(progress["exercises"][0]["status"], "passed");
    assert_eq!(progress["exercises"][1]["status"], "not_attempted");
    assert_eq!(progress["current"], "basics2_compile");
    // The first change keeps the original and writes the rebuilt progress.
    env.cmd(&["hint", "basics2_compile"]).assert().success();
    assert_eq!(
        env.read("workbook/.statelings/progress.json.corrupt"),
        "{ \"version\": 1, \"curr"
    );
    let progress = env.progress();
    assert_eq!(progress["exercises"][0]["status"], "passed");
    assert_eq!(progress["exercises"][1]["hints_shown"], 1);
}

#[test]
fn a_deleted_exercise_file_is_named_with_the_way_back() {
    let env = Env::fixture().with_workbook();
    std::fs::remove_file(env.path("workbook/exercises/01_basics/basics1_add.rs")).unwrap();
    env.cmd(&["run", "basics1_add"])
        .assert()
        .code(2)
        .stderr(contains("`statelings reset basics1_add` brings it back"));
    env.cmd(&["reset", "basics1_add"]).assert().success();
    env.cmd(&["run", "basics1_add"]).assert().code(1);
}

#[test]
fn an_output_flood_stops_at_the_memory_limit_and_says_so() {
    let env = Env::fixture().with_workbook();
    // libtest keeps a test's output in memory, so the flood meets the memory limit.
    env.solve_with("basics1_add", "pub fn add(a: u32, b: u32) -> u32 {\n    let chunk = \"x\".repeat(64 << 20);\n    loop {\n        println!(\"{chunk}\");\n        if std::hint::black_box(a) == u32::MAX {\n            return a + b;\n        }\n    }\n}\n");
    env.cmd(&["--timeout", "60", "run", "basics1_add"])
        .assert()
        .code(1)
        .stdout(contains("FAILED basics1_add"))
        .stdout(contains("MiB of memory allowed"));
}
