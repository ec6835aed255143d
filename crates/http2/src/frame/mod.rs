//! HTTP/2 framing (RFC 9113 §4, §6): the frame header, the ten frame types, the preface.
//!
//! Everything on an HTTP/2 connection after the client's 24-byte preface (§3.4) is a frame,
//! and every frame starts with the same 9-byte header (RFC 7540 §4.1 drew it like this;
//! RFC 9113 §4.1 writes the same layout in its field notation, see [`header`]):
//!
//! ```text
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
//! Reading order: [`header`] (the 9 bytes), [`frame_type`] (types and flags), then one file
//! per type in §6 order: [`data`], [`headers`], [`priority`], [`rst_stream`], [`settings`],
//! [`push_promise`], [`ping`], [`goaway`], [`window_update`], [`continuation`]; [`padding`]
//! is shared by DATA, HEADERS and PUSH_PROMISE.
//!
//! [`Frame::parse`] is the whole decoder: it reads the header, refuses a Length above the
//! receiver's SETTINGS_MAX_FRAME_SIZE before the payload is even there (§4.2), returns
//! `Ok(None)` until the whole frame is buffered (consuming nothing), and then hands the
//! payload to the type's `decode`. [`FrameDecoder`] wraps it in the sans-IO shape: `feed`
//! bytes, take `next_frame`s. Every `encode` writes a whole frame, header included.

pub mod continuation;
pub mod data;
pub mod frame_type;
pub mod goaway;
pub mod header;
pub mod headers;
pub mod padding;
pub mod ping;
pub mod priority;
pub mod push_promise;
pub mod rst_stream;
pub mod settings;
pub mod window_update;

pub use continuation::Continuation;
pub use data::Data;
pub use frame_type::{ACK, END_HEADERS, END_STREAM, FrameType, PADDED, PRIORITY};
pub use goaway::GoAway;
pub use header::{DEFAULT_MAX_FRAME_SIZE, FrameHeader, HEADER_LEN, MAX_LENGTH};
pub use headers::Headers;
pub use ping::Ping;
pub use priority::{Priority, PriorityFields};
pub use push_promise::PushPromise;
pub use rst_stream::RstStream;
pub use settings::{Setting, Settings, SettingsParameter};
pub use window_update::WindowUpdate;

use crate::error::Error;

/// RFC 9113 §3.4: the client connection preface, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n". A
/// server that speaks only HTTP/1.1 fails to parse it as a request, so HTTP/2 never starts
/// by accident; a SETTINGS frame follows it.
pub const PREFACE: &[u8; 24] = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

/// A frame of a type RFC 9113 does not define: kept whole, to be ignored (§5.5).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unknown {
    /// The Type byte.
    pub frame_type: u8,
    /// The Flags byte.
    pub flags: u8,
    /// The Stream Identifier.
    pub stream_id: u32,
    /// The payload, unread.
    pub payload: Vec<u8>,
}

/// Any frame, its payload decoded by type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Frame {
    /// §6.1.
    Data(Data),
    /// §6.2.
    Headers(Headers),
    /// §6.3.
    Priority(Priority),
    /// §6.4.
    RstStream(RstStream),
    /// §6.5.
    Settings(Settings),
    /// §6.6.
    PushPromise(PushPromise),
    /// §6.7.
    Ping(Ping),
    /// §6.8.
    GoAway(GoAway),
    /// §6.9.
    WindowUpdate(WindowUpdate),
    /// §6.10.
    Continuation(Continuation),
    /// An extension type: ignored and discarded (§5.5).
    Unknown(Unknown),
}

impl Frame {
    /// Decodes the frame at the start of `buf`.
    ///
    /// `Ok(None)`: the frame is not all here yet (nothing consumed). `Ok(Some((frame, n)))`:
    /// the frame took the first `n` bytes. `Err`: the frame breaks a rule, and
    /// [`Error::answer`] says what to send. A Length above `max_frame_size` (the receiver's
    /// SETTINGS_MAX_FRAME_SIZE) is refused as soon as the header is here.
    pub fn parse(buf: &[u8], max_frame_size: u32) -> Result<Option<(Frame, usize)>, Error> {
        let Some(header) = FrameHeader::parse(buf) else {
            return Ok(None);
        };
        if header.length > max_frame_size {
            return Err(Error::FrameTooLarge {
                length: header.length,
                max: max_frame_size,
            });
        }
        let end = HEADER_LEN + header.length as usize;
        let Some(payload) = buf.get(HEADER_LEN..end) else {
            return Ok(None);
        };
        Ok(Some((Frame::decode(&header, payload)?, end)))
    }

