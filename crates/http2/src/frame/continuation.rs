//! CONTINUATION frames (RFC 9113 §6.10): the rest of a field block.
//!
//! ```text
//!  CONTINUATION Frame {
//!    Length (24),
//!    Type (8) = 0x09,
//!
//!    Unused Flags (5),
//!    END_HEADERS Flag (1),
//!    Unused Flags (2),
//!
//!    Reserved (1),
//!    Stream Identifier (31),
//!
//!    Field Block Fragment (..),
//!  }
//! ```
//!
//! A HEADERS or PUSH_PROMISE frame without END_HEADERS is followed by CONTINUATION frames on
//! the same stream, and by nothing else, until one has END_HEADERS: a field block travels
//! as one uninterrupted run of frames, because the HPACK decoder's state is shared by the
//! whole connection. Any other frame in between, or a CONTINUATION out of the blue, is a
//! connection error of type PROTOCOL_ERROR (a rule for the connection, checked by
//! [`crate::dissect::Dissector`]); on stream 0 it is one too.

use crate::error::Error;
use crate::frame::{END_HEADERS, FrameHeader, FrameType, header::encode_header};

/// A CONTINUATION frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Continuation {
    /// The stream of the HEADERS or PUSH_PROMISE it continues (never 0).
    pub stream_id: u32,
    /// END_HEADERS: the field block ends here.
    pub end_headers: bool,
    /// The next piece of the HPACK field block.
    pub fragment: Vec<u8>,
}

impl Continuation {
    /// Reads the payload of a CONTINUATION frame.
    pub fn decode(header: &FrameHeader, payload: &[u8]) -> Result<Continuation, Error> {
        if header.stream_id == 0 {
            return Err(Error::StreamIdZero(FrameType::Continuation));
        }
        Ok(Continuation {
            stream_id: header.stream_id,
            end_headers: header.has(END_HEADERS),
            fragment: payload.to_vec(),
        })
    }

    /// Appends the whole frame.
    pub fn encode(&self, out: &mut Vec<u8>) -> Result<(), Error> {
        let flags = if self.end_headers { END_HEADERS } else { 0 };
        encode_header(
            FrameType::Continuation,
            flags,
            self.stream_id,
            self.fragment.len(),
            out,
        )?;
        out.extend_from_slice(&self.fragment);
        Ok(())
    }
}
