//! What course authors run: `verify`, which proves the course consistent.

pub mod snippets;
pub mod verify;
