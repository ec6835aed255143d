//! The attacks of issue 10 (F1-F5) against the real binary, on loopback, each scaled down to
//! a few seconds but kept big enough to matter, each asserting that the server's resident
//! memory (VmRSS, sampled every 10 ms while the attack runs) stays under a stated bound and
//! that `/healthz` answers within a stated time afterwards. Each prints its figures
//! (`eprintln!`, shown with `--nocapture`), which is where the README's numbers come from.
//! The binary under test is the debug build, so the memory bounds carry slack for it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::common::{Server, h2_frame, h2_get_block, h2_open, healthz_time, http, rss_kib};

const MIB: u64 = 1024;

/// The highest VmRSS (KiB) seen while it ran.
struct Peak {
    stop: Arc<AtomicBool>,
    thread: JoinHandle<u64>,
}

impl Peak {
    fn watch(server: &Server) -> Peak {
        let pid = server.child.id();
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let thread = std::thread::spawn(move || {
            let mut peak = 0;
            while !flag.load(Ordering::Relaxed) {
                let status =
                    std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
                let rss = status
                    .lines()
                    .find_map(|l| l.strip_prefix("VmRSS:"))
                    .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
                    .unwrap_or(0);
                peak = peak.max(rss);
                std::thread::sleep(Duration::from_millis(10));
            }
            peak
        });
        Peak { stop, thread }
    }

    fn end(self) -> u64 {
        self.stop.store(true, Ordering::Relaxed);
        self.thread.join().unwrap()
    }
}

