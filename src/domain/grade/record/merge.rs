//! `grade --merge`, pure: joining reports (one per shard, plus re-graded learners) into one, and
//! refusing what does not add up: reports of different course versions, a shard missing or given
//! twice, the same learner twice (unless `--replace`: a later report's record replaces the
//! earlier one, for a learner graded again).

use thiserror::Error;

use super::{ClassReport, Submission};

/// Why reports cannot be merged; each names the report files concerned.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum MergeError {
    #[error("there is no report to merge")]
    Empty,
    #[error("`{label}` carries no course version (an older statelings wrote it): grade that class again to merge it")]
    NoVersion { label: String },
    #[error("`{label}` was graded against course version {version}, but `{first}` against {first_version}: only reports of the same course can be merged")]
    OtherCourse {
        label: String,
        version: String,
        first: String,
        first_version: String,
    },
    #[error("`{label}` says it is shard `{shard}`, which is not K/N")]
    BadShard { label: String, shard: String },
    #[error("`{label}` is a shard of {n}, but `{other}` a shard of {other_n}: merge the shards of one split")]
    OtherSplit {
        label: String,
        n: usize,
        other: String,
        other_n: usize,
    },
    #[error("shard {k}/{n} is given twice (`{first}` and `{second}`)")]
    ShardTwice {
        k: usize,
        n: usize,
        first: String,
        second: String,
    },
    #[error("shard {} {} missing: merge every shard of the class (grade the missing one with --shard {})", .absent.join(", "), if .absent.len() == 1 { "is" } else { "are" }, .absent[0])]
    ShardsMissing { absent: Vec<String> },
    #[error("submission `{id}` appears twice (in `{first}` and again in `{second}`); pass --replace to let the later report's record replace the earlier one")]
    Duplicate {
        id: String,
        first: String,
        second: String,
    },
}

/// One report to merge, with how to name it in a message (its file).
#[derive(Debug, Clone)]
pub struct Part {
    pub label: String,
    pub report: ClassReport,
}

/// Joins `parts` in order. With `replace`, a submission found again (same folder) replaces the
/// one before it; without, that is an error.
pub fn merge(parts: Vec<Part>, replace: bool) -> Result<ClassReport, MergeError> {
    let Some(first) = parts.first() else {
        return Err(MergeError::Empty);
    };
    for part in &parts {
        if part.report.course.version.is_empty() {
            return Err(MergeError::NoVersion {
                label: part.label.clone(),
            });
        }
        if part.report.course.version != first.report.course.version {
            return Err(MergeError::OtherCourse {
                label: part.label.clone(),
                version: part.report.course.version.clone(),
                first: first.label.clone(),
                first_version: first.report.course.version.clone(),
            });
        }
    }
    check_shards(&parts)?;
    let course = first.report.course.clone();
    let mut submissions: Vec<(String, Submission)> = Vec::new();
    let mut problems: Vec<String> = Vec::new();
    let mut missing = Vec::new();
    let mut sandboxes: Vec<String> = Vec::new();
    for Part { label, report } in parts {
        for submission in report.submissions {
            let key = identity(&submission).to_owned();
            match submissions
                .iter()
                .position(|(_, known)| identity(known) == key)
            {
                Some(at) if replace => submissions[at] = (label.clone(), submission),
                Some(at) => {
                    return Err(MergeError::Duplicate {
                        id: key,
                        first: submissions[at].0.clone(),
                        second: label,
                    })
                }
                None => submissions.push((label.clone(), submission)),
            }
        }
        for problem in report.problems {
            if !problems.contains(&problem) {
                problems.push(problem);
            }
        }
        for learner in report.missing {
            if !missing.contains(&learner) {
                missing.push(learner);
            }
        }
        if !sandboxes.contains(&report.sandbox) {
            sandboxes.push(report.sandbox);
        }
    }
    let mut submissions: Vec<Submission> = submissions.into_iter().map(|(_, s)| s).collect();
    submissions.sort_by(|a, b| a.id.cmp(&b.id));
    let sandbox = match sandboxes.as_slice() {
        [one] => one.clone(),
        many => format!("mixed: {}", many.join("; ")),
    };
    let mut merged = ClassReport::new(course, sandbox, None, problems, submissions);
    merged.missing = missing;
    Ok(merged)
}

/// What makes two records the same learner's: the folder (the id when an older report has none).
fn identity(submission: &Submission) -> &str {
    if submission.folder.is_empty() {
        &submission.id
    } else {
        &submission.folder
    }
}

