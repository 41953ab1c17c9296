//! `statelings grade`: grading a class. Find every workbook under the paths, read each learner's
//! files safely, plan what to compile (`domain::grade::plan`), check the batches in parallel in a
//! sandbox, re-score the quizzes, and render the report. Never writes into a submission.
//!
//! Safe by default: code under test runs in bubblewrap, with limits per batch (control groups
//! where the machine allows them); without a sandbox, `grade` refuses unless `--no-sandbox`.

mod assemble;
mod merge;
mod quizzes;
mod setup;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use crate::app::cli::GradeArgs;
use crate::app::config::Config;
use crate::app::ui;
use crate::domain::course::Course;
use crate::domain::grade::plan::{self, FileState, Plan};
use crate::domain::grade::record::{ClassReport, Summary};
use crate::domain::report::Format;
use crate::domain::verdict::{Checked, Verdict};
use crate::infra::checker::{Checker, Unit};
use crate::infra::discover::{self, Found};
use crate::infra::error::{Error, Result};
use crate::infra::safe_file::{self, Refused};
use crate::infra::workbook::EXERCISE_CAP;

pub use merge::merge;
pub use quizzes::grade_quizzes;
pub use setup::check_out;

/// How to grade.
#[derive(Debug, Clone)]
pub struct Options {
    pub jobs: usize,
    /// The wall time of one run of a batch's tests.
    pub timeout: Duration,
    /// The wall time of all of one batch's compiling.
    pub compile_timeout: Duration,
    /// Memory for one batch's processes together (or each, without control groups).
    pub memory_bytes: u64,
    /// `(k, n)`: grade only the k-th of n slices (1-based).
    pub shard: Option<(usize, usize)>,
    /// Run code under test in the sandbox (the default; `--no-sandbox` turns it off).
    pub sandbox: bool,
    /// One report per learner (`--format gradescope --out DIR`): any number of submissions.
    pub per_learner: bool,
}

