//! Tidy checks over the runner's own source: conventions that keep the code navigable.

use std::path::Path;

#[test]
fn every_module_opens_with_a_doc_comment_saying_what_it_owns() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut missing = Vec::new();
    for entry in walkdir::WalkDir::new(&src) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|ext| ext == "rs") {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            if !text.starts_with("//!") {
                missing.push(
                    entry
                        .path()
                        .strip_prefix(&src)
                        .unwrap()
                        .display()
                        .to_string(),
                );
            }
        }
    }
    assert!(
        missing.is_empty(),
        "modules without a `//!` doc comment: {missing:?}"
    );
}

#[test]
fn only_the_course_format_module_names_serde_yaml() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut offenders = Vec::new();
    for entry in walkdir::WalkDir::new(&src) {
        let entry = entry.unwrap();
        let relative = entry
            .path()
            .strip_prefix(&src)
            .unwrap()
            .display()
            .to_string();
        if entry.path().extension().is_some_and(|ext| ext == "rs") && relative != "course/format.rs"
        {
            if std::fs::read_to_string(entry.path())
                .unwrap()
                .contains("serde_yaml")
            {
                offenders.push(relative);
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "serde_yaml is named outside course/format.rs: {offenders:?}"
    );
}

#[test]
fn only_check_process_starts_processes() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut offenders = Vec::new();
    for entry in walkdir::WalkDir::new(&src) {
        let entry = entry.unwrap();
        let relative = entry
            .path()
            .strip_prefix(&src)
            .unwrap()
            .display()
            .to_string();
        if entry.path().extension().is_some_and(|ext| ext == "rs") && relative != "check/process.rs"
        {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            if text.contains(".spawn()") || text.contains(".output()") || text.contains(".status()")
            {
                offenders.push(relative);
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "processes started outside check/process.rs: {offenders:?}"
    );
}
