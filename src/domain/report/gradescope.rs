//! Gradescope's autograder `results.json`, exactly as its "Autograder Specifications" define it:
//! top-level `score`, `execution_time`, `output`, the format and visibility fields and `tests`
//! (no top-level `max_score`: the specification has none). Learners read this file, so it never
//! shows what belongs to the instructor: a hidden grading test is "hidden test N of M", never its
//! name or its assertion's text, and a compiler error inside the hidden tests is told without
//! their code (`learner_diagnostics`).
//!
//! An exercise with hidden tests is two entries: what the learner's own file's tests say
//! (informational, always visible, no points) and the graded result with its points, shown when
//! the instructor chose (`Visibility`): Gradescope hides a learner's total while any entry is
//! hidden, so the points never give the hidden tests away early.

use serde_json::{json, Map, Value};

use crate::domain::grade::record::{ClassReport, ExerciseGrade, QuizGrade, Status, Submission};

/// When learners see a result: Gradescope's `visibility` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Visibility {
    /// Once the due date (or the late due date) has passed.
    #[default]
    AfterDueDate,
    /// Once the instructor publishes the grades.
    AfterPublished,
    /// Never (instructors always see everything).
    Hidden,
    /// Always.
    Visible,
}

impl Visibility {
    /// As Gradescope spells it.
    pub fn id(self) -> &'static str {
        match self {
            Visibility::AfterDueDate => "after_due_date",
            Visibility::AfterPublished => "after_published",
            Visibility::Hidden => "hidden",
            Visibility::Visible => "visible",
        }
    }
}

/// How to write a `results.json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Options {
    /// When learners see graded results that depend on hidden grading tests.
    pub hidden_tests: Visibility,
    /// How long the autograder ran, in whole seconds, when known.
    pub execution_time: Option<u64>,
}

/// The most of a message from a learner's run that one entry shows.
const MESSAGE_CAP: usize = 2_000;
/// The most lines of compiler errors one entry shows.
const DIAGNOSTIC_LINES: usize = 60;

/// `report::render`'s Gradescope format: the one submission of `report`, default options.
pub fn render(report: &ClassReport) -> Result<String, String> {
    let [submission] = report.submissions.as_slice() else {
        return Err(format!(
            "one results.json is for one submission, and {} were found",
            report.submissions.len()
        ));
    };
    Ok(results(
        submission,
        &report.problems,
        &report.statelings,
        &report.sandbox,
        &Options::default(),
    ))
}

/// The `results.json` of one graded submission. `problems` are what was found beside it and not
/// graded (they go to the top-level `output` with the submission's own problems).
pub fn results(
    submission: &Submission,
    problems: &[String],
    statelings: &str,
    sandbox: &str,
    options: &Options,
) -> String {
    let mut tests = Vec::new();
    for exercise in &submission.exercises {
        tests.extend(exercise_entries(exercise, options));
    }
    tests.extend(
        submission
            .quizzes
            .iter()
            .map(|quiz| quiz_entry(quiz, options)),
    );
    // Results that depend on what learners cannot see (hidden tests, answer keys) are shown when
    // the instructor chose; so is anything summing them up, or a learner could resubmit until
    // the total gives them away.
    let secret =
        submission.exercises.iter().any(|e| e.hidden_tests > 0) || !submission.quizzes.is_empty();
    let mut output = if secret && options.hidden_tests != Visibility::Visible {
        format!(
            "What the tests in your files say is shown now. The graded results (each exercise \
             checked by its file's tests and by hidden grading tests, each quiz scored with its \
             answer key) and your points are shown {}.",
            when(options.hidden_tests)
        )
    } else {
        let passed = submission
            .exercises
            .iter()
            .filter(|e| e.status == Status::Passed)
            .count();
        format!(
            "{} of {} points. {passed} of {} exercises passed.",
            submission.score,
            submission.max_score,
            submission.exercises.len()
        )
    };
    let notes: Vec<&String> = problems.iter().chain(&submission.problems).collect();
    if !notes.is_empty() {
        output.push_str("\n\nProblems with this upload:");
        for note in notes {
            output.push_str(&format!("\n- {note}"));
        }
    }
    let mut results = top_level(output, options);
    results.insert("score".to_owned(), json!(submission.score));
    results.insert(
        "extra_data".to_owned(),
        json!({ "statelings": statelings, "sandbox": sandbox }),
    );
    results.insert("tests".to_owned(), Value::Array(tests));
    to_text(results)
}

