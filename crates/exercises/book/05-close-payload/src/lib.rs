//! Exercise 05: the Close frame's payload (RFC 6455 §5.5.1, §7.4).
//!
//! Read TASK.md first; check with `wiretrail exercises check 05-close-payload`.

/// What is wrong with a Close payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CloseError {
    /// A payload of exactly one byte: a code needs two.
    OneByte,
    /// A code that must never travel in a Close frame (see `is_sendable`).
    CodeNotAllowed(u16),
    /// The reason is not valid UTF-8.
    ReasonNotUtf8,
    /// More than 125 bytes: control frames are limited to 125 (§5.5).
    TooLong,
}

impl CloseError {
    /// The close code a conforming endpoint answers with: 1007 (Invalid Frame Payload
    /// Data) for a reason that is not UTF-8, 1002 (Protocol Error) for the rest.
    pub fn answer(self) -> u16 {
        // TODO: match on self.
        todo!("1002 or 1007")
    }
}

/// Whether `code` may travel in a Close frame (RFC 6455 §7.4.1, §7.4.2 and the IANA
/// registry): 1000-1003, 1007-1014, and 3000-4999. Never 0-999, 1004 (reserved), 1005
/// and 1006 (they only describe a closure locally), 1015 (TLS failure, local too), or
/// 1016-2999 (reserved for future RFCs).
pub fn is_sendable(code: u16) -> bool {
    // TODO: a `matches!(code, a..=b | c..=d | ...)` says it in one line.
    let _ = code; // delete this line once you use `code`
    todo!("which codes may be sent")
}

/// Builds a Close payload: the 2-byte code in network byte order (big-endian), then the
/// reason's UTF-8 bytes. Refuses codes that are not sendable, and payloads over 125 bytes.
pub fn encode_close(code: u16, reason: &str) -> Result<Vec<u8>, CloseError> {
    // TODO: check the code, check 2 + reason.len() <= 125, then code.to_be_bytes() and the
    //       reason's bytes.
    let _ = (code, reason); // delete this line once you use the arguments
    todo!("build the payload")
}

/// Parses a received Close payload.
///
/// - empty: `Ok(None)` (the peer sent no code; locally that reads as 1005);
/// - one byte: `Err(OneByte)`;
/// - more than 125 bytes: `Err(TooLong)`;
/// - a code that is not sendable: `Err(CodeNotAllowed(code))`;
/// - a reason that is not UTF-8: `Err(ReasonNotUtf8)`;
/// - otherwise `Ok(Some((code, reason)))`.
pub fn parse_close(payload: &[u8]) -> Result<Option<(u16, String)>, CloseError> {
    // TODO: a slice pattern `match payload { [] => .., [_] => .., [hi, lo, reason @ ..] => .. }`
    //       keeps this free of indexing. `std::str::from_utf8` checks the reason.
    let _ = payload; // delete this line once you use `payload`
    todo!("parse the payload")
}
