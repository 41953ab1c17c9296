//! Watch mode: the learner edits, saves, and sees the verdict. One loop over a closed set of
//! events fed by two small adapter threads (the file watcher and the keyboard); the decisions
//! are made by the pure `state` machine, and this file only performs its effects and draws.

pub mod state;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

use notify::Watcher as _;

use crate::check::Checked;
use crate::error::{Error, Result};
use crate::session::Session;
use crate::terminal::{Key, Terminal};
use crate::{show, ui};
use state::{Effect, Event, Mode, WatchState};

/// Editors write a file in several steps (truncate, write, rename); events closer together than
/// this are one save.
const DEBOUNCE: Duration = Duration::from_millis(60);

/// What the screen shows besides the exercise.
#[derive(Default)]
struct Screen {
    verdict: Option<(Checked, String)>,
    hint: Option<String>,
    /// What the last check taught (the takeaway), or that it is running.
    message: Option<String>,
    /// The outcome of the last action (reset, check all), kept across the re-check it causes.
    notice: Option<String>,
}

pub fn watch(session: &mut Session) -> Result<ExitCode> {
    let (sender, events) = mpsc::channel();
    let _watcher = watch_files(session, sender.clone())?;
    let mut terminal = Terminal::enter()?;
    spawn_keyboard(sender);

    let current = session.current();
    let mut state = WatchState::new(
        current,
        exercise_file(session, current),
        session.course.exercises.len(),
    );
    let mut screen = Screen::default();
    perform(
        session,
        &mut state,
        &mut screen,
        &mut terminal,
        Effect::Check,
    )?;
    while let Ok(first) = events.recv() {
        for event in debounce(first, &events) {
            for effect in state.on_event(event) {
                if effect == Effect::Quit {
                    drop(terminal);
                    println!(
                        "{}",
                        ui::dim("Your progress is saved. Run `statelings` to come back.")
                    );
                    return Ok(ExitCode::SUCCESS);
                }
                perform(session, &mut state, &mut screen, &mut terminal, effect)?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The first event and any that follow it within `DEBOUNCE`, with repeated saves of one file
/// collapsed into one.
fn debounce(first: Event, events: &Receiver<Event>) -> Vec<Event> {
    let mut batch = vec![first];
    if matches!(batch[0], Event::Saved(_)) {
        loop {
            match events.recv_timeout(DEBOUNCE) {
                Ok(event) if !batch.contains(&event) => batch.push(event),
                Ok(_) => {}
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => break,
            }
        }
    }
    batch
}

fn exercise_file(session: &Session, idx: usize) -> PathBuf {
    session
        .workbook
        .exercise_file(&session.course.exercises[idx])
}

fn perform(
    session: &mut Session,
    state: &mut WatchState,
    screen: &mut Screen,
    terminal: &mut Terminal,
    effect: Effect,
) -> Result<()> {
    let idx = state.current;
    match effect {
        Effect::Check => {
            screen.message = Some("Checking...".to_owned());
            draw(session, state, screen, terminal)?;
            let checked = match session.check(idx) {
                Ok(checked) => checked,
                Err(error @ Error::MissingExerciseFile { .. }) => {
                    screen.verdict = None;
                    screen.message = Some(error.to_string());
                    return draw(session, state, screen, terminal);
                }
                Err(error) => return Err(error),
            };
            session.record(idx, &checked);
            session.save()?;
            screen.message = checked.verdict.passed().then(|| after_pass(session, idx));
            let path = session.exercise_path_for_display(&session.course.exercises[idx]);
            screen.verdict = Some((checked, path));
        }
        Effect::Next | Effect::Pick(_) => {
            let next = match effect {
                Effect::Pick(picked) => Some(picked),
                _ => session.next_unfinished_after(idx),
            };
            match next {
                Some(next) => {
                    session.set_current(next);
                    session.save()?;
                    state.set_current(next, exercise_file(session, next));
                    *screen = Screen::default();
                    if effect == Effect::Next {
                        return perform(session, state, screen, terminal, Effect::Check);
                    }
                }
                None => {
                    screen.message =
                        Some(ui::success("Every exercise passes. Well done!").to_string())
                }
            }
        }
        Effect::Hint => {
            let shown = session.reveal_hint(idx);
            session.save()?;
            screen.hint = Some(show::hint(&session.course.exercises[idx], shown));
        }
        Effect::CheckAll => {
            screen.message = Some("Checking every exercise...".to_owned());
            draw(session, state, screen, terminal)?;
            let results = session.check_many(
                (0..session.course.exercises.len()).collect(),
                None,
                |_, _| {},
            );
            for (checked_idx, checked) in results {
                session.record(checked_idx, &checked?);
            }
            session.save()?;
            screen.message = None;
            screen.notice = Some(format!(
                "Checked every exercise: {} of {} pass.",
                session.n_passed(),
                session.course.exercises.len()
            ));
        }
        Effect::Reset => {
            let backup = session.reset(idx)?;
            session.save()?;
            screen.hint = None;
            screen.notice = Some(match backup {
                Some(backup) => format!("Reset. Your version is kept in `{}`.", backup.display()),
                None => "Reset (there were no changes to keep).".to_owned(),
            });
        }
        Effect::Redraw | Effect::Quit => {}
    }
    draw(session, state, screen, terminal)
}

/// The takeaway, how to go on, and the chapter's quiz when this finished the chapter.
fn after_pass(session: &Session, idx: usize) -> String {
    let exercise = &session.course.exercises[idx];
    let mut message = show::takeaway(exercise);
    let chapter = &session.course.chapters[exercise.chapter];
    let chapter_done = chapter.exercises.iter().all(|&other| {
        session
            .progress
            .passed(&session.course.exercises[other].name)
    });
    if chapter_done {
        message.push_str(&format!(
            "\n{} You finished \"{}\".",
            ui::success("Chapter complete!"),
            chapter.title
        ));
        if let Some(quiz) = crate::quiz::quiz_for_chapter(&session.course, &chapter.dir) {
            message.push_str(&format!(
                " Test what you learned: `statelings quiz {quiz}` (quit with q first)."
            ));
        }
        let course_done = session.n_passed() == session.course.exercises.len();
        let module_quiz =
            crate::quiz::quiz_for_chapter(&session.course, crate::course::quiz::MODULE);
        if let Some(quiz) = module_quiz.filter(|_| course_done) {
            message.push_str(&format!(
                "\nEvery exercise passes: the final quiz is `statelings quiz {quiz}`."
            ));
        }
        message.push('\n');
    }
    message.push_str(&format!("\nPress {} for the next exercise.", ui::name("n")));
    message
}

fn draw(
    session: &Session,
    state: &WatchState,
    screen: &Screen,
    terminal: &mut Terminal,
) -> Result<()> {
    if let Mode::List(view) = &state.mode {
        return terminal.draw(&view.render(session, terminal.rows().saturating_sub(4)));
    }
    let exercise = &session.course.exercises[state.current];
    let chapter = &session.course.chapters[exercise.chapter];
    let (quizzes_done, quizzes_total) = crate::quiz::n_done(session);
    let mut text = format!(
        "{}  {}\n{} exercises   {} quizzes\n\n{} {}  ({})\n\n",
        ui::heading("statelings"),
        chapter.title,
        ui::progress_bar(session.n_passed(), session.course.exercises.len(), 40),
        ui::progress_bar(quizzes_done, quizzes_total, 7),
        ui::heading("Exercise"),
        ui::name(&exercise.name),
        ui::path(&session.exercise_path_for_display(exercise)),
    );
    match &screen.verdict {
        Some((checked, path)) => text.push_str(&show::verdict(exercise, path, checked)),
        None => text.push_str("Edit the file and save it to check it.\n"),
    }
    if let Some(hint) = &screen.hint {
        text.push('\n');
        text.push_str(hint);
    }
    for message in [&screen.message, &screen.notice].into_iter().flatten() {
        text.push('\n');
        text.push_str(message);
        text.push('\n');
    }
    text.push('\n');
    text.push_str(&if state.mode == Mode::ConfirmReset {
        ui::warning(
            "Reset this exercise to its starting code? Your version is kept as a backup. y/n",
        )
        .to_string()
    } else {
        ui::dim("n next · h hint · l list · c check all · r reset · q quit").to_string()
    });
    terminal.draw(&text)
}

/// Sends a `Saved` event for every file written under the workbook's exercises folder.
fn watch_files(session: &Session, sender: Sender<Event>) -> Result<notify::RecommendedWatcher> {
    let dir = session.workbook.root().join("exercises");
    let mut watcher = notify::recommended_watcher(move |result: notify::Result<notify::Event>| {
        let Ok(event) = result else { return };
        if matches!(
            event.kind,
            notify::EventKind::Create(_) | notify::EventKind::Modify(_)
        ) {
            for path in event.paths {
                let _ = sender.send(Event::Saved(path));
            }
        }
    })
    .map_err(|error| Error::io("watch", &dir, std::io::Error::other(error)))?;
    watcher
        .watch(&dir, notify::RecursiveMode::Recursive)
        .map_err(|error| Error::io("watch", &dir, std::io::Error::other(error)))?;
    Ok(watcher)
}

/// Sends a `Key` event for every key pressed.
fn spawn_keyboard(sender: Sender<Event>) {
    std::thread::spawn(move || {
        while let Ok(event) = crossterm::event::read() {
            if let Some(key) = Key::from_event(&event) {
                if sender.send(Event::Key(key)).is_err() {
                    break;
                }
            }
        }
    });
}
