//! Error codes (RFC 9113 §7): the 32-bit reasons carried by RST_STREAM and GOAWAY.
//!
//! An HTTP/2 endpoint never "just drops" a connection that broke a rule. It answers with one
//! of these codes, either in a GOAWAY frame (a *connection error*, §5.4.1: the whole
//! connection ends) or in a RST_STREAM frame (a *stream error*, §5.4.2: only that stream
//! ends). The codes share one registry:
//!
//! ```text
//!  0x0 NO_ERROR             0x5 STREAM_CLOSED        0xa CONNECT_ERROR
//!  0x1 PROTOCOL_ERROR       0x6 FRAME_SIZE_ERROR     0xb ENHANCE_YOUR_CALM
//!  0x2 INTERNAL_ERROR       0x7 REFUSED_STREAM       0xc INADEQUATE_SECURITY
//!  0x3 FLOW_CONTROL_ERROR   0x8 CANCEL               0xd HTTP_1_1_REQUIRED
//!  0x4 SETTINGS_TIMEOUT     0x9 COMPRESSION_ERROR
//! ```
//!
//! "Unknown or unsupported error codes MUST NOT trigger any special behavior" (§7), so a
//! code outside the table is kept as [`ErrorCode::Unknown`] rather than rejected.

/// An RFC 9113 §7 error code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// 0x0: graceful shutdown, or no error at all.
    NoError,
    /// 0x1: the peer broke the protocol and no more specific code fits.
    ProtocolError,
    /// 0x2: the sender hit an unexpected internal error.
    InternalError,
    /// 0x3: the peer broke the flow-control rules (§5.2).
    FlowControlError,
    /// 0x4: a SETTINGS frame was not acknowledged in time (§6.5.3).
    SettingsTimeout,
    /// 0x5: a frame arrived after the stream was half-closed (§5.1).
    StreamClosed,
    /// 0x6: a frame has an invalid size (§4.2).
    FrameSizeError,
    /// 0x7: the stream was refused before any application processing (§8.7).
    RefusedStream,
    /// 0x8: the stream is no longer needed.
    Cancel,
    /// 0x9: the HPACK compression context cannot be maintained (RFC 7541).
    CompressionError,
    /// 0xa: the TCP connection behind a CONNECT request was reset (§8.5).
    ConnectError,
    /// 0xb: the peer behaves in a way that might generate excessive load.
    EnhanceYourCalm,
    /// 0xc: the transport lacks the minimum security requirements (§9.2).
    InadequateSecurity,
    /// 0xd: the endpoint requires HTTP/1.1 for this request.
    Http11Required,
    /// A code this registry does not define; it MUST NOT trigger special behaviour (§7).
    Unknown(u32),
}

/// Every defined code, in registry order, with its value and name (RFC 9113 §7).
const REGISTRY: [(ErrorCode, u32, &str); 14] = [
    (ErrorCode::NoError, 0x0, "NO_ERROR"),
    (ErrorCode::ProtocolError, 0x1, "PROTOCOL_ERROR"),
    (ErrorCode::InternalError, 0x2, "INTERNAL_ERROR"),
    (ErrorCode::FlowControlError, 0x3, "FLOW_CONTROL_ERROR"),
    (ErrorCode::SettingsTimeout, 0x4, "SETTINGS_TIMEOUT"),
    (ErrorCode::StreamClosed, 0x5, "STREAM_CLOSED"),
    (ErrorCode::FrameSizeError, 0x6, "FRAME_SIZE_ERROR"),
    (ErrorCode::RefusedStream, 0x7, "REFUSED_STREAM"),
    (ErrorCode::Cancel, 0x8, "CANCEL"),
    (ErrorCode::CompressionError, 0x9, "COMPRESSION_ERROR"),
    (ErrorCode::ConnectError, 0xa, "CONNECT_ERROR"),
    (ErrorCode::EnhanceYourCalm, 0xb, "ENHANCE_YOUR_CALM"),
    (ErrorCode::InadequateSecurity, 0xc, "INADEQUATE_SECURITY"),
    (ErrorCode::Http11Required, 0xd, "HTTP_1_1_REQUIRED"),
];

impl ErrorCode {
    /// The code for a 32-bit value off the wire; never fails.
    pub fn from_u32(value: u32) -> ErrorCode {
        REGISTRY
            .iter()
            .find(|(_, v, _)| *v == value)
            .map_or(ErrorCode::Unknown(value), |(code, _, _)| *code)
    }

    /// The 32-bit value on the wire.
    pub fn as_u32(self) -> u32 {
        match self {
            ErrorCode::Unknown(value) => value,
            known => REGISTRY
                .iter()
                .find(|(code, _, _)| *code == known)
                .map_or(0, |(_, v, _)| *v),
        }
    }

    /// The registry name, e.g. `PROTOCOL_ERROR`; `UNKNOWN` outside the registry.
    pub fn name(self) -> &'static str {
        REGISTRY
            .iter()
            .find(|(code, _, _)| *code == self)
            .map_or("UNKNOWN", |(_, _, name)| name)
    }

    /// One sentence on what the code means (RFC 9113 §7).
    pub fn meaning(self) -> &'static str {
        match self {
            ErrorCode::NoError => "not the result of an error: a graceful shutdown",
            ErrorCode::ProtocolError => "the peer broke the protocol",
            ErrorCode::InternalError => "the sender hit an unexpected internal error",
            ErrorCode::FlowControlError => "the peer broke the flow-control protocol",
            ErrorCode::SettingsTimeout => "a SETTINGS frame was not acknowledged in time",
            ErrorCode::StreamClosed => "a frame arrived after the stream was half-closed",
            ErrorCode::FrameSizeError => "a frame had an invalid size",
            ErrorCode::RefusedStream => {
                "the stream was refused before any processing; it is safe to retry"
            }
            ErrorCode::Cancel => "the stream is no longer needed",
            ErrorCode::CompressionError => "the header compression context cannot be kept",
            ErrorCode::ConnectError => "the connection for a CONNECT request was reset",
            ErrorCode::EnhanceYourCalm => "the peer might be generating excessive load",
            ErrorCode::InadequateSecurity => "the transport is not secure enough",
            ErrorCode::Http11Required => "HTTP/1.1 must be used for this request",
            ErrorCode::Unknown(_) => "not a code RFC 9113 defines: treated like INTERNAL_ERROR",
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ErrorCode::Unknown(v) => write!(f, "UNKNOWN ({v:#x})"),
            known => f.write_str(known.name()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_round_trips() {
        for value in 0..=0x20 {
            assert_eq!(ErrorCode::from_u32(value).as_u32(), value);
        }
        assert_eq!(ErrorCode::from_u32(0x9), ErrorCode::CompressionError);
        assert_eq!(ErrorCode::from_u32(0xd).name(), "HTTP_1_1_REQUIRED");
        assert_eq!(ErrorCode::from_u32(0xe), ErrorCode::Unknown(0xe));
        assert_eq!(ErrorCode::Unknown(0xe).to_string(), "UNKNOWN (0xe)");
        assert_eq!(ErrorCode::FrameSizeError.to_string(), "FRAME_SIZE_ERROR");
    }
}
