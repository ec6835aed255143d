//! Wrong on purpose: accepts padding of any length as long as it is all ones. RFC 7541 §5.2:
//! "A padding strictly longer than 7 bits MUST be treated as a decoding error".

fn check_padding(code: u32, len: u8) -> Result<(), HuffmanError> {
    if code == (1u32 << len) - 1 { Ok(()) } else { Err(HuffmanError::PaddingNotOnes) }
}
