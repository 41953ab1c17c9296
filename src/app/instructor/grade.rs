//! Grading a class: find every workbook under the given paths, check each learner's exercises
//! against the course's visible and grading tests, re-score their quizzes, and return the
//! records. Never prints (reports are `report`'s job) and never writes into a submission.
//!
//! Speed comes from doing little: an untouched or missing file is `not_attempted` without
//! compiling; identical files (same exercise, same bytes) are checked once for the whole class;
//! one learner's remaining exercises compile as one test crate (`Checker::check_batch`); and
//! submissions are graded in parallel.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use std::process::ExitCode;

use crate::app::cli::GradeArgs;
use crate::app::config::Config;
use crate::app::ui;
use crate::domain::course::Course;
use crate::domain::grade::record::{ClassReport, ExerciseGrade, QuizGrade, Submission, Summary};
use crate::domain::quiz::score;
use crate::domain::status::Status;
use crate::domain::verdict::{Checked, Verdict};
use crate::infra::checker::{Checker, Sandbox, Unit};
use crate::infra::discover;
use crate::infra::error::{Error, Result};
use crate::infra::process::Limits;

/// How to grade.
#[derive(Debug, Clone)]
pub struct Options {
    pub jobs: usize,
    pub timeout: Duration,
    /// `(k, n)`: grade only the k-th of n slices (1-based).
    pub shard: Option<(usize, usize)>,
    pub sandbox: bool,
}

/// A learner's file that needs compiling: which exercise, and its bytes (borrowed from the
/// files read once at the start).
type Key<'a> = (usize, &'a [u8]);

/// Grades every submission under `paths`. `on_progress(done, total)` follows the batches.
pub fn grade(
    course: &Course,
    paths: &[PathBuf],
    options: &Options,
    mut on_progress: impl FnMut(usize, usize) + Send,
) -> Result<ClassReport> {
    let mut found = discover::submissions(paths);
    if let Some((k, n)) = options.shard {
        found = discover::shard(found, k, n);
    }
    let sandbox = if options.sandbox {
        Sandbox::detect()
    } else {
        Sandbox::None
    };
    let scratch = tempfile::Builder::new()
        .prefix("statelings-grade-")
        .tempdir()
        .map_err(|error| Error::io("create", std::env::temp_dir(), error))?;
    let limits = Limits {
        memory_bytes: Some(2 << 30),
        file_bytes: Some(64 << 20),
        processes: Some(4096),
        ..Limits::new(options.timeout)
    };
    let checker = Checker::new(scratch.path().to_path_buf(), options.timeout)
        .confine(limits, sandbox)
        .colour(false);

    // Read every submission; decide what needs compiling, and who compiles each unique file.
    let files: Vec<Vec<Option<std::io::Result<Vec<u8>>>>> = found
        .iter()
        .map(|submission| {
            course
                .exercises
                .iter()
                .map(|exercise| read(&submission.dir.join(&exercise.path)))
                .collect()
        })
        .collect();
    let mut owner: HashMap<Key, usize> = HashMap::new();
    let mut batches: Vec<Vec<usize>> = vec![Vec::new(); found.len()];
    for (sub_idx, sub_files) in files.iter().enumerate() {
        for (ex_idx, file) in sub_files.iter().enumerate() {
            if let Some(Ok(bytes)) = file {
                if bytes.as_slice() != course.exercises[ex_idx].stub.as_bytes() {
                    owner.entry((ex_idx, bytes.as_slice())).or_insert_with(|| {
                        batches[sub_idx].push(ex_idx);
                        sub_idx
                    });
                }
            }
        }
    }

    let work: Vec<usize> = (0..found.len())
        .filter(|&idx| !batches[idx].is_empty())
        .collect();
    let total = work.len();
    let mut done = 0;
    let checked = crate::infra::parallel::map(
        work,
        options.jobs,
        |sub_idx| {
            let units: Vec<Unit> = batches[sub_idx]
                .iter()
                .map(|&ex_idx| Unit {
                    exercise: &course.exercises[ex_idx],
                    bytes: match &files[sub_idx][ex_idx] {
                        Some(Ok(bytes)) => bytes,
                        _ => unreachable!("only readable files are batched"),
                    },
                })
                .collect();
            let slot = format!("s{sub_idx}");
            let result = checker.check_batch(&units, &slot);
            // Each batch leaves a test binary of several MiB; a class's worth would add up.
            let _ = std::fs::remove_dir_all(scratch.path().join(&slot));
            (sub_idx, result)
        },
        |_| {
            done += 1;
            on_progress(done, total);
        },
    );
    let mut verdicts: HashMap<Key, Checked> = HashMap::new();
    for (sub_idx, results) in checked {
        for (ex_idx, result) in batches[sub_idx].iter().zip(results?) {
            let Some(Ok(bytes)) = &files[sub_idx][*ex_idx] else {
                unreachable!()
            };
            verdicts.insert((*ex_idx, bytes.as_slice()), result);
        }
    }

    let submissions: Vec<Submission> = found
        .iter()
        .zip(&files)
        .map(|(submission, sub_files)| assemble(course, submission, sub_files, &verdicts))
        .collect();
    Ok(ClassReport {
        statelings: env!("CARGO_PKG_VERSION").to_owned(),
        sandbox: sandbox.label().to_owned(),
        shard: options.shard.map(|(k, n)| format!("{k}/{n}")),
        summary: Summary::of(&submissions),
        submissions,
    })
}

