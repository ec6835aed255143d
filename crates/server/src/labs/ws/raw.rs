//! "Send what you built": the lab's own raw client. The server opens a TCP connection to its
//! own address, makes an opening handshake on `/ws/lab/raw?session={id}` (RFC 6455 §4.1,
//! written by hand, no Origin: it is not a browser), writes the learner's bytes exactly as
//! built in one write — unmasked, RSV set, bad UTF-8, a 126-byte ping, three frames at once
//! — and reads what the server answers for a bounded time:
//!
//! ```text
//!   client ── GET /ws/lab/raw … ──▶ server       (the server's side is tapped for the session)
//!   client ◀── 101 ────────────────  server
//!   client ── the learner's bytes ─▶ server      one write
//!   client ◀── echo / Close 1002 … ─ server      read until QUIET passes with nothing new,
//!                                                 at most WAIT, at most MAX_ANSWER bytes
//! ```
//!
//! The server's side of the connection is claimed by a [`RawSink`](super::session::RawSink)
//! of the session, so both directions are dissected into the session's stream like the
//! page's own socket; this side frames what it reads with a
//! [`websocket::observe::Observer`] and answers with the frames, dissected, and the close.

use std::net::SocketAddr;
use std::time::Duration;

use base64::Engine;
use serde::Serialize;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::Instant;
use websocket::close::parse_close_payload;
use websocket::dissect;
use websocket::mask::apply_mask;
use websocket::observe::{Observer, Start, Unit};
use websocket::opcode::Opcode;
use wire::{Dissection, Framer};

/// The most bytes a learner may send at once.
pub const MAX_RAW_BYTES: usize = 32 * 1024;
/// The longest the raw client waits to connect and for the 101.
const CONNECT_WAIT: Duration = Duration::from_secs(2);
/// How long the server may stay quiet before the client stops reading.
pub const QUIET: Duration = Duration::from_millis(500);
/// The longest the client reads after its write.
pub const WAIT: Duration = Duration::from_secs(2);
/// The most answer bytes read.
pub const MAX_ANSWER: usize = 256 * 1024;
/// The most payload bytes of each answer frame kept and dissected.
const ANSWER_EXCERPT: usize = 4096;

/// Why a raw send failed, in a sentence for the page.
#[derive(Debug, thiserror::Error)]
pub enum RawError {
    #[error("nothing to send: build at least one byte")]
    Empty,
    #[error("{0} bytes is too many: send at most {MAX_RAW_BYTES} bytes at once")]
    TooLarge(usize),
    #[error("another raw send of this session is under way; wait for its answer")]
    Busy,
    #[error("the lab's client could not connect to its own server: {0}")]
    Connect(String),
    #[error("the server refused the lab client's handshake: {0}")]
    Refused(String),
}

/// One frame the server sent back.
#[derive(Debug, Serialize)]
pub struct AnswerFrame {
    pub opcode: &'static str,
    pub fin: bool,
    pub payload_len: u64,
    /// A Text frame's payload (or its excerpt), when it is UTF-8.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    pub dissection: Dissection,
}

/// The server's Close frame.
#[derive(Debug, Serialize)]
pub struct Closed {
    /// Absent when the Close carried no code (the page is then told 1005).
    pub code: Option<u16>,
    pub name: Option<&'static str>,
    pub reason: String,
}

/// What the server did with the learner's bytes.
#[derive(Debug, Serialize)]
pub struct Answer {
    /// The bytes written, in one write.
    pub sent: usize,
    /// The bytes the server answered with (after its 101).
    pub received: usize,
    pub frames: Vec<AnswerFrame>,
    /// The server's Close frame, if it sent one.
    pub close: Option<Closed>,
    /// Whether the server ended the TCP connection while the client read.
    pub tcp_closed: bool,
    /// How long the client read, in milliseconds.
    pub waited_ms: f64,
    /// `echo`, `close-CODE`, `close` (no code), or `nothing`: what a prediction is scored
    /// against.
    pub outcome: String,
    /// The raw connection's number in the session's stream.
    pub connection: Option<u32>,
}

