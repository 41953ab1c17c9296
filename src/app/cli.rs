//! The command line: clap derive types only. Doc comments here are the `--help` text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

const EXIT_CODES: &str = "\
Exit codes:
  0  success (the exercise passed, the course is consistent, grading completed)
  1  a negative result (an exercise did not pass, a quiz was failed, verify found problems)
  2  the runner could not do its job (bad arguments, no workbook, unreadable course)";

/// A workbook that teaches stateless and stateful systems, one small Rust exercise at a time.
///
/// Without a command: in a terminal, watch mode (edit, save, see the verdict); without a
/// terminal, print progress and the current exercise's verdict, then exit.
#[derive(Debug, Parser)]
#[command(name = "statelings", version, after_help = EXIT_CODES)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Options every command accepts, before or after the command's name.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// The workbook to use (default: the one containing the current directory, else ./workbook)
    #[arg(long, global = true, value_name = "DIR")]
    pub workbook: Option<PathBuf>,

    /// Use the course in DIR (a checkout with exercises/, solutions/, quizzes/) instead of the
    /// one built into this binary
    #[arg(long, global = true, value_name = "DIR")]
    pub course: Option<PathBuf>,

    /// When to colour output
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// Wall-time limit, in seconds, for running one exercise's tests
    #[arg(long, global = true, value_name = "SECS", default_value_t = 10)]
    pub timeout: u64,
}

/// `statelings quiz`: interactive by default; scripted with `--answers`.
#[derive(Debug, Args)]
pub struct QuizArgs {
    /// The quiz, as `statelings list` shows it (default: the next one due)
    pub name: Option<String>,

    /// Answer from a YAML file instead: a map from question id to answer (a letter, a list of
    /// letters, true/false, text, or a map item -> category), letters as in the quiz file
    #[arg(long, value_name = "FILE", requires = "name")]
    pub answers: Option<PathBuf>,

    /// Print the result as JSON (with --answers)
    #[arg(long, requires = "answers")]
    pub json: bool,

    /// Show whether each answer was right, and why, after the last question instead of after
    /// each one
    #[arg(long)]
    pub feedback_at_end: bool,
}

/// `statelings grade`.
#[derive(Debug, Args)]
pub struct GradeArgs {
    /// Folders holding submissions (workbooks); with `--merge`, JSON reports to join
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// The report's format
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,
    /// Write the report to FILE instead of standard output
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// How many submissions to grade at once (default: all cores)
    #[arg(long, value_name = "N")]
    pub jobs: Option<usize>,
    /// Grade only the K-th of N deterministic slices of the class (for a CI job matrix)
    #[arg(long, value_name = "K/N", value_parser = parse_shard)]
    pub shard: Option<(usize, usize)>,
    /// Run learners' code without the sandbox (bubblewrap). Only for code you trust: without
    /// it, a submission can read and write your files and reach your network
    #[arg(long)]
    pub no_sandbox: bool,
    /// The wall-time limit, in seconds, for compiling one batch of a learner's files
    #[arg(long, value_name = "SECS", default_value_t = 60)]
    pub compile_timeout: u64,
    /// The memory limit, in MiB, for one batch (rustc and the tests together where control
    /// groups are available, else per process)
    #[arg(long, value_name = "MIB", default_value_t = 2048)]
    pub memory: u64,
    /// Keep each file's grade in DIR and reuse it when the same file is graded again with the
    /// same course, runner and limits (re-grading an unchanged class takes seconds)
    #[arg(long, value_name = "DIR")]
    pub cache: Option<PathBuf>,
    /// The paths are JSON reports (from `--format json`, e.g. one per shard): join them. They
    /// must be of the same course version, and shards must all be there, each once
    #[arg(long, conflicts_with_all = ["shard", "no_sandbox", "jobs"])]
    pub merge: bool,
    /// With --merge: a learner found again in a later report (graded again) replaces the
    /// earlier record instead of being an error
    #[arg(long, requires = "merge")]
    pub replace: bool,
    /// The column conventions of --format csv: plain, or ready to import into Canvas or Moodle
    #[arg(long, value_enum, default_value_t = CsvStyleArg::Plain)]
    pub csv_style: CsvStyleArg,
    /// A class roster, CSV with the columns folder,id,name,email (a header line is optional):
    /// each submission found under a folder gets the learner's id, name and email, and
    /// learners who handed in nothing are listed
    #[arg(long, value_name = "FILE")]
    pub roster: Option<PathBuf>,
    /// Also write one Markdown file of feedback per learner into DIR (`DIR/<id>.md`): each
    /// exercise's result, failing tests with their messages (hidden tests counted, not shown),
    /// compiler errors with their places, and each quiz question right or wrong
    #[arg(long, value_name = "DIR")]
    pub feedback: Option<PathBuf>,
    /// With --feedback: name the hidden tests that failed and show their messages
    #[arg(long, requires = "feedback")]
    pub feedback_shows_hidden: bool,
    /// With --feedback: the quizzes are closed, so each question's explanation is shown (it
    /// gives the answer away)
    #[arg(long, requires = "feedback")]
    pub quizzes_closed: bool,
    /// With --format gradescope: when learners see the graded results, which depend on the
    /// course's hidden grading tests (what their own file's tests say is always shown)
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = HiddenTests::AfterDueDate)]
    pub hidden_tests: HiddenTests,
    /// With --format gradescope: grade one upload as Gradescope's autograder (`run_autograder`
    /// does): the --out file always gets a results.json, which says what is wrong when the
    /// upload holds no workbook, or several
    #[arg(long, requires = "out", conflicts_with_all = ["merge", "shard"])]
    pub autograder: bool,
}

