//! The `statelings` binary: parse the command line, decide on colour, run the command.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = statelings::app::cli::Cli::parse();
    statelings::app::ui::init(cli.global.color);
    statelings::app::commands::dispatch(cli)
}
