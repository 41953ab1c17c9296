//! An open workbook with its course: what every learner command starts from. Its fields are
//! private; commands say what they want done (check this exercise, record that verdict, reveal
//! a hint, record a quiz attempt) and the session does it.
//!
//! Every change of progress is one `Workbook::update_progress` step (lock, re-read, change,
//! write), so a second terminal's changes are kept; the session keeps the latest snapshot for
//! reading. Opening never rewrites anything: a missing or damaged progress file is reported and
//! salvaged in memory, and rebuilt on disk at the next change (the original kept beside it).

use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};

use crate::app::config::Config;
use crate::app::ui;
use crate::domain::course::quiz::Quiz;
use crate::domain::course::{Course, Exercise};
use crate::domain::status::Status;
use crate::domain::verdict::Checked;
use crate::infra::checker::Checker;
use crate::infra::error::{Error, Result};
use crate::infra::safe_file::Refused;
use crate::infra::toolchain::Toolchain;
use crate::infra::workbook::progress::{Damage, Progress};
use crate::infra::workbook::quiz_record::{Attempt, QuizRecord};
use crate::infra::workbook::{Found, ProgressProblem, Workbook};

pub struct Session {
    course: Course,
    workbook: Workbook,
    /// The compiler, found at the first check: a command that checks nothing needs none.
    checker: OnceLock<Checker>,
    timeout: std::time::Duration,
    /// The latest progress read from or written to disk.
    progress: Mutex<Progress>,
    /// Statuses rebuilt (by checking) after progress was lost: shown at once, written with the
    /// first change, so a command that only reads writes nothing.
    rebuilt: Mutex<Vec<(usize, Status)>>,
}

impl Session {
    /// Opens the workbook the configuration names (creating `./workbook` only when `create`).
    pub fn open(config: &Config, create: bool) -> Result<Session> {
        let course = config.load_course()?;
        let (workbook, found) = Workbook::locate(config.workbook.as_deref(), &course, create)?;
        if found == Found::Created {
            eprintln!(
                "Created a workbook in `{}`: the exercises you edit are in `{}`.",
                workbook.root().display(),
                workbook.root().join("exercises").display()
            );
        }
        let loaded = workbook.load_progress()?;
        let session = Session {
            course,
            workbook,
            checker: OnceLock::new(),
            timeout: config.timeout,
            progress: Mutex::new(loaded.progress),
            rebuilt: Mutex::new(Vec::new()),
        };
        if let Some(problem) = loaded.problem {
            session.report_problem(&problem);
            if matches!(
                problem,
                ProgressProblem::Missing
                    | ProgressProblem::Refused(_)
                    | ProgressProblem::Damaged(Damage::Unreadable { .. })
            ) {
                session.rebuild_statuses()?;
            }
        }
        Ok(session)
    }

    /// The checker, finding the compiler the first time (a toolchain that cannot be used is
    /// an error then, and again at every later call).
    fn checker(&self) -> Result<&Checker> {
        if let Some(checker) = self.checker.get() {
            return Ok(checker);
        }
        let cache = self
            .workbook
            .root()
            .join("target")
            .join("statelings-toolchain.json");
        let toolchain = Toolchain::find(Some(&cache))?;
        // Diagnostics name the learner's file as the learner's own path does, when rustc can
        // take it (a path that is not UTF-8 is shown relative to the workbook).
        let prefix = self
            .workbook
            .root()
            .to_str()
            .filter(|root| !root.is_empty() && *root != ".")
            .map(|root| format!("{}/", root.trim_end_matches('/')))
            .unwrap_or_default();
        let checker = Checker::new(toolchain, std::env::temp_dir(), self.timeout)
            .display_prefix(&prefix)
            .colour(ui::out().is_coloured());
        Ok(self.checker.get_or_init(|| checker))
    }

    fn report_problem(&self, problem: &ProgressProblem) {
        let path = self.workbook.progress_file();
        let warning = ui::err().warning("warning:");
        match problem {
            ProgressProblem::Missing => eprintln!(
                "{warning} the progress file `{}` is missing; your exercises are re-checked to \
                 rebuild it",
                path.display()
            ),
            ProgressProblem::Refused(refused) => eprintln!(
                "{warning} the progress file `{}` cannot be used ({refused}); it will be moved \
                 aside as `progress.json.corrupt` and rebuilt from your exercise files",
                path.display()
            ),
            ProgressProblem::Damaged(Damage::Unreadable {
                line,
                column,
                message,
            }) => eprintln!(
                "{warning} the progress file `{}` is not valid JSON (line {line}, column \
                 {column}: {message}); it will be kept as `progress.json.corrupt` and rebuilt \
                 from your exercise files",
                path.display()
            ),
            ProgressProblem::Damaged(Damage::Dropped(dropped)) => {
                eprintln!(
                    "{warning} parts of the progress file `{}` are not valid and were left out \
                     (everything else is kept; the original will be kept as \
                     `progress.json.corrupt`):",
                    path.display()
                );
                for field in dropped {
                    eprintln!("  - {field}");
                }
            }
        }
    }

