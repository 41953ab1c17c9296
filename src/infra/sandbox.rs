//! Isolation for code under test when grading with `--sandbox`: the strongest the machine
//! offers. Bubblewrap gives no network, a read-only view of the system and nowhere to write but
//! the scratch directory; failing that, unprivileged user and network namespaces (`unshare`) give
//! no network. Which level was used is reported with the grades.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use crate::infra::process::{self, Limits};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sandbox {
    /// Only the limits every check has (time, output, memory, process group).
    None,
    /// `unshare --user --net`: no network.
    Namespaces,
    /// `bwrap`: no network, read-only system, writable scratch directory only.
    Bubblewrap,
}

impl Sandbox {
    /// The strongest isolation that works here, tried by running `true` inside it.
    pub fn detect() -> Sandbox {
        let works = |program: &str, args: &[&str]| {
            let mut command = Command::new(program);
            command.args(args).arg("true");
            process::run(command, &Limits::new(Duration::from_secs(10)))
                .is_ok_and(|outcome| outcome.status.is_some_and(|status| status.success()))
        };
        if works(
            "bwrap",
            &[
                "--unshare-all",
                "--ro-bind",
                "/",
                "/",
                "--dev",
                "/dev",
                "--proc",
                "/proc",
                "--",
            ],
        ) {
            Sandbox::Bubblewrap
        } else if works("unshare", &["--user", "--map-root-user", "--net", "--"]) {
            Sandbox::Namespaces
        } else {
            Sandbox::None
        }
    }

    /// How reports name the level.
    pub fn label(self) -> &'static str {
        match self {
            Sandbox::None => "limits only (time, output, memory, process group)",
            Sandbox::Namespaces => "namespaces (no network) + limits",
            Sandbox::Bubblewrap => {
                "bubblewrap (no network, read-only system, scratch dir only) + limits"
            }
        }
    }

    /// A command that runs `binary` (arguments are added by the caller) under this isolation,
    /// with `scratch` as the only writable place where the level allows it.
    pub fn command(self, binary: &Path, scratch: &Path) -> Command {
        match self {
            Sandbox::None => Command::new(binary),
            Sandbox::Namespaces => {
                let mut command = Command::new("unshare");
                command
                    .args(["--user", "--map-root-user", "--net", "--"])
                    .arg(binary);
                command
            }
            Sandbox::Bubblewrap => {
                let mut command = Command::new("bwrap");
                command
                    .args(["--unshare-all", "--die-with-parent", "--ro-bind", "/", "/"])
                    .args(["--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp"])
                    .arg("--bind")
                    .arg(scratch)
                    .arg(scratch)
                    .arg("--chdir")
                    .arg(scratch)
                    .arg("--")
                    .arg(binary);
                command
            }
        }
    }
}