/// When learners see results that depend on hidden grading tests: Gradescope's visibility
/// values (`domain::report::gradescope::Visibility`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum HiddenTests {
    /// Once the due date (or the late due date) has passed
    #[value(name = "after_due_date")]
    AfterDueDate,
    /// Once you publish the grades
    #[value(name = "after_published")]
    AfterPublished,
    /// Never to learners (instructors always see them)
    Hidden,
}

impl HiddenTests {
    pub fn visibility(self) -> crate::domain::report::gradescope::Visibility {
        use crate::domain::report::gradescope::Visibility;
        match self {
            HiddenTests::AfterDueDate => Visibility::AfterDueDate,
            HiddenTests::AfterPublished => Visibility::AfterPublished,
            HiddenTests::Hidden => Visibility::Hidden,
        }
    }
}

/// `--csv-style` (`domain::report::CsvStyle`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CsvStyleArg {
    /// id,name,email, a column per exercise and quiz, total, percent, notes; a points-possible row
    Plain,
    /// Canvas's gradebook import: Student,ID,SIS User ID,SIS Login ID,Section, ...
    Canvas,
    /// Moodle's grade import: Email address,ID number,Full name, ...
    Moodle,
}

/// The formats `grade` writes (`domain::report::Format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// A coloured table of learners by chapter, and the exercises the class struggles with
    Table,
    /// The full record (also what `--merge` reads)
    Json,
    /// One row per learner, a column per exercise and quiz, and the total (for a gradebook)
    Csv,
    /// A testsuite per submission, a testcase per exercise (for CI dashboards)
    Junit,
    /// The class table in Markdown
    Markdown,
    /// Gradescope's results.json: for one submission, or one per learner with --out FOLDER
    Gradescope,
    /// One self-contained page: a heat map, pass rates, a score histogram, quiz item analysis
    /// and identical files across learners
    Html,
}

