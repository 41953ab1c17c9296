//! `statelings verify`, for course authors: the course is consistent. Every exercise has
//! metadata, hints, a takeaway, a solution and a chapter README; every stub fails; every solution
//! passes its visible and grading tests; no file is orphaned. Problems name file and line.

use std::process::ExitCode;

use crate::app::config::Config;
use crate::app::ui;
use crate::domain::course::structure::{self, Problem};
use crate::domain::course::{Course, CourseError, Exercise};
use crate::domain::verdict::{Checked, Verdict};
use crate::infra::checker::{Checker, Unit};
use crate::infra::error::{Result, EXIT_NEGATIVE};

/// The most CPU time one exercise's visible and grading tests may take, run alone in a debug
/// build. CPU time rather than wall time: it does not grow when the machine is busy.
const MAX_TEST_CPU: std::time::Duration = std::time::Duration::from_millis(300);

/// One unit of `verify`'s dynamic work.
#[derive(Debug, Clone, Copy)]
enum Job {
    /// Every solution, in one batch crate.
    Solutions,
    /// The stub of exercise N.
    Stub(usize),
    /// Mutant M of exercise N.
    Mutant(usize, usize),
}

/// Which tests caught a mutant, for the author's report.
#[derive(Debug)]
struct Caught {
    exercise: String,
    label: String,
    wrong: String,
    /// `Some(true)`: the visible tests fail; `Some(false)`: only the grading tests do; `None`:
    /// it passed everything (that is a problem too).
    by_visible: Option<bool>,
}

pub fn verify(config: &Config, jobs: Option<usize>, show_mutants: bool) -> Result<ExitCode> {
    let Some(course) = load(config)? else {
        return Ok(ExitCode::from(EXIT_NEGATIVE));
    };
    let toolchain = crate::infra::toolchain::Toolchain::find(None)?;
    let mut problems = structure::problems(&course);
    let mutant_report = if !course.has_solutions() {
        problems.push(Problem {
            file: "solutions/".to_owned(),
            line: None,
            message: "this edition has no solutions, so the exercises cannot be verified; verify \
                      the full course"
                .to_owned(),
            fatal: false,
        });
        Vec::new()
    } else {
        let (found, caught) = check_exercises(config, &course, &toolchain, jobs)?;
        problems.extend(found);
        caught
    };
    problems.extend(crate::app::author::snippets::verify(
        &course,
        &toolchain,
        config.timeout,
        crate::infra::parallel::jobs(jobs),
    ));
    print_mutants(&mutant_report, show_mutants);
    Ok(report(&course, &problems))
}

/// The course as it is (fatal structure problems included, so they are all reported); `None`
/// when it cannot be loaded at all, after printing why.
fn load(config: &Config) -> Result<Option<Course>> {
    match config.load_course_as_is() {
        Ok(course) => Ok(Some(course)),
        Err(crate::infra::error::Error::Course(CourseError::Quizzes(found))) => {
            for problem in &found {
                println!("{} {problem}", ui::failure("problem:"));
            }
            println!("{} problem(s) found", found.len());
            Ok(None)
        }
        Err(crate::infra::error::Error::Course(error)) => {
            println!("{} {error}", ui::failure("problem:"));
            Ok(None)
        }
        Err(error) => Err(error),
    }
}

