//! Watching one direction of an HTTP/2 connection on the wire (RFC 9113 §3.4, §4.1), for a
//! lab that shows every frame.
//!
//! ```text
//!  client → server:  preface (24 bytes) ──▶ frame ──▶ frame ──▶ …
//!  server → client:  frame ──▶ frame ──▶ …
//! ```
//!
//! An [`Observer`] is fed the direction's bytes in pieces of any size ([`Framer::take`], or
//! [`Framer::feed`] for the units of one read) and yields whole [`Unit`]s:
//!
//! 1. **The preface** (client's direction only): the 24 bytes of [`PREFACE`]. The first
//!    byte that differs makes [`Unit::Lost`] — these are not HTTP/2 bytes — and the observer
//!    takes every later byte without looking at it.
//! 2. **Frames.** Each frame's 9-byte header is read with [`FrameHeader::parse`] (the
//!    crate's one header reader, which [`crate::FrameDecoder`] uses too); the first 24 bits
//!    are the payload's length, so cutting needs nothing else. The payload is counted down,
//!    and only what the [`Excerpt`] policy keeps is held: the first 4 KiB of a DATA payload
//!    (a page's body is counted, not kept), and every other frame whole up to 64 KiB, so a
//!    field block reaches the HPACK decoder entire and the dynamic table stays right.
//!
//! Unlike [`crate::FrameDecoder`], which holds each frame whole to decode it and refuses
//! one larger than its SETTINGS_MAX_FRAME_SIZE, the observer judges nothing: it shows
//! whatever a peer sent, up to the 24-bit maximum, in bounded memory.
//!
//! Every unit carries its byte range in the direction's stream, and
//! [`Observer::position`] says how far the stream has been taken, so a caller that notes
//! each read's range can tell which frames a read carried.

use std::ops::Range;

use wire::framer::Parsed;
use wire::{Cut, Cutter, Framer, Layout, Piece};

use crate::frame::{FrameHeader, FrameType, HEADER_LEN, PREFACE};

/// The DATA payload bytes a lab keeps of a frame.
pub const DEFAULT_DATA_EXCERPT: usize = 4096;
/// The payload bytes a lab keeps of any other frame (a field block is decoded whole up to
/// this).
pub const DEFAULT_MAX_KEPT_PAYLOAD: usize = 64 * 1024;

/// How much of each frame's payload to keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Excerpt {
    /// Of a DATA frame.
    pub data: usize,
    /// Of every other frame.
    pub other: usize,
}

impl Default for Excerpt {
    fn default() -> Self {
        Excerpt {
            data: DEFAULT_DATA_EXCERPT,
            other: DEFAULT_MAX_KEPT_PAYLOAD,
        }
    }
}

/// A frame as it crossed the wire.
pub type Frame = Cut<FrameHeader>;

/// What an observer yields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unit {
    /// The client connection preface: always `0..24`.
    Preface(Piece),
    /// A frame, whole or excerpted.
    Frame(Frame),
    /// Not the preface (RFC 9113 §3.4): the bytes up to and including the first that
    /// differs from it. These are not HTTP/2 bytes; framing stops here.
    Lost(Piece),
}

impl Unit {
    /// Where the unit lies in the stream.
    pub fn range(&self) -> Range<u64> {
        match self {
            Unit::Preface(p) => p.range.clone(),
            Unit::Frame(f) => f.range.clone(),
            Unit::Lost(l) => l.range.clone(),
        }
    }
}

/// RFC 9113 §4.1 frames, as [`Cutter`] reads them.
#[derive(Debug, Clone, Copy)]
struct Rfc9113 {
    excerpt: Excerpt,
}

impl Layout for Rfc9113 {
    type Header = FrameHeader;
    type Error = std::convert::Infallible;
    const MAX_HEADER_LEN: usize = HEADER_LEN;

