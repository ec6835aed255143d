//! Exercise 09: HPACK prefixed integers (RFC 7541 §5.1).
//!
//! Read TASK.md first; check with `wiretrail exercises check 09-hpack-integer`.

/// An integer that cannot be decoded, however many bytes follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntegerError {
    /// The value does not fit in a u64 (§5.1: "Integer encodings that exceed
    /// implementation limits ... MUST be treated as decoding errors").
    Overflow,
}

/// Decodes an N-bit prefix integer (`prefix_bits` = N, 1 to 8) from the start of `buf`.
///
/// Returns `Ok(Some((value, bytes_used)))`, or `Ok(None)` when `buf` ends before the
/// integer does. The bits of the first byte above the prefix belong to someone else (the
/// representation's pattern): ignore them.
///
/// RFC 7541 §5.1, the decoding pseudocode:
///
/// ```text
/// decode I from the next N bits
/// if I < 2^N - 1, return I
/// else
///     M = 0
///     repeat
///         B = next octet
///         I = I + (B & 127) * 2^M
///         M = M + 7
///     while B & 128 == 128
///     return I
/// ```
pub fn decode_integer(buf: &[u8], prefix_bits: u8) -> Result<Option<(u64, usize)>, IntegerError> {
    // TODO 1: no byte at all -> Ok(None).
    // TODO 2: the prefix: first byte & (2^N - 1). Below 2^N - 1 it is the whole value.
    // TODO 3: otherwise add (B & 127) * 2^M for each following byte until one has the top
    //         bit clear. Running out of bytes first -> Ok(None).
    // TODO 4: use checked arithmetic (`checked_add`, `checked_mul`) and stop once M would
    //         pass 63: a peer can send any number of 0xff bytes.
    let _ = (buf, prefix_bits); // delete this line once you use the arguments
    todo!("decode the integer")
}

/// Encodes `value` with an N-bit prefix. The first byte's bits above the prefix are taken
/// from `high_bits` (e.g. 0x80 for an indexed header field); the prefix bits of
/// `high_bits` are ignored.
///
/// RFC 7541 §5.1, the encoding pseudocode:
///
/// ```text
/// if I < 2^N - 1, encode I on N bits
/// else
///     encode (2^N - 1) on N bits
///     I = I - (2^N - 1)
///     while I >= 128
///          encode (I % 128 + 128) on 8 bits
///          I = I / 128
///     encode I on 8 bits
/// ```
pub fn encode_integer(value: u64, prefix_bits: u8, high_bits: u8) -> Vec<u8> {
    // TODO: follow the pseudocode. Careful with N = 8: there are no high bits then.
    let _ = (value, prefix_bits, high_bits); // delete this line once you use the arguments
    todo!("encode the integer")
}
