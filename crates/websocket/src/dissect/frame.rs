//! Frames, bit by bit (RFC 6455 §5.2, with §5.1 masking rules, §5.3 masking, §5.5 control
//! frames, §5.5.1 Close payloads, §8.1 UTF-8).
//!
//! RFC 6455 §5.2 draws the frame like this:
//!
//! ```text
//!   0                   1                   2                   3
//!   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//!  +-+-+-+-+-------+-+-------------+-------------------------------+
//!  |F|R|R|R| opcode|M| Payload len |    Extended payload length    |
//!  |I|S|S|S|  (4)  |A|     (7)     |             (16/64)           |
//!  |N|V|V|V|       |S|             |   (if payload len==126/127)   |
//!  | |1|2|3|       |K|             |                               |
//!  +-+-+-+-+-------+-+-------------+ - - - - - - - - - - - - - - - +
//!  |     Extended payload length continued, if payload len == 127  |
//!  + - - - - - - - - - - - - - - - +-------------------------------+
//!  |                               |Masking-key, if MASK set to 1  |
//!  +-------------------------------+-------------------------------+
//!  | Masking-key (continued)       |          Payload Data         |
//!  +-------------------------------- - - - - - - - - - - - - - - - +
//!  :                     Payload Data continued ...                :
//!  + - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - +
//!  |                     Payload Data continued ...                |
//!  +---------------------------------------------------------------+
//! ```
//!
//! Walk-through of [`frame`]:
//!
//! 1. Byte 0 gives FIN, RSV1-3 and the opcode; byte 1 gives MASK and the 7-bit length.
//! 2. A length of 126 or 127 announces a 16- or 64-bit extended length; then, if MASK is
//!    set, come 4 bytes of masking key. The header is 2 to 14 bytes, and
//!    [`Dissection::header_bits`] says how many, so the diagram draws exactly the header.
//! 3. The payload is shown as on the wire, unmasked (byte `i` XOR key byte `i mod 4`), and
//!    read according to the opcode: UTF-8 for Text, status code and reason for Close, the
//!    application data for Ping and Pong.
//!
//! Unlike the codec, which leaves connection rules to [`crate::Connection`], the dissector
//! judges every rule a single frame can break, each as a [`Problem`] with the answer a
//! conforming peer gives: RSV bits without an extension, reserved opcodes, fragmented or
//! oversized control frames, non-minimal lengths, a 64-bit length with its top bit set,
//! masking in the wrong direction (when the direction is known), invalid UTF-8, bad Close
//! payloads, and input that ends early (with exactly what is missing). What needs the frames
//! around it (a Continuation with no message begun) is left to the connection.

use wire::{BitRange, Budget, Dissection, Field, Problem, Raw};

use super::header::{
    PAYLOAD_LEN_AT, RULE_FRAMING, byte_0, extended_length, fin_note, length_7, mask_field,
    masking_key, opcode_name,
};
use super::payload::{close_fields, text_field};
use super::{
    PROTOCOL, SUMMARY_CHARS, VALUE_CHARS, WAIT, are_here, bytes_count, close_answer, problem,
    quoted,
};
use crate::error::Error;
use crate::frame::{
    BASE_HEADER_LEN, FIN_BIT, MASK_BIT, MAX_CONTROL_PAYLOAD_LEN, PAYLOAD_LEN_64_TOP_BIT,
    PAYLOAD_LEN_BITS,
};
use crate::mask::{MASKING_KEY_LEN, apply_mask};
use crate::opcode::{OPCODE_BITS, Opcode};

/// Dissects a run of consecutive frames, split by their lengths. Every frame gets its own
/// [`Dissection`] whose bytes (and bit ranges) start at that frame. Bytes at the end that do
/// not make a whole frame are dissected as far as they go, with a problem saying so.
pub fn frames(bytes: &[u8], from_client: Option<bool>) -> Vec<Dissection> {
    frames_within(bytes, from_client, &mut Budget::unlimited())
}

