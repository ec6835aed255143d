//! Wrong on purpose: reads the masking key from the bytes right after byte 1, even when an
//! extended length comes first. RFC 6455 §5.2's layout: byte 1, then the 16- or 64-bit
//! length, *then* the key.

fn masking_key(rest: &[u8], after: usize) -> Option<[u8; 4]> {
    let _ = after;
    rest.get(..4).and_then(|k| k.try_into().ok())
}
