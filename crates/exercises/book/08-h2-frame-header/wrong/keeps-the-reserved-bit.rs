//! Wrong on purpose: keeps the reserved bit R in the stream identifier. RFC 9113 §4.1: R
//! "MUST be ignored when receiving"; the identifier is the 31 bits after it.

pub fn parse(buf: &[u8]) -> Option<FrameHeader> {
    let head = buf.get(..9)?;
    let be = |bytes: &[u8]| bytes.iter().fold(0u32, |n, b| n << 8 | u32::from(*b));
    Some(FrameHeader {
        length: be(&head[..3]),
        frame_type: head[3],
        flags: head[4],
        stream_id: be(&head[5..]),
    })
}
