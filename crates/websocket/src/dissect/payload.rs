//! Reading a frame's payload by its opcode: UTF-8 text (RFC 6455 §5.6, §8.1, with RFC 3629
//! for what makes bytes UTF-8) and the Close payload (RFC 6455 §5.5.1, §7.4).
//!
//! A Close payload is empty, or a 2-byte status code followed by a UTF-8 reason:
//!
//! ```text
//!  0                   1                   2
//!  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 ...
//! +-------------------------------+-------------------------
//! |     status code (16 bits)     |  reason (UTF-8, 0..=123 bytes)
//! +-------------------------------+-------------------------
//! ```
//!
//! UTF-8 is judged per frame with `str::from_utf8`, which tells an invalid byte (an error
//! wherever it is) from a character cut at the end (an error only at the end of a final,
//! whole frame: a fragment's next frame may complete it). The problem points at the exact
//! byte, and says why it is not UTF-8.

use wire::{BitRange, Field, Raw};

use super::{SUMMARY_CHARS, VALUE_CHARS, close_answer, problem, quoted};
use crate::close::{CLOSE_CODE_LEN, CloseCode};
use crate::error::Error;

/// The rule that a Text payload is UTF-8.
const RULE_UTF8: &str = "RFC 6455 §8.1";

/// The payload read as UTF-8 (RFC 6455 §5.6, §8.1): the field, and the text when valid.
/// A character cut by the end of the payload is only an error in a final, whole frame: in a
/// fragment the next frame continues it, in truncated input the rest has not arrived.
pub(super) fn text_field(
    data: &[u8],
    at: BitRange,
    fin: bool,
    whole: bool,
) -> (Field, Option<String>) {
    let meaning =
        "The payload read as UTF-8; a Text message MUST be valid UTF-8 (RFC 6455 §5.6, §8.1).";
    let err = match std::str::from_utf8(data) {
        Ok(text) => {
            let f = Field::new("Text", at, Raw::None, quoted(text, VALUE_CHARS), meaning);
            return (f, Some(text.to_string()));
        }
        Err(e) => e,
    };
    let bad = err.valid_up_to();
    let lossy = String::from_utf8_lossy(data);
    let mut f = Field::new("Text", at, Raw::None, quoted(&lossy, VALUE_CHARS), meaning);
    let first = at.first_byte() + bad;
    let (message, n) = match err.error_len() {
        Some(n) => {
            let seq = data.get(bad..bad + n).unwrap_or_default();
            (
                format!(
                    "invalid UTF-8 at payload byte {bad} (frame byte {first}): {}",
                    utf8_fault(seq)
                ),
                n,
            )
        }
        None if fin && whole => (
            format!(
                "the text ends inside a character: payload byte {bad} (frame byte {first}) begins a UTF-8 sequence ({}) that the final frame never completes",
                hex_bytes(data.get(bad..).unwrap_or_default())
            ),
            data.len() - bad,
        ),
        None => {
            f.value.push_str(if whole {
                " (the last character continues in the next fragment)"
            } else {
                " (the last character is cut off with the payload)"
            });
            return (f, Some(lossy.into_owned()));
        }
    };
    let f = f.with_problem(problem(
        RULE_UTF8,
        message,
        BitRange::bytes(first, n),
        Some(close_answer(CloseCode::InvalidPayloadData)),
    ));
    (f, None)
}

/// RFC 3629 §3: a continuation byte is `10xxxxxx`; this mask keeps its top two bits.
const UTF8_CONTINUATION_MASK: u8 = 0b1100_0000;
/// RFC 3629 §3: the top two bits of a continuation byte.
const UTF8_CONTINUATION_TAG: u8 = 0b1000_0000;
/// RFC 3629 §1: "The octet values C0, C1, F5 to FF never appear."
const UTF8_NEVER: [std::ops::RangeInclusive<u8>; 2] = [0xC0..=0xC1, 0xF5..=0xFF];

/// Why the invalid sequence `seq` (as `str::from_utf8` isolates it) is not UTF-8.
fn utf8_fault(seq: &[u8]) -> String {
    match seq {
        [b] if UTF8_NEVER.iter().any(|r| r.contains(b)) => {
            format!("{b:#04x} never appears in UTF-8 (RFC 3629 §1)")
        }
        [b] if b & UTF8_CONTINUATION_MASK == UTF8_CONTINUATION_TAG => {
            format!("{b:#04x} is a continuation byte (10xxxxxx) where a character should begin")
        }
        _ => format!(
            "{} begins a character that the next byte does not continue correctly (or encodes a surrogate or an overlong form)",
            hex_bytes(seq)
        ),
    }
}

