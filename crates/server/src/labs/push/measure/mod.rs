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
//!
//! Files: this one holds the meter and its queue; `requests.rs` reads the client's side,
//! `responses.rs` the server's; `record.rs` is what the meter records; [`content`] what a
//! technique's content bytes are.

pub mod content;
mod record;
mod requests;
mod responses;

pub use record::{Costs, EventSeen, Frame, Note, Record, Route, Span, route};

use std::collections::VecDeque;

use http1::body::BodyLength;
use http1::chunked::{self, Decoder};
use http1::collect::{HeadCollector, Remaining};
use http1::head::{self, Limits};
use tokio::time::Instant;
use websocket::observe::{Observer, Start, Unit as WsUnit};
use websocket::opcode::Opcode;
use wire::Framer;

use self::content::{Content, Kind, Label};
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

/// How a body ends.
#[derive(Debug)]
enum Body {
    /// This many bytes are left (RFC 9112 §6.3 item 5).
    Length(Remaining),
    /// The chunked coding says (RFC 9112 §7.1).
    Chunked(Decoder),
    /// The connection's end (RFC 9112 §6.3 item 7).
    UntilClose,
}

/// One direction's place.
#[derive(Debug)]
enum Side {
    Head(HeadCollector),
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
            up: Side::Head(HeadCollector::new(MAX_HEAD)),
            down: Side::Head(HeadCollector::new(MAX_HEAD)),
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
        self.down = Side::Head(HeadCollector::new(MAX_HEAD));
    }
}

#[cfg(test)]
mod tests;
