//! Isolation for code under test when grading: bubblewrap (`bwrap`), a small, well-kept
//! sandbox used by Flatpak. Each compile and each test run gets its own namespaces (user, PID,
//! mount, IPC, UTS, network, cgroup), a new session, no capabilities and a clean environment.
//! It sees the system's programs and libraries and the Rust toolchain read-only, its own scratch
//! folder (writable for rustc, read-only for the tests but for their results file), a private
//! `/tmp` and `/dev/shm` of bounded size (nothing else is writable), and nothing else of the
//! host: no home folders, no `/var/tmp`, no host sockets, no other learner. It dies with the
//! grader, and every process in it dies when its command ends (bubblewrap is PID 1 of its
//! namespace).
//!
//! Why bubblewrap rather than namespaces set up by hand: it is the reviewed, widely deployed way
//! to do exactly this, unprivileged where user namespaces are allowed, and one Debian package.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use crate::infra::process::{self, Limits};
use crate::infra::toolchain::Toolchain;

/// A working bubblewrap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bubblewrap {
    program: PathBuf,
}

/// What one sandboxed command may see.
#[derive(Debug, Clone)]
pub struct View<'a> {
    pub toolchain: &'a Toolchain,
    /// Folders bound at the same path, writable.
    pub writable: Vec<&'a Path>,
    /// Folders bound at the same path, read-only (bound before the writable ones, so a writable
    /// folder inside a read-only one stays writable).
    pub readable: Vec<&'a Path>,
    /// The working directory inside.
    pub chdir: &'a Path,
    /// The size of the private `/tmp`.
    pub tmp_bytes: u64,
    /// Environment variables besides `PATH` and `HOME`.
    pub env: Vec<(&'a str, &'a str)>,
}

/// The system folders a compiler and a test binary need (programs, libraries, the linker).
const SYSTEM: &[&str] = &[
    "/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32",
];
/// The few files of `/etc` they need: the dynamic linker's cache, and `cc` on Debian.
const ETC: &[&str] = &["/etc/ld.so.cache", "/etc/alternatives"];

impl Bubblewrap {
    /// Bubblewrap, if it is installed and can build the sandbox here (checked by running
    /// `true` inside one, exactly as grading will).
    pub fn detect(toolchain: &Toolchain) -> Option<Bubblewrap> {
        let program = find_on_path("bwrap")?;
        let bubblewrap = Bubblewrap { program };
        let scratch = tempfile::tempdir().ok()?;
        let view = View {
            toolchain,
            writable: vec![scratch.path()],
            readable: vec![],
            chdir: scratch.path(),
            tmp_bytes: 1 << 20,
            env: vec![],
        };
        let command = bubblewrap.command(&view, Path::new("/usr/bin/true"), &[]);
        let outcome = process::run(command, &Limits::new(Duration::from_secs(20))).ok()?;
        outcome
            .status
            .is_some_and(|status| status.success())
            .then_some(bubblewrap)
    }

    /// A command that runs `program args` inside a sandbox with `view`.
    pub fn command(&self, view: &View<'_>, program: &Path, args: &[OsString]) -> Command {
        let mut command = Command::new(&self.program);
        command
            .args([
                "--unshare-all",
                "--unshare-user",
                "--uid",
                "1000",
                "--gid",
                "1000",
            ])
            .args([
                "--hostname",
                "sandbox",
                "--die-with-parent",
                "--new-session",
            ])
            .args(["--cap-drop", "ALL", "--clearenv"])
            .args(["--setenv", "PATH", "/usr/bin:/bin"])
            .arg("--setenv")
            .arg("HOME")
            .arg(view.chdir);
        for (name, value) in &view.env {
            command.args(["--setenv", name, value]);
        }
        for dir in SYSTEM {
            let path = Path::new(dir);
            match std::fs::symlink_metadata(path) {
                Ok(meta) if meta.file_type().is_symlink() => {
                    if let Ok(target) = std::fs::read_link(path) {
                        command.arg("--symlink").arg(target).arg(path);
                    }
                }
                Ok(meta) if meta.is_dir() => {
                    command.arg("--ro-bind").arg(path).arg(path);
                }
                _ => {}
            }
        }
        for file in ETC {
            command.arg("--ro-bind-try").arg(file).arg(file);
        }
        command
            .arg("--ro-bind")
            .arg(&view.toolchain.sysroot)
            .arg(&view.toolchain.sysroot)
            .args(["--dev", "/dev", "--proc", "/proc"])
            .args(["--size", &view.tmp_bytes.to_string(), "--tmpfs", "/tmp"])
            .args(["--size", &view.tmp_bytes.to_string(), "--tmpfs", "/dev/shm"]);
        for dir in &view.readable {
            command.arg("--ro-bind").arg(dir).arg(dir);
        }
        for dir in &view.writable {
            command.arg("--bind").arg(dir).arg(dir);
        }
        // The new root and /dev are RAM that no size cap counts: read-only, once every mount
        // point on them is made (the device nodes stay writable).
        command.args(["--remount-ro", "/dev", "--remount-ro", "/"]);
        command
            .arg("--chdir")
            .arg(view.chdir)
            .arg("--")
            .arg(program)
            .args(args);
        command
    }
}

fn find_on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}
