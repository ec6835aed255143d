//! Wrong on purpose: rotates the key the wrong way for a piece that starts mid-word (key[(i -
//! offset) mod 4] instead of key[(offset + i) mod 4]). Offsets 0 and 2 happen to agree; 1, 3,
//! 5, ... do not.

pub fn apply_mask(data: &mut [u8], key: [u8; 4], offset: usize) {
    for (i, b) in data.iter_mut().enumerate() {
        *b ^= key[(i + 4 - offset % 4) % 4];
    }
}
