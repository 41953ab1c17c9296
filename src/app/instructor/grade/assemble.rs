//! Turning a submission's plan cells and the class's verdicts into its grade record.

use crate::domain::course::Course;
use crate::domain::course::Exercise;
use crate::domain::grade::plan::{Cell, FileState};
use crate::domain::grade::record::{digest, ExerciseGrade, FailedTest, Submission};
use crate::domain::report::gradescope::learner_diagnostics;
use crate::domain::status::Status;
use crate::domain::test_crate::{self, Prepared, Submitted};
use crate::domain::verdict::{Checked, Verdict};
use crate::infra::discover::Found;

/// One learner's record: every exercise and quiz, the score, and what was wrong. `files` are the
/// learner's files as read (an attempted one gets its digest, for similarity hints).
pub fn submission(
    course: &Course,
    found: &Found,
    cells: &[Cell],
    files: &[FileState],
    grades: &[ExerciseGrade],
) -> Submission {
    let mut problems = Vec::new();
    let exercises: Vec<ExerciseGrade> = course
        .exercises
        .iter()
        .zip(cells)
        .enumerate()
        .map(|(ex_idx, (exercise, cell))| match cell {
            Cell::NotAttempted { message, refused } => {
                if *refused {
                    problems.push(format!("`{}`: {message}", exercise.path));
                }
                ExerciseGrade {
                    name: exercise.name.clone(),
                    chapter: course.chapters[exercise.chapter].dir.clone(),
                    status: Status::NotAttempted,
                    tampered: false,
                    tests_passed: 0,
                    tests_total: exercise.tests.len() + exercise.grading_tests.len(),
                    points: 0,
                    max_points: exercise.points,
                    message: message.clone(),
                    seconds: 0.0,
                    digest: None,
                    failures: Vec::new(),
                    hidden_tests: exercise.grading_tests.len(),
                    detail: String::new(),
                }
            }
            Cell::Checked { key } => ExerciseGrade {
                digest: match &files[ex_idx] {
                    FileState::Present(bytes) => Some(digest(bytes)),
                    _ => None,
                },
                ..grades[*key].clone()
            },
        })
        .collect();
    let quizzes = super::grade_quizzes(course, &found.dir, &mut problems);
    let score = exercises.iter().map(|e| e.points).sum::<u32>()
        + quizzes.iter().map(|q| q.score).sum::<u32>();
    let max_score = exercises.iter().map(|e| e.max_points).sum::<u32>()
        + quizzes.iter().map(|q| q.max_score).sum::<u32>();
    Submission {
        id: found.id.clone(),
        folder: found.id.clone(),
        name: String::new(),
        email: String::new(),
        score,
        max_score,
        exercises,
        quizzes,
        problems,
    }
}

/// The grade a checked file gets (`file` is its text, to place compiler errors in it).
pub fn grade_of(
    course: &Course,
    ex_idx: usize,
    file: &FileState,
    checked: &Checked,
) -> ExerciseGrade {
    let exercise = &course.exercises[ex_idx];
    let expected = exercise.tests.len() + exercise.grading_tests.len();
    let (tests_passed, tests_total) = checked.verdict.counts(expected);
    let status = checked.verdict.status();
    let mut message = summary(&checked.verdict);
    if checked.tampered {
        if !message.is_empty() {
            message.push_str("; ");
        }
        message.push_str("the course's part of the file (tests or provided code) was edited: graded with the course's own");
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
        // Filled by the grader: the file's share of its batch's time.
        seconds: 0.0,
        digest: None,
        failures: failures(exercise, &checked.verdict),
        hidden_tests: exercise.grading_tests.len(),
        detail: detail(exercise, file, &checked.verdict),
    }
}

