//! The student edition as a GitHub Classroom template: the learner's workbook goes into git and
//! build output stays out; the workflow is valid YAML that runs only the edition's own learner
//! commands; and the edition stands on its own: its `cargo test` passes and the workflow's steps
//! run in it and report. The last test builds the edition (a few minutes the first time on a new
//! machine, about a minute once its dependencies are built in `target/tmp/student-edition`).

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_yaml::Value;

use crate::{output_text, repository_file, Env};

const WORKFLOW: &str = ".github/workflows/statelings.yml";

/// The commands a learner's workflow may run: the edition's own, for learners.
const LEARNER_COMMANDS: &[&str] = &["check", "progress", "list", "run", "init"];

fn git(dir: &Path, args: &[&str]) -> String {
    let output = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .output()
        .expect("git runs");
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        output_text(&output)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn the_editions_git_keeps_the_workbook_and_leaves_build_output_out() {
    let env = Env::real_course();
    env.cmd(&["export", "edition"]).assert().success();
    let edition = env.path("edition");
    // Its README speaks of what it has.
    let readme = env.read("edition/README.md");
    for absent in [
        ".ci/run",
        "cargo bench",
        "statelings solution",
        "statelings verify",
        "statelings grade",
        "statelings export",
        "verify found",
    ] {
        assert!(
            !readme.contains(absent),
            "the edition's README speaks of {absent}"
        );
    }
    for present in [
        "cargo run --release",
        "## Handing in your work",
        "git add workbook",
    ] {
        assert!(
            readme.contains(present),
            "the edition's README lacks {present}"
        );
    }
    assert!(!env.read("edition/Cargo.toml").contains("[[bench]]"));
    env.cmd(&["init", "edition/workbook"]).assert().success();
    // What a build, rust-analyzer and a running command leave behind.
    for junk in [
        "edition/target/debug/statelings",
        "edition/workbook/target/debug/x",
        "edition/workbook/.statelings/lock",
    ] {
        env.write(junk, "junk");
    }
    env.write(
        "edition/workbook/exercises/00_intro/intro1_first_edit.rs.bak",
        "my old try",
    );
    git(&edition, &["init", "-q"]);
    git(&edition, &["add", "-A"]);
    let tracked = git(&edition, &["ls-files"]);
    let tracked: Vec<&str> = tracked.lines().collect();
    for kept in [
        "workbook/.statelings/progress.json",
        "workbook/exercises/00_intro/intro1_first_edit.rs",
        "workbook/exercises/00_intro/intro1_first_edit.rs.bak",
        "workbook/Cargo.toml",
        WORKFLOW,
        ".gitignore",
        "tests/fixtures/course/exercises/01_basics/basics1_add.rs",
    ] {
        assert!(tracked.contains(&kept), "{kept} is not committed");
    }
    let workbook_files = tracked
        .iter()
        .filter(|f| f.starts_with("workbook/"))
        .count();
    assert!(workbook_files > 30, "{workbook_files} workbook files");
    for left_out in ["target/", "workbook/target/", "workbook/.statelings/lock"] {
        assert!(
            !tracked.iter().any(|f| f.starts_with(left_out)),
            "{left_out} is committed"
        );
    }
    assert!(!tracked.iter().any(|f| f.starts_with("solutions/")));
}

/// The workflow file of a fresh edition, parsed.
fn workflow(env: &Env) -> Value {
    serde_yaml::from_str(&env.read(&format!("edition/{WORKFLOW}"))).expect("the workflow is YAML")
}

/// Every `run:` script of the workflow, in order.
fn scripts(workflow: &Value) -> Vec<String> {
    let jobs = workflow["jobs"].as_mapping().expect("jobs");
    jobs.values()
        .flat_map(|job| job["steps"].as_sequence().expect("steps").iter())
        .filter_map(|step| step["run"].as_str().map(str::to_owned))
        .collect()
}

/// The statelings subcommands a script runs (`cargo run ... -- COMMAND`).
fn commands_run(script: &str) -> Vec<String> {
    let pattern = regex::Regex::new(r"cargo run[^\n]*? -- ([a-z]+)").unwrap();
    pattern
        .captures_iter(script)
        .map(|c| c[1].to_owned())
        .collect()
}

#[test]
fn the_workflow_is_yaml_and_runs_only_the_editions_learner_commands() {
    let env = Env::real_course();
    env.cmd(&["export", "edition"]).assert().success();
    let workflow = workflow(&env);
    assert!(workflow["on"]["push"].is_null() || workflow["on"]["push"].is_mapping());
    assert!(workflow["on"].as_mapping().unwrap().contains_key("push"));
    assert_eq!(workflow["permissions"]["contents"], "read");
    let jobs = workflow["jobs"].as_mapping().unwrap();
    for job in jobs.values() {
        assert!(job["runs-on"].is_string());
        for step in job["steps"].as_sequence().unwrap() {
            if let Some(action) = step["uses"].as_str() {
                assert!(
                    action.starts_with("actions/checkout@") || action.starts_with("actions/cache@"),
                    "a third-party action: {action}"
                );
            }
        }
    }
    // The commands exist in the edition (its binary is built from these sources: the help of
    // the one under test lists the same), and are the learner's.
    let help = env.cmd(&["--help"]).output().unwrap();
    let help = String::from_utf8(help.stdout).unwrap();
    let scripts = scripts(&workflow);
    let all: Vec<String> = scripts.iter().flat_map(|s| commands_run(s)).collect();
    assert!(all.contains(&"check".to_owned()), "{all:?}");
    for command in &all {
        assert!(
            LEARNER_COMMANDS.contains(&command.as_str()),
            "`{command}` is not a learner's"
        );
        assert!(
            help.contains(&format!("\n  {command} ")),
            "`{command}` is not a command"
        );
    }
    for script in &scripts {
        for line in script.lines() {
            let line = line.trim();
            assert!(
                !line.contains("solutions/") && !line.contains("--course"),
                "reaches past the edition: {line}"
            );
            if line.starts_with("cargo ") {
                assert!(
                    line.starts_with("cargo build --locked")
                        || line.starts_with("cargo run --locked"),
                    "{line}"
                );
            }
        }
    }
}

/// Where the edition is built: under the test's own target folder, at a fixed path so that its
/// dependencies are built once and its own crate rebuilt in place.
fn edition_build() -> (PathBuf, PathBuf) {
    let base = Path::new(env!("CARGO_TARGET_TMPDIR")).join("student-edition");
    (base.join("repository"), base.join("target"))
}

/// `cargo ARGS` in `dir`, at a lower priority: the suite's other tests measure wall time (a
/// flood of output must be stopped within its time limit, say), and the edition's build and
/// tests must not starve them.
fn cargo(dir: &Path, target: &Path, args: &[&str]) -> std::process::Output {
    Command::new("nice")
        .args(["-n", "10", env!("CARGO")])
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env("NO_COLOR", "1")
        .env_remove("CARGO_MANIFEST_DIR")
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs")
}

#[test]
fn the_student_edition_passes_its_own_tests_and_its_workflow_runs_in_it() {
    let (repository, target) = edition_build();
    if repository.exists() {
        std::fs::remove_dir_all(&repository).unwrap();
    }
    let env = Env::real_course();
    env.cmd(&["export", repository.to_str().unwrap()])
        .assert()
        .success();
    let started = std::time::Instant::now();
    let tested = cargo(&repository, &target, &["test", "--locked"]);
    let text = output_text(&tested);
    assert!(tested.status.success(), "the edition's cargo test:\n{text}");
    assert!(text.contains("Running tests/cli/main.rs"), "{text}");
    let passed: usize = regex::Regex::new(r"test result: ok\. (\d+) passed")
        .unwrap()
        .captures_iter(&text)
        .map(|c| c[1].parse::<usize>().unwrap())
        .sum();
    assert!(passed > 150, "{passed} tests passed");
    eprintln!(
        "the student edition's cargo test: {passed} tests, {:.0?}",
        started.elapsed()
    );

    // The workflow's steps, as GitHub runs them (bash -e, -o pipefail), in the edition.
    let workflow: Value =
        serde_yaml::from_str(&std::fs::read_to_string(repository.join(WORKFLOW)).unwrap()).unwrap();
    let scripts = scripts(&workflow);
    let run_steps = |summary: &Path| {
        for script in &scripts {
            let output = Command::new("nice")
                .args([
                    "-n",
                    "10",
                    "bash",
                    "--noprofile",
                    "--norc",
                    "-eo",
                    "pipefail",
                    "-c",
                ])
                .arg(script)
                .current_dir(&repository)
                .env("CARGO_TARGET_DIR", &target)
                .env("GITHUB_STEP_SUMMARY", summary)
                .env("NO_COLOR", "1")
                .env_remove("CARGO_MANIFEST_DIR")
                .output()
                .unwrap();
            assert!(
                output.status.success(),
                "{script}:\n{}",
                output_text(&output)
            );
        }
    };
    let before = env.path("summary-before.md");
    run_steps(&before);
    let said = std::fs::read_to_string(&before).unwrap();
    assert!(said.contains("No workbook in this push yet"), "{said}");

    let made = cargo(
        &repository,
        &target,
        &["run", "--locked", "-q", "--", "init"],
    );
    assert!(made.status.success(), "{}", output_text(&made));
    let exercise = "exercises/00_intro/intro1_first_edit.rs";
    std::fs::write(
        repository.join("workbook").join(exercise),
        repository_file(&exercise.replace("exercises/", "solutions/")),
    )
    .unwrap();
    let after = env.path("summary-after.md");
    run_steps(&after);
    let said = std::fs::read_to_string(&after).unwrap();
    assert!(said.contains("## statelings"), "{said}");
    let solved_one = regex::Regex::new(r"Progress: exercises \[[^\]]*\] 1/\d+").unwrap();
    assert!(solved_one.is_match(&said), "{said}");
    let done = regex::Regex::new(r"done\s+intro1_first_edit").unwrap();
    assert!(done.is_match(&said), "{said}");
}
