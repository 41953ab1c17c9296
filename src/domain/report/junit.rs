//! JUnit XML for CI dashboards: a testsuite per submission, a testcase per exercise and quiz of
//! the course (each with its `time`), and one more testsuite, `(not graded)`, with an error per
//! problem the report found and per roster entry with no submission. Learner-made text goes
//! through `escape::xml`. A quiz fails when taken and below its pass mark (`passes`).

use std::fmt::Write as _;

use super::{escape::xml as escape, exercise, quiz};
use crate::domain::grade::record::{passes, ClassReport, Status, Submission};

/// One testcase's outcome.
enum Outcome {
    Passed,
    Skipped(String),
    Failure {
        kind: String,
        message: String,
        body: String,
    },
    Error {
        kind: String,
        message: String,
    },
}

struct Case {
    classname: String,
    name: String,
    seconds: f64,
    outcome: Outcome,
}

fn cases(report: &ClassReport, submission: &Submission) -> Vec<Case> {
    let mut cases = Vec::new();
    for course_exercise in &report.course.exercises {
        let classname = format!("{}.{}", submission.id, course_exercise.chapter);
        let Some(grade) = exercise(submission, &course_exercise.name) else {
            cases.push(Case {
                classname,
                name: course_exercise.name.clone(),
                seconds: 0.0,
                outcome: Outcome::Skipped("not in this record".to_owned()),
            });
            continue;
        };
        let message = grade.message.clone();
        let outcome = match grade.status {
            Status::Passed => Outcome::Passed,
            Status::NotAttempted => Outcome::Skipped(message),
            Status::CompileError | Status::Rejected => Outcome::Error {
                kind: grade.status.id().to_owned(),
                message,
            },
            Status::Failed | Status::TimedOut => Outcome::Failure {
                kind: grade.status.id().to_owned(),
                body: format!(
                    "{} of {} tests passed. {message}",
                    grade.tests_passed, grade.tests_total
                ),
                message,
            },
        };
        cases.push(Case {
            classname,
            name: course_exercise.name.clone(),
            seconds: grade.seconds,
            outcome,
        });
    }
    for course_quiz in &report.course.quizzes {
        let grade = quiz(submission, &course_quiz.name);
        let outcome = match grade {
            Some(grade) if grade.taken => {
                let said = format!(
                    "{} of {} points (pass mark {}%)",
                    grade.score, grade.max_score, course_quiz.pass_mark
                );
                if passes(grade.score, grade.max_score, course_quiz.pass_mark) {
                    Outcome::Passed
                } else {
                    Outcome::Failure {
                        kind: "below_pass_mark".to_owned(),
                        body: said.clone(),
                        message: said,
                    }
                }
            }
            _ => Outcome::Skipped("not taken".to_owned()),
        };
        cases.push(Case {
            classname: format!("{}.quizzes", submission.id),
            name: course_quiz.name.clone(),
            seconds: 0.0,
            outcome,
        });
    }
    cases
}

pub fn junit(report: &ClassReport) -> String {
    let suites: Vec<(&Submission, Vec<Case>)> = report
        .submissions
        .iter()
        .map(|submission| (submission, cases(report, submission)))
        .collect();
    let problems: Vec<String> = report
        .problems
        .iter()
        .cloned()
        .chain(report.submissions.iter().flat_map(|s| {
            s.problems
                .iter()
                .map(move |problem| format!("{}: {problem}", s.id))
        }))
        .collect();
    let n_tests: usize = suites.iter().map(|(_, c)| c.len()).sum::<usize>() + problems.len();
    let (n_failed, n_errors) = suites.iter().fold((0, problems.len()), |(f, e), (_, c)| {
        let (failures, errors, _) = tally(c);
        (f + failures, e + errors)
    });
    let total_time: f64 = suites
        .iter()
        .flat_map(|(_, c)| c)
        .map(|case| case.seconds)
        .sum();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"statelings\" tests=\"{n_tests}\" failures=\"{n_failed}\" errors=\"{n_errors}\" time=\"{total_time:.3}\">"
    );
    for (submission, cases) in &suites {
        testsuite(&mut out, report, submission, cases);
    }
    if !problems.is_empty() {
        not_graded(&mut out, &problems);
    }
    out.push_str("</testsuites>\n");
    out
}

