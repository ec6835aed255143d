//! `wiretrail bench-classroom`: the chat-room relay under a classroom's load, on loopback.
//!
//! Starts this very binary as a classroom server on a loopback port (a child process, so its
//! memory is its own: `VmRSS` from `/proc/PID/status` before and after the students join),
//! opens N raw WebSocket clients (the `websocket` crate's client-role `Connection` on tokio
//! sockets, subprotocol `chat`) in rooms, waits until every one is a member, then has every
//! client send its messages, each carrying its sender's number, its index and the time it was
//! sent. Every client counts what it receives: a message lost is one of its room's
//! `room_size × messages` that never came; order is checked per sender (index n+1 after n);
//! latency is from the send to the receipt of the relayed copy, on one clock.
//!
//! The slow student: a room of six where one member stops reading while the others send
//! 3 KiB messages; the others must receive everything, and the slow one, when it reads again,
//! finds a Close 1013 in its stream. Everything is bounded: at most 5,000 clients, 1,000
//! messages each, and `--time-limit` for the whole run.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, ExitCode, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};
use tokio::sync::Barrier;
use websocket::connection::{Config, Connection, Event, Message, Role};

use super::cli::BenchClassroomArgs;

/// The server child, killed on drop.
struct ServerChild(Child);

impl Drop for ServerChild {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Why the run failed.
#[derive(Debug, thiserror::Error)]
enum BenchError {
    #[error("cannot start the server: {0}")]
    Start(String),
    #[error("a client failed: {0}")]
    Client(String),
    #[error("the run took longer than its time limit")]
    TimedOut,
}

pub fn run(args: &BenchClassroomArgs) -> ExitCode {
    let runtime = match super::runtime() {
        Ok(rt) => rt,
        Err(code) => return code,
    };
    match runtime.block_on(async {
        tokio::time::timeout(args.time_limit, bench(args))
            .await
            .unwrap_or(Err(BenchError::TimedOut))
    }) {
        Ok(0) => ExitCode::SUCCESS,
        Ok(_) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn start_server() -> Result<(ServerChild, SocketAddr), BenchError> {
    let exe = std::env::current_exe().map_err(|e| BenchError::Start(e.to_string()))?;
    let mut child = Command::new(exe)
        .args([
            "classroom",
            "--addr",
            "127.0.0.1:0",
            "--max-connections",
            "20000",
        ])
        .env("RUST_LOG", "error")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| BenchError::Start(e.to_string()))?;
    let stdout = child
        .stdout
        .take()
        .ok_or(BenchError::Start("no stdout".into()))?;
    let child = ServerChild(child);
    let mut line = String::new();
    let mut reader = BufReader::new(stdout);
    reader
        .read_line(&mut line)
        .map_err(|e| BenchError::Start(e.to_string()))?;
    // The rest of what it prints (the QR code) is read and dropped, so its pipe never fills.
    std::thread::spawn(move || {
        let mut sink = String::new();
        while reader.read_line(&mut sink).is_ok_and(|n| n > 0) {
            sink.clear();
        }
    });
    let addr = line
        .trim()
        .strip_prefix("wiretrail listening on http://")
        .and_then(|a| a.parse().ok())
        .ok_or_else(|| BenchError::Start(format!("unexpected first line {line:?}")))?;
    Ok((child, addr))
}

fn vm_rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// One raw client: a socket and a client-role connection.
struct Client {
    stream: TcpStream,
    conn: Connection,
    buf: Vec<u8>,
    out: Vec<u8>,
}

impl Client {
    async fn connect(
        addr: SocketAddr,
        room: &str,
        nick: &str,
        rcvbuf: Option<u32>,
    ) -> Result<Client, BenchError> {
        let err = |e: std::io::Error| BenchError::Client(e.to_string());
        let socket = TcpSocket::new_v4().map_err(err)?;
        if let Some(size) = rcvbuf {
            socket.set_recv_buffer_size(size).map_err(err)?;
        }
        let mut stream = socket.connect(addr).await.map_err(err)?;
        stream.set_nodelay(true).map_err(err)?;
        let head = format!(
            "GET /ws/room/{room}?nick={nick} HTTP/1.1\r\nHost: {addr}\r\nUpgrade: websocket\r\n\
             Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\
             Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: chat\r\n\r\n"
        );
        stream.write_all(head.as_bytes()).await.map_err(err)?;
        let mut buf = Vec::new();
        let mut chunk = [0u8; 4096];
        let end = loop {
            let n = stream.read(&mut chunk).await.map_err(err)?;
            if n == 0 {
                return Err(BenchError::Client("closed during the handshake".into()));
            }
            buf.extend_from_slice(&chunk[..n]);
            if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break i + 4;
            }
            if buf.len() > 16 * 1024 {
                return Err(BenchError::Client("no end of the 101's head".into()));
            }
        };
        if !buf.starts_with(b"HTTP/1.1 101") {
            return Err(BenchError::Client(
                String::from_utf8_lossy(&buf[..end]).into_owned(),
            ));
        }
        let mut conn = Connection::new(Role::Client, Config::default());
        conn.feed(&buf[end..]);
        Ok(Client {
            stream,
            conn,
            buf: vec![0; 64 * 1024],
            out: Vec::new(),
        })
    }

    async fn send(&mut self, text: &str) -> Result<(), BenchError> {
        self.out.clear();
        self.conn
            .send_text(text, &mut self.out)
            .map_err(|e| BenchError::Client(e.to_string()))?;
        self.stream
            .write_all(&self.out)
            .await
            .map_err(|e| BenchError::Client(e.to_string()))
    }

    /// The next event (text, or the close code), reading as needed; `None` at end of stream.
    async fn next(&mut self) -> Result<Option<Received>, BenchError> {
        loop {
            match self.conn.next_event() {
                Ok(Some(Event::Message(Message::Text(t)))) => return Ok(Some(Received::Text(t))),
                Ok(Some(Event::Close(frame))) => {
                    return Ok(Some(Received::Close(
                        frame.map_or(1005, |f| f.code.as_u16()),
                    )));
                }
                // The server pings an idle socket and closes it (1001) when no Pong comes.
                Ok(Some(Event::Ping(payload))) => {
                    self.out.clear();
                    if self.conn.send_pong(&payload, &mut self.out).is_ok() {
                        self.stream
                            .write_all(&self.out)
                            .await
                            .map_err(|e| BenchError::Client(e.to_string()))?;
                    }
                    continue;
                }
                Ok(Some(_)) => continue,
                Ok(None) => {}
                Err(e) => return Err(BenchError::Client(e.to_string())),
            }
            let n = self
                .stream
                .read(&mut self.buf)
                .await
                .map_err(|e| BenchError::Client(e.to_string()))?;
            if n == 0 {
                return Ok(None);
            }
            self.conn.feed(&self.buf[..n]);
        }
    }
}

enum Received {
    Text(String),
    Close(u16),
}

/// What one client saw.
#[derive(Default)]
struct Tally {
    received: usize,
    out_of_order: usize,
    latencies_us: Vec<u64>,
}

async fn bench(args: &BenchClassroomArgs) -> Result<usize, BenchError> {
    let clients = args.clients.clamp(1, 5000);
    let room_size = args.room_size.clamp(1, 128).min(clients);
    let messages = args.messages.clamp(1, 1000);
    let rooms = clients.div_ceil(room_size);
    let (server, addr) = start_server()?;
    let pid = server.0.id();
    tokio::time::sleep(Duration::from_millis(200)).await;
    let rss_before = vm_rss_kib(pid).unwrap_or(0);
    let epoch = Instant::now();
    let joined = Arc::new(Barrier::new(clients + 1));
    let go = Arc::new(Barrier::new(clients + 1));
    let mut tasks = Vec::with_capacity(clients);
    for c in 0..clients {
        let room = format!("room{}", c / room_size);
        let members = room_size.min(clients - (c / room_size) * room_size);
        let (joined, go) = (joined.clone(), go.clone());
        tasks.push(tokio::spawn(async move {
            let client = Client::connect(addr, &room, &format!("s{c}"), None).await;
            joined.wait().await;
            let mut client = client?;
            go.wait().await;
            student(&mut client, c, members, messages, epoch).await
        }));
    }
    let t_join = Instant::now();
    joined.wait().await;
    let join_time = t_join.elapsed();
    // Every client has read its handshake answer; give the server a moment to settle.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let rss_joined = vm_rss_kib(pid).unwrap_or(0);
    let t_send = Instant::now();
    go.wait().await;
    let mut tally = Tally::default();
    let mut failures = 0;
    for task in tasks {
        match task.await {
            Ok(Ok(t)) => {
                tally.received += t.received;
                tally.out_of_order += t.out_of_order;
                tally.latencies_us.extend(t.latencies_us);
            }
            Ok(Err(e)) => {
                failures += 1;
                if failures < 3 {
                    eprintln!("client: {e}");
                }
            }
            Err(e) => {
                failures += 1;
                eprintln!("client task: {e}");
            }
        }
    }
    let send_time = t_send.elapsed();
    let rss_after = vm_rss_kib(pid).unwrap_or(0);
    let expected: usize = (0..rooms)
        .map(|r| {
            let m = room_size.min(clients - r * room_size);
            m * m * messages
        })
        .sum();
    let lost = expected.saturating_sub(tally.received) + failures;
    tally.latencies_us.sort_unstable();
    let pct = |p: f64| {
        let v = &tally.latencies_us;
        v.get(((v.len() as f64 - 1.0) * p).round() as usize)
            .map_or(0.0, |us| *us as f64 / 1000.0)
    };
    println!(
        "machine: {} cores, {}",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        cpu_model()
    );
    println!(
        "clients {clients} in {rooms} rooms of {room_size}, {messages} messages each: joined in {:.2} s, relayed in {:.2} s",
        join_time.as_secs_f64(),
        send_time.as_secs_f64()
    );
    println!(
        "messages expected {expected}, received {}, lost {lost}, out of order {}, failed clients {failures}",
        tally.received, tally.out_of_order
    );
    println!(
        "relay latency ms: p50 {:.2}, p99 {:.2}, max {:.2}",
        pct(0.5),
        pct(0.99),
        pct(1.0)
    );
    let per = |kib: u64| kib as f64 * 1024.0 / clients as f64;
    println!(
        "server VmRSS KiB: {rss_before} alone, {rss_joined} with the students ({:.0} B per student), {rss_after} after the messages ({:.0} B per student)",
        per(rss_joined.saturating_sub(rss_before)),
        per(rss_after.saturating_sub(rss_before))
    );
    slow_student(addr).await?;
    drop(server);
    Ok(lost + tally.out_of_order)
}

/// One student: send `messages`, receive every message of the room (`members` × messages).
async fn student(
    client: &mut Client,
    me: usize,
    members: usize,
    messages: usize,
    epoch: Instant,
) -> Result<Tally, BenchError> {
    let mut tally = Tally::default();
    let expected = members * messages;
    let mut last: HashMap<u64, u64> = HashMap::new();
    let mut sent = 0;
    'run: while tally.received < expected {
        if sent < messages {
            let t = epoch.elapsed().as_micros();
            client.send(&format!("{me} {sent} {t}")).await?;
            sent += 1;
        }
        // Read everything that has come before sending more: a sender that reads one frame per
        // send falls behind its room (25 messages come for each one it sends) and would measure
        // its own backlog, not the relay. Once all are sent, wait at most 20 s for the rest.
        loop {
            let Ok(event) = tokio::time::timeout(
                if sent < messages {
                    Duration::from_millis(1)
                } else {
                    Duration::from_secs(20)
                },
                client.next(),
            )
            .await
            else {
                if sent >= messages {
                    break 'run; // what never came is counted as lost
                }
                break;
            };
            match event? {
                Some(Received::Text(text)) => {
                    let Ok(v) = serde_json::from_str::<serde_json::Value>(&text) else {
                        continue;
                    };
                    if v["type"] != "message" {
                        continue;
                    }
                    let body = v["text"].as_str().unwrap_or_default();
                    let mut parts = body.split(' ').map(|p| p.parse::<u128>().unwrap_or(0));
                    let (from, n, t) = (
                        parts.next().unwrap_or(0) as u64,
                        parts.next().unwrap_or(0) as u64,
                        parts.next().unwrap_or(0),
                    );
                    let now = epoch.elapsed().as_micros();
                    tally.latencies_us.push(now.saturating_sub(t) as u64);
                    let prev = last.insert(from, n);
                    if prev.map_or(n != 0, |p| n != p + 1) {
                        tally.out_of_order += 1;
                    }
                    tally.received += 1;
                }
                Some(Received::Close(code)) => {
                    return Err(BenchError::Client(format!("closed with {code}")));
                }
                None => return Err(BenchError::Client("end of stream".into())),
            }
            if tally.received >= expected {
                break;
            }
        }
    }
    let _ = client.conn.send_close(None, "", &mut client.out);
    Ok(tally)
}

