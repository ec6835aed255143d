//! String literals (RFC 7541 §5.2): header names and values on the wire.
//!
//! ```text
//!    0   1   2   3   4   5   6   7
//!  +---+---+---+---+---+---+---+---+
//!  | H |    String Length (7+)     |
//!  +---+---------------------------+
//!  |  String Data (Length octets)  |
//!  +-------------------------------+
//! ```
//!
//! H says whether the data is Huffman-coded ([`super::huffman`]); the length is a prefixed
//! integer with a 7-bit prefix ([`super::integer`]) and counts the bytes *on the wire*, so a
//! Huffman string of length 12 may decode to 15 characters (`www.example.com`, C.4.1).
//!
//! The length is checked against the decoder's limit before a single data byte is copied:
//! a peer cannot make this code allocate more than the limit allows.

use std::ops::Range;

use crate::error::Error;
use crate::hpack::huffman;
use crate::hpack::integer::{decode_integer, encode_integer};

/// RFC 7541 §5.2: H, the top bit of a string literal's first byte: Huffman-coded.
pub const HUFFMAN_FLAG: u8 = 0x80;
/// RFC 7541 §5.2: the string length has a 7-bit prefix.
pub const STRING_LENGTH_PREFIX: u8 = 7;

/// A decoded string literal, with where its parts lay in the header block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StringLiteral {
    /// The whole literal: H bit, length, data.
    pub range: Range<usize>,
    /// H: the data is Huffman-coded.
    pub huffman: bool,
    /// The String Length field's value: bytes of data on the wire.
    pub length: usize,
    /// The bytes of the length (H bit included).
    pub length_range: Range<usize>,
    /// The data bytes.
    pub data_range: Range<usize>,
    /// The string, Huffman-decoded if it was coded.
    pub decoded: Vec<u8>,
    /// For a Huffman string, how many bits of padding ended it.
    pub padding_bits: u32,
}

/// Decodes the string literal at `buf[at..]`. `max_len` bounds the length on the wire.
pub fn decode_string(buf: &[u8], at: usize, max_len: usize) -> Result<StringLiteral, Error> {
    let rest = buf.get(at..).unwrap_or_default();
    let Some(&first) = rest.first() else {
        return Err(Error::Truncated("a string literal"));
    };
    let huffman = first & HUFFMAN_FLAG != 0;
    let (length, length_len) = decode_integer(rest, STRING_LENGTH_PREFIX).map_err(|e| match e {
        Error::Truncated(_) => Error::Truncated("a string length"),
        e => e,
    })?;
    if length > max_len {
        return Err(Error::StringTooLong {
            length,
            max: max_len,
        });
    }
    let data_start = at + length_len;
    let data_range = data_start..data_start + length;
    let Some(data) = buf.get(data_range.clone()) else {
        return Err(Error::Truncated("a string's data"));
    };
    let (decoded, padding_bits) = if huffman {
        let (text, padding) = huffman::decode_with_padding(data)?;
        (text, padding.bits)
    } else {
        (data.to_vec(), 0)
    };
    Ok(StringLiteral {
        range: at..data_range.end,
        huffman,
        length,
        length_range: at..data_start,
        data_range,
        decoded,
        padding_bits,
    })
}

/// Appends `text` as a string literal, Huffman-coded when `huffman` is set.
pub fn encode_string(text: &[u8], huffman: bool, out: &mut Vec<u8>) {
    if huffman {
        encode_integer(
            huffman::encoded_len(text),
            STRING_LENGTH_PREFIX,
            HUFFMAN_FLAG,
            out,
        );
        huffman::encode(text, out);
    } else {
        encode_integer(text.len(), STRING_LENGTH_PREFIX, 0, out);
        out.extend_from_slice(text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_and_huffman() {
        let raw = wire::parse_hex("0f 7777772e6578616d706c652e636f6d").unwrap();
        let s = decode_string(&raw, 0, 100).unwrap();
        assert!(!s.huffman);
        assert_eq!(s.decoded, b"www.example.com");
        assert_eq!(s.data_range, 1..16);
        let coded = wire::parse_hex("8c f1e3c2e5f23a6ba0ab90f4ff").unwrap();
        let s = decode_string(&coded, 0, 100).unwrap();
        assert!(s.huffman);
        assert_eq!(s.length, 12);
        assert_eq!(s.decoded, b"www.example.com");
        let mut out = Vec::new();
        encode_string(b"www.example.com", true, &mut out);
        assert_eq!(out, coded);
    }

    #[test]
    fn limits_and_truncation() {
        assert_eq!(
            decode_string(&[0x05, b'a'], 0, 4),
            Err(Error::StringTooLong { length: 5, max: 4 })
        );
        assert_eq!(
            decode_string(&[0x05, b'a'], 0, 100),
            Err(Error::Truncated("a string's data"))
        );
        assert_eq!(
            decode_string(&[0x7f], 0, 100),
            Err(Error::Truncated("a string length"))
        );
        assert_eq!(
            decode_string(&[], 0, 100),
            Err(Error::Truncated("a string literal"))
        );
    }
}
