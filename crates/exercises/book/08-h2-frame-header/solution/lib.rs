//! Exercise 08, reference solution: the HTTP/2 frame header (RFC 9113 §4.1).

/// RFC 9113 §4.1: every frame header is 9 bytes.
pub const FRAME_HEADER_LEN: usize = 9;

/// A decoded frame header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FrameHeader {
    pub length: u32,
    pub frame_type: u8,
    pub flags: u8,
    pub stream_id: u32,
}

/// Parses the 9-byte header at the start of `buf`; `None` if fewer than 9 bytes.
pub fn parse(buf: &[u8]) -> Option<FrameHeader> {
    let [l0, l1, l2, frame_type, flags, s0, s1, s2, s3, ..] = *buf else {
        return None;
    };
    Some(FrameHeader {
        length: u32::from_be_bytes([0, l0, l1, l2]),
        frame_type,
        flags,
        stream_id: u32::from_be_bytes([s0, s1, s2, s3]) & 0x7fff_ffff,
    })
}

/// The frame type's name (RFC 9113 §6), or `UNKNOWN` (§4.1: unknown types are ignored).
pub fn type_name(frame_type: u8) -> &'static str {
    match frame_type {
        0x0 => "DATA",
        0x1 => "HEADERS",
        0x2 => "PRIORITY",
        0x3 => "RST_STREAM",
        0x4 => "SETTINGS",
        0x5 => "PUSH_PROMISE",
        0x6 => "PING",
        0x7 => "GOAWAY",
        0x8 => "WINDOW_UPDATE",
        0x9 => "CONTINUATION",
        _ => "UNKNOWN",
    }
}

/// The names of the flags set in `flags` that `frame_type` defines, lowest bit first.
pub fn flag_names(frame_type: u8, flags: u8) -> Vec<&'static str> {
    let defined: &[(u8, &str)] = match frame_type {
        0x0 => &[(0x01, "END_STREAM"), (0x08, "PADDED")],
        0x1 => &[
            (0x01, "END_STREAM"),
            (0x04, "END_HEADERS"),
            (0x08, "PADDED"),
            (0x20, "PRIORITY"),
        ],
        0x4 | 0x6 => &[(0x01, "ACK")],
        0x5 => &[(0x04, "END_HEADERS"), (0x08, "PADDED")],
        0x9 => &[(0x04, "END_HEADERS")],
        _ => &[],
    };
    defined
        .iter()
        .filter(|(bit, _)| flags & bit != 0)
        .map(|(_, name)| *name)
        .collect()
}
