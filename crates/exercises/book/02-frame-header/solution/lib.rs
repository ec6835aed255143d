//! Exercise 02, reference solution: parse a WebSocket frame header (RFC 6455 §5.2).

/// A decoded frame header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FrameHeader {
    pub fin: bool,
    pub rsv1: bool,
    pub rsv2: bool,
    pub rsv3: bool,
    pub opcode: u8,
    pub masked: bool,
    pub payload_len: u64,
    pub masking_key: Option<[u8; 4]>,
    pub header_len: usize,
}

/// A header that can never become valid, however many bytes follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderError {
    /// The 64-bit extended length has its most significant bit set (§5.2 says it MUST be 0).
    LengthTopBitSet,
}

/// Parses the header at the start of `buf`. `Ok(None)`: not enough bytes yet.
pub fn parse_header(buf: &[u8]) -> Result<Option<FrameHeader>, HeaderError> {
    let [b0, b1, rest @ ..] = buf else {
        return Ok(None);
    };
    let masked = b1 & 0x80 != 0;
    let Some((payload_len, ext_len)) = extended_length(b1 & 0x7f, rest)? else {
        return Ok(None);
    };
    let masking_key = if masked {
        let Some(key) = masking_key(rest, ext_len) else {
            return Ok(None);
        };
        Some(key)
    } else {
        None
    };
    Ok(Some(FrameHeader {
        fin: b0 & 0x80 != 0,
        rsv1: b0 & 0x40 != 0,
        rsv2: b0 & 0x20 != 0,
        rsv3: b0 & 0x10 != 0,
        opcode: b0 & 0x0f,
        masked,
        payload_len,
        masking_key,
        header_len: 2 + ext_len + if masked { 4 } else { 0 },
    }))
}

/// The payload length from byte 1's 7 bits (`len7`) and the bytes after byte 1: the value
/// itself up to 125, else the 16-bit (126) or 64-bit (127) length that follows, with how many
/// bytes it took. `Ok(None)`: cut short.
fn extended_length(len7: u8, rest: &[u8]) -> Result<Option<(u64, usize)>, HeaderError> {
    Ok(match len7 {
        126 => match rest {
            [a, b, ..] => Some((u64::from(u16::from_be_bytes([*a, *b])), 2)),
            _ => None,
        },
        127 => {
            let Some(bytes) = rest.get(..8) else {
                return Ok(None);
            };
            let mut be = [0u8; 8];
            be.copy_from_slice(bytes);
            let len = u64::from_be_bytes(be);
            if len >> 63 != 0 {
                return Err(HeaderError::LengthTopBitSet);
            }
            Some((len, 8))
        }
        n => Some((u64::from(n), 0)),
    })
}

/// The 4-byte masking key, which follows the extended length (`after` bytes of `rest`).
fn masking_key(rest: &[u8], after: usize) -> Option<[u8; 4]> {
    match rest.get(after..after + 4)? {
        [a, b, c, d] => Some([*a, *b, *c, *d]),
        _ => None,
    }
}
