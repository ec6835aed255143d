//! # wire — the dissection model every wiretrail protocol shares
//!
//! A *dissection* is what Wireshark shows in its packet-details pane: the input bytes, and a
//! tree of *fields* laid over them. Each field knows
//!
//! - its **bit range** in the input (`bits.start` counts from the most significant bit of byte
//!   0, so the FIN bit of a WebSocket frame is bit 0 and its opcode is bits 4..8),
//! - its **raw value** (the number or the bytes that sit in that range),
//! - its **decoded value** as a reader would say it (`Text (1)`, `true`, `"Hello"`),
//! - one sentence of **meaning** (what the field is for, with its RFC section),
//! - optional **children** (a header made of flags, a payload made of a code and a reason),
//! - an optional **problem**: the rule these bytes break.
//!
//! Broken bytes are the best lesson, so a dissector never fails: it describes as much as it
//! could parse and adds a [`Problem`] for the rest ("the masking key needs 4 bytes, 2 are
//! here"). Every problem also appears in [`Dissection::problems`], in input order.
//!
//! Three renderers read the same tree (see [`render`]):
//!
//! - [`render::tree`]: a Wireshark-style text tree with bitmask lines
//!   (`1... .... = FIN: true`),
//! - [`render::diagram`]: an RFC-style bit diagram of the header, 32 bits a row,
//! - [`render::json`]: the JSON the browser pages draw from.
//!
//! Reading order: [`Dissection`] and [`Field`] here, then `render/`. [`i18n`] translates
//! what a dissection says (summaries, meanings, problems) through a catalog of normalised
//! sentences. [`budget`] bounds what
//! one call may produce (a [`Budget`] of frames, fields and bytes; past it a last
//! dissection says where it stopped). Beside the model, [`framer`] holds the one trait the protocol crates' stream cutters share, and [`noise`]
//! the seeded random bytes their "never panics" tests feed every dissector.

#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

pub mod budget;
pub mod framer;
pub mod i18n;
pub mod noise;
pub mod render;

pub use budget::Budget;
pub use framer::{Broken, Cut, Cutter, Feed, Framer, Layout, Piece};

use std::borrow::Cow;

use serde::Serialize;

/// A range of bits in the dissected input. Bit 0 is the most significant bit of byte 0, as in
/// the RFCs' diagrams.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct BitRange {
    /// The first bit.
    pub start: u64,
    /// How many bits.
    pub len: u64,
}

impl BitRange {
    /// `len` bits starting at bit `start`.
    pub const fn bits(start: u64, len: u64) -> Self {
        Self { start, len }
    }

    /// `len` whole bytes starting at byte `start`.
    pub const fn bytes(start: usize, len: usize) -> Self {
        Self {
            start: start as u64 * 8,
            len: len as u64 * 8,
        }
    }

    /// One past the last bit.
    pub const fn end(&self) -> u64 {
        self.start + self.len
    }

    /// True when the range starts and ends on byte boundaries.
    // `u64::is_multiple_of` is Rust 1.87; the workspace's rust-version is 1.85.
    pub const fn is_byte_aligned(&self) -> bool {
        self.start.is_multiple_of(8) && self.len.is_multiple_of(8)
    }

    /// The byte offset of the first bit.
    pub const fn first_byte(&self) -> usize {
        (self.start / 8) as usize
    }

    /// The bytes that hold any bit of this range, as a `start..end` byte range.
    pub fn byte_span(&self) -> std::ops::Range<usize> {
        let first = self.first_byte();
        let last = if self.len == 0 {
            first
        } else {
            self.end().div_ceil(8) as usize
        };
        first..last
    }
}

/// The raw value that sits in a field's bits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Raw {
    /// A number of at most 64 bits (a flag, an opcode, a length).
    Uint(u64),
    /// A run of bytes (a key, a payload). Serialized as lowercase hex.
    Bytes(#[serde(serialize_with = "hex_serde")] Vec<u8>),
    /// A field with no bits of its own (a summary, or a field the input ended before).
    None,
}

/// A rule the bytes break, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// Where the rule comes from, e.g. `RFC 6455 §5.2`.
    pub rule: String,
    /// What is wrong, in one sentence, e.g. "the masking key needs 4 bytes; 2 are here".
    pub message: String,
    /// The bits at fault (zero-length at the end of the input when bytes are missing).
    pub at: BitRange,
    /// What a conforming peer answers, e.g. `close 1002 (Protocol error)` or `400 Bad Request`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answer: Option<String>,
}

