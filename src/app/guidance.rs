//! What to do next, in one sentence: after a pass, after `check`, and when everything is done.
//! The course is finished only when every exercise passes and every quiz is done; a quiz is
//! offered once its chapter is finished, and only while it is not yet passed.

use crate::app::quiz_standing;
use crate::app::session::Session;
use crate::app::ui;

/// After exercise `idx` passed: the chapter's completion, the quiz due, and the next exercise
/// (`moved`, when the current exercise moved on).
pub fn after_pass(session: &Session, idx: usize, moved: Option<usize>) -> String {
    let course = session.course();
    let chapter = &course.chapters[course.exercises[idx].chapter];
    let progress = session.progress();
    let mut lines = Vec::new();
    if chapter
        .exercises
        .iter()
        .all(|&other| progress.passed(&course.exercises[other].name))
    {
        lines.push(format!(
            "{} You finished \"{}\".",
            ui::success("Chapter complete!"),
            chapter.title
        ));
    }
    if let Some(quiz) = quiz_standing::due(session) {
        lines.push(format!(
            "Test what you learned: `statelings quiz {}` ({}).",
            quiz.id, quiz.title
        ));
    }
    match moved {
        Some(next) => lines.push(format!(
            "Next: {} ({})",
            ui::name(&course.exercises[next].name),
            session.display_path(next)
        )),
        None if session.n_passed() == course.exercises.len() => lines.push(finished(session)),
        None => {}
    }
    lines.join("\n")
}

/// Whether the course is finished, or what is left when every exercise passes.
pub fn finished(session: &Session) -> String {
    let left: Vec<String> = quiz_standing::standings(session)
        .into_iter()
        .filter(|(_, standing)| !standing.is_done())
        .map(|(quiz, _)| format!("`statelings quiz {}`", quiz.id))
        .collect();
    if left.is_empty() {
        ui::success(
            "Every exercise passes and every quiz is done: the course is finished. Well done!",
        )
    } else {
        format!(
            "{} {} left: {}.",
            ui::success("Every exercise passes."),
            if left.len() == 1 {
                "One quiz is"
            } else {
                "Quizzes are"
            },
            left.join(", ")
        )
    }
}

/// The quiz due, if any, as a sentence (for `check` and the default command).
pub fn next_step(session: &Session) -> Option<String> {
    if session.n_passed() == session.exercises().len() {
        return Some(finished(session));
    }
    quiz_standing::due(session).map(|quiz| {
        format!(
            "A quiz is due: `statelings quiz {}` ({}).",
            quiz.id, quiz.title
        )
    })
}
