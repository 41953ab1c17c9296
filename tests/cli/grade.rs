//! `grade`, `grade --merge` and `export`: a class built in a temp dir with one submission per
//! case (solved, partly solved, untouched, and every way code under test can misbehave), graded
//! in every format.

use std::collections::BTreeMap;

use predicates::str::contains;
use serde_json::Value;

use crate::{Env, MARKER};

const ADD: &str = "pub fn add(a: u32, b: u32) -> u32 {\n    a + b\n}\n";
const ANSWER: &str = "pub fn answer() -> u32 {\n    42\n}\n";

/// `(learner, code for basics1_add)`: what each adversarial submission does, and the status and
/// flag it must get. `None` code leaves the stub untouched.
fn cases() -> Vec<(&'static str, Option<String>, &'static str, bool)> {
    let cases: Vec<(&str, Option<&str>, &str, bool)> = vec![
        ("solved", Some(ADD), "passed", false),
        ("untouched", None, "not_attempted", false),
        // Reaching past the tests: refused before compiling.
        ("exit_zero", Some("pub fn add(_a: u32, _b: u32) -> u32 {\n    std::process::exit(0)\n}\n"), "rejected", false),
        ("aborts", Some("pub fn add(_a: u32, _b: u32) -> u32 {\n    std::process::abort()\n}\n"), "rejected", false),
        (
            "writes_stdout",
            Some("pub fn add(_a: u32, _b: u32) -> u32 {\n    use std::io::Write;\n    let _ = writeln!(std::io::stdout(), \"test ex_basics1_add::tests::adds_zero ... ok\");\n    0\n}\n"),
            "rejected",
            false,
        ),
        ("spawns_a_sleeper", Some("pub fn add(a: u32, b: u32) -> u32 {\n    let _ = std::process::Command::new(\"sleep\").arg(\"600\").spawn();\n    a + b\n}\n"), "rejected", false),
        ("shadows_assert_eq", Some("macro_rules! assert_eq {\n    ($($t:tt)*) => {};\n}\npub fn add(_a: u32, _b: u32) -> u32 {\n    0\n}\n"), "rejected", false),
        // Misbehaving at run time, within the rules.
        ("prints_fake_results", Some("pub fn add(_a: u32, _b: u32) -> u32 {\n    println!(\"test ex_basics1_add::tests::adds_zero ... ok\");\n    println!(\"ok ex_basics1_add::tests::adds_zero\");\n    0\n}\n"), "failed", false),
        ("loops", Some("pub fn add(a: u32, b: u32) -> u32 {\n    loop {\n        std::hint::black_box(a + b);\n    }\n}\n"), "timed_out", false),
        (
            "leaves_threads",
            Some("static STARTED: std::sync::Once = std::sync::Once::new();\npub fn add(a: u32, b: u32) -> u32 {\n    STARTED.call_once(|| {\n        std::thread::spawn(|| loop {\n            std::hint::black_box(0);\n        });\n    });\n    a + b\n}\n"),
            "passed",
            false,
        ),
        ("overflows_stack", Some("pub fn add(a: u32, b: u32) -> u32 {\n    fn deep(n: u64) -> u64 {\n        std::hint::black_box(deep(n + 1)) + 1\n    }\n    deep(0) as u32 + a + b\n}\n"), "failed", false),
        (
            "panics_in_drop",
            Some("struct Bomb;\nimpl Drop for Bomb {\n    fn drop(&mut self) {\n        panic!(\"boom in drop\");\n    }\n}\npub fn add(_a: u32, _b: u32) -> u32 {\n    let _bomb = Bomb;\n    panic!(\"first panic\")\n}\n"),
            "failed",
            false,
        ),
        ("sleeps", Some("pub fn add(a: u32, b: u32) -> u32 {\n    std::thread::sleep(std::time::Duration::from_secs(600));\n    a + b\n}\n"), "timed_out", false),
    ];
    cases
        .into_iter()
        .map(|(id, code, status, tampered)| (id, code.map(str::to_owned), status, tampered))
        .collect()
}

