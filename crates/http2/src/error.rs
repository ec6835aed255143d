//! The one error type of the crate, and the answer each error carries (RFC 9113 §5.4).
//!
//! HTTP/2 has two ways to fail, and every peer error here knows which one it calls for:
//!
//! - a **connection error** (§5.4.1): the endpoint sends GOAWAY with an error code and
//!   closes the TCP connection. Anything that breaks framing or the shared HPACK state is
//!   one, because the two ends no longer agree on what the bytes mean;
//! - a **stream error** (§5.4.2): the endpoint sends RST_STREAM on that one stream and the
//!   rest of the connection goes on (a PRIORITY frame of the wrong length, a zero
//!   WINDOW_UPDATE increment on a stream).
//!
//! So every variant answers [`Error::code`] (the [`ErrorCode`] to send), [`Error::stream`]
//! (`Some(id)` for a stream error), [`Error::answer`] (the whole answer in words) and
//! [`Error::rule`] (the section broken). HPACK errors are all connection errors of type
//! COMPRESSION_ERROR (RFC 9113 §4.3): once a header block fails to decode, the dynamic
//! tables at both ends may disagree, and nothing on the connection can be trusted.
//!
//! As in the `websocket` crate, "the peer broke the protocol" is kept apart from "the caller
//! misused the API" ([`Error::is_peer_error`]): the `Encode*` variants come from encoders,
//! never from the network, and answer INTERNAL_ERROR.

use crate::error_code::ErrorCode;
use crate::frame::{FrameType, SettingsParameter};

/// Everything that can go wrong in framing and header compression.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    // ---- framing (RFC 9113) ----
    /// RFC 9113 §4.2: a frame longer than SETTINGS_MAX_FRAME_SIZE.
    #[error("a {length}-byte frame payload exceeds SETTINGS_MAX_FRAME_SIZE ({max})")]
    FrameTooLarge {
        /// The Length field.
        length: u32,
        /// The receiver's SETTINGS_MAX_FRAME_SIZE.
        max: u32,
    },
    /// RFC 9113 §6.1-§6.4, §6.6, §6.10: this type belongs to a stream, but came on stream 0.
    #[error("a {0} frame must belong to a stream, but its Stream Identifier is 0")]
    StreamIdZero(FrameType),
    /// RFC 9113 §6.5, §6.7, §6.8: this type belongs to the connection (stream 0).
    #[error("a {frame_type} frame applies to the whole connection, but came on stream {stream}")]
    StreamIdNotZero {
        /// SETTINGS, PING or GOAWAY.
        frame_type: FrameType,
        /// The non-zero Stream Identifier.
        stream: u32,
    },
    /// RFC 9113 §4.2: the payload cannot hold the fields the frame must have.
    #[error("a {frame_type} payload of {length} bytes is too short: its fields need {needed}")]
    PayloadTooShort {
        /// The frame's type.
        frame_type: FrameType,
        /// The Length field.
        length: u32,
        /// The bytes its flags and type require.
        needed: u32,
    },
    /// RFC 9113 §6.3, §6.4, §6.7, §6.9: the type has a fixed payload length.
    #[error("a {frame_type} payload is exactly {expected} bytes; this one is {length}")]
    WrongLength {
        /// The frame's type.
        frame_type: FrameType,
        /// The Length field.
        length: u32,
        /// The one length allowed.
        expected: u32,
        /// The frame's stream (PRIORITY's size error is a stream error on it).
        stream: u32,
    },
    /// RFC 9113 §6.1, §6.2, §6.6: the padding is as long as the payload or longer.
    #[error(
        "Pad Length {pad_length} leaves no room: only {available} bytes follow the frame's fields"
    )]
    PaddingTooLong {
        /// The frame's type.
        frame_type: FrameType,
        /// The Pad Length field.
        pad_length: u8,
        /// Bytes left for data and padding.
        available: u32,
    },
    /// RFC 9113 §6.5: a SETTINGS payload is a list of 6-byte entries.
    #[error("a SETTINGS payload is a multiple of 6 bytes; this one is {0}")]
    SettingsLength(u32),
    /// RFC 9113 §6.5: a SETTINGS frame with ACK set has an empty payload.
    #[error("a SETTINGS acknowledgement has an empty payload; this one has {0} bytes")]
    SettingsAckWithPayload(u32),
    /// RFC 9113 §6.5.2: a value outside the range its parameter allows.
    #[error("{} = {value} is out of range ({})", parameter.name(), parameter.range())]
    InvalidSetting {
        /// Which parameter.
        parameter: SettingsParameter,
        /// The value sent.
        value: u32,
    },
    /// RFC 9113 §6.9: a WINDOW_UPDATE must grant at least 1 byte.
    #[error("a WINDOW_UPDATE increment of 0 on stream {0}")]
    ZeroWindowIncrement(u32),
    /// RFC 9113 §5.3.1: a stream cannot depend on itself.
    #[error("stream {0} declares a dependency on itself")]
    SelfDependency(u32),

    // ---- header compression (RFC 7541): all COMPRESSION_ERROR ----
    /// RFC 7541 §5.1: an integer past this implementation's limit (in value or in bytes).
    #[error("a prefixed integer exceeds the limit of {0}")]
    IntegerOverflow(u64),
    /// RFC 7541 §5, §6: the header block ends in the middle of a representation.
    #[error("the header block ends inside {0}")]
    Truncated(&'static str),
    /// RFC 7541 §6.1: index 0 is not used.
    #[error("index 0 is not used")]
    IndexZero,
    /// RFC 7541 §2.3.3: an index past the static and dynamic tables.
    #[error("index {index} is past the table (61 static entries + {dynamic} dynamic)")]
    IndexOutOfRange {
        /// The index sent.
        index: usize,
        /// How many entries the dynamic table held.
        dynamic: usize,
    },
    /// RFC 7541 §5.2: a string longer than this decoder accepts.
    #[error("a {length}-byte string exceeds the limit of {max}")]
    StringTooLong {
        /// The announced length.
        length: usize,
        /// The limit.
        max: usize,
    },
    /// RFC 7541 §5.2: "A Huffman-encoded string literal containing the EOS symbol MUST be
    /// treated as a decoding error."
    #[error("the Huffman string contains the EOS symbol")]
    HuffmanEos,
    /// RFC 7541 §5.2: "Padding strictly longer than 7 bits MUST be treated as a decoding error."
    #[error("the Huffman string ends with {0} bits of padding (at most 7)")]
    HuffmanPaddingTooLong(u32),
    /// RFC 7541 §5.2: "Padding not corresponding to the most significant bits of the code for
    /// the EOS symbol MUST be treated as a decoding error."
    #[error("the Huffman padding is not all 1 bits")]
    HuffmanPaddingNotOnes,
    /// RFC 7541 §6.3: a size update above the limit the decoder announced.
    #[error("a dynamic table size update to {size} exceeds the limit of {max}")]
    TableSizeTooLarge {
        /// The size asked for.
        size: usize,
        /// SETTINGS_HEADER_TABLE_SIZE.
        max: usize,
    },
    /// RFC 7541 §4.2: a size update after the first field of a block.
    #[error("a dynamic table size update after a header field")]
    TableSizeUpdateTooLate,
    /// RFC 7541 §4.2: after the decoder lowered its limit, the next block must start with a
    /// size update.
    #[error("the block does not start with the required dynamic table size update (limit {0})")]
    TableSizeUpdateMissing(usize),
    /// RFC 9113 §6.5.2, §10.5.1: the decoded list exceeds this decoder's limit; decoding stops,
    /// so the compression state is lost.
    #[error("the header list exceeds the limit of {0} bytes")]
    HeaderListTooLarge(usize),

    // ---- the caller misused the API ----
    /// RFC 9113 §4.1: stream identifiers are 31 bits.
    #[error("cannot encode stream identifier {0}: it needs more than 31 bits")]
    EncodeStreamId(u32),
    /// RFC 9113 §4.1: the Length field is 24 bits.
    #[error("cannot encode a {0}-byte payload: the Length field has 24 bits")]
    EncodePayloadTooLarge(usize),
    /// RFC 9113 §6.5.2: the caller asked to send an out-of-range setting.
    #[error("cannot send {} = {value}: out of range", parameter.name())]
    EncodeInvalidSetting {
        /// Which parameter.
        parameter: SettingsParameter,
        /// The value.
        value: u32,
    },
}

