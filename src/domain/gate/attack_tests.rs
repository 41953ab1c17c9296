//! The attacks of `shared/attacks` that the gate is meant to stop, as their payloads (01, 02, 03,
//! 04, and the compile-time parts of 12 and 15; the run-time payloads of 05, 06, 13, 14, 17 and
//! 19 are stopped too), and variants of the same ideas that are not in that folder.

use super::tests::{assert_refused, assert_refused_by, check, check_with};
use super::{Allow, Rule};

/// The learner's code of attack 01: empty macros that replace std's assertions in the tests.
const ATTACK_01: &str = r#"macro_rules! assert_eq { ($($t:tt)*) => {} }
macro_rules! assert { ($($t:tt)*) => {} }
macro_rules! assert_ne { ($($t:tt)*) => {} }
pub fn maximum(numbers: &[i64]) -> Option<i64> {
    todo!()
}
"#;

/// Attack 02 (`forge.rs`): a constructor in `.init_array` re-runs the test binary and rewrites
/// its results.
const ATTACK_02: &str = r#"#[used]
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
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .output /* the repository's tidy check forbids the call written plainly */ ();
    let Ok(child) = child else { return };
    let text = String::from_utf8_lossy(&child.stdout);
    let _ = std::io::stdout().write_all(text.as_bytes());
    std::process::exit(0);
}
"#;

/// Attack 03 (`forge_head.rs`): reads the generated crate root and module at compile time.
const ATTACK_03: &str = r#"const STL_ROOT: &str = include_str!("main.rs");
const STL_SELF: &str = include_str!(concat!("ex_", "shard4_leader_log", ".rs"));

#[used]
#[link_section = ".init_array"]
static STL_INIT: extern "C" fn() = {
    extern "C" fn init() { stl_forge() }
    init
};

fn stl_forge() {
    use std::io::Write;
    let out = format!("{}{}", STL_ROOT.len(), STL_SELF.len());
    let _ = std::io::stdout().write_all(out.as_bytes());
    std::process::exit(0);
}
"#;

/// Attack 04: the hidden tests and a host file, read while compiling, shown in a panic.
const ATTACK_04: &str = r#"pub fn maximum(numbers: &[i64]) -> Option<i64> {
    let grading = include_str!("ex_stateless1_maximum.rs");
    let host = include_str!("/etc/hostname");
    let grading = &grading[grading.rfind("mod grading").unwrap_or(0)..];
    panic!("LEAK host={} grading={}", host.trim(), grading.replace('\n', "\\n"))
}
"#;

/// Attack 05 (`sabotage.rs`): a constructor that fails another learner's shared file.
const ATTACK_05: &str = r#"#[used]
#[link_section = ".init_array"]
static STL_SABOTAGE: extern "C" fn() = {
    extern "C" fn init() {
        let cmdline = std::fs::read("/proc/self/cmdline").unwrap_or_default();
        let cmdline = String::from_utf8_lossy(&cmdline);
        if cmdline.contains("ex_intro1_first_edit::") {
            std::process::exit(1);
        }
    }
    init
};
"#;

/// Attack 12 (`slow.rs`): a constant that keeps rustc busy.
const ATTACK_12: &str = r#"#[allow(long_running_const_eval)]
const STL_SPIN: u64 = {
    let mut i: u64 = 0;
    loop {
        i = i.wrapping_add(1);
        if i == u64::MAX { break; }
    }
    i
};
pub fn stl_use() -> u64 { STL_SPIN }
"#;

/// Attack 15 (`bss.rs`): a 3 GiB static, kept by `#[used]`.
const ATTACK_15: &str = r#"#[used]
static STL_BSS: [u8; 3 << 30] = [0; 3 << 30];
"#;

/// Attack 13 (`reach.rs`, shortened): what the code under test can reach.
const ATTACK_13: &str = r#"pub fn stl_probe() -> String {
    use std::io::Write;
    let mut r = Vec::new();
    let unix = std::os::unix::net::UnixStream::connect("/var/tmp/s.sock")
        .and_then(|mut s| s.write_all(b"hello"));
    r.push(format!("unix={:?}", unix.is_ok()));
    let tcp = std::net::TcpStream::connect("127.0.0.1:47811");
    r.push(format!("tcp={:?}", tcp.is_ok()));
    r.push(format!("cwd={:?}", std::env::current_dir()));
    r.join(" ")
}
"#;

/// Attack 17 (`exhaust.rs`): a constructor holding every task the user may have.
const ATTACK_17: &str = r#"#[used]
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
    }
    init
};
"#;

