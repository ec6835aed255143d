//! Close codes and the Close frame's payload (RFC 6455 §5.5.1, §7.4, and the IANA
//! "WebSocket Close Code Number Registry").
//!
//! A Close frame's payload is either empty, or a 2-byte status code in network byte
//! order followed by a UTF-8 reason (RFC 6455 §5.5.1):
//!
//! ```text
//!  0                   1                   2
//!  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 ...
//! +-------------------------------+-------------------------
//! |     status code (16 bits)     |  reason (UTF-8, 0..=123 bytes)
//! +-------------------------------+-------------------------
//! ```
//!
//! The 123 comes from §5.5: a control frame's payload is at most 125 bytes, and the code
//! takes two of them.
//!
//! The code space is split in ranges (§7.4.2): `0-999` unused, `1000-2999` for this RFC
//! and its extensions (the IANA registry, which later added 1012-1015), `3000-3999`
//! registered with IANA by libraries and frameworks, `4000-4999` private use. Some codes
//! only ever *describe* a closure locally and must never travel in a frame: 1005 (no code
//! was received), 1006 (the TCP connection dropped without a Close), 1015 (the TLS
//! handshake failed). [`CloseCode::is_sendable`] encodes which codes may appear on the
//! wire; a peer sending any other code has broken the protocol (1002).
//!
//! Walk-through of [`parse_close_payload`]: empty → `None`; one byte → 1002 (a code is
//! two bytes); a code that is not sendable → 1002; a reason that is not UTF-8 → 1007.

use crate::error::Error;
use crate::frame::MAX_CONTROL_PAYLOAD_LEN;

/// RFC 6455 §5.5.1: the status code is the first two bytes of a Close payload.
pub const CLOSE_CODE_LEN: usize = 2;
/// RFC 6455 §5.5, §5.5.1: 125 bytes of control payload minus the 2-byte code.
pub const MAX_CLOSE_REASON_LEN: usize = MAX_CONTROL_PAYLOAD_LEN - CLOSE_CODE_LEN;

/// A status code from the IANA "WebSocket Close Code Number Registry" (RFC 6455 §7.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CloseCode {
    /// 1000: the purpose of the connection was fulfilled.
    NormalClosure,
    /// 1001: the endpoint is going away (server shutdown, page navigated away).
    GoingAway,
    /// 1002: the peer broke the protocol.
    ProtocolError,
    /// 1003: the endpoint received data of a type it cannot accept.
    UnsupportedData,
    /// 1004: reserved; meaning might be defined in the future.
    Reserved1004,
    /// 1005: no status code was present (never sent on the wire).
    NoStatusReceived,
    /// 1006: the connection closed without a Close frame (never sent on the wire).
    AbnormalClosure,
    /// 1007: data in a message was inconsistent with its type (e.g. non-UTF-8 text).
    InvalidPayloadData,
    /// 1008: a message violated the endpoint's policy.
    PolicyViolation,
    /// 1009: a message was too big to process.
    MessageTooBig,
    /// 1010: the client expected the server to negotiate an extension.
    MandatoryExtension,
    /// 1011: the server hit an unexpected condition.
    InternalError,
    /// 1012: the service is restarting.
    ServiceRestart,
    /// 1013: the service is overloaded; try again later.
    TryAgainLater,
    /// 1014: a gateway or proxy got an invalid response from upstream.
    BadGateway,
    /// 1015: the TLS handshake failed (never sent on the wire).
    TlsHandshake,
    /// 3000-3999: registered with IANA by libraries, frameworks and applications.
    Registered(u16),
    /// 4000-4999: private use, by agreement between the two endpoints.
    Private(u16),
    /// Any other value: 0-999, 1016-2999, 5000 and up.
    Unassigned(u16),
}

