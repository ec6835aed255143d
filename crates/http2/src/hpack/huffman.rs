//! The Huffman code for string literals (RFC 7541 §5.2, Appendix B).
//!
//! HPACK can send a string as its raw bytes or Huffman-coded with one fixed, static code
//! built from a large sample of real headers: frequent characters get short codes (`e` is
//! `00101`, 5 bits), rare bytes long ones (up to 30 bits). Typical header text shrinks by
//! about a fifth: `www.example.com` goes from 15 bytes to 12 (Appendix C.4.1).
//!
//! ```text
//!   'w' (119)  |1111000              78  [ 7]
//!   '.' ( 46)  |010111               17  [ 6]
//!   'e' (101)  |00101                 5  [ 5]
//!   EOS (256)  |11111111|11111111|11111111|111111   3fffffff  [30]
//! ```
//!
//! The codes are packed most significant bit first, with no separators (the code is
//! prefix-free, so a decoder always knows where one ends). The last byte is filled with the
//! top bits of EOS, that is with ones. A decoder MUST reject (§5.2):
//!
//! - the EOS symbol inside the string;
//! - padding longer than 7 bits (a whole byte of padding would be wasted);
//! - padding that is not all ones (not "the most significant bits of the code for EOS").
//!
//! Decoding here walks a binary tree, one bit at a time; the tree is built from the table at
//! compile time.

use crate::error::Error;
use crate::hpack::huffman_table::HUFFMAN_CODES;

/// RFC 7541 Appendix B: the EOS symbol, after the 256 byte values.
pub const EOS: u16 = 256;
/// RFC 7541 §5.2: "Padding strictly longer than 7 bits MUST be treated as a decoding error."
pub const MAX_PADDING_BITS: u32 = 7;
/// A prefix-free code with 257 leaves has 256 internal nodes.
const TREE_NODES: usize = 256;
/// Marks a tree child as a leaf; the low bits are the symbol.
const LEAF: u16 = 0x8000;

/// The decoding tree: `TREE[node][bit]` is the next node, or `LEAF | symbol`.
static TREE: [[u16; 2]; TREE_NODES] = build_tree();

const fn build_tree() -> [[u16; 2]; TREE_NODES] {
    let mut tree = [[0u16; 2]; TREE_NODES];
    let mut next = 1usize;
    let mut sym = 0usize;
    while sym < HUFFMAN_CODES.len() {
        let (code, len) = HUFFMAN_CODES[sym];
        let mut node = 0usize;
        let mut i = len as u32;
        while i > 1 {
            i -= 1;
            let bit = ((code >> i) & 1) as usize;
            if tree[node][bit] == 0 {
                tree[node][bit] = next as u16;
                next += 1;
            }
            node = tree[node][bit] as usize;
        }
        tree[node][(code & 1) as usize] = LEAF | sym as u16;
        sym += 1;
    }
    tree
}

/// How a Huffman string ended: the padding after the last symbol.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Padding {
    /// How many bits of the last byte are padding (0 to 7).
    pub bits: u32,
}

/// Decodes a Huffman-coded string; fails on EOS, or padding that is too long or not all ones.
pub fn decode(bytes: &[u8]) -> Result<Vec<u8>, Error> {
    decode_with_padding(bytes).map(|(text, _)| text)
}

/// Like [`decode`], also saying how many bits of padding ended the string.
pub fn decode_with_padding(bytes: &[u8]) -> Result<(Vec<u8>, Padding), Error> {
    // The shortest code is 5 bits, so n bytes hold at most 8n/5 symbols.
    let mut out = Vec::with_capacity(bytes.len().saturating_mul(8) / 5);
    let mut node = 0usize;
    let mut pending_bits = 0u32;
    let mut pending_all_ones = true;
    for &byte in bytes {
        for shift in (0..8).rev() {
            let bit = (byte >> shift) & 1;
            let next = TREE
                .get(node)
                .and_then(|children| children.get(usize::from(bit)))
                .copied()
                .unwrap_or(0);
            pending_bits += 1;
            pending_all_ones &= bit == 1;
            if next & LEAF != 0 {
                let symbol = next & !LEAF;
                let Ok(byte) = u8::try_from(symbol) else {
                    return Err(Error::HuffmanEos);
                };
                out.push(byte);
                node = 0;
                pending_bits = 0;
                pending_all_ones = true;
            } else {
                node = usize::from(next);
            }
        }
    }
    if pending_bits > MAX_PADDING_BITS {
        return Err(Error::HuffmanPaddingTooLong(pending_bits));
    }
    if !pending_all_ones {
        return Err(Error::HuffmanPaddingNotOnes);
    }
    Ok((out, Padding { bits: pending_bits }))
}

