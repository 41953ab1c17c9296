//! The command line's global options, resolved once into the values the commands use (durations,
//! paths, the course), so nothing below `app` ever sees a clap type.

use std::path::PathBuf;
use std::time::Duration;

use crate::app::cli::GlobalArgs;
use crate::domain::course::Course;
use crate::infra::course_files;
use crate::infra::error::Result;

/// What every command may need from the command line.
#[derive(Debug, Clone)]
pub struct Config {
    /// `--workbook`: where the learner's workbook is, if named.
    pub workbook: Option<PathBuf>,
    /// `--course`: a course checkout to use instead of the embedded course.
    pub course: Option<PathBuf>,
    /// `--timeout`: the wall-time limit for one run of an exercise's tests.
    pub timeout: Duration,
}

impl Config {
    pub fn from_args(global: &GlobalArgs) -> Config {
        Config {
            workbook: global.workbook.clone(),
            course: global.course.clone(),
            timeout: Duration::from_secs(global.timeout.max(1)),
        }
    }

    /// The course named by `--course`, else the embedded one; refused when its structure has
    /// a fatal problem (`verify` lists them).
    pub fn load_course(&self) -> Result<Course> {
        Ok(self.load_course_as_is()?.usable()?)
    }

    /// The course as it is, for `verify`, which reports every problem itself.
    pub fn load_course_as_is(&self) -> Result<Course> {
        Ok(match &self.course {
            Some(dir) => course_files::from_dir(dir)?,
            None => course_files::embedded()?,
        })
    }
}
