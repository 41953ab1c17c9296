//! Gradescope: `export --gradescope` writes an autograder whose `run_autograder` is run here
//! against a folder laid out like Gradescope's `/autograder` (`source/` the unzipped bundle,
//! `submission/` the upload, `results/` where `results.json` goes), with the binary under test
//! standing in for the one `setup.sh` builds. The results follow Gradescope's specification and
//! never show a hidden test's name, assertion or code. Also `grade --format gradescope` for a
//! class (one results.json per learner) and its refusals before grading starts.

use std::collections::BTreeSet;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use predicates::prelude::PredicateBooleanExt as _;
use predicates::str::contains;
use serde_json::Value;

use crate::{copy_dir, repository_file, Env};

/// Every top-level field Gradescope's `results.json` may have.
const TOP_LEVEL: &[&str] = &[
    "score",
    "execution_time",
    "output",
    "output_format",
    "test_output_format",
    "test_name_format",
    "visibility",
    "stdout_visibility",
    "extra_data",
    "tests",
    "leaderboard",
];
/// Every field a test of `results.json` may have.
const TEST_FIELDS: &[&str] = &[
    "score",
    "max_score",
    "status",
    "name",
    "name_format",
    "number",
    "output",
    "output_format",
    "tags",
    "visibility",
    "extra_data",
];
const VISIBILITIES: &[&str] = &["hidden", "after_due_date", "after_published", "visible"];

/// `/autograder` in a temporary folder: the bundle unzipped in `source/`, an empty `submission/`.
fn autograder_root(env: &Env, bundle: &str, name: &str) -> PathBuf {
    let root = env.path(name);
    copy_dir(&env.path(bundle), &root.join("source"));
    std::fs::create_dir_all(root.join("submission")).unwrap();
    root
}

/// Runs the bundle's `run_autograder` as Gradescope would (from `/autograder`), with the binary
/// under test as the statelings that `setup.sh` would have installed; the results it wrote.
fn run_autograder(root: &Path) -> (std::process::Output, Value) {
    let output = std::process::Command::new("bash")
        .arg(root.join("source/run_autograder"))
        .current_dir(root)
        .env("STATELINGS_AUTOGRADER", root)
        .env("STATELINGS_BIN", assert_cmd::cargo::cargo_bin("statelings"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let text = std::fs::read_to_string(root.join("results/results.json"))
        .unwrap_or_else(|e| panic!("no results.json ({e}): {}", crate::output_text(&output)));
    (output, serde_json::from_str(&text).unwrap())
}

/// Whatever it says, `results` is shaped as Gradescope's specification says.
fn assert_spec(results: &Value) {
    let top = results.as_object().expect("an object");
    for key in top.keys() {
        assert!(
            TOP_LEVEL.contains(&key.as_str()),
            "`{key}` is not in the spec"
        );
    }
    assert!(
        !top.contains_key("max_score"),
        "the spec has no top-level max_score"
    );
    for key in [
        "score",
        "execution_time",
        "output",
        "visibility",
        "stdout_visibility",
        "tests",
    ] {
        assert!(top.contains_key(key), "`{key}` is missing: {results:#}");
    }
    assert!(results["execution_time"].is_u64());
    assert!(VISIBILITIES.contains(&results["visibility"].as_str().unwrap()));
    assert!(VISIBILITIES.contains(&results["stdout_visibility"].as_str().unwrap()));
    for test in results["tests"].as_array().unwrap() {
        for key in test.as_object().unwrap().keys() {
            assert!(TEST_FIELDS.contains(&key.as_str()), "test field `{key}`");
        }
        assert!(matches!(test["status"].as_str(), Some("passed" | "failed")));
        assert!(VISIBILITIES.contains(&test["visibility"].as_str().unwrap()));
    }
}

fn test<'a>(results: &'a Value, name: &str) -> &'a Value {
    results["tests"]
        .as_array()
        .unwrap()
        .iter()
        .find(|test| test["name"] == name)
        .unwrap_or_else(|| panic!("no test `{name}` in {results:#}"))
}

