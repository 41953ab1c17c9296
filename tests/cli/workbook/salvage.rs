//! A progress file with one bad field keeps every other field: quiz attempts, hint counts and the
//! quiz shuffle's seed survive, only what is invalid is dropped and named, and the original is
//! kept beside the rebuilt file. Reading never renames or rewrites anything.

use predicates::str::contains;
use serde_json::json;

use super::{answers_file, tree};
use crate::{output_text, Env, PROGRESS};

/// A workbook with a quiz attempt, a hint shown, basics2 passed and a known seed.
fn lived_in() -> Env {
    let env = Env::fixture().with_workbook().with_seed(77);
    let answers = answers_file(&env);
    env.cmd(&["quiz", "basics", "--answers", answers])
        .assert()
        .success();
    env.cmd(&["hint", "basics1_add"]).assert().success();
    env.solve("basics2_compile");
    env.cmd(&["run", "basics2_compile"]).assert().success();
    env
}

/// Checks that everything `lived_in` recorded is there (`progress --json` and the file).
fn assert_kept(env: &Env) {
    let progress = env.progress();
    assert_eq!(progress["quizzes"][0]["attempts"], 1, "{progress}");
    assert_eq!(progress["quizzes"][0]["best_score"], 10, "{progress}");
    assert_eq!(progress["exercises"][0]["hints_shown"], 1, "{progress}");
    assert_eq!(progress["exercises"][1]["status"], "passed", "{progress}");
}

#[test]
fn a_field_of_the_wrong_type_drops_only_that_field() {
    let env = lived_in();
    let mut progress = env.progress_file();
    progress["current"] = json!(5);
    env.set_progress(&progress);
    let damaged = env.read(PROGRESS);
    let output = env.cmd(&["progress", "--json"]).output().unwrap();
    assert!(output.status.success());
    let text = output_text(&output);
    assert!(
        text.contains("were left out") && text.contains("`current` = 5"),
        "{text}"
    );
    assert_kept(&env);
    assert_eq!(env.seed(), 77, "the seed survives");
    assert_eq!(env.read(PROGRESS), damaged, "reading rewrites nothing");
    // The next change writes the salvaged progress and keeps the original.
    env.cmd(&["hint", "basics2_compile"]).assert().success();
    assert_eq!(
        env.read("workbook/.statelings/progress.json.corrupt"),
        damaged
    );
    assert_kept(&env);
    assert_eq!(env.progress_file()["seed"], 77);
    assert_eq!(
        env.progress_file()["exercises"]["basics2_compile"]["hints_shown"],
        1
    );
}

#[test]
fn an_unknown_status_drops_only_that_status() {
    let env = lived_in();
    let mut progress = env.progress_file();
    progress["exercises"]["basics2_compile"]["status"] = json!("exploded");
    progress["exercises"]["basics2_compile"]["hints_shown"] = json!(2);
    env.set_progress(&progress);
    env.cmd(&["progress"]).assert().success().stderr(contains(
        "exercise `basics2_compile`: `status` = \"exploded\"",
    ));
    let progress = env.progress();
    assert_eq!(progress["exercises"][1]["status"], "not_attempted");
    assert_eq!(
        progress["exercises"][1]["hints_shown"], 2,
        "its hints survive"
    );
    assert_eq!(progress["exercises"][0]["hints_shown"], 1);
    assert_eq!(progress["quizzes"][0]["attempts"], 1);
    assert_eq!(env.seed(), 77);
}

