//! Embeds the course (`exercises/`, `solutions/`, `quizzes/`) into the binary, so an installed
//! `statelings` carries the canonical course and works from any directory.
//!
//! The generated file is a table of `(relative path, contents)`; `src/course/embedded.rs`
//! includes it. `solutions/` may be absent (the student edition made by `statelings export`).

use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

const COURSE_DIRS: &[&str] = &["exercises", "solutions", "quizzes"];

fn main() {
    let root = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let root = Path::new(&root);
    let mut table = String::from("&[\n");
    for dir in COURSE_DIRS {
        let dir_path = root.join(dir);
        println!("cargo:rerun-if-changed={}", dir_path.display());
        if !dir_path.is_dir() {
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
    let out = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("course_files.rs");
    fs::write(out, table).expect("OUT_DIR is writable");
}
