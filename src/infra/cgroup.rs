//! Limits that hold for a whole submission, not one process: a control group per submission
//! with a memory limit and a task (process and thread) limit, where the machine lets the grader
//! make one. Every process of the submission (rustc, the linker, the tests and anything they
//! start) joins it before it runs; at the end everything in it is killed and it is removed.
//!
//! cgroup v2 is used when the grader's own group may delegate `memory` and `pids` to children;
//! otherwise cgroup v1's `memory` and `pids` hierarchies when they are writable (as root on many
//! machines). Where neither is possible, `detect` says so and grading falls back to per-process
//! limits (`RLIMIT_AS`) and a user namespace per submission for processes.

use std::fs::File;
use std::io::{self, Write as _};
use std::os::fd::{AsRawFd, OwnedFd};
use std::path::{Path, PathBuf};

/// Where this process may create control groups.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cgroups {
    /// One folder of the unified hierarchy (our own group, with `memory` and `pids` delegated).
    V2(PathBuf),
    /// Our group in the v1 `memory` and `pids` hierarchies.
    V1 { memory: PathBuf, pids: PathBuf },
}

/// One submission's control group; everything in it is killed and it is removed on drop.
#[derive(Debug)]
pub struct Cgroup {
    dirs: Vec<PathBuf>,
    version: u8,
}

impl Cgroups {
    /// The control groups this process may create, if any (checked by making one).
    pub fn detect() -> Option<Cgroups> {
        let own = std::fs::read_to_string("/proc/self/cgroup").ok()?;
        let mounts = std::fs::read_to_string("/proc/self/mountinfo").ok()?;
        let candidates = [v2(&own, &mounts), v1(&own, &mounts)];
        candidates.into_iter().flatten().find(|cgroups| {
            match cgroups {
                Cgroups::V2(base) => remove_stale(base),
                Cgroups::V1 { memory, pids } => {
                    remove_stale(memory);
                    remove_stale(pids);
                }
            }
            cgroups
                .create("probe", 64 << 20, 16)
                .is_ok_and(|probe| probe.can_join())
        })
    }

    /// How reports name it.
    pub fn label(&self) -> &'static str {
        match self {
            Cgroups::V2(_) => "cgroup v2",
            Cgroups::V1 { .. } => "cgroup v1",
        }
    }

    /// A fresh group named after `name` (and this process), with its limits set.
    pub fn create(&self, name: &str, memory_bytes: u64, tasks: u64) -> io::Result<Cgroup> {
        let leaf = format!("statelings-{}-{name}-{}", std::process::id(), unique());
        match self {
            Cgroups::V2(base) => {
                let dir = base.join(leaf);
                std::fs::create_dir(&dir)?;
                let group = Cgroup {
                    dirs: vec![dir.clone()],
                    version: 2,
                };
                write(&dir.join("memory.max"), memory_bytes)?;
                let _ = write(&dir.join("memory.swap.max"), 0);
                write(&dir.join("pids.max"), tasks)?;
                Ok(group)
            }
            Cgroups::V1 { memory, pids } => {
                let memory = memory.join(&leaf);
                let pids = pids.join(&leaf);
                std::fs::create_dir(&memory)?;
                let mut group = Cgroup {
                    dirs: vec![memory.clone()],
                    version: 1,
                };
                std::fs::create_dir(&pids)?;
                group.dirs.push(pids.clone());
                write(&memory.join("memory.limit_in_bytes"), memory_bytes)?;
                let _ = write(&memory.join("memory.memsw.limit_in_bytes"), memory_bytes);
                write(&pids.join("pids.max"), tasks)?;
                Ok(group)
            }
        }
    }
}

impl Cgroup {
    /// Files a child writes `0` to, before it runs, to join this group (opened now, so the
    /// child only calls `write`, which is safe between fork and exec).
    pub fn join_files(&self) -> io::Result<Vec<OwnedFd>> {
        self.dirs
            .iter()
            .map(|dir| {
                File::options()
                    .write(true)
                    .open(dir.join("cgroup.procs"))
                    .map(OwnedFd::from)
            })
            .collect()
    }