    /// Decodes a payload whose header has already been read.
    pub fn decode(header: &FrameHeader, payload: &[u8]) -> Result<Frame, Error> {
        Ok(match header.frame_type {
            FrameType::Data => Frame::Data(Data::decode(header, payload)?),
            FrameType::Headers => Frame::Headers(Headers::decode(header, payload)?),
            FrameType::Priority => Frame::Priority(Priority::decode(header, payload)?),
            FrameType::RstStream => Frame::RstStream(RstStream::decode(header, payload)?),
            FrameType::Settings => Frame::Settings(Settings::decode(header, payload)?),
            FrameType::PushPromise => Frame::PushPromise(PushPromise::decode(header, payload)?),
            FrameType::Ping => Frame::Ping(Ping::decode(header, payload)?),
            FrameType::GoAway => Frame::GoAway(GoAway::decode(header, payload)?),
            FrameType::WindowUpdate => Frame::WindowUpdate(WindowUpdate::decode(header, payload)?),
            FrameType::Continuation => Frame::Continuation(Continuation::decode(header, payload)?),
            FrameType::Unknown(t) => Frame::Unknown(Unknown {
                frame_type: t,
                flags: header.flags,
                stream_id: header.stream_id,
                payload: payload.to_vec(),
            }),
        })
    }

    /// Appends the whole frame, header included.
    pub fn encode(&self, out: &mut Vec<u8>) -> Result<(), Error> {
        match self {
            Frame::Data(f) => f.encode(out),
            Frame::Headers(f) => f.encode(out),
            Frame::Priority(f) => f.encode(out),
            Frame::RstStream(f) => f.encode(out),
            Frame::Settings(f) => f.encode(out),
            Frame::PushPromise(f) => f.encode(out),
            Frame::Ping(f) => f.encode(out),
            Frame::GoAway(f) => f.encode(out),
            Frame::WindowUpdate(f) => f.encode(out),
            Frame::Continuation(f) => f.encode(out),
            Frame::Unknown(f) => {
                header::encode_header(
                    FrameType::Unknown(f.frame_type),
                    f.flags,
                    f.stream_id,
                    f.payload.len(),
                    out,
                )?;
                out.extend_from_slice(&f.payload);
                Ok(())
            }
        }
    }

    /// The frame's type.
    pub fn frame_type(&self) -> FrameType {
        match self {
            Frame::Data(_) => FrameType::Data,
            Frame::Headers(_) => FrameType::Headers,
            Frame::Priority(_) => FrameType::Priority,
            Frame::RstStream(_) => FrameType::RstStream,
            Frame::Settings(_) => FrameType::Settings,
            Frame::PushPromise(_) => FrameType::PushPromise,
            Frame::Ping(_) => FrameType::Ping,
            Frame::GoAway(_) => FrameType::GoAway,
            Frame::WindowUpdate(_) => FrameType::WindowUpdate,
            Frame::Continuation(_) => FrameType::Continuation,
            Frame::Unknown(f) => FrameType::Unknown(f.frame_type),
        }
    }

    /// The stream it belongs to (0: the connection).
    pub fn stream_id(&self) -> u32 {
        match self {
            Frame::Data(f) => f.stream_id,
            Frame::Headers(f) => f.stream_id,
            Frame::Priority(f) => f.stream_id,
            Frame::RstStream(f) => f.stream_id,
            Frame::PushPromise(f) => f.stream_id,
            Frame::WindowUpdate(f) => f.stream_id,
            Frame::Continuation(f) => f.stream_id,
            Frame::Unknown(f) => f.stream_id,
            Frame::Settings(_) | Frame::Ping(_) | Frame::GoAway(_) => 0,
        }
    }
}

/// The sans-IO frame reader: `feed` bytes as they arrive, take whole frames with
/// [`FrameDecoder::next_frame`]. A frame longer than SETTINGS_MAX_FRAME_SIZE is refused from
/// its header, so a caller that takes frames as they come never holds more than one frame.
#[derive(Debug, Clone)]
pub struct FrameDecoder {
    buf: Vec<u8>,
    max_frame_size: u32,
}

impl Default for FrameDecoder {
    fn default() -> Self {
        FrameDecoder::new()
    }
}

impl FrameDecoder {
    /// A reader with the initial SETTINGS_MAX_FRAME_SIZE, 16,384 (§4.2).
    pub fn new() -> FrameDecoder {
        FrameDecoder::with_max_frame_size(DEFAULT_MAX_FRAME_SIZE)
    }

    /// A reader that accepts frames up to `max` bytes of payload (what this endpoint
    /// announced as SETTINGS_MAX_FRAME_SIZE).
    pub fn with_max_frame_size(max: u32) -> FrameDecoder {
        FrameDecoder {
            buf: Vec::new(),
            max_frame_size: max.min(MAX_LENGTH),
        }
    }

    /// Appends bytes from the network.
    pub fn feed(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
    }

    /// The next whole frame, `Ok(None)` if it is not all here yet. After an `Err` the
    /// connection is over (the error says what to send) and the reader should be dropped.
    pub fn next_frame(&mut self) -> Result<Option<Frame>, Error> {
        match Frame::parse(&self.buf, self.max_frame_size)? {
            None => Ok(None),
            Some((frame, used)) => {
                self.buf.drain(..used);
                Ok(Some(frame))
            }
        }
    }

    /// Bytes fed but not yet taken as frames.
    pub fn buffered(&self) -> usize {
        self.buf.len()
    }
}

#[cfg(test)]
mod tests;
