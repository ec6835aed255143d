//! One HTTP/2 lab session: the tapped bytes of one or more HTTP/2 connections, cut into the
//! client preface and frames by an [`http2::observe::Observer`] per direction, each frame
//! dissected once and shown with its sender's HPACK table ([`super::frames`]), and kept as a
//! bounded, ordered list of events.
//!
//! ```text
//!  client → server:  preface (24 bytes) ──▶ frame ──▶ frame ──▶ …   (Observer::client)
//!  server → client:  frame ──▶ frame ──▶ …                          (Observer::server)
//! ```
//!
//! The observer keeps the lab's excerpt of each frame ([`Excerpt::default`]: the first 4 KiB
//! of a DATA payload, any other frame whole up to 64 KiB, so a field block is decoded whole).
//! Each direction of each connection has its own [`Dissector`], whose HPACK decoder keeps
//! that direction's dynamic table (RFC 7541 §2.2: each direction has its own), so the
//! server's HEADERS are decoded with the table the server's encoder built.
//!
//! A session is the sink of the lab's own client connections ([`ConnSink`], which knows
//! which side of the socket it is on) and of the h2c connections the server accepted from
//! other clients (a capture, capped at [`MAX_CAPTURE_BYTES`]).

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use http2::dissect::Dissector;
use http2::observe::{Excerpt, Observer, Unit};
use serde::Serialize;
use wire::Framer;

use super::frames::frame_event;
use crate::labs::event::{CLOSED_TEXT, LabEvent, Side};
use crate::labs::session::{Session, Shared};
use crate::net::tap::{Direction, TapSink};

/// The most connection bytes a capture of another client's session looks at.
pub const MAX_CAPTURE_BYTES: usize = 256 * 1024;
/// The most frames a capture records; then one note, and the capture stops looking (so a
/// flood of tiny unknown-type frames costs 512 dissections, not one per 9 bytes).
pub const MAX_CAPTURE_FRAMES: usize = 512;
/// The most connections a session follows at once.
pub const MAX_CONNECTIONS: usize = 4;
/// The most `:path`s a capture lists.
const MAX_PATHS_LISTED: usize = 32;

/// One direction of a connection: its framing and its dissector.
#[derive(Debug)]
pub(super) struct Dir {
    observer: Observer,
    /// Its own dissector: each direction has its own HPACK dynamic table (RFC 7541 §2.2).
    pub(super) dissector: Dissector,
}

impl Dir {
    fn new(observer: Observer) -> Self {
        Dir {
            observer,
            dissector: Dissector::new(),
        }
    }
}

#[derive(Debug)]
struct Conn {
    n: u32,
    client: Dir,
    server: Dir,
}

#[derive(Debug)]
struct Inner {
    conns: Vec<Conn>,
    next_conn: u32,
    /// Bytes looked at, and the cap (captures only).
    bytes: usize,
    byte_cap: Option<usize>,
    capped: bool,
    /// Frames recorded, and the cap (captures only).
    frame_cap: Option<usize>,
    /// Nothing more is looked at (a cap was reached, or the capture was evicted).
    stopped: bool,
    /// The `:path`s requested, for the captures list.
    paths: Vec<String>,
    frames: usize,
}

/// What the captures list says of a capture.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// Seconds since the connection began.
    pub age_s: u64,
    /// Whether a connection is still open.
    pub open: bool,
    /// Connection bytes looked at.
    pub bytes: usize,
    /// Whether the capture stopped at [`MAX_CAPTURE_BYTES`].
    pub capped: bool,
    pub frames: usize,
    /// The `:path`s the client requested.
    pub paths: Vec<String>,
}

/// An HTTP/2 lab session or capture.
#[derive(Debug)]
pub struct H2Session {
    /// The lab's open hyper client connection, if any (lab sessions only).
    pub client: tokio::sync::Mutex<Option<super::client::ClientConn>>,
    shared: Shared,
    inner: Mutex<Inner>,
}

impl Session for H2Session {
    fn shared(&self) -> &Shared {
        &self.shared
    }

