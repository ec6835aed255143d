//! Wrong on purpose: reads a one-byte payload as "no status code", like an empty one. RFC 6455
//! §5.5.1: if there is a body, its first two bytes are the code; one byte is a protocol error
//! (close with 1002).

pub fn parse_close(payload: &[u8]) -> Result<Option<(u16, String)>, CloseError> {
    if payload.len() < 2 {
        return Ok(None);
    }
    if payload.len() > 125 {
        return Err(CloseError::TooLong);
    }
    let code = u16::from_be_bytes([payload[0], payload[1]]);
    if !is_sendable(code) {
        return Err(CloseError::CodeNotAllowed(code));
    }
    String::from_utf8(payload[2..].to_vec())
        .map(|reason| Some((code, reason)))
        .map_err(|_| CloseError::ReasonNotUtf8)
}
