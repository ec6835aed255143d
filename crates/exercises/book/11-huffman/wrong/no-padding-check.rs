//! Wrong on purpose: accepts whatever bits are left after the last symbol, as long as there
//! are fewer than 8. RFC 7541 §5.2: the padding is the most significant bits of EOS, so all
//! ones; padding that is not is a decoding error.

fn check_padding(code: u32, len: u8) -> Result<(), HuffmanError> {
    let _ = code;
    if len > 7 { Err(HuffmanError::PaddingTooLong) } else { Ok(()) }
}