/// Every test that did not pass; hidden grading tests numbered.
fn failures(exercise: &Exercise, verdict: &Verdict) -> Vec<FailedTest> {
    let hidden = |test: &str| {
        exercise
            .grading_tests
            .iter()
            .position(|name| name == test)
            .map(|at| at + 1)
    };
    match verdict {
        Verdict::Failed { failures, .. } => failures
            .iter()
            .map(|failure| FailedTest {
                test: failure.test.clone(),
                hidden: hidden(&failure.test),
                message: failure.message.clone(),
            })
            .collect(),
        Verdict::TimedOut {
            seconds,
            unfinished,
        } => unfinished
            .iter()
            .map(|test| FailedTest {
                test: test.clone(),
                hidden: hidden(test),
                message: format!("did not finish within {seconds} s"),
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// What a learner may be told beyond the failing tests (`ExerciseGrade::detail`).
fn detail(exercise: &Exercise, file: &FileState, verdict: &Verdict) -> String {
    match verdict {
        Verdict::CompileError { diagnostics } => {
            learner_diagnostics(diagnostics, hidden_from(exercise, file))
        }
        Verdict::Failed {
            problem: Some(problem),
            ..
        } => {
            let mut problem = problem.clone();
            for name in &exercise.grading_tests {
                problem = problem.replace(name.as_str(), "(a hidden test)");
            }
            problem
        }
        Verdict::TimedOut { seconds, .. } => {
            format!("the tests ran longer than {seconds} s (too slow, or an endless loop)")
        }
        _ => String::new(),
    }
}

/// The first line of the hidden tests in the file rustc compiled for `file` (the learner's code,
/// the course's visible tests, then the hidden ones); `usize::MAX` when none were compiled.
fn hidden_from(exercise: &Exercise, file: &FileState) -> usize {
    let (FileState::Present(bytes), Some(grading)) = (file, &exercise.grading) else {
        return usize::MAX;
    };
    let prepared = test_crate::prepare(Submitted {
        exercise,
        bytes,
        with_grading: true,
    });
    match prepared {
        Prepared::Module { text, .. } if text.ends_with(grading.as_str()) => {
            text[..text.len() - grading.len()].matches('\n').count() + 1
        }
        _ => usize::MAX,
    }
}

/// One line about a verdict, for the report.
fn summary(verdict: &Verdict) -> String {
    match verdict {
        Verdict::Passed { .. } => String::new(),
        Verdict::Failed {
            failures, problem, ..
        } => {
            let mut message = problem.clone().unwrap_or_default();
            if let Some(first) = failures.first() {
                if !message.is_empty() {
                    message.push_str("; ");
                }
                let reason = shorten(
                    first
                        .message
                        .lines()
                        .find(|line| !line.starts_with("panicked at"))
                        .unwrap_or("")
                        .trim(),
                );
                message.push_str(&format!(
                    "{} failed ({} in all): {reason}",
                    first.test,
                    failures.len()
                ));
            }
            message
        }
        Verdict::CompileError { diagnostics } => {
            let mut lines = diagnostics.lines();
            let error = shorten(
                lines
                    .by_ref()
                    .find(|line| line.starts_with("error"))
                    .unwrap_or("does not compile"),
            );
            match lines.find(|line| line.trim_start().starts_with("-->")) {
                Some(location) => format!(
                    "{error} at {}",
                    location.trim_start().trim_start_matches("--> ")
                ),
                None => error,
            }
        }
        Verdict::TimedOut {
            seconds,
            unfinished,
        } => format!(
            "the tests ran longer than {seconds} s (too slow, or an endless loop){}",
            if unfinished.is_empty() {
                String::new()
            } else {
                format!("; unfinished: {}", unfinished.join(", "))
            }
        ),
        Verdict::Rejected { reasons } => {
            let first = &reasons[0];
            format!(
                "rejected ({}) at {}:{}: {}{}",
                first.reason.id(),
                first.line,
                first.column,
                first.message,
                if reasons.len() > 1 {
                    format!(" (and {} more)", reasons.len() - 1)
                } else {
                    String::new()
                }
            )
        }
    }
}

/// How much of one line of a failure or compile error a report carries: the learner's code
/// writes those lines, as long as the output cap allows (a 900 KB panic message would otherwise
/// be in every report format, once per exercise).
const LINE_CHARS: usize = 300;

fn shorten(line: &str) -> String {
    match line.char_indices().nth(LINE_CHARS) {
        Some((cut, _)) => format!("{}...", &line[..cut]),
        None => line.to_owned(),
    }
}
