//! Replacing a file atomically: write a temporary file beside it, flush it to disk, rename it
//! over the old one. Readers, and a crash, see the old contents or the new, never half of each.
//! Every file the runner writes in a workbook, and every report and export file, goes through here.
//!
//! New files get mode 0666 minus the umask, like any file a program creates. The temporary file
//! is named `.<name>.<pid>.statelings-tmp`-ish, so one left behind by a killed process can be
//! recognised and removed (`clean_stale`) once that process is gone.

use std::fs::Permissions;
use std::io::Write as _;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use crate::infra::error::{Error, Result};

/// What every temporary file of ours has in its name, after the process id.
const TEMP_MARK: &str = ".statelings-tmp";

/// Replaces `path` with `bytes` so that readers see the old or the new contents, never a mix.
/// A symbolic link or special file at `path` is replaced, never written through.
pub fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path
        .parent()
        .filter(|dir| !dir.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map_or_else(|| "file".into(), |name| name.to_string_lossy());
    let mut temporary = tempfile::Builder::new()
        .prefix(&format!(".{name}.{}.", std::process::id()))
        .suffix(TEMP_MARK)
        .permissions(Permissions::from_mode(0o666))
        .tempfile_in(dir)
        .map_err(|error| Error::io("write", dir, error))?;
    temporary
        .write_all(bytes)
        .and_then(|()| temporary.as_file().sync_all())
        .map_err(|error| Error::io("write", temporary.path(), error))?;
    temporary
        .persist(path)
        .map_err(|error| Error::io("replace", path, error.error))?;
    Ok(())
}

/// Removes temporary files in `dir` left by processes that no longer run (killed mid-write).
/// Best effort: anything it cannot read or remove is left alone.
pub fn clean_stale(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(pid) = stale_pid(name) else { continue };
        if !process_alive(pid) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The process id in one of our temporary files' names: `.<name>.<pid>.<random>.statelings-tmp`.
fn stale_pid(name: &str) -> Option<i32> {
    let rest = name.strip_suffix(TEMP_MARK)?.strip_prefix('.')?;
    let mut parts = rest.rsplitn(3, '.');
    let _random = parts.next()?;
    parts.next()?.parse().ok()
}

/// Whether process `pid` still runs (a temporary file or folder named after it is in use).
pub fn process_alive(pid: i32) -> bool {
    // SAFETY: kill with signal 0 only checks whether the process exists; it sends nothing.
    let result = unsafe { libc::kill(pid, 0) };
    result == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn our_temporary_names_carry_the_process_id() {
        assert_eq!(
            stale_pid(".progress.json.4242.Ab3xYz.statelings-tmp"),
            Some(4242)
        );
        assert_eq!(stale_pid("progress.json"), None);
        assert_eq!(stale_pid(".x.notanumber.Ab3.statelings-tmp"), None);
    }

    #[test]
    fn files_honour_the_umask_and_stale_temporaries_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("progress.json");
        write(&path, b"{}").unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        // SAFETY: umask only swaps the process's file-creation mask; it is restored at once.
        let umask = unsafe {
            let old = libc::umask(0o022);
            libc::umask(old);
            old
        };
        assert_eq!(mode, 0o666 & !(umask as u32));
        // A temporary of a process that cannot exist (pid beyond pid_max) is stale.
        let stale = dir
            .path()
            .join(".progress.json.2147483646.Ab3xYz.statelings-tmp");
        std::fs::write(&stale, b"half").unwrap();
        let live = dir.path().join(format!(
            ".progress.json.{}.Ab3xYz.statelings-tmp",
            std::process::id()
        ));
        std::fs::write(&live, b"half").unwrap();
        clean_stale(dir.path());
        assert!(!stale.exists());
        assert!(live.exists(), "a temporary of a live process is left alone");
    }
}