/// Joins shard reports into one, recomputing the summary. The same submission in two reports is
/// an error (the shards overlap).
pub fn merge(reports: Vec<(PathBuf, ClassReport)>) -> std::result::Result<ClassReport, String> {
    let mut submissions: Vec<Submission> = Vec::new();
    let mut sandbox = String::new();
    for (path, report) in reports {
        for submission in report.submissions {
            if submissions.iter().any(|known| known.id == submission.id) {
                return Err(format!(
                    "submission `{}` appears twice (again in `{}`)",
                    submission.id,
                    path.display()
                ));
            }
            submissions.push(submission);
        }
        if sandbox.is_empty() || sandbox == report.sandbox {
            sandbox = report.sandbox;
        } else {
            sandbox = "mixed".to_owned();
        }
    }
    submissions.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(ClassReport {
        statelings: env!("CARGO_PKG_VERSION").to_owned(),
        sandbox,
        shard: None,
        summary: Summary::of(&submissions),
        submissions,
    })
}

/// `None` when the file is missing.
fn read(path: &Path) -> Option<std::io::Result<Vec<u8>>> {
    match std::fs::read(path) {
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
        result => Some(result),
    }
}

fn assemble(
    course: &Course,
    found: &discover::Found,
    files: &[Option<std::io::Result<Vec<u8>>>],
    verdicts: &HashMap<Key<'_>, Checked>,
) -> Submission {
    let mut problems = Vec::new();
    let exercises: Vec<ExerciseGrade> = course
        .exercises
        .iter()
        .enumerate()
        .map(|(ex_idx, exercise)| {
            let not_attempted = |message: String| ExerciseGrade {
                name: exercise.name.clone(),
                chapter: course.chapters[exercise.chapter].dir.clone(),
                status: Status::NotAttempted,
                tampered: false,
                tests_passed: 0,
                tests_total: exercise.tests.len() + exercise.grading_tests.len(),
                points: 0,
                max_points: exercise.points,
                message,
            };
            match &files[ex_idx] {
                None => not_attempted("the file is missing".to_owned()),
                Some(Err(error)) => {
                    problems.push(format!("cannot read `{}`: {error}", exercise.path));
                    not_attempted(format!("the file cannot be read: {error}"))
                }
                Some(Ok(bytes)) if bytes.as_slice() == exercise.stub.as_bytes() => {
                    not_attempted("the file is unchanged from the starting code".to_owned())
                }
                Some(Ok(bytes)) => {
                    let checked = &verdicts[&(ex_idx, bytes.as_slice())];
                    grade_of(course, ex_idx, checked)
                }
            }
        })
        .collect();
    let quizzes: Vec<QuizGrade> = grade_quizzes(course, &found.dir, &mut problems);
    let score = exercises.iter().map(|e| e.points).sum::<u32>()
        + quizzes.iter().map(|q| q.score).sum::<u32>();
    let max_score = exercises.iter().map(|e| e.max_points).sum::<u32>()
        + quizzes.iter().map(|q| q.max_score).sum::<u32>();
    Submission {
        id: found.id.clone(),
        score,
        max_score,
        exercises,
        quizzes,
        problems,
    }
}

fn grade_of(course: &Course, ex_idx: usize, checked: &Checked) -> ExerciseGrade {
    let exercise = &course.exercises[ex_idx];
    let expected = exercise.tests.len() + exercise.grading_tests.len();
    let (tests_passed, tests_total) = checked.verdict.counts(expected);
    let (status, mut message) = match &checked.verdict {
        Verdict::Passed { .. } => (Status::Passed, String::new()),
        Verdict::Failed {
            failures, problem, ..
        } => {
            let mut message = String::new();
            if let Some(problem) = problem {
                message.push_str(problem);
            }
            if let Some(first) = failures.first() {
                if !message.is_empty() {
                    message.push_str("; ");
                }
                let reason = first
                    .message
                    .lines()
                    .find(|line| !line.starts_with("panicked at"))
                    .unwrap_or("")
                    .trim();
                message.push_str(&format!(
                    "{} failed ({} in all): {reason}",
                    first.test,
                    failures.len()
                ));
            }
            (Status::Failed, message)
        }
        Verdict::CompileError { diagnostics } => (
            Status::CompileError,
            diagnostics
                .lines()
                .find(|line| line.starts_with("error"))
                .unwrap_or("does not compile")
                .to_owned(),
        ),
        Verdict::TimedOut { seconds } => (
            Status::TimedOut,
            format!("the tests ran longer than {seconds} s"),
        ),
    };
    if checked.tampered {
        if !message.is_empty() {
            message.push_str("; ");
        }
        message.push_str("the test block was edited (graded against the course's tests)");
    }
    ExerciseGrade {
        name: exercise.name.clone(),
        chapter: course.chapters[exercise.chapter].dir.clone(),
        status,
        tampered: checked.tampered,
        tests_passed,
        tests_total,
        points: if status == Status::Passed {
            exercise.points
        } else {
            0
        },
        max_points: exercise.points,
        message,
    }
}

