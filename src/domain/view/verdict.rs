//! How verdicts, hints and takeaways look in a terminal. Pure: each function returns the text,
//! and the caller decides where it goes (stdout, or the watch-mode screen).

use std::fmt::Write as _;

use crate::domain::course::Exercise;
use crate::domain::style::Style;
use crate::domain::verdict::{Checked, Failure, Rejection, Verdict};

/// How many lines of one failing test's message are shown.
const MESSAGE_LINES: usize = 12;

/// The full verdict of one exercise, as `run` and watch mode show it.
pub fn verdict(style: Style, exercise: &Exercise, path: &str, checked: &Checked) -> String {
    let mut out = String::new();
    let name = style.name(&exercise.name);
    match &checked.verdict {
        Verdict::Passed { tests } => {
            let _ = writeln!(
                out,
                "{} {name}: all {tests} tests pass",
                style.success("PASSED")
            );
        }
        Verdict::Failed {
            passed,
            total,
            failures,
            problem,
        } => {
            let _ = writeln!(
                out,
                "{} {name}: {passed} of {total} tests pass ({})",
                style.failure("FAILED"),
                style.path(path)
            );
            if let Some(problem) = problem {
                let _ = writeln!(out, "  {}", style.warning(problem));
            }
            failed_tests(&mut out, style, failures);
        }
        Verdict::CompileError { diagnostics } => {
            let _ = writeln!(
                out,
                "{} {name} does not compile yet ({}):\n",
                style.failure("COMPILE ERROR"),
                style.path(path)
            );
            out.push_str(diagnostics.trim_end());
            out.push('\n');
        }
        Verdict::TimedOut {
            seconds,
            unfinished,
        } => timed_out(&mut out, style, &name, *seconds, unfinished),
        Verdict::Rejected { reasons } => rejected(&mut out, style, &name, path, reasons),
    }
    if checked.tampered {
        tampered(&mut out, style, exercise, path);
    }
    out
}

/// Each failing test with the first [`MESSAGE_LINES`] lines of its message, so one long panic
/// message cannot push the others off the screen.
fn failed_tests(out: &mut String, style: Style, failures: &[Failure]) {
    for failure in failures {
        let _ = writeln!(
            out,
            "\n  {} {}",
            style.failure("test"),
            style.heading(&failure.test)
        );
        for line in failure.message.lines().take(MESSAGE_LINES) {
            let _ = writeln!(out, "    {line}");
        }
        if failure.message.lines().count() > MESSAGE_LINES {
            let _ = writeln!(out, "    {}", style.dim("..."));
        }
    }
}

/// A run stopped at its time limit: the likely causes, and the tests that had not finished.
fn timed_out(out: &mut String, style: Style, name: &str, seconds: u64, unfinished: &[String]) {
    let _ = writeln!(
        out,
        "{} {name}: its tests were still running after {seconds} s and were stopped: too \
         slow, or an endless loop (or waiting for something that never comes)",
        style.failure("TIMED OUT")
    );
    if !unfinished.is_empty() {
        let _ = writeln!(out, "  not finished: {}", unfinished.join(", "));
    }
}

/// Code the gate refused to compile: each reason located in the learner's file, with its rule id.
fn rejected(out: &mut String, style: Style, name: &str, path: &str, reasons: &[Rejection]) {
    let _ = writeln!(
        out,
        "{} {name}: the code was not compiled, because it could change what the tests \
         check or reach past them ({}):",
        style.failure("REJECTED"),
        style.path(path)
    );
    for reason in reasons {
        let _ = writeln!(
            out,
            "  {}:{}:{}: {} [{}]",
            path,
            reason.line,
            reason.column,
            reason.message,
            reason.reason.id()
        );
    }
    let _ = writeln!(
        out,
        "  {}",
        style.dim("The exercises need only plain Rust and the parts of std they name.")
    );
}

/// The note under any verdict when the course's part of the file was edited: the verdict used the
/// course's own tests, and `reset` is the way back.
fn tampered(out: &mut String, style: Style, exercise: &Exercise, path: &str) {
    let _ = writeln!(
        out,
        "\n{} the course's part of `{path}` (the tests below the marker line, or a provided \
         section) was changed; the exercise was checked with the course's own \
         (`statelings reset {}` restores the file and keeps yours as a backup)",
        style.warning("note:"),
        exercise.name
    );
}

/// What the learner takes away once an exercise passes.
pub fn takeaway(style: Style, exercise: &Exercise) -> String {
    format!(
        "{} {}\n",
        style.heading("Takeaway:"),
        exercise.takeaway.trim()
    )
}

/// Hint number `shown` (1-based) of an exercise.
pub fn hint(style: Style, exercise: &Exercise, shown: usize) -> String {
    let total = exercise.hints.len();
    let last = if shown >= total {
        " (that is the last hint)"
    } else {
        ""
    };
    format!(
        "{} {}\n",
        style.heading(&format!("Hint {shown} of {total}{last}:")),
        exercise
            .hints
            .get(shown.clamp(1, total.max(1)) - 1)
            .map_or("", |hint| hint.trim())
    )
}
