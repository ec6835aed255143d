//! What a lab page is told: [`LabEvent`], one variant per kind of event, for both labs.
//!
//! Each event goes out on the inspector stream as one JSON object, serialized once when it is
//! logged ([`super::events::EventLog::emit`]): the log's `seq` and `t_ms`, then `kind` (the
//! variant's name in kebab-case) and the variant's fields. A WebSocket frame and an HTTP/2
//! frame are both `"kind": "frame"`; the page of each lab knows which one it reads.
//!
//! ```text
//! {"seq":3,"t_ms":1.25,"kind":"frame","direction":"client","dissection":{…},"truncated":null}
//! ```
//!
//! A dissection travels as the [`Dissection`] itself and is written straight into the
//! event's JSON by its `Serialize` impl (the same tree `wire::render::json`, the dissect API
//! and the CLI's `--json` print), so a frame is dissected once and serialized once, with no
//! `serde_json::Value` built in between.

use serde::{Serialize, Serializer};
use wire::Dissection;

/// Which side sent the bytes an event is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    Client,
    Server,
}

impl Side {
    /// The side that sent bytes the server read (`true`) or wrote.
    pub fn from_client(from_client: bool) -> Self {
        if from_client {
            Side::Client
        } else {
            Side::Server
        }
    }
}

/// A WebSocket frame's dissection, made when it is first written out rather than when the
/// frame passed: the kept bytes (its header and at most [`super::EXCERPT`] of payload) are
/// all it holds until then. A frame that no page reads before the history lets it go is
/// never dissected, so the tapped socket's hot path only frames and copies
/// (`labs::ws::session`). The JSON is the same as the [`Dissection`]'s.
#[derive(Debug, Clone)]
pub struct FrameBytes {
    /// The frame's bytes as kept: the whole frame, or its header and the payload's start.
    pub kept: Vec<u8>,
    /// Which side sent it (a client's frames must be masked, a server's must not).
    pub from_client: bool,
    /// Whether `kept` is the whole frame.
    pub whole: bool,
}

impl FrameBytes {
    /// The dissection, made now.
    pub fn dissect(&self) -> Dissection {
        let from = Some(self.from_client);
        if self.whole {
            websocket::dissect::frame(&self.kept, from)
        } else {
            websocket::dissect::frame_excerpt(&self.kept, from)
        }
    }
}

impl Serialize for FrameBytes {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.dissect().serialize(serializer)
    }
}

/// How much of a long payload was dissected: the first `shown` of `total` bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Excerpt {
    pub shown: u64,
    pub total: u64,
}

/// An entry of an HPACK dynamic table (RFC 7541 §2.3.2) as the page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TableEntry {
    /// Its index in the address space: 62 is the newest (§2.3.3).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub index: Option<usize>,
    pub name: String,
    pub value: String,
    /// Name and value lengths plus 32 (§4.1).
    pub size: usize,
}

/// A side's HPACK dynamic table after a field block, and what the block changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HpackTable {
    /// The table, newest entry first.
    pub hpack_table: Vec<TableEntry>,
    pub hpack_table_size: usize,
    pub hpack_table_max: usize,
    /// The entries the block pushed out (§4.4), without their old indices.
    pub hpack_evicted: Vec<TableEntry>,
    /// How many entries the block added.
    pub hpack_added: usize,
}

