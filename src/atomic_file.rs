//! Replacing a file atomically: write a temporary file beside it, flush it to disk, rename it
//! over the old one. Readers, and a crash, see the old contents or the new, never half of each.
//! Every file the runner writes in a workbook, and every report and export file, goes through here.

use std::io::Write as _;
use std::path::Path;

use crate::error::{Error, Result};

/// Replaces `path` with `bytes` so that readers see the old or the new contents, never a mix.
pub fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut temporary =
        tempfile::NamedTempFile::new_in(dir).map_err(|error| Error::io("write", dir, error))?;
    temporary
        .write_all(bytes)
        .and_then(|()| temporary.as_file().sync_all())
        .map_err(|error| Error::io("write", temporary.path(), error))?;
    temporary
        .persist(path)
        .map_err(|error| Error::io("replace", path, error.error))?;
    Ok(())
}
