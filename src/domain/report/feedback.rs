//! Feedback for one learner (`grade --feedback DIR`): a Markdown file with every exercise's
//! result, each failing test with its message, rustc's errors with their places, and each quiz
//! question right or wrong.
//!
//! Hidden grading tests are counted and described by what they check, never named or quoted,
//! unless the instructor allows it (`show_hidden`). A quiz question's explanation is given only
//! once the instructor says the quizzes are closed, since it gives the answer away. Everything
//! the learner's code or folder made (ids, messages, compiler output) is escaped: a line of
//! text for Markdown, or a fenced block it cannot close.

use crate::domain::course::quiz::Quiz;
use crate::domain::grade::record::{ExerciseGrade, QuizGrade, Status, Submission};

use super::escape::{code_block, markdown};

/// What the instructor lets learners see.
#[derive(Debug, Clone, Copy, Default)]
pub struct FeedbackOptions {
    /// Name the hidden tests that failed and show their messages.
    pub show_hidden: bool,
    /// The quizzes are closed: each question's explanation is shown.
    pub quizzes_closed: bool,
}

/// The feedback file for `submission`; `quizzes` are the course's, for the questions' words.
/// Exercise, chapter and quiz names come from the course, so they are written as they are.
pub fn feedback(submission: &Submission, quizzes: &[Quiz], options: FeedbackOptions) -> String {
    let mut out = String::new();
    let who = if submission.name.is_empty() {
        markdown(&submission.id)
    } else {
        format!(
            "{} ({})",
            markdown(&submission.name),
            markdown(&submission.id)
        )
    };
    let exercise_points: u32 = submission.exercises.iter().map(|e| e.points).sum();
    let exercise_max: u32 = submission.exercises.iter().map(|e| e.max_points).sum();
    let quiz_points: u32 = submission.quizzes.iter().map(|q| q.score).sum();
    let quiz_max: u32 = submission.quizzes.iter().map(|q| q.max_score).sum();
    out.push_str(&format!(
        "# Feedback for {who}\n\n**{} of {} points**: exercises {exercise_points} of \
         {exercise_max}, quizzes {quiz_points} of {quiz_max}.\n",
        submission.score, submission.max_score
    ));
    if !submission.problems.is_empty() {
        out.push_str("\nWhat was wrong with the submission itself:\n\n");
        for problem in &submission.problems {
            out.push_str(&format!("- {}\n", markdown(problem)));
        }
    }
    out.push_str("\n## Exercises\n");
    for exercise in &submission.exercises {
        out.push_str(&exercise_section(exercise, options));
    }
    if !submission.quizzes.is_empty() {
        out.push_str("\n## Quizzes\n");
        for grade in &submission.quizzes {
            let quiz = quizzes.iter().find(|quiz| quiz.id == grade.name);
            out.push_str(&quiz_section(grade, quiz, options));
        }
    }
    out
}

fn exercise_section(exercise: &ExerciseGrade, options: FeedbackOptions) -> String {
    let mut out = format!(
        "\n### {} ({}): {}, {} of {} points\n\n",
        exercise.name,
        exercise.chapter,
        status_words(exercise.status),
        exercise.points,
        exercise.max_points
    );
    if exercise.tampered {
        out.push_str(
            "The course's part of your file (its tests or provided code) was edited; it was \
             graded with the course's own.\n\n",
        );
    }
    match exercise.status {
        Status::Passed => {
            out.push_str(&format!(
                "Every test passes ({0} of {0}).\n",
                exercise.tests_total
            ));
            return out;
        }
        Status::NotAttempted => {
            out.push_str(&format!("{}.\n", markdown(&exercise.message)));
            return out;
        }
        Status::Rejected => {
            out.push_str("Your code was not compiled: the runner refused it.\n\n");
            out.push_str(&code_block(&exercise.message));
            out.push('\n');
            return out;
        }
        Status::Failed | Status::TimedOut => out.push_str(&format!(
            "{} of {} tests pass.\n",
            exercise.tests_passed, exercise.tests_total
        )),
        Status::CompileError => out.push_str("Your code does not compile with the tests.\n"),
    }
    for failure in &exercise.failures {
        match failure.hidden {
            Some(number) if !options.show_hidden => out.push_str(&format!(
                "\n- Hidden test {number} of {} failed. It checks a behaviour the task states, \
                 on inputs your file's tests do not try: read the task again.\n",
                exercise.hidden_tests
            )),
            _ => out.push_str(&format!(
                "\n- `{}` failed:\n\n{}\n",
                failure.test.replace('`', "'"),
                indent(&code_block(failure.message.trim()))
            )),
        }
    }
    if !exercise.detail.is_empty() {
        out.push('\n');
        out.push_str(&code_block(&exercise.detail));
        out.push('\n');
    }
    out
}

fn quiz_section(grade: &QuizGrade, quiz: Option<&Quiz>, options: FeedbackOptions) -> String {
    let title = quiz.map_or(grade.name.as_str(), |quiz| quiz.title.as_str());
    let mut out = format!(
        "\n### {} ({}): {} of {} points, {}\n",
        title,
        grade.name,
        grade.score,
        grade.max_score,
        match (grade.taken, grade.passed) {
            (false, _) => "not taken",
            (true, true) => "passed",
            (true, false) => "not passed",
        }
    );
    for (number, answer) in grade.answers.iter().enumerate() {
        let question =
            quiz.and_then(|quiz| quiz.questions.iter().find(|q| q.id == answer.question));
        let prompt = question.map_or(answer.question.as_str(), |q| q.prompt.trim());
        let verdict = match (answer.answered, answer.correct, answer.points) {
            (false, _, _) => "not answered",
            (true, true, _) => "right",
            (true, false, 0) => "wrong",
            (true, false, _) => "partly right",
        };
        out.push_str(&format!(
            "\n{}. {verdict}, {} of {}: {}\n",
            number + 1,
            answer.points,
            points(answer.max_points),
            first_line(prompt)
        ));
        let explanation = question.and_then(|q| q.explanation.as_deref());
        if let (true, Some(explanation)) = (options.quizzes_closed, explanation) {
            out.push_str(&format!(
                "   {}\n",
                explanation.trim().replace('\n', "\n   ")
            ));
        }
    }
    out
}

/// "1 point", "2 points".
fn points(n: u32) -> String {
    format!("{n} {}", if n == 1 { "point" } else { "points" })
}

fn status_words(status: Status) -> &'static str {
    match status {
        Status::Passed => "passed",
        Status::Failed => "failed",
        Status::CompileError => "does not compile",
        Status::TimedOut => "timed out",
        Status::Rejected => "rejected",
        Status::NotAttempted => "not attempted",
    }
}

/// A prompt's first line (a prompt may hold a code block; the feedback names the question).
fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or("")
}

/// A block indented under a list item.
fn indent(block: &str) -> String {
    block
        .lines()
        .map(|line| format!("  {line}"))
        .collect::<Vec<_>>()
        .join("\n")
}
