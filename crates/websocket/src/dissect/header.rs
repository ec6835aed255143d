//! The frame header's fields, bit by bit (RFC 6455 §5.2): byte 0 (FIN, RSV1-3, opcode),
//! byte 1 (MASK, the 7-bit length), the 16- or 64-bit extended length, and the masking key
//! (§5.3) — each with the rules it can break on its own, judged before any payload is read.
//!
//! ```text
//!   byte 0   FIN | RSV1 | RSV2 | RSV3 | opcode (4)
//!   byte 1   MASK | Payload len (7)
//!   then     Extended payload length: 16 bits if Payload len = 126, 64 if 127
//!   then     Masking-key: 32 bits, if MASK = 1
//! ```
//!
//! `frame.rs` puts these together with the payload into one dissection.

use wire::{BitRange, Field, Raw};

use super::{WAIT, are_here, close_answer, problem};
use crate::close::CloseCode;
use crate::error::Error;
use crate::frame::{
    BASE_HEADER_LEN, FIN_BIT, MAX_PAYLOAD_LEN_7, PAYLOAD_LEN_16, PAYLOAD_LEN_64,
    PAYLOAD_LEN_64_TOP_BIT, RSV1_BIT, RSV2_BIT, RSV3_BIT,
};
use crate::mask::MASKING_KEY_LEN;
use crate::opcode::{OPCODE_BITS, Opcode};

/// RFC 6455 §5.2: FIN is the first bit of the frame.
pub(super) const FIN_AT: BitRange = BitRange::bits(0, 1);
/// RFC 6455 §5.2: RSV1, RSV2 and RSV3 follow FIN, with their masks in byte 0 and the
/// sentence each field carries (RSV1's names the extension that uses it).
pub(super) const RSV: [(&str, BitRange, u8, &str); 3] = [
    (
        "RSV1",
        BitRange::bits(1, 1),
        RSV1_BIT,
        "Reserved for an extension (permessage-deflate, RFC 7692, marks compressed messages \
         with it); MUST be 0 unless an extension that defines it was negotiated (RFC 6455 §5.2).",
    ),
    ("RSV2", BitRange::bits(2, 1), RSV2_BIT, RSV_MEANING),
    ("RSV3", BitRange::bits(3, 1), RSV3_BIT, RSV_MEANING),
];
const RSV_MEANING: &str = "Reserved for an extension; MUST be 0 unless an extension that \
                           defines it was negotiated (RFC 6455 §5.2).";
/// RFC 6455 §5.2: the opcode is the low 4 bits of byte 0.
pub(super) const OPCODE_AT: BitRange = BitRange::bits(4, 4);
/// RFC 6455 §5.2: MASK is the first bit of byte 1.
pub(super) const MASK_AT: BitRange = BitRange::bits(8, 1);
/// RFC 6455 §5.2: "Payload len" is the low 7 bits of byte 1.
pub(super) const PAYLOAD_LEN_AT: BitRange = BitRange::bits(9, 7);
/// RFC 6455 §5.2: the extended length after a "Payload len" of 126 is 16 bits.
pub(super) const EXTENDED_LEN_16_BYTES: usize = 2;
/// RFC 6455 §5.2: the extended length after a "Payload len" of 127 is 64 bits.
pub(super) const EXTENDED_LEN_64_BYTES: usize = 8;
/// The rule of the base framing protocol.
pub(super) const RULE_FRAMING: &str = "RFC 6455 §5.2";

/// The fields of byte 0 (RFC 6455 §5.2): FIN, RSV1-3 and the opcode, with the rules they
/// can break on their own (§5.2 RSV and reserved opcodes, §5.5 fragmented control frames).
pub(super) fn byte_0(b0: u8) -> Vec<Field> {
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
    for (name, at, bit, meaning) in RSV {
        let set = b0 & bit != 0;
        let mut f = Field::new(
            name,
            at,
            Raw::Uint(set.into()),
            if set { "1 (set)" } else { "0" },
            meaning,
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
pub(super) fn extended_length(input: &[u8], bytes: usize) -> (Option<u64>, Field) {
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

/// MASK (RFC 6455 §5.2), judged by who sent the frame when that is known (§5.1).
pub(super) fn mask_field(masked: bool, from_client: Option<bool>) -> Field {
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
    mask_field
}

/// The 7-bit "Payload len" (RFC 6455 §5.2), and how many bytes of extended length it
/// announces.
pub(super) fn length_7(len7: u8) -> (Field, usize) {
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
    let field = Field::new(
        "Payload length",
        PAYLOAD_LEN_AT,
        Raw::Uint(len7.into()),
        len7_value,
        "0-125 is the payload length itself; 126 means a 16-bit length follows, 127 a 64-bit one (RFC 6455 §5.2).",
    );
    (field, extended_bytes)
}

/// The masking key at `key_at` (RFC 6455 §5.3), as far as the input goes.
pub(super) fn masking_key(
    input: &[u8],
    key_at: usize,
    header_len: usize,
) -> (Field, Option<[u8; MASKING_KEY_LEN]>) {
    let end_of_input = BitRange::bits(input.len() as u64 * 8, 0);
    let mut key = None;
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
    (f, key)
}

pub(super) fn opcode_name(opcode: Opcode) -> String {
    match opcode {
        Opcode::Reserved(n) => format!("Reserved ({n:#x})"),
        other => other.name().to_string(),
    }
}

pub(super) fn fin_note(fin: bool) -> &'static str {
    if fin {
        " (FIN)"
    } else {
        " (not FIN: more fragments follow)"
    }
}