impl Error {
    /// The code to send in GOAWAY or RST_STREAM (RFC 9113 §7).
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::FrameTooLarge { .. }
            | Error::PayloadTooShort { .. }
            | Error::WrongLength { .. }
            | Error::SettingsLength(_)
            | Error::SettingsAckWithPayload(_) => ErrorCode::FrameSizeError,
            Error::InvalidSetting {
                parameter: SettingsParameter::InitialWindowSize,
                ..
            } => ErrorCode::FlowControlError,
            Error::StreamIdZero(_)
            | Error::StreamIdNotZero { .. }
            | Error::PaddingTooLong { .. }
            | Error::InvalidSetting { .. }
            | Error::ZeroWindowIncrement(_)
            | Error::SelfDependency(_) => ErrorCode::ProtocolError,
            Error::IntegerOverflow(_)
            | Error::Truncated(_)
            | Error::IndexZero
            | Error::IndexOutOfRange { .. }
            | Error::StringTooLong { .. }
            | Error::HuffmanEos
            | Error::HuffmanPaddingTooLong(_)
            | Error::HuffmanPaddingNotOnes
            | Error::TableSizeTooLarge { .. }
            | Error::TableSizeUpdateTooLate
            | Error::TableSizeUpdateMissing(_)
            | Error::HeaderListTooLarge(_) => ErrorCode::CompressionError,
            Error::EncodeStreamId(_)
            | Error::EncodePayloadTooLarge(_)
            | Error::EncodeInvalidSetting { .. } => ErrorCode::InternalError,
        }
    }

    /// `Some(stream)` when only that stream fails (a stream error, RFC 9113 §5.4.2, answered
    /// with RST_STREAM); `None` for a connection error (§5.4.1, answered with GOAWAY).
    pub fn stream(&self) -> Option<u32> {
        match self {
            // §6.3: "A PRIORITY frame with a length other than 5 octets MUST be treated as a
            // stream error".
            Error::WrongLength {
                frame_type: FrameType::Priority,
                stream,
                ..
            } => Some(*stream),
            // §6.9: a zero increment is a stream error on a stream, a connection error on 0.
            Error::ZeroWindowIncrement(stream) if *stream != 0 => Some(*stream),
            Error::SelfDependency(stream) => Some(*stream),
            _ => None,
        }
    }

    /// `true` when the peer broke the protocol, `false` when the caller misused the API.
    pub fn is_peer_error(&self) -> bool {
        !matches!(
            self,
            Error::EncodeStreamId(_)
                | Error::EncodePayloadTooLarge(_)
                | Error::EncodeInvalidSetting { .. }
        )
    }

    /// What a conforming endpoint answers, in words: `connection error PROTOCOL_ERROR (GOAWAY)`
    /// or `stream error FRAME_SIZE_ERROR (RST_STREAM on stream 3)`.
    pub fn answer(&self) -> String {
        match self.stream() {
            Some(stream) => format!(
                "stream error {} (RST_STREAM on stream {stream})",
                self.code()
            ),
            None => format!("connection error {} (GOAWAY)", self.code()),
        }
    }

    /// The section whose rule was broken, e.g. `RFC 9113 §6.5`.
    pub fn rule(&self) -> &'static str {
        match self {
            Error::FrameTooLarge { .. } | Error::PayloadTooShort { .. } => "RFC 9113 §4.2",
            Error::StreamIdZero(t) | Error::StreamIdNotZero { frame_type: t, .. } => {
                section_rule(*t)
            }
            Error::WrongLength { frame_type, .. } | Error::PaddingTooLong { frame_type, .. } => {
                section_rule(*frame_type)
            }
            Error::SettingsLength(_) | Error::SettingsAckWithPayload(_) => "RFC 9113 §6.5",
            Error::InvalidSetting { .. } | Error::EncodeInvalidSetting { .. } => "RFC 9113 §6.5.2",
            Error::ZeroWindowIncrement(_) => "RFC 9113 §6.9",
            Error::SelfDependency(_) => "RFC 9113 §5.3.1",
            Error::IntegerOverflow(_) => "RFC 7541 §5.1",
            Error::Truncated(_) => "RFC 7541 §6",
            Error::IndexZero => "RFC 7541 §6.1",
            Error::IndexOutOfRange { .. } => "RFC 7541 §2.3.3",
            Error::StringTooLong { .. }
            | Error::HuffmanEos
            | Error::HuffmanPaddingTooLong(_)
            | Error::HuffmanPaddingNotOnes => "RFC 7541 §5.2",
            Error::TableSizeTooLarge { .. } => "RFC 7541 §6.3",
            Error::TableSizeUpdateTooLate | Error::TableSizeUpdateMissing(_) => "RFC 7541 §4.2",
            Error::HeaderListTooLarge(_) => "RFC 9113 §10.5.1",
            Error::EncodeStreamId(_) | Error::EncodePayloadTooLarge(_) => "RFC 9113 §4.1",
        }
    }
}