/// How many cases failed, errored and were skipped.
fn tally(cases: &[Case]) -> (usize, usize, usize) {
    let mut counts = (0, 0, 0);
    for case in cases {
        match case.outcome {
            Outcome::Failure { .. } => counts.0 += 1,
            Outcome::Error { .. } => counts.1 += 1,
            Outcome::Skipped(_) => counts.2 += 1,
            Outcome::Passed => {}
        }
    }
    counts
}

/// One submission's testsuite: its counts and time, the score and the grading conditions as
/// properties, a testcase per exercise and quiz, and its problems as `system-err`.
fn testsuite(out: &mut String, report: &ClassReport, submission: &Submission, cases: &[Case]) {
    let (failures, errors, skipped) = tally(cases);
    let time: f64 = cases.iter().map(|case| case.seconds).sum();
    let _ = writeln!(
        out,
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"{skipped}\" time=\"{time:.3}\">",
        escape(&submission.id),
        cases.len()
    );
    let _ = writeln!(
        out,
        "    <properties><property name=\"score\" value=\"{}\"/><property name=\"max_score\" value=\"{}\"/><property name=\"course_version\" value=\"{}\"/><property name=\"sandbox\" value=\"{}\"/></properties>",
        submission.score,
        submission.max_score,
        escape(&report.course.version),
        escape(&report.sandbox)
    );
    for case in cases {
        testcase(out, case);
    }
    if !submission.problems.is_empty() {
        let _ = writeln!(
            out,
            "    <system-err>{}</system-err>",
            escape(&submission.problems.join("\n"))
        );
    }
    out.push_str("  </testsuite>\n");
}

/// One testcase, closed at once when it passed, else holding its `skipped`, `error` or
/// `failure`.
fn testcase(out: &mut String, case: &Case) {
    let _ = write!(
        out,
        "    <testcase classname=\"{}\" name=\"{}\" time=\"{:.3}\"",
        escape(&case.classname),
        escape(&case.name),
        case.seconds
    );
    match &case.outcome {
        Outcome::Passed => out.push_str("/>\n"),
        Outcome::Skipped(message) => {
            let _ = writeln!(
                out,
                ">\n      <skipped message=\"{}\"/>\n    </testcase>",
                escape(message)
            );
        }
        Outcome::Error { kind, message } => {
            let message = escape(message);
            let _ = writeln!(
                out,
                ">\n      <error type=\"{kind}\" message=\"{message}\">{message}</error>\n    </testcase>"
            );
        }
        Outcome::Failure {
            kind,
            message,
            body,
        } => {
            let _ = writeln!(
                out,
                ">\n      <failure type=\"{kind}\" message=\"{}\">{}</failure>\n    </testcase>",
                escape(message),
                escape(body)
            );
        }
    }
}

/// The `(not graded)` testsuite: an error per problem, so a dashboard cannot show it green.
fn not_graded(out: &mut String, problems: &[String]) {
    let _ = writeln!(
        out,
        "  <testsuite name=\"(not graded)\" tests=\"{0}\" failures=\"0\" errors=\"{0}\" skipped=\"0\" time=\"0.000\">",
        problems.len()
    );
    for (idx, problem) in problems.iter().enumerate() {
        let problem = escape(problem);
        let _ = writeln!(
            out,
            "    <testcase classname=\"problems\" name=\"problem {}\" time=\"0.000\">\n      <error type=\"not_graded\" message=\"{problem}\">{problem}</error>\n    </testcase>",
            idx + 1
        );
    }
    out.push_str("  </testsuite>\n");
}
