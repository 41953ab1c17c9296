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

/// Progress of a long job on stderr: a bar in a terminal (`indicatif`), and in a log or pipe a
/// plain line every few seconds (and at the end), so a CI log shows the job is moving.
pub struct Counter {
    label: &'static str,
    done: usize,
    total: usize,
    bar: Option<indicatif::ProgressBar>,
    last_line: std::time::Instant,
    /// A plain line was written (so the end is written too).
    printed: bool,
}

/// How often a plain progress line is written when stderr is not a terminal:
/// `STATELINGS_PROGRESS_SECS`, else every 5 seconds.
fn line_every() -> std::time::Duration {
    let seconds = std::env::var("STATELINGS_PROGRESS_SECS")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(5);
    std::time::Duration::from_secs(seconds)
}

impl Counter {
    pub fn new(label: &'static str, total: usize) -> Counter {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = indicatif::ProgressBar::new(total as u64);
            bar.set_style(
                indicatif::ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} {elapsed}")
                    .expect("a valid template")
                    .progress_chars("#>-"),
            );
            bar.set_message(label);
            bar
        });
        Counter {
            label,
            done: 0,
            total,
            bar,
            last_line: std::time::Instant::now(),
            printed: false,
        }
    }

    /// Moves the count to `done` (never backwards).
    pub fn set(&mut self, done: usize) {
        self.done = self.done.max(done).min(self.total);
        match &self.bar {
            Some(bar) => bar.set_position(self.done as u64),
            None if self.last_line.elapsed() >= line_every() => {
                eprintln!("{}: {}/{}", self.label, self.done, self.total);
                self.last_line = std::time::Instant::now();
                self.printed = true;
            }
            None => {}
        }
    }

    pub fn tick(&mut self) {
        self.set(self.done + 1);
    }

    pub fn finish(&self) {
        match &self.bar {
            Some(bar) => bar.finish_and_clear(),
            None if self.printed => {
                eprintln!("{}: {}/{}, done", self.label, self.done, self.total)
            }
            None => {}
        }
    }
}