/// `statelings grade`: grade (or `--merge`), render, write; exit 0 whenever grading completed.
pub fn command(config: &Config, args: &GradeArgs) -> Result<ExitCode> {
    let format = args.format.format();
    if format == Format::Gradescope {
        return crate::app::instructor::gradescope::command(config, args);
    }
    if args.autograder {
        return Err(Error::Usage(
            "--autograder writes Gradescope's results: add `--format gradescope`".to_owned(),
        ));
    }
    if let Some(out) = &args.out {
        setup::check_out(out)?;
    }
    let report = report(config, args, false)?;
    for problem in &report.problems {
        eprintln!("{} {problem}", ui::err().warning("not graded:"));
    }
    let style = match args.out {
        Some(_) => crate::domain::style::Style::plain(),
        None => ui::out(),
    };
    let text = crate::domain::report::render(&report, format, style).map_err(Error::Usage)?;
    match &args.out {
        Some(out) => {
            crate::infra::atomic_file::write(out, text.as_bytes())?;
            let n = report.submissions.len();
            eprintln!(
                "Graded {n} {}; the report is in `{}`.",
                if n == 1 { "submission" } else { "submissions" },
                out.display()
            );
        }
        None => print!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}

/// The report the command line asks for: the paths graded (with a progress counter), or, with
/// `--merge`, the reports at the paths joined. `per_learner`: see `Options::per_learner`.
pub fn report(config: &Config, args: &GradeArgs, per_learner: bool) -> Result<ClassReport> {
    if args.merge {
        return merge::from_files(&args.paths);
    }
    let course = config.load_course()?;
    let options = Options {
        jobs: crate::infra::parallel::jobs(args.jobs),
        timeout: config.timeout,
        compile_timeout: Duration::from_secs(args.compile_timeout.max(1)),
        memory_bytes: args.memory.max(64) << 20,
        shard: args.shard,
        sandbox: !args.no_sandbox,
        per_learner,
    };
    let mut counter: Option<ui::Counter> = None;
    let report = grade(
        &course,
        &args.paths,
        &options,
        args.format.format(),
        |_, total| {
            counter
                .get_or_insert_with(|| ui::Counter::new("Grading", total))
                .tick();
        },
    )?;
    if let Some(counter) = &counter {
        counter.finish();
    }
    Ok(report)
}

/// Grades every submission under `paths`. `on_progress(done, total)` follows the batches.
pub fn grade(
    course: &Course,
    paths: &[PathBuf],
    options: &Options,
    format: Format,
    mut on_progress: impl FnMut(usize, usize) + Send,
) -> Result<ClassReport> {
    for path in paths {
        if std::fs::symlink_metadata(path).is_err() {
            return Err(Error::io("read", path, std::io::ErrorKind::NotFound.into()));
        }
    }
    let discovery = discover::submissions(paths);
    if discovery.found.is_empty() {
        return Err(Error::NoSubmissions {
            paths: paths.to_vec(),
            problems: discovery.problems,
        });
    }
    let mut found = discovery.found;
    if let Some((k, n)) = options.shard {
        found = discover::shard(found, k, n);
    }
    if format == Format::Gradescope && !options.per_learner && found.len() != 1 {
        return Err(Error::Usage(format!(
            "one results.json is for one submission, and {} were found: give `--out` a folder \
             to write one per learner (FOLDER/<id>/results.json)",
            found.len()
        )));
    }
    let (checker, level) = setup::checker(options)?;
    let files: Vec<Vec<FileState>> = found.iter().map(|sub| read_files(course, sub)).collect();
    let stubs: Vec<&str> = course.exercises.iter().map(|e| e.stub.as_str()).collect();
    let plan = plan::plan(&stubs, &files);
    let verdicts = check_batches(
        course,
        &checker,
        &plan,
        &files,
        options.jobs,
        &mut on_progress,
    )?;
    let submissions = found
        .iter()
        .enumerate()
        .map(|(idx, sub)| {
            assemble::submission(course, sub, &plan.cells[idx], &files[idx], &verdicts)
        })
        .collect::<Vec<_>>();
    Ok(ClassReport {
        statelings: env!("CARGO_PKG_VERSION").to_owned(),
        sandbox: level,
        shard: options.shard.map(|(k, n)| format!("{k}/{n}")),
        problems: discovery.problems,
        summary: Summary::of(&submissions),
        submissions,
    })
}

/// One learner's files, read without trusting them.
fn read_files(course: &Course, submission: &Found) -> Vec<FileState> {
    course
        .exercises
        .iter()
        .map(|exercise| {
            match safe_file::read_below(&submission.dir, Path::new(&exercise.path), EXERCISE_CAP) {
                Ok(bytes) => FileState::Present(bytes),
                Err(Refused::Missing) => FileState::Missing,
                Err(refused) => FileState::Refused(refused.to_string()),
            }
        })
        .collect()
}

/// Checks every batch of the plan, in parallel; the verdict of each key. A batch the runner
/// could not check (a compiler crash on that code, say) gets that as its verdict; if no batch
/// could be checked at all, the first error is returned.
fn check_batches(
    course: &Course,
    checker: &Checker,
    plan: &Plan,
    files: &[Vec<FileState>],
    jobs: usize,
    on_progress: &mut (impl FnMut(usize, usize) + Send),
) -> Result<Vec<Checked>> {
    let total = plan.batches.len();
    let mut done = 0;
    let results = crate::infra::parallel::map(
        plan.batches.iter().enumerate().collect(),
        jobs,
        |(batch_idx, batch)| {
            let units: Vec<Unit> = batch
                .keys
                .iter()
                .map(|&key| {
                    let key = plan.keys[key];
                    let FileState::Present(bytes) = &files[key.holder][key.exercise] else {
                        unreachable!("keys are made of present files")
                    };
                    Unit {
                        exercise: &course.exercises[key.exercise],
                        bytes,
                    }
                })
                .collect();
            checker.check_batch(&units, &format!("b{batch_idx}"))
        },
        |_| {
            done += 1;
            on_progress(done, total);
        },
    );
    let mut verdicts: Vec<Option<Checked>> = vec![None; plan.keys.len()];
    let mut first_error = None;
    let mut any_checked = plan.batches.is_empty();
    for (batch, result) in plan.batches.iter().zip(results) {
        match result {
            Ok(checked) => {
                any_checked = true;
                for (&key, checked) in batch.keys.iter().zip(checked) {
                    verdicts[key] = Some(checked);
                }
            }
            Err(error) => {
                for &key in &batch.keys {
                    verdicts[key] = Some(Checked {
                        verdict: Verdict::CompileError {
                            diagnostics: format!("error: the grader could not check this: {error}"),
                        },
                        tampered: false,
                    });
                }
                first_error.get_or_insert(error);
            }
        }
    }
    if let (false, Some(error)) = (any_checked, first_error) {
        return Err(error);
    }
    Ok(verdicts
        .into_iter()
        .map(|verdict| verdict.expect("every key is in a batch"))
        .collect())
}
