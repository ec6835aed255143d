//! Exercise 12: the Internet checksum (RFC 1071) of an IPv4 header (RFC 791 §3.1).
//!
//! Read TASK.md first; check with `wiretrail exercises check 12-ipv4-checksum`.

/// The 16-bit one's complement sum of `data`, read as big-endian 16-bit words (RFC 1071
/// §1): add the words, and whenever the sum carries out of 16 bits, add the carry back in
/// at the bottom ("end-around carry"). An odd last byte is the high byte of a word whose
/// low byte is 0.
pub fn ones_complement_sum(data: &[u8]) -> u16 {
    // TODO 1: walk `data` two bytes at a time (`chunks(2)`), making u16 words with
    //         `u16::from_be_bytes`.
    // TODO 2: add them up in a u32, folding every carry out of the top 16 bits back in at
    //         the bottom (the end-around carry): (sum & 0xffff) + (sum >> 16). A fold can
    //         carry again, so fold after every addition, not once at the end.
    let _ = data; // delete this line once you use `data`
    todo!("one's complement sum")
}

/// The checksum to put in a header whose checksum field holds zero: the one's complement
/// (bitwise NOT) of the one's complement sum.
pub fn checksum(data: &[u8]) -> u16 {
    // TODO
    let _ = data; // delete this line once you use `data`
    todo!("the checksum")
}

/// Whether a received header, checksum field included, is intact: its one's complement sum
/// is all ones (0xffff).
pub fn verify(header: &[u8]) -> bool {
    // TODO
    let _ = header; // delete this line once you use `header`
    todo!("verify")
}
