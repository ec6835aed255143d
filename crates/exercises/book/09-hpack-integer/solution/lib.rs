//! Exercise 09, reference solution: HPACK prefixed integers (RFC 7541 §5.1).

/// An integer that cannot be decoded, however many bytes follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntegerError {
    Overflow,
}

/// Decodes an N-bit prefix integer from the start of `buf`.
pub fn decode_integer(buf: &[u8], prefix_bits: u8) -> Result<Option<(u64, usize)>, IntegerError> {
    let max_prefix = (1u16 << prefix_bits) - 1;
    let Some(first) = buf.first() else {
        return Ok(None);
    };
    let mut value = u64::from(u16::from(*first) & max_prefix);
    if value < u64::from(max_prefix) {
        return Ok(Some((value, 1)));
    }
    let mut shift = 0u32;
    for (i, byte) in buf.iter().enumerate().skip(1) {
        if shift > 63 {
            return Err(IntegerError::Overflow);
        }
        let part = u64::from(byte & 0x7f)
            .checked_mul(1u64 << shift)
            .ok_or(IntegerError::Overflow)?;
        value = value.checked_add(part).ok_or(IntegerError::Overflow)?;
        if byte & 0x80 == 0 {
            return Ok(Some((value, i + 1)));
        }
        shift += 7;
    }
    Ok(None)
}

/// Encodes `value` with an N-bit prefix; `high_bits` fills the first byte's other bits.
pub fn encode_integer(value: u64, prefix_bits: u8, high_bits: u8) -> Vec<u8> {
    let max_prefix = (1u64 << prefix_bits) - 1;
    let high = if prefix_bits >= 8 {
        0
    } else {
        high_bits & !(max_prefix as u8)
    };
    if value < max_prefix {
        return vec![high | value as u8];
    }
    let mut out = vec![high | max_prefix as u8];
    let mut rest = value - max_prefix;
    while rest >= 128 {
        out.push((rest % 128) as u8 | 0x80);
        rest /= 128;
    }
    out.push(rest as u8);
    out
}
