//! `statelings lesson [CHAPTER]`: print a chapter's lesson (its README), by default the chapter
//! of the exercise the learner is on. Without a workbook it needs a chapter.

use std::process::ExitCode;

use crate::app::config::Config;
use crate::app::session::{closest, Session};
use crate::domain::course::Course;
use crate::infra::error::{Error, Result};

pub fn lesson(config: &Config, chapter: Option<&str>) -> Result<ExitCode> {
    match chapter {
        Some(name) => {
            let course = config.load_course()?;
            let idx = chapter_named(&course, name)?;
            print!("{}", text(&course, idx));
        }
        None => {
            let session = Session::open(config, false)?;
            let idx = session.exercises()[session.current()].chapter;
            print!("{}", text(session.course(), idx));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Chapter `idx`'s lesson as printed.
pub fn text(course: &Course, idx: usize) -> String {
    let chapter = &course.chapters[idx];
    match course.chapter_readme(chapter) {
        Some(text) => format!("{}\n", text.trim_end()),
        None => format!("Chapter \"{}\" has no lesson text.\n", chapter.title),
    }
}

/// A chapter by folder name (`01_stateless`), its number (`1`) or its name without the number
/// (`stateless`).
pub fn chapter_named(course: &Course, name: &str) -> Result<usize> {
    let matches = |dir: &str| {
        let (number, word) = dir.split_once('_').unwrap_or((dir, dir));
        dir == name
            || word == name
            || number.parse::<usize>().ok() == name.parse::<usize>().ok()
                && name.parse::<usize>().is_ok()
    };
    course
        .chapters
        .iter()
        .position(|chapter| matches(&chapter.dir))
        .ok_or_else(|| Error::UnknownChapter {
            name: name.to_owned(),
            suggestion: closest(name, course.chapters.iter().map(|c| c.dir.as_str())),
            known: course
                .chapters
                .iter()
                .map(|chapter| format!("`{}`", chapter.dir))
                .collect::<Vec<_>>()
                .join(", "),
        })
}
