//! Attacks of our own, not in `shared/attacks`, on the gate and on the verdict channel. Each is
//! one learner's `basics1_add` (which allows threads); most try to pass with wrong code (`add`
//! right only for the two visible cases), others to get hidden tests' text out. All are graded
//! in one run beside an innocent, each with the status it must get; the ones that reach rustc
//! are each a batch of their own.

use super::{Class, Mode};

/// `add` right for the visible tests' two cases only: the hidden grading test fails.
const VISIBLE_ONLY: &str = "pub fn add(a: u32, b: u32) -> u32 {
    if (a, b) == (1, 2) {
        3
    } else if (a, b) == (0, 7) {
        7
    } else {
        0
    }
}
";

/// `(learner, code above the marker, status it must get)`.
fn variants() -> Vec<(&'static str, String, &'static str)> {
    let wrong = |extra: &str| format!("{VISIBLE_ONLY}{extra}");
    vec![
        // The verdict channel. libtest writes an `#[ignore = "..."]` message into its log raw:
        // after a line that starts a result and ends in no test path (a non-ASCII test name),
        // the log's next line (the hidden test's failure) would be read as that `ok`. The slow
        // visible case makes the hidden failure that next line.
        (
            "ignore_message_carries_ok_to_the_next_line",
            "pub fn add(a: u32, b: u32) -> u32 {
    match (a, b) {
        (1, 2) => {
            for i in 0..30_000_000u64 {
                std::hint::black_box(i);
            }
            3
        }
        (0, 7) => 7,
        _ => 0,
    }
}
mod a {
    #[test]
    #[ignore = \"a::b\\nok zzz\"]
    fn \u{f1}() {}
}
"
            .to_owned(),
            "failed",
        ),
        // A whole forged `ok` line for the hidden test: it is then logged twice.
        (
            "ignore_message_injects_a_result_line",
            wrong(
                "#[test]\n#[ignore = \"x::y\\nok ex_basics1_add::grading::adds_many_numbers\\n\"]\nfn forged() {}\n",
            ),
            "failed",
        ),
        // A `should_panic` whose message and expected string carry result lines: quoted.
        (
            "should_panic_message_carries_result_lines",
            wrong(
                "#[test]\n#[should_panic(expected = \"zzz\\nok ex_basics1_add::grading::adds_many_numbers\\n\")]\nfn forged() {\n    panic!(\"\\nok ex_basics1_add::grading::adds_many_numbers\\n\")\n}\n",
            ),
            "failed",
        ),
        (
            "should_panic_with_a_non_ascii_name",
            wrong("mod a {\n    #[test]\n    #[should_panic(expected = \"zzz\")]\n    fn \u{f1}() {\n        panic!(\"x\")\n    }\n}\n"),
            "failed",
        ),
        // Tests of the learner's named like the course's: their own module, their own paths.
        (
            "own_mod_grading",
            wrong("mod grading {\n    #[test]\n    fn adds_many_numbers() {}\n}\n"),
            "compile_error",
        ),
        (
            "own_mod_tests",
            wrong("mod tests {\n    #[test]\n    fn adds_small_numbers() {}\n    #[test]\n    fn adds_zero() {}\n}\n"),
            "compile_error",
        ),
        (
            "top_level_tests_named_like_the_courses",
            wrong("#[test]\nfn adds_small_numbers() {}\n#[test]\nfn adds_many_numbers() {}\n"),
            "failed",
        ),
        (
            "look_alike_test_module",
            wrong("mod t\u{435}sts {\n    #[test]\n    fn adds_small_numbers() {}\n    #[test]\n    fn adds_zero() {}\n}\n"),
            "failed",
        ),
        (
            "sentinel_look_alike",
            wrong("mod statelings_sentinel {\n    #[test]\n    fn nonce_0000000000000000() {}\n}\n"),
            "failed",
        ),
        (
            "drop_panics_while_unwinding",
            "struct Guard;
impl Drop for Guard {
    fn drop(&mut self) {
        if std::thread::panicking() {
            panic!(\"a second panic while unwinding\");
        }
    }
}
pub fn add(a: u32, b: u32) -> u32 {
    let _guard = Guard;
    assert!((a, b) == (1, 2) || (a, b) == (0, 7));
    a + b
}
"
            .to_owned(),
            "failed",
        ),
        // An attribute left dangling at the end of the learner's code lands on the course's
        // test module (`#[cfg(any())]` would compile it out): the gate cannot parse an
        // attribute with no item, and rustc accepts it, so nothing checked it.
        (
            "attribute_dangling_onto_the_course_tests",
            wrong("#[cfg(any())]\n"),
            "rejected",
        ),
        // Code that swallows the course's tests: an unclosed comment, module or raw string.
        ("unclosed_comment", wrong("/*\n"), "compile_error"),
        ("unclosed_module", wrong("mod swallow {\n"), "compile_error"),
        ("unclosed_raw_string", wrong("const S: &str = r#\"\n"), "compile_error"),
        // The gate: shadowing through nested modules and globs, raw identifiers, look-alikes,
        // `cfg_attr`, doc includes, methods injected through traits.
        (
            "glob_shadows_a_primitive",
            "mod m {\n    #[allow(non_camel_case_types)]\n    pub type u32 = u64;\n}\npub use m::*;\npub fn add(a: u32, b: u32) -> u32 {\n    a + b\n}\n".to_owned(),
            "rejected",
        ),
        (
            "nested_glob_shadows_the_prelude",
            "mod m {\n    pub mod n {\n        pub fn drop<T>(_: T) {}\n        pub struct Vec;\n    }\n    pub use self::n::*;\n}\npub use m::*;\npub fn add(a: u32, b: u32) -> u32 {\n    a + b\n}\n".to_owned(),
            "rejected",
        ),
        (
            "raw_identifier_macro_rules",
            wrong("r#macro_rules! assert_eq { ($($t:tt)*) => {} }\n"),
            "rejected",
        ),
        (
            "raw_identifier_paths",
            "pub fn add(a: u32, b: u32) -> u32 {\n    r#std::r#process::exit(0)\n}\n".to_owned(),
            "rejected",
        ),
        (
            "look_alike_macro_name",
            wrong("macro_rules! \u{430}ssert_eq { ($($t:tt)*) => {} }\n"),
            "rejected",
        ),
        (
            "cfg_attr_places_a_constructor",
            wrong("#[cfg_attr(all(), used, link_section = \".init_array\")]\nstatic STL_INIT: fn() = stl_init;\nfn stl_init() {}\n"),
            "rejected",
        ),
        (
            "doc_comment_includes_the_crate_root",
            "#[doc = include_str!(\"main.rs\")]\npub fn add(a: u32, b: u32) -> u32 {\n    a + b\n}\n".to_owned(),
            "rejected",
        ),
        (
            "trait_injects_eq_into_u32",
            wrong("pub trait Sneaky {\n    fn eq(&self, _other: &u32) -> bool {\n        true\n    }\n}\nimpl Sneaky for u32 {}\n"),
            "rejected",
        ),
        (
            "blanket_trait_impl",
            wrong("pub trait Sneaky {\n    fn ne(&self, _other: &Self) -> bool {\n        false\n    }\n}\nimpl<T> Sneaky for T {}\n"),
            "rejected",
        ),
        // The compiler: a constant panic, a type error only the hidden tests hit, text that
        // reads differently than it compiles.
        (
            "const_evaluation_panics",
            "const _: () = panic!(\"const evaluation says hello\");\npub fn add(a: u32, b: u32) -> u32 {\n    a + b\n}\n".to_owned(),
            "compile_error",
        ),
        (
            "type_error_only_in_the_hidden_tests",
            "pub fn add(a: u32, b: u32) -> u64 {\n    (a + b) as u64\n}\n".to_owned(),
            "compile_error",
        ),
        (
            "bidirectional_text",
            "pub fn add(a: u32, b: u32) -> u32 {\n    let access = \"user\u{202e} \u{2066}// admin\u{2069} \u{2066}\";\n    std::hint::black_box(access);\n    a + b\n}\n".to_owned(),
            "compile_error",
        ),
        // Getting the hidden tests out: panic locations and the test thread's name.
        (
            "caller_location_of_the_hidden_call",
            "#[track_caller]\npub fn add(a: u32, b: u32) -> u32 {\n    if (a, b) == (1, 2) || (a, b) == (0, 7) {\n        return a + b;\n    }\n    let at = std::panic::Location::caller();\n    panic!(\"LEAK {}:{}:{} {}\", at.file(), at.line(), at.column(), file!())\n}\n".to_owned(),
            "failed",
        ),
        (
            "hidden_test_name_from_the_thread",
            "pub fn add(a: u32, b: u32) -> u32 {\n    if (a, b) == (1, 2) || (a, b) == (0, 7) {\n        return a + b;\n    }\n    panic!(\"LEAK {:?} add({a}, {b})\", std::thread::current().name())\n}\n".to_owned(),
            "failed",
        ),
        (
            "giant_failure_message",
            "pub fn add(a: u32, b: u32) -> u32 {\n    if (a, b) == (1, 2) || (a, b) == (0, 7) {\n        return a + b;\n    }\n    panic!(\"{}\", \"x\".repeat(900_000))\n}\n".to_owned(),
            "failed",
        ),
    ]
}

