//! Semantic text styles (success, failure, heading, ...) as a value. Whether a stream is
//! coloured is decided once per stream by the application (`app::ui`); pure renderers take a
//! `Style` and never look at the terminal themselves, so a report written to a file is plain
//! while the same report on a terminal is coloured.

use colored::Colorize;

/// How to style text: coloured (ANSI escapes) or plain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    colour: bool,
}

impl Style {
    /// No escapes at all: files, pipes, `--color never`.
    pub const fn plain() -> Style {
        Style { colour: false }
    }

    pub const fn new(colour: bool) -> Style {
        Style { colour }
    }

    pub fn is_coloured(self) -> bool {
        self.colour
    }

    fn paint(self, text: &str, paint: impl FnOnce(&str) -> colored::ColoredString) -> String {
        if self.colour {
            paint(text).to_string()
        } else {
            text.to_owned()
        }
    }

    pub fn success(self, text: &str) -> String {
        self.paint(text, |t| t.green().bold())
    }

    pub fn failure(self, text: &str) -> String {
        self.paint(text, |t| t.red().bold())
    }

    pub fn warning(self, text: &str) -> String {
        self.paint(text, |t| t.yellow().bold())
    }

    pub fn error(self, text: &str) -> String {
        self.paint(text, |t| t.red().bold())
    }

    pub fn heading(self, text: &str) -> String {
        self.paint(text, |t| t.bold())
    }

    pub fn name(self, text: &str) -> String {
        self.paint(text, |t| t.cyan())
    }

    pub fn path(self, text: &str) -> String {
        self.paint(text, |t| t.underline())
    }

    /// Code shown in quiz prompts.
    pub fn code(self, text: &str) -> String {
        self.paint(text, |t| t.yellow())
    }

    pub fn dim(self, text: &str) -> String {
        self.paint(text, |t| t.dimmed())
    }

    /// A bar like `[#####-----] 5/10`, `width` characters wide inside the brackets.
    pub fn progress_bar(self, done: usize, total: usize, width: usize) -> String {
        let filled = (done * width).checked_div(total).unwrap_or(0).min(width);
        format!(
            "[{}{}] {done}/{total}",
            self.success(&"#".repeat(filled)),
            self.dim(&"-".repeat(width - filled))
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_style_adds_no_escapes() {
        let style = Style::plain();
        assert_eq!(style.success("ok"), "ok");
        assert_eq!(style.progress_bar(1, 2, 4), "[##--] 1/2");
        assert_eq!(style.progress_bar(0, 0, 4), "[----] 0/0");
    }
}
