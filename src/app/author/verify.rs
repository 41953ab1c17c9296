//! `statelings verify`, for course authors: the course is consistent. Every exercise has
//! metadata, hints, a takeaway, a solution and a chapter README; every stub fails; every solution
//! passes its visible and grading tests; no file is orphaned. Problems name file and line.

use std::collections::BTreeSet;
use std::fmt;
use std::process::ExitCode;

use crate::app::config::Config;
use crate::app::ui;
use crate::domain::course::{source, Course, CourseError, Exercise};
use crate::domain::verdict::{Checked, Verdict};
use crate::infra::checker::{Checker, Unit};
use crate::infra::error::{Result, EXIT_NEGATIVE};

/// One inconsistency, located as precisely as the runner can.
#[derive(Debug)]
pub struct Problem {
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.file, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

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
    let course = match config.load_course() {
        Ok(course) => course,
        Err(crate::infra::error::Error::Course(CourseError::Quizzes(found))) => {
            for problem in &found {
                println!("{} {problem}", ui::failure("problem:"));
            }
            println!("{} problem(s) found", found.len());
            return Ok(ExitCode::from(EXIT_NEGATIVE));
        }
        Err(crate::infra::error::Error::Course(error)) => {
            println!("{} {error}", ui::failure("problem:"));
            return Ok(ExitCode::from(EXIT_NEGATIVE));
        }
        Err(error) => return Err(error),
    };
    let toolchain = crate::infra::toolchain::Toolchain::find(None)?;
    let mut problems = static_problems(&course);
    problems.extend(coverage_problems(&course));
    let mut mutant_report: Vec<Caught> = Vec::new();
    if !course.has_solutions() {
        problems.push(Problem {
            file: "solutions/".to_owned(),
            line: None,
            message: "this edition has no solutions, so the exercises cannot be verified; verify \
                      the full course"
                .to_owned(),
        });
    } else {
        let build = tempfile::Builder::new()
            .prefix("statelings-verify-")
            .tempdir()
            .map_err(|error| {
                crate::infra::error::Error::io("create", std::env::temp_dir(), error)
            })?;
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
                Job::Solutions => check_solutions(&checker, &course).map(|found| (found, None)),
                Job::Mutant(ex_idx, m_idx) => {
                    check_mutant(&checker, &course.exercises[ex_idx], m_idx)
                        .map(|(problem, caught)| (problem.into_iter().collect(), Some(caught)))
                }
            },
            |_| counter.tick(),
        );
        counter.finish();
        for result in found {
            let (found, caught) = result?;
            problems.extend(found);
            if let Some(caught) = caught {
                mutant_report.push(caught);
            }
        }
    }
    problems.extend(crate::app::author::snippets::verify(
        &course,
        &toolchain,
        config.timeout,
        crate::infra::parallel::jobs(jobs),
    ));
    print_mutants(&mutant_report, show_mutants);
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
        return Ok(ExitCode::SUCCESS);
    }
    for problem in &problems {
        println!("{} {problem}", ui::failure("problem:"));
    }
    println!("{} problem(s) found", problems.len());
    Ok(ExitCode::from(EXIT_NEGATIVE))
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
        }),
        Verdict::Rejected { reasons } => Some(Problem {
            file,
            line: reasons.first().map(|reason| reason.line),
            message: format!("the gate refuses the solution: {}", describe(&reasons)),
        }),
        Verdict::TimedOut { seconds, .. } => Some(Problem {
            file,
            line: None,
            message: format!("the solution's tests ran longer than {seconds} s"),
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
            })
        }
    }
}

/// The coverage map of the source text.
const COVERAGE: &str = "exercises/coverage.yaml";

/// Every point of the coverage map has an exercise and a quiz question, and every name in it
/// exists. A course without the file has nothing to check.
fn coverage_problems(course: &Course) -> Vec<Problem> {
    let Some(text) = course.files().get(COVERAGE) else {
        return Vec::new();
    };
    let file: crate::domain::course::format::CoverageFile =
        match crate::domain::course::format::parse(COVERAGE, text) {
            Ok(file) => file,
            Err(error) => {
                return vec![Problem {
                    file: COVERAGE.to_owned(),
                    line: None,
                    message: error.to_string(),
                }]
            }
        };
    let mut problems = Vec::new();
    for point in &file.points {
        let line = text
            .lines()
            .position(|line| line.contains(&point.point))
            .map(|idx| idx + 1);
        let mut add = |message: String| {
            problems.push(Problem {
                file: COVERAGE.to_owned(),
                line,
                message,
            })
        };
        if point.exercises.is_empty() || point.questions.is_empty() {
            add(format!(
                "\"{}\" needs at least one exercise and one quiz question",
                point.point
            ));
        }
        for name in &point.exercises {
            if course.exercise(name).is_none() {
                add(format!("there is no exercise `{name}`"));
            }
        }
        for id in &point.questions {
            let found = id.split_once('/').is_some_and(|(quiz, question)| {
                course
                    .quiz(quiz)
                    .is_some_and(|quiz| quiz.question(question).is_some())
            });
            if !found {
                add(format!(
                    "there is no quiz question `{id}` (write `quiz/question`)"
                ));
            }
        }
    }
    problems
}

