//! One WebSocket lab session: the tapped bytes of one learner's WebSocket, cut into handshake and
//! frames, dissected, and kept as a bounded, ordered list of events for the inspector stream.
//!
//! The session is the [`TapSink`] of the connection it claimed. Bytes arrive in the order
//! they crossed the socket, in pieces of any size; each direction keeps a small parser state:
//!
//! ```text
//!  server → client:  HTTP/1.1 101 head ──▶ frame ──▶ frame ──▶ …
//!  client → server:  (head sniffed before the claim) frame ──▶ frame ──▶ …
//! ```
//!
//! A frame is emitted when its last byte has passed. Only its header and the first
//! [`EXCERPT`] bytes of its payload are kept, so a 1 MiB message costs the session 4 KiB.

use std::sync::{Mutex, MutexGuard, PoisonError};

use tokio::sync::mpsc;
use websocket::dissect;
use websocket::frame::FrameHeader;
use websocket::handshake::Accepted;

use super::LAB_PROTOCOLS;
use crate::labs::EXCERPT;
use crate::labs::event::{CLOSED_TEXT, Excerpt, LabEvent, Side};
use crate::labs::session::{Session, Shared};
use crate::net::driver::Command;
use crate::net::tap::{Direction, TapSink};

/// The most bytes of an HTTP response head the session buffers.
const MAX_HEAD: usize = 16 * 1024;

/// Why an ask could not be carried out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AskError {
    /// No socket is open in this session.
    NotConnected,
    /// The socket's command queue is full.
    Busy,
}

/// Where one direction's parser is.
#[derive(Debug, Default)]
struct Stream {
    /// Still reading an HTTP head (the server's 101), not frames.
    in_head: bool,
    /// The bytes kept of the current head or frame.
    kept: Vec<u8>,
    /// The current frame: its header length and total length, once the header is whole.
    frame: Option<(usize, u64)>,
    /// How many bytes of the current frame have passed.
    seen: u64,
    /// Framing could not go on (a header broke a structural rule).
    lost: bool,
}

#[derive(Debug)]
struct Inner {
    commands: Option<mpsc::Sender<Command>>,
    client: Stream,
    server: Stream,
}

/// One learner's WebSocket lab session.
#[derive(Debug)]
pub struct WsSession {
    shared: Shared,
    inner: Mutex<Inner>,
}

impl Session for WsSession {
    fn shared(&self) -> &Shared {
        &self.shared
    }
}

impl Default for WsSession {
    fn default() -> Self {
        Self {
            shared: Shared::default(),
            inner: Mutex::new(Inner {
                commands: None,
                client: Stream::default(),
                server: Stream::default(),
            }),
        }
    }
}

impl WsSession {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn emit(&self, event: LabEvent) {
        self.shared.emit(&event);
    }

    /// The opening handshake was accepted: the request as the browser sent it, the accept
    /// derivation for its key, and what the server decided and why.
    pub fn handshake(&self, head: &[u8], accepted: &Accepted, commands: mpsc::Sender<Command>) {
        let mut inner = self.lock();
        self.shared.connection_opened();
        inner.commands = Some(commands);
        inner.client = Stream::default();
        inner.server = Stream {
            in_head: true,
            ..Stream::default()
        };
        if head.is_empty() {
            self.emit(LabEvent::note(
                "The request bytes were not captured: the browser reused a connection, so \
                     only the frames below are exact.",
            ));
        } else {
            let request = wire::render::json(&dissect::handshake_request_for(head, LAB_PROTOCOLS));
            let steps = wire::render::json(&dissect::accept_key_steps(&accepted.key));
            self.emit(LabEvent::HandshakeRequest {
                direction: Side::Client,
                dissection: request,
                accept_steps: steps,
            });
        }
        for text in notes(accepted) {
            self.emit(LabEvent::note(text));
        }
    }

    /// The opening handshake was refused with `status`.
    pub fn refused(&self, head: &[u8], status: u16, text: &str) {
        let dissection = (!head.is_empty())
            .then(|| wire::render::json(&dissect::handshake_request_for(head, LAB_PROTOCOLS)));
        self.emit(LabEvent::HandshakeRefused {
            status,
            text: text.to_owned(),
            dissection,
        });
    }

    /// Queues a command for the session's socket.
    pub fn ask(&self, command: Command) -> Result<(), AskError> {
        let inner = self.lock();
        let sender = inner.commands.as_ref().ok_or(AskError::NotConnected)?;
        sender.try_send(command).map_err(|e| match e {
            mpsc::error::TrySendError::Full(_) => AskError::Busy,
            mpsc::error::TrySendError::Closed(_) => AskError::NotConnected,
        })
    }

