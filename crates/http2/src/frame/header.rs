//! The frame header: 9 bytes in front of every frame (RFC 9113 §4.1).
//!
//! ```text
//!  HTTP Frame {
//!    Length (24),
//!    Type (8),
//!    Flags (8),
//!    Reserved (1),
//!    Stream Identifier (31),
//!    Frame Payload (..),
//!  }
//!
//!  (RFC 7540 §4.1's figure of the same 9 bytes:)
//!
//!  +-----------------------------------------------+
//!  |                 Length (24)                   |
//!  +---------------+---------------+---------------+
//!  |   Type (8)    |   Flags (8)   |
//!  +-+-------------+---------------+-------------------------------+
//!  |R|                 Stream Identifier (31)                      |
//!  +=+=============================================================+
//!  |                   Frame Payload (0...)                      ...
//!  +---------------------------------------------------------------+
//! ```
//!
//! - **Length** counts the payload only, not these 9 bytes. A receiver rejects a frame
//!   longer than the SETTINGS_MAX_FRAME_SIZE it announced (16,384 until it says otherwise)
//!   *from the header alone*, before reading the payload (§4.2).
//! - **Type** says how to read the payload ([`FrameType`]).
//! - **Flags** are per type (END_STREAM, ACK, END_HEADERS, PADDED, PRIORITY).
//! - **R** is reserved: sent as 0, ignored when received.
//! - **Stream Identifier** is 31 bits; 0 means "the connection as a whole".
//!
//! [`FrameHeader::parse`] never fails: 9 bytes always make a header. What the header may
//! not say (a length past the limit) is checked by [`crate::frame::Frame::parse`].

use crate::error::Error;
use crate::frame::FrameType;

/// RFC 9113 §4.1: "All frames begin with a fixed 9-octet header".
pub const HEADER_LEN: usize = 9;
/// RFC 9113 §4.1: the Length field is a 24-bit unsigned integer.
pub const MAX_LENGTH: u32 = (1 << 24) - 1;
/// RFC 9113 §4.1: the reserved bit R, the top bit of the stream identifier word.
pub const RESERVED_BIT: u32 = 1 << 31;
/// RFC 9113 §4.1: the Stream Identifier is the low 31 bits of the last 4 header bytes.
pub const STREAM_ID_MASK: u32 = RESERVED_BIT - 1;
/// RFC 9113 §4.2, §6.5.2: SETTINGS_MAX_FRAME_SIZE starts at 2^14 (16,384) bytes.
pub const DEFAULT_MAX_FRAME_SIZE: u32 = 1 << 14;
/// RFC 9113 §4.1: the Length field's 24 bits take the first 3 header bytes.
const LENGTH_BYTES: usize = 3;

/// A decoded frame header (RFC 9113 §4.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FrameHeader {
    /// The payload length in bytes (24 bits).
    pub length: u32,
    /// How to read the payload.
    pub frame_type: FrameType,
    /// The type-specific flags byte.
    pub flags: u8,
    /// The reserved bit R as received (ignored; always sent as 0).
    pub reserved: bool,
    /// The stream (31 bits); 0 is the connection.
    pub stream_id: u32,
}

impl FrameHeader {
    /// A header with R unset.
    pub fn new(frame_type: FrameType, flags: u8, stream_id: u32, length: u32) -> FrameHeader {
        FrameHeader {
            length,
            frame_type,
            flags,
            reserved: false,
            stream_id,
        }
    }

    /// Reads the header at the start of `buf`; `None` until 9 bytes are there (nothing is
    /// consumed: incomplete input is normal).
    pub fn parse(buf: &[u8]) -> Option<FrameHeader> {
        let (&[l0, l1, l2, frame_type, flags, s0, s1, s2, s3], _) =
            buf.split_first_chunk::<HEADER_LEN>()?;
        let word = u32::from_be_bytes([s0, s1, s2, s3]);
        Some(FrameHeader {
            length: u32::from_be_bytes([0, l0, l1, l2]),
            frame_type: FrameType::from_u8(frame_type),
            flags,
            reserved: word & RESERVED_BIT != 0,
            stream_id: word & STREAM_ID_MASK,
        })
    }

    /// True when `flag` is set.
    pub fn has(&self, flag: u8) -> bool {
        self.flags & flag == flag
    }

    /// Appends the 9 header bytes. R is always written as 0 (§4.1). Fails when the length
    /// needs more than 24 bits or the stream identifier more than 31.
    pub fn encode(&self, out: &mut Vec<u8>) -> Result<(), Error> {
        if self.length > MAX_LENGTH {
            return Err(Error::EncodePayloadTooLarge(self.length as usize));
        }
        if self.stream_id > STREAM_ID_MASK {
            return Err(Error::EncodeStreamId(self.stream_id));
        }
        let length = self.length.to_be_bytes();
        out.extend_from_slice(
            length
                .get(size_of::<u32>() - LENGTH_BYTES..)
                .unwrap_or_default(),
        );
        out.push(self.frame_type.as_u8());
        out.push(self.flags);
        out.extend_from_slice(&self.stream_id.to_be_bytes());
        Ok(())
    }
}

/// Appends a header for a payload of `len` bytes (checking it fits 24 bits).
pub(crate) fn encode_header(
    frame_type: FrameType,
    flags: u8,
    stream_id: u32,
    len: usize,
    out: &mut Vec<u8>,
) -> Result<(), Error> {
    let length = u32::try_from(len)
        .ok()
        .filter(|l| *l <= MAX_LENGTH)
        .ok_or(Error::EncodePayloadTooLarge(len))?;
    FrameHeader::new(frame_type, flags, stream_id, length).encode(out)
}

/// Reads a big-endian 31-bit stream identifier and its reserved top bit from 4 bytes.
pub(crate) fn split_stream_word(bytes: [u8; 4]) -> (bool, u32) {
    let word = u32::from_be_bytes(bytes);
    (word & RESERVED_BIT != 0, word & STREAM_ID_MASK)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_encode() {
        let bytes = [0x00, 0x00, 0x06, 0x04, 0x01, 0x80, 0x00, 0x00, 0x03, 0xff];
        let h = FrameHeader::parse(&bytes).unwrap();
        assert_eq!(h.length, 6);
        assert_eq!(h.frame_type, FrameType::Settings);
        assert!(h.reserved);
        assert_eq!(h.stream_id, 3);
        let mut out = Vec::new();
        h.encode(&mut out).unwrap();
        // R is never sent.
        assert_eq!(out, [0, 0, 6, 4, 1, 0, 0, 0, 3]);
    }

    #[test]
    fn incomplete_is_none_whatever_the_prefix() {
        let bytes = [0xff; HEADER_LEN];
        for n in 0..HEADER_LEN {
            assert_eq!(FrameHeader::parse(&bytes[..n]), None);
        }
        assert!(FrameHeader::parse(&bytes).is_some());
    }

    #[test]
    fn encode_refuses_what_does_not_fit() {
        let mut out = Vec::new();
        let h = FrameHeader::new(FrameType::Data, 0, RESERVED_BIT, 0);
        assert_eq!(h.encode(&mut out), Err(Error::EncodeStreamId(RESERVED_BIT)));
        let h = FrameHeader::new(FrameType::Data, 0, 1, MAX_LENGTH + 1);
        assert!(h.encode(&mut out).is_err());
        assert!(out.is_empty());
    }
}
