//! `statelings solution NAME`: the solution, once the exercise passes (`--force` to see it
//! anyway). The student edition has none.

use std::process::ExitCode;

use crate::app::config::Config;
use crate::app::session::Session;
use crate::app::ui;
use crate::infra::error::{Result, EXIT_NEGATIVE};

pub fn solution(config: &Config, name: &str, force: bool) -> Result<ExitCode> {
    let session = Session::open(config, false)?;
    let idx = session.exercise_named(name)?;
    let exercise = &session.exercises()[idx];
    let Some(solution) = &exercise.solution else {
        eprintln!("This edition of the course has no solutions; ask your instructor.");
        return Ok(ExitCode::from(EXIT_NEGATIVE));
    };
    if !force && !session.status(idx).passed() {
        eprintln!(
            "The solution of `{name}` is shown once the exercise passes (`statelings run {name}`); \
             `--force` shows it now."
        );
        return Ok(ExitCode::from(EXIT_NEGATIVE));
    }
    println!(
        "{}",
        ui::heading(&format!(
            "Solution of {name} ({}):",
            exercise.solution_path()
        ))
    );
    print!("{solution}");
    Ok(ExitCode::SUCCESS)
}
