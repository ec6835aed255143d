//! Reading any bytes as an IPv4 header, field by field, bit by bit (RFC 791 §3.1): every
//! field with its meaning, the header checksum verified, the options walked, and a problem
//! for each rule the bytes break. Never fails.

use wire::{BitRange, Dissection, Field, Raw};

use super::names::{OPTIONS, address_kind, dscp_name, ecn_name, precedence};
use super::{MIN_HEADER_LEN, PROTOCOL, RULE, VERSION, expected_checksum, protocol_name};
use crate::options::{self, WordLength};
use crate::util::{
    ChecksumCheck, bits, checksum_field, dotted, four, missing, plural, problem, uint_field,
};

/// RFC 791's IHL, and what a receiver does when it is wrong.
const IHL: WordLength = WordLength {
    name: "IHL",
    at: BitRange::bits(4, 4),
    rule: RULE,
    minimum: "the minimum for a correct header is 5",
    too_short: "discard the datagram",
    past_end: None,
};

// The option walker starts where this header's fixed part ends.
const _: () = assert!(MIN_HEADER_LEN == options::FIXED_LEN);

/// Dissects an IPv4 header (and the data after it, as one field). Never fails.
pub fn dissect(bytes: &[u8]) -> Dissection {
    let mut d = Dissection::new(PROTOCOL, String::new(), bytes.to_vec());
    let field = |name: &'static str, at: BitRange, describe: &dyn Fn(u64) -> (String, String)| {
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
    if let Some(p) = header_len.and_then(|h| IHL.problem(h, bytes.len())) {
        f = f.with_problem(p);
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

    let header_end = options::push(&mut d, bytes, header_len, &OPTIONS);
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
