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

    let start = Instant::now();
    let mut child = command.spawn()?;
    let pid = child.id() as libc::pid_t;
    let kill = move || {
        // SAFETY: kill has no memory-safety preconditions. A negative pid names the group the
        // child leads (only processes this call started); the child itself is killed by pid in
        // case it left that group.
        unsafe {
            libc::kill(-pid, libc::SIGKILL);
            libc::kill(pid, libc::SIGKILL);
        }
    };

    let total = Arc::new(AtomicUsize::new(0));
    let overflowed = Arc::new(AtomicBool::new(false));
    let (done_tx, done_rx) = mpsc::channel();
    let mut buffers = Vec::new();
    for pipe in [
        child
            .stdout
            .take()
            .map(|pipe| Box::new(pipe) as Box<dyn Read + Send>),
        child
            .stderr
            .take()
            .map(|pipe| Box::new(pipe) as Box<dyn Read + Send>),
    ] {
        let buffer = Arc::new(Mutex::new(Vec::new()));
        buffers.push(Arc::clone(&buffer));
        let Some(mut pipe) = pipe else { continue };
        let (total, overflowed, done_tx) =
            (Arc::clone(&total), Arc::clone(&overflowed), done_tx.clone());
        let cap = limits.output_bytes;
        thread::spawn(move || {
            let mut chunk = [0u8; 64 * 1024];
            loop {
                match pipe.read(&mut chunk) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        let before = total.fetch_add(n, Ordering::SeqCst);
                        let room = cap.saturating_sub(before).min(n);
                        buffer
                            .lock()
                            .expect("reader owns the buffer")
                            .extend_from_slice(&chunk[..room]);
                        if room < n {
                            overflowed.store(true, Ordering::SeqCst);
                            kill();
                            break;
                        }
                    }
                }
            }
            let _ = done_tx.send(());
        });
    }
    drop(done_tx);

    let (status_tx, status_rx) = mpsc::channel();
    thread::spawn(move || {
        let _ = status_tx.send(wait(&mut child));
    });
    let mut timed_out = false;
    let waited = match status_rx.recv_timeout(limits.wall) {
        Ok(waited) => waited.ok(),
        Err(_) => {
            timed_out = true;
            kill();
            status_rx.recv_timeout(GRACE).ok().and_then(Result::ok)
        }
    };
    let (status, cpu) = match waited {
        Some((status, cpu)) => (Some(status), cpu),
        None => (None, Duration::ZERO),
    };
    let elapsed = start.elapsed();
    // Whatever the child left behind in its group (threads die with it; processes do not). The
    // child itself is reaped by now, so its pid is not named again.
    // SAFETY: as above; the group id stays the child's while any member of the group lives.
    unsafe {
        libc::kill(-pid, libc::SIGKILL);
    }
    let deadline = Instant::now() + GRACE;
    for _ in 0..buffers.len() {
        let left = deadline.saturating_duration_since(Instant::now());
        if done_rx.recv_timeout(left).is_err() {
            break;
        }
    }
    let take = |buffer: &Arc<Mutex<Vec<u8>>>| {
        std::mem::take(&mut *buffer.lock().expect("reader finished or gave up"))
    };
    Ok(Outcome {
        status,
        stdout: take(&buffers[0]),
        stderr: take(&buffers[1]),
        timed_out,
        overflowed: overflowed.load(Ordering::SeqCst),
        elapsed,
        cpu,
    })
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
