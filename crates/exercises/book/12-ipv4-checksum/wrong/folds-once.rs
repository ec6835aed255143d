//! Wrong on purpose: adds every word first and folds the carry back in only once, at the end.
//! One fold of `ffff + fffe + 0002 = 1ffff` gives `10000`, which carries again: this sum says
//! `0000` where RFC 1071's end-around carry gives `0001`.

pub fn ones_complement_sum(data: &[u8]) -> u16 {
    let total: u32 = data
        .chunks(2)
        .map(|w| u32::from(w[0]) << 8 | u32::from(w.get(1).copied().unwrap_or(0)))
        .sum();
    ((total & 0xffff) + (total >> 16)) as u16
}