/// The `results.json` for an upload that could not be graded: no points, and `message` (what is
/// wrong, and what to upload instead) with `problems` as the output.
pub fn upload_problem(message: &str, problems: &[String], options: &Options) -> String {
    let mut output = message.to_owned();
    if !problems.is_empty() {
        output.push_str("\n\nWhat was found:");
        for problem in problems {
            output.push_str(&format!("\n- {problem}"));
        }
    }
    let mut results = top_level(output, options);
    results.insert("score".to_owned(), json!(0));
    results.insert("tests".to_owned(), json!([]));
    to_text(results)
}

/// The fields every `results.json` has, in the specification's order.
fn top_level(output: String, options: &Options) -> Map<String, Value> {
    let mut results = Map::new();
    if let Some(seconds) = options.execution_time {
        results.insert("execution_time".to_owned(), json!(seconds));
    }
    results.insert("output".to_owned(), json!(output));
    // Learner-made text (ids, panic messages) is shown as text, never rendered as markup.
    results.insert("output_format".to_owned(), json!("text"));
    results.insert("test_output_format".to_owned(), json!("text"));
    results.insert("test_name_format".to_owned(), json!("text"));
    results.insert("visibility".to_owned(), json!(Visibility::Visible.id()));
    // What run_autograder prints is the grader's log: for instructors.
    results.insert(
        "stdout_visibility".to_owned(),
        json!(Visibility::Hidden.id()),
    );
    results
}

fn to_text(results: Map<String, Value>) -> String {
    serde_json::to_string_pretty(&Value::Object(results)).expect("JSON values serialise") + "\n"
}

fn when(visibility: Visibility) -> &'static str {
    match visibility {
        Visibility::AfterDueDate => "after the due date",
        Visibility::AfterPublished => "once grades are published",
        Visibility::Hidden => "to your instructor only",
        Visibility::Visible => "now",
    }
}

/// One exercise: a single graded entry when it has no hidden tests; else what the learner's file
/// says (visible, no points) and the graded result (visibility as chosen).
fn exercise_entries(exercise: &ExerciseGrade, options: &Options) -> Vec<Value> {
    let status = |passed: bool| if passed { "passed" } else { "failed" };
    let graded_passed = exercise.status == Status::Passed;
    let mut graded = json!({
        "name": exercise.name,
        "score": exercise.points,
        "max_score": exercise.max_points,
        "status": status(graded_passed),
        "output": graded_output(exercise),
        "tags": [exercise.chapter],
    });
    if exercise.hidden_tests == 0 {
        graded["visibility"] = json!(Visibility::Visible.id());
        return vec![graded];
    }
    graded["name"] = json!(format!(
        "{} (graded: your file's tests and the hidden tests)",
        exercise.name
    ));
    graded["visibility"] = json!(options.hidden_tests.id());
    let visible_failures = exercise
        .failures
        .iter()
        .filter(|f| f.hidden.is_none())
        .count();
    let visible_passed = match exercise.status {
        Status::Passed => true,
        Status::Failed => visible_failures == 0 && exercise.detail.is_empty(),
        _ => false,
    };
    let own = json!({
        "name": format!("{} (your file's tests)", exercise.name),
        "status": status(visible_passed),
        "output": visible_output(exercise),
        "tags": [exercise.chapter],
        "visibility": Visibility::Visible.id(),
    });
    vec![own, graded]
}

/// The status in words, and what a learner may be told about it without the hidden tests.
fn headline(exercise: &ExerciseGrade) -> String {
    let mut out = match exercise.status {
        Status::Passed => "Passed.".to_owned(),
        Status::Failed => "Failed.".to_owned(),
        Status::CompileError => "Does not compile.".to_owned(),
        Status::TimedOut => "Timed out.".to_owned(),
        // These messages speak of the learner's file only (a rule and a place in it, or why
        // it was not attempted).
        Status::Rejected => format!("Rejected: {}", exercise.message),
        Status::NotAttempted => format!("Not attempted: {}", exercise.message),
    };
    if exercise.tampered {
        out.push_str(
            "\nThe course's part of the file (its tests or provided code) was edited; it was \
             graded with the course's own.",
        );
    }
    if !exercise.detail.is_empty() {
        out.push_str("\n\n");
        out.push_str(&exercise.detail);
    }
    out
}

