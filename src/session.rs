//! An open workbook with its course and progress: what every learner command starts from.
//!
//! Opening a session finds (or creates) the workbook and loads progress; a missing or corrupt
//! progress file is reported, kept aside, and rebuilt from the exercise files, never silently
//! zeroed. Checking an exercise records its verdict; `save` writes progress atomically.

use std::path::Path;
use std::time::Duration;

use crate::check::{Checked, Checker};
use crate::cli::GlobalArgs;
use crate::course::{Course, Exercise};
use crate::error::{Error, Result};
use crate::ui;
use crate::workbook::progress::{self, LoadProblem, Progress, Status};
use crate::workbook::{Found, Workbook};

pub struct Session {
    pub course: Course,
    pub workbook: Workbook,
    pub progress: Progress,
    pub checker: Checker,
}

/// The course named by `--course`, else the embedded one.
pub fn load_course(global: &GlobalArgs) -> Result<Course> {
    Ok(match &global.course {
        Some(dir) => Course::from_dir(dir)?,
        None => Course::embedded()?,
    })
}

impl Session {
    pub fn open(global: &GlobalArgs) -> Result<Session> {
        let course = load_course(global)?;
        let (workbook, found) = Workbook::locate(global.workbook.as_deref(), &course)?;
        if found == Found::Created {
            eprintln!(
                "Created a workbook in `{}`: the exercises you edit are in `{}`.",
                workbook.root().display(),
                workbook.root().join("exercises").display()
            );
        }
        let checker = Checker::new(
            workbook.build_dir(),
            Duration::from_secs(global.timeout.max(1)),
        )
        .display_root(workbook.root());
        let mut session = Session {
            course,
            workbook,
            progress: Progress::default(),
            checker,
        };
        session.load_progress()?;
        Ok(session)
    }

    fn load_progress(&mut self) -> Result<()> {
        let path = self.workbook.progress_file();
        match Progress::load(&path)? {
            Ok(progress) => self.progress = progress,
            Err(LoadProblem::Missing) => {
                eprintln!(
                    "{} the progress file `{}` is missing; rebuilding it from your exercise files",
                    ui::warning("warning:"),
                    path.display()
                );
                self.rebuild_progress()?;
            }
            Err(LoadProblem::Corrupt {
                line,
                column,
                message,
            }) => {
                let kept = crate::workbook::unused_sibling(&path, "corrupt");
                std::fs::rename(&path, &kept).map_err(|error| Error::io("move", &path, error))?;
                eprintln!(
                    "{} the progress file `{}` is corrupt (line {line}, column {column}: {message}); \
                     it was kept as `{}` and progress is rebuilt from your exercise files",
                    ui::warning("warning:"),
                    path.display(),
                    kept.display()
                );
                self.rebuild_progress()?;
            }
        }
        if self.progress.current.is_none() {
            self.progress.current = self
                .first_unfinished()
                .map(|idx| self.course.exercises[idx].name.clone());
        }
        Ok(())
    }

    /// Re-derives progress: untouched files are not done; edited ones are checked.
    fn rebuild_progress(&mut self) -> Result<()> {
        self.progress = Progress {
            version: progress::VERSION,
            ..Progress::default()
        };
        let mut edited = Vec::new();
        for (idx, exercise) in self.course.exercises.iter().enumerate() {
            match self.workbook.read_exercise(exercise)? {
                Some(bytes) if bytes != exercise.stub.as_bytes() => edited.push(idx),
                _ => {}
            }
        }
        for (idx, checked) in self.check_many(edited, None, |_, _| {}) {
            self.record(idx, &checked?);
        }
        self.progress.current = self
            .first_unfinished()
            .map(|idx| self.course.exercises[idx].name.clone());
        self.save()
    }

    pub fn save(&self) -> Result<()> {
        self.progress.save(&self.workbook.progress_file())
    }

    /// The exercise the learner is on.
    pub fn current(&self) -> usize {
        self.progress
            .current
            .as_deref()
            .and_then(|name| {
                self.course
                    .exercises
                    .iter()
                    .position(|exercise| exercise.name == name)
            })
            .unwrap_or(0)
    }

    pub fn set_current(&mut self, idx: usize) {
        self.progress.current = Some(self.course.exercises[idx].name.clone());
    }

    /// The first exercise, in course order, that has not passed.
    pub fn first_unfinished(&self) -> Option<usize> {
        self.next_unfinished_after(self.course.exercises.len().saturating_sub(1))
    }

    /// The next exercise after `idx` (wrapping around) that has not passed.
    pub fn next_unfinished_after(&self, idx: usize) -> Option<usize> {
        let n = self.course.exercises.len();
        (1..=n)
            .map(|step| (idx + step) % n)
            .find(|&candidate| !self.progress.passed(&self.course.exercises[candidate].name))
    }

    pub fn n_passed(&self) -> usize {
        self.course
            .exercises
            .iter()
            .filter(|exercise| self.progress.passed(&exercise.name))
            .count()
    }

    pub fn exercise_path_for_display(&self, exercise: &Exercise) -> String {
        self.workbook.exercise_file(exercise).display().to_string()
    }

    /// Checks one exercise from the learner's file (it does not record the verdict).
    pub fn check(&self, idx: usize) -> Result<Checked> {
        check_in(&self.workbook, &self.checker, &self.course.exercises[idx])
    }

    /// Checks several exercises at once; `on_done` sees each as it finishes.
    pub fn check_many(
        &self,
        indices: Vec<usize>,
        jobs: Option<usize>,
        mut on_done: impl FnMut(usize, &Result<Checked>) + Send,
    ) -> Vec<(usize, Result<Checked>)> {
        crate::parallel::map(
            indices,
            crate::parallel::jobs(jobs),
            |idx| (idx, self.check(idx)),
            |(idx, checked)| on_done(*idx, checked),
        )
    }

    /// Records a verdict; a pass of the current exercise moves `current` on.
    pub fn record(&mut self, idx: usize, checked: &Checked) {
        let name = self.course.exercises[idx].name.clone();
        self.progress.exercise_mut(&name).status = Status::from_verdict(&checked.verdict);
    }

    /// Reveals one more hint of an exercise (staying on the last) and returns its number, from 1.
    pub fn reveal_hint(&mut self, idx: usize) -> usize {
        let exercise = &self.course.exercises[idx];
        let n_hints = exercise.hints.len();
        let progress = self.progress.exercise_mut(&exercise.name);
        progress.hints_shown = (progress.hints_shown + 1).min(n_hints);
        progress.hints_shown
    }

    /// Restores an exercise's stub (the learner's version kept as a backup, whose path is
    /// returned) and forgets its status and hints.
    pub fn reset(&mut self, idx: usize) -> Result<Option<std::path::PathBuf>> {
        let exercise = &self.course.exercises[idx];
        let backup = self.workbook.reset(exercise)?;
        self.progress.exercises.remove(&exercise.name);
        Ok(backup)
    }

    /// After the current exercise passes: the next unfinished one becomes current.
    pub fn advance(&mut self) -> Option<usize> {
        let next = self.next_unfinished_after(self.current())?;
        self.set_current(next);
        Some(next)
    }
}

fn check_in(workbook: &Workbook, checker: &Checker, exercise: &Exercise) -> Result<Checked> {
    let path = workbook.exercise_file(exercise);
    let bytes = workbook
        .read_exercise(exercise)?
        .ok_or_else(|| Error::MissingExerciseFile {
            name: exercise.name.clone(),
            path: path.clone(),
        })?;
    checker.check(
        exercise,
        &bytes,
        Some(Path::new(&path)),
        &exercise.name,
        false,
    )
}