#[test]
fn variants_of_our_own_never_pass_and_get_their_status() {
    let class = Class::new();
    let variants = variants();
    assert!(variants.len() >= 10);
    for (id, code, _) in &variants {
        class.attempt(id, "basics1_add", code);
    }
    class.innocent("zz_innocent");
    let graded = class
        .run(Mode::Sandbox)
        .timeout(5)
        .args(&["--jobs", "2"])
        .json();
    let mut expected: Vec<(&str, &str, &str)> = variants
        .iter()
        .map(|(id, _, status)| (*id, "basics1_add", *status))
        .collect();
    expected.push(("zz_innocent", "basics1_add", "passed"));
    graded.expect(&expected);

    // What reaches the report: a hidden test's position, never its text or its inputs' source.
    let location = graded.message("caller_location_of_the_hidden_call", "basics1_add");
    assert!(
        location.contains("LEAK exercises/01_basics/basics1_add.rs:"),
        "{location}"
    );
    let type_error = graded.message("type_error_only_in_the_hidden_tests", "basics1_add");
    assert!(type_error.starts_with("error[E0308]"), "{type_error}");
    assert!(!type_error.contains("a + b"), "{type_error}");
    // A failure message is learner-made text: a report carries a bounded part of it.
    let giant = graded.message("giant_failure_message", "basics1_add");
    assert!(
        giant.len() < 4096,
        "a {} byte message in the report",
        giant.len()
    );
}

