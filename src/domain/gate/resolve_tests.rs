//! The rules judged once the whole file is known: names the tests take from std, glob imports,
//! paths to the machine through renames, threads, panics, climbing out of the file, the course's
//! test modules, and impls. One refused snippet per rule and honest look-alikes that must pass.

use super::tests::{assert_allowed, assert_refused, check, check_with};
use super::{inspect, Allow, CourseSide, Inspection, Rule};

#[test]
fn names_the_tests_take_from_std_are_refused() {
    assert_refused("pub struct Vec;", Rule::Shadowing, 1, 12);
    assert_refused(
        "pub enum Answer {\n    Some(u8),\n    None,\n}",
        Rule::Shadowing,
        2,
        5,
    );
    assert_refused(
        "type Result<T> = std::result::Result<T, String>;",
        Rule::Shadowing,
        1,
        6,
    );
    assert_refused("use std::fmt::Result;", Rule::Shadowing, 1, 15);
    assert_refused("use std::assert_ne as assert_eq;", Rule::Shadowing, 1, 23);
    assert_refused("fn drop(_: u8) {}", Rule::Shadowing, 1, 4);
    assert_refused("mod std {}", Rule::Shadowing, 1, 5);
    assert_refused("pub struct u8;", Rule::Shadowing, 1, 12);
    assert_refused(
        "mod helpers {\n    pub struct Option;\n}\npub use helpers::*;",
        Rule::Shadowing,
        2,
        16,
    );
    // the stub imports std's `HashMap` and the tests use it: no other may take its place
    assert_refused(
        "use std::collections::BTreeMap as HashMap;",
        Rule::Shadowing,
        1,
        35,
    );
    assert_refused("pub struct HashMap;", Rule::Shadowing, 1, 12);
}

#[test]
fn honest_names_and_imports_are_allowed() {
    assert_allowed(
        r#"use std::collections::HashMap;
use std::collections::BTreeMap as Map;
use std::fmt::{self, Debug};
use std::vec::Vec;
use std::fmt::Write as _;

pub struct Vector;

mod helpers {
    use super::*;
    pub fn size(_: &Vector) -> usize { 0 }
}

pub fn f() -> (HashMap<u8, u8>, Map<u8, u8>) {
    struct Option;
    let _ = Option;
    let _ = helpers::size(&Vector);
    (HashMap::new(), Map::new())
}

impl Debug for Vector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { write!(f, "v") }
}
"#,
    );
}

#[test]
fn glob_imports_from_std_are_refused() {
    assert_refused("use std::collections::*;", Rule::GlobImport, 1, 23);
    assert_refused("use std::io::*;", Rule::GlobImport, 1, 14);
    assert_refused("use ::std::*;", Rule::GlobImport, 1, 12);
    assert_refused("use std::process::*;", Rule::SystemAccess, 1, 19);
}

#[test]
fn glob_imports_of_your_own_modules_and_enums_are_allowed() {
    assert_allowed(
        "pub enum Direction { Up, Down }\nuse Direction::*;\nmod helpers {\n    use super::*;\n    pub fn up() -> Direction { Up }\n}",
    );
}

#[test]
fn reaching_the_machine_is_refused_through_std_paths_in_code() {
    // processes, the environment, files, the terminal, the disk through `Path`, machine code:
    // written in full, from the root (`::std`), or with raw identifiers
    assert_refused(
        "fn f() { std::process::exit(0) }",
        Rule::SystemAccess,
        1,
        10,
    );
    assert_refused(
        "fn f() -> String { std::env::var(\"X\").unwrap() }",
        Rule::SystemAccess,
        1,
        20,
    );
    assert_refused(
        "fn f() { let _ = std::fs::read_to_string(\"/etc/hostname\"); }",
        Rule::SystemAccess,
        1,
        18,
    );
    assert_refused(
        "fn f() { ::std::process::abort() }",
        Rule::SystemAccess,
        1,
        10,
    );
    assert_refused(
        "fn f() { core::arch::x86_64::_mm_pause() }",
        Rule::SystemAccess,
        1,
        10,
    );
    assert_refused(
        "fn f() { let _ = std::io::stdout(); }",
        Rule::SystemAccess,
        1,
        18,
    );
    assert_refused(
        "fn f() -> bool { std::path::Path::new(\"/root\").exists() }",
        Rule::SystemAccess,
        1,
        18,
    );
    assert_refused(
        "fn f() { r#std::r#fs::remove_file(\"x\"); }",
        Rule::SystemAccess,
        1,
        10,
    );
}

