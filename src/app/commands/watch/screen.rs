//! Fitting watch mode's text to the terminal, pure: every line is wrapped to the width (escape
//! sequences do not count), the header (where you are, the verdict's first line) and the footer
//! (the keys) always stay on screen, and a body too tall for the rest is cut with a note saying
//! how to see all of it.

/// What one screen shows, before fitting.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Layout {
    pub header: Vec<String>,
    pub body: Vec<String>,
    pub footer: Vec<String>,
}

impl Layout {
    /// Adds text (of any number of lines) to the body.
    pub fn body_text(&mut self, text: &str) {
        self.body.extend(text.lines().map(str::to_owned));
    }
}

/// The layout as text for a `cols` x `rows` terminal. `more` is the note for a cut body, e.g.
/// "`statelings run NAME` shows all of it".
pub fn fit(layout: &Layout, cols: usize, rows: usize, more: &str) -> String {
    let cols = cols.max(20);
    let wrap = |lines: &[String]| -> Vec<String> {
        lines
            .iter()
            .flat_map(|line| {
                if line.is_empty() {
                    vec![String::new()]
                } else {
                    textwrap::wrap(line, textwrap::Options::new(cols).break_words(true))
                        .into_iter()
                        .map(|part| part.into_owned())
                        .collect()
                }
            })
            .collect()
    };
    let header = wrap(&layout.header);
    let footer = wrap(&layout.footer);
    let mut body = wrap(&layout.body);
    // Every line ends with a line break, so the last row stays free: a break there would
    // scroll the header off the top.
    let room = rows.saturating_sub(header.len() + footer.len() + 1).max(1);
    if body.len() > room {
        // The note is wrapped too; its length depends on the count only through its digits.
        let note = |hidden: usize| wrap(&[format!("... {hidden} more lines: {more}")]);
        let keep = room.saturating_sub(note(body.len()).len());
        let keep = room.saturating_sub(note(body.len() - keep).len());
        let note = note(body.len() - keep);
        body.truncate(keep);
        body.extend(note);
    }
    let mut out = String::new();
    for line in header.iter().chain(&body).chain(&footer) {
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &[&str]) -> Vec<String> {
        text.iter().map(|line| (*line).to_owned()).collect()
    }

    #[test]
    fn long_lines_wrap_at_word_boundaries() {
        let layout = Layout {
            header: lines(&["statelings  Stateless systems with direct inputs"]),
            ..Layout::default()
        };
        let text = fit(&layout, 24, 10, "");
        for line in text.lines() {
            assert!(line.chars().count() <= 24, "{line:?}");
        }
        assert_eq!(text, "statelings  Stateless\nsystems with direct\ninputs\n");
    }

    #[test]
    fn escape_sequences_do_not_count_towards_the_width() {
        let coloured = "\u{1b}[1mbold words here\u{1b}[0m and more";
        let layout = Layout {
            header: vec![coloured.to_owned()],
            ..Layout::default()
        };
        assert_eq!(fit(&layout, 30, 10, "").lines().count(), 1);
    }

    #[test]
    fn header_and_footer_stay_and_a_tall_body_is_cut_with_a_note() {
        let layout = Layout {
            header: lines(&["header"]),
            body: (0..50).map(|n| format!("error line {n}")).collect(),
            footer: lines(&["keys"]),
        };
        let text = fit(&layout, 80, 10, "run it to see all");
        let shown: Vec<&str> = text.lines().collect();
        assert_eq!(shown.len(), 9, "the last row stays free");
        assert_eq!(shown[0], "header");
        assert_eq!(shown[8], "keys");
        assert_eq!(shown[7], "... 44 more lines: run it to see all");
    }

    #[test]
    fn the_note_of_a_cut_body_is_wrapped_too() {
        let layout = Layout {
            header: lines(&["header"]),
            body: (0..50).map(|n| format!("error line {n}")).collect(),
            footer: lines(&["keys"]),
        };
        let text = fit(&layout, 20, 10, "`statelings run x` shows all of it");
        let shown: Vec<&str> = text.lines().collect();
        assert_eq!(shown.len(), 9);
        assert!(
            shown.iter().all(|line| line.chars().count() <= 20),
            "{shown:#?}"
        );
        assert_eq!(shown[8], "keys");
    }
}
