//! What instructors run: `grade` (and `--merge`), its Gradescope results (`gradescope`), and
//! `export` (the student edition, or a Gradescope autograder).

pub mod export;
pub mod grade;
pub mod gradescope;
