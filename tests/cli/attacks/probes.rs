//! Defence in depth: the gate refuses most payloads, so the sandbox and the limits are tested as
//! if code had got past it. The probe course is a copy of the fixture course whose hidden grading
//! tests (course code, never gated) are the templates of `tests/fixtures/probes/`: they reach for
//! the host, fill disks, hog memory and tasks, leave processes behind, hang and flood. The
//! learner's `pub fn role()` says who attacks; an innocent is graded in the same run.

use std::os::unix::net::UnixListener;
use std::path::{Path, PathBuf};

use super::{control_groups_of, processes_with, wait_until, Class, Mode, ADD, ANSWER, BOTH};

/// The size of each sandbox's private `/tmp`, and the tasks of one batch (`grade/setup.rs`).
const TMP_BYTES: u64 = 64 << 20;
const TASKS: u64 = 512;

/// Makes `class`'s course (its own copy) the probe course: `templates` are `(template,
/// exercise)`, each template's `@NAME@`s filled from `fill` and written as that exercise's
/// hidden tests.
fn install(class: &Class, templates: &[(&str, &str)], fill: &[(&str, String)]) {
    let marker = class.marker();
    for (template, exercise) in templates {
        let path = crate::fixture_course()
            .parent()
            .unwrap()
            .join("probes")
            .join(template);
        let mut text = std::fs::read_to_string(&path).unwrap();
        text = text.replace("@MARKER@", &marker);
        for (name, value) in fill {
            text = text.replace(name, value);
        }
        let left: Vec<&str> = text
            .split('@')
            .skip(1)
            .step_by(2)
            .filter(|word| {
                !word.is_empty() && word.chars().all(|c| c.is_ascii_uppercase() || c == '_')
            })
            .collect();
        assert!(left.is_empty(), "{template}: placeholders left: {left:?}");
        class.env.write(
            &format!("course/solutions/01_basics/{exercise}.grading.rs"),
            &text,
        );
    }
}

/// A learner who solved `basics1_add`, with a `role()` for the probes.
fn role(class: &Class, id: &str, role: &str) {
    class.attempt(
        id,
        "basics1_add",
        &format!("{ADD}pub fn role() -> &'static str {{\n    \"{role}\"\n}}\n"),
    );
}

/// A secret file, removed when dropped.
struct Secret(PathBuf);

impl Secret {
    fn new(path: PathBuf, text: &str) -> Secret {
        std::fs::write(&path, text).unwrap();
        Secret(path)
    }

    fn path(&self) -> String {
        self.0.display().to_string()
    }
}

