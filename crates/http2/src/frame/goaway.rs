//! GOAWAY frames (RFC 9113 §6.8): end the connection, gracefully or not.
//!
//! ```text
//!  GOAWAY Frame {
//!    Length (24),
//!    Type (8) = 0x07,
//!
//!    Unused Flags (8),
//!
//!    Reserved (1),
//!    Stream Identifier (31) = 0,
//!
//!    Reserved (1),
//!    Last-Stream-ID (31),
//!    Error Code (32),
//!    Additional Debug Data (..),
//!  }
//! ```
//!
//! The answer to a *connection error* (§5.4.1), and the polite way to shut down (NO_ERROR).
//! Last-Stream-ID is the highest stream the sender may have acted on: the peer can safely
//! retry every stream above it on a new connection. Debug data is free-form, for
//! diagnostics only. GOAWAY belongs to the connection (on a stream: PROTOCOL_ERROR) and needs
//! at least its 8 fixed bytes (otherwise FRAME_SIZE_ERROR).

use crate::error::Error;
use crate::error_code::ErrorCode;
use crate::frame::header::{STREAM_ID_MASK, encode_header, split_stream_word};
use crate::frame::{FrameHeader, FrameType};

/// RFC 9113 §6.8: Reserved (1) + Last-Stream-ID (31) + Error Code (32) = 8 bytes.
pub const GOAWAY_FIXED_LEN: usize = 8;

/// A GOAWAY frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoAway {
    /// The highest stream the sender might have processed.
    pub last_stream_id: u32,
    /// Why the connection ends.
    pub error_code: ErrorCode,
    /// Free-form diagnostic bytes.
    pub debug_data: Vec<u8>,
}

impl GoAway {
    /// Reads the payload of a GOAWAY frame.
    pub fn decode(header: &FrameHeader, payload: &[u8]) -> Result<GoAway, Error> {
        if header.stream_id != 0 {
            return Err(Error::StreamIdNotZero {
                frame_type: FrameType::GoAway,
                stream: header.stream_id,
            });
        }
        let Some((&[s0, s1, s2, s3, c0, c1, c2, c3], debug)) =
            payload.split_first_chunk::<GOAWAY_FIXED_LEN>()
        else {
            return Err(Error::PayloadTooShort {
                frame_type: FrameType::GoAway,
                length: header.length,
                needed: GOAWAY_FIXED_LEN as u32,
            });
        };
        let (_reserved, last_stream_id) = split_stream_word([s0, s1, s2, s3]);
        Ok(GoAway {
            last_stream_id,
            error_code: ErrorCode::from_u32(u32::from_be_bytes([c0, c1, c2, c3])),
            debug_data: debug.to_vec(),
        })
    }

    /// Appends the whole frame.
    pub fn encode(&self, out: &mut Vec<u8>) -> Result<(), Error> {
        if self.last_stream_id > STREAM_ID_MASK {
            return Err(Error::EncodeStreamId(self.last_stream_id));
        }
        let len = GOAWAY_FIXED_LEN.saturating_add(self.debug_data.len());
        encode_header(FrameType::GoAway, 0, 0, len, out)?;
        out.extend_from_slice(&self.last_stream_id.to_be_bytes());
        out.extend_from_slice(&self.error_code.as_u32().to_be_bytes());
        out.extend_from_slice(&self.debug_data);
        Ok(())
    }
}