/// What of a course file must never reach a learner: its test names and every line with more
/// than punctuation on it.
fn secrets(grading_file: &str) -> Vec<String> {
    let text = repository_file(grading_file);
    let mut secrets: BTreeSet<String> = text
        .lines()
        .map(str::trim)
        .filter(|line| line.len() > 12 && !line.starts_with("//") && !line.starts_with('#'))
        .map(str::to_owned)
        .collect();
    let names = regex::Regex::new(r"fn ([a-z0-9_]+)\(\)").unwrap();
    secrets.extend(names.captures_iter(&text).map(|c| c[1].to_owned()));
    secrets.insert("grading::".to_owned());
    secrets.into_iter().collect()
}

/// Replaces the code above the marker of an exercise file.
fn set_code(path: &Path, code: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    let tests = &text[text.find(crate::MARKER).unwrap()..];
    std::fs::write(path, format!("{code}\n{tests}")).unwrap();
}

const INTRO1: &str = "exercises/00_intro/intro1_first_edit.rs";
const INTRO2: &str = "exercises/00_intro/intro2_compiler_errors.rs";
const MAXIMUM: &str = "exercises/01_stateless/stateless1_maximum.rs";

#[test]
fn run_autograder_grades_an_upload_in_a_simulated_autograder_folder() {
    let env = Env::real_course();
    env.cmd(&["export", "--gradescope", "bundle"])
        .assert()
        .success()
        .stdout(contains("keep it private"));
    for script in ["setup.sh", "run_autograder"] {
        let path = env.path(&format!("bundle/{script}"));
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o111, 0o111, "{script} is executable ({mode:o})");
        let syntax = std::process::Command::new("bash")
            .arg("-n")
            .arg(&path)
            .output()
            .unwrap();
        assert!(
            syntax.status.success(),
            "{script}: {}",
            crate::output_text(&syntax)
        );
    }
    let setup = env.read("bundle/setup.sh");
    for needed in [
        "apt-get install",
        "bubblewrap",
        "rustup",
        "cargo build --release --locked",
    ] {
        assert!(setup.contains(needed), "setup.sh: {needed}");
    }
    // The course, whole: what setup.sh builds from.
    assert!(env
        .path("bundle/statelings/solutions/00_intro/intro1_first_edit.grading.rs")
        .is_file());
    assert!(env
        .read("bundle/statelings/quizzes/stateless.yaml")
        .contains("answer:"));
    assert!(!env
        .read("bundle/statelings/Cargo.toml")
        .contains("[[bench]]"));
    assert!(env
        .read("bundle/run_autograder")
        .contains("--hidden-tests after_due_date"));

    // An upload of a workbook folder zipped on a Mac (so with `__MACOSX/`): one exercise solved,
    // one that passes its file's tests but not the hidden ones, one that does not compile.
    let root = autograder_root(&env, "bundle", "autograder");
    let upload = root.join("submission/workbook");
    env.cmd(&["init", upload.to_str().unwrap()])
        .assert()
        .success();
    let apple = root.join("submission/__MACOSX/workbook/.statelings");
    std::fs::create_dir_all(&apple).unwrap();
    std::fs::write(apple.join("._progress.json"), [0u8, 5, 22, 7]).unwrap();
    std::fs::write(
        upload.join(MAXIMUM),
        repository_file("solutions/01_stateless/stateless1_maximum.rs"),
    )
    .unwrap();
    set_code(
        &upload.join(INTRO1),
        "pub fn double(n: i64) -> i64 {\n    match n {\n        21 => 42,\n        -7 => -14,\n        5 => 10,\n        _ => 0,\n    }\n}\n",
    );
    set_code(
        &upload.join(INTRO2),
        "pub fn word_count(text: &str) {\n    text.split(' ').count() + missing\n}\n",
    );
    let (output, results) = run_autograder(&root);
    assert!(output.status.success(), "{}", crate::output_text(&output));
    assert_spec(&results);
    assert_eq!(results["score"], 10, "{results:#}");
    assert_eq!(results["stdout_visibility"], "hidden");
    // Before the due date nothing a learner sees gives a graded result away: not the summary,
    // not any visible entry (the learner could resubmit until the points told them).
    let summary = results["output"].as_str().unwrap();
    assert!(!summary.contains("10 of "), "{summary}");
    assert!(summary.contains("shown after the due date"), "{summary}");
    for entry in results["tests"].as_array().unwrap() {
        if entry["visibility"] == "visible" {
            assert!(entry.get("score").is_none(), "a visible score: {entry}");
        }
    }
    assert!(summary.contains("`__MACOSX`"), "{summary}");
    assert!(!summary.contains(root.to_str().unwrap()), "{summary}");

    let solved = test(
        &results,
        "stateless1_maximum (graded: your file's tests and the hidden tests)",
    );
    assert_eq!(
        (solved["score"].as_u64(), solved["status"].as_str()),
        (Some(10), Some("passed"))
    );
    assert_eq!(solved["visibility"], "after_due_date");
    let own = test(&results, "intro1_first_edit (your file's tests)");
    assert_eq!(
        (own["status"].as_str(), own["visibility"].as_str()),
        (Some("passed"), Some("visible"))
    );
    assert!(
        own.get("score").is_none(),
        "informational, no points: {own}"
    );
    let graded = test(
        &results,
        "intro1_first_edit (graded: your file's tests and the hidden tests)",
    );
    assert_eq!(
        (graded["score"].as_u64(), graded["status"].as_str()),
        (Some(0), Some("failed"))
    );
    assert_eq!(graded["visibility"], "after_due_date");
    let said = graded["output"].as_str().unwrap();
    assert!(said.contains("hidden test 1 of 2 failed"), "{said}");
    let broken = test(&results, "intro2_compiler_errors (your file's tests)");
    let said = broken["output"].as_str().unwrap();
    assert!(said.contains("Does not compile"), "{said}");
    assert!(
        said.contains(&format!("{INTRO2}:2:31")),
        "the error's place: {said}"
    );
    assert!(
        said.contains("The hidden tests do not compile with your code"),
        "{said}"
    );
    let quiz = test(&results, "quiz: stateless");
    assert_eq!(quiz["status"], "failed");
    assert_eq!(
        quiz["visibility"], "after_due_date",
        "scored with keys: {quiz}"
    );

    // Nothing of the hidden tests, in any field.
    let text = serde_json::to_string(&results).unwrap();
    for file in [
        "solutions/00_intro/intro1_first_edit.grading.rs",
        "solutions/00_intro/intro2_compiler_errors.grading.rs",
        "solutions/01_stateless/stateless1_maximum.grading.rs",
    ] {
        for secret in secrets(file) {
            assert!(
                !text.contains(&secret),
                "`{secret}` (from {file}) reached the learner"
            );
        }
    }
}

