//! How much server memory an idle WebSocket connection costs.
//!
//! Starts the real `wiretrail` binary (built with the bench profile), opens N WebSocket
//! connections to `/ws/echo` that then stay silent, and prints the growth of the server's
//! resident set size (VmRSS, from /proc) divided by N.
//!
//!     cargo bench -p wiretrail-server --bench idle_memory            # N = 5000
//!     cargo bench -p wiretrail-server --bench idle_memory -- 10000
//!
//! Linux only (it reads /proc). Needs a file-descriptor limit above N (`ulimit -n`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::Duration;

fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("/proc is readable");
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("a VmRSS line")
}

fn open(addr: &str) -> TcpStream {
    let mut s = TcpStream::connect(addr).expect("connect");
    let req = format!(
        "GET /ws/echo HTTP/1.1\r\nHost: {addr}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
         Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
    );
    s.write_all(req.as_bytes()).unwrap();
    let mut head = Vec::new();
    let mut b = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        s.read_exact(&mut b).expect("a 101 response");
        head.push(b[0]);
    }
    assert!(
        head.starts_with(b"HTTP/1.1 101"),
        "{}",
        String::from_utf8_lossy(&head)
    );
    s
}

fn main() {
    let n: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(5000);
    let mut server = Command::new(env!("CARGO_BIN_EXE_wiretrail"))
        .args(["serve", "--addr", "127.0.0.1:0", "--ping-interval", "10m"])
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .spawn()
        .expect("the wiretrail binary starts");
    let mut line = String::new();
    BufReader::new(server.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .trim()
        .trim_start_matches("wiretrail listening on http://")
        .to_owned();
    let pid = server.id();

    // Warm up: the first connections grow the runtime's pools and the allocator's arenas.
    let warm: Vec<_> = (0..200).map(|_| open(&addr)).collect();
    std::thread::sleep(Duration::from_millis(500));
    let before = rss_kib(pid);
    let conns: Vec<_> = (0..n).map(|_| open(&addr)).collect();
    std::thread::sleep(Duration::from_secs(2));
    let after = rss_kib(pid);
    let per_conn = (after.saturating_sub(before)) as f64 * 1024.0 / n as f64;
    println!("idle WebSocket connections: {n}");
    println!("server RSS before: {before} KiB, after: {after} KiB");
    println!(
        "per idle connection: {:.2} KiB ({per_conn:.0} bytes)",
        per_conn / 1024.0
    );
    drop(conns);
    drop(warm);
    let _ = server.kill();
    let _ = server.wait();
}