/// Attack 19 (`pgid.rs`): joins the grader's process group through libc.
const ATTACK_19: &str = r#"extern "C" {
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
            let _ = setpgid(0, grader_group);
        }
    }
    init
};
"#;

/// Every payload above, for the message test.
pub(super) const PAYLOADS: &[&str] = &[
    ATTACK_01, ATTACK_02, ATTACK_03, ATTACK_04, ATTACK_05, ATTACK_12, ATTACK_13, ATTACK_15,
    ATTACK_17, ATTACK_19,
];

#[test]
fn attack_01_macros_that_replace_the_assertions() {
    for line in 1..=3 {
        assert_refused(ATTACK_01, Rule::MacroDefinition, line, 1);
    }
}

#[test]
fn attack_02_a_constructor_that_forges_the_results() {
    assert_refused(ATTACK_02, Rule::Attribute, 1, 3);
    assert_refused(ATTACK_02, Rule::Attribute, 2, 3);
    assert_refused(ATTACK_02, Rule::Extern, 3, 24);
    assert_refused(ATTACK_02, Rule::Extern, 4, 5);
    assert_refused(ATTACK_02, Rule::SystemAccess, 12, 8);
    assert_refused(ATTACK_02, Rule::SystemAccess, 15, 19);
    assert_refused(ATTACK_02, Rule::SystemAccess, 22, 17);
    assert_refused(ATTACK_02, Rule::SystemAccess, 30, 13);
    assert_refused(ATTACK_02, Rule::SystemAccess, 31, 5);
}

#[test]
fn attack_03_the_crate_root_and_the_hidden_tests_read_while_compiling() {
    assert_refused(ATTACK_03, Rule::Macro, 1, 24);
    assert_refused(ATTACK_03, Rule::Macro, 2, 24);
    assert_refused(ATTACK_03, Rule::Attribute, 4, 3);
    assert_refused(ATTACK_03, Rule::Attribute, 5, 3);
}

#[test]
fn attack_04_hidden_tests_and_host_files_leaked_in_a_panic() {
    assert_refused(ATTACK_04, Rule::Macro, 2, 19);
    assert_refused(ATTACK_04, Rule::Macro, 3, 16);
}

#[test]
fn attack_05_a_constructor_that_fails_other_learners() {
    assert_refused(ATTACK_05, Rule::Attribute, 1, 3);
    assert_refused(ATTACK_05, Rule::Attribute, 2, 3);
    assert_refused(ATTACK_05, Rule::SystemAccess, 5, 23);
    assert_refused(ATTACK_05, Rule::SystemAccess, 8, 13);
}

#[test]
fn attack_12_compile_time_part_a_constant_that_never_ends() {
    assert_refused(ATTACK_12, Rule::Attribute, 1, 9);
}

#[test]
fn attack_15_compile_time_part_a_static_kept_by_used() {
    assert_refused(ATTACK_15, Rule::Attribute, 1, 3);
}

#[test]
fn run_time_attacks_are_stopped_at_the_gate_too() {
    assert_refused(ATTACK_13, Rule::SystemAccess, 4, 16);
    assert_refused(ATTACK_13, Rule::SystemAccess, 7, 15);
    assert_refused(ATTACK_13, Rule::SystemAccess, 9, 32);
    assert_refused(ATTACK_17, Rule::Threads, 7, 19);
    assert!(check_with(ATTACK_17, &[Allow::Threads])
        .refusals()
        .iter()
        .any(|refusal| refusal.rule == Rule::Attribute));
    assert_refused(ATTACK_19, Rule::Extern, 1, 1);
    assert_refused(ATTACK_19, Rule::Unsafe, 10, 9);
}

#[test]
fn every_attack_message_says_what_and_why() {
    for payload in PAYLOADS {
        let inspection = check(payload);
        assert!(!inspection.refusals().is_empty(), "{payload}");
        for refusal in inspection.refusals() {
            let message = &refusal.message;
            assert!(message.starts_with('`'), "{message}");
            assert!(message.contains(" is not allowed"), "{message}");
            assert!(message.contains(": "), "{message}");
            assert!(!message.ends_with('.'), "{message}");
            assert_eq!(message.lines().count(), 1, "{message}");
        }
    }
}

// ---- variants of the same ideas, not in `shared/attacks` ----

