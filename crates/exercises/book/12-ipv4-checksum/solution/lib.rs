//! Exercise 12, reference solution: the Internet checksum (RFC 1071) of an IPv4 header (RFC 791).

/// The 16-bit one's complement sum of `data`, read as big-endian 16-bit words.
pub fn ones_complement_sum(data: &[u8]) -> u16 {
    let mut sum: u32 = 0;
    for pair in data.chunks(2) {
        let word = match pair {
            [hi, lo] => u16::from_be_bytes([*hi, *lo]),
            [hi] => u16::from_be_bytes([*hi, 0]),
            _ => 0,
        };
        sum += u32::from(word);
        sum = (sum & 0xffff) + (sum >> 16);
    }
    sum as u16
}

/// The checksum to put in a header whose checksum field holds zero.
pub fn checksum(data: &[u8]) -> u16 {
    !ones_complement_sum(data)
}

/// Whether a received header, checksum field included, is intact.
pub fn verify(header: &[u8]) -> bool {
    ones_complement_sum(header) == 0xffff
}