impl From<u16> for CloseCode {
    fn from(code: u16) -> CloseCode {
        match code {
            1000 => CloseCode::NormalClosure,
            1001 => CloseCode::GoingAway,
            1002 => CloseCode::ProtocolError,
            1003 => CloseCode::UnsupportedData,
            1004 => CloseCode::Reserved1004,
            1005 => CloseCode::NoStatusReceived,
            1006 => CloseCode::AbnormalClosure,
            1007 => CloseCode::InvalidPayloadData,
            1008 => CloseCode::PolicyViolation,
            1009 => CloseCode::MessageTooBig,
            1010 => CloseCode::MandatoryExtension,
            1011 => CloseCode::InternalError,
            1012 => CloseCode::ServiceRestart,
            1013 => CloseCode::TryAgainLater,
            1014 => CloseCode::BadGateway,
            1015 => CloseCode::TlsHandshake,
            3000..=3999 => CloseCode::Registered(code),
            4000..=4999 => CloseCode::Private(code),
            other => CloseCode::Unassigned(other),
        }
    }
}

impl From<CloseCode> for u16 {
    fn from(code: CloseCode) -> u16 {
        code.as_u16()
    }
}

impl CloseCode {
    /// The number on the wire.
    pub fn as_u16(self) -> u16 {
        match self {
            CloseCode::NormalClosure => 1000,
            CloseCode::GoingAway => 1001,
            CloseCode::ProtocolError => 1002,
            CloseCode::UnsupportedData => 1003,
            CloseCode::Reserved1004 => 1004,
            CloseCode::NoStatusReceived => 1005,
            CloseCode::AbnormalClosure => 1006,
            CloseCode::InvalidPayloadData => 1007,
            CloseCode::PolicyViolation => 1008,
            CloseCode::MessageTooBig => 1009,
            CloseCode::MandatoryExtension => 1010,
            CloseCode::InternalError => 1011,
            CloseCode::ServiceRestart => 1012,
            CloseCode::TryAgainLater => 1013,
            CloseCode::BadGateway => 1014,
            CloseCode::TlsHandshake => 1015,
            CloseCode::Registered(n) | CloseCode::Private(n) | CloseCode::Unassigned(n) => n,
        }
    }

    /// May this code appear in a Close frame? (RFC 6455 §7.4.1, §7.4.2; IANA registry.)
    ///
    /// Yes for 1000-1003, 1007-1014 and 3000-4999. No for 1004 (reserved), 1005, 1006 and
    /// 1015 (local-only by definition), and everything unassigned.
    pub fn is_sendable(self) -> bool {
        match self {
            CloseCode::NormalClosure
            | CloseCode::GoingAway
            | CloseCode::ProtocolError
            | CloseCode::UnsupportedData
            | CloseCode::InvalidPayloadData
            | CloseCode::PolicyViolation
            | CloseCode::MessageTooBig
            | CloseCode::MandatoryExtension
            | CloseCode::InternalError
            | CloseCode::ServiceRestart
            | CloseCode::TryAgainLater
            | CloseCode::BadGateway => true,
            // `From<u16>` only builds these from their ranges; a hand-built value outside
            // its range is judged by its number.
            CloseCode::Registered(n) | CloseCode::Private(n) => (3000..=4999).contains(&n),
            CloseCode::Reserved1004
            | CloseCode::NoStatusReceived
            | CloseCode::AbnormalClosure
            | CloseCode::TlsHandshake
            | CloseCode::Unassigned(_) => false,
        }
    }

