//! The ten payloads of RFC 9113 §6, field by field (each type's layout is drawn in its file
//! under `crate::frame`).
//!
//! Every field's bit range counts from the start of the frame, so the payload starts at bit
//! 72. A payload too short for its fixed fields shows what is there; the rule it breaks comes
//! from the codec's verdict (see `frame.rs`). Field blocks (HEADERS, PUSH_PROMISE,
//! CONTINUATION) are decoded once whole, with the dissector's HPACK decoder. The optional
//! fields in front of a body (Pad Length, the priority fields) are `padded.rs`'s, and the
//! settings list is `settings.rs`'s.

use std::ops::Range;

use wire::{BitRange, Field, Raw};

use super::frame::ends_headers;
use super::hpack::{Placement, block_fields};
use super::padded::{layout, padding_field, priority_fields};
use super::settings::settings_fields;
use super::{
    Dissector, MAX_ASSEMBLED_BLOCK, PendingBlock, bytes_count, error_problem, quoted_or_empty,
};
use crate::error::Error;
use crate::error_code::ErrorCode;
use crate::frame::goaway::GOAWAY_FIXED_LEN;
use crate::frame::ping::PING_LEN;
use crate::frame::priority::PRIORITY_FIELDS_LEN;
use crate::frame::push_promise::PROMISED_STREAM_ID_LEN;
use crate::frame::rst_stream::RST_STREAM_LEN;
use crate::frame::window_update::WINDOW_UPDATE_LEN;
use crate::frame::{FrameHeader, FrameType, HEADER_LEN, PRIORITY};

/// RFC 9113 §4.1, §6.8, §6.9: a reserved bit, then a 31-bit stream id or increment.
pub(super) const WORD_VALUE_BITS: u64 = 31;

/// A payload's fields and a few words for the summary line.
pub(super) struct Payload {
    pub fields: Vec<Field>,
    pub summary: String,
}

/// Byte `off` of the payload as a range of `len` bytes of the frame.
pub(super) fn at(off: usize, len: usize) -> BitRange {
    BitRange::bytes(HEADER_LEN + off, len)
}

/// `len` bits from bit `bit` of payload byte `off`.
pub(super) fn bits(off: usize, bit: u64, len: u64) -> BitRange {
    BitRange::bits((HEADER_LEN + off) as u64 * 8 + bit, len)
}

pub(super) fn bytes_field(
    name: &'static str,
    payload: &[u8],
    range: Range<usize>,
    meaning: &'static str,
) -> Field {
    let data = payload.get(range.clone()).unwrap_or_default();
    Field::new(
        name,
        at(range.start, data.len()),
        Raw::Bytes(data.to_vec()),
        quoted_or_empty(data),
        meaning,
    )
}

