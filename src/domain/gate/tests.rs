//! One refused snippet per rule (its rule and line:column) and honest look-alikes that must pass.

use super::{inspect, Allow, CourseSide, Inspection, Rule};

/// A course whose stub imports `HashMap` for tests that use it, with a test module `tests` that
/// has a public helper type.
const STUB: &str = "use std::collections::HashMap;\n\npub fn count(words: &[&str]) -> HashMap<String, usize> {\n    todo!()\n}\n";
const TESTS: &str = r#"// ===== TESTS: the specification. Edit only above this line. =====
#[cfg(test)]
mod tests {
    use super::*;

    pub struct FakeClock;

    #[test]
    fn counts() {
        let expected: HashMap<String, usize> = HashMap::new();
        assert_eq!(count(&[]), expected);
        assert!(Some(1).is_some());
    }
}
"#;

pub(super) fn check_with(code: &str, allow: &[Allow]) -> Inspection {
    let tests = [TESTS];
    let course = CourseSide {
        stub_code: STUB,
        tests: &tests,
    };
    inspect(code, &course, allow)
}

pub(super) fn check(code: &str) -> Inspection {
    check_with(code, &[])
}

/// Asserts the code is refused by `rule` at `line:column` (other refusals may come with it).
#[track_caller]
pub(super) fn assert_refused(code: &str, rule: Rule, line: usize, column: usize) {
    let inspection = check(code);
    let found = inspection
        .refusals()
        .iter()
        .any(|refusal| (refusal.rule, refusal.line, refusal.column) == (rule, line, column));
    assert!(
        found,
        "expected `{}` at {line}:{column} for\n{code}\ngot {inspection:#?}",
        rule.id()
    );
}

/// Asserts the code is refused by `rule` somewhere.
#[track_caller]
pub(super) fn assert_refused_by(code: &str, rule: Rule) {
    let inspection = check(code);
    assert!(
        inspection
            .refusals()
            .iter()
            .any(|refusal| refusal.rule == rule),
        "expected `{}` for\n{code}\ngot {inspection:#?}",
        rule.id()
    );
}

#[track_caller]
pub(super) fn assert_allowed(code: &str) {
    let inspection = check(code);
    assert_eq!(inspection, Inspection::Allowed, "for\n{code}");
}

#[test]
fn unsafe_in_any_form_is_refused_where_it_is() {
    assert_refused("fn f() -> u8 {\n    unsafe { g() }\n}", Rule::Unsafe, 2, 5);
    assert_refused("pub unsafe fn f() {}", Rule::Unsafe, 1, 5);
    assert_refused("struct S;\nunsafe impl Send for S {}", Rule::Unsafe, 2, 1);
    assert_refused("unsafe trait T {}", Rule::Unsafe, 1, 1);
    assert_refused(
        "fn f() -> Vec<u8> { vec![unsafe { std::mem::zeroed() }] }",
        Rule::Unsafe,
        1,
        26,
    );
    assert_refused("#[unsafe(no_mangle)]\npub fn f() {}", Rule::Unsafe, 1, 3);
}

#[test]
fn the_word_unsafe_in_text_is_allowed() {
    assert_allowed(
        "// unsafe code is refused\n/// Not `unsafe`.\npub fn f() -> &'static str {\n    let r#unsafe = \"unsafe { }\";\n    r#unsafe\n}",
    );
}

#[test]
fn extern_in_any_form_is_refused() {
    assert_refused("extern crate alloc;", Rule::Extern, 1, 1);
    assert_refused("pub extern \"C\" fn f() {}", Rule::Extern, 1, 5);
    assert_refused(
        "extern \"C\" {\n    fn abs(x: i32) -> i32;\n}",
        Rule::Extern,
        1,
        1,
    );
    assert_refused("type F = extern \"C\" fn();", Rule::Extern, 1, 10);
}

#[test]
fn external_names_are_allowed() {
    assert_allowed("pub fn external(extern_id: u8) -> &'static str { \"extern\" }");
}