/// What the learner's own file's tests say.
fn visible_output(exercise: &ExerciseGrade) -> String {
    let visible: Vec<_> = exercise
        .failures
        .iter()
        .filter(|failure| failure.hidden.is_none())
        .collect();
    let mut out = match exercise.status {
        Status::Failed if visible.is_empty() && exercise.detail.is_empty() => {
            "Every test in your file passes.".to_owned()
        }
        Status::Passed => "Every test in your file passes.".to_owned(),
        _ => headline(exercise),
    };
    for failure in visible {
        out.push_str(&format!(
            "\n\n{} failed:\n{}",
            failure.test,
            cap(failure.message.trim())
        ));
    }
    out
}

/// The graded result: the visible failures in full, the hidden ones by number.
fn graded_output(exercise: &ExerciseGrade) -> String {
    let mut out = format!(
        "{} of {} points. {}",
        exercise.points,
        exercise.max_points,
        headline(exercise)
    );
    for failure in &exercise.failures {
        match failure.hidden {
            None => out.push_str(&format!(
                "\n\n{} failed:\n{}",
                failure.test,
                cap(failure.message.trim())
            )),
            Some(number) => out.push_str(&format!(
                "\n\nhidden test {number} of {} failed (it checks your code on inputs your \
                 file's tests do not try)",
                exercise.hidden_tests
            )),
        }
    }
    out
}

/// A quiz, scored with answer keys the learner may not have: shown when graded results are.
fn quiz_entry(quiz: &QuizGrade, options: &Options) -> Value {
    json!({
        "name": format!("quiz: {}", quiz.name),
        "score": quiz.score,
        "max_score": quiz.max_score,
        "status": if quiz.passed { "passed" } else { "failed" },
        "output": if quiz.taken {
            format!("{} of {} points", quiz.score, quiz.max_score)
        } else {
            "not taken".to_owned()
        },
        "visibility": options.hidden_tests.id(),
    })
}

fn cap(text: &str) -> String {
    if text.len() <= MESSAGE_CAP {
        return text.to_owned();
    }
    let mut end = MESSAGE_CAP;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{} [... cut]", &text[..end])
}

/// rustc's errors as a learner may see them. The compiled file is the learner's code, the
/// course's visible tests, then the hidden tests from line `hidden_from` on: an error located
/// there is told by its message only, and no line of the hidden tests is ever quoted. Warnings
/// are left out; at most `DIAGNOSTIC_LINES` lines.
pub fn learner_diagnostics(diagnostics: &str, hidden_from: usize) -> String {
    let mut blocks: Vec<Vec<&str>> = Vec::new();
    for line in diagnostics.lines() {
        if line.starts_with("error") || line.starts_with("warning") {
            blocks.push(vec![line]);
        } else if let Some(block) = blocks.last_mut() {
            block.push(line);
        }
    }
    let mut out: Vec<String> = Vec::new();
    // Errors inside the hidden tests: each distinct message once, at the end.
    let mut in_hidden: Vec<&str> = Vec::new();
    for block in blocks {
        let head = block[0];
        if !head.starts_with("error")
            || head.starts_with("error: aborting")
            || head.starts_with("error: could not compile")
        {
            continue;
        }
        let primary = block.iter().find_map(|line| location(line));
        if primary.is_some_and(|line| line >= hidden_from) {
            if !in_hidden.contains(&head) {
                in_hidden.push(head);
            }
            continue;
        }
        quote_block(&block, hidden_from, &mut out);
    }
    while out.last().is_some_and(|line| line.trim().is_empty()) {
        out.pop();
    }
    if !in_hidden.is_empty() {
        if !out.is_empty() {
            out.push(String::new());
        }
        out.push(
            "The hidden tests do not compile with your code: they use it as the task describes, \
             and it does not allow that (check the names, arguments and types the task asks \
             for). Their errors:"
                .to_owned(),
        );
        out.extend(in_hidden.iter().map(|head| format!("  {head}")));
    }
    if out.len() > DIAGNOSTIC_LINES {
        let more = out.len() - DIAGNOSTIC_LINES;
        out.truncate(DIAGNOSTIC_LINES);
        out.push(format!(
            "[... {more} more lines: `statelings run` on this exercise shows them all]"
        ));
    }
    out.join("\n")
}

