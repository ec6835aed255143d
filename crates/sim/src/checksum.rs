//! The Internet checksum (RFC 1071), which IPv4 (RFC 791 §3.1) and TCP (RFC 9293 §3.1) share.
//!
//! RFC 791 defines it in one sentence: "The checksum field is the 16 bit one's complement of
//! the one's complement sum of all 16 bit words in the header." To compute it:
//!
//! 1. set the checksum field to zero;
//! 2. add the data as big-endian 16-bit words (an odd last byte is padded with a zero byte);
//! 3. fold every carry out of the top 16 bits back into the bottom ("end-around carry");
//! 4. the checksum is the ones' complement (every bit flipped) of that sum.
//!
//! A receiver adds every word *including* the checksum: an intact header sums to `0xffff`
//! (ones' complement negative zero), so the complement of its sum is zero.

/// The ones' complement sum of `data` as 16-bit big-endian words, carries folded (RFC 1071
/// §4.1). `start` is a sum to continue from (0, or the sum of a pseudo-header).
pub fn sum(start: u32, data: &[u8]) -> u16 {
    let mut acc = u64::from(start);
    let mut words = data.chunks_exact(2);
    for w in &mut words {
        acc += u64::from(u16::from_be_bytes([w[0], w[1]]));
    }
    if let [last] = words.remainder() {
        acc += u64::from(u16::from_be_bytes([*last, 0]));
    }
    fold(acc)
}

/// Folds the carries of a wide sum into 16 bits.
pub fn fold(mut acc: u64) -> u16 {
    while acc > 0xffff {
        acc = (acc & 0xffff) + (acc >> 16);
    }
    acc as u16
}

/// The checksum of `data` (whose checksum field must be zero): the complement of its sum.
pub fn checksum(data: &[u8]) -> u16 {
    !sum(0, data)
}

/// Sums `data` with its checksum field at `at` (a byte offset) counted as zero: what the
/// sender computed the checksum over.
pub fn sum_without(start: u32, data: &[u8], at: usize) -> u16 {
    let mut acc = u64::from(sum(start, data));
    if let (Some(&hi), Some(&lo)) = (data.get(at), data.get(at + 1)) {
        // Take the field out again: adding its complement subtracts it in ones' complement.
        acc += u64::from(!u16::from_be_bytes([hi, lo]));
    }
    fold(acc)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 1071 §3's numerical example: the bytes 00 01 f2 03 f4 f5 f6 f7 sum to 0xddf2
    /// (with the two carries folded in), so the checksum is its complement 0x220d.
    #[test]
    fn rfc_1071_example() {
        let data = [0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7];
        assert_eq!(sum(0, &data), 0xddf2);
        assert_eq!(checksum(&data), 0x220d);
    }

    #[test]
    fn odd_length_pads_with_zero() {
        assert_eq!(sum(0, &[0x12, 0x34, 0x56]), 0x1234 + 0x5600);
    }

    #[test]
    fn a_header_with_its_checksum_sums_to_ffff() {
        let mut data = vec![0x45, 0x00, 0x00, 0x28, 0x12, 0x34, 0, 0];
        let c = checksum(&data);
        data[6..8].copy_from_slice(&c.to_be_bytes());
        assert_eq!(sum(0, &data), 0xffff);
        assert_eq!(sum_without(0, &data, 6), !c);
    }
}