/// [`frames`] within `budget`: once it is spent, the run ends with [`Budget::stopped`] (a
/// last dissection saying after how many frames it stopped and how many bytes are left), so
/// the output is bounded whatever the input (`8100` repeated is 2 bytes a frame).
pub fn frames_within(
    bytes: &[u8],
    from_client: Option<bool>,
    budget: &mut Budget,
) -> Vec<Dissection> {
    let mut out: Vec<Dissection> = Vec::new();
    let mut rest = bytes;
    while !rest.is_empty() {
        if budget.is_spent() {
            out.push(budget.stopped(PROTOCOL, "frames", rest.len()));
            break;
        }
        let (mut d, used, whole) = dissect(rest, from_client, false);
        if !whole && !out.is_empty() {
            let message = format!(
                "the last {} after {} whole {} do not make a whole frame",
                bytes_count(rest.len() as u64),
                out.len(),
                if out.len() == 1 { "frame" } else { "frames" },
            );
            let at = BitRange::bytes(0, rest.len());
            d.problems
                .insert(0, problem(RULE_FRAMING, message, at, Some(WAIT.into())));
        }
        let d = count_problems(d);
        budget.charge(&d);
        out.push(d);
        if used == 0 || !whole {
            break;
        }
        rest = rest.get(used..).unwrap_or_default();
    }
    if out.is_empty() {
        out.push(count_problems(dissect(bytes, from_client, false).0));
    }
    out
}

/// Dissects the first frame in `bytes`. `from_client`: `Some(true)` for client-to-server
/// (must be masked), `Some(false)` for server-to-client (must not be), `None` when unknown.
/// Bytes after the frame are left out and counted in the summary.
pub fn frame(bytes: &[u8], from_client: Option<bool>) -> Dissection {
    let (mut d, used, whole) = dissect(bytes, from_client, false);
    let after = bytes.len().saturating_sub(used);
    if whole && after > 0 {
        d.summary
            .push_str(&format!("; {} follow it", bytes_count(after as u64)));
    }
    count_problems(d)
}

/// Dissects a frame of which only the first bytes of the payload are given *on purpose*: the
/// lab shows frames far larger than a page should hold this way. The payload is shown as far
/// as it goes and the cut is said in the summary and the payload's value, but it is not a
/// problem of the bytes.
pub fn frame_excerpt(bytes: &[u8], from_client: Option<bool>) -> Dissection {
    count_problems(dissect(bytes, from_client, true).0)
}