/// A class folder with one workbook per case, plus the special cases that need whole files.
fn class(env: &Env) {
    for (id, code, _, _) in cases() {
        env.cmd(&["init", &format!("class/{id}")])
            .assert()
            .success();
        if let Some(code) = code {
            set_code(env, id, "basics1_add", &code);
        }
    }
    let file = |id: &str| format!("class/{id}/exercises/01_basics/basics1_add.rs");
    // Partly solved: the first exercise solved, the second left as it was.
    env.cmd(&["init", "class/partly"]).assert().success();
    set_code(env, "partly", "basics1_add", ADD);
    // Tests edited so that wrong code would pass them.
    env.cmd(&["init", "class/edits_tests"]).assert().success();
    let edited = env
        .read(&file("edits_tests"))
        .replace("assert_eq!(add(1, 2), 3);", "")
        .replace("todo!()", "b");
    env.write(&file("edits_tests"), &edited);
    // Tests deleted, marker and all, with right code.
    env.cmd(&["init", "class/deletes_tests"]).assert().success();
    env.write(&file("deletes_tests"), ADD);
    // Binary junk, plain text, a missing file.
    env.cmd(&["init", "class/junk"]).assert().success();
    std::fs::write(
        env.path(&file("junk")),
        [0xff, 0xfe, 0x00, 0x9f, 0x92, 0x96],
    )
    .unwrap();
    env.cmd(&["init", "class/prose"]).assert().success();
    env.write(&file("prose"), "Dear instructor, I ran out of time.\n");
    env.cmd(&["init", "class/missing"]).assert().success();
    std::fs::remove_file(env.path(&file("missing"))).unwrap();
    // Both exercises solved.
    env.cmd(&["init", "class/complete"]).assert().success();
    set_code(env, "complete", "basics1_add", ADD);
    set_code(env, "complete", "basics2_compile", ANSWER);
}

fn set_code(env: &Env, id: &str, exercise: &str, code: &str) {
    let file = format!("class/{id}/exercises/01_basics/{exercise}.rs");
    let text = env.read(&file);
    env.write(
        &file,
        &format!("{code}\n{}", &text[text.find(MARKER).unwrap()..]),
    );
}

fn grade_json(env: &Env, args: &[&str]) -> Value {
    let mut all = vec!["--timeout", "2", "grade", "class", "--format", "json"];
    all.extend_from_slice(args);
    let output = env.cmd(&all).output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON")
}

/// learner -> (status, tampered) of basics1_add
fn statuses(report: &Value) -> BTreeMap<String, (String, bool)> {
    report["submissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|submission| {
            let exercise = &submission["exercises"][0];
            (
                submission["id"].as_str().unwrap().to_owned(),
                (
                    exercise["status"].as_str().unwrap().to_owned(),
                    exercise["tampered"].as_bool().unwrap(),
                ),
            )
        })
        .collect()
}

#[test]
fn every_case_gets_the_right_status_and_the_run_goes_on() {
    let env = Env::fixture();
    class(&env);
    let started = std::time::Instant::now();
    let report = grade_json(&env, &[]);
    let elapsed = started.elapsed();
    let statuses = statuses(&report);
    let mut expected: BTreeMap<String, (String, bool)> = cases()
        .into_iter()
        .map(|(id, _, status, tampered)| (id.to_owned(), (status.to_owned(), tampered)))
        .collect();
    for (id, status, tampered) in [
        ("partly", "passed", false),
        ("edits_tests", "failed", true),
        ("deletes_tests", "passed", true),
        ("junk", "compile_error", false),
        ("prose", "compile_error", true),
        ("missing", "not_attempted", false),
        ("complete", "passed", false),
    ] {
        expected.insert(id.to_owned(), (status.to_owned(), tampered));
    }
    assert_eq!(statuses, expected);
    // Bounded: two timeouts of 2 s each and a handful of compiles, never the 600 s sleeps.
    assert!(elapsed.as_secs() < 120, "grading took {elapsed:?}");
}

#[test]
fn one_exercise_cannot_forge_another_exercises_result_in_a_shared_crate() {
    let env = Env::fixture();
    env.cmd(&["init", "class/forger"]).assert().success();
    // basics2 is wrong; basics1 computes the right sum but prints passing lines for basics2.
    set_code(
        &env,
        "forger",
        "basics2_compile",
        "pub fn answer() -> u32 {\n    41\n}\n",
    );
    set_code(
        &env,
        "forger",
        "basics1_add",
        "pub fn add(a: u32, b: u32) -> u32 {\n    println!(\"test ex_basics2_compile::tests::answers_42 ... ok\");\n    println!(\"ok ex_basics2_compile::tests::answers_42\");\n    a + b\n}\n",
    );
    let report = grade_json(&env, &[]);
    let exercises = &report["submissions"][0]["exercises"];
    assert_eq!(
        exercises[1]["status"], "failed",
        "the printed lines do not make basics2 pass"
    );
    assert_eq!(
        exercises[0]["status"], "passed",
        "printing is allowed and harmless"
    );
}

