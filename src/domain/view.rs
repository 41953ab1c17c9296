//! How things look to a learner in a terminal: verdicts, hints, takeaways and quiz screens.
//! Pure: each function returns text, and the caller decides where it goes.

pub mod quiz;
pub mod verdict;
