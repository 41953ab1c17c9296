//! The learner's workbook under stress (issue 9): two terminals at once, processes killed at any
//! moment, a broken toolchain, damaged or strange files, and watch mode driven through a
//! pseudo-terminal. Each test names the fault it guards against.

mod concurrency;
mod files;
mod keep_going;
mod kill;
mod pty;
mod salvage;
mod toolchain;
mod watch;

use std::collections::BTreeMap;
use std::os::unix::fs::{FileTypeExt as _, MetadataExt as _};
use std::path::Path;

use crate::Env;

/// Right answers to the fixture's `basics` quiz, in the quiz file's letters.
pub const RIGHT_ANSWERS: &str = "pick-one: a
pick-many: [a, c]
truth: true
word: nothing
sort: {adder: stateless, store: stateful}
output: \"calls: 3\"
";

/// Writes the right answers of the fixture quiz to `answers.yaml` and returns its name.
pub fn answers_file(env: &Env) -> &'static str {
    env.write("answers.yaml", RIGHT_ANSWERS);
    "answers.yaml"
}

/// Everything under `dir` (but `skip`, relative names): each entry's kind, mode, inode, time
/// and contents, to show that a command changed nothing.
pub fn tree(dir: &Path, skip: &[&str]) -> BTreeMap<String, String> {
    let mut entries = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).min_depth(1) {
        let entry = entry.unwrap();
        let name = entry
            .path()
            .strip_prefix(dir)
            .unwrap()
            .display()
            .to_string();
        if skip.iter().any(|skipped| name.starts_with(skipped)) {
            continue;
        }
        let meta = entry.path().symlink_metadata().unwrap();
        let kind = meta.file_type();
        let contents = if kind.is_file() {
            format!("{:?}", std::fs::read(entry.path()).unwrap())
        } else if kind.is_fifo() {
            "fifo".to_owned()
        } else if kind.is_dir() {
            "dir".to_owned()
        } else {
            "other".to_owned()
        };
        entries.insert(
            name,
            format!(
                "{:o} ino {} mtime {}.{} {contents}",
                meta.mode(),
                meta.ino(),
                meta.mtime(),
                meta.mtime_nsec()
            ),
        );
    }
    entries
}

/// SplitMix64: a tiny seeded generator, so "random" moments are the same on every run.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}