/// The code of one byte: `(code, bit length)`.
pub fn code_of(byte: u8) -> (u32, u8) {
    // A u8 always indexes the 257-entry table.
    HUFFMAN_CODES[usize::from(byte)]
}

/// How many bytes `text` takes Huffman-coded.
pub fn encoded_len(text: &[u8]) -> usize {
    let bits: usize = text.iter().map(|&b| usize::from(code_of(b).1)).sum();
    bits.div_ceil(8)
}

/// Appends `text` Huffman-coded, padded with ones to a whole byte.
pub fn encode(text: &[u8], out: &mut Vec<u8>) {
    let mut acc: u64 = 0;
    let mut bits: u32 = 0;
    for &b in text {
        let (code, len) = code_of(b);
        acc = (acc << len) | u64::from(code);
        bits += u32::from(len);
        while bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
        acc &= (1u64 << bits) - 1;
    }
    if bits > 0 {
        let pad = 8 - bits;
        out.push(((acc << pad) as u8) | (u8::MAX >> bits));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(s: &str) -> Vec<u8> {
        wire::parse_hex(s).unwrap()
    }

    /// The Huffman strings of RFC 7541 Appendix C.4 and C.6.
    const RFC_STRINGS: &[(&str, &str)] = &[
        ("f1e3 c2e5 f23a 6ba0 ab90 f4ff", "www.example.com"),
        ("a8eb 1064 9cbf", "no-cache"),
        ("25a8 49e9 5ba9 7d7f", "custom-key"),
        ("25a8 49e9 5bb8 e8b4 bf", "custom-value"),
        ("6402", "302"),
        ("aec3 771a 4b", "private"),
        (
            "d07a be94 1054 d444 a820 0595 040b 8166 e082 a62d 1bff",
            "Mon, 21 Oct 2013 20:13:21 GMT",
        ),
        (
            "9d29 ad17 1863 c78f 0b97 c8e9 ae82 ae43 d3",
            "https://www.example.com",
        ),
        ("640e ff", "307"),
        (
            "d07a be94 1054 d444 a820 0595 040b 8166 e084 a62d 1bff",
            "Mon, 21 Oct 2013 20:13:22 GMT",
        ),
        ("9bd9 ab", "gzip"),
        (
            "94e7 821d d7f2 e6c7 b335 dfdf cd5b 3960 d5af 2708 7f36 72c1 ab27 0fb5 291f 9587 3160 65c0 03ed 4ee5 b106 3d50 07",
            "foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1",
        ),
    ];

    #[test]
    fn rfc_strings_both_ways() {
        for (coded, text) in RFC_STRINGS {
            let coded = hex(coded);
            assert_eq!(decode(&coded).unwrap(), text.as_bytes(), "{text}");
            let mut out = Vec::new();
            encode(text.as_bytes(), &mut out);
            assert_eq!(out, coded, "{text}");
            assert_eq!(encoded_len(text.as_bytes()), coded.len());
        }
    }

    #[test]
    fn every_byte_round_trips() {
        let all: Vec<u8> = (0..=u8::MAX).collect();
        let mut out = Vec::new();
        encode(&all, &mut out);
        assert_eq!(decode(&out).unwrap(), all);
        for b in 0..=u8::MAX {
            let mut out = Vec::new();
            encode(&[b], &mut out);
            assert_eq!(decode(&out).unwrap(), [b]);
        }
    }

    /// The table is a complete prefix code: the Kraft sum of its lengths is exactly 1, so
    /// every bit string decodes to symbols plus a tail shorter than the longest code.
    #[test]
    fn the_code_is_complete() {
        let sum: u64 = HUFFMAN_CODES
            .iter()
            .map(|&(_, len)| 1u64 << (30 - u32::from(len)))
            .sum();
        assert_eq!(sum, 1 << 30);
    }

    #[test]
    fn eos_in_the_string_is_refused() {
        // 30 ones (EOS), then 2 bits of padding.
        assert_eq!(decode(&[0xff, 0xff, 0xff, 0xff]), Err(Error::HuffmanEos));
    }

    #[test]
    fn padding_rules() {
        // '0' is 00000 (5 bits) + 3 one bits of padding: fine.
        assert_eq!(decode_with_padding(&[0x07]).unwrap().1, Padding { bits: 3 });
        // '0' then padding 001: not all ones.
        assert_eq!(decode(&[0x01]), Err(Error::HuffmanPaddingNotOnes));
        // 'a' (00011) + 111, then a whole byte of ones: 11 bits of padding.
        assert_eq!(decode(&[0x1f, 0xff]), Err(Error::HuffmanPaddingTooLong(11)));
        assert_eq!(decode(&[]).unwrap(), b"");
    }
}