#[test]
fn an_upload_with_no_workbook_or_several_still_gets_results_that_say_so() {
    let env = Env::real_course();
    env.cmd(&[
        "export",
        "--gradescope",
        "--hidden-tests",
        "hidden",
        "bundle",
    ])
    .assert()
    .success();
    assert!(env
        .read("bundle/run_autograder")
        .contains("--hidden-tests hidden"));

    let empty = autograder_root(&env, "bundle", "empty");
    std::fs::create_dir_all(empty.join("submission/__MACOSX")).unwrap();
    std::fs::write(empty.join("submission/notes.txt"), "my work").unwrap();
    let (output, results) = run_autograder(&empty);
    assert!(output.status.success(), "{}", crate::output_text(&output));
    assert_spec(&results);
    assert_eq!(results["score"], 0);
    assert_eq!(results["tests"], serde_json::json!([]));
    let said = results["output"].as_str().unwrap();
    assert!(said.contains("No workbook was found"), "{said}");
    assert!(said.contains("`__MACOSX`"), "{said}");

    let two = autograder_root(&env, "bundle", "two");
    for name in ["mine", "friends"] {
        let dir = two.join("submission").join(name);
        env.cmd(&["init", dir.to_str().unwrap()]).assert().success();
    }
    let (_, results) = run_autograder(&two);
    assert_spec(&results);
    let said = results["output"].as_str().unwrap();
    assert!(said.contains("holds 2 workbooks (friends, mine)"), "{said}");

    // A learner's repository of the student edition, as Gradescope's GitHub submission sends
    // it: the course beside the workbook is not taken for a second one.
    let repo = autograder_root(&env, "bundle", "repo");
    let upload = repo.join("submission");
    std::fs::remove_dir(&upload).unwrap();
    env.cmd(&["export", upload.to_str().unwrap()])
        .assert()
        .success();
    env.cmd(&["init", upload.join("workbook").to_str().unwrap()])
        .assert()
        .success();
    let (output, results) = run_autograder(&repo);
    assert!(output.status.success(), "{}", crate::output_text(&output));
    assert_spec(&results);
    assert!(
        results["tests"].as_array().unwrap().len() > 10,
        "{results:#}"
    );
    let graded = test(
        &results,
        "intro1_first_edit (graded: your file's tests and the hidden tests)",
    );
    assert_eq!(graded["visibility"], "hidden");
}

