//! Exercise 03: masking and unmasking a payload (RFC 6455 §5.3).
//!
//! Read TASK.md first; check with `wiretrail exercises check 03-unmask`.

/// XORs `data` in place with the masking key, as RFC 6455 §5.3 describes:
///
/// ```text
/// j                   = i MOD 4
/// transformed-octet-i = original-octet-i XOR masking-key-octet-j
/// ```
///
/// `offset` is how many payload bytes came before `data`: a payload often arrives in several
/// pieces, and the key keeps turning across them. For a whole payload, `offset` is 0.
///
/// The same function masks and unmasks: XOR twice with the same key gives back the input.
pub fn apply_mask(data: &mut [u8], key: [u8; 4], offset: usize) {
    // TODO: for each byte at position i in `data`, XOR it with key[(offset + i) % 4].
    //       `data.iter_mut().enumerate()` gives you both the position and the byte.
    let _ = (data, key, offset); // delete this line once you use the arguments
    todo!("XOR each byte with the right byte of the key")
}