    /// The name in the IANA registry.
    pub fn name(self) -> &'static str {
        match self {
            CloseCode::NormalClosure => "Normal Closure",
            CloseCode::GoingAway => "Going Away",
            CloseCode::ProtocolError => "Protocol Error",
            CloseCode::UnsupportedData => "Unsupported Data",
            CloseCode::Reserved1004 => "Reserved",
            CloseCode::NoStatusReceived => "No Status Rcvd",
            CloseCode::AbnormalClosure => "Abnormal Closure",
            CloseCode::InvalidPayloadData => "Invalid Frame Payload Data",
            CloseCode::PolicyViolation => "Policy Violation",
            CloseCode::MessageTooBig => "Message Too Big",
            CloseCode::MandatoryExtension => "Mandatory Ext.",
            CloseCode::InternalError => "Internal Error",
            CloseCode::ServiceRestart => "Service Restart",
            CloseCode::TryAgainLater => "Try Again Later",
            CloseCode::BadGateway => "Bad Gateway",
            CloseCode::TlsHandshake => "TLS Handshake",
            CloseCode::Registered(_) => "Registered",
            CloseCode::Private(_) => "Private Use",
            CloseCode::Unassigned(_) => "Unassigned",
        }
    }

    /// One sentence on what the code means and where it is defined.
    pub fn meaning(self) -> &'static str {
        match self {
            CloseCode::NormalClosure => {
                "The purpose for which the connection was established has been fulfilled (RFC 6455 §7.4.1)."
            }
            CloseCode::GoingAway => {
                "The endpoint is going away, such as a server going down or a browser leaving the page (RFC 6455 §7.4.1)."
            }
            CloseCode::ProtocolError => {
                "The endpoint is terminating the connection due to a protocol error (RFC 6455 §7.4.1)."
            }
            CloseCode::UnsupportedData => {
                "The endpoint received a type of data it cannot accept, e.g. binary when it only understands text (RFC 6455 §7.4.1)."
            }
            CloseCode::Reserved1004 => {
                "Reserved; the specific meaning might be defined in the future (RFC 6455 §7.4.1)."
            }
            CloseCode::NoStatusReceived => {
                "No status code was present; only reported locally, never sent in a Close frame (RFC 6455 §7.4.1)."
            }
            CloseCode::AbnormalClosure => {
                "The connection closed without a Close frame; only reported locally, never sent (RFC 6455 §7.4.1)."
            }
            CloseCode::InvalidPayloadData => {
                "The endpoint received data inconsistent with the message type, e.g. non-UTF-8 text (RFC 6455 §7.4.1)."
            }
            CloseCode::PolicyViolation => {
                "The endpoint received a message that violates its policy (RFC 6455 §7.4.1)."
            }
            CloseCode::MessageTooBig => {
                "The endpoint received a message too big for it to process (RFC 6455 §7.4.1)."
            }
            CloseCode::MandatoryExtension => {
                "The client expected the server to negotiate an extension it did not (RFC 6455 §7.4.1)."
            }
            CloseCode::InternalError => {
                "The server met an unexpected condition that prevented it from fulfilling the request (RFC 6455 §7.4.1)."
            }
            CloseCode::ServiceRestart => {
                "The service is restarting; the client may reconnect (IANA registry)."
            }
            CloseCode::TryAgainLater => {
                "The service is temporarily overloaded; try again later (IANA registry)."
            }
            CloseCode::BadGateway => {
                "A gateway or proxy received an invalid response from the upstream server (IANA registry)."
            }
            CloseCode::TlsHandshake => {
                "The TLS handshake failed; only reported locally, never sent (RFC 6455 §7.4.1)."
            }
            CloseCode::Registered(_) => {
                "Registered with IANA by a library, framework or application (RFC 6455 §7.4.2)."
            }
            CloseCode::Private(_) => {
                "Private use by agreement between the endpoints; not registered (RFC 6455 §7.4.2)."
            }
            CloseCode::Unassigned(_) => {
                "Not assigned; must not appear in a Close frame (RFC 6455 §7.4.2)."
            }
        }
    }
}

impl std::fmt::Display for CloseCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.as_u16(), self.name())
    }
}

/// The decoded payload of a Close frame that carried a status code (RFC 6455 §5.5.1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CloseFrame {
    /// The status code.
    pub code: CloseCode,
    /// The reason, possibly empty; at most 123 bytes on the wire.
    pub reason: String,
}

/// Decodes a Close frame's (already unmasked) payload.
///
/// `Ok(None)` for an empty payload (the peer gave no code). Errors: one byte (1002), a code
/// that may not be sent (1002), a reason that is not UTF-8 (1007).
pub fn parse_close_payload(payload: &[u8]) -> Result<Option<CloseFrame>, Error> {
    if payload.is_empty() {
        return Ok(None);
    }
    let Some((code, reason)) = payload.split_first_chunk::<CLOSE_CODE_LEN>() else {
        return Err(Error::CloseCodeTruncated);
    };
    let code = CloseCode::from(u16::from_be_bytes(*code));
    if !code.is_sendable() {
        return Err(Error::CloseCodeNotSendable(code.as_u16()));
    }
    let reason = std::str::from_utf8(reason).map_err(|_| Error::InvalidCloseReason)?;
    Ok(Some(CloseFrame {
        code,
        reason: reason.to_owned(),
    }))
}