    /// Cuts `data` into the 101's head and frames and emits each one whole.
    fn ingest(&self, inner: &mut Inner, direction: Direction, mut data: &[u8]) {
        let from_client = direction == Direction::ClientToServer;
        let side = Side::from_client(from_client);
        let name = if from_client { "client" } else { "server" };
        while !data.is_empty() {
            let stream = if from_client {
                &mut inner.client
            } else {
                &mut inner.server
            };
            if stream.lost {
                return;
            }
            if stream.in_head {
                let start = stream.kept.len().saturating_sub(3);
                let room = MAX_HEAD.saturating_sub(stream.kept.len());
                let take = data.len().min(room);
                stream.kept.extend_from_slice(&data[..take]);
                let end = stream.kept[start..]
                    .windows(4)
                    .position(|w| w == b"\r\n\r\n")
                    .map(|i| start + i + 4);
                match end {
                    Some(end) => {
                        let extra = stream.kept.len() - end;
                        let head = std::mem::take(&mut stream.kept);
                        stream.in_head = false;
                        data = &data[take - extra..];
                        let d = wire::render::json(&dissect::handshake_response(&head[..end]));
                        self.emit(LabEvent::HandshakeResponse {
                            direction: side,
                            dissection: d,
                        });
                    }
                    None if take < data.len() || stream.kept.len() >= MAX_HEAD => {
                        stream.lost = true;
                        return;
                    }
                    None => return,
                }
                continue;
            }
            match stream.frame {
                None => {
                    // Gather the header: at most 14 bytes (RFC 6455 §5.2).
                    let want = websocket::frame::MAX_HEADER_LEN.saturating_sub(stream.kept.len());
                    let take = data.len().min(want);
                    let before = stream.kept.len();
                    stream.kept.extend_from_slice(&data[..take]);
                    match FrameHeader::parse(&stream.kept) {
                        Ok(Some((header, header_len))) => {
                            // Bytes gathered past the header belong to the payload.
                            let used = header_len.saturating_sub(before);
                            stream.kept.truncate(header_len);
                            data = &data[used..];
                            stream.frame =
                                Some((header_len, header_len as u64 + header.payload_len));
                            stream.seen = header_len as u64;
                        }
                        Ok(None) => {
                            data = &data[take..];
                        }
                        Err(_) => {
                            let kept = std::mem::take(&mut stream.kept);
                            stream.lost = true;
                            let d = wire::render::json(&dissect::frame(&kept, Some(from_client)));
                            self.emit(LabEvent::WsFrame {
                                direction: side,
                                dissection: d,
                                truncated: None,
                            });
                            self.emit(LabEvent::note(format!(
                                "The {name}'s frame header breaks a structural rule, so the \
                                     frames after it cannot be told apart; the lab stops \
                                     dissecting this direction."
                            )));
                            return;
                        }
                    }
                }
                Some((header_len, total)) => {
                    let remaining = total - stream.seen;
                    let take = usize::try_from(remaining).map_or(data.len(), |r| r.min(data.len()));
                    let keep_room = (header_len + EXCERPT).saturating_sub(stream.kept.len());
                    stream.kept.extend_from_slice(&data[..take.min(keep_room)]);
                    stream.seen += take as u64;
                    data = &data[take..];
                    if stream.seen == total {
                        let kept = std::mem::take(&mut stream.kept);
                        stream.frame = None;
                        stream.seen = 0;
                        let whole = kept.len() as u64 == total;
                        let dissection = if whole {
                            dissect::frame(&kept, Some(from_client))
                        } else {
                            dissect::frame_excerpt(&kept, Some(from_client))
                        };
                        let truncated = (!whole).then(|| Excerpt {
                            shown: (kept.len() - header_len) as u64,
                            total: total - header_len as u64,
                        });
                        self.emit(LabEvent::WsFrame {
                            direction: side,
                            dissection: wire::render::json(&dissection),
                            truncated,
                        });
                    }
                }
            }
        }
    }
}

impl TapSink for WsSession {
    fn bytes(&self, direction: Direction, data: &[u8]) {
        let mut inner = self.lock();
        self.ingest(&mut inner, direction, data);
    }

    fn closed(&self) {
        self.lock().commands = None;
        self.shared.connection_closed(&LabEvent::Closed {
            connection: None,
            text: CLOSED_TEXT,
        });
    }
}

/// What the server decided in the handshake, and why, in the learner's terms.
fn notes(accepted: &Accepted) -> Vec<String> {
    let mut notes = Vec::new();
    let speaks = LAB_PROTOCOLS.join(", ");
    match (&accepted.protocol, accepted.offered_protocols.is_empty()) {
        (Some(p), _) => notes.push(format!(
            "Subprotocol: your browser offered {}; this server speaks {speaks}, and picked \
             \"{p}\", the first in your list that it speaks. The 101 names it in \
             Sec-WebSocket-Protocol (RFC 6455 §4.2.2).",
            accepted.offered_protocols.join(", ")
        )),
        (None, false) => notes.push(format!(
            "Subprotocol: your browser offered {}, none of which this server speaks ({speaks}), \
             so the 101 names none. RFC 6455 leaves it to the client what to do then; a \
             browser fails the connection, because the WHATWG Fetch standard (obtain a \
             WebSocket connection) requires the response to name one when the page asked.",
            accepted.offered_protocols.join(", ")
        )),
        (None, true) => notes.push(
            "Subprotocol: none offered, none chosen; the messages are whatever the page and \
             the server agree on."
                .to_owned(),
        ),
    }
    if !accepted.offered_extensions.is_empty() {
        notes.push(format!(
            "Extensions: your browser offered {}. This server accepts none, so every frame \
             below is plain: with permessage-deflate (RFC 7692) the payloads would be \
             compressed and RSV1 set, and you could not read them byte by byte.",
            accepted.offered_extensions.join("; ")
        ));
    }
    if let Some(origin) = &accepted.origin {
        notes.push(format!(
            "Origin: {origin} is this server's own origin, so the socket is allowed. A page of \
             another origin would get 403 Forbidden (RFC 6455 §10.2)."
        ));
    }
    notes
}
