//! The names an IPv4 dissection gives what it reads: RFC 791's precedences, today's DSCP and
//! ECN codepoints, the reserved address ranges, the option types, and the option list in
//! RFC 791's words for the walker both IP and TCP use ([`crate::options`]).

use wire::{BitRange, Field, Raw};

use super::RULE;
use crate::options::{OptionWords, Single};

/// RFC 791 precedence names (bits 0-2 of the old Type of Service).
pub(super) fn precedence(p: u64) -> &'static str {
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
pub(super) fn dscp_name(d: u64) -> String {
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

pub(super) fn ecn_name(e: u64) -> &'static str {
    match e {
        0 => "Not-ECT: the sender does not support ECN",
        1 => "ECT(1): ECN-capable transport",
        2 => "ECT(0): ECN-capable transport",
        _ => "CE: congestion experienced (a router marked it instead of dropping it)",
    }
}

/// What an address is, for the reserved ranges a learner meets.
pub(super) fn address_kind(a: [u8; 4]) -> &'static str {
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

pub(super) fn option_name(kind: u8) -> &'static str {
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
pub(super) const OPTIONS: OptionWords = OptionWords {
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
pub(super) fn option_field(kind: u8, data: &[u8], at: usize) -> Field {
    Field::new(
        option_name(kind),
        BitRange::bytes(at, data.len()),
        Raw::Bytes(data.to_vec()),
        format!("type {kind}, length {}", data.len()),
        "An option of the form type, length (counting both), data (RFC 791 §3.1).",
    )
}
