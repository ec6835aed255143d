//! Exercise 03, reference solution: masking and unmasking (RFC 6455 §5.3).

/// XORs `data` in place with the masking key, starting `offset` bytes into the payload.
pub fn apply_mask(data: &mut [u8], key: [u8; 4], offset: usize) {
    for (i, byte) in data.iter_mut().enumerate() {
        *byte ^= key[(offset + i) % 4];
    }
}
