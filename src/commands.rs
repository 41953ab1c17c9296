//! One function per learner command: each opens what it needs, does one thing, prints its
//! result, and returns the exit code. Larger commands live in their own modules (`watch`,
//! `list`, `verify`).

use std::io::Write as _;
use std::process::ExitCode;

use serde_json::json;

use crate::cli::{Cli, Command, GlobalArgs};
use crate::error::{Error, Result, EXIT_ERROR, EXIT_NEGATIVE};
use crate::session::{load_course, Session};
use crate::workbook::Workbook;
use crate::{show, ui};

/// Runs the command line's command; errors become one sentence on stderr and exit code 2.
pub fn dispatch(cli: Cli) -> ExitCode {
    let global = &cli.global;
    let result = match cli.command {
        None => default(global),
        Some(Command::Init { dir }) => init(global, &dir),
        Some(Command::Run { name }) => run(global, &name),
        Some(Command::Hint { name }) => hint(global, &name),
        Some(Command::List) => crate::list::list(global),
        Some(Command::Reset { name, yes }) => reset(global, &name, yes),
        Some(Command::Solution { name, force }) => solution(global, &name, force),
        Some(Command::Check { jobs }) => check(global, jobs),
        Some(Command::Quiz(args)) => crate::quiz::quiz(global, &args),
        Some(Command::Progress { json }) => progress(global, json),
        Some(Command::Verify { jobs, mutants }) => crate::verify::verify(global, jobs, mutants),
        Some(Command::Grade {
            paths,
            format,
            out,
            jobs,
            shard,
            sandbox,
            merge,
        }) => {
            let options = crate::grade::Options {
                jobs: crate::parallel::jobs(jobs),
                timeout: std::time::Duration::from_secs(global.timeout.max(1)),
                shard,
                sandbox,
            };
            grade(global, &paths, format, out.as_deref(), &options, merge)
        }
        Some(Command::Export { dir }) => export(global, &dir),
    };
    result.unwrap_or_else(|error| {
        eprintln!("{} {error}", ui::error("error:"));
        ExitCode::from(EXIT_ERROR)
    })
}

fn exit(success: bool) -> ExitCode {
    if success {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_NEGATIVE)
    }
}

/// No command: watch mode in a terminal, else one verdict and out.
fn default(global: &GlobalArgs) -> Result<ExitCode> {
    let mut session = Session::open(global)?;
    if ui::interactive() {
        return crate::watch::watch(&mut session);
    }
    println!("{}", summary_line(&session));
    if session.n_passed() == session.course.exercises.len() {
        println!("{}", ui::success("Every exercise passes. Well done!"));
        return Ok(ExitCode::SUCCESS);
    }
    let idx = session.current();
    check_and_report(&mut session, idx)?;
    Ok(ExitCode::SUCCESS)
}

/// Checks one exercise, records and prints the verdict; on a pass, moves on. Returns whether
/// it passed.
fn check_and_report(session: &mut Session, idx: usize) -> Result<bool> {
    let checked = session.check(idx)?;
    session.record(idx, &checked);
    let passed = checked.verdict.passed();
    let was_current = session.current() == idx;
    let next = if passed && was_current {
        session.advance()
    } else {
        None
    };
    session.save()?;
    let exercise = &session.course.exercises[idx];
    let path = session.exercise_path_for_display(exercise);
    println!(
        "{}",
        ui::heading(&format!("Exercise {} ({path})", exercise.name))
    );
    print!("{}", show::verdict(exercise, &path, &checked));
    if passed {
        print!("\n{}", show::takeaway(exercise));
        if was_current {
            match next {
                Some(next) => println!(
                    "\nNext: {} ({})",
                    ui::name(&session.course.exercises[next].name),
                    session.exercise_path_for_display(&session.course.exercises[next])
                ),
                None => println!("\n{}", ui::success("Every exercise passes. Well done!")),
            }
        }
    } else {
        println!(
            "\nStuck? `statelings hint {}` shows a hint ({} available).",
            exercise.name,
            exercise.hints.len()
        );
    }
    Ok(passed)
}

