//! Checking exercises: the prepared module (`domain::test_crate`) is compiled with `rustc`
//! (no cargo on this path) into a test binary with a fresh sentinel, run under limits, and its
//! harness's log read into a `Verdict` (`domain::verdict`). A learner's failure is a `Verdict`;
//! an `Err` means the runner could not compile or run anything (the toolchain is broken, a
//! process could not start, a folder could not be made).
//!
//! Every check builds in a fresh folder of its own (unique, mode 0700), removed with whatever
//! the code wrote. With a `Sandbox`, rustc and the tests run in bubblewrap and in one control
//! group per check (or batch), and the tests see their build folder read-only but for the folder
//! their harness writes its log to.

use std::collections::hash_map::RandomState;
use std::ffi::OsString;
use std::hash::BuildHasher;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant, SystemTime};

use crate::domain::course::{Exercise, EDITION};
use crate::domain::test_crate::{self, Prepared, Submitted};
use crate::domain::verdict::{clean_run, decide, Checked, Exit, Expected, RunFacts, Verdict};
use crate::infra::cgroup::{self, Cgroup, Cgroups};
use crate::infra::error::{Error, Result};
use crate::infra::process::{self, Limits, Outcome};
use crate::infra::sandbox::{Bubblewrap, View};
use crate::infra::toolchain::{self, Toolchain};

/// What every build folder's name starts with, before the process id (so one left by a killed
/// process is recognised and removed).
const BUILD_PREFIX: &str = "statelings-build-";

/// One exercise's file to check as part of a batch.
#[derive(Debug, Clone, Copy)]
pub struct Unit<'a> {
    pub exercise: &'a Exercise,
    pub bytes: &'a [u8],
}

/// Isolation for grading: bubblewrap, and control groups when the machine allows them.
#[derive(Debug, Clone)]
pub struct Sandbox {
    pub bubblewrap: Bubblewrap,
    pub cgroups: Option<Cgroups>,
    /// Memory for all of one batch's processes together (with control groups).
    pub memory_bytes: u64,
    /// Processes and threads for all of one batch together (with control groups).
    pub tasks: u64,
    /// The size of each sandbox's private `/tmp`.
    pub tmp_bytes: u64,
}

/// Compiles and runs exercises.
#[derive(Debug, Clone)]
pub struct Checker {
    toolchain: Toolchain,
    build_root: PathBuf,
    /// Diagnostics and panic locations show module files under this prefix (e.g. `workbook/`).
    display_prefix: String,
    compile_limits: Limits,
    run_limits: Limits,
    sandbox: Option<Sandbox>,
    colour: bool,
}

/// One batch's place to build, its control group and its compile-time budget.
struct Context {
    dir: tempfile::TempDir,
    cgroup: Option<Cgroup>,
    deadline: Instant,
    runs: usize,
}

/// One module of a crate: what it must report, its text, and how its file is shown.
#[derive(Clone)]
struct Module {
    expected: Expected,
    text: String,
    display: String,
}

/// The crate compiled, or rustc's diagnostics.
enum Compiled {
    Binary { path: PathBuf, sentinel: String },
    Errors(String),
}

/// What rustc's parser alone said about code the gate could not read.
enum Parsed {
    Clean,
    Errors(String),
    /// This rustc has no parse-only mode: the gate's own message stands in.
    Unsupported,
}

impl Checker {
    /// A checker with the limits a learner's check has: the run under `run_timeout`, 2 GiB of
    /// address space per process, 64 MiB files, 1 MiB of output; rustc under 60 s.
    pub fn new(toolchain: Toolchain, build_root: PathBuf, run_timeout: Duration) -> Checker {
        crate::infra::atomic_file::clean_stale_dirs(&build_root, BUILD_PREFIX);
        Checker {
            toolchain,
            build_root,
            display_prefix: String::new(),
            compile_limits: Limits {
                memory_bytes: Some(4 << 30),
                file_bytes: Some(512 << 20),
                ..Limits::new(Duration::from_secs(60))
            },
            run_limits: Limits {
                memory_bytes: Some(2 << 30),
                file_bytes: Some(64 << 20),
                ..Limits::new(run_timeout)
            },
            sandbox: None,
            colour: false,
        }
    }