/// Appends a Close payload: the code in network byte order, then `reason` cut at a char
/// boundary so the payload stays within 125 bytes (RFC 6455 §5.5).
pub fn encode_close_payload(code: CloseCode, reason: &str, out: &mut Vec<u8>) {
    out.extend_from_slice(&code.as_u16().to_be_bytes());
    out.extend_from_slice(truncate_reason(reason).as_bytes());
}

/// The longest prefix of `reason` that fits in a Close frame and ends on a char boundary.
pub fn truncate_reason(reason: &str) -> &str {
    if reason.len() <= MAX_CLOSE_REASON_LEN {
        return reason;
    }
    let mut end = MAX_CLOSE_REASON_LEN;
    while !reason.is_char_boundary(end) {
        end -= 1;
    }
    reason.get(..end).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_sendability() {
        let sendable = |n: u16| CloseCode::from(n).is_sendable();
        for n in [
            1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014,
        ] {
            assert!(sendable(n), "{n}");
        }
        for n in [3000, 3999, 4000, 4999] {
            assert!(sendable(n), "{n}");
        }
        // Autobahn 7.9.x's list plus the other local-only codes.
        for n in [
            0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535,
        ] {
            assert!(!sendable(n), "{n}");
        }
        assert!(!CloseCode::Registered(5).is_sendable());
    }

    #[test]
    fn every_code_round_trips() {
        for n in 0..=u16::MAX {
            let c = CloseCode::from(n);
            assert_eq!(c.as_u16(), n);
            assert!(!c.name().is_empty());
            assert!(c.meaning().ends_with(").") || c.meaning().ends_with(')'));
        }
        assert_eq!(CloseCode::from(1009).name(), "Message Too Big");
        assert_eq!(CloseCode::from(3001), CloseCode::Registered(3001));
        assert_eq!(CloseCode::from(4001), CloseCode::Private(4001));
        assert_eq!(CloseCode::from(2000), CloseCode::Unassigned(2000));
        assert_eq!(CloseCode::MessageTooBig.to_string(), "1009 Message Too Big");
    }

    #[test]
    fn parse_payloads() {
        assert_eq!(parse_close_payload(b""), Ok(None));
        assert_eq!(parse_close_payload(&[0x03]), Err(Error::CloseCodeTruncated));
        assert_eq!(
            parse_close_payload(&[0x03, 0xE8]),
            Ok(Some(CloseFrame {
                code: CloseCode::NormalClosure,
                reason: String::new()
            }))
        );
        assert_eq!(
            parse_close_payload(b"\x03\xe9bye"),
            Ok(Some(CloseFrame {
                code: CloseCode::GoingAway,
                reason: "bye".into()
            }))
        );
        for bad in [0u16, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000] {
            let p = bad.to_be_bytes();
            assert_eq!(
                parse_close_payload(&p),
                Err(Error::CloseCodeNotSendable(bad))
            );
        }
        let err = parse_close_payload(
            b"\x03\xe8\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5\xed\xa0\x80",
        )
        .unwrap_err();
        assert_eq!(err, Error::InvalidCloseReason);
        assert_eq!(err.close_code(), CloseCode::InvalidPayloadData);
    }

    #[test]
    fn encode_truncates_at_char_boundary() {
        let mut out = Vec::new();
        encode_close_payload(CloseCode::NormalClosure, "ok", &mut out);
        assert_eq!(out, b"\x03\xe8ok");

        // 62 two-byte chars = 124 bytes: must cut to 61 chars (122 bytes), not split one.
        let reason = "é".repeat(62);
        let mut out = Vec::new();
        encode_close_payload(CloseCode::GoingAway, &reason, &mut out);
        assert_eq!(out.len(), 2 + 122);
        assert!(std::str::from_utf8(&out[2..]).is_ok());

        let reason = "a".repeat(200);
        let mut out = Vec::new();
        encode_close_payload(CloseCode::GoingAway, &reason, &mut out);
        assert_eq!(out.len(), 125);
        let parsed = parse_close_payload(&out).unwrap().unwrap();
        assert_eq!(parsed.reason.len(), 123);
    }
}
