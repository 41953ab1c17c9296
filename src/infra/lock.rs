//! One writer at a time: an exclusive advisory lock on a workbook (`std::fs::File::lock`), held
//! only around a read-modify-write of its progress. Two terminals on one workbook (watch mode and
//! a quiz, say) take turns, and each re-reads what the other wrote before changing it.

use std::fs::File;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::infra::error::{Error, Result};

/// How long to wait for another statelings to finish its change before giving up. Changes take
/// milliseconds; a holder that takes longer is stopped (Ctrl-Z) or hung.
const PATIENCE: Duration = Duration::from_secs(10);

/// Held while it lives; dropping it releases the lock.
#[derive(Debug)]
pub struct Held {
    _file: File,
}

/// Takes the lock at `path` (created if absent), waiting up to `PATIENCE` for another holder.
pub fn acquire(path: &Path) -> Result<Held> {
    let file = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .map_err(|error| Error::io("open", path, error))?;
    let start = Instant::now();
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(Held { _file: file }),
            Err(std::fs::TryLockError::WouldBlock) if start.elapsed() < PATIENCE => {
                std::thread::sleep(Duration::from_millis(5));
            }
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(Error::Locked {
                    path: path.to_path_buf(),
                    seconds: PATIENCE.as_secs(),
                })
            }
            Err(std::fs::TryLockError::Error(error)) => return Err(Error::io("lock", path, error)),
        }
    }
}
