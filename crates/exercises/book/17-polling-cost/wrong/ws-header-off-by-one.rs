//! Wrong on purpose: moves to the 16-bit length at 125 bytes instead of 126. RFC 6455 §5.2:
//! 0-125 fit in the 7 bits of byte 1; 126 means "a 16-bit length follows".

pub fn ws_header(payload: u64, masked: bool) -> u64 {
    let length = if payload < 125 { 2 } else if payload < 65_536 { 4 } else { 10 };
    length + 4 * u64::from(masked)
}