/// Checks that need no compiler: metadata, files, orphans.
fn static_problems(course: &Course) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut add = |file: &str, line: Option<usize>, message: String| {
        problems.push(Problem {
            file: file.to_owned(),
            line,
            message,
        })
    };
    let files = course.files();
    let mut known: BTreeSet<String> = BTreeSet::from([
        crate::domain::course::COURSE_FILE.to_owned(),
        "exercises/README.md".to_owned(),
        COVERAGE.to_owned(),
    ]);
    for chapter in &course.chapters {
        let readme = format!("exercises/{}/README.md", chapter.dir);
        let info = format!("exercises/{}/info.yaml", chapter.dir);
        if course
            .chapter_readme(chapter)
            .is_none_or(|text| text.trim().is_empty())
        {
            add(
                &readme,
                None,
                "every chapter needs a README that teaches its idea".to_owned(),
            );
        }
        if chapter.exercises.is_empty() {
            add(&info, None, "the chapter has no exercises".to_owned());
        }
        known.insert(readme);
        known.insert(info.clone());
        let info_text = files.get(&info).map(String::as_str).unwrap_or("");
        for &idx in &chapter.exercises {
            let exercise = &course.exercises[idx];
            let line = line_of(info_text, &exercise.name);
            let name_ok = exercise
                .name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
                && exercise.name.starts_with(|c: char| c.is_ascii_lowercase());
            if !name_ok {
                add(
                    &info,
                    line,
                    format!("`{}`: names are snake_case (a-z, 0-9, _)", exercise.name),
                );
            }
            if exercise.hints.len() < 2 || exercise.hints.iter().any(|hint| hint.trim().is_empty())
            {
                add(
                    &info,
                    line,
                    format!("`{}`: needs two or more non-empty hints", exercise.name),
                );
            }
            if exercise.takeaway.trim().is_empty() {
                add(
                    &info,
                    line,
                    format!("`{}`: the takeaway is empty", exercise.name),
                );
            }
            if exercise.points == 0 {
                add(
                    &info,
                    line,
                    format!("`{}`: points must be at least 1", exercise.name),
                );
            }
            if exercise.tests.is_empty() {
                add(
                    &exercise.path,
                    None,
                    "the test block declares no `#[test]` functions".to_owned(),
                );
            }
            known.insert(exercise.path.clone());
            let solution_path = exercise.solution_path();
            known.insert(solution_path.clone());
            match &exercise.solution {
                None if course.has_solutions() => {
                    add(&solution_path, None, "the solution is missing".to_owned())
                }
                None => {}
                Some(solution) => match source::split(solution) {
                    None => add(
                        &solution_path,
                        None,
                        format!("the marker line `{}` is missing", source::MARKER),
                    ),
                    Some(split) if split.tests != exercise.test_block() => add(
                        &solution_path,
                        Some(solution[..split.code.len()].lines().count() + 1),
                        "the test block differs from the stub's; they must be identical".to_owned(),
                    ),
                    Some(_) => {}
                },
            }
            if course.has_solutions() && !exercise.mutants.iter().any(|mutant| mutant.visible) {
                add(
                    &info,
                    line,
                    format!(
                        "`{}`: needs a mutant marked `visible: true`: the most plausible wrong \
                         design, which the visible tests must catch",
                        exercise.name
                    ),
                );
            }
            for mutant in &exercise.mutants {
                known.insert(mutant.path.clone());
                let label_ok = !mutant.label.is_empty()
                    && mutant
                        .label
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
                if !label_ok {
                    add(
                        &info,
                        line,
                        format!(
                            "`{}`: mutant label `{}`: use lowercase words and dashes",
                            exercise.name, mutant.label
                        ),
                    );
                }
                if mutant.wrong.trim().is_empty() || mutant.wrong.trim().contains('\n') {
                    add(
                        &info,
                        line,
                        format!(
                            "`{}`: mutant `{}`: `wrong` is one line saying what the wrong design does",
                            exercise.name, mutant.label
                        ),
                    );
                }
                match &mutant.text {
                    None if course.has_solutions() => add(
                        &mutant.path,
                        None,
                        "the mutant's file is missing".to_owned(),
                    ),
                    None => {}
                    Some(text) => match source::split(text) {
                        None => add(
                            &mutant.path,
                            None,
                            format!("the marker line `{}` is missing", source::MARKER),
                        ),
                        Some(split) if split.tests != exercise.test_block() => add(
                            &mutant.path,
                            Some(text[..split.code.len()].lines().count() + 1),
                            "the test block differs from the stub's; they must be identical"
                                .to_owned(),
                        ),
                        Some(_) => {}
                    },
                }
            }
            if exercise.grading.is_some() {
                known.insert(exercise.grading_path());
                if exercise.grading_tests.is_empty() {
                    add(
                        &exercise.grading_path(),
                        None,
                        "the grading file declares no `#[test]` functions".to_owned(),
                    );
                }
                if let Some(clash) = exercise
                    .grading_tests
                    .iter()
                    .find(|test| exercise.tests.contains(test))
                {
                    add(
                        &exercise.grading_path(),
                        None,
                        format!("test `{clash}` is also a visible test"),
                    );
                }
            }
        }
    }
    for file in files.keys() {
        let is_course_file = file.starts_with("exercises/") || file.starts_with("solutions/");
        if is_course_file && !known.contains(file) {
            add(
                file,
                None,
                "this file belongs to no exercise or chapter (an orphan)".to_owned(),
            );
        }
    }
    problems
}

/// The 1-based line of `info.yaml` that names an exercise.
fn line_of(text: &str, name: &str) -> Option<usize> {
    text.lines()
        .position(|line| line.contains("name:") && line.trim_end().ends_with(name))
        .map(|idx| idx + 1)
}
