//! Reading any bytes as a TCP segment, field by field (RFC 9293 §3.1): ports with their
//! well-known names, sequence numbers, the control bits one by one, the window, the options
//! (walked by [`crate::options`] in RFC 9293's words), the checksum over the pseudo-header
//! when the addresses are known, and the data. Never fails.

use wire::{BitRange, Dissection, Field, Raw};

use super::{FLAGS, MIN_HEADER_LEN, PROTOCOL, RULE, expected_checksum, flag_names, flags};
use crate::options::{self, OptionWords, Single, WordLength};
use crate::util::{ChecksumCheck, bits, checksum_field, missing, plural, problem, uint_field};

fn port_name(p: u64) -> Option<&'static str> {
    Some(match p {
        21 => "FTP",
        22 => "SSH",
        23 => "Telnet",
        25 => "SMTP",
        53 => "DNS",
        80 => "HTTP",
        110 => "POP3",
        143 => "IMAP",
        443 => "HTTPS",
        8080 => "HTTP alternate",
        _ => return None,
    })
}

fn port_value(p: u64) -> String {
    match port_name(p) {
        Some(n) => format!("{p} ({n})"),
        None if p >= 49152 => format!("{p} (ephemeral)"),
        None => p.to_string(),
    }
}

fn option_field(kind: u8, data: &[u8], at: usize) -> Field {
    let len = data.len();
    let body = data.get(2..).unwrap_or_default();
    let (name, value, meaning) = match (kind, body) {
        (2, [hi, lo]) => (
            "Maximum Segment Size",
            format!("{}", u16::from_be_bytes([*hi, *lo])),
            "The largest segment this end will receive, in bytes (RFC 9293 §3.7.1); sent on \
             SYN only.",
        ),
        (3, [s]) => (
            "Window Scale",
            format!("shift {s} (window × {})", 1u64 << (*s).min(14)),
            "Multiplies every later Window field by 2^shift (RFC 7323 §2).",
        ),
        (4, []) => (
            "SACK Permitted",
            String::new(),
            "This end understands selective acknowledgments (RFC 2018).",
        ),
        (5, _) => (
            "SACK",
            format!("{} block(s)", body.len() / 8),
            "Blocks of data received beyond the acknowledged point (RFC 2018).",
        ),
        (8, b) if b.len() == 8 => (
            "Timestamps",
            format!(
                "TSval {}, TSecr {}",
                u32::from_be_bytes([b[0], b[1], b[2], b[3]]),
                u32::from_be_bytes([b[4], b[5], b[6], b[7]])
            ),
            "For round-trip measurement and protection against wrapped sequence numbers \
             (RFC 7323 §3).",
        ),
        (34, _) => (
            "TCP Fast Open Cookie",
            String::new(),
            "Lets a client send data on its SYN (RFC 7413).",
        ),
        _ => (
            "Option",
            String::new(),
            "An option of the form kind, length (counting both), data.",
        ),
    };
    Field::new(
        name,
        BitRange::bytes(at, len),
        Raw::Bytes(data.to_vec()),
        if value.is_empty() {
            format!("kind {kind}, length {len}")
        } else {
            format!("{value} (kind {kind}, length {len})")
        },
        meaning,
    )
}

/// RFC 9293's option list, in its words.
const OPTIONS: OptionWords = OptionWords {
    rule: RULE,
    kind: "kind",
    end: Single {
        name: "End of Option List",
        value: "kind 0",
        meaning: "The options end here; zeros pad the header to a 32-bit boundary.",
    },
    nop: Single {
        name: "No-Operation",
        value: "kind 1",
        meaning: "One byte that aligns the next option on a word boundary.",
    },
    padding: "Zeros up to the end of the header.",
    options: "Options such as the maximum segment size, padded to a 32-bit boundary.",
    answer: "reset the connection",
    name: |_| "Option",
    option: option_field,
};

/// RFC 9293's Data Offset, and what a receiver does when it is wrong.
const DATA_OFFSET: WordLength = WordLength {
    name: "Data Offset",
    at: BitRange::bits(96, 4),
    rule: RULE,
    minimum: "the minimum is 5",
    too_short: "drop the segment",
    past_end: Some("drop the segment"),
};

// The option walker starts where this header's fixed part ends.
const _: () = assert!(MIN_HEADER_LEN == options::FIXED_LEN);

