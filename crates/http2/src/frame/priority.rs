//! PRIORITY frames and the priority fields HEADERS may carry (RFC 9113 §6.3, §5.3).
//!
//! ```text
//!  PRIORITY Frame {
//!    Length (24) = 0x05,
//!    Type (8) = 0x02,
//!
//!    Unused Flags (8),
//!
//!    Reserved (1),
//!    Stream Identifier (31),
//!
//!    Exclusive (1),
//!    Stream Dependency (31),
//!    Weight (8),
//!  }
//! ```
//!
//! RFC 7540's dependency tree is deprecated by RFC 9113 (§5.3.2): peers may still send these
//! fields, so a receiver must still parse them, but it need not act on them. The Weight byte
//! is the weight minus one (1 to 256). The frame has exactly 5 bytes of payload; any other
//! length is a *stream* error of type FRAME_SIZE_ERROR, and a stream that depends on itself is
//! a stream error of type PROTOCOL_ERROR (§5.3.1).

use crate::error::Error;
use crate::frame::header::{RESERVED_BIT, STREAM_ID_MASK, encode_header, split_stream_word};
use crate::frame::{FrameHeader, FrameType};

/// RFC 9113 §6.3: Exclusive (1) + Stream Dependency (31) + Weight (8) = 5 bytes.
pub const PRIORITY_FIELDS_LEN: usize = 5;

/// The Exclusive bit, Stream Dependency and Weight (RFC 9113 §6.2, §6.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PriorityFields {
    /// E: this stream becomes the only child of its dependency.
    pub exclusive: bool,
    /// The stream this one depends on (31 bits).
    pub dependency: u32,
    /// The Weight byte as sent: the weight minus one.
    pub weight: u8,
}

impl PriorityFields {
    /// Reads the 5 bytes at the start of `bytes` (`None` if fewer are there).
    pub fn parse(bytes: &[u8]) -> Option<PriorityFields> {
        let (&[d0, d1, d2, d3, weight], _) = bytes.split_first_chunk::<PRIORITY_FIELDS_LEN>()?;
        let (exclusive, dependency) = split_stream_word([d0, d1, d2, d3]);
        Some(PriorityFields {
            exclusive,
            dependency,
            weight,
        })
    }

    /// The weight it stands for, 1 to 256.
    pub fn real_weight(&self) -> u16 {
        u16::from(self.weight) + 1
    }

    /// Appends the 5 bytes.
    pub fn encode(&self, out: &mut Vec<u8>) -> Result<(), Error> {
        if self.dependency > STREAM_ID_MASK {
            return Err(Error::EncodeStreamId(self.dependency));
        }
        let word = if self.exclusive {
            self.dependency | RESERVED_BIT
        } else {
            self.dependency
        };
        out.extend_from_slice(&word.to_be_bytes());
        out.push(self.weight);
        Ok(())
    }

    /// §5.3.1: a stream cannot depend on itself.
    pub(crate) fn check(&self, stream_id: u32) -> Result<(), Error> {
        if self.dependency == stream_id {
            return Err(Error::SelfDependency(stream_id));
        }
        Ok(())
    }
}

/// A PRIORITY frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Priority {
    /// The stream whose priority is given (never 0).
    pub stream_id: u32,
    /// The fields.
    pub priority: PriorityFields,
}

impl Priority {
    /// Reads the payload of a PRIORITY frame.
    pub fn decode(header: &FrameHeader, payload: &[u8]) -> Result<Priority, Error> {
        if header.stream_id == 0 {
            return Err(Error::StreamIdZero(FrameType::Priority));
        }
        let fields = PriorityFields::parse(payload)
            .filter(|_| payload.len() == PRIORITY_FIELDS_LEN)
            .ok_or(Error::WrongLength {
                frame_type: FrameType::Priority,
                length: header.length,
                expected: PRIORITY_FIELDS_LEN as u32,
                stream: header.stream_id,
            })?;
        fields.check(header.stream_id)?;
        Ok(Priority {
            stream_id: header.stream_id,
            priority: fields,
        })
    }

    /// Appends the whole frame.
    pub fn encode(&self, out: &mut Vec<u8>) -> Result<(), Error> {
        if self.priority.dependency > STREAM_ID_MASK {
            return Err(Error::EncodeStreamId(self.priority.dependency));
        }
        encode_header(
            FrameType::Priority,
            0,
            self.stream_id,
            PRIORITY_FIELDS_LEN,
            out,
        )?;
        self.priority.encode(out)
    }
}
