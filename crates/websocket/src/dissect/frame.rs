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

use wire::{BitRange, Dissection, Field, Problem, Raw};

use super::payload::{close_fields, text_field};
use super::{
    PROTOCOL, SUMMARY_CHARS, VALUE_CHARS, WAIT, are_here, bytes_count, close_answer, problem,
    quoted,
};
use crate::close::CloseCode;
use crate::error::Error;
use crate::frame::{
    BASE_HEADER_LEN, FIN_BIT, MASK_BIT, MAX_CONTROL_PAYLOAD_LEN, MAX_PAYLOAD_LEN_7, PAYLOAD_LEN_16,
    PAYLOAD_LEN_64, PAYLOAD_LEN_64_TOP_BIT, PAYLOAD_LEN_BITS, RSV1_BIT, RSV2_BIT, RSV3_BIT,
};
use crate::mask::{MASKING_KEY_LEN, apply_mask};
use crate::opcode::{OPCODE_BITS, Opcode};

/// RFC 6455 §5.2: FIN is the first bit of the frame.
const FIN_AT: BitRange = BitRange::bits(0, 1);
/// RFC 6455 §5.2: RSV1, RSV2 and RSV3 follow FIN, with their masks in byte 0 and a word on
/// who uses them.
const RSV: [(&str, BitRange, u8, &str); 3] = [
    (
        "RSV1",
        BitRange::bits(1, 1),
        RSV1_BIT,
        " (permessage-deflate, RFC 7692, marks compressed messages with it)",
    ),
    ("RSV2", BitRange::bits(2, 1), RSV2_BIT, ""),
    ("RSV3", BitRange::bits(3, 1), RSV3_BIT, ""),
];
/// RFC 6455 §5.2: the opcode is the low 4 bits of byte 0.
const OPCODE_AT: BitRange = BitRange::bits(4, 4);
/// RFC 6455 §5.2: MASK is the first bit of byte 1.
const MASK_AT: BitRange = BitRange::bits(8, 1);
/// RFC 6455 §5.2: "Payload len" is the low 7 bits of byte 1.
const PAYLOAD_LEN_AT: BitRange = BitRange::bits(9, 7);
/// RFC 6455 §5.2: the extended length after a "Payload len" of 126 is 16 bits.
const EXTENDED_LEN_16_BYTES: usize = 2;
/// RFC 6455 §5.2: the extended length after a "Payload len" of 127 is 64 bits.
const EXTENDED_LEN_64_BYTES: usize = 8;
/// The rule of the base framing protocol.
const RULE_FRAMING: &str = "RFC 6455 §5.2";