impl Dissector {
    /// The payload's fields, by type.
    pub(super) fn payload(&mut self, h: &FrameHeader, payload: &[u8]) -> Payload {
        let mut fields = Vec::new();
        let mut summary = String::new();
        match h.frame_type {
            FrameType::Data => {
                let l = layout(h, payload, 0);
                fields.extend(l.fields_before);
                fields.push(bytes_field(
                    "Data",
                    payload,
                    l.body.clone(),
                    "Application data: a piece of the request or response body (RFC 9113 §6.1).",
                ));
                summary = format!("{} of data", bytes_count(l.body.len()));
                if let Some(p) = l.padding {
                    fields.push(padding_field(payload, p));
                }
            }
            FrameType::Headers => {
                let fixed = if h.has(PRIORITY) {
                    PRIORITY_FIELDS_LEN
                } else {
                    0
                };
                let l = layout(h, payload, fixed);
                fields.extend(l.fields_before);
                let mut start = l.body.start;
                if h.has(PRIORITY) {
                    fields.extend(priority_fields(payload, start, h.stream_id));
                    start = (start + PRIORITY_FIELDS_LEN).min(l.body.end);
                }
                let (f, s) = self.fragment(h, payload, start..l.body.end);
                fields.push(f);
                summary = s;
                if let Some(p) = l.padding {
                    fields.push(padding_field(payload, p));
                }
            }
            FrameType::PushPromise => {
                let l = layout(h, payload, PROMISED_STREAM_ID_LEN);
                fields.extend(l.fields_before);
                let off = l.body.start;
                let mut start = off;
                if let Some(&word) = payload
                    .get(off..)
                    .and_then(|b| b.first_chunk::<PROMISED_STREAM_ID_LEN>())
                {
                    let (r, id) = crate::frame::header::split_stream_word(word);
                    fields.push(Field::new(
                        "R",
                        bits(off, 0, 1),
                        Raw::Uint(r.into()),
                        if r { "1 (ignored)" } else { "0" },
                        "Reserved (RFC 9113 §6.6).",
                    ));
                    fields.push(Field::new("Promised Stream ID", bits(off, 1, WORD_VALUE_BITS), Raw::Uint(id.into()), id.to_string(), "The stream the server reserves for the response it will push (RFC 9113 §6.6)."));
                    start = off + PROMISED_STREAM_ID_LEN;
                    summary = format!("promises stream {id}; ");
                }
                let (f, s) = self.fragment(h, payload, start..l.body.end.max(start));
                fields.push(f);
                summary.push_str(&s);
                if let Some(p) = l.padding {
                    fields.push(padding_field(payload, p));
                }
            }
            FrameType::Continuation => {
                let (f, s) = self.fragment(h, payload, 0..payload.len());
                fields.push(f);
                summary = s;
            }
            FrameType::Priority => {
                fields.extend(priority_fields(payload, 0, h.stream_id));
                if payload.len() != PRIORITY_FIELDS_LEN {
                    fields.push(bytes_field(
                        "Payload",
                        payload,
                        0..payload.len(),
                        "A PRIORITY payload is exactly 5 bytes (RFC 9113 §6.3).",
                    ));
                }
            }
            FrameType::RstStream => match <[u8; RST_STREAM_LEN]>::try_from(payload) {
                Ok(code) => {
                    let code = ErrorCode::from_u32(u32::from_be_bytes(code));
                    fields.push(error_code_field(
                        0,
                        code,
                        "Why the stream ends (RFC 9113 §6.4, §7).",
                    ));
                    summary = code.to_string();
                }
                Err(_) => fields.push(bytes_field(
                    "Payload",
                    payload,
                    0..payload.len(),
                    "A RST_STREAM payload is exactly one 4-byte error code (RFC 9113 §6.4).",
                )),
            },
            FrameType::Settings => {
                let (f, s) = settings_fields(h, payload);
                fields.extend(f);
                summary = s;
            }
            FrameType::Ping => {
                let meaning = "Any 8 bytes; the answer (ACK) echoes them (RFC 9113 §6.7).";
                fields.push(bytes_field(
                    if payload.len() == PING_LEN {
                        "Opaque Data"
                    } else {
                        "Payload"
                    },
                    payload,
                    0..payload.len(),
                    meaning,
                ));
            }
            FrameType::GoAway => {
                if let Some((&[s0, s1, s2, s3, c0, c1, c2, c3], debug)) =
                    payload.split_first_chunk::<GOAWAY_FIXED_LEN>()
                {
                    let (r, last) = crate::frame::header::split_stream_word([s0, s1, s2, s3]);
                    let code = ErrorCode::from_u32(u32::from_be_bytes([c0, c1, c2, c3]));
                    fields.push(Field::new(
                        "R",
                        bits(0, 0, 1),
                        Raw::Uint(r.into()),
                        if r { "1 (ignored)" } else { "0" },
                        "Reserved (RFC 9113 §6.8).",
                    ));
                    fields.push(Field::new("Last-Stream-ID", bits(0, 1, WORD_VALUE_BITS), Raw::Uint(last.into()), last.to_string(), "The highest stream the sender might have acted on; the peer may retry every higher one on a new connection (RFC 9113 §6.8)."));
                    fields.push(error_code_field(
                        4,
                        code,
                        "Why the connection ends (RFC 9113 §6.8, §7).",
                    ));
                    if !debug.is_empty() {
                        fields.push(bytes_field(
                            "Additional Debug Data",
                            payload,
                            GOAWAY_FIXED_LEN..payload.len(),
                            "Free-form diagnostics, for people, not programs (RFC 9113 §6.8).",
                        ));
                    }
                    summary = format!("{code}, last stream {last}");
                } else {
                    fields.push(bytes_field(
                        "Payload",
                        payload,
                        0..payload.len(),
                        "A GOAWAY payload has at least 8 bytes (RFC 9113 §6.8).",
                    ));
                }
            }
            FrameType::WindowUpdate => match <[u8; WINDOW_UPDATE_LEN]>::try_from(payload) {
                Ok(word) => {
                    let (r, inc) = crate::frame::header::split_stream_word(word);
                    fields.push(Field::new(
                        "R",
                        bits(0, 0, 1),
                        Raw::Uint(r.into()),
                        if r { "1 (ignored)" } else { "0" },
                        "Reserved (RFC 9113 §6.9).",
                    ));
                    let mut f = Field::new(
                        "Window Size Increment",
                        bits(0, 1, WORD_VALUE_BITS),
                        Raw::Uint(inc.into()),
                        bytes_count(inc as usize),
                        "How many more bytes the peer may send, on this stream or (stream 0) on the connection: 1 to 2^31-1 (RFC 9113 §6.9).",
                    );
                    if inc == 0 {
                        let e = Error::ZeroWindowIncrement(h.stream_id);
                        f = f.with_problem(error_problem(&e, bits(0, 1, WORD_VALUE_BITS)));
                    }
                    fields.push(f);
                    summary = format!("+{inc}");
                }
                Err(_) => fields.push(bytes_field(
                    "Payload",
                    payload,
                    0..payload.len(),
                    "A WINDOW_UPDATE payload is exactly 4 bytes (RFC 9113 §6.9).",
                )),
            },
            FrameType::Unknown(_) => {
                fields.push(bytes_field("Payload", payload, 0..payload.len(), "The payload of a frame type RFC 9113 does not define: ignored and discarded (RFC 9113 §5.5)."));
                summary = "ignored".into();
            }
        }
        Payload { fields, summary }
    }