    /// After progress was lost: untouched files are not started; edited ones are checked. The
    /// statuses are kept in memory until the first change writes them.
    fn rebuild_statuses(&self) -> Result<()> {
        let edited: Vec<usize> = (0..self.course.exercises.len())
            .filter(|&idx| {
                let exercise = &self.course.exercises[idx];
                self.workbook
                    .read_exercise(exercise)
                    .is_ok_and(|bytes| bytes != exercise.stub.as_bytes())
            })
            .collect();
        let mut results: Vec<(usize, Status)> = Vec::new();
        for (idx, checked) in self.check_many(edited, None, |_, _| {}) {
            match checked {
                Ok(checked) => results.push((idx, checked.verdict.status())),
                // Gone since it was read: nothing to rebuild from.
                Err(Error::MissingExerciseFile { .. } | Error::UnreadableExerciseFile { .. }) => {}
                // No compiler: rebuilding without one would write those passes off.
                Err(error) => return Err(error),
            }
        }
        {
            let mut progress = self.snapshot();
            apply_statuses(&self.course, &mut progress, &results);
            progress.current = None;
        }
        *self
            .rebuilt
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = results;
        Ok(())
    }

    pub fn course(&self) -> &Course {
        &self.course
    }

    pub fn workbook(&self) -> &Workbook {
        &self.workbook
    }

    pub fn exercises(&self) -> &[Exercise] {
        &self.course.exercises
    }

    /// A copy of the latest progress.
    pub fn progress(&self) -> Progress {
        self.snapshot().clone()
    }

    fn snapshot(&self) -> std::sync::MutexGuard<'_, Progress> {
        self.progress
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn status(&self, idx: usize) -> Status {
        self.snapshot().status(&self.course.exercises[idx].name)
    }

    pub fn quiz_record(&self, id: &str) -> Option<QuizRecord> {
        self.snapshot().quizzes.get(id).cloned()
    }

    /// The seed of this workbook's quiz shuffle.
    pub fn seed(&self) -> u64 {
        self.snapshot().seed.unwrap_or_else(|| {
            let root = std::path::absolute(self.workbook.root())
                .unwrap_or_else(|_| self.workbook.root().to_path_buf());
            crate::domain::quiz::order::seed_from(root.to_string_lossy().as_bytes())
        })
    }

    /// The exercise called `name`, or an error that suggests the closest name.
    pub fn exercise_named(&self, name: &str) -> Result<usize> {
        self.course
            .exercise(name)
            .map(|(idx, _)| idx)
            .ok_or_else(|| Error::UnknownExercise {
                name: name.to_owned(),
                suggestion: closest(name, self.course.exercises.iter().map(|e| e.name.as_str())),
            })
    }

    /// The quiz called `name`, or an error that lists them and suggests the closest.
    pub fn quiz_named(&self, name: &str) -> Result<&Quiz> {
        self.course.quiz(name).ok_or_else(|| Error::UnknownQuiz {
            name: name.to_owned(),
            suggestion: closest(name, self.course.quizzes.iter().map(|q| q.id.as_str())),
            known: self
                .course
                .quizzes
                .iter()
                .map(|q| format!("`{}`", q.id))
                .collect::<Vec<_>>()
                .join(", "),
        })
    }

    /// The exercise the learner is on.
    pub fn current(&self) -> usize {
        current_of(&self.course, &self.snapshot())
    }

    pub fn n_passed(&self) -> usize {
        let progress = self.snapshot();
        self.course
            .exercises
            .iter()
            .filter(|exercise| progress.passed(&exercise.name))
            .count()
    }

    /// The next exercise after `idx` (wrapping around) that has not passed.
    pub fn next_unfinished_after(&self, idx: usize) -> Option<usize> {
        next_unfinished_after(&self.course, &self.snapshot(), idx)
    }

    pub fn display_path(&self, idx: usize) -> String {
        self.workbook
            .exercise_file(&self.course.exercises[idx])
            .display()
            .to_string()
    }

    /// Whether the learner's file is the starting code, byte for byte.
    pub fn is_untouched(&self, idx: usize) -> bool {
        let exercise = &self.course.exercises[idx];
        self.workbook
            .read_exercise(exercise)
            .is_ok_and(|bytes| bytes == exercise.stub.as_bytes())
    }

    /// Checks one exercise from the learner's file (it does not record the verdict). A file that
    /// is missing or not a regular file is an error naming the exercise.
    pub fn check(&self, idx: usize) -> Result<Checked> {
        let exercise = &self.course.exercises[idx];
        let path = self.workbook.exercise_file(exercise);
        let bytes = self
            .workbook
            .read_exercise(exercise)
            .map_err(|refused| match refused {
                Refused::Missing => Error::MissingExerciseFile {
                    name: exercise.name.clone(),
                    path: path.clone(),
                },
                refused => Error::UnreadableExerciseFile {
                    name: exercise.name.clone(),
                    path: path.clone(),
                    reason: refused.to_string(),
                },
            })?;
        self.checker()?.check(exercise, &bytes, false)
    }

