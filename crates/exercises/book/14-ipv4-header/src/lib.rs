//! Exercise 14: dissect an IPv4 header (RFC 791 §3.1).
//!
//! Read TASK.md first; check with `wiretrail exercises check 14-ipv4-header`.

/// An IPv4 header, field by field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// 4 for IPv4.
    pub version: u8,
    /// The header's length in 32-bit words (5 to 15).
    pub ihl: u8,
    /// The Type of Service octet's top 6 bits (RFC 2474).
    pub dscp: u8,
    /// Its low 2 bits (RFC 3168): 0 not ECN-capable, 1 and 2 capable, 3 congestion seen.
    pub ecn: u8,
    /// The datagram's length in bytes, header included.
    pub total_length: u16,
    /// The same for every fragment of one datagram.
    pub identification: u16,
    /// Flags bit 0: reserved, must be zero.
    pub reserved_flag: bool,
    /// Flags bit 1, DF: do not fragment.
    pub dont_fragment: bool,
    /// Flags bit 2, MF: more fragments follow.
    pub more_fragments: bool,
    /// Where this fragment's data starts in the datagram, **in bytes** (the field × 8).
    pub fragment_offset: u32,
    /// Time to Live.
    pub ttl: u8,
    /// The protocol of the data: 1 ICMP, 6 TCP, 17 UDP.
    pub protocol: u8,
    /// The header checksum as received.
    pub checksum: u16,
    /// The source address.
    pub source: [u8; 4],
    /// The destination address.
    pub destination: [u8; 4],
    /// The options (and padding): the bytes from 20 to `ihl * 4`.
    pub options: Vec<u8>,
}

/// Why bytes are not an IPv4 header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderError {
    /// Fewer than the 20 bytes of a header without options.
    TooShort(usize),
    /// The version field is not 4.
    NotVersion4(u8),
    /// The IHL is below 5: no header is shorter than 5 words.
    IhlTooSmall(u8),
    /// The IHL promises more bytes than there are.
    Truncated { ihl: u8, len: usize },
    /// The Total Length is shorter than the header itself.
    TotalLengthTooSmall(u16),
}

/// Reads the header at the start of `bytes` (the data after it is not its business).
pub fn parse(bytes: &[u8]) -> Result<Header, HeaderError> {
    // TODO 1: fewer than 20 bytes -> TooShort; version != 4 -> NotVersion4; IHL < 5 ->
    //         IhlTooSmall; fewer than IHL * 4 bytes -> Truncated; Total Length < IHL * 4 ->
    //         TotalLengthTooSmall.
    // TODO 2: byte 0: version and IHL; byte 1: DSCP and ECN; bytes 2-3: Total Length;
    //         bytes 4-5: Identification.
    // TODO 3: bytes 6-7: three flag bits, then a 13-bit offset in units of 8 bytes.
    // TODO 4: TTL, protocol, checksum, the two addresses, and the options.
    let _ = bytes; // delete this line once you use `bytes`
    todo!("dissect the header")
}
