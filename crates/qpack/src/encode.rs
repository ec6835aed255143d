//! Encoding a field section with the static table only (RFC 9204 §4.5).
//!
//! Every HTTP/3 connection starts this way: the decoder's dynamic table has a capacity of 0
//! until its SETTINGS_QPACK_MAX_TABLE_CAPACITY says otherwise (RFC 9204 §3.2.3, §5), so an
//! encoder that has not heard of one may refer only to the static table. Its output is a
//! two-byte prefix — Required Insert Count 0, Base 0 — and one representation per field line,
//! in the order given (§2.1: "An encoder MUST emit field representations in the order they
//! appear in the input field section"):
//!
//! ```text
//!   +---+---+---+---+---+---+---+---+
//!   | 1 | T |      Index (6+)       |   indexed field line (§4.5.2), T = 1: static
//!   +---+---+---+---+---------------+
//!   | 0 | 1 | N | T |Name Index (4+)|   literal with name reference (§4.5.4),
//!   +---+---+---+---+---------------+   then  | H | Value Length (7+) | value
//!   | 0 | 0 | 1 | N | H |NameLen(3+)|   literal with literal name (§4.5.6),
//!   +---+---+---+---+---+-----------+   name, then | H | Value Length (7+) | value
//! ```
//!
//! Because nothing refers to a dynamic table, no section can block on the encoder stream:
//! this is QPACK with its head-of-line blocking risk switched off, which is also its worst
//! compression.

use http2::hpack::{huffman, integer::encode_integer};

use crate::static_table;

/// RFC 9204 §4.5.2: `1T` then a 6-bit prefix; T = 1 for the static table.
const INDEXED_STATIC: u8 = 0b1100_0000;
const INDEXED_PREFIX: u8 = 6;
/// RFC 9204 §4.5.4: `01NT` then a 4-bit prefix; N = 0, T = 1.
const LITERAL_STATIC_NAME: u8 = 0b0101_0000;
const NAME_INDEX_PREFIX: u8 = 4;
/// RFC 9204 §4.5.6: `001NH` then a 3-bit name length; N = 0.
const LITERAL_NAME: u8 = 0b0010_0000;
const LITERAL_NAME_HUFFMAN: u8 = 0b0000_1000;
const NAME_LENGTH_PREFIX: u8 = 3;
/// RFC 9204 §4.1.2: a value string is `H` then a 7-bit length.
const VALUE_HUFFMAN: u8 = 0b1000_0000;
const VALUE_LENGTH_PREFIX: u8 = 7;

/// How a field line was represented.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Representation {
    /// §4.5.2: the whole line is static entry `index`.
    Indexed { index: usize },
    /// §4.5.4: the name is static entry `index`'s, the value is a literal.
    NameReference { index: usize },
    /// §4.5.6: name and value are literals.
    LiteralName,
}

/// One field line of the output and where its bytes are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub representation: Representation,
    /// Byte range in the encoded section.
    pub bytes: std::ops::Range<usize>,
}

/// An encoded field section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Encoded {
    /// The prefix and the representations.
    pub bytes: Vec<u8>,
    pub lines: Vec<Line>,
}

/// Appends a string literal with an `prefix`-bit length and `flag` as its H bit, Huffman
/// coded when `huffman` is set and that is shorter (RFC 9204 §4.1.2).
fn string(text: &[u8], prefix: u8, pattern: u8, flag: u8, huffman: bool, out: &mut Vec<u8>) {
    let coded = huffman::encoded_len(text);
    if huffman && coded < text.len() {
        encode_integer(coded, prefix, pattern | flag, out);
        huffman::encode(text, out);
    } else {
        encode_integer(text.len(), prefix, pattern, out);
        out.extend_from_slice(text);
    }
}

/// A value string: `H`, a 7-bit length, the bytes (RFC 9204 §4.1.2).
fn value_string(value: &[u8], huffman: bool, out: &mut Vec<u8>) {
    string(value, VALUE_LENGTH_PREFIX, 0, VALUE_HUFFMAN, huffman, out);
}

/// Encodes `fields` (names already lowercase, as HTTP/3 requires) with the static table
/// only; `huffman` codes each string that Huffman makes shorter.
pub fn encode(fields: &[(&[u8], &[u8])], huffman: bool) -> Encoded {
    // §4.5.1: Required Insert Count 0 (8+), then S = 0 and Delta Base 0 (7+).
    let mut bytes = vec![0x00, 0x00];
    let mut lines = Vec::with_capacity(fields.len());
    for &(name, value) in fields {
        let start = bytes.len();
        let representation = match static_table::find(name, value) {
            (Some(index), _) => {
                encode_integer(index, INDEXED_PREFIX, INDEXED_STATIC, &mut bytes);
                Representation::Indexed { index }
            }
            (None, Some(index)) => {
                encode_integer(index, NAME_INDEX_PREFIX, LITERAL_STATIC_NAME, &mut bytes);
                value_string(value, huffman, &mut bytes);
                Representation::NameReference { index }
            }
            (None, None) => {
                string(
                    name,
                    NAME_LENGTH_PREFIX,
                    LITERAL_NAME,
                    LITERAL_NAME_HUFFMAN,
                    huffman,
                    &mut bytes,
                );
                value_string(value, huffman, &mut bytes);
                Representation::LiteralName
            }
        };
        lines.push(Line {
            representation,
            bytes: start..bytes.len(),
        });
    }
    Encoded { bytes, lines }
}
