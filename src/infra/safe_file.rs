//! Reading files a learner controls without trusting them: only regular files, never through a
//! symbolic link (no component below the base folder may be one), never blocking on a FIFO or a
//! device, and never more than a cap. A refused file is a typed `Refused`, never a hang or a
//! crash, so the caller can report it against its exercise.

use std::io::{self, Read};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Component, Path};

use thiserror::Error;

/// Why a learner's file was not read.
#[derive(Debug, Error)]
pub enum Refused {
    #[error("the file is missing")]
    Missing,
    #[error("`{0}` is a symbolic link, and links are never followed")]
    Link(String),
    #[error("it is not a regular file (a {0})")]
    NotRegular(&'static str),
    #[error("it is larger than {} KiB", .0 / 1024)]
    TooLarge(u64),
    #[error("it cannot be read: {0}")]
    Io(io::Error),
}

/// Reads `base/relative`, which must be a regular file of at most `cap` bytes, reached without
/// following a link at or below `base`.
pub fn read_below(base: &Path, relative: &Path, cap: u64) -> Result<Vec<u8>, Refused> {
    let mut path = base.to_path_buf();
    for component in relative.components() {
        let Component::Normal(name) = component else {
            return Err(Refused::Io(io::Error::new(
                io::ErrorKind::InvalidInput,
                "the path leaves its folder",
            )));
        };
        path.push(name);
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let shown = path.strip_prefix(base).unwrap_or(&path);
                return Err(Refused::Link(shown.display().to_string()));
            }
            Ok(_) => {}
            Err(error) if error.kind() == io::ErrorKind::NotFound => return Err(Refused::Missing),
            Err(error) => return Err(Refused::Io(error)),
        }
    }
    read_regular(&path, cap)
}

/// Reads `path`, which must be a regular file (not a link to one) of at most `cap` bytes.
pub fn read_regular(path: &Path, cap: u64) -> Result<Vec<u8>, Refused> {
    let file = std::fs::OpenOptions::new()
        .read(true)
        // No blocking on a FIFO's open, no following a final link, no leaking into children.
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_CLOEXEC)
        .open(path)
        .map_err(|error| match error.raw_os_error() {
            Some(libc::ELOOP) => Refused::Link(path.display().to_string()),
            _ if error.kind() == io::ErrorKind::NotFound => Refused::Missing,
            _ => Refused::Io(error),
        })?;
    let meta = file.metadata().map_err(Refused::Io)?;
    let kind = meta.file_type();
    if !kind.is_file() {
        use std::os::unix::fs::FileTypeExt;
        return Err(Refused::NotRegular(if kind.is_dir() {
            "folder"
        } else if kind.is_fifo() {
            "named pipe"
        } else if kind.is_socket() {
            "socket"
        } else if kind.is_char_device() || kind.is_block_device() {
            "device"
        } else {
            "special file"
        }));
    }
    if meta.len() > cap {
        return Err(Refused::TooLarge(cap));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(Refused::Io)?;
    if bytes.len() as u64 > cap {
        return Err(Refused::TooLarge(cap));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_regular_file_and_refuses_links_pipes_and_big_files() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path();
        std::fs::write(base.join("plain.rs"), b"fn a() {}").unwrap();
        assert_eq!(
            read_below(base, Path::new("plain.rs"), 100).unwrap(),
            b"fn a() {}"
        );
        std::os::unix::fs::symlink(base.join("plain.rs"), base.join("link.rs")).unwrap();
        assert!(matches!(
            read_below(base, Path::new("link.rs"), 100),
            Err(Refused::Link(_))
        ));
        std::fs::create_dir(base.join("real")).unwrap();
        std::fs::write(base.join("real/inner.rs"), b"x").unwrap();
        std::os::unix::fs::symlink(base.join("real"), base.join("linked")).unwrap();
        assert!(matches!(
            read_below(base, Path::new("linked/inner.rs"), 100),
            Err(Refused::Link(shown)) if shown == "linked"
        ));
        let fifo = std::ffi::CString::new(base.join("pipe.rs").to_str().unwrap()).unwrap();
        // SAFETY: mkfifo reads a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o600) }, 0);
        assert!(matches!(
            read_below(base, Path::new("pipe.rs"), 100),
            Err(Refused::NotRegular("named pipe"))
        ));
        assert!(matches!(
            read_below(base, Path::new("plain.rs"), 4),
            Err(Refused::TooLarge(4))
        ));
        assert!(matches!(
            read_below(base, Path::new("absent.rs"), 4),
            Err(Refused::Missing)
        ));
    }
}