/// The checks that compile and run, in parallel: every solution passes, every stub fails, every
/// mutant is caught. Returns the problems and how each mutant was caught.
fn check_exercises(
    config: &Config,
    course: &Course,
    toolchain: &crate::infra::toolchain::Toolchain,
    jobs: Option<usize>,
) -> Result<(Vec<Problem>, Vec<Caught>)> {
    let build = tempfile::Builder::new()
        .prefix("statelings-verify-")
        .tempdir()
        .map_err(|error| crate::infra::error::Error::io("create", std::env::temp_dir(), error))?;
    let checker = Checker::new(
        toolchain.clone(),
        build.path().to_path_buf(),
        config.timeout,
    );
    let total = course.exercises.len();
    // The solutions go into one test crate (as grading does); the stubs, which mostly do
    // not compile or pass, are checked one by one alongside it.
    let mutants: Vec<(usize, usize)> = course
        .exercises
        .iter()
        .enumerate()
        .flat_map(|(ex_idx, exercise)| {
            (0..exercise.mutants.len()).map(move |m_idx| (ex_idx, m_idx))
        })
        .filter(|&(ex_idx, m_idx)| course.exercises[ex_idx].mutants[m_idx].text.is_some())
        .collect();
    let work: Vec<Job> = std::iter::once(Job::Solutions)
        .chain((0..total).map(Job::Stub))
        .chain(mutants.iter().map(|&(ex, m)| Job::Mutant(ex, m)))
        .collect();
    let mut counter = ui::Counter::new("Verifying", work.len());
    let found = crate::infra::parallel::map(
        work,
        crate::infra::parallel::jobs(jobs),
        |job| match job {
            Job::Stub(idx) => check_stub(&checker, &course.exercises[idx])
                .map(|problem| (problem.into_iter().collect(), None)),
            Job::Solutions => check_solutions(&checker, course).map(|found| (found, None)),
            Job::Mutant(ex_idx, m_idx) => check_mutant(&checker, &course.exercises[ex_idx], m_idx)
                .map(|(problem, caught)| (problem.into_iter().collect(), Some(caught))),
        },
        |_| counter.tick(),
    );
    counter.finish();
    let mut problems = Vec::new();
    let mut mutant_report = Vec::new();
    for result in found {
        let (found, caught): (Vec<Problem>, Option<Caught>) = result?;
        problems.extend(found);
        if let Some(caught) = caught {
            mutant_report.push(caught);
        }
    }
    Ok((problems, mutant_report))
}

/// The verdict on the course: `ok` with its size, or every problem and their count.
fn report(course: &Course, problems: &[Problem]) -> ExitCode {
    if problems.is_empty() {
        println!(
            "{} the course is consistent: {} exercises in {} chapters; every stub fails and every \
             solution passes; {} quizzes with {} questions, every `predict_output` key is what its \
             program prints",
            ui::success("ok:"),
            course.exercises.len(),
            course.chapters.len(),
            course.quizzes.len(),
            course
                .quizzes
                .iter()
                .map(|quiz| quiz.questions.len())
                .sum::<usize>()
        );
        return ExitCode::SUCCESS;
    }
    for problem in problems {
        println!("{} {problem}", ui::failure("problem:"));
    }
    println!("{} problem(s) found", problems.len());
    ExitCode::from(EXIT_NEGATIVE)
}

/// A mutant must fail its visible and grading tests; with `visible: true`, the visible tests
/// alone must catch it. Returns the problem, if any, and which tests caught it.
fn check_mutant(
    checker: &Checker,
    exercise: &Exercise,
    m_idx: usize,
) -> Result<(Option<Problem>, Caught)> {
    let mutant = &exercise.mutants[m_idx];
    let text = mutant.text.as_deref().unwrap_or_default().as_bytes();
    let full = checker.check(exercise, text, true)?;
    if let Verdict::Rejected { reasons } = &full.verdict {
        let caught = Caught {
            exercise: exercise.name.clone(),
            label: mutant.label.clone(),
            wrong: mutant.wrong.clone(),
            by_visible: None,
        };
        let problem = Problem {
            file: mutant.path.clone(),
            line: None,
            message: format!(
                "the gate refuses the mutant `{}`, so it says nothing about the tests: {}",
                mutant.label,
                describe(reasons)
            ),
            fatal: false,
        };
        return Ok((Some(problem), caught));
    }
    let by_visible = match &full.verdict {
        Verdict::Passed { .. } => None,
        Verdict::Failed {
            failures,
            problem: None,
            ..
        } => Some(
            failures
                .iter()
                .any(|failure| exercise.tests.contains(&failure.test)),
        ),
        _ => {
            let visible = checker.check(exercise, text, false)?;
            Some(!visible.verdict.passed())
        }
    };
    let problem = match by_visible {
        None => Some(format!(
            "the mutant `{}` ({}) passes the visible and grading tests; strengthen the tests \
             until it fails",
            mutant.label, mutant.wrong
        )),
        Some(false) if mutant.visible => Some(format!(
            "the mutant `{}` ({}) is marked `visible: true` but only the grading tests catch it; \
             a learner would see PASSED and lose the points",
            mutant.label, mutant.wrong
        )),
        Some(_) => None,
    };
    let caught = Caught {
        exercise: exercise.name.clone(),
        label: mutant.label.clone(),
        wrong: mutant.wrong.clone(),
        by_visible,
    };
    Ok((
        problem.map(|message| Problem {
            file: mutant.path.clone(),
            line: None,
            message,
            fatal: false,
        }),
        caught,
    ))
}

