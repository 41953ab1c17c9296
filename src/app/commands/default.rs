//! `statelings` alone: watch mode in a terminal; otherwise progress and the current exercise's
//! verdict, then exit (never waiting for input).

use std::process::ExitCode;

use crate::app::commands::{progress, run};
use crate::app::config::Config;
use crate::app::session::Session;
use crate::app::{guidance, ui};
use crate::infra::error::Result;

pub fn default(config: &Config) -> Result<ExitCode> {
    let session = Session::open(config, true)?;
    if ui::interactive() {
        return crate::app::commands::watch::watch(session);
    }
    println!("{}", progress::summary_line(&session));
    if session.n_passed() == session.exercises().len() {
        println!("{}", guidance::finished(&session));
        return Ok(ExitCode::SUCCESS);
    }
    run::report(&session, session.current())?;
    Ok(ExitCode::SUCCESS)
}