#[test]
fn quizzes_are_rescored_from_the_recorded_answers_never_the_recorded_score() {
    let env = Env::fixture();
    env.cmd(&["init", "class/alice"]).assert().success();
    env.cmd(&["init", "class/bob"]).assert().success();
    env.write(
        "answers.yaml",
        "pick-one: a\npick-many: [a]\ntruth: true\nword: nothing\nsort: {adder: stateless, store: stateful}\noutput: \"calls: 3\"\n",
    );
    let taken = env
        .cmd(&[
            "--workbook",
            "class/alice",
            "quiz",
            "basics",
            "--answers",
            "answers.yaml",
            "--json",
        ])
        .output()
        .unwrap();
    let taken: Value = serde_json::from_slice(&taken.stdout).unwrap();
    let (score, max) = (
        taken["score"].as_u64().unwrap(),
        taken["max_score"].as_u64().unwrap(),
    );
    assert!(
        0 < score && score < max,
        "partial credit on pick-many: {taken}"
    );
    // The learner edits the recorded scores; grading must not believe them.
    let progress = env
        .read("class/alice/.statelings/progress.json")
        .replace(&format!("\"score\": {score}"), "\"score\": 999");
    assert!(progress.contains("999"));
    env.write("class/alice/.statelings/progress.json", &progress);

    let report = grade_json(&env, &[]);
    let quiz = |learner: usize| report["submissions"][learner]["quizzes"][0].clone();
    assert_eq!(quiz(0)["name"], "basics");
    assert_eq!(quiz(0)["score"], score);
    assert_eq!(quiz(0)["max_score"], max);
    assert_eq!(quiz(0)["taken"], true);
    assert_eq!(quiz(1)["taken"], false);
    assert_eq!(quiz(1)["score"], 0);
    assert_eq!(
        report["submissions"][0]["score"], score,
        "no exercise was solved"
    );
    let csv = env
        .cmd(&["grade", "class", "--format", "csv"])
        .output()
        .unwrap();
    let csv = String::from_utf8(csv.stdout).unwrap();
    assert!(csv.lines().next().unwrap().contains("quiz:basics"), "{csv}");
}

#[test]
fn the_json_report_has_every_field() {
    let env = Env::fixture();
    class(&env);
    let report = grade_json(&env, &[]);
    let submissions = report["submissions"].as_array().unwrap();
    let complete = submissions.iter().find(|s| s["id"] == "complete").unwrap();
    let quiz_max = complete["quizzes"][0]["max_score"].as_u64().unwrap();
    assert_eq!(
        complete["quizzes"].as_array().unwrap().len(),
        1,
        "the sealed exam has no keys here"
    );
    assert_eq!(complete["score"], 15, "both exercises, no quiz taken");
    assert_eq!(complete["max_score"], 15 + quiz_max);
    let add = &complete["exercises"][0];
    assert_eq!(add["name"], "basics1_add");
    assert_eq!(add["status"], "passed");
    assert_eq!(add["tampered"], false);
    assert_eq!(
        add["tests_passed"], 3,
        "two visible tests and one grading test"
    );
    assert_eq!(add["tests_total"], 3);
    assert_eq!(add["points"], 10);
    assert_eq!(add["max_points"], 10);
    assert_eq!(add["message"], "");
    assert!(complete["quizzes"].is_array());
    let partly = submissions.iter().find(|s| s["id"] == "partly").unwrap();
    assert_eq!(partly["score"], 10);
    assert_eq!(partly["exercises"][1]["status"], "not_attempted");
    assert_eq!(
        partly["exercises"][1]["message"],
        "the file is unchanged from the starting code"
    );
    let exit_zero = submissions.iter().find(|s| s["id"] == "exit_zero").unwrap();
    let message = exit_zero["exercises"][0]["message"].as_str().unwrap();
    assert!(
        message.starts_with("rejected (system_access) at 2:5:"),
        "{message}"
    );
    let summary = &report["summary"];
    assert_eq!(summary["submissions"], submissions.len());
    let add_summary = &summary["exercises"][0];
    assert_eq!(add_summary["name"], "basics1_add");
    assert_eq!(
        add_summary["passed"], 5,
        "solved, leaves_threads, partly, deletes_tests, complete"
    );
}

