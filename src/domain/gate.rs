//! The gate on learner code: a pure function that reads the code above an exercise's marker line
//! with a real Rust parser (`syn`) and decides, before rustc ever sees it, whether it may be
//! compiled together with the course's tests. It does no I/O and knows nothing of the rest of the
//! crate; the runner calls [`inspect`] for `run`, `check`, watch mode, `verify` and `grade` alike.
//!
//! # Why a gate
//! A learner controls every byte above the marker, and that code runs twice: at compile time
//! (macros, `include_*!`, constant evaluation, attributes) and at run time (constructors,
//! threads, processes, system calls). The tests below the marker start with `use super::*;`, so
//! every name the learner defines is in scope in the tests, ahead of the prelude. The gate
//! refuses what no exercise needs and an attack does, in two families:
//! - **changing what the tests check**: a `macro_rules! assert_eq` of the learner's replaces
//!   std's inside the tests (attack 01); so would an item, variant or import named like a prelude
//!   name, a std macro, a primitive type, or a std name the stub imports for the tests; a
//!   hand-written `PartialEq`/`Ord`/`Hash` decides what `assert_eq!` concludes; a trait of the
//!   learner's implemented for `Vec` or `Option` takes the place, in method resolution, of the
//!   inherent method the tests call (a by-value `fn len(self)` wins over `Vec::len(&self)`), and
//!   an inherent `impl` on a helper type of the tests' module does the same to the tests' own
//!   types; a constant named like a variable of the tests turns their pattern `if let Some(n) =
//!   ..` into a comparison with it, so the check inside never runs;
//!   `std::panic::set_hook`/`catch_unwind` change how a test's failure is caught.
//! - **escaping the harness**: `#[used] #[link_section = ".init_array"]` runs a constructor
//!   before the harness starts (attack 02); `include_str!`, `#[path]`, `mod x;` and `env!` read
//!   the runner's files and environment while compiling (attacks 03, 04); `unsafe`, `extern`
//!   and the symbol attributes reach below Rust's checks; `std::process`, `std::env`, `std::fs`,
//!   `std::os`, `std::net`, `std::path`, the raw standard handles, and `std::thread` unless the
//!   exercise allows it, reach the machine; `crate::` and `super::` above the file reach the
//!   runner's generated code and the other exercises of a batch; `allow(long_running_const_eval)`
//!   keeps rustc busy forever (attack 12).
//!
//! # Rules (by [`Rule::id`])
//! - `unsafe`: the keyword anywhere (blocks, fns, impls, traits, `unsafe extern`,
//!   `#[unsafe(..)]`, macro arguments);
//! - `extern`: `extern` blocks, `extern crate`, any explicit ABI (`extern "C" fn`, fn pointers);
//! - `attribute`: outer attributes off the allowlist (`derive` of std's derives, lint levels,
//!   `doc` with a string, `cfg`, `cfg_attr` with its attributes checked as if written, `test`,
//!   `should_panic`, `ignore`, `must_use`, `inline`, `cold`, `track_caller`, `non_exhaustive`,
//!   `repr`, `deprecated`, `rustfmt::`/`clippy::`/`diagnostic::` tool attributes), a macro in
//!   an allowed attribute's arguments, and `allow`/`warn`/`expect(long_running_const_eval)`;
//! - `inner_attribute`: `#![..]` anywhere (inner `//!` doc comments excepted: they only
//!   document);
//! - `module_file`: `mod x;`;
//! - `macro_definition`: `macro_rules!` and `macro`;
//! - `macro`: a macro off the allowlist of std macros, or not called by its own name
//!   (`include*!`, `env!`, `option_env!`, `asm!`, `global_asm!`, `check!` for a renamed
//!   `assert_ne!`); `thread_local!` needs [`Allow::Threads`];
//! - `shadowing`: an item, enum variant or import (outside function bodies, at any module
//!   depth, since globs carry them into the tests) named like a prelude name (2021 and 2024), a
//!   std macro, a primitive type, `std`/`core`/`alloc`, or a std name the stub imports for the
//!   tests (`HashMap`): an import of the very same std item is fine; and a constant, unit
//!   struct or unit variant named like anything the tests name, unless the stub declares it;
//! - `glob_import`: `use std::...::*` (it could bring such names, or the machine, in);
//! - `system_access`: any path, through renames and globs, to `std::{process, env, fs, path,
//!   os, net, alloc, arch, intrinsics, backtrace}` or to std's standard handles
//!   (`std::io::{stdin, stdout, stderr, Stdin, ...}`), also as `core::`, `::std`, `r#std`;
//! - `threads`: `std::thread` (and `thread_local!`) unless the exercise allows threads;
//! - `panic_control`: `std::panic::{set_hook, take_hook, update_hook, catch_unwind,
//!   always_abort}`;
//! - `crate_path`: `crate::` and `super::` above the file;
//! - `test_access`: paths into the course's test modules (`tests::`, `grading::`);
//! - `comparison_impl`: a hand-written `PartialEq`, `Eq`, `PartialOrd`, `Ord` or `Hash`;
//! - `foreign_impl`: an `impl` (inherent or of any trait) for a type the learner's code does
//!   not declare in that scope: no method of the learner's can take the place, in the tests'
//!   method calls, of std's or of the tests' own helpers';
//! - `unchecked_syntax`: syntax `syn` keeps as raw tokens (`static X = 1;`, `builtin #`, ...).
//!
//! # How
//! Every rule is general, not a list of payloads: an allowlist of attributes and macros, and
//! every path resolved through the learner's own `use` renames (`use std as s`, `use
//! std::{self as s}`, `use std::io::{self}` then `io::stdout()`), `::std`, `core::`, `r#`
//! raw identifiers and nested use trees. Tokens the parser keeps unparsed are read too: the
//! arguments of every allowed macro are parsed as the expressions (or items, or pattern) the
//! macro takes and checked like the rest of the file, and a keyword scan over every token of the
//! file (macro arguments and attributes included) finds `unsafe`, `extern`, `macro` and
//! `macro_rules!` wherever they are. Syntax `syn` keeps as unparsed "verbatim" tokens is
//! refused: the gate cannot check it and no exercise needs it.
//!
//! Code that does not parse is neither allowed nor refused: [`Inspection::Unreadable`] says where
//! the parser stopped, and the runner has rustc only parse it (never expand it: no macro, `mod`
//! or constant of it runs), to show rustc's own syntax errors; it rejects the file if rustc's
//! parser accepts what the gate could not read.
//!
//! # What a syntactic gate cannot stop (the sandbox and the verdict channel must)
//! - resource use: `vec![0u8; 1 << 40]`, `loop {}`, deep recursion, huge types or constants that
//!   rustc must build (`[[0u8; 1 << 16]; 1 << 16]` in a `static`), exponential trait solving:
//!   time and memory limits on rustc and on the test run;
//! - unsoundness bugs of rustc itself (e.g. rust-lang/rust#25860 lets safe code transmute):
//!   memory corruption without `unsafe` is possible in principle, so the test process must still
//!   run sandboxed and the verdict must come from a channel the code cannot write;
//! - printing fake results: `println!("test x ... ok")` stays allowed (learners debug with it);
//!   the verdict must not be read from the test's stdout;
//! - information in names: `file!()`, `module_path!()`, `std::any::type_name` and panic
//!   locations show the generated file and module names, so the runner must not put secrets in
//!   them;
//! - learner-written `#[test]` functions are allowed: the runner must count only the course's
//!   tests, by their full path;
//! - a type the learner declares and the tests compare (`#[derive(PartialEq)]` over a `()` or
//!   `PhantomData` field is always equal; an `f64` NaN field is never equal): the course's own
//!   provided code must come from the course, not from the learner's file;
//! - `Drop` impls and `LazyLock` initialisers run code, but only the code the gate allowed, and
//!   only while a test runs: safe Rust has no life before `main` without the refused attributes.
//!
//! # Positions
//! `line` and `column` are 1-based and count characters, as rustc does; line 1 is line 1 of the
//! exercise file, since the learner's code is the text above the marker.
//!
//! # Its own limits
//! Parsing recurses once per level of nesting, so hostile code (`------...1`, `x = x = ...`,
//! ten thousand parentheses) could overflow the runner's stack and take the whole grader down.
//! [`inspect`] therefore runs on a thread of its own with a large stack (512 MiB of address
//! space, touched only as deep as the code goes), and code of more than 10,000 tokens, or nested
//! deeper than 128 brackets or 32 `<...>`, is unreadable, not parsed (the largest file of the
//! course has about 2,000 tokens); `hostile_nesting_never_overflows_the_gate` tests every shape
//! of recursion at those limits. That thread also takes `proc-macro2`'s per-thread map of every
//! text it read with it when it ends, so a long watch session does not grow.

