//! The TCP header (RFC 9293 §3.1): build a segment from fields, dissect any bytes.
//!
//! ```text
//!     0                   1                   2                   3
//!     0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//!    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//!    |          Source Port          |       Destination Port        |
//!    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//!    |                        Sequence Number                        |
//!    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//!    |                    Acknowledgment Number                      |
//!    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//!    |  Data |       |C|E|U|A|P|R|S|F|                               |
//!    | Offset| Rsrvd |W|C|R|C|S|S|Y|I|            Window             |
//!    |       |       |R|E|G|K|H|T|N|N|                               |
//!    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//!    |           Checksum            |         Urgent Pointer        |
//!    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//!    |                           [Options]                           |
//!    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//!    |                                                               :
//!    :                             Data                              :
//!    :                                                               |
//!    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! ```
//!
//! The checksum covers a *pseudo-header* too — source and destination address, a zero byte,
//! the protocol (6) and the TCP length — which the segment does not carry: IP does. So
//! [`dissect`] (in `dissect.rs`, with the names of ports and options) verifies it only when
//! it is given the two addresses.

mod dissect;

pub use dissect::dissect;

use crate::checksum;
use crate::ipv4::PROTO_TCP;

/// The protocol name in dissections.
pub const PROTOCOL: &str = "TCP";
/// RFC 9293 §3.1: Data Offset is at least 5 words, 20 bytes.
pub const MIN_HEADER_LEN: usize = 20;
/// Data Offset is 4 bits: at most 15 words, 60 bytes.
pub const MAX_HEADER_LEN: usize = 60;
/// The most option bytes a header can carry.
pub const MAX_OPTIONS_LEN: usize = MAX_HEADER_LEN - MIN_HEADER_LEN;
/// The byte offset of the Checksum.
pub const CHECKSUM_AT: usize = 16;

const RULE: &str = "RFC 9293 §3.1";

/// The control bits (RFC 9293 §3.1; CWR and ECE from RFC 3168), in wire order.
pub mod flags {
    pub const CWR: u8 = 0x80;
    pub const ECE: u8 = 0x40;
    pub const URG: u8 = 0x20;
    pub const ACK: u8 = 0x10;
    pub const PSH: u8 = 0x08;
    pub const RST: u8 = 0x04;
    pub const SYN: u8 = 0x02;
    pub const FIN: u8 = 0x01;
}

/// Each control bit: its name and one sentence.
const FLAGS: [(&str, u8, &str); 8] = [
    (
        "CWR",
        flags::CWR,
        "Congestion Window Reduced: the sender has slowed down after an ECN echo (RFC 3168).",
    ),
    (
        "ECE",
        flags::ECE,
        "ECN-Echo: tells the peer a router marked congestion (on a SYN: this end supports ECN).",
    ),
    (
        "URG",
        flags::URG,
        "The Urgent Pointer field is significant.",
    ),
    (
        "ACK",
        flags::ACK,
        "The Acknowledgment Number is significant: set on every segment after the first SYN.",
    ),
    (
        "PSH",
        flags::PSH,
        "Push: hand the data to the application now rather than waiting for more.",
    ),
    ("RST", flags::RST, "Reset: abort the connection."),
    (
        "SYN",
        flags::SYN,
        "Synchronize sequence numbers: the opening segments; a SYN uses one sequence number.",
    ),
    (
        "FIN",
        flags::FIN,
        "No more data from this sender: the closing segments; a FIN uses one sequence number.",
    ),
];

/// `SYN, ACK` for a flags byte (`none` for 0).
pub fn flag_names(f: u8) -> String {
    // Lowest bit first, as Wireshark writes them: `SYN, ACK`, `FIN, ACK`, `PSH, ACK`.
    let names: Vec<&str> = FLAGS
        .iter()
        .rev()
        .filter(|(_, bit, _)| f & bit != 0)
        .map(|(n, _, _)| *n)
        .collect();
    if names.is_empty() {
        "none".into()
    } else {
        names.join(", ")
    }
}

/// A TCP segment as a learner sets it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Segment {
    pub source_port: u16,
    pub destination_port: u16,
    pub sequence: u32,
    pub acknowledgment: u32,
    /// 4 bits, in 32-bit words; `None` computes it from the options.
    pub data_offset: Option<u8>,
    /// The 4 reserved bits (must be zero).
    pub reserved: u8,
    /// The control bits, see [`flags`].
    pub flags: u8,
    pub window: u16,
    /// `None` computes the correct checksum; a value is sent as is.
    pub checksum: Option<u16>,
    pub urgent_pointer: u16,
    /// Option bytes (at most 40), padded with zeros to a multiple of 4.
    pub options: Vec<u8>,
    pub payload: Vec<u8>,
}

/// The Maximum Segment Size option (kind 2, length 4; RFC 9293 §3.2).
pub fn mss_option(mss: u16) -> Vec<u8> {
    let [hi, lo] = mss.to_be_bytes();
    vec![2, 4, hi, lo]
}

/// The ones' complement sum of the pseudo-header (RFC 9293 §3.1): source address,
/// destination address, zero, PTCL = 6, TCP length.
pub fn pseudo_header_sum(source: [u8; 4], destination: [u8; 4], tcp_length: usize) -> u16 {
    let len = u16::try_from(tcp_length).unwrap_or(u16::MAX).to_be_bytes();
    let mut p = Vec::with_capacity(12);
    p.extend_from_slice(&source);
    p.extend_from_slice(&destination);
    p.extend_from_slice(&[0, PROTO_TCP, len[0], len[1]]);
    checksum::sum(0, &p)
}

/// The checksum a segment should carry between these addresses.
pub fn expected_checksum(source: [u8; 4], destination: [u8; 4], segment: &[u8]) -> u16 {
    let start = pseudo_header_sum(source, destination, segment.len());
    !checksum::sum_without(u32::from(start), segment, CHECKSUM_AT)
}

impl Segment {
    fn padded_options(&self) -> Vec<u8> {
        let mut o: Vec<u8> = self.options.iter().copied().take(MAX_OPTIONS_LEN).collect();
        while !o.len().is_multiple_of(4) {
            o.push(0);
        }
        o
    }

    /// The segment's bytes (header and payload), with the checksum computed over the
    /// pseudo-header of these addresses unless one was fixed.
    pub fn encode(&self, source: [u8; 4], destination: [u8; 4]) -> Vec<u8> {
        let options = self.padded_options();
        let len = MIN_HEADER_LEN + options.len();
        let offset = self.data_offset.unwrap_or((len / 4) as u8) & 0x0f;
        let mut out = Vec::with_capacity(len + self.payload.len());
        out.extend_from_slice(&self.source_port.to_be_bytes());
        out.extend_from_slice(&self.destination_port.to_be_bytes());
        out.extend_from_slice(&self.sequence.to_be_bytes());
        out.extend_from_slice(&self.acknowledgment.to_be_bytes());
        out.push(offset << 4 | (self.reserved & 0x0f));
        out.push(self.flags);
        out.extend_from_slice(&self.window.to_be_bytes());
        out.extend_from_slice(&[0, 0]);
        out.extend_from_slice(&self.urgent_pointer.to_be_bytes());
        out.extend_from_slice(&options);
        out.extend_from_slice(&self.payload);
        let sum = self
            .checksum
            .unwrap_or_else(|| expected_checksum(source, destination, &out));
        out[CHECKSUM_AT..CHECKSUM_AT + 2].copy_from_slice(&sum.to_be_bytes());
        out
    }
}