/// One named field over a range of the input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Field {
    /// The field's name as the RFC writes it (`FIN`, `Payload length`, `Masking-key`).
    /// A `Cow`, as `meaning` is: most names and sentences are constants, and a dissection of
    /// a few kilobytes has thousands of fields, so they are borrowed rather than copied.
    pub name: Cow<'static, str>,
    /// Where it lies.
    pub bits: BitRange,
    /// What sits there.
    pub raw: Raw,
    /// The decoded value as a reader would say it.
    pub value: String,
    /// One sentence: what this field is for.
    pub meaning: Cow<'static, str>,
    /// Sub-fields, in input order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<Field>,
    /// The rule this field breaks, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<Problem>,
}

impl Field {
    /// A field with a value and a meaning, no children and no problem.
    pub fn new(
        name: impl Into<Cow<'static, str>>,
        bits: BitRange,
        raw: Raw,
        value: impl Into<String>,
        meaning: impl Into<Cow<'static, str>>,
    ) -> Self {
        Self {
            name: name.into(),
            bits,
            raw,
            value: value.into(),
            meaning: meaning.into(),
            children: Vec::new(),
            problem: None,
        }
    }

    /// Adds sub-fields.
    pub fn with_children(mut self, children: Vec<Field>) -> Self {
        self.children = children;
        self
    }

    /// Marks the field as breaking a rule.
    pub fn with_problem(mut self, problem: Problem) -> Self {
        self.problem = Some(problem);
        self
    }

    /// This field and all its descendants, depth first.
    pub fn walk(&self) -> Vec<&Field> {
        let mut out = Vec::new();
        self.walk_into(&mut out);
        out
    }

    /// [`Field::walk`], appended to `out` (one list for a whole dissection, not one a field).
    fn walk_into<'a>(&'a self, out: &mut Vec<&'a Field>) {
        out.push(self);
        for child in &self.children {
            child.walk_into(out);
        }
    }

    /// How many fields [`Field::walk`] would list: this one and all its descendants.
    pub fn count(&self) -> usize {
        1 + self.children.iter().map(Field::count).sum::<usize>()
    }
}

/// A dissected unit of input: a frame, a handshake, a header block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dissection {
    /// The protocol, e.g. `WebSocket` or `HTTP/2`.
    pub protocol: String,
    /// A one-line summary, e.g. `Text frame, FIN, masked, 5-byte payload`.
    pub summary: String,
    /// The bytes dissected, exactly as given.
    #[serde(serialize_with = "hex_serde")]
    pub bytes: Vec<u8>,
    /// The top-level fields, in input order.
    pub fields: Vec<Field>,
    /// Every problem found, in input order (each also sits on its field, when it has one).
    pub problems: Vec<Problem>,
    /// How many leading bits form the fixed header that [`render::diagram`] draws
    /// (0 when there is nothing to draw).
    pub header_bits: u64,
}

impl Dissection {
    /// An empty dissection of `bytes`.
    pub fn new(protocol: impl Into<String>, summary: impl Into<String>, bytes: Vec<u8>) -> Self {
        Self {
            protocol: protocol.into(),
            summary: summary.into(),
            bytes,
            fields: Vec::new(),
            problems: Vec::new(),
            header_bits: 0,
        }
    }

    /// Appends a top-level field, recording its problem (and its children's) in `problems`.
    pub fn push(&mut self, field: Field) {
        // Depth first, as `Field::walk` goes, without a list of references.
        fn collect(f: &Field, problems: &mut Vec<Problem>) {
            if let Some(p) = &f.problem {
                problems.push(p.clone());
            }
            for child in &f.children {
                collect(child, problems);
            }
        }
        collect(&field, &mut self.problems);
        self.fields.push(field);
    }

    /// Records a problem that belongs to no single field.
    pub fn problem(&mut self, problem: Problem) {
        self.problems.push(problem);
    }

    /// True when no rule was broken.
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }

    /// Every field, depth first.
    pub fn all_fields(&self) -> Vec<&Field> {
        let mut out = Vec::new();
        for f in &self.fields {
            f.walk_into(&mut out);
        }
        out
    }

    /// The first field (depth first) whose bits reach past the input, if a dissector made
    /// one: every field must lie inside the bytes it explains.
    pub fn field_past_the_end(&self) -> Option<&Field> {
        let bits = self.bytes.len() as u64 * 8;
        self.fields
            .iter()
            .flat_map(Field::walk)
            .find(|f| f.bits.end() > bits)
    }
}

