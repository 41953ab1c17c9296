//! Checking one exercise: compile it as a test binary with `rustc` (no cargo on this path), run
//! its tests under limits, and decide a `Verdict`.
//!
//! The learner's code above the marker is always checked against the course's own test block,
//! never the one in the learner's file; an edited block is reported as `tampered`. The verdict
//! comes from `harness`, which trusts only what the runner controls. A learner's failure is a
//! `Verdict`, not an `Err`: `Err` means the runner could not compile or run anything at all.

use std::collections::hash_map::RandomState;
use std::fmt::Write as _;
use std::hash::BuildHasher;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime};

use crate::domain::course::{source, Exercise};
use crate::domain::verdict::{clean_run, decide, Checked, Exit, Expected, RunFacts, Verdict};
use crate::infra::error::{Error, Result};
use crate::infra::process::{self, Limits, Outcome};
pub use crate::infra::sandbox::Sandbox;

pub use crate::domain::course::EDITION;

/// The module the exercise becomes inside the generated test crate.
const MODULE: &str = "exercise";

/// Compiles and runs exercises under one build directory.
#[derive(Debug, Clone)]
pub struct Checker {
    build_root: PathBuf,
    /// Paths under this folder are shown relative to it in diagnostics and panic messages.
    display_root: Option<PathBuf>,
    compile_limits: Limits,
    run_limits: Limits,
    sandbox: Sandbox,
    colour: bool,
}

/// One exercise's code to check as part of a batch.
#[derive(Debug, Clone, Copy)]
pub struct Unit<'a> {
    pub exercise: &'a Exercise,
    pub bytes: &'a [u8],
}

/// One module of the generated test crate: its name (a Rust identifier: the exercise's name
/// with a prefix) and tests, and the file it is compiled from.
#[derive(Clone)]
struct Module {
    expected: Expected,
    file: PathBuf,
}

/// The generated crate compiled: where its binary is and its sentinel test's name.
struct Built {
    binary: PathBuf,
    sentinel: String,
}

impl Checker {
    pub fn new(build_root: PathBuf, run_timeout: Duration) -> Checker {
        Checker {
            build_root,
            display_root: None,
            compile_limits: Limits::new(Duration::from_secs(120)),
            run_limits: Limits::new(run_timeout),
            sandbox: Sandbox::None,
            colour: false,
        }
    }

    pub fn display_root(mut self, root: &Path) -> Checker {
        self.display_root = Some(root.to_path_buf());
        self
    }

    /// Limits and isolation for code under test (grading tightens both).
    pub fn confine(mut self, limits: Limits, sandbox: Sandbox) -> Checker {
        self.run_limits = limits;
        self.sandbox = sandbox;
        self
    }

    pub fn colour(mut self, colour: bool) -> Checker {
        self.colour = colour;
        self
    }

    /// Checks `bytes` (a learner's file, or a course file) as the exercise's code.
    ///
    /// `file` is where those bytes live, if anywhere: when the test block is untouched it is
    /// compiled in place, so diagnostics point at the file the learner edits. `slot` names the
    /// build directory (checks running at once need different slots). With `with_grading`, the
    /// course's hidden grading tests are added and expected too.
    pub fn check(
        &self,
        exercise: &Exercise,
        bytes: &[u8],
        file: Option<&Path>,
        slot: &str,
        with_grading: bool,
    ) -> Result<Checked> {
        let guard = self.slot_dir(slot)?;
        let dir = guard.path().to_path_buf();
        let (module, tampered) =
            match self.prepare(&dir, MODULE, Unit { exercise, bytes }, file, with_grading)? {
                Ok(prepared) => prepared,
                Err(verdict) => {
                    return Ok(Checked {
                        verdict,
                        tampered: false,
                    })
                }
            };
        let verdict = match self.compile(&dir, std::slice::from_ref(&module))? {
            Err(diagnostics) => Verdict::CompileError { diagnostics },
            Ok(built) => {
                let outcome = self.run_tests(&built.binary, &dir, &[])?;
                decide(
                    &facts(&outcome, &stdout_text(&outcome)),
                    &module.expected,
                    &built.sentinel,
                    &self.run_limits.as_run_limits(),
                )
            }
        };
        Ok(Checked { verdict, tampered })
    }