/// A Close payload (RFC 6455 §5.5.1): the status code and the reason, and the summary's
/// words for them. `start` is the payload's first byte in the frame; `declared` its length.
pub(super) fn close_fields(data: &[u8], start: usize, declared: u64) -> (Vec<Field>, String) {
    let mut out = Vec::new();
    let code_at = BitRange::bytes(start, data.len().min(CLOSE_CODE_LEN));
    let code_meaning = "Why the connection closes: a code from the IANA WebSocket Close Code Number registry, network byte order (RFC 6455 §5.5.1, §7.4).";
    let Some((code, reason)) = data.split_first_chunk::<CLOSE_CODE_LEN>() else {
        if declared == 0 {
            out.push(Field::new(
                "Status code",
                BitRange::bytes(start, 0),
                Raw::None,
                "none (the receiver reports 1005 No Status Rcvd)",
                "An empty Close payload is allowed: it gives no code and no reason (RFC 6455 §5.5.1).",
            ));
            return (out, ": no status code".into());
        }
        let mut f = Field::new(
            "Status code",
            code_at,
            Raw::Bytes(data.to_vec()),
            "incomplete",
            code_meaning,
        );
        if declared == 1 {
            let e = Error::CloseCodeTruncated;
            f = f.with_problem(problem(
                e.rule(),
                "a Close payload is empty or begins with a 2-byte status code; this one is 1 byte",
                code_at,
                Some(close_answer(e.close_code())),
            ));
        }
        out.push(f);
        return (out, String::new());
    };
    let n = u16::from_be_bytes(*code);
    let code = CloseCode::from(n);
    let mut f = Field::new(
        "Status code",
        code_at,
        Raw::Uint(n.into()),
        format!("{n} ({})", code.name()),
        code.meaning(),
    );
    if !code.is_sendable() {
        let e = Error::CloseCodeNotSendable(n);
        f = f.with_problem(problem(
            e.rule(),
            format!(
                "close code {n} ({}) MUST NOT appear in a Close frame",
                code.name()
            ),
            code_at,
            Some(close_answer(e.close_code())),
        ));
    }
    out.push(f);
    let reason_at = BitRange::bytes(start + CLOSE_CODE_LEN, reason.len());
    let reason_meaning =
        "Why, in UTF-8 for people (not for programs); at most 123 bytes (RFC 6455 §5.5.1).";
    let whole = data.len() as u64 == declared;
    let mut said = format!(": {n} {}", code.name());
    match std::str::from_utf8(reason) {
        Ok(text) => {
            if !text.is_empty() {
                said.push_str(&format!(", {}", quoted(text, SUMMARY_CHARS)));
            }
            let value = if text.is_empty() {
                "(none)".to_string()
            } else {
                quoted(text, VALUE_CHARS)
            };
            out.push(Field::new(
                "Reason",
                reason_at,
                Raw::Bytes(reason.to_vec()),
                value,
                reason_meaning,
            ));
        }
        Err(e) => {
            let mut f = Field::new(
                "Reason",
                reason_at,
                Raw::Bytes(reason.to_vec()),
                quoted(&String::from_utf8_lossy(reason), VALUE_CHARS),
                reason_meaning,
            );
            // A character cut by the end of a truncated payload is not (yet) an error.
            if e.error_len().is_some() || whole {
                let ee = Error::InvalidCloseReason;
                let bad = e.valid_up_to();
                let seq = reason.get(bad..bad + e.error_len().unwrap_or(reason.len() - bad));
                f = f.with_problem(problem(
                    ee.rule(),
                    format!(
                        "the reason is not valid UTF-8 at reason byte {bad} (frame byte {}): {}",
                        reason_at.first_byte() + bad,
                        utf8_fault(seq.unwrap_or_default())
                    ),
                    BitRange::bytes(
                        reason_at.first_byte() + bad,
                        e.error_len().unwrap_or(reason.len() - bad),
                    ),
                    Some(close_answer(ee.close_code())),
                ));
            }
            out.push(f);
        }
    }
    (out, said)
}

/// `0xff 0xfe`.
fn hex_bytes(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| format!("{b:#04x}"))
        .collect::<Vec<_>>()
        .join(" ")
}