    /// Checks several exercises at once; `on_done` sees each as it finishes.
    pub fn check_many(
        &self,
        indices: Vec<usize>,
        jobs: Option<usize>,
        mut on_done: impl FnMut(usize, &Result<Checked>) + Send,
    ) -> Vec<(usize, Result<Checked>)> {
        crate::infra::parallel::map(
            indices,
            crate::infra::parallel::jobs(jobs),
            |idx| (idx, self.check(idx)),
            |(idx, checked)| on_done(*idx, checked),
        )
    }

    /// Records verdicts. With `advance`, when the current exercise passes, the next unfinished
    /// one becomes current, and its index is returned.
    pub fn record(&self, results: &[(usize, Status)], advance: bool) -> Result<Option<usize>> {
        let course = &self.course;
        self.change(|progress| {
            let current = current_of(course, progress);
            apply_statuses(course, progress, results);
            let moved = if advance && progress.passed(&course.exercises[current].name) {
                next_unfinished_after(course, progress, current)
            } else {
                None
            };
            if let Some(next) = moved {
                progress.current = Some(course.exercises[next].name.clone());
            } else if progress.current.is_none() {
                progress.current = Some(course.exercises[current].name.clone());
            }
            moved
        })
    }

    pub fn set_current(&self, idx: usize) -> Result<()> {
        let name = self.course.exercises[idx].name.clone();
        self.change(|progress| progress.current = Some(name))
    }

    /// Reveals one more hint of an exercise (staying on the last) and returns its number, from 1.
    pub fn reveal_hint(&self, idx: usize) -> Result<usize> {
        let exercise = &self.course.exercises[idx];
        let n_hints = exercise.hints.len();
        self.change(|progress| {
            let entry = progress.exercise_mut(&exercise.name);
            entry.hints_shown = entry.hints_shown.saturating_add(1).min(n_hints);
            entry.hints_shown
        })
    }

    /// Restores an exercise's stub (the learner's version kept as a backup, whose path is
    /// returned) and forgets its status and hints.
    pub fn reset(&self, idx: usize) -> Result<Option<PathBuf>> {
        let exercise = &self.course.exercises[idx];
        let backup = self.workbook.reset(exercise)?;
        self.change(|progress| {
            progress.exercises.remove(&exercise.name);
        })?;
        Ok(backup)
    }

    /// Records a quiz attempt: `make` is given the attempt's number.
    pub fn record_quiz(&self, quiz: &str, make: impl FnOnce(u32) -> Attempt) -> Result<Attempt> {
        let seed = self.seed();
        self.change(|progress| {
            progress.seed.get_or_insert(seed);
            let record = progress.quizzes.entry(quiz.to_owned()).or_default();
            let attempt = make(record.next_number());
            record.add(attempt.clone());
            attempt
        })
    }

    /// One change of progress, made under the workbook's lock on what is on disk now.
    fn change<T>(&self, change: impl FnOnce(&mut Progress) -> T) -> Result<T> {
        let rebuilt = std::mem::take(&mut *self.rebuilt.lock().unwrap_or_else(|p| p.into_inner()));
        let (result, progress) = self.workbook.update_progress(|progress| {
            apply_statuses(&self.course, progress, &rebuilt);
            change(progress)
        })?;
        *self.snapshot() = progress;
        Ok(result)
    }
}

fn apply_statuses(course: &Course, progress: &mut Progress, results: &[(usize, Status)]) {
    for &(idx, status) in results {
        progress.exercise_mut(&course.exercises[idx].name).status = status;
    }
}

/// The exercise the learner is on: the recorded one, else the first not passed, else the first.
fn current_of(course: &Course, progress: &Progress) -> usize {
    progress
        .current
        .as_deref()
        .and_then(|name| course.exercises.iter().position(|e| e.name == name))
        .or_else(|| {
            next_unfinished_after(course, progress, course.exercises.len().saturating_sub(1))
        })
        .unwrap_or(0)
}

fn next_unfinished_after(course: &Course, progress: &Progress, idx: usize) -> Option<usize> {
    let n = course.exercises.len();
    (1..=n)
        .map(|step| (idx + step) % n)
        .find(|&candidate| !progress.passed(&course.exercises[candidate].name))
}

/// The name among `known` closest to `name`, if any is close enough to be a likely typo.
pub fn closest<'a>(name: &str, known: impl Iterator<Item = &'a str>) -> Option<String> {
    known
        .map(|candidate| (strsim::jaro_winkler(name, candidate), candidate))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| candidate.to_owned())
}
