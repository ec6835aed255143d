//! HEADERS frames (RFC 9113 §6.2): open a stream and carry (the start of) a field block.
//!
//! ```text
//!  HEADERS Frame {
//!    Length (24),
//!    Type (8) = 0x01,
//!
//!    Unused Flags (2),
//!    PRIORITY Flag (1),
//!    Unused Flag (1),
//!    PADDED Flag (1),
//!    END_HEADERS Flag (1),
//!    Unused Flag (1),
//!    END_STREAM Flag (1),
//!
//!    Reserved (1),
//!    Stream Identifier (31),
//!
//!    [Pad Length (8)],
//!    [Exclusive (1)],
//!    [Stream Dependency (31)],
//!    [Weight (8)],
//!    Field Block Fragment (..),
//!    Padding (..2040),
//!  }
//! ```
//!
//! The *field block fragment* is HPACK-compressed (RFC 7541, see [`crate::hpack`]). When it
//! does not fit in one frame, END_HEADERS is clear and CONTINUATION frames on the same stream
//! carry the rest; nothing else may come in between (§6.10). Only the whole block can be
//! decoded, because HPACK representations may straddle frames.
//!
//! END_STREAM on HEADERS means there is no body (a GET request). PRIORITY adds the five
//! bytes of priority fields (deprecated, §5.3.2, but still parsed). HEADERS on stream 0 is a
//! connection error of type PROTOCOL_ERROR.

use crate::error::Error;
use crate::frame::padding::{encode_pad_length, encode_padding, padded_len, strip_padding};
use crate::frame::priority::{PRIORITY_FIELDS_LEN, PriorityFields};
use crate::frame::{
    END_HEADERS, END_STREAM, FrameHeader, FrameType, PADDED, PRIORITY, header::encode_header,
};

/// A HEADERS frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Headers {
    /// The stream it opens or continues (never 0).
    pub stream_id: u32,
    /// END_STREAM: no DATA follows on this stream.
    pub end_stream: bool,
    /// END_HEADERS: the field block is whole; no CONTINUATION follows.
    pub end_headers: bool,
    /// The Pad Length, when PADDED is set.
    pub pad_length: Option<u8>,
    /// The priority fields, when PRIORITY is set.
    pub priority: Option<PriorityFields>,
    /// The HPACK field block fragment.
    pub fragment: Vec<u8>,
}

impl Headers {
    /// A HEADERS frame holding a whole field block (END_HEADERS set), no padding or priority.
    pub fn new(stream_id: u32, fragment: impl Into<Vec<u8>>, end_stream: bool) -> Headers {
        Headers {
            stream_id,
            end_stream,
            end_headers: true,
            pad_length: None,
            priority: None,
            fragment: fragment.into(),
        }
    }

    /// Reads the payload of a HEADERS frame.
    pub fn decode(header: &FrameHeader, payload: &[u8]) -> Result<Headers, Error> {
        if header.stream_id == 0 {
            return Err(Error::StreamIdZero(FrameType::Headers));
        }
        let fixed = if header.has(PRIORITY) {
            PRIORITY_FIELDS_LEN
        } else {
            0
        };
        let unpadded = strip_padding(header, payload, fixed)?;
        let priority = if header.has(PRIORITY) {
            let fields = PriorityFields::parse(unpadded.body).ok_or(Error::PayloadTooShort {
                frame_type: FrameType::Headers,
                length: header.length,
                needed: PRIORITY_FIELDS_LEN as u32,
            })?;
            fields.check(header.stream_id)?;
            Some(fields)
        } else {
            None
        };
        Ok(Headers {
            stream_id: header.stream_id,
            end_stream: header.has(END_STREAM),
            end_headers: header.has(END_HEADERS),
            pad_length: unpadded.pad_length,
            priority,
            fragment: unpadded.body.get(fixed..).unwrap_or_default().to_vec(),
        })
    }

    /// Appends the whole frame.
    pub fn encode(&self, out: &mut Vec<u8>) -> Result<(), Error> {
        let mut flags = 0;
        if self.end_stream {
            flags |= END_STREAM;
        }
        if self.end_headers {
            flags |= END_HEADERS;
        }
        if self.pad_length.is_some() {
            flags |= PADDED;
        }
        let mut body = Vec::with_capacity(PRIORITY_FIELDS_LEN + self.fragment.len());
        if let Some(p) = &self.priority {
            flags |= PRIORITY;
            p.encode(&mut body)?;
        }
        body.extend_from_slice(&self.fragment);
        let len = padded_len(body.len(), self.pad_length);
        encode_header(FrameType::Headers, flags, self.stream_id, len, out)?;
        encode_pad_length(self.pad_length, out);
        out.extend_from_slice(&body);
        encode_padding(self.pad_length, out);
        Ok(())
    }
}
