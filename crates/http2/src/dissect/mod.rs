//! Dissectors: HTTP/2 frames and HPACK header blocks explained field by field, as
//! [`wire::Dissection`]s.
//!
//! The codec ([`crate::frame`], [`crate::hpack`]) answers "is this valid, and what does it
//! say?". A dissector answers "what is every bit of this, and which rule does it break?". So
//! it is lenient: it never fails and never panics, it describes as much as the bytes allow,
//! and it turns every broken rule into a [`wire::Problem`] with the RFC section and the
//! answer a conforming peer gives (`connection error PROTOCOL_ERROR (GOAWAY)`,
//! `stream error FRAME_SIZE_ERROR (RST_STREAM on stream 1)`).
//!
//! - [`Dissector`] / [`frames`]: a run of frames (after an optional client preface), each
//!   with its 72-bit header (Length 24, Type 8, Flags bit by bit, R 1, Stream Identifier 31)
//!   and its payload by type. Field blocks are decoded with the dissector's own HPACK
//!   decoder, so a session's dynamic table carries over from frame to frame and from call
//!   to call; HEADERS + CONTINUATION are put together first, as a receiver must.
//! - [`Dissector::frames_within`] and [`header_block_within`]: the same within a
//!   [`wire::Budget`], for callers that answer someone else (the server's API, the CLI).
//! - [`header_block`]: a bare HPACK block, each representation with its first byte's bit
//!   pattern, its index or strings (H bit, length, Huffman bytes, decoded text), the table
//!   entry it used or added, and the dynamic table afterwards.
//!
//! Reading order: this file, `frame.rs` (the header and the frame loop), `payload.rs` (the ten
//! payloads), `hpack.rs` (header blocks).

mod frame;
mod hpack;
mod padded;
mod payload;
mod settings;

use hpack::Room;
use wire::{BitRange, Budget, Dissection, Problem};

use crate::error::Error;
use crate::frame::{FrameType, PREFACE};
use crate::hpack::Decoder;

/// The protocol name every frame dissection carries.
const PROTOCOL: &str = "HTTP/2";
/// The protocol name of a bare header block.
const HPACK_PROTOCOL: &str = "HPACK";
/// What a receiver does with input that simply is not all here yet.
const WAIT: &str = "none yet: a receiver waits for the rest of the bytes";
/// The most bytes of one field block the dissector puts together from HEADERS and
/// CONTINUATION frames (a bound on what a peer can make it hold).
const MAX_ASSEMBLED_BLOCK: usize = 256 * 1024;
/// How many characters of text a value quotes.
const VALUE_CHARS: usize = 120;

/// A field block begun by HEADERS or PUSH_PROMISE without END_HEADERS.
#[derive(Debug, Clone)]
struct PendingBlock {
    stream_id: u32,
    frame_type: FrameType,
    block: Vec<u8>,
    frames: usize,
}

/// A stateful dissector for one direction of one connection: its HPACK decoder keeps the
/// dynamic table from block to block, and it remembers a field block that CONTINUATION
/// frames have yet to finish.
#[derive(Debug, Clone)]
pub struct Dissector {
    decoder: Decoder,
    pending: Option<PendingBlock>,
    /// What a field block may still show (during [`Dissector::frames_within`]).
    room: Room,
}

impl Default for Dissector {
    fn default() -> Self {
        Dissector::with_decoder(Decoder::new())
    }
}

impl Dissector {
    /// A dissector with a fresh HPACK decoder (4,096-byte table).
    pub fn new() -> Dissector {
        Dissector::default()
    }

    /// A dissector that decodes field blocks with `decoder` (e.g. a 256-byte table).
    pub fn with_decoder(decoder: Decoder) -> Dissector {
        Dissector {
            decoder,
            pending: None,
            room: Room::ALL,
        }
    }

    /// The HPACK decoder, with the dynamic table as it stands.
    pub fn decoder(&self) -> &Decoder {
        &self.decoder
    }

    /// Dissects a run of frames, the client preface first if the bytes start with it. Every
    /// frame gets its own [`Dissection`] whose bytes (and bit ranges) start at that frame.
    /// Bytes at the end that do not make a whole frame are dissected as far as they go,
    /// with a problem saying what is missing.
    pub fn frames(&mut self, bytes: &[u8]) -> Vec<Dissection> {
        self.frames_within(bytes, &mut Budget::unlimited())
    }

