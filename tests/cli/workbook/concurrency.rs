//! Two terminals on one workbook, with real processes: concurrent checks of one exercise all get
//! the right verdict, and every command's change of progress is kept, whatever ran beside it.

use std::io::{BufRead as _, BufReader, Write as _};
use std::process::{Child, Output, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::json;

use super::answers_file;
use super::pty::Watch;
use crate::{output_text, Env};

/// Waits for a spawned command; its output.
fn finish(child: Child) -> Output {
    child.wait_with_output().unwrap()
}

/// Marks every exercise not done yet in the progress file (keeping everything else), so that a
/// round's passes must be recorded to show.
fn forget_passes(env: &Env) {
    let mut progress = env.progress_file();
    for (_, exercise) in progress["exercises"].as_object_mut().unwrap().iter_mut() {
        exercise["status"] = json!("failed");
    }
    env.set_progress(&progress);
}

#[test]
fn three_concurrent_runs_of_a_correct_solution_all_pass_and_are_all_recorded() {
    let env = Env::fixture().with_workbook().own_tmp();
    env.solve("basics1_add");
    for round in 0..10 {
        forget_passes(&env);
        let runs: Vec<Child> = (0..3)
            .map(|_| {
                env.process(&["run", "basics1_add"])
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for output in runs.into_iter().map(finish) {
            let text = output_text(&output);
            assert!(output.status.success(), "round {round}: {text}");
            assert!(
                text.contains("PASSED basics1_add: all 2 tests pass"),
                "round {round}: {text}"
            );
        }
        assert_eq!(
            env.progress_file()["exercises"]["basics1_add"]["status"],
            "passed",
            "round {round}"
        );
    }
    let left: Vec<_> = std::fs::read_dir(env.path("tmp")).unwrap().collect();
    assert!(left.is_empty(), "build folders left behind: {left:?}");
}

#[test]
fn two_runs_and_a_quiz_at_once_are_all_recorded_round_after_round() {
    let env = Env::fixture().with_workbook();
    env.solve("basics1_add");
    env.solve("basics2_compile");
    let answers = answers_file(&env);
    for round in 0..8 {
        forget_passes(&env);
        let children: Vec<Child> = [
            &["run", "basics1_add"][..],
            &["run", "basics2_compile"],
            &["quiz", "basics", "--answers", answers],
        ]
        .iter()
        .map(|args| {
            env.process(args)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
        for output in children.into_iter().map(finish) {
            assert!(
                output.status.success(),
                "round {round}: {}",
                output_text(&output)
            );
        }
        let progress = env.progress_file();
        assert_eq!(
            progress["exercises"]["basics1_add"]["status"], "passed",
            "round {round}"
        );
        assert_eq!(
            progress["exercises"]["basics2_compile"]["status"], "passed",
            "round {round}"
        );
        assert_eq!(
            progress["quizzes"]["basics"]["attempts"],
            round + 1,
            "round {round}"
        );
    }
}

/// Reads a child's stdout on a thread; lines arrive on the receiver.
fn lines_of(child: &mut Child) -> mpsc::Receiver<String> {
    let stdout = child.stdout.take().unwrap();
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if sender.send(line).is_err() {
                break;
            }
        }
    });
    receiver
}

/// Waits (bounded) for a line containing `text`.
fn wait_line(lines: &mpsc::Receiver<String>, text: &str) {
    let deadline = Instant::now() + super::pty::WAIT;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match lines.recv_timeout(left) {
            Ok(line) if line.contains(text) => return,
            Ok(_) => {}
            Err(error) => panic!("no line with {text:?}: {error}"),
        }
    }
}

#[test]
fn check_and_hint_while_a_quiz_is_taken_keep_the_quiz_and_the_hints() {
    let env = Env::fixture().with_workbook();
    env.solve("basics1_add");
    // The quiz is answered slowly, one line at a time, through a pipe.
    let mut quiz = env
        .process(&["quiz", "basics"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let lines = lines_of(&mut quiz);
    let mut stdin = quiz.stdin.take().unwrap();
    let answers = [
        env.shown("basics", "pick-one", 3, "a"),
        env.shown("basics", "pick-many", 3, "ac"),
        "t".to_owned(),
        "nothing".to_owned(),
        "1".to_owned(),
        "stateful".to_owned(),
        "calls: 3".to_owned(),
        String::new(),
    ];
    wait_line(&lines, "Question 1 of 6");
    for answer in &answers[..3] {
        writeln!(stdin, "{answer}").unwrap();
    }
    wait_line(&lines, "Question 4 of 6");
    // Meanwhile, in another terminal:
    env.cmd(&["hint", "basics1_add"]).assert().success();
    env.cmd(&["check"]).assert().code(1);
    env.cmd(&["hint", "basics1_add"]).assert().success();
    for answer in &answers[3..] {
        writeln!(stdin, "{answer}").unwrap();
    }
    drop(stdin);
    let output = finish(quiz);
    assert!(output.status.success(), "{}", output_text(&output));
    let progress = env.progress();
    assert_eq!(progress["quizzes"][0]["attempts"], 1, "{progress}");
    assert_eq!(progress["quizzes"][0]["best_score"], 10, "{progress}");
    assert_eq!(progress["exercises"][0]["hints_shown"], 2, "{progress}");
    assert_eq!(progress["exercises"][0]["status"], "passed", "{progress}");
}

#[test]
fn a_quiz_and_a_hint_during_a_long_check_are_kept_when_the_check_saves() {
    let env = Env::fixture().with_workbook().own_tmp();
    env.solve("basics1_add");
    // basics2 runs into its time limit: the check is busy for seconds after it read progress.
    env.solve_with(
        "basics2_compile",
        "pub fn answer() -> u32 {\n    loop {\n        std::hint::black_box(42);\n    }\n}\n",
    );
    let answers = answers_file(&env);
    let mut check = env
        .process(&["--timeout", "4", "check"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The check has opened the workbook once it builds (its build folders appear).
    let tmp = env.path("tmp");
    let deadline = Instant::now() + super::pty::WAIT;
    while std::fs::read_dir(&tmp).unwrap().next().is_none() {
        assert!(
            Instant::now() < deadline,
            "the check never started building"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    env.cmd(&["quiz", "basics", "--answers", answers])
        .assert()
        .success();
    env.cmd(&["hint", "basics2_compile"]).assert().success();
    assert!(
        check.try_wait().unwrap().is_none(),
        "the check must still be running for this test to mean something"
    );
    let output = finish(check);
    let text = output_text(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(text.contains("timed out      basics2_compile"), "{text}");
    let progress = env.progress();
    assert_eq!(
        progress["quizzes"][0]["attempts"], 1,
        "the quiz is kept: {progress}"
    );
    assert_eq!(
        progress["exercises"][1]["hints_shown"], 1,
        "the hint is kept: {progress}"
    );
    assert_eq!(progress["exercises"][0]["status"], "passed", "{progress}");
    assert_eq!(
        progress["exercises"][1]["status"], "timed_out",
        "{progress}"
    );
}

#[test]
fn watch_mode_and_a_run_in_another_terminal_are_both_recorded() {
    let env = Env::fixture().with_workbook();
    let mut progress = env.progress_file();
    progress["exercises"] = json!({"basics1_add": {"status": "failed", "hints_shown": 0}});
    env.set_progress(&progress);
    env.solve("basics2_compile");
    let mut watch = Watch::start(&env, &[], 160, 40);
    watch.wait_for("FAILED basics1_add: 0 of 2 tests pass");
    // The other terminal: a run and a hint, while watch mode has progress open.
    env.cmd(&["run", "basics2_compile"]).assert().success();
    env.cmd(&["hint", "basics1_add"]).assert().success();
    env.solve("basics1_add");
    watch.wait_for("PASSED basics1_add: all 2 tests pass");
    // Watch mode's next hint counts the one shown in the other terminal.
    watch.send("h");
    watch.wait_for("Hint 2 of 2");
    watch.send("q");
    assert_eq!(watch.wait_exit(), 0);
    let progress = env.progress();
    assert_eq!(progress["exercises"][0]["status"], "passed", "{progress}");
    assert_eq!(progress["exercises"][1]["status"], "passed", "{progress}");
    assert_eq!(progress["exercises"][0]["hints_shown"], 2, "{progress}");
}