    fn can_join(&self) -> bool {
        self.join_files().is_ok()
    }

    /// Whether the memory limit was hit (a kill by the kernel's OOM killer, or a failed charge).
    pub fn hit_memory_limit(&self) -> bool {
        let dir = &self.dirs[0];
        if self.version == 2 {
            std::fs::read_to_string(dir.join("memory.events")).is_ok_and(|events| {
                events.lines().any(|line| {
                    line.strip_prefix("oom_kill ")
                        .or_else(|| line.strip_prefix("max "))
                        .and_then(|n| n.trim().parse::<u64>().ok())
                        .is_some_and(|n| n > 0)
                })
            })
        } else {
            // A kill by the OOM killer is counted in `oom_control`, not always in `failcnt`
            // (with `memsw` set, a charge that fails may count in neither failcnt).
            let count = |file: &str, key: Option<&str>| {
                std::fs::read_to_string(dir.join(file)).is_ok_and(|text| {
                    text.lines().any(|line| {
                        match key {
                            Some(key) => line.strip_prefix(key),
                            None => Some(line),
                        }
                        .and_then(|n| n.trim().parse::<u64>().ok())
                        .is_some_and(|n| n > 0)
                    })
                })
            };
            count("memory.failcnt", None)
                || count("memory.memsw.failcnt", None)
                || count("memory.oom_control", Some("oom_kill "))
        }
    }

    /// Kills every process in the group, repeatedly, until none is left (a process may fork
    /// while it is being killed; the task limit bounds how often).
    pub fn kill_all(&self) {
        if self.version == 2 && write(&self.dirs[0].join("cgroup.kill"), 1).is_ok() {
            self.wait_empty();
            return;
        }
        for _ in 0..1000 {
            let pids = self.pids();
            if pids.is_empty() {
                return;
            }
            for pid in pids {
                // SAFETY: kill has no memory-safety preconditions; these processes are ours.
                unsafe { libc::kill(pid, libc::SIGKILL) };
            }
            std::thread::yield_now();
        }
    }

    fn wait_empty(&self) {
        for _ in 0..10_000 {
            if self.pids().is_empty() {
                return;
            }
            std::thread::yield_now();
        }
    }

    fn pids(&self) -> Vec<i32> {
        self.dirs
            .iter()
            .filter_map(|dir| std::fs::read_to_string(dir.join("cgroup.procs")).ok())
            .flat_map(|text| {
                text.lines()
                    .filter_map(|line| line.trim().parse().ok())
                    .collect::<Vec<i32>>()
            })
            .collect()
    }
}

impl Drop for Cgroup {
    fn drop(&mut self) {
        self.kill_all();
        for dir in &self.dirs {
            // A group whose last process is still being torn down cannot be removed yet.
            for attempt in 0..200 {
                if std::fs::remove_dir(dir).is_ok() || !dir.exists() {
                    break;
                }
                self.kill_all();
                std::thread::sleep(std::time::Duration::from_millis(attempt.min(20)));
            }
        }
    }
}

/// Removes groups left by graders that no longer run (killed before they could clean up).
fn remove_stale(base: &Path) {
    let Ok(entries) = std::fs::read_dir(base) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name
            .to_str()
            .and_then(|name| name.strip_prefix("statelings-"))
            .and_then(|rest| rest.split('-').next())
            .and_then(|pid| pid.parse::<i32>().ok())
        else {
            continue;
        };
        // SAFETY: kill with signal 0 sends nothing; it only asks whether the process exists.
        let alive = unsafe { libc::kill(pid, 0) } == 0
            || io::Error::last_os_error().raw_os_error() == Some(libc::EPERM);
        if !alive {
            let _ = std::fs::remove_dir(entry.path());
        }
    }
}

