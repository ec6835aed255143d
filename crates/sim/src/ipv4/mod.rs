//! The IPv4 header (RFC 791 §3.1): build one from fields, and dissect any bytes.
//!
//! ```text
//!     0                   1                   2                   3
//!     0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//!    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//!    |Version|  IHL  |Type of Service|          Total Length         |
//!    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//!    |         Identification        |Flags|      Fragment Offset    |
//!    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//!    |  Time to Live |    Protocol   |         Header Checksum       |
//!    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//!    |                       Source Address                          |
//!    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//!    |                    Destination Address                        |
//!    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//!    |                    Options                    |    Padding    |
//!    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! ```
//!
//! Walk-through: [`Header`] holds every field a learner may set; [`Header::encode`] lays
//! them out and computes the checksum (unless the learner fixed one, to see it refused);
//! [`dissect`] (in `dissect.rs`) reads any bytes back, field by field, bit by bit, with the
//! names of the values it meets from `names.rs` (precedences, DSCPs, ECN, address ranges,
//! option types and RFC 791's words for the option list). The Type of Service byte is
//! shown as today's DS field and ECN bits (RFC 2474, RFC 3168), with RFC 791's reading in
//! its meaning.

mod dissect;
mod names;

pub use dissect::dissect;

use crate::checksum;

/// The protocol name in dissections.
pub const PROTOCOL: &str = "IPv4";
/// RFC 791 §3.1: "Version: 4 bits … 4".
pub const VERSION: u8 = 4;
/// RFC 791 §3.1: "the minimum value for a correct header is 5" (words), 20 bytes.
pub const MIN_HEADER_LEN: usize = 20;
/// RFC 791 §3.1: IHL is 4 bits, so at most 15 words, 60 bytes.
pub const MAX_HEADER_LEN: usize = 60;
/// The most option bytes a header can carry.
pub const MAX_OPTIONS_LEN: usize = MAX_HEADER_LEN - MIN_HEADER_LEN;
/// The byte offset of the Header Checksum.
pub const CHECKSUM_AT: usize = 10;

const RULE: &str = "RFC 791 §3.1";

/// An IPv4 header as a learner sets it. `Default` is the chapter's worked example minus the
/// identification: a TCP segment from 192.0.2.1 to 198.51.100.7 (RFC 5737 documentation
/// addresses), DF set, TTL 64.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// 4 bits; anything but 4 is not IPv4 (kept so a learner can see it refused).
    pub version: u8,
    /// 4 bits, in 32-bit words; `None` computes it from the options.
    pub ihl: Option<u8>,
    /// The 6-bit Differentiated Services Code Point (RFC 2474).
    pub dscp: u8,
    /// The 2-bit ECN field (RFC 3168).
    pub ecn: u8,
    /// Header plus data in bytes; `None` computes it.
    pub total_length: Option<u16>,
    pub identification: u16,
    /// The reserved flag bit, which must be zero.
    pub reserved_flag: bool,
    /// DF: don't fragment.
    pub dont_fragment: bool,
    /// MF: more fragments follow.
    pub more_fragments: bool,
    /// 13 bits, in units of 8 bytes.
    pub fragment_offset: u16,
    pub ttl: u8,
    pub protocol: u8,
    /// `None` computes the correct checksum; a value is sent as is.
    pub checksum: Option<u16>,
    pub source: [u8; 4],
    pub destination: [u8; 4],
    /// Option bytes (at most 40), padded with zeros to a multiple of 4.
    pub options: Vec<u8>,
}

impl Default for Header {
    fn default() -> Self {
        Header {
            version: VERSION,
            ihl: None,
            dscp: 0,
            ecn: 0,
            total_length: None,
            identification: 0,
            reserved_flag: false,
            dont_fragment: true,
            more_fragments: false,
            fragment_offset: 0,
            ttl: 64,
            protocol: PROTO_TCP,
            checksum: None,
            source: [192, 0, 2, 1],
            destination: [198, 51, 100, 7],
            options: Vec::new(),
        }
    }
}

/// RFC 790 (Assigned Numbers), now the IANA protocol-numbers registry.
pub const PROTO_ICMP: u8 = 1;
pub const PROTO_TCP: u8 = 6;
pub const PROTO_UDP: u8 = 17;

/// The name of a protocol number, for the common ones.
pub fn protocol_name(p: u8) -> Option<&'static str> {
    Some(match p {
        PROTO_ICMP => "ICMP",
        2 => "IGMP",
        4 => "IP-in-IP",
        PROTO_TCP => "TCP",
        PROTO_UDP => "UDP",
        41 => "IPv6",
        47 => "GRE",
        50 => "ESP",
        51 => "AH",
        89 => "OSPF",
        132 => "SCTP",
        _ => return None,
    })
}

impl Header {
    /// The option bytes as sent: at most 40, zero-padded to a 32-bit boundary.
    fn padded_options(&self) -> Vec<u8> {
        let mut o: Vec<u8> = self.options.iter().copied().take(MAX_OPTIONS_LEN).collect();
        while !o.len().is_multiple_of(4) {
            o.push(0);
        }
        o
    }

    /// The header's length in bytes as laid out (20 plus the padded options).
    pub fn header_len(&self) -> usize {
        MIN_HEADER_LEN + self.padded_options().len()
    }

    /// The header's bytes, for a datagram carrying `payload_len` bytes of data. Fields wider
    /// than their bits are cut to them (a 7 in the 2-bit ECN field sends 3).
    pub fn encode(&self, payload_len: usize) -> Vec<u8> {
        let options = self.padded_options();
        let len = MIN_HEADER_LEN + options.len();
        let ihl = self.ihl.unwrap_or((len / 4) as u8) & 0x0f;
        let total = self
            .total_length
            .unwrap_or_else(|| u16::try_from(len + payload_len).unwrap_or(u16::MAX));
        let flags = (u16::from(self.reserved_flag) << 15)
            | (u16::from(self.dont_fragment) << 14)
            | (u16::from(self.more_fragments) << 13)
            | (self.fragment_offset & 0x1fff);
        let mut out = Vec::with_capacity(len);
        out.push((self.version & 0x0f) << 4 | ihl);
        out.push((self.dscp & 0x3f) << 2 | (self.ecn & 0x03));
        out.extend_from_slice(&total.to_be_bytes());
        out.extend_from_slice(&self.identification.to_be_bytes());
        out.extend_from_slice(&flags.to_be_bytes());
        out.push(self.ttl);
        out.push(self.protocol);
        out.extend_from_slice(&[0, 0]);
        out.extend_from_slice(&self.source);
        out.extend_from_slice(&self.destination);
        out.extend_from_slice(&options);
        let sum = self.checksum.unwrap_or_else(|| checksum::checksum(&out));
        out[CHECKSUM_AT..CHECKSUM_AT + 2].copy_from_slice(&sum.to_be_bytes());
        out
    }

    /// A whole datagram: the header, then `payload`.
    pub fn packet(&self, payload: &[u8]) -> Vec<u8> {
        let mut out = self.encode(payload.len());
        out.extend_from_slice(payload);
        out
    }
}

/// The checksum a header's bytes should carry (computed with the field as zero).
pub fn expected_checksum(header: &[u8]) -> u16 {
    !checksum::sum_without(0, header, CHECKSUM_AT)
}
