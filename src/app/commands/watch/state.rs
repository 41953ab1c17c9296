//! Watch mode's decisions, without any I/O: an event comes in, the state changes, and a list of
//! effects comes out for the driver to perform. Tests feed it events; nothing here waits.
//!
//! A check runs in the background. While it runs the state is `busy`: `q` (and Ctrl-C) still
//! quit at once; other keys wait their turn and are replayed when the check is done; a save
//! during a check asks for one more check afterwards.

use std::path::{Path, PathBuf};

use crate::app::commands::list::{ListAction, ListView};
use crate::infra::terminal::Key;

/// Something that happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A file under the workbook's exercises was written (already debounced).
    Saved(PathBuf),
    Key(Key),
    /// The terminal changed size.
    Resized,
    /// The background check (or check of all) finished.
    Checked,
}

/// Something the driver must do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// Check the current exercise in the background, then send `Event::Checked`.
    Check,
    /// Move to the next exercise that has not passed.
    Next,
    Hint,
    /// Check every exercise in the background, then send `Event::Checked`.
    CheckAll,
    /// Restore the current exercise's stub (the learner confirmed).
    Reset,
    /// Make this exercise current (picked in the list).
    Pick(usize),
    /// Take the quiz due (leaving the full-screen view while it runs).
    Quiz,
    Redraw,
    Quit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Normal,
    ConfirmReset,
    List(ListView),
    /// The chapter's lesson fills the screen; any key goes back.
    Lesson,
}

#[derive(Debug, Clone)]
pub struct WatchState {
    pub mode: Mode,
    /// The exercise being worked on, and its file.
    pub current: usize,
    pub current_file: PathBuf,
    pub n_exercises: usize,
    /// A background check is running.
    pub busy: bool,
    /// Keys pressed while busy, replayed when the check is done.
    queued: Vec<Key>,
    /// The current file was saved while busy: check again when done.
    recheck: bool,
}

impl WatchState {
    pub fn new(current: usize, current_file: PathBuf, n_exercises: usize) -> WatchState {
        WatchState {
            mode: Mode::Normal,
            current,
            current_file,
            n_exercises,
            busy: false,
            queued: Vec::new(),
            recheck: false,
        }
    }

    /// The driver moved to another exercise.
    pub fn set_current(&mut self, current: usize, file: PathBuf) {
        self.current = current;
        self.current_file = file;
    }

    /// Show the chapter's lesson (the driver entered a new chapter).
    pub fn show_lesson(&mut self) {
        self.mode = Mode::Lesson;
    }

    pub fn on_event(&mut self, event: Event) -> Vec<Effect> {
        match event {
            Event::Saved(path) if same_file(&path, &self.current_file) => {
                if self.busy {
                    self.recheck = true;
                    vec![]
                } else if self.mode == Mode::Normal {
                    self.start(Effect::Check)
                } else {
                    vec![]
                }
            }
            Event::Saved(_) => vec![],
            Event::Resized => vec![Effect::Redraw],
            Event::Key(Key::Interrupt) => vec![Effect::Quit],
            Event::Key(Key::Char('q')) if self.busy => vec![Effect::Quit],
            Event::Key(key) if self.busy => {
                self.queued.push(key);
                vec![]
            }
            Event::Key(key) => self.on_key(key),
            Event::Checked => self.after_check(),
        }
    }

    fn start(&mut self, effect: Effect) -> Vec<Effect> {
        self.busy = true;
        vec![effect]
    }

    /// The check is done: check again if a save came in meanwhile, else replay queued keys
    /// (until one of them starts another check).
    fn after_check(&mut self) -> Vec<Effect> {
        self.busy = false;
        let mut effects = vec![Effect::Redraw];
        if std::mem::take(&mut self.recheck) {
            effects.extend(self.start(Effect::Check));
            return effects;
        }
        while !self.busy && !self.queued.is_empty() {
            let key = self.queued.remove(0);
            effects.extend(self.on_key(key));
        }
        effects
    }

    fn on_key(&mut self, key: Key) -> Vec<Effect> {
        match &mut self.mode {
            Mode::Normal => match key {
                Key::Char('n') => self.start(Effect::Next),
                Key::Char('h') => vec![Effect::Hint],
                Key::Char('c') => self.start(Effect::CheckAll),
                Key::Char('i') => {
                    self.mode = Mode::Lesson;
                    vec![Effect::Redraw]
                }
                Key::Char('t') => vec![Effect::Quiz],
                Key::Char('l') => {
                    self.mode = Mode::List(ListView::new(self.current, self.n_exercises));
                    vec![Effect::Redraw]
                }
                Key::Char('r') => {
                    self.mode = Mode::ConfirmReset;
                    vec![Effect::Redraw]
                }
                Key::Char('q') => vec![Effect::Quit],
                _ => vec![],
            },
            Mode::Lesson => {
                self.mode = Mode::Normal;
                if key == Key::Char('q') {
                    vec![Effect::Quit]
                } else {
                    vec![Effect::Redraw]
                }
            }
            Mode::ConfirmReset => {
                self.mode = Mode::Normal;
                if key == Key::Char('y') {
                    let mut effects = vec![Effect::Reset];
                    effects.extend(self.start(Effect::Check));
                    effects
                } else {
                    vec![Effect::Redraw]
                }
            }
            Mode::List(view) => match view.on_key(key) {
                ListAction::Stay => vec![Effect::Redraw],
                ListAction::Close => {
                    self.mode = Mode::Normal;
                    vec![Effect::Redraw]
                }
                ListAction::Pick(idx) => {
                    self.mode = Mode::Normal;
                    let mut effects = vec![Effect::Pick(idx)];
                    effects.extend(self.start(Effect::Check));
                    effects
                }
            },
        }
    }
}