    /// Diagnostics show module files as `<prefix><exercise path>` (a workbook's folder, as the
    /// learner names it).
    pub fn display_prefix(mut self, prefix: &str) -> Checker {
        self.display_prefix = prefix.to_owned();
        self
    }

    pub fn limits(mut self, compile: Limits, run: Limits) -> Checker {
        self.compile_limits = compile;
        self.run_limits = run;
        self
    }

    pub fn sandbox(mut self, sandbox: Option<Sandbox>) -> Checker {
        self.sandbox = sandbox;
        self
    }

    pub fn colour(mut self, colour: bool) -> Checker {
        self.colour = colour;
        self
    }

    pub fn toolchain(&self) -> &Toolchain {
        &self.toolchain
    }

    /// Checks one exercise's file (a learner's, or a course file) with the visible tests, and
    /// with the hidden grading tests too when `with_grading`.
    pub fn check(&self, exercise: &Exercise, bytes: &[u8], with_grading: bool) -> Result<Checked> {
        let submitted = Submitted {
            exercise,
            bytes,
            with_grading,
        };
        let display = format!("{}{}", self.display_prefix, exercise.path);
        let mut context = self.context(&exercise.name)?;
        match test_crate::prepare(submitted) {
            Prepared::Decided { verdict, tampered } => Ok(Checked { verdict, tampered }),
            Prepared::Unreadable {
                visible_only,
                rejection,
                tampered,
            } => {
                let module = module("exercise", visible_only, vec![], display);
                self.unreadable(&mut context, module, rejection, tampered)
            }
            Prepared::Module {
                text,
                tests,
                tampered,
            } => {
                let module = module("exercise", text, tests, display);
                let verdict = match self.compile(&mut context, std::slice::from_ref(&module))? {
                    Compiled::Errors(diagnostics) => Verdict::CompileError { diagnostics },
                    Compiled::Binary { path, sentinel } => {
                        let (outcome, log) = self.run_tests(&mut context, &path, &[])?;
                        let stdout = String::from_utf8_lossy(&outcome.stdout);
                        let facts = self.facts(&context, &outcome, &log, &stdout);
                        decide(
                            &facts,
                            &module.expected,
                            &sentinel,
                            &self.run_limits.as_run_limits(),
                        )
                    }
                };
                Ok(Checked { verdict, tampered })
            }
        }
    }

