//! One WebSocket lab session: the tapped bytes of one learner's WebSocket, cut into handshake and
//! frames, dissected, and kept as a bounded, ordered list of events for the inspector stream.
//!
//! The session is the [`TapSink`] of the connection it claimed. Bytes arrive in the order
//! they crossed the socket, in pieces of any size; each direction has its own
//! [`websocket::observe::Observer`], which does all the framing (the 101's head, each frame
//! header, the payload counted down) and hands back whole units:
//!
//! ```text
//!  server → client:  HTTP/1.1 101 head ──▶ frame ──▶ frame ──▶ …   (Start::Response)
//!  client → server:  (head sniffed before the claim) frame ──▶ …   (Start::Frames)
//! ```
//!
//! A frame is cut out once its last byte has passed, and dissected when a page (or an
//! export) reads its event ([`FrameBytes`]): the tapped socket's hot path only frames and
//! copies, and a frame nobody reads before the history lets it go is never dissected. Only
//! its header and the first [`EXCERPT`] bytes of its payload are kept, so a 1 MiB message
//! costs the session 4 KiB.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use tokio::sync::mpsc;
use websocket::dissect;
use websocket::handshake::Accepted;
use websocket::observe::{Observer, Start, Unit, Why};
use wire::Framer;

use super::LAB_PROTOCOLS;
use crate::labs::EXCERPT;
use crate::labs::event::{CLOSED_TEXT, Excerpt, FrameBytes, LabEvent, Side};
use crate::labs::session::{Session, Shared};
use crate::net::driver::Command;
use crate::net::tap::{Direction, TapSink};

/// Why an ask could not be carried out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AskError {
    /// No socket is open in this session.
    NotConnected,
    /// The socket's command queue is full.
    Busy,
}

#[derive(Debug)]
struct Inner {
    commands: Option<mpsc::Sender<Command>>,
    /// The recording's number for the page's current socket, and the next number to give.
    conn: u32,
    next_conn: u32,
    /// The browser's frames (its request head was sniffed before the claim).
    client: Observer,
    /// The server's 101, then its frames.
    server: Observer,
    /// The first byte of the frame last told of as begun, per direction (client, server), so
    /// a frame over many reads is told of once.
    begun: [Option<u64>; 2],
}

impl Inner {
    /// The observers of a connection whose handshake has just been accepted.
    fn observers() -> (Observer, Observer) {
        (
            Observer::new(Start::Frames, EXCERPT),
            Observer::new(Start::Response, EXCERPT),
        )
    }
}

/// One learner's WebSocket lab session.
#[derive(Debug)]
pub struct WsSession {
    shared: Shared,
    inner: Mutex<Inner>,
    /// A raw send is under way (one at a time per session).
    raw_busy: AtomicBool,
    /// The number of the latest raw connection.
    last_raw: AtomicU32,
}

impl Session for WsSession {
    fn shared(&self) -> &Shared {
        &self.shared
    }
}

impl Default for WsSession {
    fn default() -> Self {
        let (client, server) = Inner::observers();
        Self {
            shared: Shared::default(),
            inner: Mutex::new(Inner {
                commands: None,
                conn: 0,
                next_conn: 1,
                client,
                server,
                begun: [None; 2],
            }),
            raw_busy: AtomicBool::new(false),
            last_raw: AtomicU32::new(0),
        }
    }
}

impl WsSession {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn emit(&self, event: LabEvent) {
        self.shared.emit_owned(event);
    }

    /// A number for a new connection of this session, and its recording opened with the
    /// request head the tap sniffed before the claim (the first bytes the client sent).
    fn open_conn(&self, inner: &mut Inner, ends: (SocketAddr, SocketAddr), head: &[u8]) -> u32 {
        let n = inner.next_conn;
        inner.next_conn += 1;
        let mut recording = self.shared.recording();
        if recording.open(n, ends.0, ends.1) {
            recording.bytes(n, true, head);
        }
        n
    }