/// One error located in the learner's part, its lines that quote the hidden tests left out.
fn quote_block(block: &[&str], hidden_from: usize, out: &mut Vec<String>) {
    let mut skipping = false;
    for &line in block {
        if line.starts_with("For more information") {
            continue;
        }
        if let Some(at) = location(line) {
            skipping = at >= hidden_from;
            out.push(if skipping {
                "  --> (in the hidden tests)".to_owned()
            } else {
                line.to_owned()
            });
            continue;
        }
        match gutter(line) {
            Some(Some(number)) => {
                skipping = number >= hidden_from;
                if !skipping {
                    out.push(line.to_owned());
                }
            }
            Some(None) => {
                if !skipping {
                    out.push(line.to_owned());
                }
            }
            None => {
                skipping = false;
                out.push(line.to_owned());
            }
        }
    }
}

/// The line of a `--> path:line:column` (or `::: path:line:column`) location line.
fn location(line: &str) -> Option<usize> {
    let rest = line
        .trim_start()
        .strip_prefix("--> ")
        .or_else(|| line.trim_start().strip_prefix("::: "))?;
    let mut parts = rest.trim_end().rsplitn(3, ':');
    let _column = parts.next()?;
    parts.next()?.parse().ok()
}

/// A line of rustc's source gutter (`12 |     code`, `   |     ^^^`, `...`): `Some(Some(12))`,
/// `Some(None)`; `None` for any other line.
fn gutter(line: &str) -> Option<Option<usize>> {
    let trimmed = line.trim_start();
    if trimmed == "..." {
        return Some(None);
    }
    let (before, _) = trimmed.split_once('|')?;
    let before = before.trim();
    if before.is_empty() {
        Some(None)
    } else {
        before.parse().ok().map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DIAGNOSTICS: &str = "\
error[E0425]: cannot find value `x` in this scope
  --> exercises/00_intro/intro1.rs:32:13
   |
32 |     n * 2 + x
   |             ^ not found in this scope

error[E0308]: mismatched types
  --> exercises/00_intro/intro1.rs:90:30
   |
90 |         assert_eq!(secret_helper(n), n * 2, \"hidden assertion\");
   |                              ^ expected `i64`, found `u8`

error[E0061]: this function takes 1 argument but 2 arguments were supplied
  --> exercises/00_intro/intro1.rs:33:5
   |
33 |     double(1, 2)
   |     ^^^^^^
   |
note: function defined here
  --> exercises/00_intro/intro1.rs:95:8
   |
95 |     fn hidden_reference(n: i64) -> i64 {
   |        ^^^^^^^^^^^^^^^^
   = note: see the task

warning: unused variable: `y`
  --> exercises/00_intro/intro1.rs:31:9

error: aborting due to 3 previous errors

For more information about this error, try `rustc --explain E0061`.
";

    #[test]
    fn hidden_code_is_never_quoted_and_learner_errors_keep_their_place() {
        let shown = learner_diagnostics(DIAGNOSTICS, 80);
        assert!(shown.contains("intro1.rs:32:13"), "{shown}");
        assert!(shown.contains("32 |     n * 2 + x"), "{shown}");
        assert!(shown.contains("error[E0308]: mismatched types"), "{shown}");
        assert!(shown.contains("in the hidden tests"), "{shown}");
        for secret in [
            "secret_helper",
            "hidden assertion",
            "hidden_reference",
            ":90:",
            ":95:",
        ] {
            assert!(!shown.contains(secret), "{secret} leaked:\n{shown}");
        }
        assert!(shown.contains("= note: see the task"), "{shown}");
        assert!(!shown.contains("unused variable"), "{shown}");
        assert!(!shown.contains("aborting"), "{shown}");
    }

    #[test]
    fn without_hidden_tests_everything_is_shown() {
        let shown = learner_diagnostics(DIAGNOSTICS, usize::MAX);
        assert!(shown.contains("secret_helper"), "{shown}");
    }
}