#[test]
fn reaching_the_machine_is_refused_in_types_and_imports() {
    assert_refused("type In = std::io::Stdin;", Rule::SystemAccess, 1, 11);
    assert_refused("use std::net::TcpStream;", Rule::SystemAccess, 1, 15);
    assert_refused(
        "use std::os::unix::net::UnixStream;",
        Rule::SystemAccess,
        1,
        25,
    );
    assert_refused("use std::fs::{self, File};", Rule::SystemAccess, 1, 15);
}

#[test]
fn reaching_the_machine_is_refused_through_renames() {
    // `std` or one of its modules under another name, in one step or two, or re-exported
    assert_refused(
        "use std as s;\nfn f() { s::fs::read(\"x\"); }",
        Rule::SystemAccess,
        2,
        10,
    );
    assert_refused(
        "use std::{self as s};\nfn f() { s::process::exit(1) }",
        Rule::SystemAccess,
        2,
        10,
    );
    assert_refused(
        "use std::io::{self};\nfn f() { io::stdout(); }",
        Rule::SystemAccess,
        2,
        10,
    );
    assert_refused(
        "use std::io::{self as i, Write};\nfn f() { i::stderr().flush().ok(); }",
        Rule::SystemAccess,
        2,
        10,
    );
    assert_refused("use std::process as p;", Rule::SystemAccess, 1, 10);
    assert_refused(
        "use std as s;\nuse s::io as i;\nfn f() { i::stdin(); }",
        Rule::SystemAccess,
        3,
        10,
    );
    assert_refused(
        "mod m {\n    pub use std as s;\n}\nfn f() { m::s::env::args(); }",
        Rule::SystemAccess,
        4,
        10,
    );
}

#[test]
fn reaching_the_machine_is_refused_inside_macros_and_qualified_paths() {
    assert_refused(
        "fn f() { println!(\"{:?}\", std::env::args()); }",
        Rule::SystemAccess,
        1,
        27,
    );
    assert_refused(
        "fn f() { let _ = <std::fs::File as std::io::Read>::read; }",
        Rule::SystemAccess,
        1,
        19,
    );
}

