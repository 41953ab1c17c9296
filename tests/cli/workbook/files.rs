//! Files as they should be: a FIFO never hangs a command, an interrupted `init` can be run again,
//! files honour the umask, temporary files of killed processes are cleaned, commands outside a
//! workbook create nothing, unknown names get a suggestion, and what a check's code writes or
//! prints stays within its limits and does not outlive the check.

use std::os::unix::fs::{FileTypeExt as _, PermissionsExt as _};
use std::process::{Command, Stdio};
use std::time::Duration;

use predicates::str::contains;

use super::Rng;
use crate::{output_text, Env, PROGRESS};

/// Long enough for any command here; a command that blocks on a FIFO would reach it.
const NO_HANG: Duration = Duration::from_secs(60);

#[test]
fn a_fifo_as_the_progress_file_hangs_nothing_and_is_moved_aside_at_the_next_change() {
    let env = Env::fixture().with_workbook();
    env.fifo(PROGRESS);
    env.cmd(&["progress"])
        .timeout(NO_HANG)
        .assert()
        .success()
        .stderr(contains("it is not a regular file (a named pipe)"));
    assert!(env.path(PROGRESS).metadata().unwrap().file_type().is_fifo());
    env.cmd(&["hint", "basics1_add"])
        .timeout(NO_HANG)
        .assert()
        .success();
    let kept = env.path("workbook/.statelings/progress.json.corrupt");
    assert!(kept.metadata().unwrap().file_type().is_fifo(), "kept aside");
    assert_eq!(
        env.progress_file()["exercises"]["basics1_add"]["hints_shown"],
        1
    );
}

#[test]
fn a_fifo_as_an_exercise_file_hangs_nothing() {
    let env = Env::fixture().with_workbook();
    env.fifo("workbook/exercises/01_basics/basics1_add.rs");
    env.cmd(&["run", "basics1_add"])
        .timeout(NO_HANG)
        .assert()
        .code(2)
        .stderr(contains(
            "the file of exercise `basics1_add` (`workbook/exercises/01_basics/basics1_add.rs`) \
             cannot be used: it is not a regular file (a named pipe)",
        ))
        .stderr(contains("`statelings reset basics1_add`"));
    env.cmd(&["reset", "basics1_add"])
        .timeout(NO_HANG)
        .assert()
        .success()
        .stdout(contains("basics1_add.rs.bak"));
    env.cmd(&["run", "basics1_add"])
        .timeout(NO_HANG)
        .assert()
        .code(1)
        .stdout(contains("FAILED basics1_add"));
}

/// Every file a workbook must have, present and whole.
fn assert_whole_workbook(env: &Env, dir: &str) {
    for file in [
        "exercises/01_basics/basics1_add.rs",
        "exercises/01_basics/basics2_compile.rs",
        "exercises/01_basics/README.md",
        "Cargo.toml",
        "README.md",
        ".statelings/progress.json",
    ] {
        assert!(env.path(&format!("{dir}/{file}")).is_file(), "{dir}/{file}");
    }
    let stub =
        std::fs::read_to_string(crate::fixture_course().join("exercises/01_basics/basics1_add.rs"))
            .unwrap();
    assert_eq!(
        env.read(&format!("{dir}/exercises/01_basics/basics1_add.rs")),
        stub
    );
    env.cmd(&["--workbook", dir, "progress"])
        .assert()
        .success()
        .stdout(contains("0/2"));
}

#[test]
fn init_killed_part_way_can_simply_be_run_again() {
    let env = Env::fixture();
    let mut rng = Rng::new(9);
    for round in 0..12 {
        let dir = format!("wb{round}");
        let mut child = env
            .process(&["init", &dir])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_micros(rng.below(8_000)));
        let _ = child.kill();
        let finished = child.wait().unwrap().success();
        let again = env.cmd(&["init", &dir]).output().unwrap();
        let text = output_text(&again);
        if finished {
            assert!(text.contains("is not empty"), "round {round}: {text}");
        } else {
            assert!(
                again.status.success() || text.contains("is not empty"),
                "round {round}: an interrupted init blocks the next: {text}"
            );
        }
        assert_whole_workbook(&env, &dir);
    }
    let leftovers: Vec<String> = std::fs::read_dir(env.path(""))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| !name.starts_with("wb"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "left beside the workbooks: {leftovers:?}"
    );
}

