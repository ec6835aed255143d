//! WINDOW_UPDATE frames (RFC 9113 §6.9): grant flow-control credit.
//!
//! ```text
//!  WINDOW_UPDATE Frame {
//!    Length (24) = 0x04,
//!    Type (8) = 0x08,
//!
//!    Unused Flags (8),
//!
//!    Reserved (1),
//!    Stream Identifier (31),
//!
//!    Reserved (1),
//!    Window Size Increment (31),
//!  }
//! ```
//!
//! On stream 0 it widens the connection's window; on a stream, that stream's. The increment
//! is 1 to 2^31-1 bytes: 0 is a PROTOCOL_ERROR (a stream error on a stream, a connection
//! error on stream 0), and a payload other than 4 bytes is a connection error of type
//! FRAME_SIZE_ERROR.

use crate::error::Error;
use crate::frame::header::{STREAM_ID_MASK, encode_header, split_stream_word};
use crate::frame::{FrameHeader, FrameType};

/// RFC 9113 §6.9: Reserved (1) + Window Size Increment (31) = 4 bytes.
pub const WINDOW_UPDATE_LEN: usize = 4;

/// A WINDOW_UPDATE frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WindowUpdate {
    /// 0 for the connection, otherwise the stream.
    pub stream_id: u32,
    /// How many more bytes the sender may send (1 to 2^31-1).
    pub increment: u32,
}

impl WindowUpdate {
    /// Reads the payload of a WINDOW_UPDATE frame.
    pub fn decode(header: &FrameHeader, payload: &[u8]) -> Result<WindowUpdate, Error> {
        let word =
            <[u8; WINDOW_UPDATE_LEN]>::try_from(payload).map_err(|_| Error::WrongLength {
                frame_type: FrameType::WindowUpdate,
                length: header.length,
                expected: WINDOW_UPDATE_LEN as u32,
                stream: header.stream_id,
            })?;
        let (_reserved, increment) = split_stream_word(word);
        if increment == 0 {
            return Err(Error::ZeroWindowIncrement(header.stream_id));
        }
        Ok(WindowUpdate {
            stream_id: header.stream_id,
            increment,
        })
    }

    /// Appends the whole frame.
    pub fn encode(&self, out: &mut Vec<u8>) -> Result<(), Error> {
        if self.increment > STREAM_ID_MASK {
            return Err(Error::EncodeStreamId(self.increment));
        }
        encode_header(
            FrameType::WindowUpdate,
            0,
            self.stream_id,
            WINDOW_UPDATE_LEN,
            out,
        )?;
        out.extend_from_slice(&self.increment.to_be_bytes());
        Ok(())
    }
}