mod attrs;
mod lists;
mod macros;
mod resolve;
mod scan;
mod source;
mod walk;

#[cfg(test)]
mod attack_tests;
#[cfg(test)]
mod course_tests;
#[cfg(test)]
mod resolve_tests;
#[cfg(test)]
mod tests;

use std::fmt;

/// The course's side of an exercise, to know what the tests use and what the course itself
/// brings in from std.
#[derive(Debug, Clone, Copy)]
pub struct CourseSide<'a> {
    /// The stub's code above the marker (what the course gives the learner to start from).
    pub stub_code: &'a str,
    /// The course's test blocks: the visible tests below the marker and the hidden grading tests.
    pub tests: &'a [&'a str],
}

/// What an exercise's `info.yaml` may grant beyond the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Allow {
    /// `std::thread` (spawn, scope, `yield_now`, ...) and `thread_local!`.
    Threads,
}

impl Allow {
    /// The name `info.yaml` uses: `allow: [threads]`.
    pub fn id(self) -> &'static str {
        match self {
            Allow::Threads => "threads",
        }
    }

    /// The allowance `info.yaml` names `id`, if any.
    pub fn from_id(id: &str) -> Option<Allow> {
        match id {
            "threads" => Some(Allow::Threads),
            _ => None,
        }
    }
}

