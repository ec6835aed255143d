//! Exercise 14, reference solution: dissect an IPv4 header (RFC 791 §3.1).

/// RFC 791 §3.1: the header without options, 5 words.
const MIN_HEADER: usize = 20;

/// Reads the header at the start of `bytes`.
pub fn parse(bytes: &[u8]) -> Result<Header, HeaderError> {
    let Some(fixed) = bytes.get(..MIN_HEADER) else {
        return Err(HeaderError::TooShort(bytes.len()));
    };
    let word = |at: usize| u16::from_be_bytes([fixed[at], fixed[at + 1]]);
    let (version, ihl) = (fixed[0] >> 4, fixed[0] & 0x0f);
    if version != 4 {
        return Err(HeaderError::NotVersion4(version));
    }
    if usize::from(ihl) * 4 < MIN_HEADER {
        return Err(HeaderError::IhlTooSmall(ihl));
    }
    let header_len = usize::from(ihl) * 4;
    let Some(options) = bytes.get(MIN_HEADER..header_len) else {
        return Err(HeaderError::Truncated {
            ihl,
            len: bytes.len(),
        });
    };
    let total_length = word(2);
    if usize::from(total_length) < header_len {
        return Err(HeaderError::TotalLengthTooSmall(total_length));
    }
    let (reserved_flag, dont_fragment, more_fragments, fragment_offset) = flags_and_offset(word(6));
    Ok(Header {
        version,
        ihl,
        dscp: fixed[1] >> 2,
        ecn: fixed[1] & 0b11,
        total_length,
        identification: word(4),
        reserved_flag,
        dont_fragment,
        more_fragments,
        fragment_offset,
        ttl: fixed[8],
        protocol: fixed[9],
        checksum: word(10),
        source: [fixed[12], fixed[13], fixed[14], fixed[15]],
        destination: [fixed[16], fixed[17], fixed[18], fixed[19]],
        options: options.to_vec(),
    })
}

/// Bytes 6-7: the flags (reserved, DF, MF) in the top 3 bits, then the fragment offset in
/// units of 8 octets, returned in bytes.
fn flags_and_offset(word: u16) -> (bool, bool, bool, u32) {
    (
        word & 0x8000 != 0,
        word & 0x4000 != 0,
        word & 0x2000 != 0,
        u32::from(word & 0x1fff) * 8,
    )
}
