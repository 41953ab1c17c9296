//! The Rust toolchain the runner compiles with: found once, checked, and remembered. A compiler
//! that is missing, too old, or crashes is the runner's problem (an `Error` that names the cause
//! and the fix), never a learner's compile error.
//!
//! `rustc` is taken from `$RUSTC`, else from `PATH` (usually rustup's proxy). The real compiler
//! in its sysroot is then called directly: it skips the proxy's start-up on every check, and the
//! sandbox can bind exactly that toolchain read-only. What was found is cached in a small file
//! keyed by the proxy's path, size and time and rustup's settings, so the learner's
//! save-to-verdict loop does not pay for the probe each time.

use std::ffi::OsString;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::infra::error::{Error, Result};
use crate::infra::process::{self, Limits};

/// The oldest rustc the course's exercises and the runner's harness rules are known to work with.
pub const MIN_VERSION: (u32, u32) = (1, 82);

/// A compiler that was found and works.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Toolchain {
    /// The compiler binary to run (inside its sysroot when there is one).
    pub rustc: PathBuf,
    /// Where its standard library lives: the sandbox binds this folder read-only.
    pub sysroot: PathBuf,
    /// `1.95.0`
    pub release: String,
    /// `x86_64-unknown-linux-gnu`
    pub host: String,
}

/// What the cache is valid for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Key {
    found: PathBuf,
    size: u64,
    modified: i64,
    rustup_toolchain: Option<String>,
    rustup_settings: Option<i64>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Cached {
    key: Key,
    toolchain: Toolchain,
    /// The real compiler's time, to notice an update in place.
    rustc_modified: i64,
}

impl Toolchain {
    /// Finds the compiler, using (and refreshing) the cache file `cache` when given.
    pub fn find(cache: Option<&Path>) -> Result<Toolchain> {
        let found = locate()?;
        let key = key_of(&found)?;
        if let Some(cached) = cache.and_then(read_cache) {
            let unchanged = cached.key == key
                && modified(&cached.toolchain.rustc).ok() == Some(cached.rustc_modified);
            if unchanged {
                return Ok(cached.toolchain);
            }
        }
        let toolchain = probe(&found)?;
        if let Some(cache) = cache {
            let cached = Cached {
                rustc_modified: modified(&toolchain.rustc).unwrap_or(0),
                key,
                toolchain: toolchain.clone(),
            };
            // A cache that cannot be written only costs the probe next time.
            if let Some(dir) = cache.parent() {
                let _ = std::fs::create_dir_all(dir);
            }
            let _ = crate::infra::atomic_file::write(
                cache,
                serde_json::to_string(&cached)
                    .expect("serialises")
                    .as_bytes(),
            );
        }
        Ok(toolchain)
    }

    /// `1.95`
    pub fn version(&self) -> Option<(u32, u32)> {
        parse_version(&self.release)
    }
}

