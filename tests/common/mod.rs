//! Shared by the black-box tests: start the real `wiretrail` binary on a free port, and speak
//! raw bytes to it over TCP (no WebSocket library, so every byte is ours to choose).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// The real binary, serving on 127.0.0.1 at a port the OS chose. Killed on drop.
pub struct Server {
    pub child: Child,
    pub addr: SocketAddr,
}

impl Server {
    /// Starts `wiretrail serve --addr 127.0.0.1:0 ARGS…` and waits for its URL line.
    pub fn start(args: &[&str]) -> Server {
        Server::start_with_env(args, &[])
    }

    /// Like [`Server::start`], with `env` added to the server's environment.
    pub fn start_with_env(args: &[&str], env: &[(&str, &str)]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_wiretrail"))
            .args(["serve", "--addr", "127.0.0.1:0"])
            .args(args)
            .env("RUST_LOG", "warn")
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the wiretrail binary starts");
        let stdout = child.stdout.take().expect("stdout is piped");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("a line on stdout");
        let url = line
            .trim()
            .strip_prefix("wiretrail listening on http://")
            .unwrap_or_else(|| panic!("unexpected first line: {line:?}"));
        let addr = url.parse().expect("an address");
        Server { child, addr }
    }

    pub fn connect(&self) -> TcpStream {
        let s = TcpStream::connect(self.addr).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        s.set_nodelay(true).unwrap();
        s
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// Sends SIGINT, as Ctrl-C does.
    pub fn interrupt(&self) {
        let status = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success());
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The RFC 6455 §1.3 key, whose accept value the RFC gives.
pub const RFC_KEY: &str = "dGhlIHNhbXBsZSBub25jZQ==";
pub const RFC_ACCEPT: &str = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

/// A valid opening handshake for `path`, with `extra` header lines (each ending in \r\n).
pub fn handshake_request(addr: SocketAddr, path: &str, extra: &str) -> String {
    format!(
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
         Sec-WebSocket-Key: {RFC_KEY}\r\nSec-WebSocket-Version: 13\r\n{extra}\r\n"
    )
}

/// An HTTP response head and whatever body came with it before the connection went quiet.
#[derive(Debug)]
pub struct Head {
    pub status: u16,
    pub text: String,
}

impl Head {
    /// The value of a header (case-insensitive name), if present.
    pub fn header(&self, name: &str) -> Option<String> {
        self.text.lines().skip(1).find_map(|l| {
            let (n, v) = l.split_once(':')?;
            n.trim()
                .eq_ignore_ascii_case(name)
                .then(|| v.trim().to_owned())
        })
    }
}

/// Reads an HTTP response head byte by byte (so no frame bytes after it are swallowed).
pub fn read_head(s: &mut TcpStream) -> Head {
    let mut buf = Vec::new();
    let mut byte = [0u8; 1];
    while !buf.ends_with(b"\r\n\r\n") {
        match s.read(&mut byte) {
            Ok(0) => break,
            Ok(_) => buf.push(byte[0]),
            Err(e) => panic!(
                "reading the response head: {e}; got {:?}",
                String::from_utf8_lossy(&buf)
            ),
        }
    }
    let text = String::from_utf8(buf).expect("an ASCII head");
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {text:?}"));
    Head { status, text }
}

/// Opens a WebSocket to `path` and checks the 101.
pub fn open(server: &Server, path: &str) -> TcpStream {
    let mut s = server.connect();
    s.write_all(handshake_request(server.addr, path, "").as_bytes())
        .unwrap();
    let head = read_head(&mut s);
    assert_eq!(head.status, 101, "{}", head.text);
    s
}

pub const MASK: [u8; 4] = [0x37, 0xfa, 0x21, 0x3d];

/// One frame as a client sends it (masked with [`MASK`] unless `masked` is false).
pub fn frame(fin: bool, opcode: u8, payload: &[u8], masked: bool) -> Vec<u8> {
    let mut out = vec![(u8::from(fin) << 7) | opcode];
    let mask_bit = if masked { 0x80 } else { 0 };
    match payload.len() {
        n if n < 126 => out.push(mask_bit | n as u8),
        n if n < 65536 => {
            out.push(mask_bit | 126);
            out.extend_from_slice(&(n as u16).to_be_bytes());
        }
        n => {
            out.push(mask_bit | 127);
            out.extend_from_slice(&(n as u64).to_be_bytes());
        }
    }
    if masked {
        out.extend_from_slice(&MASK);
        out.extend(payload.iter().enumerate().map(|(i, b)| b ^ MASK[i % 4]));
    } else {
        out.extend_from_slice(payload);
    }
    out
}

/// A frame as the server sent it.
#[derive(Debug, PartialEq, Eq)]
pub struct Frame {
    pub fin: bool,
    pub opcode: u8,
    pub masked: bool,
    pub payload: Vec<u8>,
}

impl Frame {
    /// The status code of a Close frame.
    pub fn close_code(&self) -> Option<u16> {
        (self.opcode == 8 && self.payload.len() >= 2)
            .then(|| u16::from_be_bytes([self.payload[0], self.payload[1]]))
    }
}

/// Reads one frame; `None` at end of stream.
pub fn read_frame(s: &mut TcpStream) -> Option<Frame> {
    let mut head = [0u8; 2];
    if s.read_exact(&mut head).is_err() {
        return None;
    }
    let mut len = u64::from(head[1] & 0x7f);
    if len == 126 {
        let mut b = [0u8; 2];
        s.read_exact(&mut b).ok()?;
        len = u64::from(u16::from_be_bytes(b));
    } else if len == 127 {
        let mut b = [0u8; 8];
        s.read_exact(&mut b).ok()?;
        len = u64::from_be_bytes(b);
    }
    let masked = head[1] & 0x80 != 0;
    let mut key = [0u8; 4];
    if masked {
        s.read_exact(&mut key).ok()?;
    }
    let mut payload = vec![0u8; len as usize];
    s.read_exact(&mut payload).ok()?;
    if masked {
        for (i, b) in payload.iter_mut().enumerate() {
            *b ^= key[i % 4];
        }
    }
    Some(Frame {
        fin: head[0] & 0x80 != 0,
        opcode: head[0] & 0x0f,
        masked,
        payload,
    })
}

/// True when the server has closed the TCP connection (end of stream, or a reset).
pub fn closed_by_server(s: &mut TcpStream) -> bool {
    let mut b = [0u8; 64];
    loop {
        match s.read(&mut b) {
            Ok(0) => return true,
            Ok(_) => continue,
            Err(e)
                if e.kind() == std::io::ErrorKind::WouldBlock
                    || e.kind() == std::io::ErrorKind::TimedOut =>
            {
                return false;
            }
            Err(_) => return true,
        }
    }
}

/// A plain HTTP/1.1 request; returns the head and the body.
pub fn http(server: &Server, request: &str) -> (Head, String) {
    let (head, body) = http_bytes(server, request);
    (head, String::from_utf8_lossy(&body).into_owned())
}

/// A plain HTTP/1.1 request; returns the head and the body's bytes (`Content-Length` of them).
pub fn http_bytes(server: &Server, request: &str) -> (Head, Vec<u8>) {
    let mut s = server.connect();
    s.write_all(request.as_bytes()).unwrap();
    let head = read_head(&mut s);
    let len: usize = head
        .header("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0u8; len];
    s.read_exact(&mut body).unwrap();
    (head, body)
}

/// Opens a Server-Sent Events stream at `path` (a lab's inspector stream) and hands each
/// event's `data` JSON to a channel, from a thread that decodes the chunked body.
pub fn sse_events(server: &Server, path: &str) -> std::sync::mpsc::Receiver<serde_json::Value> {
    let mut s = server.connect();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n",
        server.addr
    )
    .unwrap();
    let head = read_head(&mut s);
    assert_eq!(head.status, 200, "{}", head.text);
    assert!(
        head.header("content-type")
            .unwrap()
            .starts_with("text/event-stream")
    );
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut reader = BufReader::new(s);
        let mut text = String::new();
        loop {
            // One chunk: its size in hex, then the bytes, then CRLF.
            let mut size = String::new();
            if reader.read_line(&mut size).unwrap_or(0) == 0 {
                return;
            }
            let Ok(n) = usize::from_str_radix(size.trim(), 16) else {
                continue;
            };
            if n == 0 {
                return;
            }
            let mut chunk = vec![0; n + 2];
            if reader.read_exact(&mut chunk).is_err() {
                return;
            }
            text.push_str(&String::from_utf8_lossy(&chunk[..n]));
            while let Some(end) = text.find("\n\n") {
                let event: String = text.drain(..end + 2).collect();
                let data: String = event
                    .lines()
                    .filter_map(|l| l.strip_prefix("data: ").or(l.strip_prefix("data:")))
                    .collect();
                if !data.is_empty() && tx.send(serde_json::from_str(&data).unwrap()).is_err() {
                    return;
                }
            }
        }
    });
    rx
}

