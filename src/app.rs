//! The commands people run: the command line, the learner's session and commands, watch mode,
//! and the author's (`author`) and instructor's (`instructor`) commands.

pub mod author;
pub mod cli;
pub mod commands;
pub mod config;
pub mod guidance;
pub mod instructor;
pub mod quiz_standing;
pub mod session;
pub mod ui;
