//! statelings: a workbook that teaches stateless and stateful systems, and its grader.
//!
//! Three layers, imported in one direction only (a tidy test enforces it):
//! - `domain`: the pure core. The course model and its validation, quiz scoring, the gate on
//!   learner code, reading a test run into a verdict, grade records and every renderer. No I/O,
//!   no processes, no clock.
//! - `infra`: adapters to the machine. Processes and their limits, the sandbox, rustc, the
//!   workbook on disk (progress, locks, atomic writes), the terminal. Imports `domain`.
//! - `app`: the commands people run. The command line, configuration, the learner's session,
//!   watch mode, and the author's and instructor's commands. Imports both.
//!
//! See ARCHITECTURE.md for the map; `main.rs` only calls `app::main`.

// The runner starts, limits and kills processes with Unix facilities (process groups, signals,
// rlimits); grading's sandbox is Linux's (bubblewrap, control groups).
#[cfg(not(unix))]
compile_error!(
    "statelings runs on Linux and macOS; on Windows, run it inside WSL (Windows Subsystem for Linux)"
);

pub mod app;
pub mod domain;
pub mod infra;