/// The gate's decision on a learner's code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inspection {
    /// Nothing refused: the code may be compiled with the course's tests.
    Allowed,
    /// Refused, with every reason, in the order of the file.
    Refused(Vec<Refusal>),
    /// The code does not parse as a Rust file, so the gate cannot judge it: neither allowed nor
    /// refused. `line:column` is where the parser stopped.
    Unreadable {
        line: usize,
        column: usize,
        message: String,
    },
}

impl Inspection {
    pub fn is_allowed(&self) -> bool {
        matches!(self, Inspection::Allowed)
    }

    /// The refusals, empty unless refused.
    pub fn refusals(&self) -> &[Refusal] {
        match self {
            Inspection::Refused(refusals) => refusals,
            _ => &[],
        }
    }
}

/// One reason the code is refused, at the file's `line:column` (1-based, in characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub line: usize,
    pub column: usize,
    pub rule: Rule,
    /// One sentence: what was refused and why.
    pub message: String,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {} [{}]",
            self.line,
            self.column,
            self.message,
            self.rule.id()
        )
    }
}

/// The gate's rules; [`Rule::id`] is stable, for reports and tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rule {
    /// `unsafe` in any form: blocks, fns, impls, traits, extern blocks, attributes, macro tokens.
    Unsafe,
    /// `extern` blocks, `extern crate`, non-Rust ABIs.
    Extern,
    /// An attribute not on the allowlist, or an allowed one used to reach past the checks.
    Attribute,
    /// `#![...]`: it applies to the whole module, the course's tests included.
    InnerAttribute,
    /// `mod x;`: makes rustc read another file.
    ModuleFile,
    /// `macro_rules!` and `macro`: a macro of the learner's could replace one the tests use.
    MacroDefinition,
    /// A macro invocation not on the allowlist (`include_str!`, `env!`, renamed macros, ...).
    Macro,
    /// An item, variant or import named like something the tests take from std.
    Shadowing,
    /// A glob import from the standard library.
    GlobImport,
    /// The process, environment, file system, raw standard handles, the OS or the machine.
    SystemAccess,
    /// `std::thread` or `thread_local!` in an exercise that does not allow threads.
    Threads,
    /// `std::panic::{set_hook, take_hook, catch_unwind, ...}`.
    PanicControl,
    /// `crate::` paths and `super::` above the file: the runner's generated code.
    CratePath,
    /// Paths into the course's test modules (`tests::Helper`).
    TestAccess,
    /// A hand-written `PartialEq`, `Eq`, `PartialOrd`, `Ord` or `Hash` impl.
    ComparisonImpl,
    /// An `impl` for a type the learner did not declare.
    ForeignImpl,
    /// Syntax the parser keeps as unparsed tokens: the gate cannot check it.
    UncheckedSyntax,
}