    /// The opening handshake was accepted: the request as the browser sent it, the accept
    /// derivation for its key, and what the server decided and why. `ends` are the
    /// connection's client and server addresses, for the recording.
    pub fn handshake(
        &self,
        head: &[u8],
        accepted: &Accepted,
        commands: mpsc::Sender<Command>,
        ends: (SocketAddr, SocketAddr),
    ) {
        let mut inner = self.lock();
        self.shared.connection_opened();
        inner.commands = Some(commands);
        inner.conn = self.open_conn(&mut inner, ends, head);
        (inner.client, inner.server) = Inner::observers();
        inner.begun = [None; 2];
        if head.is_empty() {
            self.emit(LabEvent::note(
                "The request bytes were not captured: the browser reused a connection, so \
                     only the frames below are exact.",
            ));
        } else {
            let request = dissect::handshake_request_for(head, LAB_PROTOCOLS);
            let steps = dissect::accept_key_steps(&accepted.key);
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
        let dissection =
            (!head.is_empty()).then(|| dissect::handshake_request_for(head, LAB_PROTOCOLS));
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

    /// Starts a raw send, or `None` while another is under way; the send ends when the
    /// guard drops.
    pub fn begin_raw(self: &Arc<Self>) -> Option<RawGuard> {
        self.raw_busy
            .compare_exchange(false, true, Ordering::AcqRel, Ordering::Acquire)
            .ok()?;
        Some(RawGuard(self.clone()))
    }

    /// The number of the latest raw connection, 0 before the first.
    pub fn last_raw(&self) -> u32 {
        self.last_raw.load(Ordering::Acquire)
    }

    /// Whether a raw send is under way (the raw socket is refused otherwise).
    pub fn raw_pending(&self) -> bool {
        self.raw_busy.load(Ordering::Acquire)
    }

    /// The sink of the raw client's connection, whose request head the tap sniffed: its
    /// events go to this session's stream, marked with their connection's number.
    pub fn raw_sink(self: &Arc<Self>, head: &[u8], ends: (SocketAddr, SocketAddr)) -> Arc<RawSink> {
        let n = self.open_conn(&mut self.lock(), ends, head);
        self.last_raw.store(n, Ordering::Release);
        self.shared.connection_opened();
        let (client, server) = Inner::observers();
        Arc::new(RawSink {
            session: self.clone(),
            n,
            observers: Mutex::new((client, server)),
        })
    }

    /// Tells of one read or write (its size and stream range), hands `data` to its
    /// direction's observer, emits each unit it completes, and tells of a frame it began
    /// but did not end.
    fn ingest(&self, inner: &mut Inner, direction: Direction, data: &[u8]) {
        let from_client = direction == Direction::ClientToServer;
        self.shared.recording().bytes(inner.conn, from_client, data);
        let (observer, begun) = if from_client {
            (&mut inner.client, &mut inner.begun[0])
        } else {
            (&mut inner.server, &mut inner.begun[1])
        };
        let at = observer.position();
        self.emit(LabEvent::Tcp {
            connection: None,
            direction: Side::from_client(from_client),
            size: data.len(),
            range: [at, at + data.len() as u64],
        });
        for unit in observer.feed(data) {
            self.unit(unit, from_client, None);
        }
        if let Some((start, Some(end))) = observer.pending()
            && *begun != Some(start)
        {
            *begun = Some(start);
            self.emit(LabEvent::FrameBegun {
                direction: Side::from_client(from_client),
                range: [start, end],
            });
        }
    }

    /// Tells the page of one unit of a direction: the 101, a frame, or where framing stopped
    /// and why. `connection` is set for the raw client's connections.
    fn unit(&self, unit: Unit, from_client: bool, connection: Option<u32>) {
        let direction = Side::from_client(from_client);
        match unit {
            Unit::Head(head) => self.emit(LabEvent::HandshakeResponse {
                connection,
                direction,
                dissection: dissect::handshake_response(&head.bytes),
            }),
            Unit::Frame(frame) => {
                let range = [frame.range.start, frame.range.end];
                let whole = frame.is_whole();
                let truncated = (!whole).then(|| Excerpt {
                    shown: frame.kept_payload().len() as u64,
                    total: frame.payload_len(),
                });
                // Dissected when a page reads it, not here (see `FrameBytes`).
                self.emit(LabEvent::WsFrame {
                    connection,
                    direction,
                    dissection: FrameBytes {
                        kept: frame.kept,
                        from_client,
                        whole,
                    },
                    truncated,
                    range,
                });
            }
            Unit::Lost(lost) => {
                let name = if from_client { "client" } else { "server" };
                let text = match lost.error {
                    Why::Frame(_) => {
                        // The header up to the field that breaks the rule, dissected.
                        self.emit(LabEvent::WsFrame {
                            connection,
                            direction,
                            dissection: FrameBytes {
                                kept: lost.bytes,
                                from_client,
                                whole: true,
                            },
                            truncated: None,
                            range: [lost.range.start, lost.range.end],
                        });
                        format!(
                            "The {name}'s frame header breaks a structural rule, so the frames \
                             after it cannot be told apart; the lab stops dissecting this \
                             direction."
                        )
                    }
                    Why::HeadTooLarge => format!(
                        "The {name}'s HTTP head did not end within {} bytes; the lab stops \
                         dissecting this direction.",
                        websocket::observe::MAX_HEAD_LEN
                    ),
                    Why::NotSwitching(status) => format!(
                        "The response is {status}, not 101 Switching Protocols, so the bytes \
                         after it are not frames (RFC 6455 §4.1); the lab stops dissecting them."
                    ),
                    Why::NotAResponse => "The server's head is not an HTTP response, so \
                                          whether frames follow it is unknown; the lab stops \
                                          dissecting this direction."
                        .to_owned(),
                };
                self.emit(LabEvent::note(text));
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
        let mut inner = self.lock();
        inner.commands = None;
        self.shared.recording().close(inner.conn);
        drop(inner);
        self.shared.connection_closed(&LabEvent::Closed {
            connection: None,
            text: CLOSED_TEXT,
        });
    }
}

/// Ends a raw send when dropped.
#[derive(Debug)]
pub struct RawGuard(Arc<WsSession>);

impl Drop for RawGuard {
    fn drop(&mut self) {
        self.0.raw_busy.store(false, Ordering::Release);
    }
}

/// The server's side of the lab's raw client connection: its bytes framed by observers of
/// its own (the page's socket keeps its own), its events in the session's stream.
#[derive(Debug)]
pub struct RawSink {
    session: Arc<WsSession>,
    n: u32,
    /// The client's frames, and the server's 101 and frames.
    observers: Mutex<(Observer, Observer)>,
}

impl RawSink {
    /// The connection's number in the session's stream.
    pub fn number(&self) -> u32 {
        self.n
    }
}

impl TapSink for RawSink {
    fn bytes(&self, direction: Direction, data: &[u8]) {
        let from_client = direction == Direction::ClientToServer;
        let mut observers = self
            .observers
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let session = &self.session;
        session.shared.recording().bytes(self.n, from_client, data);
        let observer = if from_client {
            &mut observers.0
        } else {
            &mut observers.1
        };
        // The TCP lane: this read or write, so "three frames in one write" shows as one.
        let at = observer.position();
        session.emit(LabEvent::Tcp {
            connection: Some(self.n),
            direction: Side::from_client(from_client),
            size: data.len(),
            range: [at, at + data.len() as u64],
        });
        for unit in observer.feed(data) {
            session.unit(unit, from_client, Some(self.n));
        }
    }

    fn closed(&self) {
        self.session.shared.recording().close(self.n);
        self.session.shared.connection_closed(&LabEvent::Closed {
            connection: Some(self.n),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::labs::session::logged;

    /// The server's 101 with RFC 6455 §5.7's unmasked "Hello" after it, and from the client
    /// its masked "Hello" and a 16 KiB binary frame (a 16-bit length), fed in pieces of
    /// `piece` bytes.
    fn run(piece: usize) -> Vec<serde_json::Value> {
        units(run_all(piece))
    }

    /// The events but the reads and writes and the frames begun (which depend on the pieces).
    fn units(events: Vec<serde_json::Value>) -> Vec<serde_json::Value> {
        events
            .into_iter()
            .filter(|e| e["kind"] != "tcp" && e["kind"] != "frame-begun")
            .map(|mut e| {
                if let Some(o) = e.as_object_mut() {
                    o.remove("seq");
                }
                e
            })
            .collect()
    }

    fn run_all(piece: usize) -> Vec<serde_json::Value> {
        let session = WsSession::default();
        let response = b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n";
        let server = [&response[..], &[0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f]].concat();
        let mut client = vec![
            0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58,
        ];
        client.extend_from_slice(&[0x82, 0xfe, 0x40, 0x00, 1, 2, 3, 4]);
        client.extend(std::iter::repeat_n(7, 0x4000));
        client.extend_from_slice(&[0x81]); // a frame not yet whole
        for chunk in server.chunks(piece) {
            session.bytes(Direction::ServerToClient, chunk);
        }
        for chunk in client.chunks(piece) {
            session.bytes(Direction::ClientToServer, chunk);
        }
        logged(&session)
    }

    #[test]
    fn the_same_events_whole_byte_by_byte_and_in_pieces() {
        let whole = run(usize::MAX);
        assert_eq!(run(1), whole);
        assert_eq!(run(5), whole);
        let kinds: Vec<_> = whole
            .iter()
            .map(|e| {
                (
                    e["kind"].as_str().unwrap(),
                    e["direction"].as_str().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            kinds,
            [
                ("handshake-response", "server"),
                ("frame", "server"),
                ("frame", "client"),
                ("frame", "client")
            ]
        );
        assert_eq!(
            whole[2]["dissection"]["fields"].as_array().unwrap().len(),
            whole[1]["dissection"]["fields"].as_array().unwrap().len() + 1,
            "the client's Hello has a masking key"
        );
        assert_eq!(
            whole[3]["truncated"],
            serde_json::json!({ "shown": EXCERPT, "total": 0x4000 })
        );
    }

    #[test]
    fn each_read_is_told_with_its_range_and_a_frame_over_many_reads_is_begun_once() {
        let events = run_all(5);
        let reads: Vec<_> = events
            .iter()
            .filter(|e| e["kind"] == "tcp" && e["direction"] == "client")
            .map(|e| (e["size"].as_u64().unwrap(), e["range"].clone()))
            .collect();
        assert_eq!(reads[0], (5, serde_json::json!([0, 5])));
        assert_eq!(reads[1], (5, serde_json::json!([5, 10])));
        let total: u64 = reads.iter().map(|r| r.0).sum();
        assert_eq!(total, 11 + 8 + 0x4000 + 1);
        let frames: Vec<_> = events
            .iter()
            .filter(|e| e["kind"] == "frame" && e["direction"] == "client")
            .map(|e| e["range"].clone())
            .collect();
        assert_eq!(
            frames,
            [
                serde_json::json!([0, 11]),
                serde_json::json!([11, 19 + 0x4000])
            ]
        );
        let begun: Vec<_> = events
            .iter()
            .filter(|e| e["kind"] == "frame-begun" && e["direction"] == "client")
            .map(|e| e["range"].clone())
            .collect();
        // The Hello over three reads, the 16 KiB frame over thousands: each told of once.
        assert_eq!(
            begun,
            [
                serde_json::json!([0, 11]),
                serde_json::json!([11, 19 + 0x4000])
            ]
        );
        // Whole, each read ends frames: nothing is begun.
        assert!(
            !run_all(usize::MAX)
                .iter()
                .any(|e| e["kind"] == "frame-begun")
        );
    }

    #[test]
    fn a_broken_header_stops_its_direction_with_a_note() {
        let session = WsSession::default();
        // A 64-bit length with its top bit set (RFC 6455 §5.2), then a frame never shown.
        let broken = [0x82, 0x7f, 0x80, 0, 0, 0, 0, 0, 0, 1, 0x81, 0x00];
        session.bytes(Direction::ServerToClient, b"HTTP/1.1 101 OK\r\n\r\n");
        session.bytes(Direction::ServerToClient, &broken);
        let events = units(logged(&session));
        assert_eq!(events.len(), 3);
        assert_eq!(events[1]["kind"], "frame");
        assert!(
            events[2]["text"]
                .as_str()
                .unwrap()
                .contains("breaks a structural rule")
        );
    }
}