/// One event of a lab session.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum LabEvent {
    /// A sentence for the learner: what happened, or what the server decided and why.
    Note {
        /// The HTTP/2 lab's connection number, when the note is about one.
        #[serde(skip_serializing_if = "Option::is_none")]
        connection: Option<u32>,
        #[serde(skip_serializing_if = "Option::is_none")]
        direction: Option<Side>,
        text: String,
    },
    /// The WebSocket opening handshake as the browser sent it (RFC 6455 §4.1), with the
    /// derivation of `Sec-WebSocket-Accept` from its key (§4.2.2).
    HandshakeRequest {
        direction: Side,
        dissection: Dissection,
        accept_steps: Dissection,
    },
    /// The opening handshake was refused with `status`; the request, when the tap kept it.
    HandshakeRefused {
        status: u16,
        text: String,
        dissection: Option<Dissection>,
    },
    /// The server's 101 Switching Protocols, as written.
    HandshakeResponse {
        /// Set for a connection other than the page's own socket (the lab's raw client).
        #[serde(skip_serializing_if = "Option::is_none")]
        connection: Option<u32>,
        direction: Side,
        dissection: Dissection,
    },
    /// A WebSocket frame (RFC 6455 §5.2), once its last byte has passed; dissected when it
    /// is written out ([`FrameBytes`]).
    #[serde(rename = "frame")]
    WsFrame {
        /// Set for a connection other than the page's own socket (the lab's raw client).
        #[serde(skip_serializing_if = "Option::is_none")]
        connection: Option<u32>,
        direction: Side,
        dissection: FrameBytes,
        /// Set when only the first bytes of the payload were kept.
        truncated: Option<Excerpt>,
        /// Where the frame lies in its direction's stream: its first byte and one past its
        /// last (so `range[1] - range[0]` is its real size on the wire, header included).
        range: [u64; 2],
    },
    /// A WebSocket frame whose header has been read but whose last byte has not (yet)
    /// arrived at the end of a read: where it lies, as its header announced.
    FrameBegun { direction: Side, range: [u64; 2] },
    /// One read (client → server) or write (server → client) of the tapped socket: its size
    /// and the stream range it moved, so a page can tell two frames in one read from one
    /// frame over many reads.
    Tcp {
        /// Set for a connection other than the page's own socket (the lab's raw client).
        #[serde(skip_serializing_if = "Option::is_none")]
        connection: Option<u32>,
        direction: Side,
        size: usize,
        range: [u64; 2],
    },
    /// The HTTP/2 client connection preface (RFC 9113 §3.4).
    Preface {
        connection: u32,
        direction: Side,
        dissection: Option<Dissection>,
        /// Always 0: the preface belongs to the connection.
        stream_id: u32,
    },
    /// An HTTP/2 frame (RFC 9113 §4.1), once its last byte has passed; after a field block,
    /// the sender's HPACK table.
    #[serde(rename = "frame")]
    H2Frame {
        connection: u32,
        direction: Side,
        stream_id: u32,
        /// The frame type's name (§6), or `UNKNOWN`.
        frame_type: &'static str,
        /// The payload length from the header.
        length: usize,
        dissection: Option<Dissection>,
        truncated: Option<Excerpt>,
        #[serde(flatten)]
        hpack: Option<HpackTable>,
    },
    /// What the HTTP/2 lab's client is about to send.
    Request {
        connection: u32,
        direction: Side,
        /// The paths requested (absent for the hand-written frames).
        #[serde(skip_serializing_if = "Option::is_none")]
        paths: Option<Vec<String>>,
        text: String,
    },
    /// The TCP connection is gone.
    Closed {
        #[serde(skip_serializing_if = "Option::is_none")]
        connection: Option<u32>,
        text: &'static str,
    },
}

impl LabEvent {
    /// Whether this event is cheaper kept as it is and serialized when read (a frame, kept
    /// as its bytes; a TCP read or write, a few numbers) than serialized now.
    pub fn is_lazy(&self) -> bool {
        matches!(
            self,
            LabEvent::WsFrame { .. } | LabEvent::Tcp { .. } | LabEvent::FrameBegun { .. }
        )
    }

    /// About how many bytes of JSON this event becomes, without serializing it: what the
    /// history's byte cap counts for an event kept unserialized, so the history holds
    /// about as many events as when each was kept as its JSON. (The memory it holds is
    /// less: its kept bytes.)
    pub fn json_estimate(&self) -> usize {
        match self {
            // The dissection's JSON: each byte as hex and in its field, and the fields'
            // names and sentences (a 2-byte frame's is about 1.5 KB).
            LabEvent::WsFrame { dissection, .. } => 1536 + 12 * dissection.kept.len(),
            LabEvent::Tcp { .. } | LabEvent::FrameBegun { .. } => 96,
            _ => 256,
        }
    }