/// The server's resident memory in KiB (VmRSS of /proc/PID/status).
pub fn rss_kib(server: &Server) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{}/status", server.child.id()))
        .expect("/proc/PID/status");
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("a VmRSS line")
}

/// How long `GET /healthz` takes to answer 200 on a fresh connection.
pub fn healthz_time(server: &Server) -> Duration {
    let start = std::time::Instant::now();
    let (head, _) = http(
        server,
        &format!(
            "GET /healthz HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            server.addr
        ),
    );
    assert_eq!(head.status, 200, "{}", head.text);
    start.elapsed()
}

/// One HTTP/2 frame (RFC 9113 §4.1): length, type, flags, stream, payload.
pub fn h2_frame(kind: u8, flags: u8, stream: u32, payload: &[u8]) -> Vec<u8> {
    let len = payload.len() as u32;
    let mut out = len.to_be_bytes()[1..].to_vec();
    out.push(kind);
    out.push(flags);
    out.extend_from_slice(&(stream & 0x7fff_ffff).to_be_bytes());
    out.extend_from_slice(payload);
    out
}

/// A GET request's field block, HPACK without Huffman or indexing (RFC 7541 §6.2.2):
/// `:method GET`, `:scheme http` from the static table, then `:path` and `:authority`.
pub fn h2_get_block(path: &str, authority: &str) -> Vec<u8> {
    let mut block = vec![0x82, 0x86];
    for (index, value) in [(4u8, path), (1u8, authority)] {
        block.push(index);
        block.push(value.len() as u8);
        block.extend_from_slice(value.as_bytes());
    }
    block
}

