//! Wrong on purpose: adds each continuation byte with `(b & 127) << M`. At M = 63 the shift
//! drops every bit above bit 63 without a word, so `ff 80 80 80 80 80 80 80 80 80 02` decodes
//! to 255 instead of overflowing (RFC 7541 §5.1: an integer past the implementation's limit
//! MUST be treated as a decoding error).

pub fn decode_integer(buf: &[u8], prefix_bits: u8) -> Result<Option<(u64, usize)>, IntegerError> {
    let mask = (1u16 << prefix_bits) - 1;
    let Some(&first) = buf.first() else {
        return Ok(None);
    };
    let mut value = u64::from(u16::from(first) & mask);
    if value < u64::from(mask) {
        return Ok(Some((value, 1)));
    }
    for (m, (i, b)) in (0u32..).step_by(7).zip(buf.iter().enumerate().skip(1)) {
        if m > 63 {
            return Err(IntegerError::Overflow);
        }
        value = value.checked_add(u64::from(b & 127) << m).ok_or(IntegerError::Overflow)?;
        if b & 128 == 0 {
            return Ok(Some((value, i + 1)));
        }
    }
    Ok(None)
}