#[test]
fn attributes_off_the_allowlist_are_refused() {
    assert_refused("#[no_mangle]\npub fn f() {}", Rule::Attribute, 1, 3);
    assert_refused(
        "#[export_name = \"main\"]\npub fn f() {}",
        Rule::Attribute,
        1,
        3,
    );
    assert_refused(
        "#[link_section = \".init_array\"]\nstatic F: fn() = g;",
        Rule::Attribute,
        1,
        3,
    );
    assert_refused("#[used]\nstatic X: u8 = 0;", Rule::Attribute, 1, 3);
    assert_refused(
        "#[global_allocator]\nstatic A: u8 = 0;",
        Rule::Attribute,
        1,
        3,
    );
    assert_refused("#[path = \"main.rs\"]\nmod m {}", Rule::Attribute, 1, 3);
    assert_refused("#[macro_use]\nmod m {}", Rule::Attribute, 1, 3);
    assert_refused(
        "#[target_feature(enable = \"avx2\")]\nfn f() {}",
        Rule::Attribute,
        1,
        3,
    );
    assert_refused(
        "#[recursion_limit = \"4096\"]\nfn f() {}",
        Rule::Attribute,
        1,
        3,
    );
    assert_refused(
        "#[derive(Debug, Serialize)]\nstruct S;",
        Rule::Attribute,
        1,
        17,
    );
    assert_refused(
        "#[doc = include_str!(\"main.rs\")]\nstruct S;",
        Rule::Attribute,
        1,
        9,
    );
    assert_refused(
        "#[must_use = concat!(\"a\")]\nfn f() -> u8 { 0 }",
        Rule::Attribute,
        1,
        14,
    );
}

#[test]
fn long_running_const_eval_may_not_be_allowed() {
    for level in ["allow", "warn", "expect"] {
        let code = format!("#[{level}(long_running_const_eval)]\nconst X: u8 = 0;");
        assert_refused(&code, Rule::Attribute, 1, level.len() + 4);
    }
    assert_refused(
        "#[allow(dead_code, LONG_RUNNING_CONST_EVAL)]\nconst X: u8 = 0;",
        Rule::Attribute,
        1,
        20,
    );
    assert_allowed("#[deny(long_running_const_eval)]\nconst X: u8 = 0;");
}

#[test]
fn cfg_attr_is_checked_as_what_it_may_apply() {
    assert_refused(
        "#[cfg_attr(all(), no_mangle)]\npub fn f() {}",
        Rule::Attribute,
        1,
        19,
    );
    assert_refused(
        "#[cfg_attr(test, cfg_attr(all(), used))]\nstatic X: u8 = 0;",
        Rule::Attribute,
        1,
        34,
    );
    assert_refused(
        "#[cfg_attr(all(), doc = include_str!(\"/etc/hostname\"))]\nstruct S;",
        Rule::Attribute,
        1,
        25,
    );
    assert_refused(
        "#[cfg_attr(all(), allow(long_running_const_eval))]\nconst X: u8 = 0;",
        Rule::Attribute,
        1,
        25,
    );
}

#[test]
fn the_attributes_exercises_need_are_allowed() {
    assert_allowed(
        r#"/// A counter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
#[derive(std::fmt::Debug)]
#[allow(dead_code, clippy::needless_range_loop, reason = "teaching")]
#[warn(unused)]
#[repr(C)]
#[non_exhaustive]
#[doc(hidden)]
#[deprecated(note = "use another")]
#[cfg_attr(test, derive(Default))]
pub struct Counter {
    #[allow(unused)]
    count: u64,
}

#[must_use]
#[inline(always)]
#[track_caller]
#[rustfmt::skip]
#[cold]
#[doc = "the count"]
pub fn count(counter: &Counter) -> u64 { counter.count }

#[cfg(test)]
mod mine {
    #[test]
    #[should_panic(expected = "boom")]
    #[ignore = "slow"]
    fn boom() { panic!("boom") }
}
"#,
    );
}

#[test]
fn inner_attributes_and_module_files_are_refused() {
    assert_refused(
        "#![allow(dead_code)]\nfn f() {}",
        Rule::InnerAttribute,
        1,
        1,
    );
    assert_refused(
        "fn f() {\n    #![allow(unused)]\n}",
        Rule::InnerAttribute,
        2,
        5,
    );
    assert_refused("mod m {\n    #![cfg(any())]\n}", Rule::InnerAttribute, 2, 5);
    assert_refused("mod helpers;", Rule::ModuleFile, 1, 1);
    assert_refused("pub mod a {\n    pub mod b;\n}", Rule::ModuleFile, 2, 9);
}

#[test]
fn doc_comments_and_inline_modules_are_allowed() {
    assert_allowed("//! What this file does.\n\n/// A helper.\nmod helpers {\n    //! inside\n    pub fn f() {}\n}");
}