#[test]
fn a_class_gets_one_results_file_per_learner_or_is_refused_before_grading() {
    let env = Env::fixture();
    for learner in ["alice", "bob"] {
        env.cmd(&["init", &format!("class/{learner}/workbook")])
            .assert()
            .success();
    }
    set_code(
        &env.path("class/alice/workbook/exercises/01_basics/basics1_add.rs"),
        "pub fn add(a: u32, b: u32) -> u32 {\n    a + b\n}\n",
    );
    // A file, or standard output, holds one learner's results: refused before any grading.
    for out in [Some("results.json"), None] {
        let mut args = vec!["grade", "class", "--format", "gradescope"];
        args.extend(out.iter().flat_map(|out| ["--out", *out]));
        env.cmd(&args)
            .assert()
            .code(2)
            .stderr(contains("2 were found"))
            .stderr(contains("give `--out` a folder"))
            .stderr(contains("Graded").not());
    }
    assert!(!env.path("results.json").exists());
    // A folder: one results.json each, named after the learner.
    env.cmd(&[
        "grade",
        "class",
        "--format",
        "gradescope",
        "--out",
        "results/",
    ])
    .assert()
    .success()
    .stderr(contains("Graded 2 submissions"));
    for (learner, score) in [("alice", 10), ("bob", 0)] {
        let results: Value =
            serde_json::from_str(&env.read(&format!("results/{learner}/results.json"))).unwrap();
        assert_eq!(results["score"], score, "{learner}: {results:#}");
        assert!(results.get("execution_time").is_none());
        assert_spec_without_time(&results);
    }
    // One learner, to a file.
    env.cmd(&[
        "grade",
        "class/alice",
        "--format",
        "gradescope",
        "--out",
        "alice.json",
    ])
    .assert()
    .success();
    let results: Value = serde_json::from_str(&env.read("alice.json")).unwrap();
    assert_spec(&results);
    assert_eq!(results["score"], 10);
}

/// `assert_spec` for results made without a clock (a class graded at once).
fn assert_spec_without_time(results: &Value) {
    let mut timed = results.clone();
    timed["execution_time"] = 0.into();
    assert_spec(&timed);
}

#[test]
fn exported_files_honour_the_umask_and_scripts_stay_runnable() {
    let env = Env::real_course();
    let bin = assert_cmd::cargo::cargo_bin("statelings");
    let output = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!(
            "umask 027 && '{}' export --gradescope bundle && '{}' export edition",
            bin.display(),
            bin.display()
        ))
        .current_dir(env.path(""))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", crate::output_text(&output));
    let mode = |path: &str| {
        std::fs::metadata(env.path(path))
            .unwrap()
            .permissions()
            .mode()
            & 0o777
    };
    assert_eq!(mode("bundle/README.md"), 0o640);
    assert_eq!(mode("bundle/run_autograder"), 0o750);
    assert_eq!(mode("bundle/setup.sh"), 0o750);
    assert_eq!(mode("edition/README.md"), 0o640);
    assert_eq!(mode("edition/.github/workflows/statelings.yml"), 0o640);
}
