//! `statelings init [DIR]`: create a workbook (refusing a folder that is not empty).

use std::path::Path;
use std::process::ExitCode;

use crate::app::config::Config;
use crate::infra::error::Result;
use crate::infra::workbook::Workbook;

pub fn init(config: &Config, dir: &Path) -> Result<ExitCode> {
    let course = config.load_course()?;
    let workbook = Workbook::init(dir, &course)?;
    println!(
        "Created a workbook in `{}`. The exercises you edit are in `{}`.\n\
         Start with `statelings` in that folder (or `cargo run --release` in the course).",
        workbook.root().display(),
        workbook.root().join("exercises").display()
    );
    Ok(ExitCode::SUCCESS)
}
