//! Watching one direction of a WebSocket connection on the wire (RFC 6455 §4, §5.2), for a
//! lab that shows every byte: the HTTP head first when that direction has one, then frame
//! after frame, each with where it lies in the stream.
//!
//! ```text
//!  server → client:  HTTP/1.1 101 head ──▶ frame ──▶ frame ──▶ …
//!  client → server:  (request head) ──▶ frame ──▶ frame ──▶ …
//! ```
//!
//! An [`Observer`] is fed the direction's bytes in pieces of any size ([`Framer::take`], or
//! [`Framer::feed`] for the units of one read) and yields whole [`Unit`]s:
//!
//! 1. **The head.** A direction that starts with an HTTP/1.1 head ([`Start::Request`],
//!    [`Start::Response`]) yields it whole, its empty line included, found with
//!    [`http1::find_end`]; a head longer than [`MAX_HEAD_LEN`] is [`Unit::Lost`]. After a
//!    response that is not `101 Switching Protocols`, the bytes are not frames (§4.1): the
//!    first of them yields [`Why::NotSwitching`].
//! 2. **Frames.** Each frame's header is read with [`FrameHeader::parse`]; the payload is
//!    counted down, not buffered: only the header and the first `excerpt` payload bytes are
//!    kept, so a 1 MiB frame costs the observer 4 KiB (at the lab's [`DEFAULT_EXCERPT`]).
//!    A header that breaks a structural rule (a 64-bit length with its top bit set, §5.2)
//!    makes the frames after it impossible to tell apart: it is [`Unit::Lost`], and the
//!    observer takes every later byte without looking at it.
//!
//! It frames, and judges nothing else: who must mask, RSV bits, reserved opcodes are the
//! dissector's business ([`crate::dissect`]) and the connection's ([`crate::Connection`]).
//!
//! Every unit carries its byte range in the direction's stream (first byte, one past the
//! last), and [`Observer::position`] says how far the stream has been taken, so a caller
//! that notes each read's range can tell "two frames in one read" from "one frame over many
//! reads":
//!
//! ```
//! use websocket::observe::{Observer, Start, Unit};
//! use wire::Framer;
//!
//! let mut obs = Observer::new(Start::Frames, 4096);
//! // RFC 6455 §5.7: "Hel" and "lo", two fragments of one text message, in one read…
//! let read = [0x01, 0x03, 0x48, 0x65, 0x6c, 0x80, 0x02, 0x6c, 0x6f];
//! let ranges: Vec<_> = obs.feed(&read).map(|u| u.range()).collect();
//! assert_eq!(ranges, [0..5, 5..9]);
//! // …then one frame over two reads: it is yielded by the read that ends it.
//! assert_eq!(obs.feed(&[0x89, 0x05, 0x48]).count(), 0);
//! assert_eq!(obs.pending(), Some((9, Some(16))));
//! let ping: Vec<_> = obs.feed(b"ello").collect();
//! assert!(matches!(&ping[..], [Unit::Frame(f)] if f.range == (9..16)));
//! ```

use std::ops::Range;

use wire::framer::Parsed;
use wire::{Broken, Cut, Cutter, Framer, Layout, Piece};

use crate::error::Error;
use crate::frame::{BASE_HEADER_LEN, FrameHeader, MAX_HEADER_LEN};
use crate::handshake::MAX_REQUEST_HEAD_LEN;

/// The payload bytes the lab keeps of a frame; the rest is counted, not kept.
pub const DEFAULT_EXCERPT: usize = 4096;
/// The longest head an observer waits for (the handshake's own limit).
pub const MAX_HEAD_LEN: usize = MAX_REQUEST_HEAD_LEN;
/// RFC 6455 §4.1: the status of the response after which frames follow.
const SWITCHING_PROTOCOLS: u16 = 101;
/// RFC 6455 §5.2: the 64-bit extended payload length.
const EXTENDED_64_LEN: usize = 8;

/// What the direction starts with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// The client's opening handshake request, then frames.
    Request,
    /// The server's handshake response, then frames if it is a 101.
    Response,
    /// Frames from the first byte (the head was read elsewhere).
    Frames,
}

/// A frame as it crossed the wire.
pub type Frame = Cut<FrameHeader>;

/// Why the observer stopped framing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Why {
    /// A frame header broke a structural rule.
    Frame(Error),
    /// The head did not end within [`MAX_HEAD_LEN`] bytes.
    HeadTooLarge,
    /// The response's status is not 101, so what follows it is not frames (RFC 6455 §4.1).
    NotSwitching(u16),
    /// The response head cannot be parsed, so whether frames follow is unknown.
    NotAResponse,
}

/// The point where framing stopped: the bytes of the unit that broke (the header up to its
/// broken field, the head so far; nothing after a response that is not 101), and why.
pub type Lost = Broken<Why>;

/// What an observer yields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unit {
    /// The HTTP head that opens the direction, its empty line included.
    Head(Piece),
    /// A frame, whole or excerpted.
    Frame(Frame),
    /// Framing stops here.
    Lost(Lost),
}

impl Unit {
    /// Where the unit lies in the stream.
    pub fn range(&self) -> Range<u64> {
        match self {
            Unit::Head(h) => h.range.clone(),
            Unit::Frame(f) => f.range.clone(),
            Unit::Lost(l) => l.range.clone(),
        }
    }
}

/// RFC 6455 §5.2 frames, as [`Cutter`] reads them, keeping `excerpt` payload bytes.
#[derive(Debug, Clone, Copy)]
struct Rfc6455 {
    excerpt: usize,
}