/// Lowercase hex without separators: `[0x81, 0x85]` → `"8185"`.
pub fn to_hex(bytes: &[u8]) -> String {
    let mut out = Vec::with_capacity(bytes.len() * 2);
    hex_into(&mut out, bytes);
    // Every byte written is an ASCII digit, so this never takes the fallback.
    String::from_utf8(out).unwrap_or_default()
}

/// Every byte's two lowercase hex digits, by the byte's value.
pub(crate) const HEX_PAIRS: [[u8; 2]; 256] = {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut table = [[0u8; 2]; 256];
    let mut i = 0;
    while i < 256 {
        table[i] = [DIGITS[i >> 4], DIGITS[i & 0x0f]];
        i += 1;
    }
    table
};

/// Appends `bytes` as lowercase hex digits to `out`.
pub(crate) fn hex_into(out: &mut Vec<u8>, bytes: &[u8]) {
    // A byte's two digits at once, from a table of all 256 pairs, into room made first: a
    // lab frame's excerpt goes through here for every event a page reads, so this is a
    // loop without a capacity check per byte.
    let start = out.len();
    out.resize(start + bytes.len() * 2, 0);
    for (pair, &b) in out[start..].chunks_exact_mut(2).zip(bytes) {
        pair.copy_from_slice(&HEX_PAIRS[usize::from(b)]);
    }
}

/// Why a learner's hex string could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HexError {
    /// The character offset of the fault in the input string.
    pub at: usize,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for HexError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "at character {}: {}", self.at, self.message)
    }
}

impl std::error::Error for HexError {}

/// Reads hex as a learner types it: case-insensitive, with whitespace, `:`, `-` and `,`
/// between bytes allowed and ignored, and an optional `0x` before each byte or the whole.
pub fn parse_hex(input: &str) -> Result<Vec<u8>, HexError> {
    // One pass over the string, a character at a time, without a copy of it (a MiB of hex
    // from the API must not become 16 MiB of `(usize, char)`s).
    let mut out = Vec::with_capacity(input.len() / 2);
    let mut high: Option<(usize, u8)> = None;
    let mut chars = input.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        // `0x` prefix, only at a byte boundary.
        if high.is_none() && c == '0' {
            let rest = input.get(at + 1..).unwrap_or_default().as_bytes();
            if matches!(rest.first(), Some(b'x' | b'X'))
                && rest.get(1).is_some_and(u8::is_ascii_hexdigit)
            {
                chars.next();
                continue;
            }
        }
        if c.is_whitespace() || matches!(c, ':' | '-' | ',') {
            if let Some((hat, _)) = high {
                return Err(HexError {
                    at: hat,
                    message: "a byte needs two hex digits; this one has one".into(),
                });
            }
            continue;
        }
        let Some(d) = c.to_digit(16) else {
            return Err(HexError {
                at,
                message: format!("{c:?} is not a hex digit (0-9, a-f)"),
            });
        };
        let d = d as u8;
        match high.take() {
            None => high = Some((at, d)),
            Some((_, h)) => out.push(h << 4 | d),
        }
    }
    if let Some((at, _)) = high {
        return Err(HexError {
            at,
            message: "odd number of hex digits: the last byte has only one".into(),
        });
    }
    Ok(out)
}

fn hex_serde<S: serde::Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&to_hex(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trip() {
        assert_eq!(to_hex(&[0x81, 0x05, 0xff]), "8105ff");
        assert_eq!(parse_hex("81 05:FF").unwrap(), vec![0x81, 0x05, 0xff]);
        assert_eq!(parse_hex("0x8105").unwrap(), vec![0x81, 0x05]);
        assert_eq!(parse_hex("0x81 0x05").unwrap(), vec![0x81, 0x05]);
        assert_eq!(parse_hex("").unwrap(), Vec::<u8>::new());
        // Every byte value, against the formatter's own digits.
        let all: Vec<u8> = (0..=255).collect();
        let expected: String = all.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(to_hex(&all), expected);
        assert_eq!(parse_hex(&expected).unwrap(), all);
    }

    #[test]
    fn hex_errors_point_at_the_character() {
        assert_eq!(parse_hex("81 0g").unwrap_err().at, 4);
        assert_eq!(parse_hex("810").unwrap_err().at, 2);
        assert_eq!(parse_hex("8 10").unwrap_err().at, 0);
    }

    #[test]
    fn byte_span() {
        assert_eq!(BitRange::bits(4, 4).byte_span(), 0..1);
        assert_eq!(BitRange::bits(9, 7).byte_span(), 1..2);
        assert_eq!(BitRange::bytes(2, 4).byte_span(), 2..6);
        assert_eq!(BitRange::bits(16, 0).byte_span(), 2..2);
    }
}
