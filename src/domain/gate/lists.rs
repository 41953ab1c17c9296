//! The gate's tables: the standard macros and attributes an exercise may use, the names the tests
//! take from the prelude, and the parts of `std` that reach past the test harness. Paths here are
//! written from `std`; the gate reads `core::` and `alloc::` as `std::` before it looks them up.

/// Macros an exercise may call, by their own name (or as `std::name!` / `core::name!`).
/// `thread_local!` is only allowed with [`super::Allow::Threads`].
pub const MACROS: &[&str] = &[
    "assert",
    "assert_eq",
    "assert_ne",
    "cfg",
    "column",
    "compile_error",
    "concat",
    "dbg",
    "debug_assert",
    "debug_assert_eq",
    "debug_assert_ne",
    "eprint",
    "eprintln",
    "file",
    "format",
    "format_args",
    "line",
    "matches",
    "module_path",
    "panic",
    "print",
    "println",
    "stringify",
    "thread_local",
    "todo",
    "unimplemented",
    "unreachable",
    "vec",
    "write",
    "writeln",
];

/// Every macro the standard library exports at its root (stable or not): an item or import of
/// the learner's with one of these names would take the place of the std macro in the tests.
pub const STD_MACROS: &[&str] = &[
    "asm",
    "assert",
    "assert_eq",
    "assert_matches",
    "assert_ne",
    "cfg",
    "cfg_match",
    "cfg_select",
    "column",
    "compile_error",
    "concat",
    "concat_bytes",
    "concat_idents",
    "const_format_args",
    "dbg",
    "debug_assert",
    "debug_assert_eq",
    "debug_assert_ne",
    "debug_assert_matches",
    "env",
    "eprint",
    "eprintln",
    "file",
    "format",
    "format_args",
    "format_args_nl",
    "global_asm",
    "include",
    "include_bytes",
    "include_str",
    "is_x86_feature_detected",
    "line",
    "log_syntax",
    "matches",
    "module_path",
    "naked_asm",
    "option_env",
    "panic",
    "print",
    "println",
    "stringify",
    "thread_local",
    "todo",
    "trace_macros",
    "try",
    "unimplemented",
    "unreachable",
    "vec",
    "write",
    "writeln",
];

/// What the tests may name without importing it: the 2021 prelude, the 2024 additions, and the
/// derive macros of the prelude, each with the one path an import of that name may come from.
pub const PRELUDE: &[(&str, &str)] = &[
    ("AsMut", "std::convert::AsMut"),
    ("AsRef", "std::convert::AsRef"),
    ("AsyncFn", "std::ops::AsyncFn"),
    ("AsyncFnMut", "std::ops::AsyncFnMut"),
    ("AsyncFnOnce", "std::ops::AsyncFnOnce"),
    ("Box", "std::boxed::Box"),
    ("Clone", "std::clone::Clone"),
    ("Copy", "std::marker::Copy"),
    ("Debug", "std::fmt::Debug"),
    ("Default", "std::default::Default"),
    ("DoubleEndedIterator", "std::iter::DoubleEndedIterator"),
    ("Drop", "std::ops::Drop"),
    ("Eq", "std::cmp::Eq"),
    ("Err", "std::result::Result::Err"),
    ("ExactSizeIterator", "std::iter::ExactSizeIterator"),
    ("Extend", "std::iter::Extend"),
    ("Fn", "std::ops::Fn"),
    ("FnMut", "std::ops::FnMut"),
    ("FnOnce", "std::ops::FnOnce"),
    ("From", "std::convert::From"),
    ("FromIterator", "std::iter::FromIterator"),
    ("Future", "std::future::Future"),
    ("Hash", "std::hash::Hash"),
    ("Into", "std::convert::Into"),
    ("IntoFuture", "std::future::IntoFuture"),
    ("IntoIterator", "std::iter::IntoIterator"),
    ("Iterator", "std::iter::Iterator"),
    ("None", "std::option::Option::None"),
    ("Ok", "std::result::Result::Ok"),
    ("Option", "std::option::Option"),
    ("Ord", "std::cmp::Ord"),
    ("PartialEq", "std::cmp::PartialEq"),
    ("PartialOrd", "std::cmp::PartialOrd"),
    ("Result", "std::result::Result"),
    ("Send", "std::marker::Send"),
    ("Sized", "std::marker::Sized"),
    ("Some", "std::option::Option::Some"),
    ("String", "std::string::String"),
    ("Sync", "std::marker::Sync"),
    ("ToOwned", "std::borrow::ToOwned"),
    ("ToString", "std::string::ToString"),
    ("TryFrom", "std::convert::TryFrom"),
    ("TryInto", "std::convert::TryInto"),
    ("Unpin", "std::marker::Unpin"),
    ("Vec", "std::vec::Vec"),
    ("drop", "std::mem::drop"),
];

