//! Exercise 08: the HTTP/2 frame header (RFC 9113 §4.1).
//!
//! Read TASK.md first; check with `wiretrail exercises check 08-h2-frame-header`.

/// RFC 9113 §4.1: every frame header is 9 bytes.
pub const FRAME_HEADER_LEN: usize = 9;

/// A decoded frame header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FrameHeader {
    /// The payload length, a 24-bit unsigned integer (the header's 9 bytes not included).
    pub length: u32,
    /// The 8-bit type: 0 DATA, 1 HEADERS, ..., 9 CONTINUATION.
    pub frame_type: u8,
    /// The 8 flag bits; their meaning depends on the type.
    pub flags: u8,
    /// The 31-bit stream identifier; 0 means the connection as a whole.
    pub stream_id: u32,
}

/// Parses the 9-byte header at the start of `buf`; `None` if fewer than 9 bytes.
///
/// The reserved bit R (the top bit of the stream identifier's 4 bytes) "MUST remain unset
/// (0x00) when sending and MUST be ignored when receiving": mask it off.
pub fn parse(buf: &[u8]) -> Option<FrameHeader> {
    // TODO 1: fewer than 9 bytes -> None.
    // TODO 2: length = bytes 0..3 big-endian (hint: u32::from_be_bytes([0, b0, b1, b2])).
    // TODO 3: type = byte 3, flags = byte 4.
    // TODO 4: stream id = bytes 5..9 big-endian, with the top bit cleared.
    let _ = buf; // delete this line once you use `buf`
    todo!("parse the 9-byte header")
}

/// The frame type's name (RFC 9113 §6): DATA, HEADERS, PRIORITY, RST_STREAM, SETTINGS,
/// PUSH_PROMISE, PING, GOAWAY, WINDOW_UPDATE, CONTINUATION for 0x0..=0x9, `UNKNOWN` for the
/// rest ("Implementations MUST ignore and discard frames of unknown types", §4.1).
pub fn type_name(frame_type: u8) -> &'static str {
    // TODO
    let _ = frame_type; // delete this line once you use `frame_type`
    todo!("name the type")
}

/// The names of the flags set in `flags` *that `frame_type` defines*, lowest bit first.
/// Flags a type does not define are ignored (§4.1).
///
/// - DATA: END_STREAM 0x01, PADDED 0x08
/// - HEADERS: END_STREAM 0x01, END_HEADERS 0x04, PADDED 0x08, PRIORITY 0x20
/// - SETTINGS and PING: ACK 0x01
/// - PUSH_PROMISE: END_HEADERS 0x04, PADDED 0x08
/// - CONTINUATION: END_HEADERS 0x04
/// - the others: none.
pub fn flag_names(frame_type: u8, flags: u8) -> Vec<&'static str> {
    // TODO: a table of (bit, name) per type, then keep the bits that are set.
    let _ = (frame_type, flags); // delete this line once you use the arguments
    todo!("name the flags")
}