/// Writes `0` to every join file: the calling process joins the group. Async-signal-safe
/// (only `write`), for use between fork and exec.
pub fn join_from_child(files: &[i32]) -> io::Result<()> {
    for &fd in files {
        // SAFETY: `fd` is an open descriptor the parent opened for writing; `write` reads one
        // byte from a static buffer.
        if unsafe { libc::write(fd, b"0".as_ptr().cast(), 1) } != 1 {
            return Err(io::Error::last_os_error());
        }
    }
    Ok(())
}

/// The raw descriptors of join files, for `join_from_child`.
pub fn raw(files: &[OwnedFd]) -> Vec<i32> {
    files.iter().map(AsRawFd::as_raw_fd).collect()
}

fn write(path: &Path, value: u64) -> io::Result<()> {
    let mut file = File::options().write(true).open(path)?;
    file.write_all(value.to_string().as_bytes())
}

fn unique() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// Our own folder in the unified hierarchy, if `memory` and `pids` can be given to children.
fn v2(own: &str, mounts: &str) -> Option<Cgroups> {
    let relative = own.lines().find_map(|line| line.strip_prefix("0::"))?;
    let mount = mount_point(mounts, |fstype, _| fstype == "cgroup2")?;
    let dir = mount.join(relative.trim_start_matches('/'));
    let enabled = std::fs::read_to_string(dir.join("cgroup.subtree_control")).ok()?;
    let has = |name: &str| enabled.split_whitespace().any(|word| word == name);
    (has("memory") && has("pids")).then_some(Cgroups::V2(dir))
}

/// Our folders in the v1 `memory` and `pids` hierarchies.
fn v1(own: &str, mounts: &str) -> Option<Cgroups> {
    let folder = |controller: &str| -> Option<PathBuf> {
        let relative = own.lines().find_map(|line| {
            let mut parts = line.splitn(3, ':');
            let _id = parts.next()?;
            let controllers = parts.next()?;
            let path = parts.next()?;
            controllers
                .split(',')
                .any(|name| name == controller)
                .then_some(path)
        })?;
        let mount = mount_point(mounts, |fstype, options| {
            fstype == "cgroup" && options.split(',').any(|option| option == controller)
        })?;
        Some(mount.join(relative.trim_start_matches('/')))
    };
    Some(Cgroups::V1 {
        memory: folder("memory")?,
        pids: folder("pids")?,
    })
}

/// The mount point of the first `/proc/self/mountinfo` entry whose file-system type and super
/// options satisfy `wanted`.
fn mount_point(mounts: &str, wanted: impl Fn(&str, &str) -> bool) -> Option<PathBuf> {
    mounts.lines().find_map(|line| {
        let (before, after) = line.split_once(" - ")?;
        let mount = before.split(' ').nth(4)?;
        let mut after = after.split(' ');
        let fstype = after.next()?;
        let _source = after.next()?;
        let options = after.next().unwrap_or("");
        wanted(fstype, options).then(|| PathBuf::from(mount))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const MOUNTS: &str =
        "35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n\
                          39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids\n\
                          41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n";

    #[test]
    fn finds_our_v1_folders_from_proc_files() {
        let own = "8:pids:/\n4:memory:/job/42\n0::/\n";
        assert_eq!(
            v1(own, MOUNTS),
            Some(Cgroups::V1 {
                memory: PathBuf::from("/sys/fs/cgroup/memory/job/42"),
                pids: PathBuf::from("/sys/fs/cgroup/pids"),
            })
        );
        assert_eq!(v1("0::/\n", MOUNTS), None);
    }

    #[test]
    fn reads_mount_points() {
        assert_eq!(
            mount_point(MOUNTS, |fstype, _| fstype == "cgroup2"),
            Some(PathBuf::from("/sys/fs/cgroup/unified"))
        );
    }
}