impl Rule {
    /// Every rule, in the order of the docs.
    pub const ALL: [Rule; 17] = [
        Rule::Unsafe,
        Rule::Extern,
        Rule::Attribute,
        Rule::InnerAttribute,
        Rule::ModuleFile,
        Rule::MacroDefinition,
        Rule::Macro,
        Rule::Shadowing,
        Rule::GlobImport,
        Rule::SystemAccess,
        Rule::Threads,
        Rule::PanicControl,
        Rule::CratePath,
        Rule::TestAccess,
        Rule::ComparisonImpl,
        Rule::ForeignImpl,
        Rule::UncheckedSyntax,
    ];

    /// A stable snake_case name.
    pub fn id(self) -> &'static str {
        match self {
            Rule::Unsafe => "unsafe",
            Rule::Extern => "extern",
            Rule::Attribute => "attribute",
            Rule::InnerAttribute => "inner_attribute",
            Rule::ModuleFile => "module_file",
            Rule::MacroDefinition => "macro_definition",
            Rule::Macro => "macro",
            Rule::Shadowing => "shadowing",
            Rule::GlobImport => "glob_import",
            Rule::SystemAccess => "system_access",
            Rule::Threads => "threads",
            Rule::PanicControl => "panic_control",
            Rule::CratePath => "crate_path",
            Rule::TestAccess => "test_access",
            Rule::ComparisonImpl => "comparison_impl",
            Rule::ForeignImpl => "foreign_impl",
            Rule::UncheckedSyntax => "unchecked_syntax",
        }
    }
}

/// Decides whether `learner_code` (the text above the marker line) may be compiled with the
/// course's tests. Pure: no I/O, no global state left behind.
pub fn inspect(learner_code: &str, course: &CourseSide<'_>, allow: &[Allow]) -> Inspection {
    // The parser and the walk recurse once per level of nesting; a thread of its own with a
    // large stack (touched only as deep as the code goes) keeps hostile nesting within
    // `source::MAX_TOKENS` from overflowing the caller's stack. Its span map dies with it.
    std::thread::scope(|scope| {
        let gate = std::thread::Builder::new()
            .name("statelings-gate".to_string())
            .stack_size(STACK_BYTES)
            .spawn_scoped(scope, || walk::inspect(learner_code, course, allow));
        match gate {
            Ok(gate) => gate
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Err(_) => {
                let inspection = walk::inspect(learner_code, course, allow);
                proc_macro2::extra::invalidate_current_thread_spans();
                inspection
            }
        }
    })
}

/// Enough for the deepest nesting `source::MAX_TOKENS` tokens can build, in a debug build.
const STACK_BYTES: usize = 512 << 20;
