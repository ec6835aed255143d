//! [`Meter`]: one keep-alive connection's bytes, both ways, cut into exchanges and sorted
//! into header, framing and payload — from the bytes themselves.
//!
//! HTTP/1.1 answers requests in order on a connection (RFC 9112 §9.3), so the meter keeps
//! the exchanges whose answers are pending in a queue: a request head read (client → server)
//! opens one at the back, a response (server → client) belongs to the one at the front.
//!
//! ```text
//!   client → server:  request head ─ body? ─ request head ─ …        (after a 101: frames)
//!   server → client:  response head ─ body ─ response head ─ body …  (after a 101: frames)
//!                     │               └ Content-Length, or the chunked coding (§7.1),
//!                     │                 or until the connection closes (§6.3)
//!                     └ 1xx other than 101: an interim answer; the exchange goes on
//! ```
//!
//! Every byte becomes one of three [`Kind`]s: the heads are `Header`; a body's chunk-size
//! lines and line ends ([`http1::chunked`]), each technique's wrapping of its events
//! ([`content`]: a LF, an event-stream line, `<script>` markup) and every WebSocket frame
//! header and control frame ([`websocket::observe`]) are `Framing`; what is left is the
//! events' `Payload`. Each request's target says which lab run and technique it serves
//! ([`route`]); exchanges of other requests on the same connection (a page's assets, say)
//! are followed, so the framing stays in step, but reported to no one.
//!
//! An event's cost is every byte of its exchange since the previous event was complete, up
//! to and including its own last byte; what an exchange carries after its last event (or
//! in an exchange with no event, an empty poll) is its tail. Where the framing breaks, the
//! meter stops looking: the bytes after are counted as framing of the exchange at hand,
//! which says so.
//!
//! Bounds: a head of at most [`MAX_HEAD`] bytes, [`MAX_QUEUE`] exchanges waiting for an
//! answer, and per exchange the first [`EXCERPT`] bytes of its body, [`MAX_SPANS`] labelled
//! spans of them and [`MAX_FRAMES`] WebSocket frames (each cut to [`FRAME_KEEP`] payload
//! bytes), kept for the cards.

pub mod content;

use std::collections::VecDeque;
use std::ops::Range;

use http1::body::BodyLength;
use http1::chunked::{self, Decoder};
use http1::head::{self, Limits};
use serde::Serialize;
use tokio::time::Instant;
use websocket::observe::{Observer, Start, Unit as WsUnit};
use websocket::opcode::Opcode;
use wire::Framer;

use self::content::{Content, Kind, Label};
use super::Technique;
use super::feed::counter;
use crate::net::tap::Direction;

/// The longest head the meter reads (hyper's own limit is larger only for responses we
/// write ourselves).
pub const MAX_HEAD: usize = head::DEFAULT_MAX_HEAD_LEN;
/// The body bytes of an exchange kept for its card.
pub const EXCERPT: usize = 4096;
/// The labelled spans of those bytes kept.
pub const MAX_SPANS: usize = 256;
/// Exchanges waiting for an answer (browsers do not pipeline; a client that does, a little).
pub const MAX_QUEUE: usize = 16;
/// WebSocket frames kept for the cards, per exchange.
pub const MAX_FRAMES: usize = 8;
/// Payload bytes kept of each of those frames.
pub const FRAME_KEEP: usize = 256;
/// Events recorded one by one per exchange (more are counted in the totals).
const MAX_EVENTS: usize = 2 * super::MAX_EVENTS as usize;

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
    /// Its header and the first [`FRAME_KEEP`] payload bytes.
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
    /// The first [`EXCERPT`] bytes of the response body, and what they are.
    pub body: Vec<u8>,
    pub spans: Vec<Span>,
    /// The body's real size.
    pub body_len: u64,
    pub frames: Vec<Frame>,
    /// Where the framing broke or the connection ended early, in a sentence.
    pub problem: Option<String>,
}

