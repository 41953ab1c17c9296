//! How quiz questions, feedback and scores look in a terminal. Pure: each function returns the
//! text and the caller prints it. `order[shown] == canonical` maps the letters a learner sees to
//! the file's choices.

use std::fmt::Write as _;

use crate::domain::course::quiz::{letter, Kind, Question, Quiz};
use crate::domain::quiz::answer::Answer;
use crate::domain::quiz::score::Marked;
use crate::domain::style::Style;

/// Long lines (choices, feedback, explanations written as one paragraph) wrap at this width.
const WIDTH: usize = 92;

/// A prompt as shown: ```` ``` ```` fenced blocks become indented, coloured code.
pub fn prompt(style: Style, text: &str) -> String {
    let mut out = String::new();
    let mut in_code = false;
    for line in text.trim_end().lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            out.push_str(&code_line(style, line));
        } else {
            let _ = writeln!(out, "{line}");
        }
    }
    out
}

/// A whole program, indented and coloured.
pub fn code(style: Style, code: &str) -> String {
    code.trim_end()
        .lines()
        .map(|line| code_line(style, line))
        .collect()
}

fn code_line(style: Style, line: &str) -> String {
    if line.trim().is_empty() {
        "\n".to_owned()
    } else {
        format!("    {}\n", style.code(line))
    }
}

/// One question as it is asked: its number, points, prompt, and what it shows besides.
pub fn question(
    style: Style,
    position: usize,
    total: usize,
    question: &Question,
    order: &[usize],
) -> String {
    let points = if question.points == 1 {
        "point"
    } else {
        "points"
    };
    let mut out = format!(
        "\n{} {}\n\n{}",
        style.heading(&format!("Question {position} of {total}")),
        style.dim(&format!("({} {points})", question.points)),
        prompt(style, &question.prompt)
    );
    match &question.kind {
        Kind::Single { choices } | Kind::Multiple { choices } => {
            out.push('\n');
            for (shown, &canonical) in order.iter().enumerate() {
                let text = wrap(choices[canonical].text.trim(), 5);
                let _ = writeln!(out, "  {}) {text}", style.name(&letter(shown).to_string()));
            }
        }
        Kind::PredictOutput { code: program } => {
            let _ = write!(out, "\n{}", code(style, program));
        }
        Kind::Classify { categories, .. } => {
            let listed: Vec<String> = categories
                .iter()
                .enumerate()
                .map(|(idx, category)| format!("{}) {category}", idx + 1))
                .collect();
            let _ = writeln!(out, "\nCategories: {}", listed.join("   "));
        }
        Kind::TrueFalse | Kind::Short => {}
    }
    out
}

/// What to type, shown before the answer.
pub fn how_to_answer(question: &Question) -> String {
    match &question.kind {
        Kind::Single { .. } => "Your answer (one letter): ".to_owned(),
        Kind::Multiple { .. } => "Your answer (every letter that applies, like `a c`): ".to_owned(),
        Kind::TrueFalse => "True or false? (t/f): ".to_owned(),
        Kind::Short => "Your answer: ".to_owned(),
        Kind::PredictOutput { .. } => {
            "Type what it prints, line by line; an empty line ends your answer:\n".to_owned()
        }
        Kind::Classify { categories, .. } => {
            format!(
                "Sort each item (1-{} or a category's name):\n",
                categories.len()
            )
        }
    }
}

