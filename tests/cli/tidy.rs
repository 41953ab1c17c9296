//! Tidy checks over the runner's own source: conventions that keep the code navigable.

mod layers;

use std::path::{Path, PathBuf};

/// `(path relative to src/, text)` of every Rust file of the runner.
pub fn sources() -> Vec<(String, String)> {
    let src: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    walkdir::WalkDir::new(&src)
        .into_iter()
        .map(Result::unwrap)
        .filter(|entry| entry.path().extension().is_some_and(|ext| ext == "rs"))
        .map(|entry| {
            let relative = entry
                .path()
                .strip_prefix(&src)
                .unwrap()
                .display()
                .to_string();
            (relative, std::fs::read_to_string(entry.path()).unwrap())
        })
        .collect()
}

#[test]
fn every_module_opens_with_a_doc_comment_saying_what_it_owns() {
    let missing: Vec<String> = sources()
        .into_iter()
        .filter(|(_, text)| !text.starts_with("//!"))
        .map(|(path, _)| path)
        .collect();
    assert!(
        missing.is_empty(),
        "modules without a `//!` doc comment: {missing:?}"
    );
}

#[test]
fn only_the_course_format_module_names_serde_yaml() {
    let offenders: Vec<String> = sources()
        .into_iter()
        .filter(|(path, text)| path != "domain/course/format.rs" && text.contains("serde_yaml"))
        .map(|(path, _)| path)
        .collect();
    assert!(
        offenders.is_empty(),
        "serde_yaml is named outside domain/course/format.rs: {offenders:?}"
    );
}

#[test]
fn only_check_process_starts_processes() {
    // Building a `Command` elsewhere is fine (check.rs, sandbox.rs); starting one is not.
    let offenders: Vec<String> = sources()
        .into_iter()
        .filter(|(path, text)| {
            // Test files may hold payloads as text.
            path != "infra/process.rs"
                && !path.ends_with("tests.rs")
                && (text.contains(".spawn()") || text.contains(".output()"))
        })
        .map(|(path, _)| path)
        .collect();
    assert!(
        offenders.is_empty(),
        "processes started outside infra/process.rs: {offenders:?}"
    );
}