/// `statelings grade`: grade (or `--merge`), render, write; exit 0 whenever grading completed.
pub fn command(config: &Config, args: &GradeArgs) -> Result<ExitCode> {
    let course = config.load_course()?;
    let out = args.out.as_deref();
    if let Some(out) = out {
        // Fail before grading, not after, when the report cannot be written.
        let dir = out
            .parent()
            .filter(|dir| !dir.as_os_str().is_empty())
            .unwrap_or(std::path::Path::new("."));
        tempfile::NamedTempFile::new_in(dir).map_err(|error| Error::io("write", out, error))?;
    }
    let report = if args.merge {
        let mut reports = Vec::new();
        for path in &args.paths {
            let text = std::fs::read(path).map_err(|error| Error::io("read", path, error))?;
            let report = serde_json::from_slice(&text).map_err(|error| Error::BadReport {
                path: path.clone(),
                message: error.to_string(),
            })?;
            reports.push((path.clone(), report));
        }
        merge(reports).map_err(Error::Usage)?
    } else {
        for path in &args.paths {
            if !path.exists() {
                return Err(Error::io("read", path, std::io::ErrorKind::NotFound.into()));
            }
        }
        let options = Options {
            jobs: crate::infra::parallel::jobs(args.jobs),
            timeout: config.timeout,
            shard: args.shard,
            sandbox: args.sandbox,
        };
        let mut counter: Option<ui::Counter> = None;
        let report = grade(&course, &args.paths, &options, |_, total| {
            counter
                .get_or_insert_with(|| ui::Counter::new("Grading", total))
                .tick();
        })?;
        if let Some(counter) = &counter {
            counter.finish();
        }
        report
    };
    let style = if out.is_some() {
        crate::domain::style::Style::plain()
    } else {
        ui::out()
    };
    let text = crate::domain::report::render(&report, args.format.format(), style)
        .map_err(Error::Usage)?;
    match out {
        Some(out) => {
            crate::infra::atomic_file::write(out, text.as_bytes())?;
            eprintln!(
                "Graded {} submissions; the report is in `{}`.",
                report.submissions.len(),
                out.display()
            );
        }
        None => print!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}

/// The quiz results recorded in a submission, re-scored against the course's keys: the best of
/// the attempts the workbook keeps (best and last), never a score the workbook states. A missing
/// or damaged progress file is noted in `problems` (what could be salvaged is still scored). A
/// quiz that is sealed in this edition of the course has no keys to score with, so it is left
/// out.
pub fn grade_quizzes(
    course: &Course,
    workbook: &Path,
    problems: &mut Vec<String>,
) -> Vec<QuizGrade> {
    use crate::infra::workbook::{ProgressProblem, Workbook};

    let loaded = Workbook::open(workbook).and_then(|workbook| workbook.load_progress());
    let progress = match loaded {
        Ok(loaded) => {
            match loaded.problem {
                Some(ProgressProblem::Missing) => {
                    problems.push("no progress file, so no quiz answers were found".to_owned())
                }
                Some(ProgressProblem::Refused(refused)) => problems.push(format!(
                    "the progress file was not read ({refused}), so no quiz answers were found"
                )),
                Some(ProgressProblem::Damaged(damage)) => problems.push(format!(
                    "the progress file is damaged ({damage:?}); what could be read was scored"
                )),
                None => {}
            }
            Some(loaded.progress)
        }
        Err(error) => {
            problems.push(error.to_string());
            None
        }
    };
    course
        .quizzes
        .iter()
        .filter(|quiz| !quiz.sealed)
        .map(|quiz| {
            let record = progress
                .as_ref()
                .and_then(|progress| progress.quizzes.get(&quiz.id));
            let attempts = record
                .into_iter()
                .flat_map(|record| [&record.best, &record.last])
                .flatten();
            let best = attempts
                .map(|attempt| {
                    let answers: Vec<(&str, &serde_json::Value)> = attempt
                        .answers
                        .iter()
                        .map(|answer| (answer.question.as_str(), &answer.answer))
                        .collect();
                    score::rescore(quiz, &answers).0
                })
                .max();
            QuizGrade {
                name: quiz.id.clone(),
                score: best.unwrap_or(0),
                max_score: quiz.max_score(),
                taken: best.is_some(),
            }
        })
        .collect()
}
