//! The verdict cache in a grading run: which keys of the plan already have a grade, and the plan
//! of what is left to check.

use std::path::Path;

use super::Options;
use crate::domain::course::Course;
use crate::domain::grade::plan::{Batch, FileState, Plan};
use crate::domain::grade::record::ExerciseGrade;
use crate::infra::error::{Error, Result};
use crate::infra::verdict_cache::Cache;

/// The cache in `dir`, for this course and these limits.
pub fn open(dir: &Path, course: &Course, options: &Options) -> Result<Cache> {
    let limits = format!(
        "timeout={:?} compile={:?} memory={} sandbox={}",
        options.timeout, options.compile_timeout, options.memory_bytes, options.sandbox
    );
    Cache::new(dir, &course.version(), &limits).map_err(|error| Error::io("create", dir, error))
}

/// The cache key of plan key `key`.
pub fn key_of(
    cache: &Cache,
    course: &Course,
    plan: &Plan,
    files: &[Vec<FileState>],
    key: usize,
) -> String {
    let key = plan.keys[key];
    let FileState::Present(bytes) = &files[key.holder][key.exercise] else {
        unreachable!("keys are made of present files")
    };
    cache.key(&course.exercises[key.exercise].name, bytes)
}

/// The grade of every plan key the cache holds for all of the key's owners.
pub fn lookup(
    cache: Option<&Cache>,
    course: &Course,
    plan: &Plan,
    files: &[Vec<FileState>],
    ids: &[&str],
) -> Vec<Option<ExerciseGrade>> {
    let mut grades = vec![None; plan.keys.len()];
    let Some(cache) = cache else {
        return grades;
    };
    for batch in &plan.batches {
        let owners: Vec<&str> = batch.owners.iter().map(|&idx| ids[idx]).collect();
        for &key in &batch.keys {
            grades[key] = cache.get(&key_of(cache, course, plan, files, key), &owners);
        }
    }
    grades
}

/// The plan's batches without the keys already graded (and without batches left empty). A
/// batch that lost some keys keeps its owners: what is left is still only their code.
pub fn pending(plan: &Plan, grades: &[Option<ExerciseGrade>]) -> Plan {
    let batches = plan
        .batches
        .iter()
        .map(|batch| Batch {
            owners: batch.owners.clone(),
            keys: batch
                .keys
                .iter()
                .copied()
                .filter(|&key| grades[key].is_none())
                .collect(),
        })
        .filter(|batch| !batch.keys.is_empty())
        .collect();
    Plan {
        cells: plan.cells.clone(),
        keys: plan.keys.clone(),
        batches,
    }
}
