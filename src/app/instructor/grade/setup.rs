//! Setting grading up: the checker with its limits and its sandbox (refusing to grade without
//! one unless told to), the words the report uses for that level, and the `--out` check made
//! before any grading starts.

use std::path::Path;

use super::Options;
use crate::infra::cgroup::Cgroups;
use crate::infra::checker::{Checker, Sandbox};
use crate::infra::error::{Error, Result};
use crate::infra::process::Limits;
use crate::infra::sandbox::Bubblewrap;
use crate::infra::toolchain::Toolchain;

/// Tasks (processes and threads) one batch may have at once.
const TASKS: u64 = 512;
/// What a grading run's folder is named, before its process id (one left by a killed grader,
/// which holds hidden tests, is removed by the next grader).
const RUN_PREFIX: &str = "statelings-grade-";

/// The private `/tmp` of each sandbox.
const TMP_BYTES: u64 = 64 << 20;

/// The checker for a grading run, how the report names its isolation, and the run's private
/// folder (every batch builds in a fresh folder inside it; dropping the guard removes it).
pub fn checker(options: &Options) -> Result<(Checker, String, tempfile::TempDir)> {
    let toolchain = Toolchain::find(None)?;
    crate::infra::atomic_file::clean_stale_dirs(&std::env::temp_dir(), RUN_PREFIX);
    let root = tempfile::Builder::new()
        .prefix(&format!("{RUN_PREFIX}{}-", std::process::id()))
        .tempdir()
        .map_err(|error| Error::io("create", std::env::temp_dir(), error))?;
    let sandbox = if options.sandbox {
        let bubblewrap = Bubblewrap::detect(&toolchain).ok_or(Error::NoSandbox)?;
        Some(Sandbox {
            bubblewrap,
            cgroups: Cgroups::detect(),
            memory_bytes: options.memory_bytes,
            tasks: TASKS,
            tmp_bytes: TMP_BYTES,
        })
    } else {
        None
    };
    let root_user = effective_uid() == 0;
    let per_process = |memory: u64| Some(memory);
    let compile = Limits {
        memory_bytes: per_process(options.memory_bytes.max(2 << 30)),
        file_bytes: Some(512 << 20),
        ..Limits::new(options.compile_timeout)
    };
    let run = Limits {
        memory_bytes: per_process(options.memory_bytes),
        file_bytes: Some(64 << 20),
        // Counted per user namespace in the sandbox; only a root grader can set it without
        // counting the grader's own processes too.
        processes: (sandbox.is_some() && root_user).then_some(TASKS),
        ..Limits::new(options.timeout)
    };
    let level = level(sandbox.as_ref(), options);
    let checker = Checker::new(toolchain, root.path().to_path_buf(), options.timeout)
        .limits(compile, run)
        .sandbox(sandbox)
        .colour(false);
    Ok((checker, level, root))
}

fn effective_uid() -> u32 {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() }
}

/// How every report names the isolation code under test had.
fn level(sandbox: Option<&Sandbox>, options: &Options) -> String {
    let mib = options.memory_bytes >> 20;
    match sandbox {
        None => format!(
            "none (--no-sandbox: trusted code only): time, output and per-process memory \
             ({mib} MiB) limits"
        ),
        Some(Sandbox {
            cgroups: Some(cgroups),
            ..
        }) => format!(
            "bubblewrap (own namespaces, no network, read-only toolchain, private scratch and \
             /tmp) + {} ({mib} MiB and {TASKS} tasks per batch)",
            cgroups.label()
        ),
        Some(_) => format!(
            "bubblewrap (own namespaces, no network, read-only toolchain, private scratch and \
             /tmp) + per-process limits ({mib} MiB address space)"
        ),
    }
}

/// `--out` must be a place a report can be written to, checked before grading: not a folder,
/// not a device or link (which are never written through), in a folder that exists and is
/// writable.
pub fn check_out(out: &Path) -> Result<()> {
    if let Ok(meta) = std::fs::symlink_metadata(out) {
        let kind = meta.file_type();
        let what = if kind.is_dir() {
            Some("a folder")
        } else if kind.is_symlink() {
            Some("a symbolic link")
        } else if !kind.is_file() {
            Some("a device or special file")
        } else {
            None
        };
        if let Some(what) = what {
            return Err(Error::BadOut {
                path: out.to_path_buf(),
                message: format!("it is {what}; name a regular file"),
            });
        }
    }
    let dir = out
        .parent()
        .filter(|dir| !dir.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    tempfile::NamedTempFile::new_in(dir).map_err(|error| Error::BadOut {
        path: out.to_path_buf(),
        message: format!("a file cannot be written in `{}`: {error}", dir.display()),
    })?;
    Ok(())
}

/// Checks, before grading, that `dir` is (or can be made) a folder files can be written in; a
/// link or a file there is refused.
pub fn check_out_dir(dir: &Path) -> Result<()> {
    if std::fs::symlink_metadata(dir).is_ok_and(|meta| !meta.is_dir()) {
        return Err(Error::BadOut {
            path: dir.to_path_buf(),
            message: "it is not a folder (a file or a link); name a folder".to_owned(),
        });
    }
    std::fs::create_dir_all(dir).map_err(|error| Error::BadOut {
        path: dir.to_path_buf(),
        message: format!("the folder cannot be made: {error}"),
    })?;
    tempfile::NamedTempFile::new_in(dir).map_err(|error| Error::BadOut {
        path: dir.to_path_buf(),
        message: format!("files cannot be written in it: {error}"),
    })?;
    Ok(())
}

/// `dir/<id>`, made of the id's plain components only (an id from a roster or a folder name can
/// never climb out of `dir`).
pub fn path_for(dir: &Path, id: &str) -> std::path::PathBuf {
    let mut path = dir.to_path_buf();
    let mut any = false;
    for component in Path::new(id).components() {
        if let std::path::Component::Normal(name) = component {
            path.push(name);
            any = true;
        }
    }
    if !any {
        path.push("submission");
    }
    path
}