/// A room of six, one of which stops reading; the others send 3 KiB messages.
async fn slow_student(addr: SocketAddr) -> Result<(), BenchError> {
    const SENDERS: usize = 5;
    // Four queues' worth in all, so the sleepy one must overflow its queue.
    const EACH: usize = 4 * crate::classroom::room::QUEUE / SENDERS;
    let mut slow = Client::connect(addr, "slow", "sleepy", Some(4096)).await?;
    let mut others = Vec::new();
    for i in 0..SENDERS {
        others.push(Client::connect(addr, "slow", &format!("awake{i}"), None).await?);
    }
    let start = Instant::now();
    let pad = "x".repeat(3000);
    let mut tasks = Vec::new();
    for (i, mut c) in others.into_iter().enumerate() {
        let pad = pad.clone();
        tasks.push(tokio::spawn(async move {
            let mut got = 0;
            let mut sent = 0;
            while got < SENDERS * EACH {
                if sent < EACH {
                    c.send(&format!("{i} {sent} {pad}")).await?;
                    sent += 1;
                }
                while let Ok(e) = tokio::time::timeout(
                    if sent < EACH {
                        Duration::from_micros(200)
                    } else {
                        Duration::from_secs(20)
                    },
                    c.next(),
                )
                .await
                {
                    match e? {
                        Some(Received::Text(t)) if t.contains("\"type\":\"message\"") => got += 1,
                        Some(Received::Text(_)) => {}
                        Some(Received::Close(code)) => {
                            return Err(BenchError::Client(format!(
                                "an awake student was closed with {code}"
                            )));
                        }
                        None => {
                            return Err(BenchError::Client(
                                "an awake student's connection ended".into(),
                            ));
                        }
                    }
                    if got >= SENDERS * EACH {
                        break;
                    }
                }
                if sent >= EACH {
                    break; // all sent and 20 s of silence: the rest is lost (and reported)
                }
            }
            Ok::<usize, BenchError>(got)
        }));
    }
    let mut all = 0;
    for t in tasks {
        all += t.await.map_err(|e| BenchError::Client(e.to_string()))??;
    }
    let others_time = start.elapsed();
    // Now the sleepy student reads what reached it.
    let mut got = 0;
    let mut code = None;
    while let Ok(Ok(Some(e))) = tokio::time::timeout(Duration::from_secs(10), slow.next()).await {
        match e {
            Received::Text(t) if t.contains("\"type\":\"message\"") => got += 1,
            Received::Text(_) => {}
            Received::Close(c) => {
                code = Some(c);
                break;
            }
        }
    }
    println!(
        "slow student: the {SENDERS} others received {all} of {} messages of 3 KiB in {:.2} s; the one that stopped reading got {got} and then {}",
        SENDERS * SENDERS * EACH,
        others_time.as_secs_f64(),
        code.map_or(
            "no Close (the connection was dropped)".to_owned(),
            |c| format!("Close {c}")
        )
    );
    Ok(())
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("model name"))
                .map(|v| v.trim_start_matches([' ', '\t', ':']).to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into())
}
