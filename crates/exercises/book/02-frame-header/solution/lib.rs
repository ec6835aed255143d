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
    let (payload_len, ext_len) = match b1 & 0x7f {
        126 => match rest {
            [a, b, ..] => (u64::from(u16::from_be_bytes([*a, *b])), 2),
            _ => return Ok(None),
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
            (len, 8)
        }
        n => (u64::from(n), 0),
    };
    let masking_key = if masked {
        let Some(key) = rest.get(ext_len..ext_len + 4) else {
            return Ok(None);
        };
        Some([key[0], key[1], key[2], key[3]])
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
