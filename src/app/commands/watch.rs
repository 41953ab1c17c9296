//! Watch mode: the learner edits, saves, and sees the verdict. One loop over messages fed by
//! small adapter threads (the file watcher, the keyboard, a ticker) and by background checks;
//! the decisions are made by the pure `state` machine, the layout by the pure `screen`, and this
//! file only performs effects and draws.
//!
//! It never goes deaf: besides the watcher's events, the ticker compares the current file's
//! size, time and inode with what was last checked (so a save is seen even if the watcher lost
//! its folder) and re-arms the watcher when `exercises/` is replaced. It never goes blind: every
//! line is wrapped to the terminal's width and the screen is redrawn when the window changes.

pub mod screen;
pub mod state;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::Arc;
use std::time::Duration;

use notify::Watcher as _;

use crate::app::commands::lesson;
use crate::app::session::Session;
use crate::app::{guidance, quiz_standing, ui};
use crate::domain::status::Status;
use crate::domain::verdict::Checked;
use crate::domain::view::verdict as show;
use crate::infra::error::{Error, Result};
use crate::infra::terminal::{self, Input, Terminal};
use screen::Layout;
use state::{Effect, Event, Mode, WatchState};

/// Editors write a file in several steps (truncate, write, rename); events closer together than
/// this are one save.
const DEBOUNCE: Duration = Duration::from_millis(60);
/// How often the ticker looks at the current file and the exercises folder itself.
const TICK: Duration = Duration::from_millis(500);

/// What reaches the loop.
enum Message {
    Event(Event),
    /// Something under `exercises/` changed (the watcher's word; the file is looked at).
    Changed(PathBuf),
    Tick,
    Done(Work),
}

/// A finished background check.
enum Work {
    One(usize, Result<Checked>),
    All(Vec<(usize, Result<Checked>)>),
}

/// What the screen shows besides the exercise.
#[derive(Default)]
struct Screen {
    verdict: Option<(Checked, String)>,
    hint: Option<String>,
    /// What the last check taught (the takeaway and what comes next), or that it is running.
    message: Option<String>,
    /// The outcome of the last action (reset, check all), kept across the re-check it causes.
    notice: Option<String>,
}

/// A file's identity and version, to tell a real change from a repeated event.
type Stamp = Option<(u64, u64, i128)>;

fn stamp(path: &Path) -> Stamp {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(path).ok()?;
    Some((
        meta.ino(),
        meta.len(),
        i128::from(meta.mtime()) * 1_000_000_000 + i128::from(meta.mtime_nsec()),
    ))
}

struct Driver {
    session: Arc<Session>,
    state: WatchState,
    screen: Screen,
    terminal: Terminal,
    sender: Sender<Message>,
    /// The keyboard thread stops reading while a quiz has the terminal.
    keyboard_paused: Arc<AtomicBool>,
    /// The current file as it was when its last check started.
    checked: Stamp,
    watcher: Option<notify::RecommendedWatcher>,
    exercises_dir: Stamp,
}

pub fn watch(session: Session) -> Result<ExitCode> {
    let session = Arc::new(session);
    let (sender, messages) = mpsc::channel();
    let keyboard_paused = Arc::new(AtomicBool::new(false));
    spawn_keyboard(sender.clone(), Arc::clone(&keyboard_paused));
    spawn_ticker(sender.clone());
    let current = session.current();
    let mut driver = Driver {
        state: WatchState::new(
            current,
            exercise_file(&session, current),
            session.exercises().len(),
        ),
        session,
        screen: Screen::default(),
        terminal: Terminal::enter()?,
        sender,
        keyboard_paused,
        checked: None,
        watcher: None,
        exercises_dir: None,
    };
    driver.arm_watcher();
    if driver.entering_chapter(current) {
        driver.state.show_lesson();
        driver.draw()?;
    } else {
        driver.state.busy = true;
        driver.perform(Effect::Check)?;
    }
    driver.run(&messages)
}

impl Driver {
    fn run(&mut self, messages: &Receiver<Message>) -> Result<ExitCode> {
        while let Ok(first) = messages.recv() {
            for message in debounce(first, messages) {
                let events = self.translate(message)?;
                for event in events {
                    for effect in self.state.on_event(event) {
                        if effect == Effect::Quit {
                            return Ok(self.quit());
                        }
                        self.perform(effect)?;
                    }
                }
            }
        }
        Ok(self.quit())
    }

