//! One HTTP/2 lab session: the tapped bytes of one or more HTTP/2 connections, cut into the
//! client preface and frames, dissected, and kept as a bounded, ordered list of events.
//!
//! ```text
//!  client → server:  preface (24 bytes) ──▶ frame ──▶ frame ──▶ …
//!  server → client:  frame ──▶ frame ──▶ …
//! ```
//!
//! Every frame starts with the same 9-byte header whose first 24 bits are its payload's
//! length (RFC 9113 §4.1), so cutting the stream needs nothing else; the frame is emitted
//! when its last byte has passed. Each direction of each connection has its own
//! [`Dissector`], whose HPACK decoder keeps that direction's dynamic table (RFC 7541 §2.2:
//! each direction has its own), so the server's HEADERS are decoded with the table the
//! server's encoder built. Only the first [`EXCERPT`] bytes of a DATA payload are kept.
//!
//! A session is the sink of the lab's own client connections ([`ConnSink`], which knows
//! which side of the socket it is on) and of the h2c connections the server accepted from
//! other clients (a capture, capped at [`MAX_CAPTURE_BYTES`]).

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use http2::dissect::Dissector;
use http2::frame::{FrameType, HEADER_LEN, PREFACE};
use http2::hpack::HeaderField;
use serde::Serialize;

use crate::labs::EXCERPT;
use crate::labs::event::{CLOSED_TEXT, Excerpt, HpackTable, LabEvent, Side, TableEntry};
use crate::labs::session::{Session, Shared};
use crate::net::tap::{Direction, TapSink};

/// The most payload bytes kept of any other frame (a field block is decoded whole up to
/// this, so the HPACK table stays right).
pub const MAX_KEPT_PAYLOAD: usize = 64 * 1024;
/// The most connection bytes a capture of another client's session looks at.
pub const MAX_CAPTURE_BYTES: usize = 256 * 1024;
/// The most connections a session follows at once.
pub const MAX_CONNECTIONS: usize = 4;
/// The most `:path`s a capture lists.
const MAX_PATHS_LISTED: usize = 32;

