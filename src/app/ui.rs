//! Deciding, once per output stream, whether to colour it, and small helpers for what commands
//! print. `--color`, `NO_COLOR` and `CLICOLOR_FORCE` are honoured; stdout and stderr are decided
//! apart (one may be a terminal and the other a pipe), and files always get `Style::plain()`.
//!
//! The `colored` crate consults one global switch when it formats; it is set to "always" here
//! so that the `Style` values decide, stream by stream.

use std::io::IsTerminal;
use std::sync::OnceLock;

use crate::app::cli::ColorChoice;
use crate::domain::style::Style;

static STYLES: OnceLock<(Style, Style)> = OnceLock::new();

/// Decides the styles of stdout and stderr. Called once, first thing in `main`. Also lets a
/// closed pipe end the program quietly (`statelings list | head`), as it does other command-line
/// tools; every command saves its state before it prints, so nothing is lost that way.
pub fn init(choice: ColorChoice) {
    // SAFETY: restoring the default action of SIGPIPE has no preconditions; Rust's runtime only
    // set it to "ignore" so that writes fail instead.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    colored::control::set_override(true);
    let decide = |is_terminal: bool| match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => auto_colour(is_terminal),
    };
    let _ = STYLES.set((
        Style::new(decide(std::io::stdout().is_terminal())),
        Style::new(decide(std::io::stderr().is_terminal())),
    ));
}

/// The style of standard output (plain until `init`).
pub fn out() -> Style {
    STYLES.get().map_or(Style::plain(), |styles| styles.0)
}

/// The style of standard error (plain until `init`).
pub fn err() -> Style {
    STYLES.get().map_or(Style::plain(), |styles| styles.1)
}

fn auto_colour(is_terminal: bool) -> bool {
    let set = |name: &str| std::env::var_os(name).is_some_and(|value| !value.is_empty());
    if set("NO_COLOR") {
        return false;
    }
    if std::env::var_os("CLICOLOR_FORCE").is_some_and(|value| value != "0") {
        return true;
    }
    is_terminal
}

/// Whether both ends of the conversation are a person at a terminal.
pub fn interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stdout().is_terminal()
}

pub fn success(text: &str) -> String {
    out().success(text)
}

pub fn failure(text: &str) -> String {
    out().failure(text)
}

pub fn warning(text: &str) -> String {
    out().warning(text)
}

pub fn heading(text: &str) -> String {
    out().heading(text)
}

pub fn name(text: &str) -> String {
    out().name(text)
}

pub fn dim(text: &str) -> String {
    out().dim(text)
}

pub fn progress_bar(done: usize, total: usize, width: usize) -> String {
    out().progress_bar(done, total, width)
}

/// A one-line "doing N/M" counter on stderr, drawn only when stderr is a terminal so logs and
/// pipes stay clean.
pub struct Counter {
    label: &'static str,
    done: usize,
    total: usize,
    visible: bool,
}

impl Counter {
    pub fn new(label: &'static str, total: usize) -> Counter {
        let visible = std::io::stderr().is_terminal();
        Counter {
            label,
            done: 0,
            total,
            visible,
        }
    }

    pub fn tick(&mut self) {
        self.done += 1;
        if self.visible {
            eprint!(
                "\r{} {}",
                self.label,
                err().progress_bar(self.done, self.total, 30)
            );
        }
    }

    pub fn finish(&self) {
        if self.visible {
            eprint!("\r{}\r", " ".repeat(self.label.len() + 45));
        }
    }
}