/// `statelings ARGS` under `umask`.
fn with_umask(env: &Env, umask: &str, args: &[&str]) {
    let inner = env.process(args);
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg(format!("umask {umask} && exec \"$0\" \"$@\""))
        .arg(inner.get_program())
        .args(inner.get_args())
        .current_dir(env.path(""))
        .env("NO_COLOR", "1");
    let output = command.output().unwrap();
    assert!(
        output.status.code() == Some(0) || output.status.code() == Some(1),
        "{args:?}: {}",
        output_text(&output)
    );
}

/// Every file and folder of the workbook (the toolchain cache aside) has `file` or `dir` mode.
fn assert_modes(env: &Env, file: u32, dir: u32) {
    for entry in walkdir::WalkDir::new(env.path("workbook")) {
        let entry = entry.unwrap();
        let name = entry.path().display().to_string();
        if name.contains("/target") {
            continue;
        }
        let mode = entry.metadata().unwrap().permissions().mode() & 0o777;
        let want = if entry.file_type().is_dir() {
            dir
        } else {
            file
        };
        assert_eq!(mode, want, "{name}: {mode:o}, want {want:o}");
    }
}

#[test]
fn files_honour_the_umask() {
    for (umask, file, dir) in [("022", 0o644, 0o755), ("077", 0o600, 0o700)] {
        let env = Env::fixture();
        with_umask(&env, umask, &["init"]);
        env.solve("basics1_add");
        // What the tests wrote (`solve`) is the test's own; the runner's writes follow.
        std::fs::set_permissions(
            env.path("workbook/exercises/01_basics/basics1_add.rs"),
            std::fs::Permissions::from_mode(file),
        )
        .unwrap();
        with_umask(&env, umask, &["run", "basics1_add"]);
        with_umask(&env, umask, &["hint", "basics2_compile"]);
        with_umask(&env, umask, &["reset", "basics1_add"]);
        assert!(env
            .path("workbook/exercises/01_basics/basics1_add.rs.bak")
            .is_file());
        assert_modes(&env, file, dir);
    }
}

#[test]
fn stale_temporary_files_of_killed_writers_are_cleaned() {
    let env = Env::fixture().with_workbook();
    // A process id beyond pid_max: that writer is gone. Our own: that one is still writing.
    let stale = "workbook/.statelings/.progress.json.2147483646.Ab3xYz.statelings-tmp";
    let live = format!(
        "workbook/.statelings/.progress.json.{}.Ab3xYz.statelings-tmp",
        std::process::id()
    );
    let stale_exercise =
        "workbook/exercises/01_basics/.basics1_add.rs.2147483646.Qq1Rr2.statelings-tmp";
    env.write(stale, "{\"half");
    env.write(&live, "{\"half");
    env.write(stale_exercise, "pub fn ha");
    env.cmd(&["hint", "basics1_add"]).assert().success();
    assert!(!env.path(stale).exists(), "the stale one is removed");
    assert!(env.path(&live).exists(), "a live writer's is left alone");
    env.cmd(&["reset", "basics1_add"]).assert().success();
    assert!(!env.path(stale_exercise).exists());
}

#[test]
fn outside_a_workbook_commands_create_nothing_and_say_where_they_looked() {
    let env = Env::fixture();
    let here = env.path("");
    let here = here.display().to_string();
    let here = here.trim_end_matches('/');
    for args in [
        &["hint", "nonexistent"][..],
        &["run", "basics1_add"],
        &["check"],
        &["progress"],
        &["list"],
        &["reset", "basics1_add"],
        &["quiz"],
    ] {
        env.cmd(args)
            .assert()
            .code(2)
            .stderr(contains(format!("no workbook here: `{here}`")))
            .stderr(contains("create one with `statelings init`"));
        let made: Vec<_> = std::fs::read_dir(env.path("")).unwrap().collect();
        assert!(made.is_empty(), "`{}` created {made:?}", args.join(" "));
    }
}