#[test]
fn look_alikes_of_the_machine_are_allowed() {
    assert_allowed(
        r#"// std::fs::read would be refused; this comment is not
use std::io::{self, Write};
use std::time::Instant;

pub struct Server { env: u8 }

impl Server {
    pub fn env(&self) -> u8 { self.env }
}

mod fs {
    pub fn read() -> u8 { 1 }
}

pub fn f(server: &Server) -> io::Result<u8> {
    let process = server.env() + fs::read();
    let mut out: Vec<u8> = Vec::new();
    out.write_all(b"std::process::exit")?;
    let _ = Instant::now();
    let r#type = "std::fs";
    println!("{}", r#type);
    Ok(process)
}
"#,
    );
}

#[test]
fn threads_need_the_exercise_to_allow_them() {
    let spawn = "pub fn f() {\n    std::thread::spawn(|| {}).join().unwrap();\n}";
    assert_refused(spawn, Rule::Threads, 2, 5);
    assert_eq!(check_with(spawn, &[Allow::Threads]), Inspection::Allowed);
    let local = "thread_local! {\n    static X: std::cell::Cell<u8> = std::cell::Cell::new(0);\n}";
    assert_refused(local, Rule::Threads, 1, 1);
    assert_eq!(check_with(local, &[Allow::Threads]), Inspection::Allowed);
    assert_refused("use std::thread;", Rule::Threads, 1, 10);
    // allowed threads are no way around the other rules
    let exit = "thread_local! {\n    static X: u8 = { std::process::exit(0) };\n}";
    assert!(check_with(exit, &[Allow::Threads])
        .refusals()
        .iter()
        .any(|refusal| refusal.rule == Rule::SystemAccess));
}

#[test]
fn changing_how_panics_are_caught_is_refused() {
    assert_refused(
        "pub fn f() {\n    std::panic::set_hook(Box::new(|_| {}));\n}",
        Rule::PanicControl,
        2,
        5,
    );
    assert_refused(
        "use std::panic;\npub fn f(g: fn()) { let _ = panic::catch_unwind(g); }",
        Rule::PanicControl,
        2,
        29,
    );
    assert_allowed("pub fn f() -> u32 {\n    if false { panic!(\"no\") }\n    std::panic::Location::caller().line()\n}");
}

#[test]
fn climbing_out_of_the_file_is_refused() {
    assert_refused("fn f() { crate::helper() }", Rule::CratePath, 1, 10);
    assert_refused("use crate::ex_other::answer;", Rule::CratePath, 1, 5);
    assert_refused(
        "fn f() { super::statelings_sentinel() }",
        Rule::CratePath,
        1,
        10,
    );
    assert_refused("use super::*;", Rule::CratePath, 1, 5);
    assert_refused(
        "mod a {\n    fn f() { super::super::main() }\n}",
        Rule::CratePath,
        2,
        14,
    );
    assert_refused(
        "mod a {\n    use super::{super::x};\n}",
        Rule::CratePath,
        2,
        17,
    );
}

#[test]
fn paths_inside_the_file_are_allowed() {
    assert_allowed(
        "pub(crate) fn helper() -> u8 { 1 }\nmod a {\n    use super::*;\n    pub(super) fn f() -> u8 { super::helper() + self::g() }\n    fn g() -> u8 { 0 }\n}\npub fn h() -> u8 { self::a::f() }",
    );
}

#[test]
fn reaching_into_the_course_tests_is_refused() {
    assert_refused("use self::tests::FakeClock;", Rule::TestAccess, 1, 18);
    assert_refused(
        "pub fn f() { let _ = tests::FakeClock; }",
        Rule::TestAccess,
        1,
        22,
    );
    assert_refused("#[cfg(test)]\nuse tests::*;", Rule::TestAccess, 2, 12);
    assert_allowed("pub fn f(tests: u8) -> u8 { let passed = tests; passed }");
}

#[test]
fn modules_nested_inside_the_tests_do_not_reserve_their_names() {
    let tests = ["#[cfg(test)]\nmod tests {\n    use super::*;\n    mod fixtures { pub fn one() -> u8 { 1 } }\n}"];
    let course = CourseSide {
        stub_code: "",
        tests: &tests,
    };
    let code =
        "mod fixtures {\n    pub fn two() -> u8 { 2 }\n}\npub fn f() -> u8 { fixtures::two() }";
    assert_eq!(inspect(code, &course, &[]), Inspection::Allowed);
    assert!(!inspect("pub fn f() { tests::x() }", &course, &[]).is_allowed());
}

#[test]
fn messages_show_the_learners_text_without_control_characters() {
    let inspection = check("#[doc = include_str!(\"\u{1b}[2J\u{202e}x\")]\npub struct S;");
    let message = &inspection.refusals()[0].message;
    assert!(!message.chars().any(|ch| ch.is_control()), "{message:?}");
    assert!(message.contains("\\u{1b}[2J\\u{202e}x"), "{message}");
}

#[test]
fn hand_written_comparisons_are_refused() {
    assert_refused(
        "pub struct Money(u64);\nimpl PartialEq for Money {\n    fn eq(&self, _: &Self) -> bool { true }\n}",
        Rule::ComparisonImpl,
        2,
        1,
    );
    assert_refused(
        "struct X;\nimpl std::cmp::Ord for X {}",
        Rule::ComparisonImpl,
        2,
        1,
    );
    assert_refused(
        "struct X;\nimpl core::hash::Hash for X {}",
        Rule::ComparisonImpl,
        2,
        1,
    );
    assert_refused("struct X;\nimpl Eq for X {}", Rule::ComparisonImpl, 2, 1);
    assert_refused(
        "struct X;\nimpl PartialOrd<i64> for X {}",
        Rule::ComparisonImpl,
        2,
        1,
    );
    assert_refused(
        "use std::cmp::PartialEq as Same;\nstruct X;\nimpl Same for X {}",
        Rule::ComparisonImpl,
        3,
        1,
    );
}

#[test]
fn derived_comparisons_and_other_std_impls_are_allowed() {
    assert_allowed(
        "use std::fmt;\n#[derive(Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]\npub struct Money(u64);\nimpl fmt::Display for Money {\n    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { write!(f, \"{}\", self.0) }\n}\nimpl Default for Money {\n    fn default() -> Self { Money(0) }\n}",
    );
}

#[test]
fn impls_for_types_you_did_not_declare_are_refused() {
    let evil = "pub trait Evil { fn len(self) -> usize; }\n";
    assert_refused(
        &format!("{evil}impl<T> Evil for Vec<T> {{ fn len(self) -> usize {{ 0 }} }}"),
        Rule::ForeignImpl,
        2,
        1,
    );
    assert_refused(
        &format!("{evil}impl<T> Evil for T {{}}"),
        Rule::ForeignImpl,
        2,
        1,
    );
    assert_refused(
        &format!("{evil}impl Evil for &str {{}}"),
        Rule::ForeignImpl,
        2,
        1,
    );
    assert_refused(
        "impl tests::FakeClock {\n    pub fn now(&self) -> u64 { 0 }\n}",
        Rule::ForeignImpl,
        1,
        1,
    );
    assert_refused("pub struct E;\nimpl From<E> for String {\n    fn from(_: E) -> String { String::new() }\n}", Rule::ForeignImpl, 2, 1);
    assert_refused(
        &format!("{evil}use std::vec::Vec as V;\nimpl Evil for V<u8> {{}}"),
        Rule::ForeignImpl,
        3,
        1,
    );
    // a struct named `Vec` inside a function is not the `Vec` a module-level impl names
    assert_refused(
        &format!("{evil}fn f() {{ struct Vec; }}\nimpl Evil for Vec<u8> {{}}"),
        Rule::ForeignImpl,
        3,
        1,
    );
}

#[test]
fn impls_for_your_own_types_are_allowed() {
    assert_allowed(
        "pub trait Shape { fn area(&self) -> u64; }\npub struct Square(u64);\npub struct Wrapper<T>(T);\nimpl Square { pub fn new() -> Self { Square(1) } }\nimpl Shape for Square { fn area(&self) -> u64 { self.0 } }\nimpl Shape for &Square { fn area(&self) -> u64 { self.0 } }\nimpl<T> Wrapper<T> { pub fn get(self) -> T { self.0 } }\npub fn f() -> u64 {\n    struct Local;\n    impl Shape for Local { fn area(&self) -> u64 { 0 } }\n    Local.area()\n}",
    );
}

const PATTERN_TESTS: &str = "#[cfg(test)]\nmod tests {\n    use super::*;\n    #[test]\n    fn empty() {\n        if let Some(n) = maximum(&[]) {\n            panic!(\"expected None, got {n}\");\n        }\n        assert_eq!(maximum(&[1]), Some(LIMIT));\n    }\n}";
const PATTERN_STUB: &str =
    "pub const LIMIT: i64 = 1;\npub fn maximum(numbers: &[i64]) -> Option<i64> {\n    todo!()\n}";

fn check_patterns(code: &str) -> Inspection {
    let tests = [PATTERN_TESTS];
    let course = CourseSide {
        stub_code: PATTERN_STUB,
        tests: &tests,
    };
    inspect(code, &course, &[])
}

#[test]
fn a_constant_named_like_a_variable_of_the_tests_is_refused() {
    // with `n` a constant, `if let Some(n) = ..` only matches `Some(99)`: the check never fails
    let code = "pub const n: i64 = 99;\npub const LIMIT: i64 = 1;\npub fn maximum(numbers: &[i64]) -> Option<i64> {\n    numbers.iter().max().copied()\n}";
    let inspection = check_patterns(code);
    let refusal = &inspection.refusals()[0];
    assert_eq!(
        (refusal.rule, refusal.line, refusal.column),
        (Rule::Shadowing, 1, 11)
    );
    let unit = check_patterns("pub struct n;\npub enum E { m, n }");
    assert_eq!(unit.refusals().len(), 2, "{unit:?}");
}

#[test]
fn constants_the_stub_declares_or_the_tests_never_name_are_allowed() {
    let code = "pub const LIMIT: i64 = 1;\nconst HEADER: &str = \"v1\";\npub struct Found(i64);\npub fn maximum(numbers: &[i64]) -> Option<i64> {\n    let n = numbers.len();\n    numbers.iter().max().copied().filter(|_| n > 0 && !HEADER.is_empty())\n}";
    assert_eq!(check_patterns(code), Inspection::Allowed);
}
