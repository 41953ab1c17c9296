//! Watch mode's decisions, without any I/O: an event comes in, the state changes, and a list of
//! effects comes out for the driver to perform. Tests feed it events; nothing here waits.

use std::path::{Path, PathBuf};

use crate::list::{ListAction, ListView};
use crate::terminal::Key;

/// Something that happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A file under the workbook's exercises was written (already debounced).
    Saved(PathBuf),
    Key(Key),
}

/// Something the driver must do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// Check the current exercise and show the verdict.
    Check,
    /// Move to the next exercise that has not passed.
    Next,
    Hint,
    CheckAll,
    /// Restore the current exercise's stub (the learner confirmed).
    Reset,
    /// Make this exercise current (picked in the list).
    Pick(usize),
    Redraw,
    Quit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Normal,
    ConfirmReset,
    List(ListView),
}

#[derive(Debug, Clone)]
pub struct WatchState {
    pub mode: Mode,
    /// The exercise being worked on, and its file (relative to the exercises folder's parent is
    /// enough: matching compares the last two path components).
    pub current: usize,
    pub current_file: PathBuf,
    pub n_exercises: usize,
}

impl WatchState {
    pub fn new(current: usize, current_file: PathBuf, n_exercises: usize) -> WatchState {
        WatchState {
            mode: Mode::Normal,
            current,
            current_file,
            n_exercises,
        }
    }

    /// The driver moved to another exercise.
    pub fn set_current(&mut self, current: usize, file: PathBuf) {
        self.current = current;
        self.current_file = file;
    }

    pub fn on_event(&mut self, event: Event) -> Vec<Effect> {
        match event {
            Event::Saved(path)
                if self.mode == Mode::Normal && same_file(&path, &self.current_file) =>
            {
                vec![Effect::Check]
            }
            Event::Saved(_) => vec![],
            Event::Key(key) => self.on_key(key),
        }
    }

    fn on_key(&mut self, key: Key) -> Vec<Effect> {
        if key == Key::Interrupt {
            return vec![Effect::Quit];
        }
        match &mut self.mode {
            Mode::Normal => match key {
                Key::Char('n') => vec![Effect::Next],
                Key::Char('h') => vec![Effect::Hint],
                Key::Char('c') => vec![Effect::CheckAll],
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
            Mode::ConfirmReset => {
                self.mode = Mode::Normal;
                if key == Key::Char('y') {
                    vec![Effect::Reset, Effect::Check]
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
                    vec![Effect::Pick(idx), Effect::Check]
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

    fn state() -> WatchState {
        WatchState::new(
            2,
            PathBuf::from("/wb/exercises/01_stateless/stateless1_maximum.rs"),
            5,
        )
    }

    #[test]
    fn saving_the_current_exercise_checks_it() {
        let mut state = state();
        let saved = Event::Saved(PathBuf::from(
            "exercises/01_stateless/stateless1_maximum.rs",
        ));
        assert_eq!(state.on_event(saved), [Effect::Check]);
    }

    #[test]
    fn saving_another_file_does_nothing() {
        let mut state = state();
        let saved = Event::Saved(PathBuf::from(
            "/wb/exercises/01_stateless/stateless2_handler.rs",
        ));
        assert!(state.on_event(saved).is_empty());
    }

    #[test]
    fn keys_map_to_effects() {
        let mut state = state();
        assert_eq!(state.on_event(Event::Key(Key::Char('n'))), [Effect::Next]);
        assert_eq!(state.on_event(Event::Key(Key::Char('h'))), [Effect::Hint]);
        assert_eq!(
            state.on_event(Event::Key(Key::Char('c'))),
            [Effect::CheckAll]
        );
        assert_eq!(state.on_event(Event::Key(Key::Char('q'))), [Effect::Quit]);
        assert_eq!(state.on_event(Event::Key(Key::Interrupt)), [Effect::Quit]);
    }

    #[test]
    fn reset_asks_first_and_only_yes_resets() {
        let mut state = state();
        assert_eq!(state.on_event(Event::Key(Key::Char('r'))), [Effect::Redraw]);
        assert_eq!(state.mode, Mode::ConfirmReset);
        assert_eq!(state.on_event(Event::Key(Key::Char('n'))), [Effect::Redraw]);
        assert_eq!(state.mode, Mode::Normal);
        state.on_event(Event::Key(Key::Char('r')));
        assert_eq!(
            state.on_event(Event::Key(Key::Char('y'))),
            [Effect::Reset, Effect::Check]
        );
    }

    #[test]
    fn the_list_moves_and_picks_an_exercise() {
        let mut state = state();
        state.on_event(Event::Key(Key::Char('l')));
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
        state.on_event(Event::Key(Key::Char('l')));
        let saved = Event::Saved(PathBuf::from(
            "exercises/01_stateless/stateless1_maximum.rs",
        ));
        assert!(state.on_event(saved).is_empty());
    }
}
