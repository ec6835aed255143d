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
//! [`dissect`] reads any bytes back, field by field, bit by bit. The Type of Service byte is
//! shown as today's DS field and ECN bits (RFC 2474, RFC 3168), with RFC 791's reading in
//! its meaning.

use wire::{BitRange, Dissection, Field, Raw};

use crate::checksum;
use crate::options::{self, OptionWords, Single};
use crate::util::{
    ChecksumCheck, bits, checksum_field, dotted, four, missing, plural, problem, uint_field,
};

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

/// RFC 791 precedence names (bits 0-2 of the old Type of Service).
fn precedence(p: u64) -> &'static str {
    match p {
        0 => "Routine",
        1 => "Priority",
        2 => "Immediate",
        3 => "Flash",
        4 => "Flash Override",
        5 => "CRITIC/ECP",
        6 => "Internetwork Control",
        _ => "Network Control",
    }
}

/// The name of a DSCP (RFC 2474 class selectors, RFC 2597 AF, RFC 3246 EF, RFC 8622 LE).
fn dscp_name(d: u64) -> String {
    match d {
        0 => "CS0, default: best effort".into(),
        1 => "LE, lower effort (RFC 8622)".into(),
        46 => "EF, expedited forwarding (RFC 3246): low delay, e.g. voice".into(),
        44 => "VOICE-ADMIT (RFC 5865)".into(),
        d if d % 8 == 0 => format!("CS{}, class selector {} (RFC 2474)", d / 8, d / 8),
        d if (10..=38).contains(&d) && d % 2 == 0 && (d / 2) % 4 != 0 => format!(
            "AF{}{}, assured forwarding class {}, drop precedence {} (RFC 2597)",
            d / 8,
            (d % 8) / 2,
            d / 8,
            (d % 8) / 2
        ),
        _ => "unassigned".into(),
    }
}

fn ecn_name(e: u64) -> &'static str {
    match e {
        0 => "Not-ECT: the sender does not support ECN",
        1 => "ECT(1): ECN-capable transport",
        2 => "ECT(0): ECN-capable transport",
        _ => "CE: congestion experienced (a router marked it instead of dropping it)",
    }
}

/// What an address is, for the reserved ranges a learner meets.
fn address_kind(a: [u8; 4]) -> &'static str {
    match a {
        [0, ..] => "\"this network\" (RFC 791, RFC 1122)",
        [10, ..] => "private (RFC 1918)",
        [127, ..] => "loopback: this host (RFC 1122)",
        [169, 254, ..] => "link-local (RFC 3927)",
        [172, b, ..] if (16..32).contains(&b) => "private (RFC 1918)",
        [192, 168, ..] => "private (RFC 1918)",
        [192, 0, 2, _] | [198, 51, 100, _] | [203, 0, 113, _] => {
            "reserved for documentation (RFC 5737)"
        }
        [100, b, ..] if (64..128).contains(&b) => "shared address space for carrier NAT (RFC 6598)",
        [a, ..] if (224..240).contains(&a) => "multicast (RFC 5771)",
        [255, 255, 255, 255] => "limited broadcast (RFC 919)",
        [a, ..] if a >= 240 => "reserved (RFC 1112)",
        _ => "a public unicast address",
    }
}

fn option_name(kind: u8) -> &'static str {
    match kind {
        0 => "End of Option List",
        1 => "No Operation",
        7 => "Record Route",
        68 => "Internet Timestamp",
        130 => "Security",
        131 => "Loose Source and Record Route",
        136 => "Stream ID",
        137 => "Strict Source and Record Route",
        148 => "Router Alert (RFC 2113)",
        _ => "unknown option",
    }
}

/// RFC 791's option list, in its words.
const OPTIONS: OptionWords = OptionWords {
    rule: RULE,
    kind: "type",
    end: Single {
        name: "End of Option List",
        value: "0",
        meaning: "Type 0: the options end here (RFC 791 §3.1).",
    },
    nop: Single {
        name: "No Operation",
        value: "1",
        meaning: "Type 1: a single byte used to align the next option.",
    },
    padding: "Zeros that make the header end on a 32-bit boundary.",
    options: "Optional extras (record route, timestamps, source routes), rarely used today; \
              the header ends on a 32-bit boundary.",
    answer: "discard the datagram (ICMP Parameter Problem)",
    name: option_name,
    option: option_field,
};