#[test]
fn gradescope_results_for_one_submission() {
    let env = Env::fixture();
    env.cmd(&["init", "class/alice"]).assert().success();
    set_code(&env, "alice", "basics1_add", ADD);
    let output = env
        .cmd(&["grade", "class/alice", "--format", "gradescope"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let results: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(results["score"], 10);
    // An exercise with hidden tests: what the file's tests say, then the graded result.
    let tests = results["tests"].as_array().unwrap();
    assert_eq!(tests[0]["name"], "basics1_add (your file's tests)");
    assert_eq!(tests[0]["status"], "passed");
    assert_eq!(
        tests[1]["name"],
        "basics1_add (graded: your file's tests and the hidden tests)"
    );
    assert_eq!(tests[1]["score"], 10);
    assert_eq!(tests[1]["max_score"], 10);
    assert_eq!(tests[1]["status"], "passed");
    assert_eq!(tests[2]["status"], "failed");
    assert!(tests[2]["output"]
        .as_str()
        .unwrap()
        .starts_with("0 of 5 points. Not attempted"));
    env.cmd(&["init", "class/bob"]).assert().success();
    env.cmd(&["grade", "class", "--format", "gradescope"])
        .assert()
        .code(2)
        .stderr(contains(
            "one results.json is for one submission, and 2 were found",
        ));
}

#[test]
fn shards_merged_equal_one_run() {
    let env = Env::fixture();
    for (id, code) in [
        ("a", Some(ADD)),
        ("b", None),
        ("c", Some(ADD)),
        (
            "d",
            Some("pub fn add(a: u32, _b: u32) -> u32 {\n    a\n}\n"),
        ),
        ("e", None),
    ] {
        env.cmd(&["init", &format!("class/{id}")])
            .assert()
            .success();
        if let Some(code) = code {
            set_code(&env, id, "basics1_add", code);
        }
    }
    let whole = grade_json(&env, &[]);
    for k in 1..=3 {
        env.cmd(&[
            "grade",
            "class",
            "--format",
            "json",
            "--shard",
            &format!("{k}/3"),
            "--out",
            &format!("shard{k}.json"),
        ])
        .assert()
        .success();
    }
    let merged = env
        .cmd(&[
            "grade",
            "--merge",
            "shard1.json",
            "shard2.json",
            "shard3.json",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(
        merged.status.success(),
        "{}",
        String::from_utf8_lossy(&merged.stderr)
    );
    let merged: Value = serde_json::from_slice(&merged.stdout).unwrap();
    // The time each file took is the one thing two runs never share.
    let timeless = |report: &Value| {
        let mut submissions = report["submissions"].clone();
        for submission in submissions.as_array_mut().unwrap() {
            for exercise in submission["exercises"].as_array_mut().unwrap() {
                exercise["seconds"] = 0.0.into();
            }
        }
        submissions
    };
    assert_eq!(timeless(&merged), timeless(&whole));
    assert_eq!(merged["summary"], whole["summary"]);
    let shard: Value = serde_json::from_str(&env.read("shard2.json")).unwrap();
    assert_eq!(shard["shard"], "2/3");
    assert_eq!(shard["submissions"].as_array().unwrap().len(), 2);
    env.cmd(&["grade", "--merge", "shard1.json", "shard1.json"])
        .assert()
        .code(2)
        .stderr(contains("shard 1/3 is given twice"));
}

#[test]
fn grading_errors_exit_2_and_a_bad_submission_does_not() {
    let env = Env::fixture();
    env.cmd(&["init", "class/alice"]).assert().success();
    env.cmd(&["grade", "nowhere"])
        .assert()
        .code(2)
        .stderr(contains("`nowhere`"));
    env.cmd(&["grade", "class", "--out", "no/such/dir/report.json"])
        .assert()
        .code(2)
        .stderr(contains("no/such/dir/report.json"));
    env.cmd(&["grade", "class", "--shard", "4/3"])
        .assert()
        .code(2)
        .stderr(contains("shard 4/3 does not exist"));
    env.cmd(&["--course", "no-course", "grade", "class"])
        .assert()
        .code(2);
    env.write("not-a-report.json", "{\"hello\": 1}");
    env.cmd(&["grade", "--merge", "not-a-report.json"])
        .assert()
        .code(2)
        .stderr(contains("is not a statelings JSON report"));
    // An unreadable progress file or exercise never stops the run.
    env.write("class/alice/.statelings/progress.json", "\u{0}garbage");
    env.cmd(&["grade", "class"])
        .assert()
        .success()
        .stdout(contains("alice"));
}

#[test]
fn identical_files_are_checked_once_and_stubs_never() {
    let env = Env::fixture();
    for id in ["a", "b", "c"] {
        env.cmd(&["init", &format!("class/{id}")])
            .assert()
            .success();
        set_code(&env, id, "basics1_add", ADD);
    }
    let report = grade_json(&env, &[]);
    for submission in report["submissions"].as_array().unwrap() {
        assert_eq!(submission["exercises"][0]["status"], "passed");
    }
    // Only the first submission's scratch crate was ever built: b and c reuse its verdict.
    // (The scratch directory is gone; what shows it is that grading three is as fast as one,
    // which the benchmark measures. Here: the same verdict for the same bytes.)
    assert_eq!(report["summary"]["exercises"][0]["passed"], 3);
}

#[test]
fn the_student_edition_has_no_answers_and_its_workbooks_grade_the_same() {
    let env = Env::real_course();
    env.cmd(&["export", "edition"])
        .assert()
        .success()
        .stdout(contains("student edition"));
    assert!(!env.path("edition/solutions").exists());
    assert!(env.path("edition/src/main.rs").is_file());
    assert!(env.path("edition/Cargo.toml").is_file());
    assert!(env.read("edition/README.md").contains("Student edition"));
    for entry in std::fs::read_dir(env.path("edition/quizzes")).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        assert!(
            !text.contains("answer:")
                && !text.contains("explanation:")
                && !text.contains("feedback:")
        );
    }
    let exercise = "exercises/01_stateless/stateless1_maximum.rs";
    assert_eq!(
        env.read(&format!("edition/{exercise}")),
        crate::repository_file(exercise)
    );
    env.cmd(&["export", "edition"])
        .assert()
        .code(2)
        .stderr(contains("is not empty"));

    // A workbook made from the student edition, graded by the full edition (the binary's).
    let mut init = env.cmd(&["init", "class/student"]);
    init.arg("--course").arg(env.path("edition"));
    init.assert().success();
    let solution = crate::repository_file("solutions/01_stateless/stateless1_maximum.rs");
    env.write(&format!("class/student/{exercise}"), &solution);
    let output = env
        .cmd(&["grade", "class", "--format", "json"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let exercises = report["submissions"][0]["exercises"].as_array().unwrap();
    let graded = exercises
        .iter()
        .find(|e| e["name"] == "stateless1_maximum")
        .unwrap();
    assert_eq!(graded["status"], "passed");
    assert!(
        graded["tests_total"].as_u64().unwrap() > 9,
        "the grading tests count too"
    );
    assert_eq!(exercises[0]["status"], "not_attempted");
    // The edition ships the same exercises: its workbooks match the full course's version.
    assert_eq!(
        report["submissions"][0]["problems"],
        serde_json::json!([]),
        "{report}"
    );
}

#[test]
fn a_cache_regrades_an_unchanged_class_without_compiling_and_never_lends_a_grade() {
    let env = Env::fixture();
    for id in ["alice", "bob"] {
        env.cmd(&["init", &format!("class/{id}")])
            .assert()
            .success();
    }
    set_code(&env, "alice", "basics1_add", ADD);
    set_code(
        &env,
        "bob",
        "basics1_add",
        "pub fn add(a: u32, _b: u32) -> u32 {\n    a\n}\n",
    );
    let grade = |env: &Env| {
        let output = env
            .cmd(&["grade", "class", "--cache", "cache", "--format", "json"])
            .output()
            .unwrap();
        assert!(output.status.success());
        let stats = String::from_utf8_lossy(&output.stderr).into_owned();
        let report: Value = serde_json::from_slice(&output.stdout).unwrap();
        (stats, statuses(&report))
    };
    let (first, statuses_first) = grade(&env);
    assert!(
        first.contains("2 distinct attempted files: 2 checked, 0 from the cache"),
        "{first}"
    );
    let (second, statuses_second) = grade(&env);
    assert!(
        second.contains("2 distinct attempted files: 0 checked, 2 from the cache"),
        "{second}"
    );
    assert_eq!(statuses_first, statuses_second);
    // Carol hands in Alice's file byte for byte: Alice's cached grade was decided in a run of
    // Alice's code only, so Carol's is checked again (with only code Alice and Carol share).
    env.cmd(&["init", "class/carol"]).assert().success();
    set_code(&env, "carol", "basics1_add", ADD);
    let (third, statuses_third) = grade(&env);
    assert!(
        third.contains("2 distinct attempted files: 1 checked, 1 from the cache"),
        "{third}"
    );
    assert_eq!(statuses_third["carol"].0, "passed");
    // Bob hands in the same file too: the three now share one key, decided anew.
    set_code(&env, "bob", "basics1_add", ADD);
    let (fourth, statuses_fourth) = grade(&env);
    assert!(
        fourth.contains("1 distinct attempted file: 1 checked, 0 from the cache"),
        "{fourth}"
    );
    assert_eq!(statuses_fourth["bob"].0, "passed");
}

#[test]
fn grading_progress_reaches_a_log_as_plain_lines_counting_submissions() {
    let env = Env::fixture();
    for id in ["alice", "bob"] {
        env.cmd(&["init", &format!("class/{id}")])
            .assert()
            .success();
        set_code(&env, id, "basics1_add", ADD);
    }
    env.cmd(&["grade", "class", "--format", "json"])
        .env("STATELINGS_PROGRESS_SECS", "0")
        .assert()
        .success()
        .stderr(contains("Grading submissions: 0/2"))
        .stderr(contains("Grading submissions: 2/2, done"));
}

/// Grading runs strangers' code: with no sandbox to be had (here a `bwrap` first on the PATH
/// that cannot run), it refuses before grading and says how to get one, unless the instructor
/// says the code is trusted.
#[test]
fn without_a_working_sandbox_grading_refuses_and_says_how_to_get_one() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::fixture();
    env.cmd(&["init", "class/alice"]).assert().success();
    set_code(&env, "alice", "basics1_add", ADD);
    env.write("fakebin/bwrap", "#!/bin/sh\nexit 1\n");
    let fake = env.path("fakebin/bwrap");
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        env.path("fakebin").display(),
        std::env::var("PATH").unwrap_or_default()
    );
    env.cmd(&["grade", "class", "--out", "report.json"])
        .env("PATH", &path)
        .assert()
        .code(2)
        .stderr(contains("needs a sandbox"))
        .stderr(contains("apt-get install bubblewrap"))
        .stderr(contains("--no-sandbox"));
    assert!(!env.path("report.json").exists(), "nothing is graded");
    let output = env
        .cmd(&["grade", "class", "--no-sandbox", "--format", "json"])
        .env("PATH", &path)
        .output()
        .unwrap();
    assert!(output.status.success());
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(
        report["sandbox"].as_str().unwrap().starts_with("none"),
        "{}",
        report["sandbox"]
    );
    assert_eq!(report["submissions"][0]["exercises"][0]["status"], "passed");
}

/// `init` stamps the version of the course's exercises in the workbook; grading notes a workbook
/// made from other exercises (and grades it all the same), whatever the stamp holds.
#[test]
fn a_workbook_made_from_other_exercises_is_noted_and_graded() {
    let env = Env::fixture();
    for id in ["alice", "bob", "carol"] {
        env.cmd(&["init", &format!("class/{id}")])
            .assert()
            .success();
        set_code(&env, id, "basics1_add", ADD);
    }
    let progress = env.read("class/alice/.statelings/progress.json");
    let stamp: Value = serde_json::from_str(&progress).unwrap();
    let stamp = stamp["course"]
        .as_str()
        .expect("init stamps the course")
        .to_owned();
    assert_eq!(stamp.len(), 64, "a SHA-256: {stamp}");
    env.write(
        "class/bob/.statelings/progress.json",
        &progress.replace(&stamp, "0123456789abcdef-an-older-edition"),
    );
    env.write(
        "class/carol/.statelings/progress.json",
        &progress.replace(&stamp, &"\u{e9}".repeat(100)),
    );
    let report = grade_json(&env, &[]);
    let problems = |learner: usize| report["submissions"][learner]["problems"].to_string();
    assert_eq!(report["submissions"][0]["problems"], serde_json::json!([]));
    assert!(
        problems(1).contains("another version of the course's exercises (0123456789ab, this"),
        "{}",
        problems(1)
    );
    assert!(
        problems(2).contains(&"\u{e9}".repeat(12)),
        "{}",
        problems(2)
    );
    for learner in 0..3 {
        assert_eq!(
            report["submissions"][learner]["exercises"][0]["status"], "passed",
            "{report}"
        );
    }
}
