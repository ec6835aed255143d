//! Wrong on purpose: XORs byte i with key[i % 4], as if every piece started the payload. A
//! payload that arrives in pieces keeps turning the key (RFC 6455 §5.3: j = i MOD 4, i counted
//! from the start of the payload), so a piece starting at byte 3 starts with key[3].

pub fn apply_mask(data: &mut [u8], key: [u8; 4], offset: usize) {
    let _ = offset;
    data.iter_mut().zip(key.iter().cycle()).for_each(|(b, k)| *b ^= k);
}