/// Editors report the saved file by different absolute or relative paths; the chapter folder
/// and file name identify an exercise file.
fn same_file(left: &Path, right: &Path) -> bool {
    left.components()
        .rev()
        .take(2)
        .eq(right.components().rev().take(2))
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "/wb/exercises/01_stateless/stateless1_maximum.rs";

    fn state() -> WatchState {
        WatchState::new(2, PathBuf::from(FILE), 5)
    }

    fn saved() -> Event {
        Event::Saved(PathBuf::from(
            "exercises/01_stateless/stateless1_maximum.rs",
        ))
    }

    fn key(c: char) -> Event {
        Event::Key(Key::Char(c))
    }

    #[test]
    fn saving_the_current_exercise_checks_it() {
        let mut state = state();
        assert_eq!(state.on_event(saved()), [Effect::Check]);
        assert!(state.busy);
    }

    #[test]
    fn saving_another_file_does_nothing() {
        let mut state = state();
        let other = Event::Saved(PathBuf::from(
            "/wb/exercises/01_stateless/stateless2_handler.rs",
        ));
        assert!(state.on_event(other).is_empty());
    }

    #[test]
    fn keys_map_to_effects() {
        let mut state = state();
        assert_eq!(state.on_event(key('h')), [Effect::Hint]);
        assert_eq!(state.on_event(key('t')), [Effect::Quiz]);
        assert_eq!(state.on_event(key('n')), [Effect::Next]);
        state.on_event(Event::Checked);
        assert_eq!(state.on_event(key('c')), [Effect::CheckAll]);
        state.on_event(Event::Checked);
        assert_eq!(state.on_event(key('q')), [Effect::Quit]);
        assert_eq!(state.on_event(Event::Key(Key::Interrupt)), [Effect::Quit]);
        assert_eq!(state.on_event(Event::Resized), [Effect::Redraw]);
    }

    #[test]
    fn quit_works_while_a_check_runs_and_other_keys_wait_their_turn() {
        let mut state = state();
        state.on_event(saved());
        assert!(state.on_event(key('h')).is_empty(), "h waits for the check");
        assert!(state.on_event(key('n')).is_empty(), "n waits too");
        assert_eq!(
            state.on_event(Event::Checked),
            [Effect::Redraw, Effect::Hint, Effect::Next],
            "queued keys replay in order once the check is done"
        );
        assert!(state.busy, "n started the next check");
        assert_eq!(state.on_event(key('q')), [Effect::Quit]);
    }

    #[test]
    fn a_save_during_a_check_checks_again_afterwards() {
        let mut state = state();
        state.on_event(saved());
        assert!(state.on_event(saved()).is_empty());
        assert_eq!(
            state.on_event(Event::Checked),
            [Effect::Redraw, Effect::Check]
        );
        assert_eq!(state.on_event(Event::Checked), [Effect::Redraw]);
    }

    #[test]
    fn reset_asks_first_and_only_yes_resets() {
        let mut state = state();
        assert_eq!(state.on_event(key('r')), [Effect::Redraw]);
        assert_eq!(state.mode, Mode::ConfirmReset);
        assert_eq!(state.on_event(key('n')), [Effect::Redraw]);
        assert_eq!(state.mode, Mode::Normal);
        state.on_event(key('r'));
        assert_eq!(state.on_event(key('y')), [Effect::Reset, Effect::Check]);
    }

    #[test]
    fn the_lesson_shows_until_a_key_is_pressed() {
        let mut state = state();
        assert_eq!(state.on_event(key('i')), [Effect::Redraw]);
        assert_eq!(state.mode, Mode::Lesson);
        assert!(
            state.on_event(saved()).is_empty(),
            "no check under the lesson"
        );
        assert_eq!(state.on_event(key('x')), [Effect::Redraw]);
        assert_eq!(state.mode, Mode::Normal);
    }

    #[test]
    fn the_list_moves_and_picks_an_exercise() {
        let mut state = state();
        state.on_event(key('l'));
        state.on_event(Event::Key(Key::Down));
        state.on_event(Event::Key(Key::Down));
        state.on_event(Event::Key(Key::Down)); // stops at the last of 5
        assert_eq!(
            state.on_event(Event::Key(Key::Enter)),
            [Effect::Pick(4), Effect::Check]
        );
        assert_eq!(state.mode, Mode::Normal);
    }

    #[test]
    fn saves_are_ignored_while_the_list_is_open() {
        let mut state = state();
        state.on_event(key('l'));
        assert!(state.on_event(saved()).is_empty());
    }
}
