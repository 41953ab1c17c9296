//! One module per command people run; `dispatch` routes the parsed command line to it. Each
//! command opens what it needs, does one thing, prints its result and returns the exit code:
//! 0 success, 1 a negative result (an exercise or quiz failed), 2 the runner could not do its
//! job (an `Err`, printed here as one sentence).

pub mod check;
pub mod default;
pub mod hint;
pub mod init;
pub mod lesson;
pub mod list;
pub mod progress;
pub mod quiz;
pub mod reset;
pub mod run;
pub mod solution;
pub mod watch;

use std::process::ExitCode;

use crate::app::cli::{Cli, Command};
use crate::app::config::Config;
use crate::app::ui;
use crate::infra::error::{Result, EXIT_ERROR, EXIT_NEGATIVE};

/// Runs the command line's command; errors become one sentence on stderr and exit code 2.
pub fn dispatch(cli: Cli) -> ExitCode {
    let config = Config::from_args(&cli.global);
    let result = match cli.command {
        None => default::default(&config),
        Some(Command::Init { dir }) => init::init(&config, &dir),
        Some(Command::Run { name }) => run::run(&config, &name),
        Some(Command::Hint { name }) => hint::hint(&config, &name),
        Some(Command::List) => list::list(&config),
        Some(Command::Lesson { chapter }) => lesson::lesson(&config, chapter.as_deref()),
        Some(Command::Reset { name, yes }) => reset::reset(&config, &name, yes),
        Some(Command::Solution { name, force }) => solution::solution(&config, &name, force),
        Some(Command::Check { jobs }) => check::check(&config, jobs),
        Some(Command::Quiz(args)) => quiz::quiz(&config, &args),
        Some(Command::Progress { json }) => progress::progress(&config, json),
        Some(Command::Verify { jobs, mutants }) => {
            crate::app::author::verify::verify(&config, jobs, mutants)
        }
        Some(Command::Grade(args)) => crate::app::instructor::grade::command(&config, &args),
        Some(Command::Export {
            dir,
            gradescope,
            hidden_tests,
        }) => crate::app::instructor::export::command(&config, &dir, gradescope, hidden_tests),
    };
    result.unwrap_or_else(|error| {
        eprintln!("{} {error}", ui::err().error("error:"));
        if let Some(fix) = crate::infra::toolchain::fix(&error) {
            eprintln!("{} {fix}", ui::err().warning("help:"));
        }
        ExitCode::from(EXIT_ERROR)
    })
}

/// Exit code 0 for a success, 1 for a negative result.
pub fn exit(success: bool) -> ExitCode {
    if success {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_NEGATIVE)
    }
}

/// Asks a yes/no question on the terminal; anything but `y`/`yes` is no.
pub fn confirm(question: &str) -> Result<bool> {
    use std::io::Write as _;
    print!("{question} [y/N] ");
    std::io::stdout()
        .flush()
        .map_err(|error| crate::infra::error::Error::io("write", "stdout", error))?;
    let mut answer = String::new();
    std::io::stdin()
        .read_line(&mut answer)
        .map_err(|error| crate::infra::error::Error::io("read", "stdin", error))?;
    Ok(matches!(answer.trim().to_lowercase().as_str(), "y" | "yes"))
}
