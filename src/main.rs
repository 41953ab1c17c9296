//! The `statelings` binary: parse the command line, decide on colour, run the command.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = statelings::cli::Cli::parse();
    statelings::ui::init(cli.global.color);
    statelings::commands::dispatch(cli)
}
