//! Wrong on purpose: writes the chunk size in decimal. RFC 9112 §7.1: `chunk-size = 1*HEXDIG`;
//! a 100-byte chunk starts `64\r\n`, two digits, not `100\r\n`.

pub fn chunk_overhead(payload: u64) -> u64 {
    payload.to_string().len() as u64 + 4
}
