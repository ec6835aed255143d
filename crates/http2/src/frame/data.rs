//! DATA frames (RFC 9113 §6.1): the bytes of a request or response body.
//!
//! ```text
//!  DATA Frame {
//!    Length (24),
//!    Type (8) = 0x00,
//!
//!    Unused Flags (4),
//!    PADDED Flag (1),
//!    Unused Flags (2),
//!    END_STREAM Flag (1),
//!
//!    Reserved (1),
//!    Stream Identifier (31),
//!
//!    [Pad Length (8)],
//!    Data (..),
//!    Padding (..2040),
//!  }
//! ```
//!
//! DATA always belongs to a stream: on stream 0 it is a connection error of type
//! PROTOCOL_ERROR. END_STREAM says this is the sender's last frame on the stream. The whole
//! payload, padding included, counts against flow control (§6.9).

use crate::error::Error;
use crate::frame::padding::{encode_pad_length, encode_padding, padded_len, strip_padding};
use crate::frame::{END_STREAM, FrameHeader, FrameType, PADDED, header::encode_header};

/// A DATA frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Data {
    /// The stream (never 0).
    pub stream_id: u32,
    /// END_STREAM: the sender's last frame on this stream.
    pub end_stream: bool,
    /// The Pad Length, when PADDED is set.
    pub pad_length: Option<u8>,
    /// The body bytes.
    pub data: Vec<u8>,
}

impl Data {
    /// An unpadded DATA frame.
    pub fn new(stream_id: u32, data: impl Into<Vec<u8>>, end_stream: bool) -> Data {
        Data {
            stream_id,
            end_stream,
            pad_length: None,
            data: data.into(),
        }
    }

    /// Reads the payload of a DATA frame whose header is `header`.
    pub fn decode(header: &FrameHeader, payload: &[u8]) -> Result<Data, Error> {
        if header.stream_id == 0 {
            return Err(Error::StreamIdZero(FrameType::Data));
        }
        let unpadded = strip_padding(header, payload, 0)?;
        Ok(Data {
            stream_id: header.stream_id,
            end_stream: header.has(END_STREAM),
            pad_length: unpadded.pad_length,
            data: unpadded.body.to_vec(),
        })
    }

    /// Appends the whole frame, header included.
    pub fn encode(&self, out: &mut Vec<u8>) -> Result<(), Error> {
        let mut flags = 0;
        if self.end_stream {
            flags |= END_STREAM;
        }
        if self.pad_length.is_some() {
            flags |= PADDED;
        }
        let len = padded_len(self.data.len(), self.pad_length);
        encode_header(FrameType::Data, flags, self.stream_id, len, out)?;
        encode_pad_length(self.pad_length, out);
        out.extend_from_slice(&self.data);
        encode_padding(self.pad_length, out);
        Ok(())
    }
}
