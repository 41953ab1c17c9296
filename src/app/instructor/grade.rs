//! `statelings grade`: grading a class. Find every workbook under the paths, read each learner's
//! files safely, plan what to compile (`domain::grade::plan`), check the batches in parallel in a
//! sandbox, re-score the quizzes, and render the report. Never writes into a submission.
//!
//! Safe by default: code under test runs in bubblewrap, with limits per batch (control groups
//! where the machine allows them); without a sandbox, `grade` refuses unless `--no-sandbox`.

mod assemble;
mod cached;
mod feedback;
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
use crate::domain::grade::record::{ClassReport, CourseShape, ExerciseGrade};
use crate::domain::report::Format;
use crate::domain::verdict::{Checked, Verdict};
use crate::infra::checker::{Checker, Unit};
use crate::infra::discover::{self, Found};
use crate::infra::error::{Error, Result};
use crate::infra::safe_file::{self, Refused};
use crate::infra::verdict_cache::Cache;
use crate::infra::workbook::EXERCISE_CAP;

pub use feedback::{check as check_feedback, write as write_feedback};
pub use quizzes::grade_quizzes;
pub use setup::{check_out, check_out_dir, path_for};

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
    /// Keep and reuse grades in this folder (`--cache`).
    pub cache: Option<PathBuf>,
    /// One report per learner (`--format gradescope --out DIR`): any number of submissions.
    pub per_learner: bool,
}

/// `statelings grade`: grade (or `--merge`), render, write; exit 0 whenever grading completed.
pub fn command(config: &Config, args: &GradeArgs) -> Result<ExitCode> {
    let format = args.format.format(args.csv_style);
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
    feedback::check(args)?;
    let report = report(config, args, false)?;
    feedback::write(config, args, &report)?;
    for problem in &report.problems {
        let problem = crate::domain::report::escape::terminal(problem);
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

/// The report the command line asks for: the paths graded (with progress on stderr), or, with
/// `--merge`, the reports at the paths joined; then the roster applied. `per_learner`: see
/// `Options::per_learner`.
pub fn report(config: &Config, args: &GradeArgs, per_learner: bool) -> Result<ClassReport> {
    // The roster is read, and refused if it is wrong, before anything is graded.
    let roster = args
        .roster
        .as_deref()
        .map(crate::infra::roster::read)
        .transpose()?;
    let mut report = if args.merge {
        merge::from_files(&args.paths, args.replace)?
    } else {
        let course = config.load_course()?;
        let options = Options {
            jobs: crate::infra::parallel::jobs(args.jobs),
            timeout: config.timeout,
            compile_timeout: Duration::from_secs(args.compile_timeout.max(1)),
            memory_bytes: args.memory.max(64) << 20,
            shard: args.shard,
            sandbox: !args.no_sandbox,
            cache: args.cache.clone(),
            per_learner,
        };
        let format = args.format.format(args.csv_style);
        let mut counter: Option<ui::Counter> = None;
        let (report, stats) = grade(&course, &args.paths, &options, format, |done, total| {
            counter
                .get_or_insert_with(|| ui::Counter::new("Grading submissions", total))
                .set(done);
        })?;
        if let Some(counter) = &counter {
            counter.finish();
        }
        if options.cache.is_some() {
            let files = stats.checked + stats.cached;
            eprintln!(
                "{files} distinct attempted {}: {} checked, {} from the cache.",
                if files == 1 { "file" } else { "files" },
                stats.checked,
                stats.cached
            );
        }
        report
    };
    if let Some(roster) = &roster {
        report.apply_roster(roster);
    }
    Ok(report)
}

/// How much work a grading run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Distinct attempted files compiled and run.
    pub checked: usize,
    /// Distinct attempted files whose grade came from the cache.
    pub cached: usize,
}

/// Grades every submission under `paths`. `on_progress(done, total)` counts submissions graded,
/// from the start (a submission is done when every batch holding its files is).
pub fn grade(
    course: &Course,
    paths: &[PathBuf],
    options: &Options,
    format: Format,
    on_progress: impl FnMut(usize, usize) + Send,
) -> Result<(ClassReport, Stats)> {
    let (found, problems) = find(paths, options, format)?;
    let (checker, level, _run_folder) = setup::checker(options)?;
    let files: Vec<Vec<FileState>> = found.iter().map(|sub| read_files(course, sub)).collect();
    let stubs: Vec<&str> = course.exercises.iter().map(|e| e.stub.as_str()).collect();
    let plan = plan::plan(&stubs, &files);
    let cache = match &options.cache {
        Some(dir) => Some(cached::open(dir, course, options)?),
        None => None,
    };
    let ids: Vec<&str> = found.iter().map(|sub| sub.id.as_str()).collect();
    let run = Run {
        course,
        plan: &plan,
        files: &files,
        ids: &ids,
        cache: cache.as_ref(),
    };
    let (grades, stats) = run.grade_keys(&checker, options.jobs, on_progress)?;
    let submissions = found
        .iter()
        .enumerate()
        .map(|(idx, sub)| assemble::submission(course, sub, &plan.cells[idx], &files[idx], &grades))
        .collect::<Vec<_>>();
    let report = ClassReport::new(
        CourseShape::of(course),
        level,
        options.shard.map(|(k, n)| format!("{k}/{n}")),
        problems,
        submissions,
    );
    Ok((report, stats))
}

/// The submissions to grade (this shard's), and what was found and not graded. An error when
/// a path does not exist, nothing was found, or the format cannot hold what was found.
fn find(paths: &[PathBuf], options: &Options, format: Format) -> Result<(Vec<Found>, Vec<String>)> {
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
    Ok((found, discovery.problems))
}

/// One grading run's plan and what it reads from.
struct Run<'a> {
    course: &'a Course,
    plan: &'a Plan,
    files: &'a [Vec<FileState>],
    ids: &'a [&'a str],
    cache: Option<&'a Cache>,
}