/// Where one direction's parser is.
#[derive(Debug, Default)]
struct Dir {
    dissector: Dissector,
    /// The client's direction begins with the 24-byte preface.
    awaiting_preface: bool,
    kept: Vec<u8>,
    /// The current frame: its payload length and type, once the header is whole.
    frame: Option<(usize, u8)>,
    /// Payload bytes of the current frame that have passed.
    seen: usize,
    lost: bool,
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
            client: Dir {
                awaiting_preface: true,
                ..Dir::default()
            },
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
        {
            let Some(conn) = inner.conns.iter_mut().find(|c| c.n == n) else {
                return;
            };
            let dir = if from_client {
                &mut conn.client
            } else {
                &mut conn.server
            };
            cut(dir, data, &mut out);
        }
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
                    let Some(event) = frame_event(
                        &mut inner,
                        n,
                        from_client,
                        &bytes,
                        total_payload,
                        frame_type,
                    ) else {
                        continue;
                    };
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

/// A piece of one direction's bytes, cut at a boundary.
enum Cut {
    Preface(Vec<u8>),
    BadPreface(Vec<u8>),
    Frame {
        bytes: Vec<u8>,
        total_payload: usize,
        frame_type: u8,
    },
}

/// Cuts `data` into the preface and frames, keeping what is not whole yet in `dir`.
fn cut(dir: &mut Dir, mut data: &[u8], out: &mut Vec<Cut>) {
    while !data.is_empty() && !dir.lost {
        if dir.awaiting_preface {
            let take = (PREFACE.len() - dir.kept.len()).min(data.len());
            dir.kept.extend_from_slice(&data[..take]);
            data = &data[take..];
            if !PREFACE.starts_with(&dir.kept) {
                dir.lost = true;
                out.push(Cut::BadPreface(std::mem::take(&mut dir.kept)));
                return;
            }
            if dir.kept.len() == PREFACE.len() {
                dir.awaiting_preface = false;
                let preface = std::mem::take(&mut dir.kept);
                // Dissect it with the direction's own dissector: a fresh one is the same.
                out.push(Cut::Preface(preface));
            }
            continue;
        }
        if dir.frame.is_none() {
            let take = (HEADER_LEN - dir.kept.len()).min(data.len());
            dir.kept.extend_from_slice(&data[..take]);
            data = &data[take..];
            if let [l0, l1, l2, frame_type, ..] = dir.kept[..]
                && dir.kept.len() == HEADER_LEN
            {
                // RFC 9113 §4.1: Length is the first 24 bits.
                let length = usize::from(l0) << 16 | usize::from(l1) << 8 | usize::from(l2);
                dir.frame = Some((length, frame_type));
                dir.seen = 0;
            }
        }
        if let Some((length, frame_type)) = dir.frame {
            let take = (length - dir.seen).min(data.len());
            let cap = if frame_type == FrameType::Data.as_u8() {
                EXCERPT
            } else {
                MAX_KEPT_PAYLOAD
            };
            let room = (HEADER_LEN + cap).saturating_sub(dir.kept.len());
            dir.kept.extend_from_slice(&data[..take.min(room)]);
            dir.seen += take;
            data = &data[take..];
            if dir.seen == length {
                dir.frame = None;
                dir.seen = 0;
                out.push(Cut::Frame {
                    bytes: std::mem::take(&mut dir.kept),
                    total_payload: length,
                    frame_type,
                });
            }
        }
    }
}

/// A frame event: the dissection, the stream, and after a field block the dynamic table and
/// what it evicted. `None` when the connection is no longer followed.
fn frame_event(
    inner: &mut Inner,
    n: u32,
    from_client: bool,
    bytes: &[u8],
    total_payload: usize,
    frame_type: u8,
) -> Option<LabEvent> {
    let conn = inner.conns.iter_mut().find(|c| c.n == n)?;
    let dir = if from_client {
        &mut conn.client
    } else {
        &mut conn.server
    };
    let before: Vec<HeaderField> = dir.dissector.decoder().table().iter().cloned().collect();
    let dissections = dir.dissector.frames(bytes);
    let dissection = dissections.first().map(wire::render::json);
    let stream_id = match bytes {
        [_, _, _, _, _, a, b, c, d, ..] => u32::from_be_bytes([*a, *b, *c, *d]) & 0x7fff_ffff,
        _ => 0,
    };
    let shown = bytes.len().saturating_sub(HEADER_LEN);
    let truncated = (shown < total_payload).then_some(Excerpt {
        shown: shown as u64,
        total: total_payload as u64,
    });
    let kind = FrameType::from_u8(frame_type);
    let field_block = matches!(
        kind,
        FrameType::Headers | FrameType::Continuation | FrameType::PushPromise
    );
    let hpack = field_block.then(|| {
        let table = dir.dissector.decoder().table();
        let after: Vec<HeaderField> = table.iter().cloned().collect();
        let kept = kept_of(&before, &after);
        HpackTable {
            hpack_table: after
                .iter()
                .enumerate()
                .map(|(i, f)| entry(Some(62 + i), f))
                .collect(),
            hpack_table_size: table.size(),
            hpack_table_max: table.max_size(),
            hpack_evicted: before[kept..].iter().map(|f| entry(None, f)).collect(),
            hpack_added: after.len() - kept,
        }
    });
    let event = LabEvent::H2Frame {
        connection: n,
        direction: Side::from_client(from_client),
        stream_id,
        frame_type: kind.name(),
        length: total_payload,
        dissection,
        truncated,
        hpack,
    };
    if from_client
        && kind == FrameType::Headers
        && inner.paths.len() < MAX_PATHS_LISTED
        && let Some(path) = find_path(dissections.first())
    {
        inner.paths.push(path);
    }
    Some(event)
}

/// How many of the table's old entries (newest first) are still there: the new table ends
/// with that many of them (new entries go in front, evictions come off the back, §4.4).
fn kept_of(before: &[HeaderField], after: &[HeaderField]) -> usize {
    (0..=before.len().min(after.len()))
        .rev()
        .find(|&m| after[after.len() - m..] == before[..m])
        .unwrap_or(0)
}

fn entry(index: Option<usize>, f: &HeaderField) -> TableEntry {
    TableEntry {
        index,
        name: text(&f.name),
        value: text(&f.value),
        size: f.size(),
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The `:path` a HEADERS dissection decoded: the value of a representation in its field
/// block (`:path: /x`).
fn find_path(d: Option<&wire::Dissection>) -> Option<String> {
    d?.fields
        .iter()
        .flat_map(|f| f.children.iter())
        .find_map(|c| c.value.strip_prefix(":path: "))
        .map(|p| p.chars().take(200).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_a_stream_into_preface_and_frames_in_any_pieces() {
        let mut bytes = PREFACE.to_vec();
        bytes.extend_from_slice(&[0, 0, 0, 4, 0, 0, 0, 0, 0]); // SETTINGS, empty
        bytes.extend_from_slice(&[0, 0, 8, 6, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8]); // PING
        for piece in [1, 5, 9, 100] {
            let mut dir = Dir {
                awaiting_preface: true,
                ..Dir::default()
            };
            let mut out = Vec::new();
            for chunk in bytes.chunks(piece) {
                cut(&mut dir, chunk, &mut out);
            }
            assert_eq!(out.len(), 3);
            assert!(matches!(out[0], Cut::Preface(_)));
            assert!(matches!(
                out[2],
                Cut::Frame {
                    frame_type: 6,
                    total_payload: 8,
                    ..
                }
            ));
        }
    }

    #[test]
    fn a_long_data_frame_is_kept_as_an_excerpt() {
        let mut dir = Dir::default();
        let mut bytes = vec![0, 0x40, 0, 0, 1, 0, 0, 0, 1];
        bytes.extend(std::iter::repeat_n(b'x', 0x4000));
        let mut out = Vec::new();
        cut(&mut dir, &bytes, &mut out);
        let [
            Cut::Frame {
                bytes,
                total_payload,
                ..
            },
        ] = &out[..]
        else {
            panic!("one frame");
        };
        assert_eq!(
            (bytes.len(), *total_payload),
            (HEADER_LEN + EXCERPT, 0x4000)
        );
    }

    #[test]
    fn a_broken_preface_stops_the_direction() {
        let mut dir = Dir {
            awaiting_preface: true,
            ..Dir::default()
        };
        let mut out = Vec::new();
        cut(&mut dir, b"GET / HTTP/1.1\r\n", &mut out);
        assert!(matches!(out[..], [Cut::BadPreface(_)]));
        assert!(dir.lost);
    }

    #[test]
    fn evictions_are_the_old_entries_gone_from_the_back() {
        let f = |s: &str| HeaderField::new(s, "v");
        assert_eq!(kept_of(&[f("b"), f("a")], &[f("c"), f("b"), f("a")]), 2);
        assert_eq!(kept_of(&[f("b"), f("a")], &[f("c"), f("b")]), 1);
        assert_eq!(kept_of(&[], &[f("c")]), 0);
    }
}
