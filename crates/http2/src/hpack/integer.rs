//! Prefixed integers (RFC 7541 §5.1): how HPACK writes every index and length.
//!
//! An integer starts in the low N bits of a byte whose high bits belong to someone else (the
//! representation's pattern, or the H bit of a string). If the value fits in those N bits
//! (it is less than 2^N - 1), that is all:
//!
//! ```text
//!    0   1   2   3   4   5   6   7
//!  +---+---+---+---+---+---+---+---+
//!  | ? | ? | ? |       Value       |
//!  +---+---+---+-------------------+
//! ```
//!
//! Otherwise the prefix is all ones, and the rest (value - (2^N - 1)) follows 7 bits at a
//! time, least significant group first, each byte's top bit saying "more follows":
//!
//! ```text
//!    0   1   2   3   4   5   6   7
//!  +---+---+---+---+---+---+---+---+
//!  | ? | ? | ? | 1   1   1   1   1 |
//!  +---+---+---+-------------------+
//!  | 1 |    Value-(2^N-1) LSB      |
//!  +---+---------------------------+
//!                 ...
//!  +---+---------------------------+
//!  | 0 |    Value-(2^N-1) MSB      |
//!  +---+---------------------------+
//! ```
//!
//! Appendix C.1.2 encodes 1337 with a 5-bit prefix: `1f` (31 in the prefix), then 1337 - 31
//! = 1306 = 10·128 + 26, so `9a` (26 with the continue bit) and `0a` (10, last).
//!
//! Nothing in the format bounds an integer, so a decoder must: "Integer encodings that
//! exceed implementation limits — in value or octet length — MUST be treated as decoding
//! errors" (§5.1). This one accepts values up to 2^32 - 1 in at most 5 continuation bytes.

use crate::error::Error;

/// RFC 7541 §5.1: the top bit of a continuation byte says another byte follows.
pub const CONTINUE_BIT: u8 = 0x80;
/// RFC 7541 §5.1: the low 7 bits of a continuation byte carry the value.
pub const CONTINUATION_VALUE_BITS: u8 = 0x7f;
/// RFC 7541 §5.1: each continuation byte carries 7 bits.
const BITS_PER_CONTINUATION: u32 = 7;
/// RFC 7541 §5.1 leaves limits to the implementation: the largest value accepted.
pub const MAX_INTEGER: u64 = u32::MAX as u64;
/// RFC 7541 §5.1 leaves limits to the implementation: the most continuation bytes accepted
/// (5 · 7 = 35 bits cover every value up to [`MAX_INTEGER`], even with a few redundant
/// zero groups).
pub const MAX_CONTINUATION_BYTES: usize = 5;

/// The largest value that fits in an `n`-bit prefix: 2^n - 1.
pub const fn prefix_max(prefix_bits: u8) -> u8 {
    if prefix_bits >= 8 {
        u8::MAX
    } else {
        (1u8 << prefix_bits) - 1
    }
}

/// Decodes an integer with an `prefix_bits`-bit prefix (1 to 8) from the start of `buf`,
/// returning the value and how many bytes it took.
pub fn decode_integer(buf: &[u8], prefix_bits: u8) -> Result<(usize, usize), Error> {
    let max = prefix_max(prefix_bits);
    let Some(&first) = buf.first() else {
        return Err(Error::Truncated("a prefixed integer"));
    };
    let prefix = first & max;
    if prefix < max {
        return Ok((usize::from(prefix), 1));
    }
    let mut value = u64::from(max);
    let mut shift = 0u32;
    for (i, &byte) in buf.iter().skip(1).enumerate() {
        if i >= MAX_CONTINUATION_BYTES {
            return Err(Error::IntegerOverflow(MAX_INTEGER));
        }
        value += u64::from(byte & CONTINUATION_VALUE_BITS) << shift;
        if value > MAX_INTEGER {
            return Err(Error::IntegerOverflow(MAX_INTEGER));
        }
        if byte & CONTINUE_BIT == 0 {
            let value = usize::try_from(value).map_err(|_| Error::IntegerOverflow(MAX_INTEGER))?;
            return Ok((value, i + 2));
        }
        shift += BITS_PER_CONTINUATION;
    }
    Err(Error::Truncated("a prefixed integer"))
}

