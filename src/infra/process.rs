//! The only code that starts processes. Every child gets a wall-time limit and an output cap,
//! runs in a session and process group of its own (so the whole group can be killed at once,
//! and it cannot join the runner's group), dies if the runner dies, never dumps core, and can be
//! given resource limits and a control group that are set inside the child before it runs.
//!
//! A run ends when its limit ends, whatever the code did: the child and its group are killed,
//! and the runner waits only a bounded time for the kernel to reap it and for the pipes to close.

use std::io::{self, Read};
use std::os::unix::process::CommandExt;
use std::process::{Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// How much a child may take before it is stopped.
#[derive(Debug, Clone)]
pub struct Limits {
    pub wall: Duration,
    /// Bytes of stdout and stderr together; past it the child is killed.
    pub output_bytes: usize,
    /// Address-space limit (RLIMIT_AS), per process.
    pub memory_bytes: Option<u64>,
    /// Largest file the child may write (RLIMIT_FSIZE).
    pub file_bytes: Option<u64>,
    /// Processes and threads its user may own (RLIMIT_NPROC; per user namespace in a sandbox).
    pub processes: Option<u64>,
}

impl Limits {
    pub fn new(wall: Duration) -> Limits {
        Limits {
            wall,
            output_bytes: 1 << 20,
            memory_bytes: None,
            file_bytes: None,
            processes: None,
        }
    }

    /// What the verdict rules say about these limits.
    pub fn as_run_limits(&self) -> crate::domain::verdict::RunLimits {
        crate::domain::verdict::RunLimits {
            wall_seconds: self.wall.as_secs(),
            output_bytes: self.output_bytes,
            memory_bytes: self.memory_bytes,
        }
    }
}

/// What a child did, as far as the runner saw it.
#[derive(Debug)]
pub struct Outcome {
    /// `None` only when the child could not be waited for (it is killed then).
    pub status: Option<ExitStatus>,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub timed_out: bool,
    /// The output cap was reached and the child killed.
    pub overflowed: bool,
    pub elapsed: Duration,
    /// CPU time (user and system) the child and its threads used: unlike the wall time, it does
    /// not grow when the machine is busy with other work.
    pub cpu: Duration,
}

/// How long to wait for the output pipes to close, or the kernel to reap the child, once it is
/// killed. A grandchild that left the group could hold the pipes open forever; its output is
/// not worth waiting for.
const GRACE: Duration = Duration::from_secs(2);

/// Runs `command` to completion under `limits`, with stdin closed and output captured.
pub fn run(command: Command, limits: &Limits) -> io::Result<Outcome> {
    run_joined(command, limits, &[])
}

/// Like `run`, and the child first writes `0` to each of `join` (open `cgroup.procs` files), so
/// it and everything it starts belong to those control groups.
pub fn run_joined(mut command: Command, limits: &Limits, join: &[i32]) -> io::Result<Outcome> {
    confine(&mut command, limits, join);
    let start = Instant::now();
    let mut child = command.spawn()?;
    let killer = Killer {
        pid: child.id() as libc::pid_t,
    };
    let capture = Capture::start(&mut child, limits.output_bytes, killer);
    let (status, cpu, timed_out) = wait_bounded(child, limits.wall, killer);
    let elapsed = start.elapsed();
    // Whatever the child left behind in its group (threads die with it; processes do not).
    killer.group();
    let (stdout, stderr, overflowed) = capture.finish();
    Ok(Outcome {
        status,
        stdout,
        stderr,
        timed_out,
        overflowed,
        elapsed,
        cpu,
    })
}

/// Closed stdin, piped output, and in the child before it runs: the control groups, its own
/// session, death with the runner, and the resource limits.
fn confine(command: &mut Command, limits: &Limits, join: &[i32]) {
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let rlimits = [
        (libc::RLIMIT_CORE, Some(0)),
        (libc::RLIMIT_AS, limits.memory_bytes),
        (libc::RLIMIT_FSIZE, limits.file_bytes),
        (libc::RLIMIT_NPROC, limits.processes),
    ];
    let join = join.to_vec();
    // SAFETY: the closure runs in the forked child before exec and only calls setsid, prctl,
    // setrlimit and write, which are async-signal-safe; it allocates nothing and takes no locks
    // (`join` was copied before the fork and is only read).
    unsafe {
        command.pre_exec(move || {
            crate::infra::cgroup::join_from_child(&join)?;
            // A session of its own: its own process group (killed as a whole), and no way to
            // move into the runner's group.
            if libc::setsid() < 0 {
                return Err(io::Error::last_os_error());
            }
            // Out of the terminal's reach, so have the kernel kill it if the runner dies.
            #[cfg(target_os = "linux")]
            if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) != 0 {
                return Err(io::Error::last_os_error());
            }
            for (resource, value) in rlimits {
                if let Some(value) = value {
                    let limit = libc::rlimit {
                        rlim_cur: value as libc::rlim_t,
                        rlim_max: value as libc::rlim_t,
                    };
                    if libc::setrlimit(resource, &limit) != 0 {
                        return Err(io::Error::last_os_error());
                    }
                }
            }
            Ok(())
        });
    }
}