impl Run<'_> {
    /// The grade of every key of the plan: from the cache, or checked (and then cached).
    fn grade_keys(
        &self,
        checker: &Checker,
        jobs: usize,
        mut on_progress: impl FnMut(usize, usize) + Send,
    ) -> Result<(Vec<ExerciseGrade>, Stats)> {
        let (plan, course) = (self.plan, self.course);
        let mut grades = cached::lookup(self.cache, course, plan, self.files, self.ids);
        let pending = cached::pending(plan, &grades);
        let stats = Stats {
            cached: grades.iter().filter(|grade| grade.is_some()).count(),
            checked: pending.batches.iter().map(|batch| batch.keys.len()).sum(),
        };
        let total = self.ids.len();
        let mut waiting = vec![0usize; total];
        for batch in &pending.batches {
            for &owner in &batch.owners {
                waiting[owner] += 1;
            }
        }
        let mut done = waiting.iter().filter(|&&n| n == 0).count();
        on_progress(done, total);
        let verdicts = check_batches(course, checker, &pending, self.files, jobs, |batch| {
            for &owner in &pending.batches[batch].owners {
                waiting[owner] -= 1;
                done += usize::from(waiting[owner] == 0);
            }
            on_progress(done, total);
        })?;
        for (batch, (checked, seconds)) in pending.batches.iter().zip(verdicts) {
            let owners: Vec<&str> = batch.owners.iter().map(|&idx| self.ids[idx]).collect();
            for (&key, checked) in batch.keys.iter().zip(checked) {
                let held = plan.keys[key];
                let file = &self.files[held.holder][held.exercise];
                let grade = ExerciseGrade {
                    seconds,
                    ..assemble::grade_of(course, held.exercise, file, &checked)
                };
                if let Some(cache) = self.cache {
                    let cache_key = cached::key_of(cache, course, plan, self.files, key);
                    cache.put(&cache_key, &grade, &owners);
                }
                grades[key] = Some(grade);
            }
        }
        let grades = grades
            .into_iter()
            .map(|grade| grade.expect("every key is graded or cached"))
            .collect();
        Ok((grades, stats))
    }
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

/// Checks every batch of the plan, in parallel: the verdicts of each batch's keys, in order. A
/// batch the runner could not check (a compiler crash on that code, say) gets that as its
/// verdict; if no batch could be checked at all, the first error is returned.
fn check_batches(
    course: &Course,
    checker: &Checker,
    plan: &Plan,
    files: &[Vec<FileState>],
    jobs: usize,
    mut on_batch_done: impl FnMut(usize) + Send,
) -> Result<Vec<(Vec<Checked>, f64)>> {
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
            let start = std::time::Instant::now();
            let result = checker.check_batch(&units, &format!("b{batch_idx}"));
            // Each file's share of its batch's time (compiled and run together).
            let share = start.elapsed().as_secs_f64() / units.len().max(1) as f64;
            (batch_idx, result.map(|checked| (checked, share)))
        },
        |(batch_idx, _)| on_batch_done(*batch_idx),
    );
    let mut first_error = None;
    let mut any_checked = plan.batches.is_empty();
    let mut checked = Vec::with_capacity(results.len());
    for (batch, (_, result)) in plan.batches.iter().zip(results) {
        match result {
            Ok(verdicts) => {
                any_checked = true;
                checked.push(verdicts);
            }
            Err(error) => {
                let verdict = Checked {
                    verdict: Verdict::CompileError {
                        diagnostics: format!("error: the grader could not check this: {error}"),
                    },
                    tampered: false,
                };
                checked.push((vec![verdict; batch.keys.len()], 0.0));
                first_error.get_or_insert(error);
            }
        }
    }
    match (any_checked, first_error) {
        (false, Some(error)) => Err(error),
        _ => Ok(checked),
    }
}