/// Appends `value` with a `prefix_bits`-bit prefix; `pattern` supplies the bits above the
/// prefix in the first byte (e.g. `0x80` for an indexed field).
pub fn encode_integer(value: usize, prefix_bits: u8, pattern: u8, out: &mut Vec<u8>) {
    let max = prefix_max(prefix_bits);
    let pattern = pattern & !max;
    if value < usize::from(max) {
        out.push(pattern | value as u8);
        return;
    }
    out.push(pattern | max);
    let mut rest = value - usize::from(max);
    while rest > usize::from(CONTINUATION_VALUE_BITS) {
        out.push(CONTINUE_BIT | (rest as u8 & CONTINUATION_VALUE_BITS));
        rest >>= BITS_PER_CONTINUATION;
    }
    out.push(rest as u8);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(value: usize, prefix: u8, pattern: u8, bytes: &[u8]) {
        let mut out = Vec::new();
        encode_integer(value, prefix, pattern, &mut out);
        assert_eq!(out, bytes, "encoding {value} with a {prefix}-bit prefix");
        assert_eq!(decode_integer(bytes, prefix).unwrap(), (value, bytes.len()));
        // Followed by trailing bytes: only the integer is taken.
        let mut longer = bytes.to_vec();
        longer.extend_from_slice(&[0xff, 0x00]);
        assert_eq!(
            decode_integer(&longer, prefix).unwrap(),
            (value, bytes.len())
        );
        // Every strict prefix is truncated.
        for n in 0..bytes.len() {
            assert_eq!(
                decode_integer(&bytes[..n], prefix),
                Err(Error::Truncated("a prefixed integer"))
            );
        }
    }

    /// RFC 7541 C.1.1: 10 with a 5-bit prefix is one byte, `0a` (the 3 high bits are the
    /// caller's; here 0).
    #[test]
    fn c_1_1_ten_in_a_5_bit_prefix() {
        check(10, 5, 0, &[0x0a]);
        check(10, 5, 0b1110_0000, &[0xea]);
    }

    /// RFC 7541 C.1.2: 1337 with a 5-bit prefix is `1f 9a 0a`.
    #[test]
    fn c_1_2_1337_in_a_5_bit_prefix() {
        check(1337, 5, 0, &[0x1f, 0x9a, 0x0a]);
    }

    /// RFC 7541 C.1.3: 42 at an octet boundary (an 8-bit prefix) is `2a`.
    #[test]
    fn c_1_3_42_at_an_octet_boundary() {
        check(42, 8, 0, &[0x2a]);
    }

    #[test]
    fn boundaries() {
        check(30, 5, 0, &[0x1e]);
        check(31, 5, 0, &[0x1f, 0x00]);
        check(31 + 127, 5, 0, &[0x1f, 0x7f]);
        check(31 + 128, 5, 0, &[0x1f, 0x80, 0x01]);
        check(
            u32::MAX as usize,
            7,
            0x80,
            &[0xff, 0x80, 0xff, 0xff, 0xff, 0x0f],
        );
    }

    #[test]
    fn overflow_is_refused() {
        // 2^32: one past the limit.
        assert_eq!(
            decode_integer(&[0x7f, 0x81, 0xff, 0xff, 0xff, 0x0f], 7),
            Err(Error::IntegerOverflow(MAX_INTEGER))
        );
        // Endless continuation bytes, even of zeros, stop at the octet limit.
        let mut long = vec![0x1f];
        long.extend([0x80; 100]);
        assert_eq!(
            decode_integer(&long, 5),
            Err(Error::IntegerOverflow(MAX_INTEGER))
        );
        // Redundant zero groups within the limit are accepted.
        assert_eq!(
            decode_integer(&[0x1f, 0x80, 0x80, 0x00], 5).unwrap(),
            (31, 4)
        );
    }
}