/// Dissects a run of consecutive frames, split by their lengths. Every frame gets its own
/// [`Dissection`] whose bytes (and bit ranges) start at that frame. Bytes at the end that do
/// not make a whole frame are dissected as far as they go, with a problem saying so.
pub fn frames(bytes: &[u8], from_client: Option<bool>) -> Vec<Dissection> {
    let mut out: Vec<Dissection> = Vec::new();
    let mut rest = bytes;
    while !rest.is_empty() {
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
        out.push(count_problems(d));
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
    let mut mask_field = Field::new(
        "MASK",
        MASK_AT,
        Raw::Uint(masked.into()),
        if masked {
            "1 (masked: a 4-byte masking key follows the length)"
        } else {
            "0 (not masked)"
        },
        "1 when the payload is masked; every frame from client to server is masked, no frame from server to client (RFC 6455 §5.1, §5.3).",
    );
    let wrong_mask = match from_client {
        Some(true) if !masked => Some((
            Error::UnmaskedFrame,
            "this frame comes from the client, and a client MUST mask every frame it sends",
        )),
        Some(false) if masked => Some((
            Error::MaskedFrame,
            "this frame comes from the server, and a server MUST NOT mask the frames it sends",
        )),
        _ => None,
    };
    if let Some((e, message)) = wrong_mask {
        mask_field = mask_field.with_problem(problem(
            e.rule(),
            message,
            MASK_AT,
            Some(close_answer(e.close_code())),
        ));
    }
    fields.push(mask_field);

    let len7 = b1 & PAYLOAD_LEN_BITS;
    let (len7_value, extended_bytes) = match len7 {
        PAYLOAD_LEN_16 => (
            format!("{len7} (the length is in the 16-bit extended payload length that follows)"),
            EXTENDED_LEN_16_BYTES,
        ),
        PAYLOAD_LEN_64 => (
            format!("{len7} (the length is in the 64-bit extended payload length that follows)"),
            EXTENDED_LEN_64_BYTES,
        ),
        n => (n.to_string(), 0),
    };
    let mut len_field = Field::new(
        "Payload length",
        PAYLOAD_LEN_AT,
        Raw::Uint(len7.into()),
        len7_value,
        "0-125 is the payload length itself; 126 means a 16-bit length follows, 127 a 64-bit one (RFC 6455 §5.2).",
    );

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
        let present = input
            .get(key_at..input.len().min(header_len))
            .unwrap_or_default();
        let mut f = Field::new(
            "Masking-key",
            BitRange::bytes(key_at, present.len()),
            Raw::Bytes(present.to_vec()),
            "",
            "32 bits the client chose at random; payload byte i is XORed with key byte i mod 4 (RFC 6455 §5.3).",
        );
        match <[u8; MASKING_KEY_LEN]>::try_from(present) {
            Ok(k) => key = Some(k),
            Err(_) => {
                f.value = "incomplete".into();
                f = f.with_problem(problem(
                    RULE_FRAMING,
                    format!(
                        "the masking key needs {MASKING_KEY_LEN} bytes; {}",
                        are_here(present.len())
                    ),
                    end_of_input,
                    Some(WAIT.into()),
                ));
            }
        }
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

/// The fields of byte 0 (RFC 6455 §5.2): FIN, RSV1-3 and the opcode, with the rules they
/// can break on their own (§5.2 RSV and reserved opcodes, §5.5 fragmented control frames).
fn byte_0(b0: u8) -> Vec<Field> {
    let opcode = Opcode::from_nibble(b0 & OPCODE_BITS);
    let fin = b0 & FIN_BIT != 0;
    let mut fields = Vec::new();
    let mut fin_field = Field::new(
        "FIN",
        FIN_AT,
        Raw::Uint(fin.into()),
        if fin {
            "1 (final fragment)"
        } else {
            "0 (more fragments follow)"
        },
        "1 on the last (or only) frame of a message; 0 when more fragments follow (RFC 6455 §5.2).",
    );
    if opcode.is_control() && !fin {
        let e = Error::FragmentedControlFrame;
        fin_field = fin_field.with_problem(problem(
            e.rule(),
            format!(
                "a {} frame is a control frame, and control frames MUST NOT be fragmented: FIN must be 1",
                opcode.name()
            ),
            FIN_AT,
            Some(close_answer(e.close_code())),
        ));
    }
    fields.push(fin_field);
    for (name, at, bit, user) in RSV {
        let set = b0 & bit != 0;
        let mut f = Field::new(
            name,
            at,
            Raw::Uint(set.into()),
            if set { "1 (set)" } else { "0" },
            format!(
                "Reserved for an extension{user}; MUST be 0 unless an extension that defines it was negotiated (RFC 6455 §5.2)."
            ),
        );
        if set {
            let e = Error::ReservedBitsSet {
                rsv1: b0 & RSV1_BIT != 0,
                rsv2: b0 & RSV2_BIT != 0,
                rsv3: b0 & RSV3_BIT != 0,
            };
            f = f.with_problem(problem(
                e.rule(),
                format!(
                    "{name} is set, but no extension was negotiated (this server negotiates none)"
                ),
                at,
                Some(close_answer(e.close_code())),
            ));
        }
        fields.push(f);
    }
    let mut opcode_field = Field::new(
        "Opcode",
        OPCODE_AT,
        Raw::Uint(opcode.as_u8().into()),
        format!("{} ({})", opcode.name(), opcode.as_u8()),
        opcode.meaning(),
    );
    if let Opcode::Reserved(n) = opcode {
        let e = Error::ReservedOpcode(n);
        let kind = if opcode.is_control() {
            "control"
        } else {
            "non-control"
        };
        opcode_field = opcode_field.with_problem(problem(
            e.rule(),
            format!(
                "opcode {n:#x} is reserved for further {kind} frames; no extension defines it here"
            ),
            OPCODE_AT,
            Some(close_answer(e.close_code())),
        ));
    }
    fields.push(opcode_field);
    fields
}

/// The extended payload length of `bytes` bytes after byte 1 (RFC 6455 §5.2): its value
/// when all there, and its field, judged for the top bit and for minimal encoding.
fn extended_length(input: &[u8], bytes: usize) -> (Option<u64>, Field) {
    let at = BASE_HEADER_LEN;
    let bits = 8 * bytes;
    let name = "Extended payload length";
    let meaning = format!(
        "The payload length as a {bits}-bit unsigned integer in network byte order (RFC 6455 §5.2)."
    );
    let present = input
        .get(at..input.len().min(at + bytes))
        .unwrap_or_default();
    if present.len() < bytes {
        let f = Field::new(
            name,
            BitRange::bytes(at, present.len()),
            Raw::Bytes(present.to_vec()),
            "incomplete",
            meaning,
        )
        .with_problem(problem(
            RULE_FRAMING,
            format!(
                "the {bits}-bit extended payload length needs {bytes} bytes; {}",
                are_here(present.len())
            ),
            BitRange::bits(input.len() as u64 * 8, 0),
            Some(WAIT.into()),
        ));
        return (None, f);
    }
    let n = present.iter().fold(0u64, |n, &b| n << 8 | u64::from(b));
    let f = Field::new(
        name,
        BitRange::bytes(at, bytes),
        Raw::Uint(n),
        n.to_string(),
        meaning,
    );
    let smallest = if n <= MAX_PAYLOAD_LEN_7 {
        Some("the 7-bit Payload length")
    } else if bytes == EXTENDED_LEN_64_BYTES && n <= u64::from(u16::MAX) {
        Some("the 16-bit extended length")
    } else {
        None
    };
    let f = if bytes == EXTENDED_LEN_64_BYTES && n & PAYLOAD_LEN_64_TOP_BIT != 0 {
        let e = Error::LengthTopBitSet;
        f.with_problem(problem(
            e.rule(),
            "the most significant bit of the 64-bit payload length MUST be 0",
            BitRange::bits(at as u64 * 8, 1),
            Some(close_answer(e.close_code())),
        ))
    } else if let Some(smallest) = smallest {
        f.with_problem(problem(
            RULE_FRAMING,
            format!(
                "a length of {n} fits in {smallest}: \"the minimal number of bytes MUST be used to encode the length\""
            ),
            BitRange::bytes(at, bytes),
            Some(format!(
                "{} from a strict receiver; many receivers (wiretrail's codec too) accept it",
                close_answer(CloseCode::ProtocolError)
            )),
        ))
    } else {
        f
    };
    (Some(n), f)
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

fn opcode_name(opcode: Opcode) -> String {
    match opcode {
        Opcode::Reserved(n) => format!("Reserved ({n:#x})"),
        other => other.name().to_string(),
    }
}

fn fin_note(fin: bool) -> &'static str {
    if fin {
        " (FIN)"
    } else {
        " (not FIN: more fragments follow)"
    }
}