/// `RFC 9113 §6.x` for a frame type's own section.
fn section_rule(t: FrameType) -> &'static str {
    match t {
        FrameType::Data => "RFC 9113 §6.1",
        FrameType::Headers => "RFC 9113 §6.2",
        FrameType::Priority => "RFC 9113 §6.3",
        FrameType::RstStream => "RFC 9113 §6.4",
        FrameType::Settings => "RFC 9113 §6.5",
        FrameType::PushPromise => "RFC 9113 §6.6",
        FrameType::Ping => "RFC 9113 §6.7",
        FrameType::GoAway => "RFC 9113 §6.8",
        FrameType::WindowUpdate => "RFC 9113 §6.9",
        FrameType::Continuation => "RFC 9113 §6.10",
        FrameType::Unknown(_) => "RFC 9113 §5.5",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers() {
        assert_eq!(
            Error::SettingsLength(7).answer(),
            "connection error FRAME_SIZE_ERROR (GOAWAY)"
        );
        let e = Error::WrongLength {
            frame_type: FrameType::Priority,
            length: 4,
            expected: 5,
            stream: 3,
        };
        assert_eq!(
            e.answer(),
            "stream error FRAME_SIZE_ERROR (RST_STREAM on stream 3)"
        );
        assert_eq!(Error::ZeroWindowIncrement(0).stream(), None);
        assert_eq!(Error::ZeroWindowIncrement(5).stream(), Some(5));
        assert_eq!(Error::HuffmanEos.code(), ErrorCode::CompressionError);
        assert!(!Error::EncodeStreamId(u32::MAX).is_peer_error());
        let e = Error::InvalidSetting {
            parameter: SettingsParameter::InitialWindowSize,
            value: u32::MAX,
        };
        assert_eq!(e.code(), ErrorCode::FlowControlError);
    }
}