    /// Checks several exercises (one learner's) with their grading tests, compiled as ONE test
    /// crate, since the compiler's fixed cost dominates small files. Each exercise's tests then
    /// run in a process of their own, so one exercise's crash, exit or output cannot touch
    /// another's verdict. If the crate does not compile, each exercise is compiled alone.
    pub fn check_batch(&self, units: &[Unit<'_>], slot: &str) -> Result<Vec<Checked>> {
        let guard = self.slot_dir(slot)?;
        let dir = guard.path().to_path_buf();
        let mut results: Vec<Option<Checked>> = vec![None; units.len()];
        let mut modules = Vec::new();
        for (idx, unit) in units.iter().enumerate() {
            let name = format!("ex_{}", unit.exercise.name);
            match self.prepare(&dir, &name, *unit, None, true)? {
                Ok((module, tampered)) => modules.push((idx, module, tampered)),
                Err(verdict) => {
                    results[idx] = Some(Checked {
                        verdict,
                        tampered: false,
                    })
                }
            }
        }
        let crate_modules: Vec<Module> = modules
            .iter()
            .map(|(_, module, _)| module.clone())
            .collect();
        match self.compile(&dir, &crate_modules)? {
            Ok(built) => {
                // One run of everything, trusted only if it is clean; else one run per exercise.
                let together = self.run_tests(&built.binary, &dir, &[])?;
                let together_text = stdout_text(&together);
                let expected: Vec<Expected> = crate_modules
                    .iter()
                    .map(|module| module.expected.clone())
                    .collect();
                let clean = clean_run(
                    &facts(&together, &together_text),
                    &expected,
                    &built.sentinel,
                );
                for (idx, module, tampered) in &modules {
                    let outcome = if clean {
                        None
                    } else {
                        let filters = [
                            format!("{}::", module.expected.module),
                            built.sentinel.clone(),
                        ];
                        Some(self.run_tests(&built.binary, &dir, &filters)?)
                    };
                    let verdict = match &outcome {
                        Some(alone) => decide(
                            &facts(alone, &stdout_text(alone)),
                            &module.expected,
                            &built.sentinel,
                            &self.run_limits.as_run_limits(),
                        ),
                        None => decide(
                            &facts(&together, &together_text),
                            &module.expected,
                            &built.sentinel,
                            &self.run_limits.as_run_limits(),
                        ),
                    };
                    results[*idx] = Some(Checked {
                        verdict,
                        tampered: *tampered,
                    });
                }
            }
            Err(diagnostics) if modules.len() == 1 => {
                let (idx, _, tampered) = &modules[0];
                results[*idx] = Some(Checked {
                    verdict: Verdict::CompileError { diagnostics },
                    tampered: *tampered,
                });
            }
            Err(_) => {
                for (idx, _, _) in &modules {
                    let alone = self.check_batch(
                        &units[*idx..=*idx],
                        &format!("{slot}/{}", units[*idx].exercise.name),
                    )?;
                    results[*idx] = alone.into_iter().next();
                }
            }
        }
        Ok(results
            .into_iter()
            .map(|result| result.expect("every unit has a verdict"))
            .collect())
    }

    /// A fresh build folder of its own for one check (unique per process and run, mode 0700),
    /// removed with whatever the code wrote when the returned guard is dropped.
    fn slot_dir(&self, slot: &str) -> Result<tempfile::TempDir> {
        std::fs::create_dir_all(&self.build_root)
            .map_err(|error| Error::io("create", &self.build_root, error))?;
        let name: String = slot
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '_' {
                    c
                } else {
                    '-'
                }
            })
            .collect();
        tempfile::Builder::new()
            .prefix(&format!("statelings-{name}-"))
            .tempdir_in(absolute(&self.build_root)?)
            .map_err(|error| Error::io("create", &self.build_root, error))
    }

    /// Decides what source the module is compiled from: the learner's file in place when its
    /// test block is the course's (and no grading tests are added), else a generated file of
    /// the learner's code, the course's test block and, if asked, the grading tests. `Err` is
    /// a verdict reached without compiling (the bytes are not text).
    fn prepare(
        &self,
        dir: &Path,
        module_name: &str,
        unit: Unit<'_>,
        file: Option<&Path>,
        with_grading: bool,
    ) -> Result<std::result::Result<(Module, bool), Verdict>> {
        let exercise = unit.exercise;
        let Ok(text) = std::str::from_utf8(unit.bytes) else {
            return Ok(Err(Verdict::CompileError {
                diagnostics: "error: the file is not UTF-8 text, so it cannot be Rust source"
                    .to_owned(),
            }));
        };
        let (code, tampered) = match source::split(text) {
            Some(split) => (
                split.code,
                !source::same_tests(split.tests, exercise.test_block()),
            ),
            None => (text, true),
        };
        let grading = exercise.grading.as_deref().filter(|_| with_grading);
        let module_file = match file {
            Some(file) if !tampered && grading.is_none() => absolute(file)?,
            _ => {
                let mut combined = String::with_capacity(code.len() + exercise.stub.len());
                combined.push_str(code);
                if !code.is_empty() && !code.ends_with('\n') {
                    combined.push('\n');
                }
                combined.push_str(exercise.test_block());
                if let Some(grading) = grading {
                    combined.push('\n');
                    combined.push_str(grading);
                }
                let generated = dir.join(format!("{module_name}.rs"));
                write(&generated, &combined)?;
                generated
            }
        };
        let mut expected = exercise.tests.clone();
        if grading.is_some() {
            expected.extend(exercise.grading_tests.iter().cloned());
        }
        Ok(Ok((
            Module {
                expected: Expected {
                    module: module_name.to_owned(),
                    tests: expected,
                },
                file: module_file,
            },
            tampered,
        )))
    }

    /// Compiles the modules into one test binary with a fresh sentinel test; `Ok(Err(..))`
    /// carries the compiler's diagnostics.
    fn compile(
        &self,
        dir: &Path,
        modules: &[Module],
    ) -> Result<std::result::Result<Built, String>> {
        let nonce = RandomState::new().hash_one(SystemTime::now());
        let sentinel = format!("statelings_sentinel_{nonce:016x}");
        let mut root = String::new();
        for module in modules {
            writeln!(
                root,
                "#[path = {:?}]\nmod {};",
                module.file.display().to_string(),
                module.expected.module
            )
            .expect("writing to a String cannot fail");
        }
        writeln!(root, "\n#[test]\nfn {sentinel}() {{}}").expect("writing to a String cannot fail");
        let root_file = dir.join("main.rs");
        write(&root_file, &root)?;
        let binary = dir.join("tests");
        let _ = std::fs::remove_file(&binary);

        let mut command = Command::new("rustc");
        command
            .args([
                "--edition",
                EDITION,
                "--test",
                "-A",
                "unused",
                "--crate-name",
                "exercise_tests",
            ])
            .args(["--color", if self.colour { "always" } else { "never" }])
            .arg("-o")
            .arg(&binary)
            .arg(&root_file)
            .current_dir(dir);
        if let Some(root) = &self.display_root {
            let mut prefix = absolute(root)?.into_os_string();
            prefix.push("/=");
            command.arg("--remap-path-prefix").arg(prefix);
        }
        let compiled =
            process::run(command, &self.compile_limits).map_err(|source| Error::Spawn {
                program: "rustc".to_owned(),
                source,
            })?;
        if compiled.status.is_some_and(|status| status.success()) {
            return Ok(Ok(Built { binary, sentinel }));
        }
        Ok(Err(if compiled.timed_out {
            format!(
                "error: the compiler took longer than {} s",
                self.compile_limits.wall.as_secs()
            )
        } else {
            String::from_utf8_lossy(&compiled.stderr).into_owned()
        }))
    }

    fn run_tests(&self, binary: &Path, dir: &Path, filters: &[String]) -> Result<Outcome> {
        let mut command = self.sandbox.command(binary, dir);
        command
            .args(["--color", "never"])
            .args(filters)
            .current_dir(dir)
            .env_clear()
            .env("RUST_BACKTRACE", "0");
        if let Some(path) = std::env::var_os("PATH") {
            command.env("PATH", path);
        }
        process::run(command, &self.run_limits).map_err(|source| Error::Spawn {
            program: binary.display().to_string(),
            source,
        })
    }
}

fn stdout_text(outcome: &Outcome) -> String {
    String::from_utf8_lossy(&outcome.stdout).into_owned()
}

/// What the verdict rules need to know of a finished run.
fn facts<'a>(outcome: &Outcome, stdout: &'a str) -> RunFacts<'a> {
    use std::os::unix::process::ExitStatusExt;
    let exit = match outcome.status {
        None => Exit::Unknown,
        Some(status) => match (status.code(), status.signal()) {
            (Some(code), _) => Exit::Code(code),
            (None, Some(signal)) => Exit::Signal(signal),
            (None, None) => Exit::Unknown,
        },
    };
    RunFacts {
        exit,
        timed_out: outcome.timed_out,
        overflowed: outcome.overflowed,
        stdout,
    }
}

fn absolute(path: &Path) -> Result<PathBuf> {
    std::path::absolute(path).map_err(|error| Error::io("resolve", path, error))
}

fn write(path: &Path, text: &str) -> Result<()> {
    std::fs::write(path, text).map_err(|error| Error::io("write", path, error))
}