    /// A field block fragment: decoded when it ends the block, else kept for CONTINUATION.
    fn fragment(
        &mut self,
        h: &FrameHeader,
        payload: &[u8],
        range: Range<usize>,
    ) -> (Field, String) {
        let data = payload.get(range.clone()).unwrap_or_default();
        let meaning = "A piece of the HPACK-compressed field block (RFC 9113 §4.3, RFC 7541).";
        let field = Field::new(
            "Field Block Fragment",
            at(range.start, data.len()),
            Raw::Bytes(data.to_vec()),
            bytes_count(data.len()),
            meaning,
        );
        let done = ends_headers(h);
        let (block, placement, frames) = match (h.frame_type, self.pending.take()) {
            (FrameType::Continuation, Some(mut p)) => {
                if p.block.len().saturating_add(data.len()) > MAX_ASSEMBLED_BLOCK {
                    let f = field.with_problem(wire::Problem {
                        rule: "RFC 9113 §10.5.1".into(),
                        message: format!("the field block grows past {} bytes, more than this dissector puts together", MAX_ASSEMBLED_BLOCK),
                        at: at(range.start, data.len()),
                        answer: Some("connection error ENHANCE_YOUR_CALM (GOAWAY), or a 431 response".into()),
                    });
                    return (f, "field block too large".into());
                }
                p.block.extend_from_slice(data);
                p.frames += 1;
                if !done {
                    let n = p.frames;
                    self.pending = Some(p);
                    return (
                        field.with_children(Vec::new()),
                        format!("field block continues ({n} frames so far)"),
                    );
                }
                (
                    p.block,
                    Placement::Detached(at(range.start, 0).start),
                    p.frames,
                )
            }
            (FrameType::Continuation, None) => {
                return (field, "no field block is open".into());
            }
            _ => {
                if !done {
                    self.pending = Some(PendingBlock {
                        stream_id: h.stream_id,
                        frame_type: h.frame_type,
                        block: data.to_vec(),
                        frames: 1,
                    });
                    return (
                        field,
                        format!(
                            "{} of a field block that CONTINUATION frames finish",
                            bytes_count(data.len())
                        ),
                    );
                }
                (data.to_vec(), Placement::At(HEADER_LEN + range.start), 1)
            }
        };
        let (children, summary) = block_fields(&block, &mut self.decoder, placement, self.room);
        let mut field = field.with_children(children);
        if frames > 1 {
            field.value = format!(
                "{}; the block put together from {frames} frames is {}",
                bytes_count(data.len()),
                bytes_count(block.len())
            );
        }
        (field, summary)
    }
}

fn error_code_field(off: usize, code: ErrorCode, meaning: &'static str) -> Field {
    Field::new(
        "Error Code",
        at(off, 4),
        Raw::Uint(code.as_u32().into()),
        format!("{code} ({:#x}): {}", code.as_u32(), code.meaning()),
        meaning,
    )
}