/// Dissects a TCP segment. With the IP addresses (`(source, destination)`), the checksum is
/// verified over the pseudo-header. Never fails.
pub fn dissect(bytes: &[u8], addresses: Option<([u8; 4], [u8; 4])>) -> Dissection {
    let mut d = Dissection::new(PROTOCOL, String::new(), bytes.to_vec());
    let field = |name: &'static str, at: BitRange, describe: &dyn Fn(u64) -> (String, String)| {
        uint_field(bytes, name, at, RULE, describe)
    };
    let (f, src) = field("Source Port", BitRange::bits(0, 16), &|v| {
        (port_value(v), "The sending process's port.".into())
    });
    d.push(f);
    let (f, dst) = field("Destination Port", BitRange::bits(16, 16), &|v| {
        (
            port_value(v),
            "The receiving process's port. Both addresses and both ports name one connection, \
             so one server port serves thousands of them."
                .into(),
        )
    });
    d.push(f);
    let (f, seq) = field("Sequence Number", BitRange::bits(32, 32), &|v| {
        (
            v.to_string(),
            "The position of this segment's first data byte in the sender's byte stream; on a \
             SYN, the initial sequence number (ISN)."
                .into(),
        )
    });
    d.push(f);
    let flag_byte = bits(bytes, 104, 8).unwrap_or(0) as u8;
    let ack_set = flag_byte & flags::ACK != 0;
    let (f, ack) = field("Acknowledgment Number", BitRange::bits(64, 32), &move |v| {
        (
            if ack_set {
                v.to_string()
            } else {
                format!("{v} (ignored: ACK is clear)")
            },
            "With ACK set: the next sequence number this sender expects to receive, \"I have \
             everything before this\"."
                .into(),
        )
    });
    d.push(f);
    let (mut f, offset) = field("Data Offset", BitRange::bits(96, 4), &|v| {
        (
            format!("{v} words = {} bytes", v * 4),
            "The TCP header's length in 32-bit words (at least 5): where the data starts.".into(),
        )
    });
    let header_len = offset.map(|o| o as usize * 4);
    if let Some(p) = header_len.and_then(|h| DATA_OFFSET.problem(h, bytes.len())) {
        f = f.with_problem(p);
    }
    d.push(f);
    let (mut f, rsv) = field("Reserved", BitRange::bits(100, 4), &|v| {
        (
            format!("{v:04b}"),
            "Reserved for future use; sent as zero.".into(),
        )
    });
    if rsv.is_some_and(|r| r != 0) {
        f = f.with_problem(problem(
            RULE,
            "the reserved bits are not zero (a receiver ignores them)",
            BitRange::bits(100, 4),
            None,
        ));
    }
    d.push(f);
    let flags_at = BitRange::bits(104, 8);
    match bits(bytes, 104, 8) {
        Some(v) => {
            let children = FLAGS
                .iter()
                .enumerate()
                .map(|(i, (name, bit, meaning))| {
                    let set = (v as u8) & bit != 0;
                    Field::new(
                        *name,
                        BitRange::bits(104 + i as u64, 1),
                        Raw::Uint(u64::from(set)),
                        set.to_string(),
                        *meaning,
                    )
                })
                .collect();
            let mut f = Field::new(
                "Control Bits",
                flags_at,
                Raw::Uint(v),
                format!("0x{v:02x} = {v:08b}: {}", flag_names(v as u8)),
                "Eight flags, CWR ECE URG ACK PSH RST SYN FIN (RFC 793 had the last six).",
            )
            .with_children(children);
            let fl = v as u8;
            if fl & flags::SYN != 0 && fl & flags::FIN != 0 {
                f = f.with_problem(problem(
                    RULE,
                    "SYN and FIN together: a segment cannot open and close at once",
                    flags_at,
                    Some("drop the segment"),
                ));
            }
            d.push(f);
        }
        None => d.push(missing(bytes, "Control Bits", flags_at, RULE)),
    }
    let (f, window) = field("Window", BitRange::bits(112, 16), &|v| {
        (
            format!("{v} bytes"),
            "How many bytes, from the acknowledgment number on, this sender will accept: the \
             receiver meters the sender in every segment (NCP's ALL, grown up)."
                .into(),
        )
    });
    d.push(f);

    let cks_at = BitRange::bits(128, 16);
    let mut checksum_ok = None;
    match bits(bytes, 128, 16) {
        Some(v) => {
            let meaning = "Ones' complement sum over a pseudo-header (source and destination \
                           address, protocol 6, TCP length), the header and the data: it \
                           catches segments delivered to the wrong host as well as damage.";
            let check = ChecksumCheck {
                name: "Checksum",
                at: cks_at,
                meaning,
                covers: "the pseudo-header, header and data",
                rule: RULE,
                answer: "drop the segment silently",
            };
            let expected = match addresses {
                Some((s, t)) if bytes.len() >= MIN_HEADER_LEN => Ok(expected_checksum(s, t, bytes)),
                _ => Err("it needs the IP addresses"),
            };
            let (f, verdict) = checksum_field(&check, v, expected);
            checksum_ok = verdict;
            d.push(f);
        }
        None => d.push(missing(bytes, "Checksum", cks_at, RULE)),
    }
    let (f, _) = field("Urgent Pointer", BitRange::bits(144, 16), &|v| {
        (
            v.to_string(),
            "With URG: where the urgent data ends, as an offset from the sequence number.".into(),
        )
    });
    d.push(f);

    let header_end = options::push(&mut d, bytes, header_len, &OPTIONS);
    let data_len = bytes.len().saturating_sub(header_end);
    if data_len > 0 {
        let data = &bytes[header_end..];
        let text = std::str::from_utf8(data)
            .ok()
            .filter(|t| t.chars().all(|c| !c.is_control() || c == '\r' || c == '\n'));
        d.push(Field::new(
            "Data",
            BitRange::bytes(header_end, data_len),
            Raw::Bytes(data.to_vec()),
            match text {
                Some(t) if t.len() <= 64 => format!("{:?}", t),
                _ => plural(data_len, "byte"),
            },
            "The application's bytes: this segment carries sequence numbers seq to seq + \
             length − 1.",
        ));
    }
    d.header_bits = (header_end.min(bytes.len()) as u64) * 8;

    d.summary = match (src, dst, seq) {
        (Some(s), Some(t), Some(q)) => {
            let mut out = format!("{s} → {t} [{}] seq {q}", flag_names(flag_byte),);
            if ack_set && let Some(a) = ack {
                out.push_str(&format!(" ack {a}"));
            }
            if let Some(w) = window {
                out.push_str(&format!(" win {w}"));
            }
            out.push_str(&format!(", {}", plural(data_len, "data byte")));
            match checksum_ok {
                Some(true) => out.push_str(", checksum correct"),
                Some(false) => out.push_str(", checksum WRONG"),
                None => {}
            }
            out
        }
        _ => "TCP segment, incomplete".into(),
    };
    d
}