impl Layout for Rfc6455 {
    type Header = FrameHeader;
    type Error = Error;
    const MAX_HEADER_LEN: usize = MAX_HEADER_LEN;

    fn parse(&self, buf: &[u8]) -> Parsed<FrameHeader, Error> {
        // The only structural error is seen once the 64-bit length is there.
        FrameHeader::parse(buf).map_err(|e| (e, BASE_HEADER_LEN + EXTENDED_64_LEN))
    }

    fn payload_len(&self, header: &FrameHeader) -> u64 {
        header.payload_len
    }

    fn keep(&self, _: &FrameHeader) -> usize {
        self.excerpt
    }
}

/// Where an observer is.
#[derive(Debug)]
enum Stage {
    /// Reading the head: its bytes so far, and how much of them has been scanned.
    Head { bytes: Vec<u8>, scanned: usize },
    /// Reading frames.
    Frames,
    /// The head said no frames follow; the next bytes say so.
    NoFrames(Why),
    /// Stopped: bytes are taken, not looked at.
    Stopped,
}

/// One direction of a WebSocket connection, cut into units (see the module docs).
#[derive(Debug)]
pub struct Observer {
    start: Start,
    stage: Stage,
    /// The frames, and the stream's position throughout (the head is passed over).
    frames: Cutter<Rfc6455>,
}

impl Observer {
    /// An observer of a direction that begins as `start` says, keeping `excerpt` payload
    /// bytes of each frame.
    pub fn new(start: Start, excerpt: usize) -> Observer {
        let stage = match start {
            Start::Frames => Stage::Frames,
            Start::Request | Start::Response => Stage::Head {
                bytes: Vec::new(),
                scanned: 0,
            },
        };
        Observer {
            start,
            stage,
            frames: Cutter::new(Rfc6455 { excerpt }, 0),
        }
    }

    /// How many bytes of the stream have been taken.
    pub fn position(&self) -> u64 {
        self.frames.position()
    }

    /// The unit being read, if part of it has arrived: its first byte, and one past its last
    /// once that is known (a frame's, after its header).
    pub fn pending(&self) -> Option<(u64, Option<u64>)> {
        match &self.stage {
            Stage::Head { bytes, .. } if !bytes.is_empty() => Some((0, None)),
            Stage::Frames => self.frames.pending(),
            _ => None,
        }
    }

    /// Bytes held for the unit being read: at most [`MAX_HEAD_LEN`] for a head, a frame
    /// header plus the excerpt for a frame.
    pub fn buffered(&self) -> usize {
        match &self.stage {
            Stage::Head { bytes, .. } => bytes.len(),
            Stage::Frames => self.frames.buffered(),
            _ => 0,
        }
    }

    /// The head is whole: what comes after it.
    fn after_head(&self, head: &[u8]) -> Stage {
        if self.start != Start::Response {
            return Stage::Frames;
        }
        match http1::parse_response(head, http1::Limits::default()) {
            Ok(Some(res)) if res.status == SWITCHING_PROTOCOLS => Stage::Frames,
            Ok(Some(res)) => Stage::NoFrames(Why::NotSwitching(res.status)),
            _ => Stage::NoFrames(Why::NotAResponse),
        }
    }

    fn read_head(&mut self, data: &[u8]) -> (usize, Option<Unit>) {
        let Stage::Head { bytes, scanned } = &mut self.stage else {
            return (0, None);
        };
        let room = MAX_HEAD_LEN.saturating_sub(bytes.len());
        let n = room.min(data.len());
        bytes.extend_from_slice(data.get(..n).unwrap_or_default());
        let Some(end) = http1::head::find_end_from(bytes, *scanned) else {
            *scanned = bytes.len();
            if bytes.len() < MAX_HEAD_LEN {
                self.frames.pass(n);
                return (n, None);
            }
            let bytes = std::mem::take(bytes);
            self.stage = Stage::Stopped;
            self.frames.pass(n);
            let range = 0..bytes.len() as u64;
            let error = Why::HeadTooLarge;
            return (
                n,
                Some(Unit::Lost(Lost {
                    range,
                    bytes,
                    error,
                })),
            );
        };
        // Bytes read past the head are the first frame's: hand them back.
        let used = n - (bytes.len() - end);
        bytes.truncate(end);
        let head = std::mem::take(bytes);
        self.stage = self.after_head(&head);
        self.frames.pass(used);
        (used, Some(Unit::Head(Piece::at(0, head))))
    }
}

impl Framer for Observer {
    type Unit = Unit;

    fn take(&mut self, data: &[u8]) -> (usize, Option<Unit>) {
        match &mut self.stage {
            Stage::Head { .. } => self.read_head(data),
            Stage::Frames => match self.frames.take(data) {
                (n, Some(Err(broken))) => {
                    let lost = Lost {
                        range: broken.range,
                        bytes: broken.bytes,
                        error: Why::Frame(broken.error),
                    };
                    (n, Some(Unit::Lost(lost)))
                }
                (n, unit) => (n, unit.and_then(Result::ok).map(Unit::Frame)),
            },
            Stage::NoFrames(why) => {
                let why = why.clone();
                self.stage = Stage::Stopped;
                let at = self.frames.position();
                self.frames.pass(data.len());
                let lost = Lost {
                    range: at..at,
                    bytes: Vec::new(),
                    error: why,
                };
                (data.len(), Some(Unit::Lost(lost)))
            }
            Stage::Stopped => {
                self.frames.pass(data.len());
                (data.len(), None)
            }
        }
    }
}

#[cfg(test)]
mod tests;