/// One type-length-data option.
fn option_field(kind: u8, data: &[u8], at: usize) -> Field {
    Field::new(
        option_name(kind),
        BitRange::bytes(at, data.len()),
        Raw::Bytes(data.to_vec()),
        format!("type {kind}, length {}", data.len()),
        "An option of the form type, length (counting both), data (RFC 791 §3.1).",
    )
}

/// Dissects an IPv4 header (and the data after it, as one field). Never fails.
pub fn dissect(bytes: &[u8]) -> Dissection {
    let mut d = Dissection::new(PROTOCOL, String::new(), bytes.to_vec());
    let field = |name: &str, at: BitRange, describe: &dyn Fn(u64) -> (String, String)| {
        uint_field(bytes, name, at, RULE, describe)
    };

    let (mut f, version) = field("Version", BitRange::bits(0, 4), &|v| {
        (
            v.to_string(),
            "The format of this header: 4 for IPv4. It comes first so a receiver can tell \
             IPv4 from IPv6 before reading anything else."
                .into(),
        )
    });
    if version.is_some_and(|v| v != u64::from(VERSION)) {
        f = f.with_problem(problem(
            RULE,
            format!(
                "the version is {}, not 4: this is not an IPv4 header",
                version.unwrap_or(0)
            ),
            BitRange::bits(0, 4),
            Some("discard the datagram"),
        ));
    }
    d.push(f);

    let (mut f, ihl) = field("IHL", BitRange::bits(4, 4), &|v| {
        (
            format!("{v} words = {} bytes", v * 4),
            "Internet Header Length, in 32-bit words: where the data starts. 5 (20 bytes) \
             without options, at most 15 (60 bytes)."
                .into(),
        )
    });
    let header_len = ihl.map(|v| v as usize * 4);
    if let Some(h) = header_len {
        if h < MIN_HEADER_LEN {
            f = f.with_problem(problem(
                RULE,
                format!("IHL is {}; the minimum for a correct header is 5", h / 4),
                BitRange::bits(4, 4),
                Some("discard the datagram"),
            ));
        } else if h > bytes.len() {
            f = f.with_problem(problem(
                RULE,
                format!(
                    "IHL says the header is {h} bytes; only {} are here",
                    bytes.len()
                ),
                BitRange::bits(4, 4),
                None,
            ));
        }
    }
    d.push(f);

    let tos = BitRange::bits(8, 8);
    match bits(bytes, 8, 8) {
        Some(v) => {
            let (dscp, _) = field("DSCP", BitRange::bits(8, 6), &|x| {
                (
                    format!("{x} ({})", dscp_name(x)),
                    "Differentiated Services Code Point (RFC 2474): the forwarding treatment \
                     (per-hop behaviour) this packet asks of each router."
                        .into(),
                )
            });
            let (ecn, _) = field("ECN", BitRange::bits(14, 2), &|x| {
                (
                    format!("{x:02b} ({})", ecn_name(x)),
                    "Explicit Congestion Notification (RFC 3168): a congested router can mark \
                     the packet instead of dropping it, and TCP's ECE/CWR bits carry the news \
                     back."
                        .into(),
                )
            });
            d.push(
                Field::new(
                    "Type of Service",
                    tos,
                    Raw::Uint(v),
                    format!(
                        "0x{v:02x}: DSCP {}, ECN {} (RFC 791 would read precedence {} {:?}{}{}{})",
                        v >> 2,
                        v & 3,
                        v >> 5,
                        precedence(v >> 5),
                        if v & 0x10 != 0 { ", low delay" } else { "" },
                        if v & 0x08 != 0 {
                            ", high throughput"
                        } else {
                            ""
                        },
                        if v & 0x04 != 0 {
                            ", high reliability"
                        } else {
                            ""
                        },
                    ),
                    "RFC 791's Type of Service: 3 bits of precedence and D, T, R bits asking \
                     for low delay, high throughput or high reliability. RFC 2474 redefined \
                     the byte as the DS field (its first 6 bits) and RFC 3168 gave the last 2 \
                     to ECN.",
                )
                .with_children(vec![dscp, ecn]),
            );
        }
        None => d.push(missing(bytes, "Type of Service", tos, RULE)),
    }

    let (mut f, total) = field("Total Length", BitRange::bits(16, 16), &|v| {
        (
            format!("{v} bytes"),
            "Header plus data, in bytes (at most 65,535); every host must accept 576.".into(),
        )
    });
    if let (Some(t), Some(h)) = (total, header_len)
        && (t as usize) < h
    {
        f = f.with_problem(problem(
            RULE,
            format!("Total Length {t} is less than the header's own {h} bytes"),
            BitRange::bits(16, 16),
            Some("discard the datagram"),
        ));
    }
    d.push(f);

    let (f, _) = field("Identification", BitRange::bits(32, 16), &|v| {
        (
            format!("{v} (0x{v:04x})"),
            "Chosen by the sender so the fragments of one datagram can be matched up at the \
             destination."
                .into(),
        )
    });
    d.push(f);

    let flags_at = BitRange::bits(48, 3);
    let mut more_fragments = false;
    let mut dont_fragment = false;
    match bits(bytes, 48, 3) {
        Some(v) => {
            let mut reserved = Field::new(
                "Reserved",
                BitRange::bits(48, 1),
                Raw::Uint(v >> 2),
                (v >> 2 == 1).to_string(),
                "Bit 0: reserved, must be zero.",
            );
            if v >> 2 == 1 {
                reserved = reserved.with_problem(problem(
                    RULE,
                    "the reserved flag bit is set; it must be zero",
                    BitRange::bits(48, 1),
                    None,
                ));
            }
            dont_fragment = (v >> 1) & 1 == 1;
            more_fragments = v & 1 == 1;
            let df = Field::new(
                "DF",
                BitRange::bits(49, 1),
                Raw::Uint((v >> 1) & 1),
                if dont_fragment {
                    "Don't Fragment"
                } else {
                    "May Fragment"
                },
                "Don't Fragment: a router that would have to split this datagram drops it \
                 instead (and path MTU discovery, RFC 1191, learns from the ICMP error).",
            );
            let mf = Field::new(
                "MF",
                BitRange::bits(50, 1),
                Raw::Uint(v & 1),
                if more_fragments {
                    "More Fragments"
                } else {
                    "Last Fragment"
                },
                "More Fragments: set on every fragment except the last.",
            );
            d.push(
                Field::new(
                    "Flags",
                    flags_at,
                    Raw::Uint(v),
                    format!("{v:03b}"),
                    "Three control bits for fragmentation: reserved, DF, MF.",
                )
                .with_children(vec![reserved, df, mf]),
            );
        }
        None => d.push(missing(bytes, "Flags", flags_at, RULE)),
    }

    let (f, offset) = field("Fragment Offset", BitRange::bits(51, 13), &|v| {
        (
            format!("{v} (× 8 = byte {})", v * 8),
            "Where this fragment's data belongs in the original datagram, in units of 8 bytes. \
             With Identification and MF, it lets the destination reassemble."
                .into(),
        )
    });
    d.push(f);

    let (f, ttl) = field("Time to Live", BitRange::bits(64, 8), &|v| {
        (
            v.to_string(),
            "Every router that forwards the datagram decreases it by at least one; at zero the \
             datagram is discarded, so a routing loop cannot keep it forever."
                .into(),
        )
    });
    d.push(f);

    let (f, proto) = field("Protocol", BitRange::bits(72, 8), &|v| {
        let name = u8::try_from(v).ok().and_then(protocol_name);
        (
            match name {
                Some(n) => format!("{n} ({v})"),
                None => format!("{v} (unknown)"),
            },
            "Which protocol the data is for (6 TCP, 17 UDP, 1 ICMP): one IP, many protocols \
             above it."
                .into(),
        )
    });
    d.push(f);

    // The checksum covers the whole header, as IHL gives it, when it is all here.
    let cks_at = BitRange::bits(80, 16);
    let mut checksum_ok = None;
    match bits(bytes, 80, 16) {
        Some(v) => {
            let meaning = "The ones' complement of the ones' complement sum of the header's \
                           16-bit words (RFC 1071), computed with this field as zero. It covers \
                           the header only; each router recomputes it because TTL changes.";
            let span = header_len
                .filter(|h| *h >= MIN_HEADER_LEN)
                .and_then(|h| bytes.get(..h));
            let check = ChecksumCheck {
                name: "Header Checksum",
                at: cks_at,
                meaning,
                covers: "the header's words",
                rule: RULE,
                answer: "discard the datagram silently",
            };
            let expected = span
                .map(expected_checksum)
                .ok_or("the header is incomplete");
            let (f, verdict) = checksum_field(&check, v, expected);
            checksum_ok = verdict;
            d.push(f);
        }
        None => d.push(missing(bytes, "Header Checksum", cks_at, RULE)),
    }

    let mut addrs = [None, None];
    for (i, name, meaning) in [
        (
            0,
            "Source Address",
            "The sender. RFC 791 splits an address into a network number and a local address \
             within that network.",
        ),
        (
            1,
            "Destination Address",
            "The receiver: what every router looks up to choose the next hop.",
        ),
    ] {
        let at = 12 + 4 * i;
        match four(bytes, at) {
            Some(a) => {
                addrs[i] = Some(a);
                d.push(Field::new(
                    name,
                    BitRange::bytes(at, 4),
                    Raw::Uint(u64::from(u32::from_be_bytes(a))),
                    format!("{} ({})", dotted(a), address_kind(a)),
                    meaning,
                ));
            }
            None => d.push(missing(
                bytes,
                name,
                BitRange::bits(at as u64 * 8, 32),
                RULE,
            )),
        }
    }

    let end = header_len.unwrap_or(MIN_HEADER_LEN).min(bytes.len());
    if let Some(f) = options::field(bytes, MIN_HEADER_LEN, end, &OPTIONS) {
        d.push(f);
    }
    let header_end = header_len
        .filter(|h| *h >= MIN_HEADER_LEN)
        .unwrap_or(MIN_HEADER_LEN);
    if bytes.len() > header_end {
        let data_end = total
            .map(|t| (t as usize).clamp(header_end, bytes.len()))
            .unwrap_or(bytes.len());
        let name = proto
            .and_then(|p| u8::try_from(p).ok())
            .and_then(protocol_name)
            .unwrap_or("data");
        d.push(Field::new(
            "Data",
            BitRange::bytes(header_end, data_end - header_end),
            Raw::Bytes(bytes[header_end..data_end].to_vec()),
            format!("{} of {name}", plural(data_end - header_end, "byte")),
            "What the datagram carries, handed to the protocol named in the Protocol field.",
        ));
        if data_end < bytes.len() {
            d.push(Field::new(
                "Trailing bytes",
                BitRange::bytes(data_end, bytes.len() - data_end),
                Raw::Bytes(bytes[data_end..].to_vec()),
                plural(bytes.len() - data_end, "byte"),
                "Bytes past Total Length (a link layer's padding): not part of the datagram.",
            ));
        }
    }

    d.header_bits = (header_end.min(bytes.len()) as u64) * 8;
    d.summary = summary(
        addrs,
        proto,
        header_len,
        total,
        ttl,
        (dont_fragment, more_fragments, offset),
        checksum_ok,
    );
    d
}

