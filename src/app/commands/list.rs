//! `statelings list`: every exercise with its status. In a terminal it is a small interactive
//! view (move, pick the exercise to work on, reset); otherwise plain text, one exercise a line.
//! The view itself (`ListView`) is pure so watch mode reuses it and tests drive it with keys.

use std::fmt::Write as _;
use std::process::ExitCode;

use crate::app::config::Config;
use crate::app::session::Session;
use crate::app::{quiz_standing, ui};
use crate::domain::status::Status;
use crate::infra::error::Result;
use crate::infra::terminal::{Key, Terminal};

/// What a key did to the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListAction {
    Stay,
    /// Make this exercise the current one and leave the list.
    Pick(usize),
    Close,
}

/// The cursor over the exercise list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListView {
    pub selected: usize,
    pub len: usize,
}

impl ListView {
    pub fn new(selected: usize, len: usize) -> ListView {
        ListView { selected, len }
    }

    pub fn on_key(&mut self, key: Key) -> ListAction {
        match key {
            Key::Down | Key::Char('j') => {
                self.selected = (self.selected + 1).min(self.len.saturating_sub(1))
            }
            Key::Up | Key::Char('k') => self.selected = self.selected.saturating_sub(1),
            Key::Home | Key::Char('g') => self.selected = 0,
            Key::End | Key::Char('G') => self.selected = self.len.saturating_sub(1),
            Key::Enter | Key::Char('c') => return ListAction::Pick(self.selected),
            Key::Esc | Key::Char('q') | Key::Char('l') => return ListAction::Close,
            _ => {}
        }
        ListAction::Stay
    }

    /// The list, a window of `rows` lines around the cursor, marking the current exercise.
    pub fn render(&self, session: &Session, rows: usize) -> String {
        let mut out = format!(
            "{}  {}\n\n",
            ui::heading("Exercises"),
            ui::dim("up/down or j/k to move, enter to work on it, q to go back")
        );
        let rows = rows.max(5);
        let first = self
            .selected
            .saturating_sub(rows / 2)
            .min(self.len.saturating_sub(rows));
        for idx in first..(first + rows).min(self.len) {
            let cursor = if idx == self.selected { ">" } else { " " };
            let _ = writeln!(out, "{cursor} {}", line(session, idx));
        }
        if first + rows >= self.len {
            out.push('\n');
            for quiz in quiz_standing::list_lines(session) {
                let _ = writeln!(out, "  {quiz}");
            }
        }
        out
    }
}

/// `  done  stateless1_maximum  exercises/01_stateless/stateless1_maximum.rs`
fn line(session: &Session, idx: usize) -> String {
    let exercise = &session.exercises()[idx];
    let status = session.status(idx);
    let label = format!("{:<13}", status.label());
    let label = match status {
        Status::Passed => ui::success(&label),
        Status::NotAttempted => ui::dim(&label),
        _ => ui::failure(&label),
    };
    let current = if idx == session.current() { "*" } else { " " };
    format!("{current} {label} {:<28} {}", exercise.name, exercise.path)
}

pub fn list(config: &Config) -> Result<ExitCode> {
    let session = Session::open(config, false)?;
    if !ui::interactive() {
        for idx in 0..session.exercises().len() {
            println!("{}", line(&session, idx));
        }
        for line in quiz_standing::list_lines(&session) {
            println!("{line}");
        }
        return Ok(ExitCode::SUCCESS);
    }
    let mut view = ListView::new(session.current(), session.exercises().len());
    let mut terminal = Terminal::enter()?;
    loop {
        terminal.draw(&view.render(&session, terminal.rows().saturating_sub(4)))?;
        match view.on_key(terminal.read_key()?) {
            ListAction::Stay => {}
            ListAction::Close => break,
            ListAction::Pick(idx) => {
                session.set_current(idx)?;
                break;
            }
        }
    }
    drop(terminal);
    println!(
        "Current exercise: {}",
        session.exercises()[session.current()].name
    );
    Ok(ExitCode::SUCCESS)
}
