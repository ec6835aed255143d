//! Frame types and their flags (RFC 9113 §4.1, §6, §11.2).
//!
//! The 8-bit Type field says how to read the payload. RFC 9113 defines ten types; the rest
//! of the space belongs to extensions, and "implementations MUST ignore and discard frames of
//! unknown types" (§4.1, §5.5), so an unknown type is [`FrameType::Unknown`], not an error.
//!
//! ```text
//!  0x0 DATA       0x3 RST_STREAM   0x6 PING           0x9 CONTINUATION
//!  0x1 HEADERS    0x4 SETTINGS     0x7 GOAWAY
//!  0x2 PRIORITY   0x5 PUSH_PROMISE 0x8 WINDOW_UPDATE
//! ```
//!
//! The 8-bit Flags field means something different for each type; the few flags RFC 9113
//! defines are the constants below. "Flags that have no defined semantics for a particular
//! frame type MUST be ignored and MUST be left unset (0x00) when sending" (§4.1).

/// RFC 9113 §6.1, §6.2: END_STREAM (DATA, HEADERS): the sender's last frame on the stream.
pub const END_STREAM: u8 = 0x01;
/// RFC 9113 §6.5, §6.7: ACK (SETTINGS, PING): this frame acknowledges the peer's.
pub const ACK: u8 = 0x01;
/// RFC 9113 §6.2, §6.6, §6.10: END_HEADERS (HEADERS, PUSH_PROMISE, CONTINUATION): the field
/// block ends in this frame; no CONTINUATION follows.
pub const END_HEADERS: u8 = 0x04;
/// RFC 9113 §6.1, §6.2, §6.6: PADDED (DATA, HEADERS, PUSH_PROMISE): a Pad Length byte and
/// padding surround the payload.
pub const PADDED: u8 = 0x08;
/// RFC 9113 §6.2: PRIORITY (HEADERS): the Exclusive bit, Stream Dependency and Weight are
/// present.
pub const PRIORITY: u8 = 0x20;

/// An RFC 9113 frame type (§6), or one this crate does not know.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FrameType {
    /// 0x0 (§6.1): a stream's body bytes.
    Data,
    /// 0x1 (§6.2): opens a stream and carries a field block (request or response headers).
    Headers,
    /// 0x2 (§6.3): the deprecated RFC 7540 priority signal.
    Priority,
    /// 0x3 (§6.4): ends one stream at once, with an error code.
    RstStream,
    /// 0x4 (§6.5): the connection's configuration, or the acknowledgement of the peer's.
    Settings,
    /// 0x5 (§6.6): announces a stream the server will push.
    PushPromise,
    /// 0x6 (§6.7): a round-trip measurement and liveness check.
    Ping,
    /// 0x7 (§6.8): ends the connection, saying which streams were processed.
    GoAway,
    /// 0x8 (§6.9): grants flow-control credit.
    WindowUpdate,
    /// 0x9 (§6.10): the rest of a field block that did not fit in one frame.
    Continuation,
    /// A type RFC 9113 does not define: ignored and discarded (§5.5).
    Unknown(u8),
}

/// Every defined type with its value and registry name (RFC 9113 §11.2).
const TYPES: [(FrameType, u8, &str); 10] = [
    (FrameType::Data, 0x0, "DATA"),
    (FrameType::Headers, 0x1, "HEADERS"),
    (FrameType::Priority, 0x2, "PRIORITY"),
    (FrameType::RstStream, 0x3, "RST_STREAM"),
    (FrameType::Settings, 0x4, "SETTINGS"),
    (FrameType::PushPromise, 0x5, "PUSH_PROMISE"),
    (FrameType::Ping, 0x6, "PING"),
    (FrameType::GoAway, 0x7, "GOAWAY"),
    (FrameType::WindowUpdate, 0x8, "WINDOW_UPDATE"),
    (FrameType::Continuation, 0x9, "CONTINUATION"),
];

impl FrameType {
    /// The type for an 8-bit value off the wire; never fails.
    pub fn from_u8(value: u8) -> FrameType {
        TYPES
            .iter()
            .find(|(_, v, _)| *v == value)
            .map_or(FrameType::Unknown(value), |(t, _, _)| *t)
    }

    /// The 8-bit value on the wire.
    pub fn as_u8(self) -> u8 {
        match self {
            FrameType::Unknown(v) => v,
            known => TYPES
                .iter()
                .find(|(t, _, _)| *t == known)
                .map_or(0, |(_, v, _)| *v),
        }
    }

    /// The registry name, e.g. `SETTINGS`; `UNKNOWN` for an undefined type.
    pub fn name(self) -> &'static str {
        TYPES
            .iter()
            .find(|(t, _, _)| *t == self)
            .map_or("UNKNOWN", |(_, _, name)| name)
    }

    /// The flags this type defines, as `(bit, name)`, highest bit first (the order a reader
    /// meets them in the Flags byte).
    pub fn flags(self) -> &'static [(u8, &'static str)] {
        match self {
            FrameType::Data => &[(PADDED, "PADDED"), (END_STREAM, "END_STREAM")],
            FrameType::Headers => &[
                (PRIORITY, "PRIORITY"),
                (PADDED, "PADDED"),
                (END_HEADERS, "END_HEADERS"),
                (END_STREAM, "END_STREAM"),
            ],
            FrameType::PushPromise => &[(PADDED, "PADDED"), (END_HEADERS, "END_HEADERS")],
            FrameType::Continuation => &[(END_HEADERS, "END_HEADERS")],
            FrameType::Settings | FrameType::Ping => &[(ACK, "ACK")],
            FrameType::Priority
            | FrameType::RstStream
            | FrameType::GoAway
            | FrameType::WindowUpdate
            | FrameType::Unknown(_) => &[],
        }
    }

    /// Whether this type belongs to one stream (a non-zero Stream Identifier is required),
    /// to the connection (it MUST be zero), or either (`None`: WINDOW_UPDATE and unknown types).
    pub fn needs_stream(self) -> Option<bool> {
        match self {
            FrameType::Data
            | FrameType::Headers
            | FrameType::Priority
            | FrameType::RstStream
            | FrameType::PushPromise
            | FrameType::Continuation => Some(true),
            FrameType::Settings | FrameType::Ping | FrameType::GoAway => Some(false),
            FrameType::WindowUpdate | FrameType::Unknown(_) => None,
        }
    }

    /// The RFC 9113 section that defines this type, e.g. `§6.5`.
    pub fn section(self) -> &'static str {
        match self {
            FrameType::Data => "§6.1",
            FrameType::Headers => "§6.2",
            FrameType::Priority => "§6.3",
            FrameType::RstStream => "§6.4",
            FrameType::Settings => "§6.5",
            FrameType::PushPromise => "§6.6",
            FrameType::Ping => "§6.7",
            FrameType::GoAway => "§6.8",
            FrameType::WindowUpdate => "§6.9",
            FrameType::Continuation => "§6.10",
            FrameType::Unknown(_) => "§5.5",
        }
    }
}

impl std::fmt::Display for FrameType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_type_round_trips() {
        for v in 0..=u8::MAX {
            assert_eq!(FrameType::from_u8(v).as_u8(), v);
        }
        assert_eq!(FrameType::from_u8(4), FrameType::Settings);
        assert_eq!(FrameType::from_u8(0x9).name(), "CONTINUATION");
        assert_eq!(FrameType::from_u8(0xa), FrameType::Unknown(0xa));
    }
}