    fn parse(&self, buf: &[u8]) -> Parsed<FrameHeader, Self::Error> {
        Ok(FrameHeader::parse(buf).map(|h| (h, HEADER_LEN)))
    }

    fn payload_len(&self, header: &FrameHeader) -> u64 {
        u64::from(header.length)
    }

    fn keep(&self, header: &FrameHeader) -> usize {
        match header.frame_type {
            FrameType::Data => self.excerpt.data,
            _ => self.excerpt.other,
        }
    }
}

/// Where an observer is.
#[derive(Debug)]
enum Stage {
    /// The preface's bytes so far.
    Preface(Vec<u8>),
    Frames,
    /// Not HTTP/2: bytes are taken, not looked at.
    Stopped,
}

/// One direction of an HTTP/2 connection, cut into units (see the module docs).
#[derive(Debug)]
pub struct Observer {
    stage: Stage,
    /// The frames, and the stream's position throughout (the preface is passed over).
    frames: Cutter<Rfc9113>,
}

impl Observer {
    /// The client's direction: the preface, then frames.
    pub fn client(excerpt: Excerpt) -> Observer {
        Observer {
            stage: Stage::Preface(Vec::new()),
            frames: Cutter::new(Rfc9113 { excerpt }, 0),
        }
    }

    /// The server's direction: frames from the first byte.
    pub fn server(excerpt: Excerpt) -> Observer {
        Observer {
            stage: Stage::Frames,
            frames: Cutter::new(Rfc9113 { excerpt }, 0),
        }
    }

    /// How many bytes of the stream have been taken.
    pub fn position(&self) -> u64 {
        self.frames.position()
    }

    /// The unit being read, if part of it has arrived: its first byte, and one past its last
    /// once that is known.
    pub fn pending(&self) -> Option<(u64, Option<u64>)> {
        match &self.stage {
            Stage::Preface(b) if !b.is_empty() => Some((0, Some(PREFACE.len() as u64))),
            Stage::Frames => self.frames.pending(),
            _ => None,
        }
    }

    /// Bytes held for the unit being read: at most the preface, or a frame header plus what
    /// the policy keeps of its payload.
    pub fn buffered(&self) -> usize {
        match &self.stage {
            Stage::Preface(b) => b.len(),
            Stage::Frames => self.frames.buffered(),
            Stage::Stopped => 0,
        }
    }

    fn read_preface(&mut self, data: &[u8]) -> (usize, Option<Unit>) {
        let Stage::Preface(kept) = &mut self.stage else {
            return (0, None);
        };
        let want = PREFACE.len() - kept.len();
        let piece = data.get(..want.min(data.len())).unwrap_or_default();
        let expected = PREFACE.get(kept.len()..).unwrap_or_default();
        // Only up to the first byte that differs: the same unit however the bytes came.
        let same = piece
            .iter()
            .zip(expected)
            .take_while(|(a, b)| a == b)
            .count();
        if same < piece.len() {
            kept.extend_from_slice(piece.get(..=same).unwrap_or_default());
            let bytes = std::mem::take(kept);
            self.stage = Stage::Stopped;
            self.frames.pass(data.len());
            return (data.len(), Some(Unit::Lost(Piece::at(0, bytes))));
        }
        kept.extend_from_slice(piece);
        self.frames.pass(piece.len());
        if kept.len() < PREFACE.len() {
            return (piece.len(), None);
        }
        let bytes = std::mem::take(kept);
        self.stage = Stage::Frames;
        (piece.len(), Some(Unit::Preface(Piece::at(0, bytes))))
    }
}

impl Framer for Observer {
    type Unit = Unit;

    fn take(&mut self, data: &[u8]) -> (usize, Option<Unit>) {
        match self.stage {
            Stage::Preface(_) => self.read_preface(data),
            Stage::Frames => {
                let (n, unit) = self.frames.take(data);
                (n, unit.and_then(Result::ok).map(Unit::Frame))
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
