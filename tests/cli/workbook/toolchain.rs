//! The toolchain's faults are the runner's: a `rustc` first on PATH that is too old, crashes, or
//! reports an internal compiler error makes `run` and `check` exit 2 with a message that names
//! the cause and the fix, never a learner's compile error, and a recorded pass stays. `$RUSTC`
//! is honoured, and a workbook whose path is not UTF-8 checks like any other.

use std::ffi::{OsStr, OsString};
use std::os::unix::ffi::OsStringExt as _;
use std::os::unix::fs::PermissionsExt as _;
use std::path::PathBuf;

use crate::{output_text, Env, MARKER};

/// What `rustc -vV` says, for a given release.
fn version_text(release: &str) -> String {
    format!(
        "rustc {release} (0000000 2020-01-01)\\nbinary: rustc\\ncommit-hash: 0\\nrelease: \
         {release}\\nhost: x86_64-unknown-linux-gnu\\n"
    )
}

/// Writes an executable fake `rustc` in `<dir>/rustc` that answers `-vV` with `release`, names
/// its own folder as its sysroot, and compiles by running `compile` (shell).
fn fake_rustc(env: &Env, dir: &str, release: &str, compile: &str) -> PathBuf {
    let script = format!(
        "#!/bin/sh\ncase \"$1\" in\n  -vV) printf '{}' ;;\n  --print) echo \"$(dirname \"$0\")\" ;;\n  \
         *) {compile} ;;\nesac\n",
        version_text(release)
    );
    let path = env.path(&format!("{dir}/rustc"));
    env.write(&format!("{dir}/rustc"), &script);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

/// PATH with `dir` of this test first.
fn path_with(env: &Env, dir: &str) -> OsString {
    let mut dirs = vec![env.path(dir)];
    dirs.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    std::env::join_paths(dirs).unwrap()
}

/// A workbook where basics1_add has passed (recorded with the real toolchain).
fn passed_once() -> Env {
    let env = Env::fixture().with_workbook();
    env.solve("basics1_add");
    env.cmd(&["run", "basics1_add"]).assert().success();
    env
}

/// `run` and `check` with `dir`'s fake rustc first on PATH: exit 2, the message contains every
/// one of `says`, no COMPILE ERROR, and the recorded pass is still there.
fn assert_runner_error(env: &Env, dir: &str, says: &[&str]) {
    for args in [&["run", "basics1_add"][..], &["check"]] {
        let output = env
            .cmd(args)
            .env("PATH", path_with(env, dir))
            .env_remove("RUSTC")
            .output()
            .unwrap();
        let text = output_text(&output);
        assert_eq!(output.status.code(), Some(2), "{dir} {args:?}: {text}");
        assert!(
            text.contains("the Rust toolchain cannot be used"),
            "{dir} {args:?}: {text}"
        );
        for said in says {
            assert!(text.contains(said), "{dir} {args:?}: no {said:?} in {text}");
        }
        assert!(!text.contains("COMPILE ERROR"), "{dir} {args:?}: {text}");
        let progress = env.progress();
        assert_eq!(
            progress["exercises"][0]["status"], "passed",
            "{dir} {args:?}: a recorded pass was overwritten: {progress}"
        );
        assert_eq!(progress["exercises_done"], 1, "{dir} {args:?}: {progress}");
    }
}

#[test]
fn a_rustc_too_old_is_the_runners_error_with_the_fix() {
    let env = passed_once();
    fake_rustc(&env, "old", "1.70.0", "exit 0");
    assert_runner_error(
        &env,
        "old",
        &["is rustc 1.70.0", "1.82 or newer", "rustup update"],
    );
}

#[test]
fn a_rustc_killed_by_a_signal_is_the_runners_error() {
    let env = passed_once();
    fake_rustc(&env, "crashing", "1.95.0", "kill -SEGV $$");
    assert_runner_error(
        &env,
        "crashing",
        &[
            "killed by signal 11",
            "not a compile error",
            "rustup update",
        ],
    );
}

#[test]
fn an_internal_compiler_error_is_the_runners_error() {
    let env = passed_once();
    fake_rustc(
        &env,
        "ice",
        "1.95.0",
        "echo 'error: internal compiler error: unexpected panic' >&2; exit 101",
    );
    assert_runner_error(
        &env,
        "ice",
        &["exit code 101", "internal compiler error", "rustup update"],
    );
}

#[test]
fn rustc_from_the_environment_is_honoured() {
    let env = passed_once();
    let old = fake_rustc(&env, "old", "1.70.0", "exit 0");
    let output = env
        .cmd(&["run", "basics1_add"])
        .env("RUSTC", &old)
        .output()
        .unwrap();
    let text = output_text(&output);
    assert_eq!(output.status.code(), Some(2), "{text}");
    assert!(
        text.contains(&format!("`{}` is rustc 1.70.0", old.display())),
        "{text}"
    );
    // A wrapper that notes each call, then hands over to the real rustc.
    let log = env.path("wrapper.log");
    let wrapper = env.path("wrapper/rustc");
    env.write(
        "wrapper/rustc",
        &format!(
            "#!/bin/sh\necho \"$@\" >> '{}'\nexec rustc \"$@\"\n",
            log.display()
        ),
    );
    std::fs::set_permissions(&wrapper, std::fs::Permissions::from_mode(0o755)).unwrap();
    let output = env
        .cmd(&["run", "basics1_add"])
        .env("RUSTC", &wrapper)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", output_text(&output));
    assert!(
        env.read("wrapper.log").contains("-vV"),
        "$RUSTC was asked who it is"
    );
}

#[test]
fn a_workbook_whose_path_is_not_utf8_checks_correctly() {
    let env = Env::fixture();
    let name = OsString::from_vec(b"wb-\xff\xfe".to_vec());
    let init = env
        .process_os([OsStr::new("init"), &name])
        .output()
        .unwrap();
    assert!(init.status.success(), "{}", output_text(&init));
    let root = env.path("").join(&name);
    let file = root.join("exercises/01_basics/basics1_add.rs");
    let stub = std::fs::read_to_string(&file).unwrap();
    let workbook = [OsStr::new("--workbook"), &name];
    // The stub fails with the tests' own messages, located in the learner's file.
    let output = env
        .process_os(
            workbook
                .iter()
                .chain([&OsStr::new("run"), &OsStr::new("basics1_add")]),
        )
        .output()
        .unwrap();
    let text = output_text(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(
        text.contains("FAILED basics1_add: 0 of 2 tests pass"),
        "{text}"
    );
    assert!(text.contains("not yet implemented"), "{text}");
    assert!(!text.contains("COMPILE ERROR"), "{text}");
    // Solved, it passes, from outside and from inside the workbook.
    let tests = &stub[stub.find(MARKER).unwrap()..];
    std::fs::write(
        &file,
        format!("pub fn add(a: u32, b: u32) -> u32 {{\n    a + b\n}}\n{tests}"),
    )
    .unwrap();
    let output = env
        .process_os(
            workbook
                .iter()
                .chain([&OsStr::new("run"), &OsStr::new("basics1_add")]),
        )
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", output_text(&output));
    let output = env
        .process(&["run", "basics1_add"])
        .current_dir(root.join("exercises"))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", output_text(&output));
    let progress = std::fs::read(root.join(".statelings/progress.json")).unwrap();
    let progress: serde_json::Value = serde_json::from_slice(&progress).unwrap();
    assert_eq!(progress["exercises"]["basics1_add"]["status"], "passed");
    // A compile error names the learner's file too.
    std::fs::write(
        &file,
        format!("pub fn add(a: u32, b: u32) -> u32 {{\n    a + \n}}\n{tests}"),
    )
    .unwrap();
    let output = env
        .process_os(
            workbook
                .iter()
                .chain([&OsStr::new("run"), &OsStr::new("basics1_add")]),
        )
        .output()
        .unwrap();
    let text = output_text(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(text.contains("COMPILE ERROR basics1_add"), "{text}");
    assert!(text.contains("basics1_add.rs:3:1"), "{text}");
}

#[test]
fn commands_that_check_nothing_work_with_a_broken_rustc_and_write_no_cache() {
    let env = Env::fixture().with_workbook();
    fake_rustc(&env, "old", "1.70.0", "exit 0");
    let answers = super::answers_file(&env);
    for args in [
        &["progress"][..],
        &["progress", "--json"],
        &["list"],
        &["lesson"],
        &["hint", "basics1_add"],
        &["solution", "basics1_add", "--force"],
        &["reset", "basics1_add"],
        &["quiz", "basics", "--answers", answers],
    ] {
        let output = env
            .cmd(args)
            .env("PATH", path_with(&env, "old"))
            .env_remove("RUSTC")
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "`{}` needs no compiler: {}",
            args.join(" "),
            output_text(&output)
        );
    }
    assert!(
        !env.path("workbook/target").exists(),
        "nothing was compiled, so nothing was cached"
    );
    let progress = env.progress();
    assert_eq!(progress["quizzes"][0]["attempts"], 1);
    // Lost progress is rebuilt by checking the edited exercises: that needs the compiler, and
    // without one nothing is written (so the pass is not written off).
    env.solve("basics1_add");
    std::fs::remove_file(env.path(crate::PROGRESS)).unwrap();
    let output = env
        .cmd(&["hint", "basics2_compile"])
        .env("PATH", path_with(&env, "old"))
        .env_remove("RUSTC")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", output_text(&output));
    assert!(!env.path(crate::PROGRESS).exists());
    assert_eq!(env.progress()["exercises"][0]["status"], "passed");
}