#[test]
fn unknown_exercise_and_quiz_names_get_did_you_mean() {
    let env = Env::fixture().with_workbook();
    for command in ["run", "hint", "reset", "solution"] {
        env.cmd(&[command, "basics1_ad"])
            .assert()
            .code(2)
            .stderr(contains(
                "there is no exercise named `basics1_ad`; did you mean `basics1_add`?",
            ));
    }
    env.cmd(&["quiz", "basic"])
        .assert()
        .code(2)
        .stderr(contains(
            "there is no quiz named `basic`; did you mean `basics`?",
        ));
    env.cmd(&["lesson", "basic"])
        .assert()
        .code(2)
        .stderr(contains("did you mean `01_basics`?"));
    env.cmd(&["run", "zzz"])
        .assert()
        .code(2)
        .stderr(contains("`statelings list` shows them all"));
}

#[test]
fn files_written_by_the_tests_do_not_outlive_the_check() {
    let env = Env::fixture().own_course().own_tmp();
    // The course's own tests may write files (a learner's code may not reach the file system).
    let file = "course/exercises/01_basics/basics1_add.rs";
    let text = env.read(file).replace(
        "    #[test]\n    fn adds_zero() {",
        "    #[test]\n    fn writes_a_file() {\n        \
         std::fs::write(\"left-behind.bin\", vec![7u8; 1 << 20]).unwrap();\n        \
         assert!(std::path::Path::new(\"left-behind.bin\").exists());\n    }\n\n    \
         #[test]\n    fn adds_zero() {",
    );
    env.write(file, &text);
    env.cmd(&["init"]).assert().success();
    env.solve("basics1_add");
    env.cmd(&["run", "basics1_add"])
        .assert()
        .success()
        .stdout(contains("all 3 tests pass"));
    env.cmd(&["check"]).assert().code(1);
    let left: Vec<_> = std::fs::read_dir(env.path("tmp")).unwrap().collect();
    assert!(left.is_empty(), "build folders left behind: {left:?}");
    let found = walkdir::WalkDir::new(env.path(""))
        .into_iter()
        .filter_map(Result::ok)
        .any(|entry| entry.file_name() == "left-behind.bin");
    assert!(!found, "the file the tests wrote survived");
}

#[test]
fn a_test_printing_a_gigabyte_ends_with_a_memory_or_output_message() {
    let env = Env::fixture().with_workbook().own_tmp();
    env.solve_with(
        "basics1_add",
        "pub fn add(a: u32, b: u32) -> u32 {\n    let line = \"x\".repeat(1 << 20);\n    \
         for _ in 0..1024 {\n        println!(\"{line}\");\n    }\n    a + b\n}\n",
    );
    let mut command = env.process(&["run", "basics1_add"]);
    let child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (status, max_rss, output) = wait_measured(child);
    let text = output;
    assert_eq!(status, 1, "{text}");
    assert!(
        text.contains("of memory allowed") || text.contains("KiB of output"),
        "a memory or output message: {text}"
    );
    assert!(!text.contains("TIMED OUT"), "{text}");
    assert!(
        max_rss < 2 << 30,
        "the largest process took {} MiB",
        max_rss >> 20
    );
    let left: Vec<_> = std::fs::read_dir(env.path("tmp")).unwrap().collect();
    assert!(left.is_empty(), "build folders left behind: {left:?}");
}

/// Waits for `child` with wait4(2): its exit code, the largest resident size (bytes) of it and
/// every process it waited for, and what it printed.
fn wait_measured(mut child: std::process::Child) -> (i32, u64, String) {
    use std::io::Read as _;
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });
    let mut text = String::new();
    let _ = stdout.read_to_string(&mut text);
    text.push_str(&reader.join().unwrap());
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value for wait4 to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for our own child, writing into the two locals above.
    let pid = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
    assert_eq!(pid, child.id() as i32);
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    (code, usage.ru_maxrss as u64 * 1024, text)
}