    /// Checks several exercises (one learner's, or files with the same owners) with their
    /// grading tests, compiled as ONE test crate, since the compiler's fixed cost dominates
    /// small files. The binary runs once; its log is read exercise by exercise only if the run
    /// was clean, else each exercise's tests run again alone. If the crate does not compile,
    /// each exercise is compiled alone, within the same compile-time budget.
    pub fn check_batch(&self, units: &[Unit<'_>], label: &str) -> Result<Vec<Checked>> {
        let mut context = self.context(label)?;
        let mut results: Vec<Option<Checked>> = vec![None; units.len()];
        let mut modules: Vec<(usize, Module, bool)> = Vec::new();
        for (idx, unit) in units.iter().enumerate() {
            let submitted = Submitted {
                exercise: unit.exercise,
                bytes: unit.bytes,
                with_grading: true,
            };
            let name = format!("ex_{}", unit.exercise.name);
            let display = format!("{}{}", self.display_prefix, unit.exercise.path);
            match test_crate::prepare(submitted) {
                Prepared::Decided { verdict, tampered } => {
                    results[idx] = Some(Checked { verdict, tampered })
                }
                Prepared::Unreadable {
                    visible_only,
                    rejection,
                    tampered,
                } => {
                    let module = module(&name, visible_only, vec![], display);
                    results[idx] =
                        Some(self.unreadable(&mut context, module, rejection, tampered)?);
                }
                Prepared::Module {
                    text,
                    tests,
                    tampered,
                } => modules.push((idx, module(&name, text, tests, display), tampered)),
            }
        }
        let verdicts = self.compile_and_decide(&mut context, &modules)?;
        for ((idx, _, tampered), verdict) in modules.iter().zip(verdicts) {
            results[*idx] = Some(Checked {
                verdict,
                tampered: *tampered,
            });
        }
        Ok(results
            .into_iter()
            .map(|result| result.expect("every unit has a verdict"))
            .collect())
    }

    /// The CPU time each exercise's visible and grading tests take, run alone (for `verify`'s
    /// speed rule): compiled as one crate, then each module's tests run by themselves. `None`
    /// for a file that was not compiled (rejected, unreadable, or the crate did not compile).
    pub fn time_each(&self, units: &[Unit<'_>], label: &str) -> Result<Vec<Option<Duration>>> {
        let mut context = self.context(label)?;
        let mut times = vec![None; units.len()];
        let mut modules = Vec::new();
        for (idx, unit) in units.iter().enumerate() {
            let submitted = Submitted {
                exercise: unit.exercise,
                bytes: unit.bytes,
                with_grading: true,
            };
            if let Prepared::Module { text, tests, .. } = test_crate::prepare(submitted) {
                let name = format!("ex_{}", unit.exercise.name);
                modules.push((idx, module(&name, text, tests, unit.exercise.path.clone())));
            }
        }
        let crate_modules: Vec<Module> = modules.iter().map(|(_, m)| m.clone()).collect();
        let Compiled::Binary { path, sentinel } = self.compile(&mut context, &crate_modules)?
        else {
            return Ok(times);
        };
        for (idx, module) in &modules {
            let filters = [format!("{}::", module.expected.module), sentinel.clone()];
            let (outcome, _) = self.run_tests(&mut context, &path, &filters)?;
            times[*idx] = Some(outcome.cpu);
        }
        Ok(times)
    }

    /// The verdicts of a batch's modules (in order): compiled as one crate and run once, read
    /// module by module when the run was clean, else each module's tests again alone; when the
    /// crate does not compile, each module compiled alone.
    fn compile_and_decide(
        &self,
        context: &mut Context,
        modules: &[(usize, Module, bool)],
    ) -> Result<Vec<Verdict>> {
        let crate_modules: Vec<Module> = modules.iter().map(|(_, m, _)| m.clone()).collect();
        let limits = self.run_limits.as_run_limits();
        match self.compile(context, &crate_modules)? {
            Compiled::Binary { path, sentinel } => {
                let (together, log) = self.run_tests(context, &path, &[])?;
                let stdout = String::from_utf8_lossy(&together.stdout).into_owned();
                let facts = self.facts(context, &together, &log, &stdout);
                let expected: Vec<Expected> =
                    crate_modules.iter().map(|m| m.expected.clone()).collect();
                if clean_run(&facts, &expected, &sentinel) {
                    return Ok(expected
                        .iter()
                        .map(|expected| decide(&facts, expected, &sentinel, &limits))
                        .collect());
                }
                expected
                    .iter()
                    .map(|expected| {
                        let filters = [format!("{}::", expected.module), sentinel.clone()];
                        let (alone, log) = self.run_tests(context, &path, &filters)?;
                        let stdout = String::from_utf8_lossy(&alone.stdout);
                        let facts = self.facts(context, &alone, &log, &stdout);
                        Ok(decide(&facts, expected, &sentinel, &limits))
                    })
                    .collect()
            }
            Compiled::Errors(diagnostics) if modules.len() == 1 => {
                Ok(vec![Verdict::CompileError { diagnostics }])
            }
            Compiled::Errors(_) => crate_modules
                .iter()
                .map(|module| self.check_alone(context, module))
                .collect(),
        }
    }

    /// One module compiled and run by itself (within the batch's compile budget).
    fn check_alone(&self, context: &mut Context, module: &Module) -> Result<Verdict> {
        Ok(match self.compile(context, std::slice::from_ref(module))? {
            Compiled::Errors(diagnostics) => Verdict::CompileError { diagnostics },
            Compiled::Binary { path, sentinel } => {
                let (outcome, log) = self.run_tests(context, &path, &[])?;
                let stdout = String::from_utf8_lossy(&outcome.stdout);
                decide(
                    &self.facts(context, &outcome, &log, &stdout),
                    &module.expected,
                    &sentinel,
                    &self.run_limits.as_run_limits(),
                )
            }
        })
    }

    /// A fresh, private build folder (and control group) for one check or batch.
    fn context(&self, label: &str) -> Result<Context> {
        std::fs::create_dir_all(&self.build_root)
            .map_err(|error| Error::io("create", &self.build_root, error))?;
        let name: String = label
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '_' {
                    c
                } else {
                    '-'
                }
            })
            .take(40)
            .collect();
        let dir = tempfile::Builder::new()
            .prefix(&format!("{BUILD_PREFIX}{}-{name}-", std::process::id()))
            .tempdir_in(&self.build_root)
            .map_err(|error| Error::io("create", &self.build_root, error))?;
        let dir_text = dir.path().to_str().map(str::to_owned);
        if dir_text.is_none() {
            return Err(Error::Toolchain {
                message: format!(
                    "the build folder `{}` is not a UTF-8 path, which rustc refuses; set TMPDIR \
                     to a folder with a plain name",
                    dir.path().display()
                ),
            });
        }
        let cgroup = match &self.sandbox {
            Some(Sandbox {
                cgroups: Some(cgroups),
                memory_bytes,
                tasks,
                ..
            }) => Some(
                cgroups
                    .create(&name, *memory_bytes, *tasks)
                    .map_err(|error| Error::io("create a control group for", dir.path(), error))?,
            ),
            _ => None,
        };
        Ok(Context {
            deadline: Instant::now() + self.compile_limits.wall,
            dir,
            cgroup,
            runs: 0,
        })
    }

