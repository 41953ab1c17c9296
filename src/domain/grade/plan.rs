//! What grading a class has to compile, decided before anything runs (pure). A missing file, or
//! one that says the same as the stub (token for token: reformatting is not an attempt), is not
//! attempted and never compiled. Every other file is a *key*: (exercise, bytes). Identical files
//! across the class are one key, checked once.
//!
//! Keys are batched by their **owners** (the submissions holding them): all the keys owned by
//! exactly the same submissions compile as one crate. So a verdict reused for several learners
//! was decided in a run that held nothing but code every one of them handed in: one submission
//! can never change another's verdict (a learner's own files share a batch; a file shared with
//! others is checked with the files shared with exactly the same others, or alone).

use std::collections::{BTreeMap, HashMap};

use crate::domain::course::source;

/// What was read of one learner's file for one exercise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileState {
    Missing,
    /// Not read: a link, a special file, too large, unreadable (the reason, one sentence).
    Refused(String),
    Present(Vec<u8>),
}

/// What one (submission, exercise) comes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    /// Not compiled: `message` says why (missing, unchanged, or the file was refused).
    NotAttempted { message: String, refused: bool },
    /// Checked as key `key` (an index into `Plan::keys`).
    Checked { key: usize },
}

/// The plan for a class.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// `cells[submission][exercise]`
    pub cells: Vec<Vec<Cell>>,
    /// Each key's exercise and the submission whose bytes it is (the first owner).
    pub keys: Vec<Key>,
    pub batches: Vec<Batch>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub exercise: usize,
    /// A submission holding these bytes (the first, by index).
    pub holder: usize,
}

/// Keys with the same owners, to compile as one crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Batch {
    /// The submissions that hold every key of the batch (and no other submission holds any).
    pub owners: Vec<usize>,
    pub keys: Vec<usize>,
}

/// Plans grading: `stubs[exercise]` is the course's starting code, `files[submission][exercise]`
/// what each learner handed in.
pub fn plan(stubs: &[&str], files: &[Vec<FileState>]) -> Plan {
    let mut index: HashMap<(usize, &[u8]), usize> = HashMap::new();
    let mut keys: Vec<Key> = Vec::new();
    let mut owners: Vec<Vec<usize>> = Vec::new();
    let mut cells = Vec::with_capacity(files.len());
    for (sub_idx, sub_files) in files.iter().enumerate() {
        let mut row = Vec::with_capacity(stubs.len());
        for (ex_idx, state) in sub_files.iter().enumerate() {
            row.push(match state {
                FileState::Missing => Cell::NotAttempted {
                    message: "the file is missing".to_owned(),
                    refused: false,
                },
                FileState::Refused(reason) => Cell::NotAttempted {
                    message: format!("the file was not read: {reason}"),
                    refused: true,
                },
                FileState::Present(bytes) if unchanged(bytes, stubs[ex_idx]) => {
                    Cell::NotAttempted {
                        message: "the file is unchanged from the starting code".to_owned(),
                        refused: false,
                    }
                }
                FileState::Present(bytes) => {
                    let key = *index.entry((ex_idx, bytes.as_slice())).or_insert_with(|| {
                        keys.push(Key {
                            exercise: ex_idx,
                            holder: sub_idx,
                        });
                        owners.push(Vec::new());
                        keys.len() - 1
                    });
                    if owners[key].last() != Some(&sub_idx) {
                        owners[key].push(sub_idx);
                    }
                    Cell::Checked { key }
                }
            });
        }
        cells.push(row);
    }
    let mut by_owners: BTreeMap<Vec<usize>, Vec<usize>> = BTreeMap::new();
    for (key, key_owners) in owners.into_iter().enumerate() {
        by_owners.entry(key_owners).or_default().push(key);
    }
    let batches = by_owners
        .into_iter()
        .map(|(owners, keys)| Batch { owners, keys })
        .collect();
    Plan {
        cells,
        keys,
        batches,
    }
}

/// The same code as the stub: the same bytes, or (text only) the same tokens.
fn unchanged(bytes: &[u8], stub: &str) -> bool {
    bytes == stub.as_bytes()
        || std::str::from_utf8(bytes).is_ok_and(|text| source::same_code(text, stub))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn present(text: &str) -> FileState {
        FileState::Present(text.as_bytes().to_vec())
    }

    #[test]
    fn unchanged_and_missing_files_are_not_attempted() {
        let stubs = ["fn a() { todo!() }"];
        let files = vec![
            vec![present("fn a() {\n    todo!()\n}\n")],
            vec![FileState::Missing],
            vec![FileState::Refused("it is a named pipe".to_owned())],
        ];
        let plan = plan(&stubs, &files);
        assert!(plan.keys.is_empty());
        assert!(
            matches!(&plan.cells[0][0], Cell::NotAttempted { message, .. } if message.contains("unchanged"))
        );
        assert!(matches!(
            &plan.cells[2][0],
            Cell::NotAttempted { refused: true, .. }
        ));
    }

    #[test]
    fn shared_files_are_batched_only_with_files_of_the_same_owners() {
        let stubs = ["fn a() {}", "fn b() {}"];
        let files = vec![
            // 0 and 1 share exercise 0's file; each has its own exercise 1.
            vec![present("fn a() { 1 }"), present("fn b() { 1 }")],
            vec![present("fn a() { 1 }"), present("fn b() { 2 }")],
            // 2 copied 0's whole workbook.
            vec![present("fn a() { 1 }"), present("fn b() { 1 }")],
        ];
        let plan = plan(&stubs, &files);
        assert_eq!(plan.keys.len(), 3);
        let batches: Vec<(Vec<usize>, usize)> = plan
            .batches
            .iter()
            .map(|batch| (batch.owners.clone(), batch.keys.len()))
            .collect();
        // The shared a() is checked in a batch of its own (owners 0, 1, 2); b() of 0 and 2
        // with nobody else's code; b() of 1 alone.
        assert_eq!(batches, [(vec![0, 1, 2], 1), (vec![0, 2], 1), (vec![1], 1)]);
    }
}
