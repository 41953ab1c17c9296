//! The only code that starts processes. Every child gets a wall-time limit and an output cap,
//! runs in its own process group (so the whole group can be killed at once), and can be given
//! resource limits that are set inside the child before it runs.

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
    /// Address-space limit (RLIMIT_AS), for code under test only: rustc needs more.
    pub memory_bytes: Option<u64>,
    /// Largest file the child may write (RLIMIT_FSIZE).
    pub file_bytes: Option<u64>,
    /// Processes the user may own (RLIMIT_NPROC; not enforced for root).
    pub processes: Option<u64>,
}

impl Limits {
    /// What the verdict rules say about these limits.
    pub fn as_run_limits(&self) -> crate::domain::verdict::RunLimits {
        crate::domain::verdict::RunLimits {
            wall_seconds: self.wall.as_secs(),
            output_bytes: self.output_bytes,
        }
    }

    pub fn new(wall: Duration) -> Limits {
        Limits {
            wall,
            output_bytes: 1 << 20,
            memory_bytes: None,
            file_bytes: None,
            processes: None,
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
}

/// How long to wait for the output pipes to close once the child is gone. A grandchild that left
/// the process group could hold them open forever; its output is not worth waiting for.
const PIPE_GRACE: Duration = Duration::from_secs(2);

/// Runs `command` to completion under `limits`, with stdin closed and output captured.
pub fn run(mut command: Command, limits: &Limits) -> io::Result<Outcome> {
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0);
    let rlimits = [
        (libc::RLIMIT_CORE, Some(0)),
        (libc::RLIMIT_AS, limits.memory_bytes),
        (libc::RLIMIT_FSIZE, limits.file_bytes),
        (libc::RLIMIT_NPROC, limits.processes),
    ];
    // SAFETY: the closure runs in the forked child before exec and only calls prctl and
    // setrlimit, which are async-signal-safe; it allocates nothing and touches no locks.
    unsafe {
        command.pre_exec(move || {
            // The child is in its own process group, so a Ctrl-C at the terminal does not reach
            // it: have the kernel kill it if the runner dies first.
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
    let group = child.id() as libc::pid_t;
    let kill_group = move || {
        // SAFETY: kill has no memory-safety preconditions; a negative pid names the group the
        // child leads, which holds only processes this call started.
        unsafe { libc::kill(-group, libc::SIGKILL) };
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
                            kill_group();
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
        let _ = status_tx.send(child.wait());
    });
    let mut timed_out = false;
    let status = match status_rx.recv_timeout(limits.wall) {
        Ok(status) => status.ok(),
        Err(_) => {
            timed_out = true;
            kill_group();
            status_rx.recv().ok().and_then(Result::ok)
        }
    };
    let elapsed = start.elapsed();
    // Whatever the child left behind in its group (threads die with it; processes do not).
    kill_group();
    let deadline = Instant::now() + PIPE_GRACE;
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
    })
}