fn summary_line(session: &Session) -> String {
    let (quizzes_done, quizzes_total) = crate::quiz::n_done(session);
    format!(
        "{} exercises {}   quizzes {}",
        ui::heading("Progress:"),
        ui::progress_bar(session.n_passed(), session.course.exercises.len(), 30),
        ui::progress_bar(quizzes_done, quizzes_total, 7)
    )
}

fn init(global: &GlobalArgs, dir: &std::path::Path) -> Result<ExitCode> {
    let course = load_course(global)?;
    let workbook = Workbook::init(dir, &course)?;
    println!(
        "Created a workbook in `{}`. The exercises you edit are in `{}`.\n\
         Start with `statelings` in that folder (or `cargo run --release` in the course).",
        workbook.root().display(),
        workbook.root().join("exercises").display()
    );
    Ok(ExitCode::SUCCESS)
}

fn run(global: &GlobalArgs, name: &str) -> Result<ExitCode> {
    let mut session = Session::open(global)?;
    let (idx, _) = session.course.exercise(name)?;
    Ok(exit(check_and_report(&mut session, idx)?))
}

fn hint(global: &GlobalArgs, name: &str) -> Result<ExitCode> {
    let mut session = Session::open(global)?;
    let (idx, _) = session.course.exercise(name)?;
    let shown = session.reveal_hint(idx);
    session.save()?;
    print!("{}", show::hint(&session.course.exercises[idx], shown));
    Ok(ExitCode::SUCCESS)
}

fn reset(global: &GlobalArgs, name: &str, yes: bool) -> Result<ExitCode> {
    let mut session = Session::open(global)?;
    let (idx, exercise) = session.course.exercise(name)?;
    let path = session.exercise_path_for_display(exercise);
    if !yes
        && ui::interactive()
        && !confirm(&format!(
            "Reset `{path}` to its starting code? Your version is kept as a backup."
        ))?
    {
        println!("Nothing changed.");
        return Ok(ExitCode::SUCCESS);
    }
    let backup = session.reset(idx)?;
    session.save()?;
    match backup {
        Some(backup) => println!(
            "Reset `{path}`; your version is kept in `{}`.",
            backup.display()
        ),
        None => println!("Reset `{path}` (it had no changes to keep)."),
    }
    Ok(ExitCode::SUCCESS)
}

/// Asks a yes/no question on the terminal; anything but `y`/`yes` is no.
pub fn confirm(question: &str) -> Result<bool> {
    print!("{question} [y/N] ");
    std::io::stdout()
        .flush()
        .map_err(|error| Error::io("write", "stdout", error))?;
    let mut answer = String::new();
    std::io::stdin()
        .read_line(&mut answer)
        .map_err(|error| Error::io("read", "stdin", error))?;
    Ok(matches!(answer.trim().to_lowercase().as_str(), "y" | "yes"))
}

fn solution(global: &GlobalArgs, name: &str, force: bool) -> Result<ExitCode> {
    let session = Session::open(global)?;
    let (_, exercise) = session.course.exercise(name)?;
    let Some(solution) = &exercise.solution else {
        eprintln!("This edition of the course has no solutions; ask your instructor.");
        return Ok(ExitCode::from(EXIT_NEGATIVE));
    };
    if !force && !session.progress.passed(name) {
        eprintln!(
            "The solution of `{name}` is shown once the exercise passes (`statelings run {name}`); \
             `--force` shows it now."
        );
        return Ok(ExitCode::from(EXIT_NEGATIVE));
    }
    println!(
        "{}",
        ui::heading(&format!(
            "Solution of {name} ({}):",
            exercise.solution_path()
        ))
    );
    print!("{solution}");
    Ok(ExitCode::SUCCESS)
}

fn check(global: &GlobalArgs, jobs: Option<usize>) -> Result<ExitCode> {
    let mut session = Session::open(global)?;
    let total = session.course.exercises.len();
    let mut counter = ui::Counter::new("Checking exercises", total);
    let results = session.check_many((0..total).collect(), jobs, |_, _| counter.tick());
    counter.finish();
    for (idx, checked) in results {
        let checked = checked?;
        let exercise = &session.course.exercises[idx];
        let mark = if checked.verdict.passed() {
            ui::success("done")
        } else {
            ui::failure(checked.verdict.status())
        };
        println!("{mark:<14} {}", exercise.name);
        session.record(idx, &checked);
    }
    if session
        .progress
        .passed(&session.course.exercises[session.current()].name)
    {
        session.advance();
    }
    session.save()?;
    println!("{}", summary_line(&session));
    Ok(exit(session.n_passed() == total))
}