#[test]
fn macro_definitions_are_refused() {
    assert_refused(
        "macro_rules! assert_eq {\n    ($($t:tt)*) => {};\n}",
        Rule::MacroDefinition,
        1,
        1,
    );
    assert_refused(
        "fn f() {\n    macro_rules! m { () => {} }\n}",
        Rule::MacroDefinition,
        2,
        5,
    );
    assert_refused("pub macro m() {}", Rule::MacroDefinition, 1, 5);
}

#[test]
fn a_variable_called_macro_rules_is_allowed() {
    assert_allowed("fn f() -> u8 {\n    let macro_rules = 1;\n    macro_rules\n}");
}

#[test]
fn macros_off_the_allowlist_are_refused() {
    assert_refused(
        "const S: &str = include_str!(\"main.rs\");",
        Rule::Macro,
        1,
        17,
    );
    assert_refused(
        "const B: &[u8] = include_bytes!(\"x\");",
        Rule::Macro,
        1,
        18,
    );
    assert_refused("fn f() { include!(\"x.rs\"); }", Rule::Macro, 1, 10);
    assert_refused("const S: &str = env!(\"HOME\");", Rule::Macro, 1, 17);
    assert_refused(
        "const S: Option<&str> = option_env!(\"HOME\");",
        Rule::Macro,
        1,
        25,
    );
    assert_refused("std::arch::global_asm!(\"nop\");", Rule::Macro, 1, 1);
    assert_refused(
        "const S: &str = std::include_str!(\"main.rs\");",
        Rule::Macro,
        1,
        17,
    );
    assert_refused(
        "const S: &str = concat!(\"a\", include_str!(\"main.rs\"));",
        Rule::Macro,
        1,
        30,
    );
    assert_refused(
        "use std::assert_ne as check;\nfn f() { check!(1, 2); }",
        Rule::Macro,
        2,
        10,
    );
    assert_refused("fn f() { anyhow::bail!(\"x\") }", Rule::Macro, 1, 10);
}

#[test]
fn the_std_macros_exercises_need_are_allowed() {
    assert_allowed(
        r#"use std::fmt::Write as _;
pub fn f(x: Option<u8>) -> String {
    println!("{x:?} {}", line!());
    std::println!("{}", format!("{}", 1));
    eprintln!("{}", module_path!());
    dbg!(x);
    let v = vec![0u8; 3];
    let w = vec![1, 2, 3];
    assert_eq!(v.len(), w.len(), "same length {}", 3);
    assert!(matches!(x, Some(n) if n > 2) || true);
    debug_assert_ne!(1, 2);
    let mut s = String::new();
    write!(s, "{}", concat!("a", "b")).unwrap();
    writeln!(s, "{}", stringify!(x + 1)).unwrap();
    if cfg!(test) { unreachable!() }
    s
}
"#,
    );
}

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
fn reaching_the_machine_is_refused_through_every_path() {
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
    assert_refused("type In = std::io::Stdin;", Rule::SystemAccess, 1, 11);
    assert_refused("use std::net::TcpStream;", Rule::SystemAccess, 1, 15);
    assert_refused(
        "use std::os::unix::net::UnixStream;",
        Rule::SystemAccess,
        1,
        25,
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
    assert_refused("use std::fs::{self, File};", Rule::SystemAccess, 1, 15);
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

#[test]
fn syntax_the_gate_cannot_check_is_refused() {
    assert_refused("static X = 5;", Rule::UncheckedSyntax, 1, 1);
    assert_allowed("static X: u8 = 5;");
}

#[test]
fn code_that_does_not_parse_is_unreadable_not_refused() {
    match check("pub fn f( {\n}") {
        Inspection::Unreadable { line, .. } => assert_eq!(line, 1),
        other => panic!("expected unreadable, got {other:?}"),
    }
    match check("pub fn f(x: u8) {\n    println!(\"{}\", x.);\n}") {
        Inspection::Unreadable { line, message, .. } => {
            assert_eq!(line, 2);
            assert!(message.contains("println!"), "{message}");
        }
        other => panic!("expected unreadable, got {other:?}"),
    }
    assert!(matches!(
        check("\"unterminated"),
        Inspection::Unreadable { .. }
    ));
}

#[test]
fn rule_ids_are_stable_and_distinct() {
    let ids: std::collections::HashSet<&str> = Rule::ALL.iter().map(|rule| rule.id()).collect();
    assert_eq!(ids.len(), Rule::ALL.len());
    assert_eq!(Rule::SystemAccess.id(), "system_access");
    assert_eq!(Allow::from_id("threads"), Some(Allow::Threads));
    assert_eq!(Allow::Threads.id(), "threads");
}
