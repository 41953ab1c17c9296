//! Embeds the course (`exercises/`, `solutions/`, `quizzes/`) into the binary, so an installed
//! `statelings` carries the canonical course and works from any directory.
//!
//! The generated files are tables of `(relative path, contents)`: `course_files.rs` (included by
//! `src/course/embedded.rs`; `solutions/` may be absent, as in the student edition) and
//! `runner_files.rs`, the runner's own sources, templates and tests, which `statelings export`
//! writes out so the student edition (and a Gradescope autograder) builds from any installed
//! binary.

use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

const COURSE_DIRS: &[&str] = &["exercises", "solutions", "quizzes"];
const RUNNER_PATHS: &[&str] = &[
    "Cargo.toml",
    "Cargo.lock",
    "build.rs",
    ".gitignore",
    "README.md",
    "ARCHITECTURE.md",
    "src",
    // What `export` writes beside the sources: the student edition's workflow and .gitignore,
    // the Gradescope autograder's scripts.
    "templates",
    // The runner's tests the student edition ships (`export::SHIPPED_TESTS` picks the modules),
    // and the fixture course they run against.
    "tests/cli",
    "tests/fixtures",
];

fn main() {
    let root = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let root = Path::new(&root);
    let out = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).to_path_buf();
    fs::write(out.join("course_files.rs"), table(root, COURSE_DIRS)).expect("OUT_DIR is writable");
    fs::write(out.join("runner_files.rs"), table(root, RUNNER_PATHS)).expect("OUT_DIR is writable");
}

/// `&[("path", include_str!("/abs/path")), ...]` for every file under `paths`.
fn table(root: &Path, paths: &[&str]) -> String {
    let mut table = String::from("&[\n");
    for dir in paths {
        let dir_path = root.join(dir);
        println!("cargo:rerun-if-changed={}", dir_path.display());
        if !dir_path.exists() {
            continue;
        }
        let mut files: Vec<_> = walkdir::WalkDir::new(&dir_path)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|entry| entry.file_type().is_file())
            .map(|entry| entry.into_path())
            .collect();
        files.sort();
        for path in files {
            let relative = path.strip_prefix(root).expect("walked below the root");
            let relative = relative.to_string_lossy().replace('\\', "/");
            writeln!(
                table,
                "    ({relative:?}, include_str!({:?})),",
                path.display().to_string()
            )
            .expect("writing to a String cannot fail");
        }
    }
    table.push(']');
    table
}
