//! `statelings run NAME`: check one exercise, record and show its verdict (exit 0 when it
//! passes). `report` is the check-record-show step the default command shares.

use std::process::ExitCode;

use crate::app::commands::exit;
use crate::app::config::Config;
use crate::app::session::Session;
use crate::app::{guidance, ui};
use crate::domain::view::verdict as show;
use crate::infra::error::Result;

pub fn run(config: &Config, name: &str) -> Result<ExitCode> {
    let session = Session::open(config, false)?;
    let idx = session.exercise_named(name)?;
    Ok(exit(report(&session, idx)?))
}

/// Checks one exercise, records and prints the verdict; on a pass, says what comes next.
/// Returns whether it passed.
pub fn report(session: &Session, idx: usize) -> Result<bool> {
    let checked = session.check(idx)?;
    // An untouched file counts as not started, whatever its stub's verdict.
    let status = if session.is_untouched(idx) {
        crate::domain::status::Status::NotAttempted
    } else {
        checked.verdict.status()
    };
    let was_current = session.current() == idx;
    let moved = session.record(&[(idx, status)], true)?;
    let exercise = &session.exercises()[idx];
    let path = session.display_path(idx);
    println!(
        "{}",
        ui::heading(&format!("Exercise {} ({path})", exercise.name))
    );
    print!("{}", show::verdict(ui::out(), exercise, &path, &checked));
    let passed = checked.verdict.passed();
    if passed {
        print!("\n{}", show::takeaway(ui::out(), exercise));
        if was_current || moved.is_some() {
            println!("\n{}", guidance::after_pass(session, idx, moved));
        }
    } else {
        println!(
            "\nStuck? `statelings hint {}` shows a hint ({} available).",
            exercise.name,
            exercise.hints.len()
        );
    }
    Ok(passed)
}
