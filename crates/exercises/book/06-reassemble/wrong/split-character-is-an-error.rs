//! Wrong on purpose: fails a text message whose bytes so far end in the middle of a character.
//! RFC 6455 §5.6 and §8.1: the *message* is UTF-8, and a character may be split between
//! fragments ("€" is e2 82 ac, and may arrive one byte a frame); only bytes that can never
//! become valid, or a message that ends mid-character, are errors.

fn check_text(text: &[u8], fin: bool) -> Result<(), ReassemblyError> {
    let _ = fin;
    std::str::from_utf8(text).map(|_| ()).map_err(|_| ReassemblyError::InvalidUtf8)
}
