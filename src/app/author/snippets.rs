//! `verify` for quizzes: every `predict_output` program is compiled (`rustc`, the exercises'
//! edition) and run under limits in a scratch directory, and what it prints must be its answer
//! key (trailing whitespace aside), so keys cannot rot when the language changes. Processes are
//! started only through `check::process`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use crate::domain::course::quiz::{locate, normalise_output, Key, Kind, Question, Quiz};
use crate::domain::course::structure::Problem;
use crate::domain::course::Course;
use crate::domain::course::EDITION;
use crate::infra::process::{self, Limits, Outcome};
use crate::infra::toolchain::Toolchain;

/// How long rustc may take over one snippet.
const COMPILE_WALL: Duration = Duration::from_secs(120);

/// Problems with the quizzes' `predict_output` keys, and files under `quizzes/` that are not
/// quizzes. `timeout` bounds each program's run.
pub fn verify(
    course: &Course,
    toolchain: &Toolchain,
    timeout: Duration,
    jobs: usize,
) -> Vec<Problem> {
    let mut problems: Vec<Problem> = course
        .files()
        .keys()
        .filter(|file| file.starts_with("quizzes/"))
        .filter(|file| course.quizzes.iter().all(|quiz| &quiz.file != *file))
        .map(|file| Problem {
            file: file.clone(),
            line: None,
            message: "this file is not a quiz: quizzes are `quizzes/<id>.yaml` (an orphan)"
                .to_owned(),
            fatal: false,
        })
        .collect();
    let snippets: Vec<(&Quiz, &Question)> = course
        .quizzes
        .iter()
        .flat_map(|quiz| quiz.questions.iter().map(move |question| (quiz, question)))
        .filter(|(_, question)| matches!(question.kind, Kind::PredictOutput { .. }))
        .filter(|(_, question)| question.key.is_some())
        .collect();
    if snippets.is_empty() {
        return problems;
    }
    let scratch = match tempfile::Builder::new()
        .prefix("statelings-snippets-")
        .tempdir()
    {
        Ok(dir) => dir,
        Err(error) => {
            problems.push(Problem {
                file: "quizzes/".to_owned(),
                line: None,
                message: format!("cannot create a scratch directory to run snippets: {error}"),
                fatal: false,
            });
            return problems;
        }
    };
    let n_snippets = snippets.len();
    let found = crate::infra::parallel::map(
        snippets.into_iter().enumerate().collect(),
        jobs,
        |(slot, (quiz, question))| {
            let dir = scratch.path().join(slot.to_string());
            check(course, toolchain, quiz, question, &dir, timeout)
        },
        |_| {},
    );
    debug_assert_eq!(found.len(), n_snippets);
    problems.extend(found.into_iter().flatten());
    problems
}

/// Compiles and runs one snippet; `None` when it prints its key.
fn check(
    course: &Course,
    toolchain: &Toolchain,
    quiz: &Quiz,
    question: &Question,
    dir: &Path,
    timeout: Duration,
) -> Option<Problem> {
    let (Kind::PredictOutput { code }, Some(Key::Output(key))) = (&question.kind, &question.key)
    else {
        return None;
    };
    let text = course.files().get(&quiz.file).map_or("", String::as_str);
    let problem = |field: &str, message: String| {
        let line = locate::field(text, Some(&question.id), field).map(|(line, _)| line);
        Some(Problem {
            file: quiz.file.clone(),
            line,
            message: format!("question `{}`: {message}", question.id),
            fatal: false,
        })
    };
    let ran = compile(toolchain, code, dir).and_then(|binary| run(&binary, dir, timeout));
    let printed = match ran {
        Ok(printed) => normalise_output(&printed),
        Err(message) => return problem("code", message),
    };
    (printed != normalise_output(key)).then(|| {
        problem(
            "answer",
            format!(
                "the answer key is not what the program prints\n  key:\n{}\n  printed:\n{}",
                indent(&normalise_output(key)),
                indent(&printed)
            ),
        )
    })?
}

/// Writes `code` into `dir` and compiles it with rustc (the exercises' edition); the binary's
/// path, or what went wrong.
fn compile(toolchain: &Toolchain, code: &str, dir: &Path) -> Result<PathBuf, String> {
    let source = dir.join("snippet.rs");
    let binary = dir.join("snippet");
    if let Err(error) = std::fs::create_dir_all(dir).and_then(|()| std::fs::write(&source, code)) {
        return Err(format!("cannot write the program to run it: {error}"));
    }
    let mut compile = Command::new(&toolchain.rustc);
    compile
        .args(["--edition", EDITION, "-A", "warnings", "--color", "never"])
        .args(["--crate-name", "snippet", "-o"])
        .arg(&binary)
        .arg(&source)
        .current_dir(dir);
    let compiled = match process::run(compile, &Limits::new(COMPILE_WALL)) {
        Ok(outcome) => outcome,
        Err(error) => return Err(format!("cannot start `rustc`: {error}")),
    };
    if !succeeded(&compiled) {
        return Err(format!(
            "the program does not compile:\n{}",
            String::from_utf8_lossy(&compiled.stderr).trim_end()
        ));
    }
    Ok(binary)
}

/// Runs the compiled program in `dir` with an empty environment, for at most `timeout`; what it
/// printed, or what went wrong.
fn run(binary: &Path, dir: &Path, timeout: Duration) -> Result<String, String> {
    let mut run = Command::new(binary);
    run.current_dir(dir).env_clear();
    let ran = match process::run(run, &Limits::new(timeout)) {
        Ok(outcome) => outcome,
        Err(error) => return Err(format!("cannot run the program: {error}")),
    };
    if ran.timed_out {
        return Err(format!(
            "the program ran longer than {} s",
            timeout.as_secs()
        ));
    }
    if !succeeded(&ran) {
        return Err(format!(
            "the program did not exit successfully:\n{}",
            String::from_utf8_lossy(&ran.stderr).trim_end()
        ));
    }
    Ok(String::from_utf8_lossy(&ran.stdout).into_owned())
}

fn succeeded(outcome: &Outcome) -> bool {
    !outcome.timed_out && outcome.status.is_some_and(|status| status.success())
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|line| format!("    {line}"))
        .collect::<Vec<_>>()
        .join("\n")
}
