//! Grades as data: the records every report renders and `grade --merge` reads back.

pub mod plan;
pub mod record;