/// Kills a child and the process group it leads.
#[derive(Debug, Clone, Copy)]
struct Killer {
    pid: libc::pid_t,
}

impl Killer {
    /// The child (by pid, in case it left its group) and its group. Only before it is reaped.
    fn all(self) {
        // SAFETY: kill has no memory-safety preconditions; the child is not reaped yet, so its
        // pid is still its own.
        unsafe {
            libc::kill(-self.pid, libc::SIGKILL);
            libc::kill(self.pid, libc::SIGKILL);
        }
    }

    /// The group the child led: what it left behind once it is reaped.
    fn group(self) {
        // SAFETY: as above; the group id stays the child's while any member of the group lives.
        unsafe {
            libc::kill(-self.pid, libc::SIGKILL);
        }
    }
}

/// Reading a child's stdout and stderr on threads of their own, up to a shared cap.
struct Capture {
    buffers: [Arc<Mutex<Vec<u8>>>; 2],
    overflowed: Arc<AtomicBool>,
    done: mpsc::Receiver<()>,
}

impl Capture {
    fn start(child: &mut std::process::Child, cap: usize, killer: Killer) -> Capture {
        let total = Arc::new(AtomicUsize::new(0));
        let overflowed = Arc::new(AtomicBool::new(false));
        let buffers = [
            Arc::new(Mutex::new(Vec::new())),
            Arc::new(Mutex::new(Vec::new())),
        ];
        let (done_tx, done) = mpsc::channel();
        let pipes = [
            child
                .stdout
                .take()
                .map(|pipe| Box::new(pipe) as Box<dyn Read + Send>),
            child
                .stderr
                .take()
                .map(|pipe| Box::new(pipe) as Box<dyn Read + Send>),
        ];
        for (pipe, buffer) in pipes.into_iter().zip(&buffers) {
            let Some(mut pipe) = pipe else { continue };
            let (buffer, total, overflowed, done_tx) = (
                Arc::clone(buffer),
                Arc::clone(&total),
                Arc::clone(&overflowed),
                done_tx.clone(),
            );
            thread::spawn(move || {
                let mut chunk = [0u8; 64 * 1024];
                while let Ok(n) = pipe.read(&mut chunk) {
                    if n == 0 {
                        break;
                    }
                    let before = total.fetch_add(n, Ordering::SeqCst);
                    let room = cap.saturating_sub(before).min(n);
                    buffer
                        .lock()
                        .expect("reader owns the buffer")
                        .extend_from_slice(&chunk[..room]);
                    if room < n {
                        overflowed.store(true, Ordering::SeqCst);
                        killer.all();
                        break;
                    }
                }
                let _ = done_tx.send(());
            });
        }
        Capture {
            buffers,
            overflowed,
            done,
        }
    }

    /// What was read, once both pipes closed or `GRACE` passed (a process that left the group
    /// may hold a pipe open forever; its output is not worth waiting for).
    fn finish(self) -> (Vec<u8>, Vec<u8>, bool) {
        let deadline = Instant::now() + GRACE;
        for _ in 0..self.buffers.len() {
            let left = deadline.saturating_duration_since(Instant::now());
            if self.done.recv_timeout(left).is_err() {
                break;
            }
        }
        let take = |buffer: &Arc<Mutex<Vec<u8>>>| {
            std::mem::take(&mut *buffer.lock().expect("reader finished or gave up"))
        };
        (
            take(&self.buffers[0]),
            take(&self.buffers[1]),
            self.overflowed.load(Ordering::SeqCst),
        )
    }
}

/// Waits for the child for at most `wall`; then kills it and waits a little more for the kernel
/// to reap it. Its status (`None` if it could not be reaped), CPU time, and whether it timed out.
fn wait_bounded(
    mut child: std::process::Child,
    wall: Duration,
    killer: Killer,
) -> (Option<ExitStatus>, Duration, bool) {
    let (status_tx, status_rx) = mpsc::channel();
    thread::spawn(move || {
        let _ = status_tx.send(wait(&mut child));
    });
    let (waited, timed_out) = match status_rx.recv_timeout(wall) {
        Ok(waited) => (waited.ok(), false),
        Err(_) => {
            killer.all();
            (
                status_rx.recv_timeout(GRACE).ok().and_then(Result::ok),
                true,
            )
        }
    };
    match waited {
        Some((status, cpu)) => (Some(status), cpu, timed_out),
        None => (None, Duration::ZERO, timed_out),
    }
}

/// Waits for the child and reads what CPU time it used (`wait4`).
fn wait(child: &mut std::process::Child) -> io::Result<(ExitStatus, Duration)> {
    use std::os::unix::process::ExitStatusExt;
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value of that plain C struct.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: `status` and `usage` are valid for writes; `pid` is our unreaped child.
        let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if reaped == pid {
            break;
        }
        let error = io::Error::last_os_error();
        if error.kind() != io::ErrorKind::Interrupted {
            return Err(error);
        }
    }
    let time = |t: libc::timeval| {
        Duration::from_secs(t.tv_sec.max(0) as u64) + Duration::from_micros(t.tv_usec.max(0) as u64)
    };
    Ok((
        ExitStatus::from_raw(status),
        time(usage.ru_utime) + time(usage.ru_stime),
    ))
}