/// The feedback on one answer: right or not, the points, what the chosen choices say, and the
/// explanation. A sealed question (`marked` is `None`) only says it was recorded.
pub fn feedback(
    style: Style,
    question: &Question,
    answer: Option<&Answer>,
    marked: Option<Marked>,
    order: &[usize],
) -> String {
    let Some(marked) = marked else {
        let said = if answer.is_some() {
            "Recorded."
        } else {
            "Not answered."
        };
        return format!("{}\n", style.dim(said));
    };
    let mut out = String::new();
    let unit = if question.points == 1 {
        "point"
    } else {
        "points"
    };
    let of = format!("{}/{} {unit}", marked.points, question.points);
    let verdict = match (answer, marked.correct, marked.points) {
        (None, _, _) => style.failure("Not answered:"),
        (_, true, _) => style.success("Correct!"),
        (_, false, 0) => style.failure("Incorrect:"),
        (_, false, _) => style.warning("Partly right:"),
    };
    let _ = writeln!(out, "{verdict} {of}");
    let chosen: Vec<usize> = match answer {
        Some(Answer::Choice(idx)) => vec![*idx],
        Some(Answer::Choices(picked)) => picked.iter().copied().collect(),
        _ => Vec::new(),
    };
    let choices = question.kind.choices();
    for canonical in chosen {
        if let Some(feedback) = &choices[canonical].feedback {
            let shown = order
                .iter()
                .position(|&c| c == canonical)
                .unwrap_or(canonical);
            let _ = writeln!(out, "  {}) {}", letter(shown), wrap(feedback.trim(), 5));
        }
    }
    if let Some(explanation) = &question.explanation {
        let _ = writeln!(
            out,
            "{} {}",
            style.heading("Why:"),
            wrap(explanation.trim(), 5)
        );
    }
    out
}

/// The result of an attempt: score, percentage, and passed or not (or, sealed, what happens).
pub fn summary(style: Style, quiz: &Quiz, score: Option<u32>, max: u32) -> String {
    let Some(score) = score else {
        let text = format!(
            "Your answers to `{}` are recorded. This quiz is sealed: your instructor will grade \
             it with the course's answer keys.",
            quiz.id
        );
        return format!("\n{} {}\n", style.success("Done."), wrap(&text, 6));
    };
    let percent = (u64::from(score) * 100)
        .checked_div(u64::from(max))
        .unwrap_or(0);
    let verdict = if quiz.passes(score) {
        style.success("PASSED")
    } else {
        style.failure("FAILED")
    };
    format!(
        "\n{verdict} {}: {score}/{max} points ({percent}%, the pass mark is {}%)\n",
        quiz.id, quiz.pass_mark
    )
}

/// Wraps one paragraph (newlines inside are kept) so that, after a first-line prefix of
/// `indent` columns, no line passes `WIDTH`; later lines are indented by `indent` spaces.
fn wrap(text: &str, indent: usize) -> String {
    let mut out = String::new();
    for (n, paragraph_line) in text.lines().enumerate() {
        if n > 0 {
            out.push('\n');
            out.push_str(&" ".repeat(indent));
        }
        let mut column = indent;
        for (idx, word) in paragraph_line.split_whitespace().enumerate() {
            if idx > 0 && column + 1 + word.chars().count() > WIDTH {
                out.push('\n');
                out.push_str(&" ".repeat(indent));
                column = indent;
            } else if idx > 0 {
                out.push(' ');
                column += 1;
            }
            out.push_str(word);
            column += word.chars().count();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fenced_code_is_indented_and_fences_are_dropped() {
        colored::control::set_override(false);
        let shown = prompt(
            Style::plain(),
            "Look:\n\n```rust\nfn main() {}\n```\nWhat now?\n",
        );
        assert_eq!(shown, "Look:\n\n    fn main() {}\nWhat now?\n");
    }

    #[test]
    fn long_paragraphs_wrap_under_a_hanging_indent() {
        let text = "word ".repeat(40);
        let wrapped = wrap(text.trim(), 5);
        assert!(wrapped.lines().count() > 1);
        // The first line follows a 5-column prefix; the others carry their indent.
        assert!(wrapped.lines().next().unwrap().len() + 5 <= WIDTH);
        assert!(wrapped.lines().all(|line| line.len() <= WIDTH));
        assert!(wrapped
            .lines()
            .skip(1)
            .all(|line| line.starts_with("     word")));
    }
}
