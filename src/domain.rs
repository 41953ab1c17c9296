//! The pure core: everything that decides, computes or renders without touching the machine.
//! Nothing under `domain/` reads a file, starts a process, reads the clock or imports `infra`
//! or `app`.

pub mod course;
pub mod gate;
pub mod grade;
pub mod harness;
pub mod quiz;
pub mod report;
pub mod status;
pub mod style;
pub mod test_crate;
pub mod verdict;
pub mod view;