    fn quit(&mut self) -> ExitCode {
        let _ = self.terminal.draw("");
        // Leaving raw mode happens when the terminal is dropped with the driver; a background
        // check's processes die with this process (their parent-death signal).
        println!(
            "{}",
            ui::dim("Your progress is saved. Run `statelings` to come back.")
        );
        ExitCode::SUCCESS
    }

    /// Turns a message into the state machine's events (a finished check is recorded first).
    fn translate(&mut self, message: Message) -> Result<Vec<Event>> {
        Ok(match message {
            Message::Event(event) => vec![event],
            Message::Changed(path) => {
                let current = self.state.current_file.clone();
                if same_name(&path, &current) && stamp(&current) != self.checked {
                    vec![Event::Saved(current)]
                } else {
                    vec![]
                }
            }
            Message::Tick => {
                self.rearm_if_replaced();
                let current = self.state.current_file.clone();
                if !self.state.busy && stamp(&current) != self.checked {
                    vec![Event::Saved(current)]
                } else {
                    vec![]
                }
            }
            Message::Done(work) => {
                self.finish(work)?;
                vec![Event::Checked]
            }
        })
    }

    fn perform(&mut self, effect: Effect) -> Result<()> {
        let idx = self.state.current;
        match effect {
            Effect::Check => self.start_check(idx),
            Effect::Next | Effect::Pick(_) => {
                let next = match effect {
                    Effect::Pick(picked) => Some(picked),
                    _ => self.session.next_unfinished_after(idx),
                };
                match next {
                    Some(next) => {
                        self.move_to(next)?;
                        if effect == Effect::Next {
                            self.start_check(next);
                        }
                    }
                    None => {
                        self.screen.message = Some(guidance::finished(&self.session));
                        if effect == Effect::Next {
                            self.send_done_now();
                        }
                    }
                }
            }
            Effect::Hint => {
                let shown = self.session.reveal_hint(idx)?;
                self.screen.hint =
                    Some(show::hint(ui::out(), &self.session.exercises()[idx], shown));
            }
            Effect::CheckAll => {
                self.screen.message = Some("Checking every exercise...".to_owned());
                let session = Arc::clone(&self.session);
                let sender = self.sender.clone();
                std::thread::spawn(move || {
                    let all = session.check_many(
                        (0..session.exercises().len()).collect(),
                        None,
                        |_, _| {},
                    );
                    let _ = sender.send(Message::Done(Work::All(all)));
                });
            }
            Effect::Reset => {
                let backup = self.session.reset(idx)?;
                self.screen.hint = None;
                self.screen.notice = Some(match backup {
                    Some(backup) => {
                        format!("Reset. Your version is kept in `{}`.", backup.display())
                    }
                    None => "Reset (there were no changes to keep).".to_owned(),
                });
            }
            Effect::Quiz => self.take_quiz()?,
            Effect::Redraw | Effect::Quit => {}
        }
        self.draw()
    }

    fn move_to(&mut self, next: usize) -> Result<()> {
        let entering = self.entering_chapter(next)
            || self.session.exercises()[next].chapter
                != self.session.exercises()[self.state.current].chapter;
        self.session.set_current(next)?;
        self.state
            .set_current(next, exercise_file(&self.session, next));
        self.screen = Screen::default();
        self.checked = None;
        if entering {
            self.state.show_lesson();
        }
        Ok(())
    }

    /// Whether exercise `idx` opens a chapter the learner has not started.
    fn entering_chapter(&self, idx: usize) -> bool {
        let course = self.session.course();
        let chapter = &course.chapters[course.exercises[idx].chapter];
        chapter.exercises.first() == Some(&idx)
            && chapter
                .exercises
                .iter()
                .all(|&other| self.session.status(other) == Status::NotAttempted)
    }

    fn send_done_now(&self) {
        let _ = self.sender.send(Message::Done(Work::All(Vec::new())));
    }

    fn start_check(&mut self, idx: usize) {
        self.screen.message = Some("Checking...".to_owned());
        self.checked = stamp(&self.state.current_file);
        let session = Arc::clone(&self.session);
        let sender = self.sender.clone();
        std::thread::spawn(move || {
            let result = session.check(idx);
            let _ = sender.send(Message::Done(Work::One(idx, result)));
        });
    }