impl Drop for Secret {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Host resources a probe must not reach: a TCP listener, a Unix socket (a path and an abstract
/// name), secret files in `/var/tmp` and in the test's own folder.
struct Host {
    tcp: std::net::TcpListener,
    unix: UnixListener,
    abstract_unix: UnixListener,
    abstract_name: String,
    secrets: [Secret; 2],
}

impl Host {
    fn open(class: &Class) -> Host {
        use std::os::linux::net::SocketAddrExt;
        let marker = class.marker();
        let tcp = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let unix = UnixListener::bind(class.env.path("host.sock")).unwrap();
        let abstract_name = format!("{marker}-abstract");
        let name =
            std::os::unix::net::SocketAddr::from_abstract_name(abstract_name.as_bytes()).unwrap();
        let abstract_unix = UnixListener::bind_addr(&name).unwrap();
        for listener in [&unix, &abstract_unix] {
            listener.set_nonblocking(true).unwrap();
        }
        tcp.set_nonblocking(true).unwrap();
        let secrets = [
            Secret::new(
                PathBuf::from(format!("/var/tmp/{marker}-secret.txt")),
                "var tmp secret",
            ),
            Secret::new(class.env.path("secret.txt"), "own folder secret"),
        ];
        Host {
            tcp,
            unix,
            abstract_unix,
            abstract_name,
            secrets,
        }
    }

    fn fill(&self, class: &Class) -> Vec<(&'static str, String)> {
        vec![
            (
                "@TCP_PORT@",
                self.tcp.local_addr().unwrap().port().to_string(),
            ),
            (
                "@UNIX_SOCKET@",
                class.env.path("host.sock").display().to_string(),
            ),
            ("@ABSTRACT@", self.abstract_name.clone()),
            ("@SECRET_VAR_TMP@", self.secrets[0].path()),
            ("@SECRET_OWN@", self.secrets[1].path()),
            ("@CLASS@", class.env.path("class").display().to_string()),
            ("@TMP_BYTES@", TMP_BYTES.to_string()),
            ("@TASKS@", TASKS.to_string()),
        ]
    }

    /// Seen from the host's side too: nothing connected.
    fn untouched(&self) {
        assert!(
            self.tcp.accept().is_err(),
            "the host's TCP listener was reached"
        );
        assert!(
            self.unix.accept().is_err(),
            "the host's Unix socket was reached"
        );
        assert!(
            self.abstract_unix.accept().is_err(),
            "the host's abstract socket was reached"
        );
    }
}

/// Attacks 13 (host sockets and files), 07/08 (other batches' build folders), 14 (memory, disk,
/// `/tmp` and every other writable place, per batch), 17 (one batch's tasks do not starve another's) and 06 (nothing
/// outlives the run), with the gate out of the way. Three learners, two batches at a time: the
/// innocent's probes all pass beside one who holds every task it can until it is killed, and one
/// whose helpers together need more memory than the batch has (each within its own limit).
#[test]
fn the_sandbox_keeps_the_host_out_of_reach_and_the_limits_per_batch() {
    let class = Class::own_course();
    let host = Host::open(&class);
    install(
        &class,
        &[("guarantees.rs", "basics1_add")],
        &host.fill(&class),
    );
    role(&class, "a_hog_tasks", "hog_tasks");
    role(&class, "b_innocent", "innocent");
    role(&class, "c_hog_memory", "hog_memory");
    let graded = class
        .run(Mode::Sandbox)
        .timeout(8)
        .args(&["--jobs", "2", "--memory", "512"])
        .json();
    graded.expect(&[
        ("a_hog_tasks", "basics1_add", "timed_out"),
        ("b_innocent", "basics1_add", "passed"),
        ("c_hog_memory", "basics1_add", "failed"),
    ]);
    let memory = graded.message("c_hog_memory", "basics1_add");
    assert!(
        memory.contains("512 MiB of memory") && !memory.contains("failed ("),
        "the helpers were stopped by the batch's memory limit, and no probe failed: {memory}"
    );
    host.untouched();
    let fill = Path::new("/tmp").join(format!("{}-fill0", class.marker()));
    assert!(!fill.exists(), "the sandbox's /tmp was the host's");
}

/// Attacks 06 and 19 with the gate out of the way: a test that floods its stdout is stopped at
/// the output cap; one that moves into its parent's process group and never ends is stopped at
/// its time limit, and the run ends; one that asks for more memory than a process may have
/// fails saying so; the innocent passes. Both modes.
#[test]
fn floods_escapes_from_the_process_group_and_huge_allocations_end_with_their_limits() {
    let class = Class::own_course();
    install(&class, &[("misbehave.rs", "basics1_add")], &[]);
    role(&class, "alloc", "alloc");
    role(&class, "flood", "flood");
    role(&class, "innocent", "innocent");
    role(&class, "pgid", "pgid");
    for mode in BOTH {
        let graded = class.run(mode).timeout(2).args(&["--jobs", "2"]).json();
        graded.expect(&[
            ("alloc", "basics1_add", "failed"),
            ("flood", "basics1_add", "failed"),
            ("innocent", "basics1_add", "passed"),
            ("pgid", "basics1_add", "timed_out"),
        ]);
        let message = graded.message("flood", "basics1_add");
        assert!(message.contains("KiB of output"), "{message}");
        let message = graded.message("alloc", "basics1_add");
        assert!(message.contains("MiB of memory"), "{message}");
    }
}

/// Attack 12 with the gate out of the way: a constant that keeps rustc busy for ever, in one of
/// a learner's two exercises. The batch's compile budget (`--compile-timeout`) stops it once for
/// the whole batch, not once per file when each is compiled again alone; the innocent, whose
/// batch does not hold that exercise, passes.
#[test]
fn a_compiler_that_never_ends_costs_one_compile_budget_per_batch() {
    let class = Class::own_course();
    install(&class, &[("slow_compile.rs", "basics2_compile")], &[]);
    class
        .attempt(
            "mallory",
            "basics1_add",
            &ADD.replace("a + b", "a + b // mallory"),
        )
        .code("mallory", "basics2_compile", ANSWER)
        .innocent("zed");
    for mode in BOTH {
        let graded = class.run(mode).compile_timeout(3).json();
        graded.expect(&[
            ("mallory", "basics1_add", "compile_error"),
            ("mallory", "basics2_compile", "compile_error"),
            ("zed", "basics1_add", "passed"),
        ]);
        for exercise in ["basics1_add", "basics2_compile"] {
            let message = graded.message("mallory", exercise);
            assert!(
                message.contains("compile time for this check (3 s) ran out"),
                "{exercise}: {message}"
            );
        }
    }
}

/// Attack 04 with the gate out of the way: code that reads host files while compiling. In the
/// sandbox rustc sees none of them (a compile error); without it, it reads them (`--no-sandbox`
/// is for trusted code only). The innocent, whose batch does not hold that code, passes.
#[test]
fn compiling_is_sandboxed_like_running() {
    let class = Class::own_course();
    let host = Host::open(&class);
    install(
        &class,
        &[("compile_reads_host.rs", "basics1_add")],
        &host.fill(&class),
    );
    class
        .attempt("reader", "basics1_add", ADD)
        .attempt("zed", "basics2_compile", ANSWER);
    let graded = class.run(Mode::Sandbox).json();
    graded.expect(&[
        ("reader", "basics1_add", "compile_error"),
        ("zed", "basics2_compile", "passed"),
    ]);
    let message = graded.message("reader", "basics1_add");
    assert!(message.contains("couldn't read"), "{message}");
    class.run(Mode::NoSandbox).json().expect(&[
        ("reader", "basics1_add", "failed"),
        ("zed", "basics2_compile", "passed"),
    ]);
}

/// The host's network from the tests (moved here from `grade.rs`): out of reach in the sandbox,
/// reached with `--no-sandbox` (trusted code only), and every report says which it was.
#[test]
fn the_hosts_network_is_out_of_reach_in_the_sandbox_and_the_report_says_so() {
    let class = Class::own_course();
    let host = Host::open(&class);
    install(&class, &[("network.rs", "basics1_add")], &host.fill(&class));
    class.innocent("solved");
    let graded = class.run(Mode::Sandbox).json();
    graded.expect(&[("solved", "basics1_add", "passed")]);
    assert!(graded.report["sandbox"]
        .as_str()
        .unwrap()
        .starts_with("bubblewrap (own namespaces, no network"));
    host.untouched();
    let graded = class.run(Mode::NoSandbox).json();
    graded.expect(&[("solved", "basics1_add", "failed")]);
    assert!(graded
        .message("solved", "basics1_add")
        .contains("reached the host"));
    assert!(graded.report["sandbox"]
        .as_str()
        .unwrap()
        .starts_with("none (--no-sandbox: trusted code only)"));
}

/// Issue 13: each sandbox "dies with the grader". A grader killed with SIGKILL in the middle of
/// a run, while a test hangs beside a process it started in a session of its own, leaves no
/// process of the code under test; its control groups and its scratch folder (which holds the
/// hidden tests) are left (nothing runs after SIGKILL), and the next grader removes them.
#[test]
fn a_grader_killed_mid_run_takes_its_sandboxes_with_it() {
    let class = Class::own_course();
    install(&class, &[("misbehave.rs", "basics1_add")], &[]);
    role(&class, "lingers", "linger");
    let marker = class.marker();
    let mut grader = class
        .env
        .std_cmd(&["--timeout", "120", "grade", "class", "--format", "json"])
        .env("TMPDIR", class.env.path("tmp"))
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let dead = grader.id();
    wait_until("the test's own process to start", || {
        !processes_with(&marker).is_empty()
    });
    grader.kill().unwrap();
    grader.wait().unwrap();
    wait_until("every process of the killed grader's run to end", || {
        processes_with(&marker).is_empty()
    });
    assert!(
        !control_groups_of(dead).is_empty(),
        "the killed grader's groups were there to be removed"
    );
    let left = |prefix: &str| {
        std::fs::read_dir(class.env.path("tmp"))
            .unwrap()
            .filter(|entry| {
                entry
                    .as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .starts_with(&format!("{prefix}{dead}-"))
            })
            .count()
    };
    assert_eq!(
        left("statelings-grade-"),
        1,
        "the killed grader's scratch folder"
    );
    class.code(
        "lingers",
        "basics1_add",
        &format!("{ADD}pub fn role() -> &'static str {{\n    \"innocent\"\n}}\n"),
    );
    class
        .run(Mode::Sandbox)
        .json()
        .expect(&[("lingers", "basics1_add", "passed")]);
    let stale = control_groups_of(dead);
    assert!(
        stale.is_empty(),
        "the killed grader's groups are left: {stale:?}"
    );
    assert_eq!(
        left("statelings-grade-"),
        0,
        "the next grader removed the scratch folder"
    );
}