/// The primitive types: not in any prelude, so any item or import of the name shadows them.
pub const PRIMITIVES: &[&str] = &[
    "bool", "char", "f16", "f32", "f64", "f128", "i8", "i16", "i32", "i64", "i128", "isize", "str",
    "u8", "u16", "u32", "u64", "u128", "usize",
];

/// The crates every Rust file can name from its root.
pub const CRATES: &[&str] = &["std", "core", "alloc"];

/// The derives of the standard library (by name, or as a `std::` path to the same macro).
pub const DERIVES: &[&str] = &[
    "Clone",
    "Copy",
    "Debug",
    "Default",
    "Eq",
    "Hash",
    "Ord",
    "PartialEq",
    "PartialOrd",
];

/// Traits whose impls decide what `assert_eq!`, `assert_ne!`, `assert!(a < b)`, sorting and
/// hash maps conclude: only `#[derive]` may implement them.
pub const COMPARISON_TRAITS: &[&str] = &["PartialEq", "Eq", "PartialOrd", "Ord", "Hash"];

/// Modules of `std` that reach past the test harness: the process, the environment, the file
/// system, the operating system and the machine below the standard library's checks. The second
/// field completes "it ...".
pub const SYSTEM_MODULES: &[(&str, &str)] = &[
    (
        "process",
        "starts, stops or inspects processes, outside the test harness",
    ),
    (
        "env",
        "reads or changes the environment the runner set up for the tests",
    ),
    (
        "fs",
        "reaches the file system, where the runner keeps what the tests must not see",
    ),
    (
        "path",
        "inspects the file system, where the runner keeps what the tests must not see",
    ),
    (
        "os",
        "reaches the operating system below the standard library's checks",
    ),
    ("net", "reaches the network"),
    (
        "alloc",
        "replaces or drives the memory allocator the test harness runs on",
    ),
    (
        "arch",
        "runs machine-specific instructions below the standard library's checks",
    ),
    (
        "intrinsics",
        "calls the compiler's intrinsics below the standard library's checks",
    ),
    (
        "backtrace",
        "reveals how the runner built and runs the tests",
    ),
];

/// `std::io` items that hand out the test process's own input and output, which the runner reads.
pub const STD_IO_HANDLES: &[&str] = &[
    "stdin",
    "stdout",
    "stderr",
    "Stdin",
    "Stdout",
    "Stderr",
    "StdinLock",
    "StdoutLock",
    "StderrLock",
];

/// `std::panic` functions that change how the harness catches and reports every test's panic.
pub const PANIC_CONTROL: &[&str] = &[
    "set_hook",
    "take_hook",
    "update_hook",
    "catch_unwind",
    "always_abort",
];

/// Attributes that name or place symbols for the linker: they run code before `main` (a
/// constructor in `.init_array`) or replace a function the runner relies on.
pub const SYMBOL_ATTRIBUTES: &[&str] = &[
    "no_mangle",
    "export_name",
    "link_section",
    "used",
    "link",
    "link_name",
    "link_ordinal",
    "naked",
];
