//! `statelings hint NAME`: the next hint for an exercise, one more each time.

use std::process::ExitCode;

use crate::app::config::Config;
use crate::app::session::Session;
use crate::app::ui;
use crate::domain::view::verdict as show;
use crate::infra::error::Result;

pub fn hint(config: &Config, name: &str) -> Result<ExitCode> {
    let session = Session::open(config, false)?;
    let idx = session.exercise_named(name)?;
    let shown = session.reveal_hint(idx)?;
    print!(
        "{}",
        show::hint(ui::out(), &session.exercises()[idx], shown)
    );
    Ok(ExitCode::SUCCESS)
}