/// Sends `bytes` over a new connection to `addr`'s `/ws/lab/raw` for `session`.
pub async fn send(addr: SocketAddr, session: &str, bytes: &[u8]) -> Result<Answer, RawError> {
    let mut stream = tokio::time::timeout(CONNECT_WAIT, TcpStream::connect(addr))
        .await
        .map_err(|_| RawError::Connect("no answer in time".into()))?
        .map_err(|e| RawError::Connect(e.to_string()))?;
    let _ = stream.set_nodelay(true);
    let mut nonce = [0u8; 16];
    getrandom::fill(&mut nonce).map_err(|e| RawError::Connect(e.to_string()))?;
    let key = base64::engine::general_purpose::STANDARD.encode(nonce);
    let request = format!(
        "GET /ws/lab/raw?session={session} HTTP/1.1\r\nHost: {addr}\r\nUpgrade: websocket\r\n\
         Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
    );
    let io = |e: std::io::Error| RawError::Connect(e.to_string());
    stream.write_all(request.as_bytes()).await.map_err(io)?;

    let mut observer = Observer::new(Start::Response, ANSWER_EXCERPT);
    let mut buf = vec![0u8; 16 * 1024];
    let mut early = Vec::new();
    let deadline = Instant::now() + CONNECT_WAIT;
    let mut switched = false;
    while !switched {
        let n = match tokio::time::timeout_at(deadline, stream.read(&mut buf)).await {
            Ok(Ok(0)) => return Err(RawError::Refused("the connection closed".into())),
            Ok(Ok(n)) => n,
            Ok(Err(e)) => return Err(io(e)),
            Err(_) => return Err(RawError::Refused("no 101 in time".into())),
        };
        for unit in observer.feed(&buf[..n]) {
            match unit {
                Unit::Head(head) => {
                    let text = String::from_utf8_lossy(&head.bytes);
                    let line = text.lines().next().unwrap_or_default().to_owned();
                    if !line.contains(" 101 ") {
                        return Err(RawError::Refused(line));
                    }
                    switched = true;
                }
                Unit::Lost(_) if !switched => {
                    return Err(RawError::Refused(
                        "the answer is not an HTTP response".into(),
                    ));
                }
                other => early.push(other),
            }
        }
    }

    stream.write_all(bytes).await.map_err(io)?;
    let started = Instant::now();
    let deadline = started + WAIT;
    let mut received = 0;
    let mut tcp_closed = false;
    let mut units = early;
    while received < MAX_ANSWER {
        let quiet = (Instant::now() + QUIET).min(deadline);
        match tokio::time::timeout_at(quiet, stream.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => {
                tcp_closed = true;
                break;
            }
            Ok(Ok(n)) => {
                received += n;
                units.extend(observer.feed(&buf[..n]));
            }
            Err(_) => break,
        }
    }
    let waited_ms = (started.elapsed().as_secs_f64() * 1e6).round() / 1e3;
    Ok(answer(bytes.len(), received, units, tcp_closed, waited_ms))
}

/// The answer from the units the client read.
fn answer(
    sent: usize,
    received: usize,
    units: Vec<Unit>,
    tcp_closed: bool,
    waited_ms: f64,
) -> Answer {
    let mut frames = Vec::new();
    let mut close = None;
    for unit in units {
        let Unit::Frame(frame) = unit else { continue };
        let header = &frame.header;
        let mut payload = frame.kept_payload().to_vec();
        if let Some(key) = header.masking_key {
            apply_mask(&mut payload, key);
        }
        if header.opcode == Opcode::Close && close.is_none() {
            close = Some(match parse_close_payload(&payload) {
                Ok(Some(c)) => Closed {
                    code: Some(c.code.as_u16()),
                    name: Some(c.code.name()),
                    reason: c.reason,
                },
                _ => Closed {
                    code: None,
                    name: None,
                    reason: String::new(),
                },
            });
        }
        let text = (header.opcode == Opcode::Text)
            .then(|| String::from_utf8(payload).ok())
            .flatten();
        frames.push(AnswerFrame {
            opcode: header.opcode.name(),
            fin: header.fin,
            payload_len: header.payload_len,
            text,
            dissection: if frame.is_whole() {
                dissect::frame(&frame.kept, Some(false))
            } else {
                dissect::frame_excerpt(&frame.kept, Some(false))
            },
        });
    }
    let outcome = match (&close, frames.is_empty()) {
        (
            Some(Closed {
                code: Some(code), ..
            }),
            _,
        ) => format!("close-{code}"),
        (Some(_), _) => "close".to_owned(),
        (None, false) => "echo".to_owned(),
        (None, true) => "nothing".to_owned(),
    };
    Answer {
        sent,
        received,
        frames,
        close,
        tcp_closed,
        waited_ms,
        outcome,
        connection: None,
    }
}
