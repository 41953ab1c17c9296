//! JUnit XML for CI dashboards: a testsuite per submission, a testcase per exercise and quiz.
//! Characters XML 1.0 forbids (most control characters) are dropped; the rest are escaped.

use std::fmt::Write as _;

use crate::domain::grade::record::{ClassReport, Status};

pub fn junit(report: &ClassReport) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let n_tests: usize = report
        .submissions
        .iter()
        .map(|s| s.exercises.len() + s.quizzes.len())
        .sum();
    let n_failed: usize = report
        .submissions
        .iter()
        .flat_map(|s| &s.exercises)
        .filter(|e| matches!(e.status, Status::Failed | Status::TimedOut))
        .count();
    let n_errors: usize = report
        .submissions
        .iter()
        .flat_map(|s| &s.exercises)
        .filter(|e| e.status == Status::CompileError)
        .count();
    let _ = writeln!(
        out,
        "<testsuites name=\"statelings\" tests=\"{n_tests}\" failures=\"{n_failed}\" errors=\"{n_errors}\">"
    );
    for submission in &report.submissions {
        let failures = submission
            .exercises
            .iter()
            .filter(|e| matches!(e.status, Status::Failed | Status::TimedOut))
            .count();
        let errors = submission
            .exercises
            .iter()
            .filter(|e| e.status == Status::CompileError)
            .count();
        let skipped = submission
            .exercises
            .iter()
            .filter(|e| e.status == Status::NotAttempted)
            .count()
            + submission.quizzes.iter().filter(|q| !q.taken).count();
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"{skipped}\">",
            escape(&submission.id),
            submission.exercises.len() + submission.quizzes.len()
        );
        let _ = writeln!(
            out,
            "    <properties><property name=\"score\" value=\"{}\"/><property name=\"max_score\" value=\"{}\"/></properties>",
            submission.score, submission.max_score
        );
        for exercise in &submission.exercises {
            let _ = write!(
                out,
                "    <testcase classname=\"{}.{}\" name=\"{}\"",
                escape(&submission.id),
                escape(&exercise.chapter),
                escape(&exercise.name)
            );
            let message = escape(&exercise.message);
            let status = exercise.status.id();
            match exercise.status {
                Status::Passed => out.push_str("/>\n"),
                Status::NotAttempted => {
                    let _ = writeln!(
                        out,
                        ">\n      <skipped message=\"{message}\"/>\n    </testcase>"
                    );
                }
                Status::CompileError | Status::Rejected => {
                    let _ = writeln!(
                        out,
                        ">\n      <error type=\"{status}\" message=\"{message}\">{message}</error>\n    </testcase>"
                    );
                }
                Status::Failed | Status::TimedOut => {
                    let _ = writeln!(
                        out,
                        ">\n      <failure type=\"{status}\" message=\"{message}\">{} of {} tests passed. {message}</failure>\n    </testcase>",
                        exercise.tests_passed, exercise.tests_total
                    );
                }
            }
        }
        for quiz in &submission.quizzes {
            let _ = write!(
                out,
                "    <testcase classname=\"{}.quizzes\" name=\"{}\"",
                escape(&submission.id),
                escape(&quiz.name)
            );
            if quiz.taken {
                let _ = writeln!(
                    out,
                    "><system-out>{} of {} points</system-out></testcase>",
                    quiz.score, quiz.max_score
                );
            } else {
                out.push_str(">\n      <skipped message=\"not taken\"/>\n    </testcase>\n");
            }
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

/// Escapes XML's five special characters and drops what XML 1.0 cannot carry at all.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || matches!(c, '\u{FFFE}' | '\u{FFFF}') => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_forbidden_characters() {
        assert_eq!(
            escape("a<b & \"c\"\u{1}\u{1b}[31m"),
            "a&lt;b &amp; &quot;c&quot;[31m"
        );
    }
}
