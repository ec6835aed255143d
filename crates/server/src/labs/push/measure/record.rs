//! What a [`Meter`](super::Meter) records: the cost of bytes by kind ([`Costs`]), which lab
//! run and technique a request serves ([`route`], from its target), and each finished
//! exchange ([`Record`]) with its events, the labelled spans and frames kept for its card —
//! the figures a run's report and the pages read.

use std::ops::Range;

use serde::Serialize;
use tokio::time::Instant;

use super::content::{Kind, Label};
use crate::labs::push::Technique;

/// Bytes by kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Costs {
    pub header: u64,
    pub framing: u64,
    pub payload: u64,
}

impl Costs {
    /// Adds `n` bytes of `kind`.
    pub fn add(&mut self, kind: Kind, n: u64) {
        match kind {
            Kind::Header => self.header += n,
            Kind::Framing => self.framing += n,
            Kind::Payload => self.payload += n,
        }
    }

    /// Every byte.
    pub fn total(&self) -> u64 {
        self.header + self.framing + self.payload
    }

    /// Both added up.
    pub fn plus(self, other: Costs) -> Costs {
        Costs {
            header: self.header + other.header,
            framing: self.framing + other.framing,
            payload: self.payload + other.payload,
        }
    }
}

/// Which lab run and technique a request serves: what its target says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    pub session: String,
    pub run: u32,
    pub technique: Technique,
}

/// The longest session id a target may name (ids are 32 hex digits).
const MAX_ID: usize = 64;

/// The run and technique a request target names: `/api/lab/push/{id}/{technique}?run=R…`
/// or `/ws/push?session={id}&run=R…`; `None` for any other target.
pub fn route(target: &str) -> Option<Route> {
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let param = |name: &str| {
        query
            .split('&')
            .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
    };
    let run = param("run")?.parse().ok()?;
    let (session, technique) = if path == "/ws/push" {
        (param("session")?, Technique::WebSocket)
    } else {
        let rest = path.strip_prefix("/api/lab/push/")?;
        let (id, name) = rest.split_once('/')?;
        let technique = Technique::from_name(name).filter(|t| *t != Technique::WebSocket)?;
        (id, technique)
    };
    let id_ok = !session.is_empty()
        && session.len() <= MAX_ID
        && session.bytes().all(|b| b.is_ascii_hexdigit());
    id_ok.then(|| Route {
        session: session.to_owned(),
        run,
        technique,
    })
}

/// An event whose last byte passed.
#[derive(Debug, Clone, PartialEq)]
pub struct EventSeen {
    /// Its counter, read from the payload.
    pub n: Option<u32>,
    /// Its payload's size.
    pub payload: u64,
    /// The exchange's bytes since the previous event, its own included.
    pub cost: Costs,
    /// When its last byte passed (the server's write).
    pub at: Instant,
}

/// A labelled run of body bytes, for the card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub label: Label,
    /// Where it lies in the body (the bytes after the head, framing included).
    pub range: Range<usize>,
}

/// A WebSocket frame as it crossed the wire, kept for the card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    pub from_client: bool,
    /// Its header and the first [`FRAME_KEEP`](super::FRAME_KEEP) payload bytes.
    pub bytes: Vec<u8>,
    /// Its real size.
    pub len: u64,
}

/// A finished exchange.
#[derive(Debug, Clone)]
pub struct Record {
    /// What the request was for; `None` for a request of no lab run.
    pub route: Option<Route>,
    pub started: Instant,
    pub ended: Instant,
    /// The final status (101 for a WebSocket).
    pub status: Option<u16>,
    /// Client → server bytes by kind.
    pub up: Costs,
    /// Server → client bytes by kind.
    pub down: Costs,
    pub events: Vec<EventSeen>,
    /// The bytes after the last event (all of them when there was none).
    pub tail: Costs,
    pub request_head: Vec<u8>,
    pub response_head: Vec<u8>,
    /// The first [`EXCERPT`](super::EXCERPT) bytes of the response body, and what they are.
    pub body: Vec<u8>,
    pub spans: Vec<Span>,
    /// The body's real size.
    pub body_len: u64,
    pub frames: Vec<Frame>,
    /// Where the framing broke or the connection ended early, in a sentence.
    pub problem: Option<String>,
}

impl Record {
    pub(super) fn new(route: Option<Route>, now: Instant, request_head: Vec<u8>) -> Record {
        Record {
            route,
            started: now,
            ended: now,
            status: None,
            up: Costs::default(),
            down: Costs::default(),
            events: Vec::new(),
            tail: Costs::default(),
            request_head,
            response_head: Vec::new(),
            body: Vec::new(),
            spans: Vec::new(),
            body_len: 0,
            frames: Vec::new(),
            problem: None,
        }
    }

    /// Every byte, both ways.
    pub fn costs(&self) -> Costs {
        self.up.plus(self.down)
    }
}

/// What the meter tells its owner, in the order it happened.
#[derive(Debug)]
pub enum Note {
    /// A request of a lab run arrived (its answer is pending).
    Opened(Route),
    /// An exchange of a lab run is over.
    Done(Box<Record>),
}