/// Opens an h2c connection with prior knowledge: the preface and a SETTINGS frame with
/// `settings` (6-byte entries).
pub fn h2_open(server: &Server, settings: &[u8]) -> TcpStream {
    let mut s = server.connect();
    s.write_all(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n").unwrap();
    s.write_all(&h2_frame(0x4, 0, 0, settings)).unwrap();
    s
}

/// One HTTP/2 frame as the server sent it: (type, flags, stream, payload); `None` at the end
/// of the stream (or a reset, or the read timeout).
pub fn h2_read_frame(s: &mut TcpStream) -> Option<(u8, u8, u32, Vec<u8>)> {
    let mut head = [0u8; 9];
    s.read_exact(&mut head).ok()?;
    let len = u32::from_be_bytes([0, head[0], head[1], head[2]]) as usize;
    let stream = u32::from_be_bytes([head[5], head[6], head[7], head[8]]) & 0x7fff_ffff;
    let mut payload = vec![0u8; len];
    s.read_exact(&mut payload).ok()?;
    Some((head[3], head[4], stream, payload))
}

/// A GET's status, content type and body as bytes (exports are binary), on a fresh connection.
pub fn get_bytes(server: &Server, path: &str) -> (u16, Option<String>, Vec<u8>) {
    let req = format!(
        "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
        server.addr
    );
    let (head, body) = http_bytes(server, &req);
    (head.status, head.header("content-type"), body)
}

/// Whether Wireshark's reader is here; under `CI=true` it must be (`.ci/run` installs it).
pub fn has_tshark() -> bool {
    match std::process::Command::new("tshark")
        .arg("--version")
        .output()
    {
        Ok(out) => {
            assert!(out.status.success(), "tshark --version failed");
            true
        }
        Err(_) => {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "CI=true but no tshark"
            );
            eprintln!("skipped the tshark check: no tshark (apt-get install tshark)");
            false
        }
    }
}
