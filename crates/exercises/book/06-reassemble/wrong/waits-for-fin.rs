//! Wrong on purpose: checks the text only when the last fragment arrives. RFC 6455 §8.1: an
//! endpoint that sees bytes that can never become valid UTF-8 MUST fail the connection at
//! once, not keep collecting the rest of the message.

fn check_text(text: &[u8], fin: bool) -> Result<(), ReassemblyError> {
    if fin && std::str::from_utf8(text).is_err() { Err(ReassemblyError::InvalidUtf8) } else { Ok(()) }
}
