//! How verdicts, hints and takeaways look in a terminal. Pure: each function returns the text,
//! and the caller decides where it goes (stdout, or the watch-mode screen).

use std::fmt::Write as _;

use crate::check::{Checked, Verdict};
use crate::course::Exercise;
use crate::ui;

/// How many lines of one failing test's message are shown.
const MESSAGE_LINES: usize = 12;

/// The full verdict of one exercise, as `run` and watch mode show it.
pub fn verdict(exercise: &Exercise, path: &str, checked: &Checked) -> String {
    let mut out = String::new();
    let name = ui::name(&exercise.name);
    match &checked.verdict {
        Verdict::Passed { tests } => {
            let _ = writeln!(
                out,
                "{} {name}: all {tests} tests pass",
                ui::success("PASSED")
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
                ui::failure("FAILED"),
                ui::path(path)
            );
            if let Some(problem) = problem {
                let _ = writeln!(out, "  {}", ui::warning(problem));
            }
            for failure in failures {
                let _ = writeln!(
                    out,
                    "\n  {} {}",
                    ui::failure("test"),
                    ui::heading(&failure.test)
                );
                for line in failure.message.lines().take(MESSAGE_LINES) {
                    let _ = writeln!(out, "    {line}");
                }
                if failure.message.lines().count() > MESSAGE_LINES {
                    let _ = writeln!(out, "    {}", ui::dim("..."));
                }
            }
        }
        Verdict::CompileError { diagnostics } => {
            let _ = writeln!(
                out,
                "{} {name} does not compile yet ({}):\n",
                ui::failure("COMPILE ERROR"),
                ui::path(path)
            );
            out.push_str(diagnostics.trim_end());
            out.push('\n');
        }
        Verdict::TimedOut { seconds } => {
            let _ = writeln!(
                out,
                "{} {name}: its tests were still running after {seconds} s and were stopped \
                 (an endless loop, or waiting for something that never comes?)",
                ui::failure("TIMED OUT")
            );
        }
    }
    if checked.tampered {
        let _ = writeln!(
            out,
            "\n{} the tests below the marker line in `{path}` were changed; the exercise was \
             checked against the course's own tests (`statelings reset {}` restores the file and \
             keeps yours as a backup)",
            ui::warning("note:"),
            exercise.name
        );
    }
    out
}

/// What the learner takes away once an exercise passes.
pub fn takeaway(exercise: &Exercise) -> String {
    format!(
        "{} {}\n",
        ui::heading("Takeaway:"),
        exercise.takeaway.trim()
    )
}

/// Hint number `shown` (1-based) of an exercise.
pub fn hint(exercise: &Exercise, shown: usize) -> String {
    let total = exercise.hints.len();
    let last = if shown >= total {
        " (that is the last hint)"
    } else {
        ""
    };
    format!(
        "{} {}\n",
        ui::heading(&format!("Hint {shown} of {total}{last}:")),
        exercise.hints[shown - 1].trim()
    )
}
