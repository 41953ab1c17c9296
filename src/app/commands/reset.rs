//! `statelings reset NAME`: restore an exercise's starting code, keeping the learner's version
//! as a backup beside it.

use std::process::ExitCode;

use crate::app::commands::confirm;
use crate::app::config::Config;
use crate::app::session::Session;
use crate::app::ui;
use crate::infra::error::Result;

pub fn reset(config: &Config, name: &str, yes: bool) -> Result<ExitCode> {
    let session = Session::open(config, false)?;
    let idx = session.exercise_named(name)?;
    let path = session.display_path(idx);
    if !yes
        && ui::interactive()
        && !confirm(&format!(
            "Reset `{path}` to its starting code? Your version is kept as a backup."
        ))?
    {
        println!("Nothing changed.");
        return Ok(ExitCode::SUCCESS);
    }
    match session.reset(idx)? {
        Some(backup) => println!(
            "Reset `{path}`; your version is kept in `{}`.",
            backup.display()
        ),
        None => println!("Reset `{path}` (it had no changes to keep)."),
    }
    Ok(ExitCode::SUCCESS)
}