    /// Code the gate could not read: only parsed by rustc (never expanded, so no macro, `mod`
    /// or constant of it runs), to show rustc's own syntax errors. rustc recovers from syntax
    /// errors and would go on to expand macros and evaluate constants, which could read files
    /// and put them in its errors; stopping after the parse leaves nothing to read.
    fn unreadable(
        &self,
        context: &mut Context,
        module: Module,
        rejection: crate::domain::verdict::Rejection,
        tampered: bool,
    ) -> Result<Checked> {
        let verdict = match self.parse_only(context, &module)? {
            Parsed::Errors(diagnostics) => Verdict::CompileError { diagnostics },
            Parsed::Clean => Verdict::Rejected {
                reasons: vec![rejection],
            },
            Parsed::Unsupported => Verdict::CompileError {
                diagnostics: format!(
                    "error: {}\n --> {}:{}:{}",
                    rejection.message, module.display, rejection.line, rejection.column
                ),
            },
        };
        Ok(Checked { verdict, tampered })
    }

    /// Runs rustc's parser alone on one module (`-Z parse-crate-root-only`, which a stable
    /// toolchain accepts with `RUSTC_BOOTSTRAP=1`); `Unsupported` if this rustc lacks the flag.
    fn parse_only(&self, context: &mut Context, module: &Module) -> Result<Parsed> {
        context.runs += 1;
        let crate_dir = context.dir.path().join(format!("crate{}", context.runs));
        std::fs::create_dir(&crate_dir).map_err(|error| Error::io("create", &crate_dir, error))?;
        let file = format!("{}.rs", module.expected.module);
        write_new(&crate_dir.join(&file), &module.text)?;
        let args: Vec<OsString> = [
            "-Zparse-crate-root-only",
            "--edition",
            EDITION,
            "--crate-type",
            "lib",
            "--color",
            if self.colour { "always" } else { "never" },
            "--remap-path-prefix",
            &format!("{file}={}", module.display),
            &file,
        ]
        .iter()
        .map(OsString::from)
        .collect();
        let command = self.command(
            &self.toolchain.rustc,
            &args,
            &crate_dir,
            true,
            None,
            &[("RUSTC_BOOTSTRAP", "1")],
        );
        let outcome = self.spawn(context, command, &self.compile_limits, "rustc")?;
        if outcome.status.is_some_and(|status| status.success()) {
            return Ok(Parsed::Clean);
        }
        if String::from_utf8_lossy(&outcome.stderr).contains("unknown unstable option") {
            return Ok(Parsed::Unsupported);
        }
        Ok(match self.compile_failure(context, &outcome)? {
            Compiled::Errors(diagnostics) => Parsed::Errors(diagnostics),
            Compiled::Binary { .. } => Parsed::Clean,
        })
    }