    /// Records what a background check found and puts it on the screen.
    fn finish(&mut self, work: Work) -> Result<()> {
        match work {
            Work::One(idx, Ok(checked)) => {
                // `n` moves on: the learner reads the takeaway first.
                self.session
                    .record(&[(idx, self.status(idx, &checked))], false)?;
                self.screen.message = checked.verdict.passed().then(|| {
                    let mut message = show::takeaway(ui::out(), &self.session.exercises()[idx]);
                    message.push('\n');
                    message.push_str(&guidance::after_pass(&self.session, idx, None));
                    message.push_str(&format!("\nPress {} for the next exercise.", ui::name("n")));
                    message
                });
                self.screen.verdict = Some((checked, self.session.display_path(idx)));
            }
            Work::One(
                _,
                Err(
                    error @ (Error::MissingExerciseFile { .. }
                    | Error::UnreadableExerciseFile { .. }),
                ),
            ) => {
                self.screen.verdict = None;
                self.screen.message = Some(error.to_string());
            }
            Work::One(_, Err(error)) => {
                self.screen.verdict = None;
                let mut message = format!("{} {error}", ui::failure("error:"));
                if let Some(fix) = crate::infra::toolchain::fix(&error) {
                    message.push_str(&format!("\n{fix}"));
                }
                self.screen.message = Some(message);
            }
            Work::All(results) if results.is_empty() => {}
            Work::All(results) => {
                let mut statuses = Vec::new();
                let mut unreadable = Vec::new();
                for (idx, result) in results {
                    match result {
                        Ok(checked) => statuses.push((idx, self.status(idx, &checked))),
                        Err(error) => unreadable
                            .push(format!("{}: {error}", self.session.exercises()[idx].name)),
                    }
                }
                self.session.record(&statuses, false)?;
                self.screen.message = None;
                let mut notice = format!(
                    "Checked every exercise: {} of {} pass.",
                    self.session.n_passed(),
                    self.session.exercises().len()
                );
                for line in unreadable {
                    notice.push_str(&format!("\n{line}"));
                }
                self.screen.notice = Some(notice);
            }
        }
        Ok(())
    }

    /// What a check means for progress: an untouched file counts as not started, whatever its
    /// stub's verdict (as `run` and `check` record it).
    fn status(&self, idx: usize, checked: &Checked) -> Status {
        if self.session.is_untouched(idx) {
            Status::NotAttempted
        } else {
            checked.verdict.status()
        }
    }

    fn take_quiz(&mut self) -> Result<()> {
        let Some(quiz) = quiz_standing::next(&self.session) else {
            self.screen.notice = Some("Every quiz is done.".to_owned());
            return Ok(());
        };
        self.keyboard_paused.store(true, Ordering::SeqCst);
        let session = Arc::clone(&self.session);
        let result = self.terminal.suspended(|| {
            let outcome = crate::app::commands::quiz::interactively(&session, quiz, false);
            println!("\n{}", ui::dim("Press Enter to go back to your exercise."));
            let mut line = String::new();
            let _ = std::io::stdin().read_line(&mut line);
            outcome
        });
        self.keyboard_paused.store(false, Ordering::SeqCst);
        match result? {
            Ok(_) => {}
            Err(Error::InputEnded) => {}
            Err(error) => self.screen.notice = Some(error.to_string()),
        }
        Ok(())
    }

    fn draw(&mut self) -> Result<()> {
        let (cols, rows) = (self.terminal.cols(), self.terminal.rows());
        let name = self.session.exercises()[self.state.current].name.clone();
        let text = match &self.state.mode {
            Mode::List(view) => view.render(&self.session, rows.saturating_sub(4)),
            Mode::Lesson => {
                let chapter = self.session.exercises()[self.state.current].chapter;
                let layout = Layout {
                    header: vec![
                        ui::heading(&format!(
                            "Lesson: {}",
                            self.session.course().chapters[chapter].title
                        )),
                        String::new(),
                    ],
                    body: lesson::text(self.session.course(), chapter)
                        .lines()
                        .map(str::to_owned)
                        .collect(),
                    footer: vec![
                        String::new(),
                        ui::dim("Press any key to start (i shows this lesson again)."),
                    ],
                };
                screen::fit(&layout, cols, rows, "`statelings lesson` prints it all")
            }
            Mode::Normal | Mode::ConfirmReset => screen::fit(
                &self.layout(),
                cols,
                rows,
                &format!("`statelings run {name}` shows all of it"),
            ),
        };
        self.terminal.draw(&text)
    }