fn progress(global: &GlobalArgs, as_json: bool) -> Result<ExitCode> {
    let session = Session::open(global)?;
    let total = session.course.exercises.len();
    let current = &session.course.exercises[session.current()].name;
    if as_json {
        let exercises: Vec<_> = session
            .course
            .exercises
            .iter()
            .map(|exercise| {
                let progress = session.progress.exercise(&exercise.name);
                json!({
                    "name": exercise.name,
                    "chapter": session.course.chapters[exercise.chapter].dir,
                    "status": progress.status,
                    "hints_shown": progress.hints_shown,
                })
            })
            .collect();
        let report = json!({
            "workbook": session.workbook.root(),
            "exercises_done": session.n_passed(),
            "exercises_total": total,
            "current": current,
            "exercises": exercises,
            "quizzes": crate::quiz::progress_json(&session),
        });
        println!(
            "{}",
            serde_json::to_string_pretty(&report).expect("JSON values serialise")
        );
        return Ok(ExitCode::SUCCESS);
    }
    println!("{}", summary_line(&session));
    for chapter in &session.course.chapters {
        let n_done = chapter
            .exercises
            .iter()
            .filter(|&&idx| session.progress.passed(&session.course.exercises[idx].name))
            .count();
        println!(
            "  {:<52} {n_done}/{}",
            chapter.title,
            chapter.exercises.len()
        );
    }
    for line in crate::quiz::progress_lines(&session) {
        println!("{line}");
    }
    println!(
        "Current exercise: {} ({})",
        ui::name(current),
        session.exercise_path_for_display(&session.course.exercises[session.current()])
    );
    Ok(ExitCode::SUCCESS)
}

fn grade(
    global: &GlobalArgs,
    paths: &[std::path::PathBuf],
    format: crate::report::Format,
    out: Option<&std::path::Path>,
    options: &crate::grade::Options,
    merge: bool,
) -> Result<ExitCode> {
    let course = load_course(global)?;
    if let Some(out) = out {
        // Fail before grading, not after, when the report cannot be written.
        let dir = out
            .parent()
            .filter(|dir| !dir.as_os_str().is_empty())
            .unwrap_or(std::path::Path::new("."));
        tempfile::NamedTempFile::new_in(dir).map_err(|error| Error::io("write", out, error))?;
    }
    let report = if merge {
        let mut reports = Vec::new();
        for path in paths {
            let text = std::fs::read(path).map_err(|error| Error::io("read", path, error))?;
            let report = serde_json::from_slice(&text).map_err(|error| Error::BadReport {
                path: path.clone(),
                message: error.to_string(),
            })?;
            reports.push((path.clone(), report));
        }
        crate::grade::merge(reports).map_err(Error::Usage)?
    } else {
        for path in paths {
            if !path.exists() {
                return Err(Error::io("read", path, std::io::ErrorKind::NotFound.into()));
            }
        }
        let mut counter: Option<ui::Counter> = None;
        let report = crate::grade::grade(&course, paths, options, |_, total| {
            counter
                .get_or_insert_with(|| ui::Counter::new("Grading", total))
                .tick();
        })?;
        if let Some(counter) = &counter {
            counter.finish();
        }
        report
    };
    let text = crate::report::render(&report, format).map_err(Error::Usage)?;
    match out {
        Some(out) => {
            crate::atomic_file::write(out, text.as_bytes())?;
            eprintln!(
                "Graded {} submissions; the report is in `{}`.",
                report.submissions.len(),
                out.display()
            );
        }
        None => print!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}

fn export(global: &GlobalArgs, dir: &std::path::Path) -> Result<ExitCode> {
    let course = load_course(global)?;
    let written = crate::export::export(&course, dir)?;
    println!(
        "Wrote the student edition ({written} files) to `{}`: no solutions, grading tests or quiz \
         answer keys. `cargo run --release` there starts the workbook.",
        dir.display()
    );
    Ok(ExitCode::SUCCESS)
}
