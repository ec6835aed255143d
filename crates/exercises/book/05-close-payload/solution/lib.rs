//! Exercise 05, reference solution: the Close frame's payload (RFC 6455 §5.5.1, §7.4).

/// What is wrong with a Close payload, and the close code to answer it with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CloseError {
    OneByte,
    CodeNotAllowed(u16),
    ReasonNotUtf8,
    TooLong,
}

impl CloseError {
    /// The close code a conforming endpoint answers with.
    pub fn answer(self) -> u16 {
        match self {
            CloseError::ReasonNotUtf8 => 1007,
            CloseError::OneByte | CloseError::CodeNotAllowed(_) | CloseError::TooLong => 1002,
        }
    }
}

/// Whether `code` may travel in a Close frame.
pub fn is_sendable(code: u16) -> bool {
    matches!(code, 1000..=1003 | 1007..=1014 | 3000..=4999)
}

/// Builds a Close payload: the code big-endian, then the reason's UTF-8 bytes.
pub fn encode_close(code: u16, reason: &str) -> Result<Vec<u8>, CloseError> {
    if !is_sendable(code) {
        return Err(CloseError::CodeNotAllowed(code));
    }
    if 2 + reason.len() > 125 {
        return Err(CloseError::TooLong);
    }
    let mut out = code.to_be_bytes().to_vec();
    out.extend_from_slice(reason.as_bytes());
    Ok(out)
}

/// Parses a received Close payload. `Ok(None)`: an empty payload (no code at all).
pub fn parse_close(payload: &[u8]) -> Result<Option<(u16, String)>, CloseError> {
    match payload {
        [] => Ok(None),
        [_] => Err(CloseError::OneByte),
        [hi, lo, reason @ ..] => {
            if payload.len() > 125 {
                return Err(CloseError::TooLong);
            }
            let code = u16::from_be_bytes([*hi, *lo]);
            if !is_sendable(code) {
                return Err(CloseError::CodeNotAllowed(code));
            }
            let reason = std::str::from_utf8(reason).map_err(|_| CloseError::ReasonNotUtf8)?;
            Ok(Some((code, reason.to_owned())))
        }
    }
}