/// `/healthz` answered 200 within `limit`, retrying while the server is full (a 503, or a
/// connection dropped unanswered when too many are being refused at once).
fn healthz_within(server: &Server, limit: Duration) -> Duration {
    let start = Instant::now();
    let mut last = String::new();
    while start.elapsed() < limit {
        if let Ok(mut s) = TcpStream::connect(server.addr) {
            s.set_read_timeout(Some(Duration::from_secs(2))).unwrap();
            let _ = write!(
                s,
                "GET /healthz HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
                server.addr
            );
            let mut text = String::new();
            let _ = s.read_to_string(&mut text);
            if text.starts_with("HTTP/1.1 200") {
                return start.elapsed();
            }
            last = text.lines().next().unwrap_or("(nothing)").to_owned();
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("/healthz not 200 within {limit:?}: last {last:?}");
}

fn post(server: &Server, path: &str, content_type: &str, body: &str) -> (u16, usize) {
    let (head, text) = http(
        server,
        &format!(
            "POST {path} HTTP/1.1\r\nHost: {}\r\nX-Wiretrail: 1\r\nContent-Type: {content_type}\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            server.addr,
            body.len()
        ),
    );
    (head.status, text.len())
}

#[test]
fn f1_a_megabyte_of_hex_and_an_hpack_bomb_stay_bounded() {
    let server = Server::start(&[]);
    let base = rss_kib(&server);
    let peak = Peak::watch(&server);
    // 1 MiB of hex: 262,144 empty unmasked text frames.
    let hex = "8100".repeat(256 * 1024);
    // HPACK's bomb: one 4 KiB literal put in the table, then indexed again and again.
    // 0x40: literal with incremental indexing, new name "a" (RFC 7541 §6.2.1); value length
    // 4096 (7f 81 1f, §5.1); then 0xbe: index 62, the entry just added (§6.1).
    let literal = format!("400161{}{}", "7f811f", "62".repeat(4096));
    let bomb = format!("{literal}{}", "be".repeat(26 * 1024));
    let hpack = format!("{{\"blocks\": [\"{bomb}\"]}}");
    let mut out = Vec::new();
    std::thread::scope(|s| {
        let mut runs = Vec::new();
        for i in 0..4 {
            let (server, hex, hpack) = (&server, &hex, &hpack);
            runs.push(s.spawn(move || {
                if i % 2 == 0 {
                    post(server, "/api/dissect/ws", "text/plain", hex)
                } else {
                    post(server, "/api/cells/hpack-decode", "application/json", hpack)
                }
            }));
        }
        for run in runs {
            out.push(run.join().unwrap());
        }
    });
    let peak = peak.end();
    let health = healthz_time(&server);
    eprintln!(
        "F1: 2 x 1 MiB hex to /api/dissect/ws + 2 hpack bombs at once: answers {:?} bytes, \
         VmRSS {} -> peak {} MiB, /healthz {health:?}",
        out,
        base / MIB,
        peak / MIB
    );
    for (status, len) in &out {
        assert!(
            *status == 200 || *status == 400 || *status == 413,
            "{status}"
        );
        assert!(*len < 32 * 1024 * 1024, "an answer of {len} bytes");
    }
    assert!(peak < base + 400 * MIB, "peak {} MiB", peak / MIB);
    assert!(health < Duration::from_secs(2));
}

fn create_session(server: &Server) -> String {
    let (head, body) = http(
        server,
        &format!(
            "POST /api/lab/sessions HTTP/1.1\r\nHost: {}\r\nX-Wiretrail: 1\r\nContent-Length: 0\r\n\r\n",
            server.addr
        ),
    );
    assert_eq!(head.status, 201, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    v["id"].as_str().unwrap().to_owned()
}

#[test]
fn f2_a_thousand_event_streams_on_one_session_are_capped() {
    let server = Server::start(&[]);
    let id = create_session(&server);
    let base = rss_kib(&server);
    let peak = Peak::watch(&server);
    let mut streams: Vec<TcpStream> = Vec::new();
    let mut refused = 0;
    let mut open = 0;
    for _ in 0..1000 {
        let mut s = server.connect();
        write!(
            s,
            "GET /lab/events/{id} HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n",
            server.addr
        )
        .unwrap();
        let head = crate::common::read_head(&mut s);
        if head.status == 200 {
            open += 1;
            streams.push(s); // never read again
        } else {
            refused += 1;
        }
    }
    let peak = peak.end();
    // Everyone else still gets a lab session.
    let other = create_session(&server);
    let health = healthz_time(&server);
    eprintln!(
        "F2: 1,000 unread event streams on one session: {open} open, {refused} refused, \
         VmRSS {} -> peak {} MiB, another session made, /healthz {health:?}",
        base / MIB,
        peak / MIB
    );
    assert!(!other.is_empty());
    assert!(refused > 0, "no cap on streams per session");
    assert!(peak < base + 200 * MIB, "peak {} MiB", peak / MIB);
    assert!(health < Duration::from_secs(2));
}

#[test]
fn f3_http2_responses_stalled_on_zero_windows_are_dropped_after_the_send_timeout() {
    let server = Server::start(&["--send-timeout", "2s"]);
    let base = rss_kib(&server);
    let peak = Peak::watch(&server);
    let start = Instant::now();
    let mut conns: Vec<TcpStream> = (0..10)
        .map(|_| {
            let mut s = h2_open(&server, &[0x00, 0x04, 0, 0, 0, 0]);
            let block = h2_get_block("/print.html", &server.addr.to_string());
            let mut burst = Vec::new();
            for n in 0..100u32 {
                burst.extend(h2_frame(0x1, 0x5, 2 * n + 1, &block));
            }
            s.write_all(&burst).unwrap();
            s
        })
        .collect();
    // Each connection must end (EOF or reset) within the send timeout and a margin.
    let mut closed = 0;
    for s in &mut conns {
        s.set_read_timeout(Some(Duration::from_secs(8))).unwrap();
        let mut sink = [0u8; 16 * 1024];
        loop {
            match s.read(&mut sink) {
                Ok(0) | Err(_) if start.elapsed() < Duration::from_secs(8) => {
                    closed += 1;
                    break;
                }
                Ok(0) | Err(_) => break,
                Ok(_) => {}
            }
        }
    }
    let ended = start.elapsed();
    let peak = peak.end();
    let health = healthz_time(&server);
    eprintln!(
        "F3: 10 h2c connections x 100 /print.html streams on a zero window: {closed}/10 closed \
         after {ended:?} (--send-timeout 2s), VmRSS {} -> peak {} MiB, /healthz {health:?}",
        base / MIB,
        peak / MIB
    );
    assert_eq!(closed, 10, "stalled connections still open");
    assert!(peak < base + 300 * MIB, "peak {} MiB", peak / MIB);
    assert!(health < Duration::from_secs(2));
}

#[test]
fn f4_many_h2c_connections_and_an_unknown_frame_flood_stay_cheap() {
    let server = Server::start(&[]);
    let base = rss_kib(&server);
    let peak = Peak::watch(&server);
    let mut conns: Vec<TcpStream> = (0..150).map(|_| h2_open(&server, &[])).collect();
    // 9-byte frames of an unknown type (RFC 9113 §4.1: ignored), from 20 connections.
    let unknown = h2_frame(0xfa, 0, 0, &[]).repeat(4096);
    let stop = Arc::new(AtomicBool::new(false));
    let mut sent = 0usize;
    let health = std::thread::scope(|scope| {
        let flooders: Vec<_> = conns
            .iter_mut()
            .take(20)
            .map(|c| {
                let (stop, unknown) = (stop.clone(), &unknown);
                scope.spawn(move || {
                    let mut n = 0usize;
                    c.set_write_timeout(Some(Duration::from_secs(1))).unwrap();
                    while !stop.load(Ordering::Relaxed) && c.write_all(unknown).is_ok() {
                        n += unknown.len();
                    }
                    n
                })
            })
            .collect();
        std::thread::sleep(Duration::from_secs(2));
        let health = healthz_time(&server);
        stop.store(true, Ordering::Relaxed);
        for f in flooders {
            sent += f.join().unwrap();
        }
        health
    });
    let peak = peak.end();
    eprintln!(
        "F4: 150 open h2c connections, 20 flooding {} MiB of 9-byte unknown frames in 2 s: \
         VmRSS {} -> peak {} MiB, /healthz during the flood {health:?}",
        sent / (1024 * 1024),
        base / MIB,
        peak / MIB
    );
    assert!(peak < base + 300 * MIB, "peak {} MiB", peak / MIB);
    assert!(health < Duration::from_secs(2));
}

#[test]
fn f5_a_thousand_stalled_bodies_do_not_lock_the_server_out() {
    let server = Server::start(&["--max-connections", "200", "--body-timeout", "2s"]);
    let base = rss_kib(&server);
    let peak = Peak::watch(&server);
    let start = Instant::now();
    let mut held = Vec::new();
    for _ in 0..1100 {
        let Ok(mut s) = TcpStream::connect(server.addr) else {
            continue;
        };
        let _ = write!(
            s,
            "POST /api/dissect/ws HTTP/1.1\r\nHost: {}\r\nX-Wiretrail: 1\r\nContent-Length: 1000\r\n\r\n",
            server.addr
        );
        held.push(s);
    }
    let opened = start.elapsed();
    // The held bodies end at their deadline; the server must answer again by then.
    let health = healthz_within(&server, Duration::from_secs(6));
    let peak = peak.end();
    eprintln!(
        "F5: 1,100 stalled bodies (--max-connections 200, --body-timeout 2s) opened in \
         {opened:?}: /healthz 200 again {health:?} later, VmRSS {} -> peak {} MiB",
        base / MIB,
        peak / MIB
    );
    assert!(peak < base + 200 * MIB, "peak {} MiB", peak / MIB);
    drop(held);
}
