//! Watch mode through a pseudo-terminal (`expectrl`): start `statelings` in a terminal of a given
//! size, press keys, resize it, and wait for text to appear on the screen. Waits block on the
//! terminal (poll(2)) until output comes or the wait's bound runs out: the bound only keeps a
//! broken run from hanging, it is not a claim about speed, and nothing here sleeps.

use std::os::fd::AsRawFd as _;
use std::process::Command;
use std::time::{Duration, Instant};

use expectrl::process::unix::WaitStatus;
use expectrl::{Expect as _, Regex, Session};

use crate::Env;

/// The most any one wait may take: far more than a check needs, even on a busy machine.
pub const WAIT: Duration = Duration::from_secs(90);

/// Crossterm's "clear the whole screen": every redraw starts with it.
const CLEAR: &str = "\u{1b}[2J";

/// Matches everything the terminal has printed so far (any bytes, newlines included).
const EVERYTHING: &str = "(?s-u).+";

/// A running `statelings` in a pseudo-terminal, and all it printed.
pub struct Watch {
    session: expectrl::session::OsSession,
    /// Everything printed so far.
    log: Vec<u8>,
    /// How far `wait_for` has read.
    seen: usize,
    /// Terminal sizes (cols, rows), each from an offset of `log` on.
    sizes: Vec<(usize, usize, usize)>,
    ended: bool,
}

impl Watch {
    /// `statelings ARGS` (with `env`'s course and environment) in a `cols` x `rows` terminal.
    pub fn start(env: &Env, args: &[&str], cols: u16, rows: u16) -> Watch {
        let inner = env.process(args);
        // statelings starts only once the terminal has its size (the shell waits for a line),
        // so its first screen already has it.
        let mut command = Command::new("sh");
        command
            .arg("-c")
            .arg("read -r _ && exec \"$0\" \"$@\"")
            .arg(inner.get_program())
            .args(inner.get_args())
            .current_dir(env.path(""));
        for (name, value) in inner.get_envs() {
            match value {
                Some(value) => command.env(name, value),
                None => command.env_remove(name),
            };
        }
        command.env("TERM", "xterm");
        let mut session = Session::spawn(command).expect("statelings starts in a pseudo-terminal");
        session
            .get_process_mut()
            .set_window_size(cols, rows)
            .expect("the terminal takes its size");
        session.send("\n").expect("the terminal takes keys");
        Watch {
            session,
            log: Vec::new(),
            seen: 0,
            sizes: vec![(0, usize::from(cols), usize::from(rows))],
            ended: false,
        }
    }

    /// Waits until `text` appears after what earlier waits saw, and returns the output up to
    /// and including it.
    pub fn wait_for(&mut self, text: &str) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(found) = find(&self.log[self.seen..], text.as_bytes()) {
                let end = self.seen + found + text.len();
                let shown = String::from_utf8_lossy(&self.log[self.seen..end]).into_owned();
                self.seen = end;
                return shown;
            }
            assert!(
                !self.ended,
                "statelings ended before showing {text:?}; its last screen:\n{}",
                self.screen()
            );
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(
                !left.is_zero(),
                "{text:?} did not appear within {WAIT:?}; the screen shows:\n{}",
                self.screen()
            );
            self.read(left);
        }
    }

    /// Takes what the terminal has, waiting up to `timeout` for something to come.
    fn read(&mut self, timeout: Duration) {
        let before = self.log.len();
        self.drain();
        if self.ended || self.log.len() > before {
            return;
        }
        let mut poll = libc::pollfd {
            fd: self.session.get_stream().as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        };
        let millis = timeout.as_millis().clamp(1, 60_000) as i32;
        // SAFETY: one valid pollfd, for the length of the call.
        unsafe { libc::poll(&mut poll, 1, millis) };
        self.drain();
    }

    /// Appends whatever is available now to the log, without waiting.
    fn drain(&mut self) {
        match self.session.check(Regex(EVERYTHING)) {
            Ok(captures) => self.log.extend_from_slice(captures.as_bytes()),
            // The terminal closes (EIO on Linux) when statelings and its children are gone.
            Err(expectrl::Error::Eof) | Err(expectrl::Error::IO(_)) => self.ended = true,
            Err(error) => panic!("reading the terminal: {error}"),
        }
    }

    /// Types `keys`.
    pub fn send(&mut self, keys: &str) {
        self.session.send(keys).expect("the terminal takes keys");
    }

    /// Resizes the terminal (statelings gets SIGWINCH).
    pub fn resize(&mut self, cols: u16, rows: u16) {
        self.drain();
        self.sizes
            .push((self.log.len(), usize::from(cols), usize::from(rows)));
        self.session
            .get_process_mut()
            .set_window_size(cols, rows)
            .expect("the terminal resizes");
    }

    /// Where the output is now: later screens start after it.
    pub fn mark(&mut self) -> usize {
        self.drain();
        self.seen = self.log.len();
        self.seen
    }

    /// Waits for statelings to end and returns its exit code.
    pub fn wait_exit(&mut self) -> i32 {
        let deadline = Instant::now() + WAIT;
        while !self.ended {
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(
                !left.is_zero(),
                "statelings did not end within {WAIT:?}; the screen shows:\n{}",
                self.screen()
            );
            self.read(left);
        }
        match self
            .session
            .get_process()
            .wait()
            .expect("statelings is waited for")
        {
            WaitStatus::Exited(_, code) => code,
            other => panic!("statelings ended with {other:?}"),
        }
    }

    /// Every screen drawn from `offset` of the output on: its lines without escape sequences,
    /// and the terminal's size when it was drawn.
    pub fn screens_from(&mut self, offset: usize) -> Vec<(Vec<String>, usize, usize)> {
        self.drain();
        let mut screens = Vec::new();
        let mut start = find(&self.log[offset..], CLEAR.as_bytes()).map(|at| offset + at);
        while let Some(at) = start {
            let body = at + CLEAR.len();
            let next = find(&self.log[body..], CLEAR.as_bytes()).map(|n| body + n);
            let end = next.unwrap_or(self.log.len());
            let text = plain(&String::from_utf8_lossy(&self.log[body..end]));
            let (_, cols, rows) = *self
                .sizes
                .iter()
                .rev()
                .find(|(from, _, _)| *from <= at)
                .expect("a size from the start");
            let lines = text
                .split("\r\n")
                .map(str::to_owned)
                .collect::<Vec<String>>();
            screens.push((lines, cols, rows));
            start = next;
        }
        screens
    }

    /// The last screen drawn, as text.
    pub fn screen(&mut self) -> String {
        let screens = self.screens_from(0);
        match screens.last() {
            Some((lines, _, _)) => lines.join("\n"),
            None => plain(&String::from_utf8_lossy(&self.log)),
        }
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        // A test that failed part-way leaves no statelings behind.
        if !self.ended {
            let _ = self
                .session
                .get_process_mut()
                .kill(expectrl::process::unix::Signal::SIGKILL);
        }
    }
}

/// Where `needle` first occurs in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

/// `text` without terminal escape sequences (CSI `ESC [ ... final`, and `ESC x`).
pub fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\u{1b}' {
            out.push(c);
            continue;
        }
        if chars.next() == Some('[') {
            for c in chars.by_ref() {
                if ('@'..='~').contains(&c) {
                    break;
                }
            }
        }
    }
    out
}
