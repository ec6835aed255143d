//! PUSH_PROMISE frames (RFC 9113 §6.6): the server announces a stream it will push.
//!
//! ```text
//!  PUSH_PROMISE Frame {
//!    Length (24),
//!    Type (8) = 0x05,
//!
//!    Unused Flags (4),
//!    PADDED Flag (1),
//!    END_HEADERS Flag (1),
//!    Unused Flags (2),
//!
//!    Reserved (1),
//!    Stream Identifier (31),
//!
//!    [Pad Length (8)],
//!    Reserved (1),
//!    Promised Stream ID (31),
//!    Field Block Fragment (..),
//!    Padding (..2040),
//!  }
//! ```
//!
//! It comes on the stream of the request it relates to (never stream 0: PROTOCOL_ERROR) and
//! carries the request the server pretends the client made, as an HPACK field block that
//! CONTINUATION frames may finish, exactly like HEADERS. A client that set
//! SETTINGS_ENABLE_PUSH to 0 treats any PUSH_PROMISE as a connection error; browsers have
//! dropped push, so this frame is mostly history now.

use crate::error::Error;
use crate::frame::header::{STREAM_ID_MASK, encode_header, split_stream_word};
use crate::frame::padding::{encode_pad_length, encode_padding, padded_len, strip_padding};
use crate::frame::{END_HEADERS, FrameHeader, FrameType, PADDED};

/// RFC 9113 §6.6: Reserved (1) + Promised Stream ID (31) = 4 bytes.
pub const PROMISED_STREAM_ID_LEN: usize = 4;

/// A PUSH_PROMISE frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushPromise {
    /// The stream of the request this push relates to (never 0).
    pub stream_id: u32,
    /// END_HEADERS: the field block is whole.
    pub end_headers: bool,
    /// The Pad Length, when PADDED is set.
    pub pad_length: Option<u8>,
    /// The stream the server reserves for the pushed response.
    pub promised_stream_id: u32,
    /// The HPACK field block fragment (the promised request's headers).
    pub fragment: Vec<u8>,
}

impl PushPromise {
    /// Reads the payload of a PUSH_PROMISE frame.
    pub fn decode(header: &FrameHeader, payload: &[u8]) -> Result<PushPromise, Error> {
        if header.stream_id == 0 {
            return Err(Error::StreamIdZero(FrameType::PushPromise));
        }
        let unpadded = strip_padding(header, payload, PROMISED_STREAM_ID_LEN)?;
        let Some((&word, fragment)) = unpadded.body.split_first_chunk::<PROMISED_STREAM_ID_LEN>()
        else {
            return Err(Error::PayloadTooShort {
                frame_type: FrameType::PushPromise,
                length: header.length,
                needed: PROMISED_STREAM_ID_LEN as u32,
            });
        };
        let (_reserved, promised_stream_id) = split_stream_word(word);
        Ok(PushPromise {
            stream_id: header.stream_id,
            end_headers: header.has(END_HEADERS),
            pad_length: unpadded.pad_length,
            promised_stream_id,
            fragment: fragment.to_vec(),
        })
    }

    /// Appends the whole frame.
    pub fn encode(&self, out: &mut Vec<u8>) -> Result<(), Error> {
        if self.promised_stream_id > STREAM_ID_MASK {
            return Err(Error::EncodeStreamId(self.promised_stream_id));
        }
        let mut flags = 0;
        if self.end_headers {
            flags |= END_HEADERS;
        }
        if self.pad_length.is_some() {
            flags |= PADDED;
        }
        let len = padded_len(
            PROMISED_STREAM_ID_LEN + self.fragment.len(),
            self.pad_length,
        );
        encode_header(FrameType::PushPromise, flags, self.stream_id, len, out)?;
        encode_pad_length(self.pad_length, out);
        out.extend_from_slice(&self.promised_stream_id.to_be_bytes());
        out.extend_from_slice(&self.fragment);
        encode_padding(self.pad_length, out);
        Ok(())
    }
}
