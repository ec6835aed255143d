//! Exercise 02: parse a WebSocket frame header (RFC 6455 §5.2).
//!
//! Read TASK.md first; check with `wiretrail exercises check 02-frame-header`.

/// A decoded frame header. The payload follows it on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FrameHeader {
    /// FIN: this is the final fragment of a message.
    pub fin: bool,
    /// RSV1..RSV3: reserved for extensions (0 unless one was negotiated).
    pub rsv1: bool,
    pub rsv2: bool,
    pub rsv3: bool,
    /// The 4-bit opcode (1 text, 2 binary, 0 continuation, 8 close, 9 ping, 10 pong).
    pub opcode: u8,
    /// MASK: a 4-byte masking key follows the length.
    pub masked: bool,
    /// The payload length, after decoding the 7-bit, 16-bit or 64-bit form.
    pub payload_len: u64,
    /// The masking key, when `masked`.
    pub masking_key: Option<[u8; 4]>,
    /// How many bytes the header took: 2 to 14.
    pub header_len: usize,
}

/// A header that can never become valid, however many bytes follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderError {
    /// The 64-bit extended length has its most significant bit set (§5.2 says it MUST be 0).
    LengthTopBitSet,
}

/// Parses the header at the start of `buf`.
///
/// Returns `Ok(None)` when `buf` holds fewer bytes than the header needs: that is not an
/// error, the caller just waits for more bytes. Bytes after the header are ignored.
pub fn parse_header(buf: &[u8]) -> Result<Option<FrameHeader>, HeaderError> {
    // TODO 1: fewer than 2 bytes -> Ok(None).
    // TODO 2: byte 0 holds FIN (0x80), RSV1 (0x40), RSV2 (0x20), RSV3 (0x10), opcode (0x0f).
    // TODO 3: byte 1 holds MASK (0x80) and a 7-bit length:
    //         0..=125 is the length; 126: a big-endian u16 follows; 127: a big-endian u64
    //         follows, whose top bit must be 0 (else Err(HeaderError::LengthTopBitSet)).
    // TODO 4: if MASK is set, 4 bytes of masking key follow the length.
    // TODO 5: if any of those bytes is missing -> Ok(None). Never index past the end of
    //         `buf`: use `buf.get(..)` or slice patterns.
    let _ = buf; // delete this line once you use `buf`
    todo!("parse the frame header")
}
