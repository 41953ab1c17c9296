//! Adapters to the machine: the only layer that reads and writes files, starts processes, takes
//! locks or talks to the terminal. Imports `domain`, never `app`.

pub mod atomic_file;
pub mod cgroup;
pub mod checker;
pub mod course_files;
pub mod discover;
pub mod error;
pub mod lock;
pub mod parallel;
pub mod process;
pub mod roster;
pub mod safe_file;
pub mod sandbox;
pub mod terminal;
pub mod toolchain;
pub mod verdict_cache;
pub mod workbook;
