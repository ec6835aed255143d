//! Wrong on purpose: takes the fragment offset from all 16 bits of bytes 6-7. The top 3 are
//! the flags (RFC 791 §3.1): with DF set, a whole datagram reads as if it started 256 KiB in.

fn flags_and_offset(word: u16) -> (bool, bool, bool, u32) {
    let flag = |bit: u16| word >> bit & 1 == 1;
    (flag(15), flag(14), flag(13), u32::from(word) * 8)
}