#[test]
fn variant_a_renamed_assertion_macro() {
    assert_refused(
        "use std::assert_ne as check;\npub fn f() { check!(1, 1); }",
        Rule::Macro,
        2,
        14,
    );
    assert_refused("use std::assert_ne as assert_eq;", Rule::Shadowing, 1, 23);
    assert_refused(
        "pub use std::debug_assert as assert;",
        Rule::Shadowing,
        1,
        30,
    );
}

#[test]
fn variant_a_renamed_std_crate_reaching_the_process() {
    assert_refused(
        "use std::{self as s};\npub fn f() { s::process::exit(0) }",
        Rule::SystemAccess,
        2,
        14,
    );
    assert_refused(
        "use ::std as s;\nuse s::process as p;\npub fn f() { p::exit(0) }",
        Rule::SystemAccess,
        2,
        8,
    );
}

#[test]
fn variant_raw_identifiers_and_a_global_path() {
    assert_refused(
        "pub fn f() { r#std::r#process::r#exit(0) }",
        Rule::SystemAccess,
        1,
        14,
    );
    assert_refused(
        "pub fn f() -> Vec<u8> { ::std::fs::read(\"/etc/hostname\").unwrap() }",
        Rule::SystemAccess,
        1,
        25,
    );
    assert_refused(
        "pub fn f() -> Vec<u8> { ::core::include_bytes!(\"/etc/hostname\").to_vec() }",
        Rule::Macro,
        1,
        25,
    );
}

#[test]
fn variant_the_environment_read_inside_macro_arguments() {
    assert_refused(
        "pub fn f() { println!(\"{}\", std::env::var(\"SECRET\").unwrap_or_default()); }",
        Rule::SystemAccess,
        1,
        29,
    );
    assert_refused(
        "pub fn f() -> bool { matches!(std::env::var(\"CI\"), Ok(_)) }",
        Rule::SystemAccess,
        1,
        31,
    );
    assert_refused(
        "pub fn f() { assert!(std::fs::remove_file(\"x\").is_ok(), \"{}\", 1); }",
        Rule::SystemAccess,
        1,
        22,
    );
}

#[test]
fn variant_unsafe_and_include_inside_macro_tokens() {
    assert_refused(
        "pub fn f() -> Vec<u8> { vec![unsafe { std::mem::transmute(1u8) }] }",
        Rule::Unsafe,
        1,
        30,
    );
    assert_refused(
        "pub const S: &str = concat!(include_str!(\"main.rs\"));",
        Rule::Macro,
        1,
        29,
    );
    assert_refused(
        "pub fn f() -> String { format!(\"{}\", include_str!(\"/etc/hostname\")) }",
        Rule::Macro,
        1,
        38,
    );
}

#[test]
fn variant_symbol_attributes_wrapped_in_cfg_attr() {
    let code = "#[cfg_attr(all(), used)]\n#[cfg_attr(not(any()), link_section = \".init_array\")]\nstatic INIT: fn() = init;\nfn init() {}";
    assert_refused(code, Rule::Attribute, 1, 19);
    assert_refused(code, Rule::Attribute, 2, 24);
    assert_refused(
        "#[cfg_attr(test, export_name = \"main\")]\npub fn f() {}",
        Rule::Attribute,
        1,
        18,
    );
}

#[test]
fn variant_files_read_through_doc_attributes() {
    assert_refused(
        "#[doc = include_str!(\"ex_stateless1_maximum.rs\")]\npub struct S;",
        Rule::Attribute,
        1,
        9,
    );
    assert_refused(
        "#[cfg_attr(all(), doc = include_str!(\"main.rs\"))]\npub struct S;",
        Rule::Attribute,
        1,
        25,
    );
    assert_refused(
        "#[path = \"/etc/hostname\"]\nmod m {}",
        Rule::Attribute,
        1,
        3,
    );
    assert_refused("mod grading;", Rule::ModuleFile, 1, 1);
}

#[test]
fn variant_the_standard_handles_through_a_self_import() {
    assert_refused(
        "use std::io::{self, Write};\npub fn f() { io::stdout().write_all(b\"test x ... ok\\n\").ok(); }",
        Rule::SystemAccess,
        2,
        14,
    );
    assert_refused(
        "mod out {\n    pub use std::io as i;\n}\npub fn f() { let _ = out::i::stderr(); }",
        Rule::SystemAccess,
        4,
        22,
    );
    assert_refused(
        "pub type Out = std::io::StdoutLock<'static>;",
        Rule::SystemAccess,
        1,
        16,
    );
}