/// Shards must be of one split (the same N), each K once, none missing. Reports that are not
/// shards (a whole class, a learner graded again) may come with them.
fn check_shards(parts: &[Part]) -> Result<(), MergeError> {
    let mut shards: Vec<(usize, usize, &str)> = Vec::new();
    for part in parts {
        let Some(shard) = &part.report.shard else {
            continue;
        };
        let parsed = shard
            .split_once('/')
            .and_then(|(k, n)| Some((k.trim().parse().ok()?, n.trim().parse().ok()?)))
            .filter(|&(k, n): &(usize, usize)| k >= 1 && k <= n);
        let Some((k, n)) = parsed else {
            return Err(MergeError::BadShard {
                label: part.label.clone(),
                shard: shard.clone(),
            });
        };
        if let Some((_, other_n, other)) = shards.iter().find(|(_, other_n, _)| *other_n != n) {
            return Err(MergeError::OtherSplit {
                label: part.label.clone(),
                n,
                other: (*other).to_owned(),
                other_n: *other_n,
            });
        }
        if let Some((_, _, other)) = shards.iter().find(|(other_k, _, _)| *other_k == k) {
            return Err(MergeError::ShardTwice {
                k,
                n,
                first: (*other).to_owned(),
                second: part.label.clone(),
            });
        }
        shards.push((k, n, &part.label));
    }
    if let Some(&(_, n, _)) = shards.first() {
        let absent: Vec<String> = (1..=n)
            .filter(|k| !shards.iter().any(|(have, _, _)| have == k))
            .map(|k| format!("{k}/{n}"))
            .collect();
        if !absent.is_empty() {
            return Err(MergeError::ShardsMissing { absent });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::{CourseExercise, CourseShape, ExerciseGrade, Status};
    use super::*;

    fn course(version: &str) -> CourseShape {
        CourseShape {
            version: version.to_owned(),
            exercises: vec![CourseExercise {
                name: "one".to_owned(),
                chapter: "01_x".to_owned(),
                points: 10,
            }],
            quizzes: Vec::new(),
        }
    }

    fn learner(folder: &str, points: u32) -> Submission {
        Submission {
            id: folder.to_owned(),
            folder: folder.to_owned(),
            name: String::new(),
            email: String::new(),
            score: points,
            max_score: 10,
            exercises: vec![ExerciseGrade {
                name: "one".to_owned(),
                chapter: "01_x".to_owned(),
                status: if points > 0 {
                    Status::Passed
                } else {
                    Status::Failed
                },
                tampered: false,
                tests_passed: 0,
                tests_total: 1,
                points,
                max_points: 10,
                message: String::new(),
                seconds: 0.0,
                digest: None,
                failures: Vec::new(),
                hidden_tests: 0,
                detail: String::new(),
            }],
            quizzes: Vec::new(),
            problems: Vec::new(),
        }
    }

    fn part(label: &str, version: &str, shard: Option<&str>, learners: Vec<Submission>) -> Part {
        Part {
            label: label.to_owned(),
            report: ClassReport::new(
                course(version),
                "bubblewrap".to_owned(),
                shard.map(str::to_owned),
                Vec::new(),
                learners,
            ),
        }
    }

    #[test]
    fn shards_that_add_up_merge_in_id_order() {
        let merged = merge(
            vec![
                part("2.json", "v1", Some("2/2"), vec![learner("bob", 0)]),
                part("1.json", "v1", Some("1/2"), vec![learner("alice", 10)]),
            ],
            false,
        )
        .unwrap();
        let ids: Vec<_> = merged.submissions.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["alice", "bob"]);
        assert_eq!(merged.shard, None);
        assert_eq!(merged.summary.exercises[0].pass_rate, Some(0.5));
    }

    #[test]
    fn a_missing_shard_is_named() {
        let error = merge(
            vec![
                part("1.json", "v1", Some("1/3"), vec![learner("a", 10)]),
                part("3.json", "v1", Some("3/3"), vec![learner("c", 10)]),
            ],
            false,
        )
        .unwrap_err()
        .to_string();
        assert!(error.contains("shard 2/3 is missing"), "{error}");
    }

    #[test]
    fn a_shard_twice_or_of_another_split_is_refused() {
        let twice = merge(
            vec![
                part("a.json", "v1", Some("1/2"), vec![learner("a", 10)]),
                part("b.json", "v1", Some("1/2"), vec![learner("b", 10)]),
            ],
            false,
        )
        .unwrap_err()
        .to_string();
        assert!(twice.contains("shard 1/2 is given twice"), "{twice}");
        let split = merge(
            vec![
                part("a.json", "v1", Some("1/2"), vec![]),
                part("b.json", "v1", Some("2/3"), vec![]),
            ],
            false,
        )
        .unwrap_err()
        .to_string();
        assert!(split.contains("a shard of 3"), "{split}");
    }

    #[test]
    fn different_course_versions_are_refused() {
        let error = merge(
            vec![
                part("a.json", "v1", None, vec![learner("a", 10)]),
                part("b.json", "v2", None, vec![learner("b", 10)]),
            ],
            false,
        )
        .unwrap_err()
        .to_string();
        assert!(
            error
                .contains("`b.json` was graded against course version v2, but `a.json` against v1"),
            "{error}"
        );
        let old = merge(vec![part("old.json", "", None, vec![])], false)
            .unwrap_err()
            .to_string();
        assert!(old.contains("no course version"), "{old}");
    }

    #[test]
    fn a_regraded_learner_replaces_the_record_only_when_asked() {
        let parts = || {
            vec![
                part(
                    "class.json",
                    "v1",
                    None,
                    vec![learner("a", 0), learner("b", 0)],
                ),
                part("a-again.json", "v1", None, vec![learner("a", 10)]),
            ]
        };
        let error = merge(parts(), false).unwrap_err().to_string();
        assert!(error.contains("submission `a` appears twice"), "{error}");
        assert!(error.contains("--replace"), "{error}");
        let merged = merge(parts(), true).unwrap();
        assert_eq!(merged.submissions.len(), 2);
        assert_eq!(merged.submissions[0].score, 10);
        assert_eq!(merged.summary.exercises[0].passed, 1);
    }
}
