//! `statelings check`: check every exercise in parallel and record the verdicts. An exercise
//! whose file is missing or unusable is reported against its name, and the rest are still
//! checked and recorded. Exit 0 when every exercise passes (and every file could be checked).

use std::process::ExitCode;

use crate::app::commands::{exit, progress};
use crate::app::config::Config;
use crate::app::session::Session;
use crate::app::{guidance, ui};
use crate::domain::status::Status;
use crate::infra::error::{Error, Result};

pub fn check(config: &Config, jobs: Option<usize>) -> Result<ExitCode> {
    let session = Session::open(config, false)?;
    let total = session.exercises().len();
    let mut counter = ui::Counter::new("Checking exercises", total);
    // Untouched files are not started: nothing to compile.
    let (untouched, edited): (Vec<usize>, Vec<usize>) =
        (0..total).partition(|&idx| session.is_untouched(idx));
    for _ in &untouched {
        counter.tick();
    }
    let mut results = session.check_many(edited, jobs, |_, _| counter.tick());
    counter.finish();
    let mut lines = Vec::new();
    let mut recorded: Vec<(usize, Status)> = untouched
        .iter()
        .map(|&idx| (idx, Status::NotAttempted))
        .collect();
    results.sort_by_key(|(idx, _)| *idx);
    let mut n_unreadable = 0;
    for &idx in &untouched {
        lines.push((
            idx,
            format!(
                "{:<14} {}",
                mark(Status::NotAttempted),
                session.exercises()[idx].name
            ),
        ));
    }
    for (idx, checked) in results {
        let name = &session.exercises()[idx].name;
        match checked {
            Ok(checked) => {
                let status = checked.verdict.status();
                recorded.push((idx, status));
                lines.push((idx, format!("{:<14} {name}", mark(status))));
            }
            Err(
                error @ (Error::MissingExerciseFile { .. } | Error::UnreadableExerciseFile { .. }),
            ) => {
                n_unreadable += 1;
                lines.push((idx, format!("{:<14} {error}", ui::failure("unreadable"))));
            }
            Err(error) => return Err(error),
        }
    }
    // Saved before anything is printed: a closed pipe cannot lose the results.
    session.record(&recorded, true)?;
    lines.sort_by_key(|(idx, _)| *idx);
    for (_, line) in lines {
        println!("{line}");
    }
    println!("{}", progress::summary_line(&session));
    if let Some(next) = guidance::next_step(&session) {
        println!("{next}");
    }
    // A file that could not be checked is not a pass, whatever was recorded before.
    Ok(exit(session.n_passed() == total && n_unreadable == 0))
}

fn mark(status: Status) -> String {
    match status {
        Status::Passed => ui::success(status.label()),
        Status::NotAttempted => ui::dim(status.label()),
        _ => ui::failure(status.label()),
    }
}