fn summary(
    addrs: [Option<[u8; 4]>; 2],
    proto: Option<u64>,
    header_len: Option<usize>,
    total: Option<u64>,
    ttl: Option<u64>,
    (df, mf, offset): (bool, bool, Option<u64>),
    checksum_ok: Option<bool>,
) -> String {
    let (Some(src), Some(dst)) = (addrs[0], addrs[1]) else {
        return "IPv4 header, incomplete".into();
    };
    let mut s = format!("{} → {}", dotted(src), dotted(dst));
    if let Some(p) = proto {
        let name = u8::try_from(p)
            .ok()
            .and_then(protocol_name)
            .map_or_else(|| format!("protocol {p}"), str::to_owned);
        s.push_str(&format!(", {name}"));
    }
    if let Some(h) = header_len {
        s.push_str(&format!(", {h}-byte header"));
    }
    if let Some(t) = total {
        s.push_str(&format!(", {t} bytes in all"));
    }
    if let Some(t) = ttl {
        s.push_str(&format!(", TTL {t}"));
    }
    if df {
        s.push_str(", DF");
    }
    if mf || offset.is_some_and(|o| o > 0) {
        s.push_str(", a fragment");
    }
    match checksum_ok {
        Some(true) => s.push_str(", checksum correct"),
        Some(false) => s.push_str(", checksum WRONG"),
        None => {}
    }
    s
}
