//! The interactive terminal: raw mode for single-key input, whole-screen redraws, and the
//! translation of crossterm's key events into the runner's own small `Key` type. Leaving raw
//! mode is tied to `Drop`, so the learner's terminal is restored on every way out.

use std::io::Write as _;

use crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
use crossterm::{cursor, execute, terminal};

use crate::infra::error::{Error, Result};

/// A key the runner understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Char(char),
    Up,
    Down,
    Home,
    End,
    Enter,
    Esc,
    /// Ctrl-C: leave.
    Interrupt,
    Other,
}

/// What the keyboard thread reports: a key, or that the window changed size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    Key(Key),
    Resized,
}

/// Blocks until the next key press or resize (other events are skipped).
pub fn read_input() -> Result<Input> {
    loop {
        let event = event::read().map_err(tty_error)?;
        if let Event::Resize(..) = event {
            return Ok(Input::Resized);
        }
        if let Some(key) = Key::from_event(&event) {
            return Ok(Input::Key(key));
        }
    }
}

impl Key {
    /// `None` for events that are not key presses (releases, mouse, resize...).
    pub fn from_event(event: &Event) -> Option<Key> {
        let Event::Key(key) = event else { return None };
        if key.kind != KeyEventKind::Press {
            return None;
        }
        Some(match key.code {
            KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => Key::Interrupt,
            KeyCode::Char(c) => Key::Char(c),
            KeyCode::Up => Key::Up,
            KeyCode::Down => Key::Down,
            KeyCode::Home => Key::Home,
            KeyCode::End => Key::End,
            KeyCode::Enter => Key::Enter,
            KeyCode::Esc => Key::Esc,
            _ => Key::Other,
        })
    }
}

/// Raw mode for as long as this value lives.
pub struct Terminal {
    _private: (),
}

fn tty_error(error: std::io::Error) -> Error {
    Error::io("use", "the terminal", error)
}

impl Terminal {
    pub fn enter() -> Result<Terminal> {
        terminal::enable_raw_mode().map_err(tty_error)?;
        Ok(Terminal { _private: () })
    }

    /// Clears the screen and writes `text` (raw mode needs `\r\n` line ends).
    pub fn draw(&mut self, text: &str) -> Result<()> {
        let mut stdout = std::io::stdout().lock();
        execute!(
            stdout,
            terminal::Clear(terminal::ClearType::All),
            cursor::MoveTo(0, 0)
        )
        .map_err(tty_error)?;
        stdout
            .write_all(text.replace('\n', "\r\n").as_bytes())
            .and_then(|()| stdout.flush())
            .map_err(tty_error)
    }

    pub fn rows(&self) -> usize {
        terminal::size().map_or(24, |(_, rows)| rows as usize)
    }

    pub fn cols(&self) -> usize {
        terminal::size().map_or(80, |(cols, _)| cols as usize)
    }

    /// Leaves raw mode for a while (to run a line-based dialogue such as a quiz), then comes
    /// back to it.
    pub fn suspended<T>(&mut self, during: impl FnOnce() -> T) -> Result<T> {
        terminal::disable_raw_mode().map_err(tty_error)?;
        let mut stdout = std::io::stdout().lock();
        execute!(
            stdout,
            terminal::Clear(terminal::ClearType::All),
            cursor::MoveTo(0, 0)
        )
        .map_err(tty_error)?;
        drop(stdout);
        let result = during();
        terminal::enable_raw_mode().map_err(tty_error)?;
        Ok(result)
    }

    /// Blocks until a key is pressed.
    pub fn read_key(&mut self) -> Result<Key> {
        loop {
            if let Some(key) = Key::from_event(&event::read().map_err(tty_error)?) {
                return Ok(key);
            }
        }
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        let _ = terminal::disable_raw_mode();
    }
}