impl Record {
    fn new(route: Option<Route>, now: Instant, request_head: Vec<u8>) -> Record {
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

/// An exchange whose answer is pending.
#[derive(Debug)]
struct Exchange {
    record: Record,
    content: Content,
    /// The request was HEAD: its response has no body (RFC 9112 §6.3).
    head_request: bool,
    /// Bytes since the last event.
    since: Costs,
}

impl Exchange {
    fn add(&mut self, direction: Direction, kind: Kind, n: u64) {
        match direction {
            Direction::ClientToServer => self.record.up.add(kind, n),
            Direction::ServerToClient => self.record.down.add(kind, n),
        }
        self.since.add(kind, n);
    }

    fn event(&mut self, payload: &[u8], len: u64, now: Instant) {
        let cost = std::mem::take(&mut self.since);
        if self.record.events.len() < MAX_EVENTS {
            self.record.events.push(EventSeen {
                n: counter(payload),
                payload: len,
                cost,
                at: now,
            });
        }
    }

    /// Keeps body bytes (and what they are) for the card.
    fn excerpt(&mut self, label: Label, bytes: &[u8]) {
        let r = &mut self.record;
        let at = r.body.len();
        r.body_len += bytes.len() as u64;
        let room = EXCERPT.saturating_sub(at).min(bytes.len());
        if room == 0 {
            return;
        }
        r.body.extend_from_slice(&bytes[..room]);
        let full = r.spans.len() >= MAX_SPANS;
        match r.spans.last_mut() {
            Some(last) if last.label == label && last.range.end == at => last.range.end += room,
            _ if !full => r.spans.push(Span {
                label,
                range: at..at + room,
            }),
            _ => {}
        }
    }
}

/// A head being read: its bytes so far, and how much of them was scanned.
#[derive(Debug, Default)]
struct HeadBuf {
    bytes: Vec<u8>,
    scanned: usize,
}

impl HeadBuf {
    /// Takes bytes of the head from `data`: how many, and the head once it is whole
    /// (`Err` past [`MAX_HEAD`]).
    fn take(&mut self, data: &[u8]) -> Result<(usize, Option<Vec<u8>>), usize> {
        let n = MAX_HEAD.saturating_sub(self.bytes.len()).min(data.len());
        self.bytes.extend_from_slice(&data[..n]);
        match head::find_end_from(&self.bytes, self.scanned) {
            Some(end) => {
                let used = n - (self.bytes.len() - end);
                self.bytes.truncate(end);
                self.scanned = 0;
                Ok((used, Some(std::mem::take(&mut self.bytes))))
            }
            None if self.bytes.len() >= MAX_HEAD => Err(n),
            None => {
                self.scanned = self.bytes.len();
                Ok((n, None))
            }
        }
    }
}

/// How a body ends.
#[derive(Debug)]
enum Body {
    /// This many bytes are left (RFC 9112 §6.3 item 5).
    Length(u64),
    /// The chunked coding says (RFC 9112 §7.1).
    Chunked(Decoder),
    /// The connection's end (RFC 9112 §6.3 item 7).
    UntilClose,
}

/// One direction's place.
#[derive(Debug)]
enum Side {
    Head(HeadBuf),
    Body(Body),
    Frames(Box<Observer>),
    Stopped,
}

/// One connection, both ways (see the module docs).
#[derive(Debug)]
pub struct Meter {
    up: Side,
    down: Side,
    queue: VecDeque<Exchange>,
    notes: Vec<Note>,
    /// Bytes fed and bytes counted, per direction (up, down): what is fed but not yet
    /// counted is a unit still incomplete.
    fed: [u64; 2],
    counted: [u64; 2],
}

impl Default for Meter {
    fn default() -> Self {
        Meter::new()
    }
}

fn index(direction: Direction) -> usize {
    match direction {
        Direction::ClientToServer => 0,
        Direction::ServerToClient => 1,
    }
}

impl Meter {
    /// A meter at the start of a request.
    pub fn new() -> Meter {
        Meter {
            up: Side::Head(HeadBuf::default()),
            down: Side::Head(HeadBuf::default()),
            queue: VecDeque::new(),
            notes: Vec::new(),
            fed: [0; 2],
            counted: [0; 2],
        }
    }

    /// What happened since the last call, in order.
    pub fn drain(&mut self) -> Vec<Note> {
        std::mem::take(&mut self.notes)
    }

    /// Exchanges waiting for their answer.
    pub fn pending(&self) -> usize {
        self.queue.len()
    }

    /// Bytes that went `direction` at `now`.
    pub fn feed(&mut self, direction: Direction, mut data: &[u8], now: Instant) {
        self.fed[index(direction)] += data.len() as u64;
        while !data.is_empty() {
            let n = match direction {
                Direction::ClientToServer => self.up_step(data, now),
                Direction::ServerToClient => self.down_step(data, now),
            };
            data = data.get(n.max(1)..).unwrap_or_default();
        }
    }

    /// The connection closed: what was pending ends here.
    pub fn close(&mut self, now: Instant) {
        for direction in [Direction::ClientToServer, Direction::ServerToClient] {
            let i = index(direction);
            let left = self.fed[i] - self.counted[i];
            self.count(direction, Kind::Framing, left, false);
        }
        let upgraded = matches!(self.down, Side::Frames(_));
        while let Some(mut x) = self.queue.pop_front() {
            if !upgraded && x.record.problem.is_none() {
                x.record.problem =
                    Some("The connection closed before the response ended (the client closed it, or it broke).".to_owned());
            }
            self.finish(x, now);
        }
        self.up = Side::Stopped;
        self.down = Side::Stopped;
    }

    /// Counts `n` bytes of `kind` for the newest exchange (`back`) or the one being
    /// answered.
    fn count(&mut self, direction: Direction, kind: Kind, n: u64, back: bool) {
        if n == 0 {
            return;
        }
        self.counted[index(direction)] += n;
        let x = if back {
            self.queue.back_mut()
        } else {
            self.queue.front_mut()
        };
        if let Some(x) = x {
            x.add(direction, kind, n);
        }
    }

    /// The framing broke: say so, and look at nothing more.
    fn stop(&mut self, why: String) {
        if let Some(x) = self.queue.front_mut() {
            x.record.problem.get_or_insert(why);
        }
        self.up = Side::Stopped;
        self.down = Side::Stopped;
    }

    fn finish(&mut self, mut x: Exchange, now: Instant) {
        x.record.ended = now;
        x.record.tail = x.since;
        if x.record.route.is_some() {
            self.notes.push(Note::Done(Box::new(x.record)));
        }
    }

    fn finish_front(&mut self, now: Instant) {
        if let Some(x) = self.queue.pop_front() {
            self.finish(x, now);
        }
        self.down = Side::Head(HeadBuf::default());
    }

    fn up_step(&mut self, data: &[u8], now: Instant) -> usize {
        const UP: Direction = Direction::ClientToServer;
        match &mut self.up {
            Side::Head(buf) => match buf.take(data) {
                Ok((n, Some(head))) => {
                    self.request(head, now);
                    n
                }
                Ok((n, None)) => n,
                Err(n) => {
                    self.stop(format!("A request head longer than {MAX_HEAD} bytes."));
                    n
                }
            },
            Side::Body(Body::Length(left)) => {
                let n = usize::try_from(*left).map_or(data.len(), |l| l.min(data.len()));
                *left -= n as u64;
                if *left == 0 {
                    self.up = Side::Head(HeadBuf::default());
                }
                self.count(UP, Kind::Framing, n as u64, true);
                n
            }
            Side::Body(Body::Chunked(decoder)) => {
                let (n, unit) = decoder.take(data);
                let done = decoder.is_done();
                self.count(UP, Kind::Framing, n as u64, true);
                if let Some(Err(e)) = unit {
                    self.stop(format!("A request's chunked body broke {}: {e}.", e.rule()));
                } else if done {
                    self.up = Side::Head(HeadBuf::default());
                }
                n
            }
            Side::Frames(observer) => {
                // One unit a step: a read of many small frames never becomes a queue.
                let (n, unit) = observer.take(data);
                if let Some(unit) = unit {
                    self.frame(UP, unit, now);
                }
                n
            }
            Side::Body(Body::UntilClose) | Side::Stopped => data.len(),
        }
    }

    /// A whole request head: a new exchange at the back of the queue.
    fn request(&mut self, head: Vec<u8>, now: Instant) {
        let parsed = head::parse_request(&head, Limits::default());
        let Ok(Some(req)) = parsed else {
            self.stop("A request head that is not HTTP/1.1 (RFC 9112 §3).".to_owned());
            return;
        };
        if self.queue.len() >= MAX_QUEUE {
            self.stop(format!(
                "More than {MAX_QUEUE} requests waiting for an answer."
            ));
            return;
        }
        let route = route(req.target);
        let head_request = req.method == "HEAD";
        let body = req.body_length();
        let technique = route.as_ref().map(|r| r.technique);
        self.up = match body {
            Ok(BodyLength::Length(0)) => Side::Head(HeadBuf::default()),
            Ok(BodyLength::Length(n)) => Side::Body(Body::Length(n)),
            Ok(BodyLength::Chunked) => Side::Body(Body::Chunked(Decoder::new())),
            _ => Side::Stopped,
        };
        let len = head.len() as u64;
        if let Some(route) = &route {
            self.notes.push(Note::Opened(route.clone()));
        }
        self.queue.push_back(Exchange {
            record: Record::new(route, now, head),
            content: technique.map_or(Content::Opaque, Content::new),
            head_request,
            since: Costs::default(),
        });
        self.count(Direction::ClientToServer, Kind::Header, len, true);
        if let Err(e) = body {
            self.stop(format!(
                "A request whose body length is unknowable ({}): {e}.",
                e.rule()
            ));
        }
    }

    fn down_step(&mut self, data: &[u8], now: Instant) -> usize {
        const DOWN: Direction = Direction::ServerToClient;
        match &mut self.down {
            Side::Head(buf) => match buf.take(data) {
                Ok((n, Some(head))) => {
                    self.response(head, now);
                    n
                }
                Ok((n, None)) => n,
                Err(n) => {
                    self.stop(format!("A response head longer than {MAX_HEAD} bytes."));
                    n
                }
            },
            Side::Body(Body::Length(left)) => {
                let n = usize::try_from(*left).map_or(data.len(), |l| l.min(data.len()));
                *left -= n as u64;
                let over = *left == 0;
                self.content(&data[..n], now);
                if over {
                    self.finish_front(now);
                }
                n
            }
            Side::Body(Body::Chunked(decoder)) => {
                let (n, unit) = decoder.take(data);
                let done = decoder.is_done();
                match unit {
                    Some(Ok(span)) if span.part.is_data() => self.content(&data[..n], now),
                    Some(Ok(span)) => {
                        let label = match span.part {
                            chunked::Part::SizeLine => Label::ChunkSize,
                            chunked::Part::DataEnd => Label::ChunkEnd,
                            _ => Label::Trailer,
                        };
                        self.framing(label, &data[..n]);
                    }
                    Some(Err(e)) => {
                        self.framing(Label::Other, &data[..n.min(data.len())]);
                        self.stop(format!("The chunked coding broke ({}): {e}.", e.rule()));
                    }
                    None => {}
                }
                if done {
                    self.finish_front(now);
                }
                n
            }
            Side::Body(Body::UntilClose) => {
                self.content(data, now);
                data.len()
            }
            Side::Frames(observer) => {
                let (n, unit) = observer.take(data);
                if let Some(unit) = unit {
                    self.frame(DOWN, unit, now);
                }
                n
            }
            Side::Stopped => data.len(),
        }
    }

    /// A whole response head: the answer of the exchange at the front.
    fn response(&mut self, head: Vec<u8>, now: Instant) {
        let len = head.len() as u64;
        let parsed = head::parse_response(&head, Limits::default());
        let Some(x) = self.queue.front_mut() else {
            self.stop("A response to no request.".to_owned());
            return;
        };
        let Ok(Some(res)) = parsed else {
            self.stop("A response head that is not HTTP/1.1 (RFC 9112 §4).".to_owned());
            return;
        };
        let status = res.status;
        let method = if x.head_request { "HEAD" } else { "GET" };
        let body = res.body_length(method);
        x.record.status = Some(status);
        if x.record.response_head.is_empty() {
            x.record.response_head = head.clone();
        }
        self.count(Direction::ServerToClient, Kind::Header, len, false);
        if (100..200).contains(&status) && status != 101 {
            // An interim response (RFC 9110 §15.2): the final one follows.
            return;
        }
        match body {
            Ok(BodyLength::Tunnel) if status == 101 => {
                self.down = Side::Frames(Box::new(Observer::new(Start::Frames, FRAME_KEEP)));
                self.up = Side::Frames(Box::new(Observer::new(Start::Frames, FRAME_KEEP)));
            }
            Ok(BodyLength::Length(0)) => self.finish_front(now),
            Ok(BodyLength::Length(n)) => self.down = Side::Body(Body::Length(n)),
            Ok(BodyLength::Chunked) => self.down = Side::Body(Body::Chunked(Decoder::new())),
            Ok(BodyLength::UntilClose) => self.down = Side::Body(Body::UntilClose),
            Ok(BodyLength::Tunnel) => self.stop("A tunnel: no HTTP follows.".to_owned()),
            Err(e) => self.stop(format!("A response whose body length is unknowable: {e}.")),
        }
    }

    /// Body bytes of the chunked coding's own.
    fn framing(&mut self, label: Label, bytes: &[u8]) {
        self.count(
            Direction::ServerToClient,
            Kind::Framing,
            bytes.len() as u64,
            false,
        );
        if let Some(x) = self.queue.front_mut() {
            x.excerpt(label, bytes);
        }
    }

    /// Content bytes of the exchange at the front, sorted by its technique's reader.
    fn content(&mut self, bytes: &[u8], now: Instant) {
        let Some(x) = self.queue.front_mut() else {
            return;
        };
        let mut at = 0;
        for (n, step) in x.content.steps(bytes) {
            let piece = &bytes[at..at + n];
            at += n;
            x.add(Direction::ServerToClient, step.label.kind(), n as u64);
            x.excerpt(step.label, piece);
            if let Some(payload) = step.event {
                x.event(&payload, payload.len() as u64, now);
            }
        }
        self.counted[index(Direction::ServerToClient)] += bytes.len() as u64;
    }

    /// A WebSocket frame, or where framing broke. A data frame from the server is an event
    /// (the lab's server sends each in one frame); everything else is framing.
    fn frame(&mut self, direction: Direction, unit: WsUnit, now: Instant) {
        let cut = match unit {
            WsUnit::Frame(cut) => cut,
            WsUnit::Lost(lost) => {
                self.count(direction, Kind::Framing, lost.bytes.len() as u64, false);
                self.stop(format!("WebSocket framing broke: {:?}.", lost.error));
                return;
            }
            WsUnit::Head(_) => return,
        };
        let from_client = direction == Direction::ClientToServer;
        let data = matches!(
            cut.header.opcode,
            Opcode::Text | Opcode::Binary | Opcode::Continuation
        );
        let header = cut.header_len as u64;
        let payload = cut.payload_len();
        self.count(direction, Kind::Framing, header, false);
        let kind = if data && !from_client {
            Kind::Payload
        } else {
            Kind::Framing
        };
        self.count(direction, kind, payload, false);
        let Some(x) = self.queue.front_mut() else {
            return;
        };
        if data && !from_client && cut.header.fin {
            x.event(cut.kept_payload(), payload, now);
        }
        if x.record.frames.len() < MAX_FRAMES {
            x.record.frames.push(Frame {
                from_client,
                len: cut.total_len(),
                bytes: cut.kept,
            });
        }
    }
}

#[cfg(test)]
mod tests;