/// The frame at the start of `input`: its dissection, how many bytes it took, and whether it
/// was whole. With `excerpt`, a short payload is a deliberate cut, not a problem.
fn dissect(input: &[u8], from_client: Option<bool>, excerpt: bool) -> (Dissection, usize, bool) {
    let Some(&b0) = input.first() else {
        let mut d = Dissection::new(PROTOCOL, "no bytes: no frame", Vec::new());
        d.problem(problem(
            RULE_FRAMING,
            "a frame header needs at least 2 bytes; 0 are here",
            BitRange::bits(0, 0),
            Some(WAIT.into()),
        ));
        return (d, 0, false);
    };
    let end_of_input = BitRange::bits(input.len() as u64 * 8, 0);
    let opcode = Opcode::from_nibble(b0 & OPCODE_BITS);
    let fin = b0 & FIN_BIT != 0;
    let mut fields: Vec<Field> = Vec::new();
    let mut loose: Vec<Problem> = Vec::new();

    // Byte 0: FIN, RSV1-3, opcode.
    fields.extend(byte_0(b0));

    // Byte 1: MASK and the 7-bit length.
    let Some(&b1) = input.get(1) else {
        loose.push(problem(
            RULE_FRAMING,
            "the header's second byte (MASK and Payload length) is missing: a header needs at least 2 bytes; 1 is here",
            end_of_input,
            Some(WAIT.into()),
        ));
        let summary = format!(
            "{} frame{}, truncated: 1 of at least 2 header bytes",
            opcode_name(opcode),
            fin_note(fin)
        );
        return (
            finish(input, summary, fields, loose, BASE_HEADER_LEN as u64 * 8),
            input.len(),
            false,
        );
    };
    let masked = b1 & MASK_BIT != 0;
    fields.push(mask_field(masked, from_client));

    let len7 = b1 & PAYLOAD_LEN_BITS;
    let (mut len_field, extended_bytes) = length_7(len7);

    // The extended length, if announced.
    let ext_at = BASE_HEADER_LEN;
    let mut payload_len: Option<u64> = if extended_bytes == 0 {
        Some(len7.into())
    } else {
        None
    };
    let mut ext_field = None;
    if extended_bytes > 0 {
        let (n, f) = extended_length(input, extended_bytes);
        payload_len = n;
        ext_field = Some(f);
    }
    if let Some(n) = payload_len
        && opcode.is_control()
        && n > MAX_CONTROL_PAYLOAD_LEN as u64
    {
        let e = Error::ControlFrameTooLong(n);
        len_field = len_field.with_problem(problem(
            e.rule(),
            format!("a {} frame is a control frame, and a control frame's payload is at most 125 bytes; this one announces {n}", opcode.name()),
            PAYLOAD_LEN_AT,
            Some(close_answer(e.close_code())),
        ));
    }
    fields.push(len_field);
    let ext_complete = ext_field.is_none() || payload_len.is_some();
    fields.extend(ext_field);

    // The masking key, if MASK is set.
    let key_at = ext_at + extended_bytes;
    let header_len = key_at + if masked { MASKING_KEY_LEN } else { 0 };
    let header_bits = header_len as u64 * 8;
    let mut key: Option<[u8; MASKING_KEY_LEN]> = None;
    if masked && ext_complete {
        let (f, k) = masking_key(input, key_at, header_len);
        key = k;
        fields.push(f);
    }

    let name = format!("{} frame{}", opcode_name(opcode), fin_note(fin));
    let direction = if masked { "masked" } else { "unmasked" };
    if payload_len.is_some_and(|n| n & PAYLOAD_LEN_64_TOP_BIT != 0) {
        // The length itself is broken: a receiver fails the connection right here, so where
        // the payload would end means nothing, and nothing after it can be read as frames.
        if input.len() >= header_len {
            let rest = input.get(header_len..).unwrap_or_default();
            fields.push(Field::new(
                "Payload data",
                BitRange::bytes(header_len, rest.len()),
                Raw::Bytes(rest.to_vec()),
                "not read: a receiver fails the connection at the invalid length",
                "Application data (RFC 6455 §5.2).",
            ));
        }
        let summary = format!("{name}, {direction}, invalid 64-bit payload length");
        return (
            finish(input, summary, fields, loose, header_bits),
            input.len(),
            false,
        );
    }
    let header_whole = input.len() >= header_len && ext_complete && (!masked || key.is_some());
    let (Some(payload_len), true) = (payload_len, header_whole) else {
        let summary = format!(
            "{name}, {direction}, truncated: the header needs {header_len} bytes; {}",
            are_here(input.len())
        );
        return (
            finish(input, summary, fields, loose, header_bits),
            input.len(),
            false,
        );
    };

    // The payload.
    let wire_payload = input.get(header_len..).unwrap_or_default();
    let present =
        usize::try_from(payload_len).map_or(wire_payload.len(), |n| n.min(wire_payload.len()));
    let wire_payload = wire_payload.get(..present).unwrap_or_default();
    let whole = present as u64 == payload_len;
    let mut data = wire_payload.to_vec();
    if let Some(key) = key {
        apply_mask(&mut data, key);
    }
    let at = BitRange::bytes(header_len, present);
    let mut children = Vec::new();
    if key.is_some() {
        children.push(Field::new(
            "Masked (as on the wire)",
            at,
            Raw::Bytes(wire_payload.to_vec()),
            "",
            "The payload as it travelled, XORed with the masking key (RFC 6455 §5.3).",
        ));
        children.push(Field::new("Unmasked", at, Raw::Bytes(data.clone()), "", "Each byte XORed with masking-key byte (i mod 4): masking is its own inverse (RFC 6455 §5.3)."));
    }
    let mut said = String::new();
    match opcode {
        Opcode::Text => {
            let (f, text) = text_field(&data, at, fin, whole);
            children.push(f);
            if let Some(text) = text {
                said = format!(": {}", quoted(&text, SUMMARY_CHARS));
            }
        }
        Opcode::Close => {
            let (fs, s) = close_fields(&data, header_len, payload_len);
            children.extend(fs);
            said = s;
        }
        Opcode::Ping | Opcode::Pong => {
            let text = std::str::from_utf8(&data)
                .ok()
                .filter(|t| !t.chars().any(char::is_control));
            if let Some(t) = text.filter(|t| !t.is_empty()) {
                said = format!(": {}", quoted(t, SUMMARY_CHARS));
            }
            children.push(Field::new(
                "Application data",
                at,
                Raw::Bytes(data.clone()),
                match text {
                    _ if data.is_empty() => "(empty)".to_string(),
                    Some(t) => quoted(t, VALUE_CHARS),
                    None => String::new(),
                },
                if opcode == Opcode::Ping {
                    "Any bytes; the Pong that answers this Ping MUST carry the same (RFC 6455 §5.5.2)."
                } else {
                    "The Application data of the Ping this Pong answers, or anything for an unsolicited Pong (RFC 6455 §5.5.3)."
                },
            ));
        }
        Opcode::Continuation | Opcode::Binary | Opcode::Reserved(_) => {}
    }
    let mut payload = Field::new(
        "Payload data",
        at,
        Raw::Bytes(wire_payload.to_vec()),
        if whole {
            bytes_count(payload_len)
        } else if excerpt {
            format!("{} (the first {present} shown)", bytes_count(payload_len))
        } else {
            format!("{present} of {}", bytes_count(payload_len))
        },
        "Application data (no extension was negotiated, so no extension data) (RFC 6455 §5.2).",
    )
    .with_children(children);
    if !whole && !excerpt {
        payload = payload.with_problem(problem(
            RULE_FRAMING,
            format!("payload: {present} of {} present", bytes_count(payload_len)),
            end_of_input,
            Some(WAIT.into()),
        ));
    }
    fields.push(payload);

    let mut summary = format!("{name}, {direction}, payload {}", bytes_count(payload_len));
    if whole {
        summary.push_str(&said);
    } else if excerpt {
        summary.push_str(&format!(", the first {present} shown"));
    } else {
        summary.push_str(&format!(", truncated: {present} present"));
    }
    let used = header_len + present;
    (
        finish(
            input.get(..used).unwrap_or(input),
            summary,
            fields,
            loose,
            header_bits,
        ),
        used,
        whole,
    )
}

/// Puts the dissection together, problems in input order.
fn finish(
    bytes: &[u8],
    summary: String,
    fields: Vec<Field>,
    loose: Vec<Problem>,
    header_bits: u64,
) -> Dissection {
    let mut d = Dissection::new(PROTOCOL, summary, bytes.to_vec());
    d.header_bits = header_bits;
    for f in fields {
        d.push(f);
    }
    for p in loose {
        d.problem(p);
    }
    d.problems.sort_by_key(|p| p.at.start);
    d
}

/// Ends the summary with the number of problems, if any: `… [2 problems]`.
fn count_problems(mut d: Dissection) -> Dissection {
    match d.problems.len() {
        0 => {}
        1 => d.summary.push_str(" [1 problem]"),
        n => d.summary.push_str(&format!(" [{n} problems]")),
    }
    d
}