/// `$RUSTC`, else the first `rustc` on `PATH`.
fn locate() -> Result<PathBuf> {
    if let Some(rustc) = std::env::var_os("RUSTC").filter(|value| !value.is_empty()) {
        return Ok(PathBuf::from(rustc));
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .map(|dir| dir.join("rustc"))
        .find(|candidate| candidate.is_file())
        .ok_or_else(|| Error::Toolchain {
            message:
                "there is no `rustc` on PATH; install Rust (https://rustup.rs) and open a new \
                      terminal"
                    .to_owned(),
        })
}

fn modified(path: &Path) -> std::io::Result<i64> {
    Ok(std::fs::metadata(path)?.mtime())
}

fn key_of(found: &Path) -> Result<Key> {
    let meta = std::fs::metadata(found).map_err(|error| Error::Toolchain {
        message: format!("cannot use `{}`: {error}", found.display()),
    })?;
    let rustup_home = std::env::var_os("RUSTUP_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".rustup")));
    Ok(Key {
        found: found.to_path_buf(),
        size: meta.len(),
        modified: meta.mtime(),
        rustup_toolchain: std::env::var("RUSTUP_TOOLCHAIN").ok(),
        rustup_settings: rustup_home.and_then(|home| modified(&home.join("settings.toml")).ok()),
    })
}

fn read_cache(path: &Path) -> Option<Cached> {
    let bytes = crate::infra::safe_file::read_regular(path, 64 << 10).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// Asks the compiler who it is and where its sysroot is, and checks the answer.
fn probe(found: &Path) -> Result<Toolchain> {
    let run = |args: &[&str]| -> Result<String> {
        let mut command = Command::new(found);
        command.args(args);
        let outcome =
            process::run(command, &Limits::new(Duration::from_secs(60))).map_err(|error| {
                Error::Toolchain {
                    message: format!("cannot start `{}`: {error}", found.display()),
                }
            })?;
        let stdout = String::from_utf8_lossy(&outcome.stdout).into_owned();
        match outcome.status {
            Some(status) if status.success() => Ok(stdout),
            _ => Err(Error::Toolchain {
                message: format!(
                    "`{} {}` failed ({}): {}",
                    found.display(),
                    args.join(" "),
                    describe(&outcome),
                    String::from_utf8_lossy(&outcome.stderr).trim()
                ),
            }),
        }
    };
    let verbose = run(&["-vV"])?;
    let field = |name: &str| {
        verbose
            .lines()
            .find_map(|line| line.strip_prefix(name))
            .map(|value| value.trim().to_owned())
    };
    let release = field("release:").ok_or_else(|| Error::Toolchain {
        message: format!("`{} -vV` did not say its version", found.display()),
    })?;
    let too_old = parse_version(&release).is_none_or(|version| version < MIN_VERSION);
    if too_old {
        return Err(Error::Toolchain {
            message: format!(
                "`{}` is rustc {release}, and statelings needs {}.{} or newer: run `rustup update`",
                found.display(),
                MIN_VERSION.0,
                MIN_VERSION.1
            ),
        });
    }
    let sysroot = PathBuf::from(run(&["--print", "sysroot"])?.trim());
    let inside = sysroot.join("bin").join("rustc");
    Ok(Toolchain {
        rustc: if inside.is_file() {
            inside
        } else {
            found.to_path_buf()
        },
        sysroot,
        release,
        host: field("host:").unwrap_or_default(),
    })
}

/// The way out of a toolchain fault whose message names none (a compiler that crashed or
/// reported an internal compiler error): it is not the learner's code.
pub fn fix(error: &Error) -> Option<&'static str> {
    match error {
        Error::Toolchain { message } if !message.contains("rustup") => Some(
            "this is a fault of the Rust installation, not of your code: repair or update it \
             with `rustup update` (or set `RUSTC` to a rustc that works), then try again",
        ),
        _ => None,
    }
}

/// How a process ended, for a message.
pub fn describe(outcome: &process::Outcome) -> String {
    use std::os::unix::process::ExitStatusExt;
    if outcome.timed_out {
        return "it did not finish in time".to_owned();
    }
    match outcome.status {
        Some(status) => match (status.code(), status.signal()) {
            (Some(code), _) => format!("exit code {code}"),
            (None, Some(signal)) => format!("killed by signal {signal}"),
            _ => "an unknown end".to_owned(),
        },
        None => "an unknown end".to_owned(),
    }
}

fn parse_version(release: &str) -> Option<(u32, u32)> {
    let mut parts = release.split(['.', '-']);
    Some((parts.next()?.parse().ok()?, parts.next()?.parse().ok()?))
}

/// The arguments of `--remap-path-prefix FROM=TO`, when both are text rustc accepts.
pub fn remap(from: &Path, to: &str) -> Option<OsString> {
    let from = from.to_str()?;
    Some(OsString::from(format!("{from}={to}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_read_from_release_strings() {
        assert_eq!(parse_version("1.95.0"), Some((1, 95)));
        assert_eq!(parse_version("1.96.0-nightly"), Some((1, 96)));
        assert_eq!(parse_version("banana"), None);
        assert!(parse_version("1.70.0").unwrap() < MIN_VERSION);
    }
}
