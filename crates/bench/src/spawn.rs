//! Servers under test: started pinned to one core with `taskset`, their address read from
//! the line they print, stopped when dropped.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::Result;

/// The core the servers run on; the load runs on [`LOAD_CORE`].
pub const SERVER_CORE: &str = "0";
/// The core of the load client (this process) and of `wrk`.
pub const LOAD_CORE: &str = "1";

/// A running server.
#[derive(Debug)]
pub struct Server {
    pub name: String,
    /// `127.0.0.1:PORT`.
    pub addr: String,
    child: Child,
}

impl Server {
    /// Starts `program args…` on [`SERVER_CORE`] and waits (at most 30 s) for the line with
    /// its address: the first `127.0.0.1:PORT` it prints on stdout.
    pub fn start(name: &str, program: &Path, args: &[&str]) -> Result<Server> {
        let mut child = Command::new("taskset")
            .arg("-c")
            .arg(SERVER_CORE)
            .arg(program)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", program.display()))?;
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(|l| l.ok()) {
                if let Some(addr) = address_in(&line) {
                    let _ = tx.send(addr);
                }
            }
        });
        let addr = rx.recv_timeout(Duration::from_secs(30)).map_err(|_| {
            let _ = child.kill();
            format!("{name} printed no address")
        })?;
        Ok(Server {
            name: name.to_owned(),
            addr,
            child,
        })
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The CPU time the server has used so far, in nanoseconds (see [`cpu_ns`]).
    pub fn cpu_ns(&self) -> u64 {
        cpu_ns(self.child.id())
    }

    /// Waits until the server accepts connections (at most 10 s).
    pub fn wait_ready(&self) -> Result<()> {
        let until = Instant::now() + Duration::from_secs(10);
        while Instant::now() < until {
            if std::net::TcpStream::connect(&self.addr).is_ok() {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        Err(format!("{} does not accept connections", self.name).into())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The CPU time (user and system) used so far by process `pid`, its threads and its
/// descendants (nginx's workers), in nanoseconds, from `/proc/PID/task/*/schedstat`. On a
/// machine shared with other work this is the steadier figure: time spent waiting for the
/// core is not counted.
pub fn cpu_ns(pid: u32) -> u64 {
    let mut total = 0;
    let mut todo = vec![pid];
    while let Some(pid) = todo.pop() {
        let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
            continue;
        };
        for task in tasks.flatten() {
            let path = task.path();
            total += std::fs::read_to_string(path.join("schedstat"))
                .ok()
                .and_then(|s| s.split_whitespace().next()?.parse::<u64>().ok())
                .unwrap_or(0);
            let children = std::fs::read_to_string(path.join("children")).unwrap_or_default();
            todo.extend(
                children
                    .split_whitespace()
                    .filter_map(|c| c.parse::<u32>().ok()),
            );
        }
    }
    total
}

/// `127.0.0.1:PORT` in a line, if there is one.
fn address_in(line: &str) -> Option<String> {
    let at = line.find("127.0.0.1:")?;
    let addr: String = line[at..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ':')
        .collect();
    addr.rsplit_once(':')
        .is_some_and(|(_, port)| !port.is_empty())
        .then_some(addr)
}

/// Pins this process (and the threads it starts afterwards) to [`LOAD_CORE`].
pub fn pin_self() -> Result<()> {
    let status = Command::new("taskset")
        .args(["-cp", LOAD_CORE, &std::process::id().to_string()])
        .stdout(Stdio::null())
        .status()?;
    if !status.success() {
        return Err("taskset could not pin the load client".into());
    }
    Ok(())
}

/// A free loopback port (bound, then released for the server to take).
pub fn free_port() -> Result<u16> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    Ok(listener.local_addr()?.port())
}

#[cfg(test)]
mod tests {
    #[test]
    fn addresses() {
        assert_eq!(
            super::address_in("wiretrail listening on http://127.0.0.1:4123").as_deref(),
            Some("127.0.0.1:4123")
        );
        assert_eq!(super::address_in("nothing"), None);
    }
}
