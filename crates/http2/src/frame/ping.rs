//! PING frames (RFC 9113 §6.7): measure the round trip, and check the peer is alive.
//!
//! ```text
//!  PING Frame {
//!    Length (24) = 0x08,
//!    Type (8) = 0x06,
//!
//!    Unused Flags (7),
//!    ACK Flag (1),
//!
//!    Reserved (1),
//!    Stream Identifier (31) = 0,
//!
//!    Opaque Data (64),
//!  }
//! ```
//!
//! The receiver of a PING without ACK answers with a PING with ACK set and the same 8 bytes
//! of opaque data, ahead of other traffic. PING belongs to the connection (on a stream:
//! PROTOCOL_ERROR), and its payload is exactly 8 bytes (otherwise FRAME_SIZE_ERROR).

use crate::error::Error;
use crate::frame::{ACK, FrameHeader, FrameType, header::encode_header};

/// RFC 9113 §6.7: "PING frames MUST contain 8 octets of opaque data".
pub const PING_LEN: usize = 8;

/// A PING frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ping {
    /// ACK: this is the answer to the peer's PING.
    pub ack: bool,
    /// Any 8 bytes; the answer echoes them.
    pub data: [u8; PING_LEN],
}

impl Ping {
    /// Reads the payload of a PING frame.
    pub fn decode(header: &FrameHeader, payload: &[u8]) -> Result<Ping, Error> {
        if header.stream_id != 0 {
            return Err(Error::StreamIdNotZero {
                frame_type: FrameType::Ping,
                stream: header.stream_id,
            });
        }
        let data = <[u8; PING_LEN]>::try_from(payload).map_err(|_| Error::WrongLength {
            frame_type: FrameType::Ping,
            length: header.length,
            expected: PING_LEN as u32,
            stream: 0,
        })?;
        Ok(Ping {
            ack: header.has(ACK),
            data,
        })
    }

    /// The answer to this PING: ACK set, the same data.
    pub fn pong(&self) -> Ping {
        Ping {
            ack: true,
            data: self.data,
        }
    }

    /// Appends the whole frame.
    pub fn encode(&self, out: &mut Vec<u8>) -> Result<(), Error> {
        let flags = if self.ack { ACK } else { 0 };
        encode_header(FrameType::Ping, flags, 0, PING_LEN, out)?;
        out.extend_from_slice(&self.data);
        Ok(())
    }
}
