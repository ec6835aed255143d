//! Masking (RFC 6455 §5.3).
//!
//! Every frame a client sends carries a 32-bit masking key chosen at random, and its
//! payload is XORed with that key, byte `i` with key byte `i mod 4`:
//!
//! ```text
//!    Octet i of the transformed data ("transformed-octet-i") is the XOR of
//!    octet i of the original data ("original-octet-i") with octet at index
//!    i modulo 4 of the masking key ("masking-key-octet-j"):
//!
//!      j                   = i MOD 4
//!      transformed-octet-i = original-octet-i XOR masking-key-octet-j
//! ```
//!
//! Why? Not secrecy (the key travels in the clear, right before the payload), but to stop
//! a script from choosing the exact bytes that reach a confused intermediary, which could
//! otherwise be tricked into caching an attacker's response (RFC 6455 §10.3).
//!
//! Masking is its own inverse, so one function both masks and unmasks.
//!
//! Walk-through of the fast path: payload arrives in pieces, so [`apply_mask_at`] takes
//! `offset`, the number of payload bytes that came before `buf`. Rotating the key by
//! `offset % 4` once lets every piece start at key byte 0. Then the key is repeated into
//! a `u64` and the buffer is XORed 8 bytes at a time (`chunks_exact_mut(8)`), which the
//! compiler turns into SIMD; only the last 0-7 bytes go one at a time. No `unsafe`, no
//! alignment tricks: `u64::from_ne_bytes` on an 8-byte chunk compiles to an unaligned load.
//!
//! When the bytes must be copied anyway (from the socket's slice into a message buffer,
//! from a payload into an outgoing frame), [`mask_into_at`] copies and masks in the same
//! pass, reading the data once instead of twice.

/// RFC 6455 §5.2: the masking key is 32 bits (4 bytes).
pub const MASKING_KEY_LEN: usize = 4;

/// Bytes processed per step in the fast path.
const WORD: usize = 8;

/// XORs `buf` with `key`, starting at key byte 0. Masks and unmasks.
#[inline]
pub fn apply_mask(buf: &mut [u8], key: [u8; MASKING_KEY_LEN]) {
    apply_mask_at(buf, key, 0);
}

/// XORs `buf` with `key` as if `buf` began `offset` bytes into the payload.
///
/// Calling it on consecutive pieces with the running offset gives the same result as one
/// call on the whole payload.
#[inline]
pub fn apply_mask_at(buf: &mut [u8], key: [u8; MASKING_KEY_LEN], offset: usize) {
    // Rotate so that buf[0] is XORed with key[offset % 4].
    let key = rotate(key, offset);
    let word = repeat(key);

    let mut chunks = buf.chunks_exact_mut(WORD);
    for chunk in &mut chunks {
        if let Ok(bytes) = <[u8; WORD]>::try_from(&*chunk) {
            chunk.copy_from_slice(&(u64::from_ne_bytes(bytes) ^ word).to_ne_bytes());
        }
    }
    // A whole number of words came before the tail, so it also starts at key byte 0.
    for (byte, k) in chunks.into_remainder().iter_mut().zip(key.iter().cycle()) {
        *byte ^= k;
    }
}

/// Writes `src` XOR `key` into `dst` in one pass: masking while copying, which beats a
/// copy followed by [`apply_mask`] (the data is read once and written once). Works on the
/// first `min(dst.len(), src.len())` bytes.
#[inline]
pub fn mask_into(dst: &mut [u8], src: &[u8], key: [u8; MASKING_KEY_LEN]) {
    mask_into_at(dst, src, key, 0);
}

/// [`mask_into`] for a piece that begins `offset` bytes into the payload.
#[inline]
pub fn mask_into_at(dst: &mut [u8], src: &[u8], key: [u8; MASKING_KEY_LEN], offset: usize) {
    let key = rotate(key, offset);
    let word = repeat(key);
    let mut d = dst.chunks_exact_mut(WORD);
    let mut s = src.chunks_exact(WORD);
    for (d, s) in (&mut d).zip(&mut s) {
        if let Ok(bytes) = <[u8; WORD]>::try_from(s) {
            d.copy_from_slice(&(u64::from_ne_bytes(bytes) ^ word).to_ne_bytes());
        }
    }
    let tail = d.into_remainder().iter_mut().zip(s.remainder());
    for ((d, s), k) in tail.zip(key.iter().cycle()) {
        *d = s ^ k;
    }
}

/// The key as seen from payload byte `offset`: `rotate(key, 1)[0] == key[1]`.
#[inline]
fn rotate(key: [u8; MASKING_KEY_LEN], offset: usize) -> [u8; MASKING_KEY_LEN] {
    u32::from_be_bytes(key)
        .rotate_left(8 * (offset % MASKING_KEY_LEN) as u32)
        .to_be_bytes()
}

/// The key repeated to fill a `u64`, in memory order.
#[inline]
fn repeat(key: [u8; MASKING_KEY_LEN]) -> u64 {
    let [k0, k1, k2, k3] = key;
    u64::from_ne_bytes([k0, k1, k2, k3, k0, k1, k2, k3])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn naive(buf: &mut [u8], key: [u8; 4], offset: usize) {
        for (i, b) in buf.iter_mut().enumerate() {
            *b ^= key[(offset + i) % 4];
        }
    }

    #[test]
    fn equals_naive_reference_for_all_offsets_and_lengths() {
        let key = [0x37, 0xfa, 0x21, 0x3d];
        for offset in 0..8 {
            for len in 0..70 {
                let data: Vec<u8> = (0..len).map(|i| (i * 7 + 3) as u8).collect();
                let mut ours = data.clone();
                let mut reference = data.clone();
                apply_mask_at(&mut ours, key, offset);
                naive(&mut reference, key, offset);
                assert_eq!(ours, reference, "offset {offset} len {len}");
            }
        }
    }

    #[test]
    fn mask_into_equals_naive_reference() {
        let key = [0x37, 0xfa, 0x21, 0x3d];
        for offset in 0..8 {
            for len in 0..70 {
                let data: Vec<u8> = (0..len).map(|i| (i * 7 + 3) as u8).collect();
                let mut ours = vec![0xEE; len];
                mask_into_at(&mut ours, &data, key, offset);
                let mut reference = data.clone();
                naive(&mut reference, key, offset);
                assert_eq!(ours, reference, "offset {offset} len {len}");
            }
        }
    }

    #[test]
    fn pieces_equal_whole() {
        let key = [1, 2, 3, 4];
        let data: Vec<u8> = (0..=255).collect();
        let mut whole = data.clone();
        apply_mask(&mut whole, key);
        for split in [1usize, 3, 5, 8, 13] {
            let mut pieces = data.clone();
            let mut offset = 0;
            for piece in pieces.chunks_mut(split) {
                apply_mask_at(piece, key, offset);
                offset += piece.len();
            }
            assert_eq!(pieces, whole, "split {split}");
        }
    }

    #[test]
    fn rfc_5_7_masked_hello() {
        let mut payload = [0x7f, 0x9f, 0x4d, 0x51, 0x58];
        apply_mask(&mut payload, [0x37, 0xfa, 0x21, 0x3d]);
        assert_eq!(&payload, b"Hello");
    }
}
