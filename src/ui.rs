//! Colours with semantic names and the one place that decides whether to colour at all.
//!
//! Everything that prints styled text goes through these helpers, so `--color`, `NO_COLOR` and
//! `CLICOLOR_FORCE` are honoured everywhere. The `colored` crate looks at stdout only, so the
//! decision is made once here, in `init`, and set as its global override.

use std::io::IsTerminal;

use colored::{ColoredString, Colorize};

use crate::cli::ColorChoice;

/// Decides once whether output is coloured, and tells `colored`. Also lets a closed pipe end
/// the program quietly (`statelings list | head`), as it does other command-line tools.
pub fn init(choice: ColorChoice) {
    // SAFETY: restoring the default action of SIGPIPE has no preconditions; Rust's runtime only
    // set it to "ignore" so that writes fail instead.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let enabled = match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => auto_colour(),
    };
    colored::control::set_override(enabled);
}

/// Whether `init` turned colour on; rustc and libtest get the same choice.
pub fn colour_enabled() -> bool {
    colored::control::SHOULD_COLORIZE.should_colorize()
}

fn auto_colour() -> bool {
    let set = |name: &str| std::env::var_os(name).is_some_and(|value| !value.is_empty());
    if set("NO_COLOR") {
        return false;
    }
    if std::env::var_os("CLICOLOR_FORCE").is_some_and(|value| value != "0") {
        return true;
    }
    std::io::stdout().is_terminal()
}

/// Whether both ends of the conversation are a person at a terminal.
pub fn interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stdout().is_terminal()
}

pub fn success(text: &str) -> ColoredString {
    text.green().bold()
}

pub fn failure(text: &str) -> ColoredString {
    text.red().bold()
}

pub fn warning(text: &str) -> ColoredString {
    text.yellow().bold()
}

pub fn error(text: &str) -> ColoredString {
    text.red().bold()
}

pub fn heading(text: &str) -> ColoredString {
    text.bold()
}

pub fn name(text: &str) -> ColoredString {
    text.cyan()
}

pub fn path(text: &str) -> ColoredString {
    text.underline()
}

/// Code shown in quiz prompts.
pub fn code(text: &str) -> ColoredString {
    text.yellow()
}

pub fn dim(text: &str) -> ColoredString {
    text.dimmed()
}

/// A bar like `[#####-----] 5/10`, `width` characters wide inside the brackets.
pub fn progress_bar(done: usize, total: usize, width: usize) -> String {
    let filled = (done * width).checked_div(total).unwrap_or(0).min(width);
    format!(
        "[{}{}] {done}/{total}",
        success(&"#".repeat(filled)),
        dim(&"-".repeat(width - filled))
    )
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
                progress_bar(self.done, self.total, 30)
            );
        }
    }

    pub fn finish(&self) {
        if self.visible {
            eprint!("\r{}\r", " ".repeat(self.label.len() + 45));
        }
    }
}