    /// [`Dissector::frames`] within `budget`: once it is spent the run ends with
    /// [`Budget::stopped`], and a field block shows its representations only while the
    /// budget lasts (the block is still decoded whole, so the dynamic table stays right).
    pub fn frames_within(&mut self, bytes: &[u8], budget: &mut Budget) -> Vec<Dissection> {
        let mut out = Vec::new();
        let mut rest = bytes;
        if let Some(d) = preface(rest) {
            let used = d.bytes.len();
            budget.charge(&d);
            out.push(d);
            rest = rest.get(used..).unwrap_or_default();
        }
        while !rest.is_empty() {
            if budget.is_spent() {
                out.push(budget.stopped(PROTOCOL, "frames", rest.len()));
                break;
            }
            self.room = Room::of(budget);
            let (d, used) = self.frame(rest);
            self.room = Room::ALL;
            budget.charge(&d);
            out.push(d);
            if used == 0 || used >= rest.len() {
                break;
            }
            rest = rest.get(used..).unwrap_or_default();
        }
        if out.is_empty() {
            let mut d = Dissection::new(PROTOCOL, "no bytes: no frame", Vec::new());
            d.problem(wait_problem(
                "a frame starts with a 9-byte header; 0 bytes are here",
                BitRange::bits(0, 0),
            ));
            out.push(d);
        }
        out
    }
}

/// Dissects a run of frames with a fresh [`Dissector`].
pub fn frames(bytes: &[u8]) -> Vec<Dissection> {
    Dissector::new().frames(bytes)
}

/// Dissects a bare HPACK header block with `decoder` (whose table it updates).
pub fn header_block(bytes: &[u8], decoder: &mut Decoder) -> Dissection {
    hpack::header_block(bytes, decoder, Room::ALL)
}

/// [`header_block`] within `budget`, which it charges: the representations are shown while
/// the budget lasts, then one field (with a problem) says how many more there were; a
/// spent budget yields [`Budget::stopped`]. The block is decoded whole either way.
pub fn header_block_within(bytes: &[u8], decoder: &mut Decoder, budget: &mut Budget) -> Dissection {
    if budget.is_spent() {
        // Keep the decoder's table as the block leaves it.
        decoder.decode_block(bytes);
        return budget.stopped(HPACK_PROTOCOL, "blocks", bytes.len());
    }
    let d = hpack::header_block(bytes, decoder, Room::of(budget));
    budget.charge(&d);
    d
}

/// The client preface (RFC 9113 §3.4), if `bytes` start with it or with a piece of it.
fn preface(bytes: &[u8]) -> Option<Dissection> {
    let whole = bytes.starts_with(PREFACE);
    let piece = !whole && !bytes.is_empty() && PREFACE.starts_with(bytes);
    if !whole && !piece {
        return None;
    }
    let n = bytes.len().min(PREFACE.len());
    let shown = bytes.get(..n).unwrap_or_default();
    let summary = if whole {
        "Client connection preface".to_string()
    } else {
        format!("Client connection preface, truncated: {n} of 24 bytes")
    };
    let mut d = Dissection::new(PROTOCOL, summary, shown.to_vec());
    let field = wire::Field::new(
        "Connection Preface",
        BitRange::bytes(0, n),
        wire::Raw::Bytes(shown.to_vec()),
        format!("{:?}", String::from_utf8_lossy(shown)),
        "Every HTTP/2 connection from a client begins with these 24 bytes, then a SETTINGS frame; an HTTP/1.1 server fails to parse them as a request, so HTTP/2 never starts by accident (RFC 9113 §3.4).",
    );
    d.push(field);
    if piece {
        d.problem(wait_problem(
            format!("the preface is 24 bytes; {n} are here"),
            BitRange::bits(n as u64 * 8, 0),
        ));
    }
    Some(d)
}

/// The problem for a broken rule, with the error's section and answer.
fn error_problem(e: &Error, at: BitRange) -> Problem {
    Problem {
        rule: e.rule().to_string(),
        message: e.to_string(),
        at,
        answer: Some(e.answer()),
    }
}

/// The problem for input that ends early.
fn wait_problem(message: impl Into<String>, at: BitRange) -> Problem {
    Problem {
        rule: "RFC 9113 §4.1".to_string(),
        message: message.into(),
        at,
        answer: Some(WAIT.to_string()),
    }
}

/// `1 byte`, `5 bytes`.
fn bytes_count(n: usize) -> String {
    if n == 1 {
        "1 byte".to_string()
    } else {
        format!("{n} bytes")
    }
}

/// Bytes as a reader would quote them: text in quotes when it is printable UTF-8 (cut after
/// [`VALUE_CHARS`] characters), otherwise empty (the tree then shows the hex).
fn quoted_or_empty(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) if !text.chars().any(|c| c.is_control() && c != '\t') => {
            let mut shown: String = text.chars().take(VALUE_CHARS).collect();
            if shown.len() < text.len() {
                shown.push('…');
            }
            format!("{shown:?}")
        }
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests;
