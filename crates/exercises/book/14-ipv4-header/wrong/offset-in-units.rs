//! Wrong on purpose: reports the fragment offset as the field says it, in units of 8 octets.
//! RFC 791 §3.1: "The fragment offset is measured in units of 8 octets (64 bits)"; the
//! second fragment of Example 2 starts 256 bytes in, and says 32.

fn flags_and_offset(word: u16) -> (bool, bool, bool, u32) {
    let flag = |bit: u16| word >> bit & 1 == 1;
    (flag(15), flag(14), flag(13), u32::from(word & 0x1fff))
}