    /// Stops looking at its connections (their observers and dissectors are freed), ends
    /// its log and streams, and closes the lab's own client connection.
    fn end(&self) {
        {
            let mut inner = self.lock();
            inner.stopped = true;
            inner.conns.clear();
        }
        self.shared.end();
        if let Ok(mut client) = self.client.try_lock() {
            client.take();
        }
    }
}

/// One tapped connection of a session, seen from one side of the socket.
#[derive(Debug)]
pub struct ConnSink {
    session: Arc<H2Session>,
    n: u32,
    /// The tap is on the client's socket: its reads are the server's bytes.
    client_side: bool,
}

impl TapSink for ConnSink {
    fn bytes(&self, direction: Direction, data: &[u8]) {
        let from_client = (direction == Direction::ClientToServer) != self.client_side;
        self.session.ingest(self.n, from_client, data);
    }

    fn closed(&self) {
        self.session.conn_closed(self.n);
    }
}

impl H2Session {
    /// A session; `byte_cap` bounds the connection bytes it looks at (captures).
    pub fn new(byte_cap: Option<usize>) -> Self {
        Self {
            client: tokio::sync::Mutex::new(None),
            shared: Shared::default(),
            inner: Mutex::new(Inner {
                conns: Vec::new(),
                next_conn: 1,
                bytes: 0,
                byte_cap,
                capped: false,
                frame_cap: byte_cap.map(|_| MAX_CAPTURE_FRAMES),
                stopped: false,
                paths: Vec::new(),
                frames: 0,
            }),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A sink for a new connection of this session, or `None` past [`MAX_CONNECTIONS`];
    /// with `ends` (its client and server addresses) its bytes are recorded for the exports.
    pub fn connection(
        self: &Arc<Self>,
        client_side: bool,
        ends: Option<(SocketAddr, SocketAddr)>,
    ) -> Option<(Arc<ConnSink>, u32)> {
        let mut inner = self.lock();
        if inner.conns.len() >= MAX_CONNECTIONS {
            return None;
        }
        let n = inner.next_conn;
        inner.next_conn += 1;
        self.shared.connection_opened();
        if let Some((client, server)) = ends {
            self.shared.recording().open(n, client, server);
        }
        inner.conns.push(Conn {
            n,
            client: Dir::new(Observer::client(Excerpt::default())),
            server: Dir::new(Observer::server(Excerpt::default())),
        });
        Some((
            Arc::new(ConnSink {
                session: self.clone(),
                n,
                client_side,
            }),
            n,
        ))
    }

    /// A summary for the captures list.
    pub fn summary(&self) -> Summary {
        let inner = self.lock();
        Summary {
            age_s: self.shared.age().as_secs(),
            open: self.shared.is_connected(),
            bytes: inner.bytes,
            capped: inner.capped,
            frames: inner.frames,
            paths: inner.paths.clone(),
        }
    }

    /// Adds an event that is not a frame: a request, a note.
    pub fn event(&self, event: LabEvent) {
        self.shared.emit(&event);
    }

    fn conn_closed(&self, n: u32) {
        self.lock().conns.retain(|c| c.n != n);
        self.shared.recording().close(n);
        self.shared.connection_closed(&LabEvent::Closed {
            connection: Some(n),
            text: CLOSED_TEXT,
        });
    }

    fn ingest(&self, n: u32, from_client: bool, mut data: &[u8]) {
        let mut inner = self.lock();
        if inner.stopped {
            return;
        }
        if let Some(cap) = inner.byte_cap {
            let room = cap.saturating_sub(inner.bytes);
            if room == 0 {
                return;
            }
            if data.len() > room {
                data = &data[..room];
                inner.capped = true;
            }
        }
        inner.bytes += data.len();
        self.shared.recording().bytes(n, from_client, data);
        let side = Side::from_client(from_client);
        let inner = &mut *inner;
        let Some(conn) = inner.conns.iter_mut().find(|c| c.n == n) else {
            return;
        };
        let dir = if from_client {
            &mut conn.client
        } else {
            &mut conn.server
        };
        for unit in dir.observer.feed(data) {
            if inner.frame_cap.is_some_and(|cap| inner.frames >= cap) {
                inner.stopped = true;
                self.event(LabEvent::conn_note(
                    n,
                    None,
                    format!(
                        "The capture stops recording here: a capture records at most \
                         {MAX_CAPTURE_FRAMES} frames."
                    ),
                ));
                break;
            }
            let event = match unit {
                Unit::Preface(preface) => {
                    // A fresh dissector reads it as the direction's own would.
                    let mut d = Dissector::new().frames(&preface.bytes);
                    LabEvent::Preface {
                        connection: n,
                        direction: side,
                        dissection: d.pop(),
                        stream_id: 0,
                    }
                }
                Unit::Lost(lost) => LabEvent::conn_note(
                    n,
                    Some(side),
                    format!(
                        "Byte {} is not the HTTP/2 client preface's (RFC 9113 §3.4), so the \
                         lab stops dissecting this connection.",
                        lost.bytes.len()
                    ),
                ),
                Unit::Frame(frame) => {
                    inner.frames += 1;
                    let (event, path) = frame_event(&mut dir.dissector, n, from_client, &frame);
                    if let Some(path) = path
                        && inner.paths.len() < MAX_PATHS_LISTED
                    {
                        inner.paths.push(path);
                    }
                    event
                }
            };
            self.event(event);
        }
        if inner.capped && !inner.stopped {
            inner.byte_cap = Some(0);
            self.event(LabEvent::conn_note(
                n,
                None,
                format!(
                    "The capture stops here: a capture looks at most {MAX_CAPTURE_BYTES} \
                         bytes of a connection."
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use http2::frame::PREFACE;

    use super::*;
    use crate::labs::session::logged;

    /// The client's preface, an empty SETTINGS, a PING, then a DATA frame of 16 KiB; fed in
    /// pieces of `piece` bytes (with trailing bytes of a frame not yet whole).
    fn run(piece: usize) -> Vec<serde_json::Value> {
        let session = Arc::new(H2Session::new(None));
        let (sink, _) = session.connection(false, None).unwrap();
        let mut bytes = PREFACE.to_vec();
        bytes.extend_from_slice(&[0, 0, 0, 4, 0, 0, 0, 0, 0]);
        bytes.extend_from_slice(&[0, 0, 8, 6, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8]);
        bytes.extend_from_slice(&[0, 0x40, 0, 0, 1, 0, 0, 0, 1]);
        bytes.extend(std::iter::repeat_n(b'x', 0x4000));
        bytes.extend_from_slice(&[0, 0, 8, 6]);
        for chunk in bytes.chunks(piece) {
            sink.bytes(Direction::ClientToServer, chunk);
        }
        logged(&*session)
    }

    #[test]
    fn the_same_events_whole_byte_by_byte_and_in_pieces() {
        let whole = run(usize::MAX);
        assert_eq!(run(1), whole);
        assert_eq!(run(7), whole);
        let kinds: Vec<_> = whole
            .iter()
            .map(|e| (e["kind"].as_str().unwrap(), e["frame_type"].as_str()))
            .collect();
        assert_eq!(
            kinds,
            [
                ("preface", None),
                ("frame", Some("SETTINGS")),
                ("frame", Some("PING")),
                ("frame", Some("DATA"))
            ]
        );
        assert_eq!(
            whole[3]["truncated"],
            serde_json::json!({ "shown": 4096, "total": 0x4000 })
        );
        assert_eq!(whole[3]["stream_id"], 1);
    }

    #[test]
    fn a_connection_that_is_not_http2_gets_one_note() {
        let session = Arc::new(H2Session::new(None));
        let (sink, _) = session.connection(false, None).unwrap();
        sink.bytes(Direction::ClientToServer, b"GET / HTTP/1.1\r\n\r\n");
        sink.bytes(Direction::ClientToServer, b"more");
        let events = logged(&*session);
        assert_eq!(events.len(), 1);
        assert!(events[0]["text"].as_str().unwrap().starts_with("Byte 1 "));
    }
}