    /// The memory an unserialized event holds beyond its own size.
    pub fn held_bytes(&self) -> usize {
        match self {
            LabEvent::WsFrame { dissection, .. } => dissection.kept.capacity(),
            _ => 0,
        }
    }

    /// A note about the session as a whole.
    pub fn note(text: impl Into<String>) -> Self {
        LabEvent::Note {
            connection: None,
            direction: None,
            text: text.into(),
        }
    }

    /// A note about one of the HTTP/2 lab's connections (and one side of it).
    pub fn conn_note(connection: u32, direction: Option<Side>, text: impl Into<String>) -> Self {
        LabEvent::Note {
            connection: Some(connection),
            direction,
            text: text.into(),
        }
    }
}

/// The end of a TCP connection, in the learner's terms.
pub const CLOSED_TEXT: &str = "The TCP connection is closed.";

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    fn value(e: &LabEvent) -> Value {
        serde_json::to_value(e).unwrap()
    }

    #[test]
    fn kinds_and_fields_are_what_the_pages_read() {
        assert_eq!(
            value(&LabEvent::note("hi")),
            json!({ "kind": "note", "text": "hi" })
        );
        assert_eq!(
            value(&LabEvent::WsFrame {
                connection: None,
                direction: Side::Client,
                dissection: FrameBytes {
                    kept: vec![0x89, 0x80, 1, 2, 3, 4],
                    from_client: true,
                    whole: true,
                },
                truncated: None,
                range: [0, 6],
            }),
            json!({ "kind": "frame", "direction": "client", "truncated": null, "range": [0, 6],
                    "dissection": serde_json::to_value(
                        websocket::dissect::frame(&[0x89, 0x80, 1, 2, 3, 4], Some(true))
                    ).unwrap() })
        );
        let frame = |hpack| LabEvent::H2Frame {
            connection: 1,
            direction: Side::Server,
            stream_id: 3,
            frame_type: "DATA",
            length: 9000,
            dissection: None,
            truncated: Some(Excerpt {
                shown: 4096,
                total: 9000,
            }),
            hpack,
        };
        assert_eq!(
            value(&frame(None)),
            json!({ "kind": "frame", "connection": 1, "direction": "server", "stream_id": 3,
                    "frame_type": "DATA", "length": 9000, "dissection": null,
                    "truncated": { "shown": 4096, "total": 9000 } })
        );
        let with_table = value(&frame(Some(HpackTable {
            hpack_table: vec![TableEntry {
                index: Some(62),
                name: "a".into(),
                value: "b".into(),
                size: 34,
            }],
            hpack_table_size: 34,
            hpack_table_max: 4096,
            hpack_evicted: vec![],
            hpack_added: 1,
        })));
        assert_eq!(
            with_table["hpack_table"],
            json!([{ "index": 62, "name": "a", "value": "b", "size": 34 }])
        );
        assert_eq!(with_table["hpack_added"], 1);
        assert_eq!(
            value(&LabEvent::Tcp {
                connection: None,
                direction: Side::Client,
                size: 9,
                range: [5, 14]
            }),
            json!({ "kind": "tcp", "direction": "client", "size": 9, "range": [5, 14] })
        );
        assert_eq!(
            value(&LabEvent::FrameBegun {
                direction: Side::Client,
                range: [14, 131_028]
            }),
            json!({ "kind": "frame-begun", "direction": "client", "range": [14, 131_028] })
        );
        assert_eq!(
            value(&LabEvent::Closed {
                connection: None,
                text: CLOSED_TEXT
            }),
            json!({ "kind": "closed", "text": CLOSED_TEXT })
        );
    }
}