    /// Writes the crate (root and modules) into a fresh sub-folder and compiles it.
    fn compile(&self, context: &mut Context, modules: &[Module]) -> Result<Compiled> {
        context.runs += 1;
        let crate_dir = context.dir.path().join(format!("crate{}", context.runs));
        std::fs::create_dir(&crate_dir).map_err(|error| Error::io("create", &crate_dir, error))?;
        let nonce =
            RandomState::new().hash_one((SystemTime::now(), context.runs, std::process::id()));
        let sentinel = test_crate::sentinel(nonce);
        let expected: Vec<Expected> = modules.iter().map(|m| m.expected.clone()).collect();
        write_new(
            &crate_dir.join("main.rs"),
            &test_crate::root(&expected, &sentinel),
        )?;
        let mut args: Vec<OsString> = [
            "--edition",
            EDITION,
            "--test",
            "-A",
            "unused",
            "--crate-name",
            "exercise_tests",
            "--color",
            if self.colour { "always" } else { "never" },
            "-o",
            "tests",
            "main.rs",
        ]
        .iter()
        .map(OsString::from)
        .collect();
        for module in modules {
            let file = format!("{}.rs", module.expected.module);
            write_new(&crate_dir.join(&file), &module.text)?;
            args.push("--remap-path-prefix".into());
            args.push(format!("{file}={}", module.display).into());
        }
        if let Some(remapped) = toolchain::remap(&crate_dir, ".") {
            args.push("--remap-path-prefix".into());
            args.push(remapped);
        }
        let left = context.deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Ok(Compiled::Errors(format!(
                "error: the compile time for this check ({} s) ran out",
                self.compile_limits.wall.as_secs()
            )));
        }
        let limits = Limits {
            wall: left,
            ..self.compile_limits.clone()
        };
        let command = self.command(&self.toolchain.rustc, &args, &crate_dir, true, None, &[]);
        let outcome = self.spawn(context, command, &limits, "rustc")?;
        if outcome.status.is_some_and(|status| status.success()) {
            return Ok(Compiled::Binary {
                path: crate_dir.join("tests"),
                sentinel,
            });
        }
        self.compile_failure(context, &outcome)
    }

    /// What a failed rustc means: the learner's compile error (or their code exhausting the
    /// compiler's limits), or the toolchain's fault.
    fn compile_failure(&self, context: &Context, outcome: &Outcome) -> Result<Compiled> {
        use std::os::unix::process::ExitStatusExt;
        let stderr = String::from_utf8_lossy(&outcome.stderr).into_owned();
        if outcome.timed_out {
            return Ok(Compiled::Errors(format!(
                "error: the compiler took longer than {} s on this code, so it was stopped \
                 (a constant or type that takes forever to compute?)",
                self.compile_limits.wall.as_secs()
            )));
        }
        let out_of_memory = context
            .cgroup
            .as_ref()
            .is_some_and(Cgroup::hit_memory_limit)
            || stderr.contains("memory allocation of");
        if out_of_memory {
            return Ok(Compiled::Errors(format!(
                "error: the compiler ran out of memory on this code (the limit is {} MiB): \
                 something in it makes rustc build something huge",
                self.compile_limits.memory_bytes.unwrap_or(0) >> 20
            )));
        }
        let status = outcome.status;
        match status.and_then(|status| status.code()) {
            Some(1) if !stderr.contains("internal compiler error") => Ok(Compiled::Errors(stderr)),
            _ if outcome.overflowed => Ok(Compiled::Errors(format!(
                "error: the compiler printed more than {} KiB of errors; the first ones:\n{stderr}",
                self.compile_limits.output_bytes / 1024
            ))),
            _ => Err(Error::Toolchain {
                message: format!(
                    "`{}` failed ({}{}): {}",
                    self.toolchain.rustc.display(),
                    toolchain::describe(outcome),
                    match status.and_then(|status| status.signal()) {
                        Some(_) => ", not a compile error",
                        None => "",
                    },
                    stderr.lines().take(8).collect::<Vec<_>>().join("\n")
                ),
            }),
        }
    }

    /// Runs a test binary with its harness logging to a fresh file, and returns the outcome and
    /// the log.
    fn run_tests(
        &self,
        context: &mut Context,
        binary: &Path,
        filters: &[String],
    ) -> Result<(Outcome, String)> {
        context.runs += 1;
        let crate_dir = binary.parent().expect("the binary is in its crate folder");
        let log_dir = context.dir.path().join(format!("log{}", context.runs));
        std::fs::create_dir(&log_dir).map_err(|error| Error::io("create", &log_dir, error))?;
        let log = log_dir.join("results.log");
        // Made here, so the sandbox can bind this one file writable in a read-only folder: the
        // tests can write their log (up to the file-size limit), and no file of their own.
        write_new(&log, "")?;
        let mut args: Vec<OsString> = vec![
            "--color".into(),
            "never".into(),
            "--logfile".into(),
            log.clone().into(),
        ];
        args.extend(filters.iter().map(OsString::from));
        let command = self.command(
            binary,
            &args,
            crate_dir,
            false,
            Some(&log),
            &[("RUST_BACKTRACE", "0")],
        );
        let outcome = self.spawn(
            context,
            command,
            &self.run_limits,
            &binary.display().to_string(),
        )?;
        let text = crate::infra::safe_file::read_regular(&log, 16 << 20)
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
            .unwrap_or_default();
        if text.is_empty()
            && String::from_utf8_lossy(&outcome.stderr).contains("Unrecognized option: 'logfile'")
        {
            return Err(Error::Toolchain {
                message: "this Rust's test harness no longer writes `--logfile`, which statelings \
                          reads results from; use a Rust release statelings supports"
                    .to_owned(),
            });
        }
        Ok((outcome, text))
    }

    /// The command to run `program args` in `dir`: in the sandbox when there is one (the build
    /// folder writable for rustc; read-only for tests, but for the file `writable`, whose
    /// folder they see read-only too), else directly with a clean environment.
    fn command(
        &self,
        program: &Path,
        args: &[OsString],
        dir: &Path,
        compiling: bool,
        writable: Option<&Path>,
        env: &[(&str, &str)],
    ) -> Command {
        if let Some(sandbox) = &self.sandbox {
            let view = View {
                toolchain: &self.toolchain,
                writable: if compiling {
                    vec![dir]
                } else {
                    writable.into_iter().collect()
                },
                readable: if compiling {
                    vec![]
                } else {
                    std::iter::once(dir)
                        .chain(writable.and_then(Path::parent))
                        .collect()
                },
                chdir: dir,
                tmp_bytes: sandbox.tmp_bytes,
                env: env.to_vec(),
            };
            return sandbox.bubblewrap.command(&view, program, args);
        }
        let mut command = Command::new(program);
        command.args(args).current_dir(dir).env_clear();
        if let Some(path) = std::env::var_os("PATH") {
            command.env("PATH", path);
        }
        for (name, value) in env {
            command.env(name, value);
        }
        command
    }

    fn spawn(
        &self,
        context: &Context,
        command: Command,
        limits: &Limits,
        program: &str,
    ) -> Result<Outcome> {
        let join = match &context.cgroup {
            Some(cgroup) => cgroup.join_files().map_err(|error| {
                Error::io("join a control group for", context.dir.path(), error)
            })?,
            None => Vec::new(),
        };
        process::run_joined(command, limits, &cgroup::raw(&join)).map_err(|source| Error::Spawn {
            program: program.to_owned(),
            source,
        })
    }

    /// What the verdict rules need to know of a finished run.
    fn facts<'a>(
        &self,
        context: &Context,
        outcome: &Outcome,
        log: &'a str,
        stdout: &'a str,
    ) -> RunFacts<'a> {
        use std::os::unix::process::ExitStatusExt;
        let exit = match outcome.status {
            None => Exit::Unknown,
            Some(status) => match (status.code(), status.signal()) {
                (Some(code), _) => Exit::Code(code),
                (None, Some(signal)) => Exit::Signal(signal),
                (None, None) => Exit::Unknown,
            },
        };
        let out_of_memory = context
            .cgroup
            .as_ref()
            .is_some_and(Cgroup::hit_memory_limit)
            || String::from_utf8_lossy(&outcome.stderr).contains("memory allocation of");
        RunFacts {
            exit,
            timed_out: outcome.timed_out,
            overflowed: outcome.overflowed,
            out_of_memory,
            log,
            stdout,
        }
    }
}

fn module(name: &str, text: String, tests: Vec<String>, display: String) -> Module {
    Module {
        expected: Expected {
            module: name.to_owned(),
            tests,
        },
        text,
        display,
    }
}

/// Creates `path`, which must not exist (never through a link), and writes `text`.
fn write_new(path: &Path, text: &str) -> Result<()> {
    use std::io::Write as _;
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::File::options()
        .write(true)
        .create_new(true)
        .custom_flags(libc::O_NOFOLLOW)
        .open(path)
        .and_then(|mut file| file.write_all(text.as_bytes()))
        .map_err(|error| Error::io("write", path, error))
}
