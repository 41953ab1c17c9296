//! The rules judged on the spot (unsafe, extern, attributes, inner attributes, module files, macros)
//! with one refused snippet per rule and honest look-alikes that must pass; unreadable code; the
//! gate's own limits. The helpers here serve every test module of the gate.

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

/// Nesting that makes the parser recurse once per token, as deep as the gate's limits let it
/// go: the gate must answer, never overflow its stack (that would abort the whole grader).
#[test]
fn hostile_nesting_never_overflows_the_gate() {
    let deepest = super::source::MAX_TOKENS - 20;
    // tokens per level, then the code: before, repeated, middle, repeated to close, after
    let shapes: &[(usize, [&str; 5])] = &[
        (1, ["pub fn f() -> i64 { ", "-", "1", "", " }"]),
        (1, ["pub fn f() -> bool { ", "!", "true", "", " }"]),
        (1, ["pub type T = ", "& ", "u8", "", ";"]),
        (1, ["pub fn f() { let ", "& ", "x = 1;", "", " }"]),
        (1, ["pub fn f() { ", "return ", "1;", "", " }"]),
        (2, ["pub fn f() { let _ = ", "|| ", "1;", "", " }"]),
        (2, ["pub fn f() { 1", " as u8", ";", "", " }"]),
        (2, ["pub fn f() { let mut x = 0; ", "x = ", "1;", "", " }"]),
        (4, ["pub type T = ", "fn() -> ", "u8;", "", ""]),
        (
            7,
            [
                "pub fn f(x: u8) { if x == 0 {} ",
                "else if x == 1 {} ",
                "",
                "",
                "}",
            ],
        ),
        (2, ["pub type T = ", "Vec<", "u8", ">", ";"]),
        (2, ["pub fn f() -> i64 { ", "(", "1", ")", " }"]),
        (2, ["pub fn f() -> Vec<u8> { ", "vec![", "1", "]", " }"]),
    ];
    for (tokens_per_level, [before, open, middle, close, after]) in shapes {
        let levels = deepest / tokens_per_level;
        let code = format!(
            "{before}{}{middle}{}{after}",
            open.repeat(levels),
            close.repeat(levels)
        );
        assert!(
            !matches!(check(&code), Inspection::Refused(_)),
            "{}",
            &code[..60]
        );
    }
}
