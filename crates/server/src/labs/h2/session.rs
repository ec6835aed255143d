//! One HTTP/2 lab session: the tapped bytes of one or more HTTP/2 connections, cut into the
//! client preface and frames ([`super::cut`]), each frame dissected and shown with its
//! sender's HPACK table ([`super::frames`]), and kept as a bounded, ordered list of events.
//!
//! Each direction of each connection has its own [`Dissector`], whose HPACK decoder keeps
//! that direction's dynamic table (RFC 7541 §2.2: each direction has its own), so the
//! server's HEADERS are decoded with the table the server's encoder built.
//!
//! A session is the sink of the lab's own client connections ([`ConnSink`], which knows
//! which side of the socket it is on) and of the h2c connections the server accepted from
//! other clients (a capture, capped at [`MAX_CAPTURE_BYTES`]).

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use http2::dissect::Dissector;
use serde::Serialize;

use super::cut::{Cut, Dir, cut};
use super::frames::frame_event;
use crate::labs::event::{CLOSED_TEXT, LabEvent, Side};
use crate::labs::session::{Session, Shared};
use crate::net::tap::{Direction, TapSink};

/// The most connection bytes a capture of another client's session looks at.
pub const MAX_CAPTURE_BYTES: usize = 256 * 1024;
/// The most connections a session follows at once.
pub const MAX_CONNECTIONS: usize = 4;
/// The most `:path`s a capture lists.
const MAX_PATHS_LISTED: usize = 32;

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
    /// The `:path`s requested, for the captures list.
    paths: Vec<String>,
    frames: usize,
}

impl Inner {
    /// One direction of connection `n`, if the session still follows it.
    fn dir(&mut self, n: u32, from_client: bool) -> Option<&mut Dir> {
        let conn = self.conns.iter_mut().find(|c| c.n == n)?;
        Some(if from_client {
            &mut conn.client
        } else {
            &mut conn.server
        })
    }
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
                paths: Vec::new(),
                frames: 0,
            }),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A sink for a new connection of this session, or `None` past [`MAX_CONNECTIONS`].
    pub fn connection(self: &Arc<Self>, client_side: bool) -> Option<(Arc<ConnSink>, u32)> {
        let mut inner = self.lock();
        if inner.conns.len() >= MAX_CONNECTIONS {
            return None;
        }
        let n = inner.next_conn;
        inner.next_conn += 1;
        self.shared.connection_opened();
        inner.conns.push(Conn {
            n,
            client: Dir::client(),
            server: Dir::default(),
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
        self.shared.connection_closed(&LabEvent::Closed {
            connection: Some(n),
            text: CLOSED_TEXT,
        });
    }

    fn ingest(&self, n: u32, from_client: bool, mut data: &[u8]) {
        let mut inner = self.lock();
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
        let side = Side::from_client(from_client);
        let mut out = Vec::new();
        let Some(dir) = inner.dir(n, from_client) else {
            return;
        };
        cut(dir, data, &mut out);
        for cutting in out {
            let event = match cutting {
                Cut::Preface(bytes) => {
                    let mut d = Dissector::new().frames(&bytes);
                    LabEvent::Preface {
                        connection: n,
                        direction: side,
                        dissection: d.pop().map(|d| wire::render::json(&d)),
                        stream_id: 0,
                    }
                }
                Cut::BadPreface(bytes) => LabEvent::conn_note(
                    n,
                    Some(side),
                    format!(
                        "The first {} bytes are not the HTTP/2 client preface (RFC 9113 §3.4), \
                         so the lab stops dissecting this connection.",
                        bytes.len()
                    ),
                ),
                Cut::Frame {
                    bytes,
                    total_payload,
                    frame_type,
                } => {
                    inner.frames += 1;
                    let Some(dir) = inner.dir(n, from_client) else {
                        continue;
                    };
                    let (event, path) =
                        frame_event(dir, n, from_client, &bytes, total_payload, frame_type);
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
        if inner.capped {
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