/// How the mutants fared: a count, the ones only grading catches, and with `all` every one.
fn print_mutants(report: &[Caught], all: bool) {
    if report.is_empty() {
        return;
    }
    let visible = report.iter().filter(|c| c.by_visible == Some(true)).count();
    let grading_only = report
        .iter()
        .filter(|c| c.by_visible == Some(false))
        .count();
    println!(
        "mutants: {} known-wrong solutions; {visible} caught by the visible tests, {grading_only} \
         only by the grading tests",
        report.len()
    );
    for caught in report {
        let by = match caught.by_visible {
            Some(true) => "visible tests",
            Some(false) => "grading only",
            None => "NOT CAUGHT",
        };
        if all || caught.by_visible != Some(true) {
            println!(
                "  {by:<13} {}/{}: {}",
                caught.exercise, caught.label, caught.wrong
            );
        }
    }
}

/// The stub must not pass its tests.
fn check_stub(checker: &Checker, exercise: &Exercise) -> Result<Option<Problem>> {
    let checked = checker.check(exercise, exercise.stub.as_bytes(), false)?;
    let message = match &checked.verdict {
        Verdict::Passed { .. } => {
            "the stub passes its tests; it must fail until the learner does the work".to_owned()
        }
        Verdict::Rejected { reasons } => format!(
            "the gate refuses the stub, so a learner could not even start: {}",
            describe(reasons)
        ),
        _ => return Ok(None),
    };
    Ok(Some(Problem {
        file: exercise.path.clone(),
        line: None,
        message,
        fatal: false,
    }))
}

fn describe(reasons: &[crate::domain::verdict::Rejection]) -> String {
    reasons
        .iter()
        .map(|reason| {
            format!(
                "{}:{}: {} [{}]",
                reason.line,
                reason.column,
                reason.message,
                reason.reason.id()
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Every solution must pass its visible and grading tests (checked as one batch).
fn check_solutions(checker: &Checker, course: &Course) -> Result<Vec<Problem>> {
    let solved: Vec<(&Exercise, &String)> = course
        .exercises
        .iter()
        .filter_map(|exercise| {
            exercise
                .solution
                .as_ref()
                .map(|solution| (exercise, solution))
        })
        .collect();
    let units: Vec<Unit> = solved
        .iter()
        .map(|(exercise, solution)| Unit {
            exercise,
            bytes: solution.as_bytes(),
        })
        .collect();
    let checked = checker.check_batch(&units, "solutions")?;
    let times = checker.time_each(&units, "timing")?;
    let mut problems: Vec<Problem> = solved
        .iter()
        .zip(checked)
        .filter_map(|((exercise, _), checked)| solution_problem(exercise, checked))
        .collect();
    for ((exercise, _), time) in solved.iter().zip(times) {
        if let Some(time) = time.filter(|time| *time > MAX_TEST_CPU) {
            problems.push(Problem {
                file: exercise.grading_path(),
                line: None,
                message: format!(
                    "the solution's visible and grading tests take {:.2} s of CPU time; keep \
                     each exercise under {:.1} s (check a speed requirement by counting work, \
                     not by doing more of it)",
                    time.as_secs_f64(),
                    MAX_TEST_CPU.as_secs_f64()
                ),
                fatal: false,
            });
        }
    }
    Ok(problems)
}

/// What is wrong with a solution's verdict, if anything.
fn solution_problem(exercise: &Exercise, checked: Checked) -> Option<Problem> {
    let file = exercise.solution_path();
    match checked.verdict {
        Verdict::Passed { .. } => None,
        Verdict::CompileError { diagnostics } => Some(Problem {
            file,
            line: None,
            message: format!(
                "the solution (with its grading tests) does not compile:\n{diagnostics}"
            ),
            fatal: false,
        }),
        Verdict::Rejected { reasons } => Some(Problem {
            file,
            line: reasons.first().map(|reason| reason.line),
            message: format!("the gate refuses the solution: {}", describe(&reasons)),
            fatal: false,
        }),
        Verdict::TimedOut { seconds, .. } => Some(Problem {
            file,
            line: None,
            message: format!("the solution's tests ran longer than {seconds} s"),
            fatal: false,
        }),
        Verdict::Failed {
            failures, problem, ..
        } => {
            let mut message = String::from("the solution does not pass:");
            if let Some(problem) = problem {
                message.push_str(&format!(" {problem};"));
            }
            for failure in failures {
                message.push_str(&format!(
                    "\n  {}: {}",
                    failure.test,
                    failure.message.lines().next().unwrap_or("")
                ));
            }
            Some(Problem {
                file,
                line: None,
                message,
                fatal: false,
            })
        }
    }
}