impl ReportFormat {
    pub fn format(self, csv_style: CsvStyleArg) -> crate::domain::report::Format {
        use crate::domain::report::{CsvStyle, Format};
        match self {
            ReportFormat::Table => Format::Table,
            ReportFormat::Json => Format::Json,
            ReportFormat::Csv => Format::Csv(match csv_style {
                CsvStyleArg::Plain => CsvStyle::Plain,
                CsvStyleArg::Canvas => CsvStyle::Canvas,
                CsvStyleArg::Moodle => CsvStyle::Moodle,
            }),
            ReportFormat::Junit => Format::Junit,
            ReportFormat::Markdown => Format::Markdown,
            ReportFormat::Gradescope => Format::Gradescope,
            ReportFormat::Html => Format::Html,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when writing to a terminal, honouring NO_COLOR and CLICOLOR_FORCE
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a workbook: your own copies of the exercises, and your progress
    Init {
        /// Where to create it (must be absent or empty)
        #[arg(default_value = "workbook")]
        dir: PathBuf,
    },
    /// Check one exercise and show its verdict (exit 0 when it passes)
    Run {
        /// The exercise's name, as `statelings list` shows it
        name: String,
    },
    /// Show the next hint for an exercise (one more each time)
    Hint { name: String },
    /// List every exercise with its status (interactive in a terminal)
    List,
    /// Restore an exercise's starting code; your version is kept as a backup next to it
    Reset {
        name: String,
        /// Do not ask for confirmation
        #[arg(long, short)]
        yes: bool,
    },
    /// Show a chapter's lesson (default: the chapter of the exercise you are on)
    Lesson {
        /// The chapter, by its folder name (`01_stateless`) or number (`1`)
        chapter: Option<String>,
    },
    /// Show an exercise's solution, once it passes
    Solution {
        name: String,
        /// Show it even though the exercise has not passed yet
        #[arg(long)]
        force: bool,
    },
    /// Check every exercise in parallel and update progress
    Check {
        /// How many exercises to check at once (default: all cores)
        #[arg(long, value_name = "N")]
        jobs: Option<usize>,
    },
    /// Take a quiz: one question at a time, answered on standard input (exit 0 when passed)
    ///
    /// Answer with a letter (`b`), letters for "select all that apply" (`a c` or `a,c`), `t` or
    /// `f`, a few words, a category's number or name for each item to sort, and for "what does
    /// it print" the lines it prints followed by an empty line. Choices are shuffled, the same
    /// way every time for your workbook. At the end you may retry the questions you missed; the
    /// retry is recorded as a new attempt. Exit 0 when passed (or, for a sealed quiz, recorded),
    /// 1 when failed, 2 when input ended before the end (nothing is recorded then).
    Quiz(QuizArgs),
    /// Show progress through exercises and quizzes
    Progress {
        /// Print it as JSON
        #[arg(long)]
        json: bool,
    },
    /// For instructors: grade every workbook found under the paths against the course's own
    /// visible and grading tests, and re-score their quizzes
    ///
    /// Exit code 0 whenever grading completed, whatever the scores.
    Grade(GradeArgs),
    /// For instructors: write a student edition of the course to DIR (no solutions, grading
    /// tests or quiz answer keys), or a Gradescope autograder
    ///
    /// The student edition is a template repository, ready for GitHub Classroom: learners
    /// commit their workbook, and a workflow checks it on every push. With --gradescope, DIR
    /// gets setup.sh, run_autograder and the full course: zip what is inside DIR and upload it
    /// as the assignment's autograder. docs/instructors.md walks through both.
    Export {
        /// Where to write it (must be absent or empty)
        dir: PathBuf,
        /// Write a Gradescope autograder (with the full course: keep it private) instead of the
        /// student edition
        #[arg(long)]
        gradescope: bool,
        /// With --gradescope: when learners see the graded results, which depend on the
        /// course's hidden grading tests
        #[arg(
            long,
            value_enum,
            value_name = "WHEN",
            default_value_t = HiddenTests::AfterDueDate,
            requires = "gradescope"
        )]
        hidden_tests: HiddenTests,
    },
    /// For course authors: prove the course is consistent (every stub fails, every solution
    /// passes, metadata complete)
    Verify {
        /// How many exercises to check at once (default: all cores)
        #[arg(long, value_name = "N")]
        jobs: Option<usize>,
        /// List every mutant (known-wrong solution) and which tests catch it, not only those
        /// the visible tests miss
        #[arg(long)]
        mutants: bool,
    },
}

/// `K/N` with 1 <= K <= N.
fn parse_shard(text: &str) -> Result<(usize, usize), String> {
    let (k, n) = text.split_once('/').ok_or("expected K/N, e.g. 2/4")?;
    let k: usize = k
        .trim()
        .parse()
        .map_err(|_| format!("`{k}` is not a whole number"))?;
    let n: usize = n
        .trim()
        .parse()
        .map_err(|_| format!("`{n}` is not a whole number"))?;
    if k == 0 || n == 0 || k > n {
        return Err(format!(
            "shard {k}/{n} does not exist: K must be from 1 to N"
        ));
    }
    Ok((k, n))
}