/// Issue 13 item 6: Gradescope's output is shown to the learner, so a hidden test's name and
/// message must not be in it ("hidden test N failed"), even when learner code panics with its
/// inputs and the test thread's name.
#[test]
fn hidden_tests_names_and_messages_stay_out_of_the_learners_report() {
    let class = Class::new();
    let code = variants()
        .into_iter()
        .find(|(id, _, _)| *id == "hidden_test_name_from_the_thread")
        .unwrap()
        .1;
    class.attempt("mallory", "basics1_add", &code);
    let graded = class
        .run(Mode::Sandbox)
        .paths(&["class/mallory"])
        .format("gradescope");
    for hidden in ["adds_many_numbers", "grading::", "LEAK"] {
        assert!(
            !graded.stdout.contains(hidden),
            "`{hidden}` in the learner's report: {}",
            graded.stdout
        );
    }
}

/// Code the gate's parser cannot read is neither allowed nor refused: rustc only parses it (it
/// is never expanded), to show rustc's own syntax errors. A full compile would recover from the
/// syntax error and still evaluate constants, reading files into its errors; so would one after
/// an error in a single token (`€`, a bad escape), which even the gate's lexer cannot read.
#[test]
fn unreadable_code_that_reads_files_while_compiling_gives_nothing_away() {
    let reads = |secret: &std::path::Path| {
        format!(
        "const _: () = panic!(include_str!({secret:?}));\nconst _: () = panic!(include_str!(\"ex_basics1_add.rs\"));\n#[path = {secret:?}]\nmod h;\n"
    )
    };
    let broken = [
        ("fn broken() {\n    let x = ;\n}\n", "expected expression"),
        (
            "fn broken() {\n    let x = 1 \u{20ac} 2;\n}\n",
            "unknown start of token",
        ),
        (
            "fn broken() -> &'static str {\n    \"a\\q\"\n}\n",
            "unknown character escape",
        ),
    ];
    for (syntax_error, says) in broken {
        let class = Class::new();
        let secret = class.env.path("secret.txt");
        std::fs::write(&secret, "TOPSECRET-the-instructors-file").unwrap();
        let code = format!("{}{syntax_error}{VISIBLE_ONLY}", reads(&secret));
        class
            .attempt("mallory", "basics1_add", &code)
            .innocent("zed");
        for mode in [Mode::Sandbox, Mode::NoSandbox] {
            let graded = class.run(mode).json();
            graded.expect(&[
                ("mallory", "basics1_add", "compile_error"),
                ("zed", "basics1_add", "passed"),
            ]);
            let message = graded.message("mallory", "basics1_add");
            assert!(message.contains(says), "{message}");
            assert!(!graded.stdout.contains("TOPSECRET"), "{}", graded.stdout);
            assert!(!graded.stdout.contains("adds_many_numbers"), "{message}");
            assert!(!graded.stdout.contains("E0080"), "{}", graded.stdout);
        }
    }
}
