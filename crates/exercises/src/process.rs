//! Running a child (cargo, a test binary) under a time limit, with its output bounded.

use std::io::Read;
use std::process::{Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

/// The most of each of a child's streams kept (the rest is read and dropped, so the child
/// never blocks on a full pipe).
pub const MAX_CAPTURE: usize = 1024 * 1024;

/// How long to wait for a finished child's output once it has exited.
const PIPE_GRACE: Duration = Duration::from_secs(2);

/// What a finished (or stopped) child printed.
#[derive(Debug)]
pub struct Ran {
    /// `None`: stopped at the time limit.
    pub status: Option<ExitStatus>,
    /// Its standard output, at most [`MAX_CAPTURE`] bytes of it, lossily decoded.
    pub stdout: String,
    /// Its standard error, likewise.
    pub stderr: String,
}

impl Ran {
    /// Whether it ran to the end and said success.
    pub fn success(&self) -> bool {
        self.status.is_some_and(|s| s.success())
    }
}

/// Runs `cmd`, killing it when `limit` passes.
pub fn run_with_limit(mut cmd: Command, limit: Duration) -> std::io::Result<Ran> {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn()?;
    let readers = [
        child
            .stdout
            .take()
            .map(|s| Box::new(s) as Box<dyn Read + Send>),
        child
            .stderr
            .take()
            .map(|s| Box::new(s) as Box<dyn Read + Send>),
    ]
    .map(|pipe| {
        let (tx, rx) = mpsc::channel();
        thread::spawn(move || {
            let _ = tx.send(read_bounded(pipe));
        });
        rx
    });
    let deadline = Instant::now() + limit;
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break Some(status);
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        thread::sleep(Duration::from_millis(10));
    };
    // A grandchild the child left running may hold the pipes open: wait a little for the
    // rest of the output, then go on without it (the reader thread ends with the pipe).
    let [stdout, stderr] = readers.map(|r| r.recv_timeout(PIPE_GRACE).unwrap_or_default());
    Ok(Ran {
        status,
        stdout,
        stderr,
    })
}

fn read_bounded(pipe: Option<Box<dyn Read + Send>>) -> String {
    let mut kept = Vec::new();
    let Some(mut pipe) = pipe else {
        return String::new();
    };
    let mut buf = [0u8; 8192];
    loop {
        match pipe.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                let room = MAX_CAPTURE.saturating_sub(kept.len());
                kept.extend_from_slice(&buf[..n.min(room)]);
            }
        }
    }
    String::from_utf8_lossy(&kept).into_owned()
}
