//! RST_STREAM frames (RFC 9113 §6.4): end one stream at once.
//!
//! ```text
//!  RST_STREAM Frame {
//!    Length (24) = 0x04,
//!    Type (8) = 0x03,
//!
//!    Unused Flags (8),
//!
//!    Reserved (1),
//!    Stream Identifier (31),
//!
//!    Error Code (32),
//!  }
//! ```
//!
//! The answer to a *stream error* (§5.4.2), or a plain "cancel". It names a stream (on
//! stream 0 it is a connection error of type PROTOCOL_ERROR), and its payload is exactly the
//! 4-byte error code (any other length: connection error FRAME_SIZE_ERROR).

use crate::error::Error;
use crate::error_code::ErrorCode;
use crate::frame::{FrameHeader, FrameType, header::encode_header};

/// RFC 9113 §6.4: the payload is one 32-bit error code.
pub const RST_STREAM_LEN: usize = 4;

/// A RST_STREAM frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RstStream {
    /// The stream to end (never 0).
    pub stream_id: u32,
    /// Why.
    pub error_code: ErrorCode,
}

impl RstStream {
    /// Reads the payload of a RST_STREAM frame.
    pub fn decode(header: &FrameHeader, payload: &[u8]) -> Result<RstStream, Error> {
        if header.stream_id == 0 {
            return Err(Error::StreamIdZero(FrameType::RstStream));
        }
        let code = <[u8; RST_STREAM_LEN]>::try_from(payload).map_err(|_| Error::WrongLength {
            frame_type: FrameType::RstStream,
            length: header.length,
            expected: RST_STREAM_LEN as u32,
            stream: header.stream_id,
        })?;
        Ok(RstStream {
            stream_id: header.stream_id,
            error_code: ErrorCode::from_u32(u32::from_be_bytes(code)),
        })
    }

    /// Appends the whole frame.
    pub fn encode(&self, out: &mut Vec<u8>) -> Result<(), Error> {
        encode_header(FrameType::RstStream, 0, self.stream_id, RST_STREAM_LEN, out)?;
        out.extend_from_slice(&self.error_code.as_u32().to_be_bytes());
        Ok(())
    }
}