    fn layout(&self) -> Layout {
        let session = &self.session;
        let exercise = &session.exercises()[self.state.current];
        let chapter = &session.course().chapters[exercise.chapter];
        let (quizzes_done, quizzes_total) = quiz_standing::n_done(session);
        let mut layout = Layout {
            header: vec![
                format!("{}  {}", ui::heading("statelings"), chapter.title),
                format!(
                    "{} exercises   {} quizzes",
                    ui::progress_bar(session.n_passed(), session.exercises().len(), 40),
                    ui::progress_bar(quizzes_done, quizzes_total, 7)
                ),
                String::new(),
                format!(
                    "{} {}  ({})",
                    ui::heading("Exercise"),
                    ui::name(&exercise.name),
                    session.display_path(self.state.current)
                ),
                String::new(),
            ],
            ..Layout::default()
        };
        match &self.screen.verdict {
            Some((checked, path)) => {
                let text = show::verdict(ui::out(), exercise, path, checked);
                let mut lines = text.lines();
                if let Some(first) = lines.next() {
                    layout.header.push(first.to_owned());
                }
                layout.body.extend(lines.map(str::to_owned));
            }
            None => layout
                .header
                .push("Edit the file and save it to check it.".to_owned()),
        }
        for text in [&self.screen.hint, &self.screen.message, &self.screen.notice]
            .into_iter()
            .flatten()
        {
            layout.body.push(String::new());
            layout.body_text(text);
        }
        layout.footer = vec![
            String::new(),
            if self.state.mode == Mode::ConfirmReset {
                ui::warning("Reset this exercise to its starting code? Your version is kept as a backup. y/n")
            } else {
                ui::dim(
                    "n next · h hint · i lesson · t quiz · l list · c check all · r reset · q quit",
                )
            },
        ];
        layout
    }

    /// Watches `exercises/` (recursively) and remembers which folder that was.
    fn arm_watcher(&mut self) {
        let dir = self.session.workbook().root().join("exercises");
        self.exercises_dir = stamp(&dir).map(|(ino, _, _)| (ino, 0, 0));
        let sender = self.sender.clone();
        let watcher = notify::recommended_watcher(move |result: notify::Result<notify::Event>| {
            let Ok(event) = result else { return };
            if matches!(
                event.kind,
                notify::EventKind::Create(_) | notify::EventKind::Modify(_)
            ) {
                for path in event.paths {
                    let _ = sender.send(Message::Changed(path));
                }
            }
        });
        self.watcher = watcher.ok().and_then(|mut watcher| {
            watcher
                .watch(&dir, notify::RecursiveMode::Recursive)
                .ok()
                .map(|()| watcher)
        });
    }

    /// `exercises/` was replaced (a checkout, an editor): watch the new folder.
    fn rearm_if_replaced(&mut self) {
        let dir = self.session.workbook().root().join("exercises");
        let now = stamp(&dir).map(|(ino, _, _)| (ino, 0, 0));
        if now != self.exercises_dir || self.watcher.is_none() {
            self.arm_watcher();
        }
    }
}

fn exercise_file(session: &Session, idx: usize) -> PathBuf {
    session.workbook().exercise_file(&session.exercises()[idx])
}

fn same_name(left: &Path, right: &Path) -> bool {
    left.file_name() == right.file_name()
}

/// The first message and any file changes that follow it within `DEBOUNCE`, repeated changes
/// of one file collapsed into one.
fn debounce(first: Message, messages: &Receiver<Message>) -> Vec<Message> {
    let mut batch = vec![first];
    if matches!(batch[0], Message::Changed(_)) {
        let mut seen: Vec<PathBuf> = Vec::new();
        if let Message::Changed(path) = &batch[0] {
            seen.push(path.clone());
        }
        loop {
            match messages.recv_timeout(DEBOUNCE) {
                Ok(Message::Changed(path)) if seen.contains(&path) => {}
                Ok(Message::Changed(path)) => {
                    seen.push(path.clone());
                    batch.push(Message::Changed(path));
                }
                Ok(other) => {
                    batch.push(other);
                    break;
                }
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => break,
            }
        }
    }
    batch
}

/// Sends keys and resizes, except while `paused` (a quiz has the terminal).
fn spawn_keyboard(sender: Sender<Message>, paused: Arc<AtomicBool>) {
    std::thread::spawn(move || loop {
        if paused.load(Ordering::SeqCst) {
            std::thread::sleep(Duration::from_millis(50));
            continue;
        }
        if !crossterm::event::poll(Duration::from_millis(100)).unwrap_or(false) {
            continue;
        }
        let event = match terminal::read_input() {
            Ok(Input::Key(key)) => Event::Key(key),
            Ok(Input::Resized) => Event::Resized,
            Err(_) => break,
        };
        if sender.send(Message::Event(event)).is_err() {
            break;
        }
    });
}

fn spawn_ticker(sender: Sender<Message>) {
    std::thread::spawn(move || loop {
        std::thread::sleep(TICK);
        if sender.send(Message::Tick).is_err() {
            break;
        }
    });
}