#[test]
fn a_utf8_byte_order_mark_is_read_past() {
    let env = lived_in();
    let text = env.read(PROGRESS);
    env.write(PROGRESS, &format!("\u{feff}{text}"));
    let output = env.cmd(&["progress", "--json"]).output().unwrap();
    assert!(output.status.success());
    assert!(
        output.stderr.is_empty(),
        "nothing is wrong with it: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_kept(&env);
    env.cmd(&["hint", "basics2_compile"]).assert().success();
    assert_kept(&env);
    assert!(!env
        .path("workbook/.statelings/progress.json.corrupt")
        .exists());
}

#[test]
fn a_huge_hint_count_is_clamped_and_hint_does_not_panic() {
    let env = Env::fixture().with_workbook();
    let mut progress = env.progress_file();
    progress["exercises"] = json!({"basics1_add": {"status": "failed",
                                                    "hints_shown": 18446744073709551615u64}});
    env.set_progress(&progress);
    let report = env.progress();
    assert!(
        report["exercises"][0]["hints_shown"].as_u64().unwrap() <= 2,
        "no more hints shown than the exercise has: {report}"
    );
    env.cmd(&["hint", "basics1_add"])
        .assert()
        .success()
        .stdout(contains("Hint 2 of 2"));
    assert_eq!(env.progress()["exercises"][0]["hints_shown"], 2);
    assert_eq!(env.progress()["exercises"][0]["status"], "failed");
}

#[test]
fn a_newer_version_is_refused_with_a_message_and_left_alone() {
    let env = lived_in();
    let mut progress = env.progress_file();
    progress["version"] = json!(99);
    env.set_progress(&progress);
    let before = env.read(PROGRESS);
    for args in [
        &["progress"][..],
        &["hint", "basics1_add"],
        &["run", "basics2_compile"],
    ] {
        env.cmd(args).assert().code(2).stderr(contains(
            "was written by a newer statelings (progress version 99); update statelings",
        ));
    }
    assert_eq!(env.read(PROGRESS), before);
    assert!(!env
        .path("workbook/.statelings/progress.json.corrupt")
        .exists());
}

#[test]
fn version_1_is_read_and_migrated_at_the_next_change() {
    let env = Env::fixture().with_workbook().with_seed(5);
    env.set_progress(&json!({
        "version": 1,
        "current": "basics2_compile",
        "seed": 5,
        "exercises": {
            "basics1_add": {"status": "passed", "hints_shown": 1},
            "basics2_compile": {"status": "not_checked", "hints_shown": 0}
        }
    }));
    let output = env.cmd(&["progress", "--json"]).output().unwrap();
    assert!(output.status.success());
    assert!(output.stderr.is_empty(), "{}", output_text(&output));
    let progress = env.progress();
    assert_eq!(progress["exercises"][0]["status"], "passed");
    assert_eq!(progress["exercises"][1]["status"], "not_attempted");
    assert_eq!(progress["current"], "basics2_compile");
    env.cmd(&["hint", "basics2_compile"]).assert().success();
    let file = env.progress_file();
    assert_eq!(file["version"], 2);
    assert_eq!(
        file["exercises"]["basics2_compile"]["status"],
        "not_attempted"
    );
    assert_eq!(file["exercises"]["basics1_add"]["status"], "passed");
    assert_eq!(file["seed"], 5);
    assert!(!env
        .path("workbook/.statelings/progress.json.corrupt")
        .exists());
}

/// A way to damage a workbook's progress file.
type Damage = Box<dyn Fn(&Env)>;

#[test]
fn read_only_commands_never_rename_or_rewrite_anything() {
    let env = lived_in();
    let good = env.read(PROGRESS);
    let damages: [(&str, Damage); 6] = [
        ("as it is", Box::new(|_| {})),
        (
            "a bad field",
            Box::new(|env| {
                let mut progress = env.progress_file();
                progress["exercises"]["basics1_add"]["status"] = json!(7);
                env.set_progress(&progress);
            }),
        ),
        (
            "not JSON",
            Box::new(|env| env.write(PROGRESS, "{\"version\": 2, \"curr")),
        ),
        ("a FIFO", Box::new(|env| env.fifo(PROGRESS))),
        (
            "missing",
            Box::new(|env| {
                std::fs::remove_file(env.path(PROGRESS)).unwrap();
            }),
        ),
        (
            "version 1",
            Box::new(|env| {
                env.write(
                    PROGRESS,
                    &env.read(PROGRESS)
                        .replace("\"version\": 2", "\"version\": 1"),
                );
            }),
        ),
    ];
    for (what, damage) in damages {
        // Replaced, not written through (the last one may be a FIFO).
        let _ = std::fs::remove_file(env.path(PROGRESS));
        env.write(PROGRESS, &good);
        damage(&env);
        // The toolchain's cache under `target/` is not the learner's state.
        let before = tree(&env.path("workbook"), &["target"]);
        for args in [
            &["progress"][..],
            &["progress", "--json"],
            &["list"],
            &["lesson"],
            &["solution", "basics1_add", "--force"],
        ] {
            let output = env
                .cmd(args)
                .timeout(std::time::Duration::from_secs(60))
                .output()
                .unwrap();
            assert!(
                output.status.success(),
                "{what}: {args:?}: {}",
                output_text(&output)
            );
            assert_eq!(
                tree(&env.path("workbook"), &["target"]),
                before,
                "{what}: `{}` changed the workbook",
                args.join(" ")
            );
        }
    }
}