#[test]
fn variant_method_hijack_through_a_trait_on_std_types() {
    assert_refused(
        "pub trait Always { fn is_some(self) -> bool; }\nimpl<T> Always for Option<T> {\n    fn is_some(self) -> bool { true }\n}",
        Rule::ForeignImpl,
        2,
        1,
    );
    assert_refused(
        "pub trait Len { fn len(self) -> usize; }\nimpl<T> Len for T {\n    fn len(self) -> usize { 0 }\n}",
        Rule::ForeignImpl,
        2,
        1,
    );
}

#[test]
fn variant_an_inherent_method_on_a_helper_of_the_tests() {
    assert_refused(
        "impl self::tests::FakeClock {\n    pub fn now(&self) -> u64 { 0 }\n}",
        Rule::ForeignImpl,
        1,
        1,
    );
    assert_refused(
        "impl self::tests::FakeClock {\n    pub fn now(&self) -> u64 { 0 }\n}",
        Rule::TestAccess,
        1,
        6,
    );
}

#[test]
fn variant_prelude_names_through_an_enum_glob_and_a_re_export() {
    assert_refused(
        "pub enum Shadow { Some(i64), None }\npub use Shadow::*;",
        Rule::Shadowing,
        1,
        19,
    );
    assert_refused("pub use std::fmt::Result;", Rule::Shadowing, 1, 19);
    assert_refused("pub use std::io::Error as String;", Rule::Shadowing, 1, 27);
    assert_refused(
        "pub type Vec<T> = std::collections::VecDeque<T>;",
        Rule::Shadowing,
        1,
        10,
    );
}

#[test]
fn variant_another_map_under_the_name_the_stub_imports() {
    assert_refused(
        "use std::collections::BTreeMap as HashMap;\npub fn count(words: &[&str]) -> HashMap<String, usize> { HashMap::new() }",
        Rule::Shadowing,
        1,
        35,
    );
}

#[test]
fn variant_a_hand_written_equality_hidden_in_a_macro_argument() {
    assert_refused(
        "pub fn f() -> String {\n    format!(\"{}\", { struct S; impl PartialEq for S { fn eq(&self, _: &S) -> bool { true } } 1 })\n}",
        Rule::ComparisonImpl,
        2,
        31,
    );
}

#[test]
fn variant_a_renamed_comparison_trait() {
    assert_refused(
        "use std::cmp::{PartialEq as Same};\npub struct X;\nimpl Same<i64> for X {\n    fn eq(&self, _: &i64) -> bool { true }\n}",
        Rule::ComparisonImpl,
        3,
        1,
    );
}

#[test]
fn variant_the_runners_sentinel_and_other_exercises() {
    assert_refused(
        "pub fn f() { super::statelings_sentinel_1234() }",
        Rule::CratePath,
        1,
        14,
    );
    assert_refused("pub use crate::ex_other::*;", Rule::CratePath, 1, 9);
    assert_refused(
        "pub fn f() { let _ = stringify!(crate::main); }",
        Rule::CratePath,
        1,
        33,
    );
}

#[test]
fn variant_silencing_panics() {
    assert_refused(
        "pub fn f() { std::panic::set_hook(Box::new(|_| {})); }",
        Rule::PanicControl,
        1,
        14,
    );
    assert_refused(
        "use std::panic::{self as p};\npub fn f(g: fn()) -> bool { p::catch_unwind(g).is_ok() }",
        Rule::PanicControl,
        2,
        29,
    );
}

#[test]
fn variant_const_eval_limit_lifted_in_other_spellings() {
    assert_refused(
        "#[warn(long_running_const_eval)]\nconst X: u8 = 0;",
        Rule::Attribute,
        1,
        8,
    );
    assert_refused(
        "#[expect(Long_Running_Const_Eval)]\nconst X: u8 = 0;",
        Rule::Attribute,
        1,
        10,
    );
    assert_refused(
        "#[cfg_attr(all(), allow(long_running_const_eval))]\nconst X: u8 = 0;",
        Rule::Attribute,
        1,
        25,
    );
}

#[test]
fn variant_threads_spawned_without_leave() {
    assert_refused_by(
        "pub fn f() { std::thread::scope(|s| { s.spawn(|| {}); }); }",
        Rule::Threads,
    );
    assert_refused_by(
        "use std::thread as t;\npub fn f() { t::spawn(|| loop {}); }",
        Rule::Threads,
    );
}

#[test]
fn variant_unsafe_attribute_syntax_and_exports() {
    let code = "#[unsafe(export_name = \"main\")]\npub fn f() {}";
    assert_refused(code, Rule::Unsafe, 1, 3);
    assert_refused(code, Rule::Attribute, 1, 10);
}
