//! statelings: a workbook that teaches stateless and stateful systems. See ARCHITECTURE.md for
//! the map; `main.rs` only parses the command line and calls `commands::dispatch`.

pub mod atomic_file;
pub mod check;
pub mod cli;
pub mod commands;
pub mod course;
pub mod error;
pub mod export;
pub mod grade;
pub mod list;
pub mod parallel;
pub mod quiz;
pub mod report;
pub mod session;
pub mod show;
pub mod terminal;
pub mod ui;
pub mod verify;
pub mod watch;
pub mod workbook;
