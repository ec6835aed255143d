//! One frame, bit by bit: the 9-byte header of RFC 9113 §4.1, then the payload by type.
//!
//! (The figure is RFC 7540 §4.1's; RFC 9113 keeps the layout.)
//!
//! ```text
//!  +-----------------------------------------------+
//!  |                 Length (24)                   |
//!  +---------------+---------------+---------------+
//!  |   Type (8)    |   Flags (8)   |
//!  +-+-------------+---------------+-------------------------------+
//!  |R|                 Stream Identifier (31)                      |
//!  +=+=============================================================+
//!  |                   Frame Payload (0...)                      ...
//!  +---------------------------------------------------------------+
//! ```
//!
//! Walk-through of [`Dissector::frame`]:
//!
//! 1. The header's five fields, each with its exact bit range; the Flags byte has one child
//!    per flag the type defines (a set undefined flag is noted: it MUST be ignored, §4.1).
//!    [`wire::Dissection::header_bits`] is 72, so the diagram draws exactly the header.
//! 2. Rules the header alone can break: a Length above the initial SETTINGS_MAX_FRAME_SIZE
//!    (16,384, §4.2), a stream identifier of 0 where the type needs a stream or non-zero
//!    where it needs the connection.
//! 3. A payload cut short by the end of the input is shown as it is, with what is missing.
//!    A whole payload is read by type (`payload.rs`); then the codec's own verdict
//!    ([`Frame::decode`](crate::frame::Frame::decode)) is added if no field already says it.
//! 4. The connection rule of §6.10: once HEADERS or PUSH_PROMISE leaves a field block open,
//!    only CONTINUATION frames of the same stream may follow.

use wire::{BitRange, Dissection, Field, Raw};

use super::payload::Payload;
use super::{Dissector, PROTOCOL, bytes_count, error_problem, wait_problem};
use crate::error::Error;
use crate::frame::{
    DEFAULT_MAX_FRAME_SIZE, END_HEADERS, Frame, FrameHeader, FrameType, HEADER_LEN,
};

/// RFC 9113 §4.1: Length is bits 0-23.
const LENGTH_AT: BitRange = BitRange::bits(0, 24);
/// RFC 9113 §4.1: Type is bits 24-31.
const TYPE_AT: BitRange = BitRange::bits(24, 8);
/// RFC 9113 §4.1: Flags is bits 32-39.
const FLAGS_AT: BitRange = BitRange::bits(32, 8);
/// RFC 9113 §4.1: R is bit 40.
const RESERVED_AT: BitRange = BitRange::bits(40, 1);
/// RFC 9113 §4.1: the Stream Identifier is bits 41-71.
const STREAM_AT: BitRange = BitRange::bits(41, 31);
/// RFC 9113 §4.1: the header is 72 bits.
const HEADER_BITS: u64 = HEADER_LEN as u64 * 8;

impl Dissector {
    /// Dissects the frame at the start of `input`; returns it and how many bytes it took.
    pub(super) fn frame(&mut self, input: &[u8]) -> (Dissection, usize) {
        let Some(header) = FrameHeader::parse(input) else {
            return (truncated_header(input), input.len());
        };
        let t = header.frame_type;
        let mut fields = header_fields(&header);
        let mut loose = Vec::new();

        // Rules the header alone can break.
        if header.length > DEFAULT_MAX_FRAME_SIZE {
            let e = Error::FrameTooLarge {
                length: header.length,
                max: DEFAULT_MAX_FRAME_SIZE,
            };
            attach(&mut fields, "Length", error_problem(&e, LENGTH_AT));
        }
        let stream_error = match t.needs_stream() {
            Some(true) if header.stream_id == 0 => Some(Error::StreamIdZero(t)),
            Some(false) if header.stream_id != 0 => Some(Error::StreamIdNotZero {
                frame_type: t,
                stream: header.stream_id,
            }),
            _ => None,
        };
        if let Some(e) = &stream_error {
            attach(
                &mut fields,
                "Stream Identifier",
                error_problem(e, STREAM_AT),
            );
        }
        if let Some(p) = self.continuation_rule(&header) {
            loose.push(p);
        }

        // The payload, whole or cut short.
        let len = header.length as usize;
        let end = HEADER_LEN.saturating_add(len);
        let Some(payload) = input.get(HEADER_LEN..end) else {
            let here = input.len() - HEADER_LEN;
            let shown = input.get(HEADER_LEN..).unwrap_or_default();
            fields.push(Field::new(
                "Frame Payload",
                BitRange::bytes(HEADER_LEN, here),
                Raw::Bytes(shown.to_vec()),
                format!("{} of {}", bytes_count(here), bytes_count(len)),
                "The payload, cut short by the end of the input.",
            ));
            loose.push(wait_problem(
                format!(
                    "the Length field announces a {}-byte payload; {} here",
                    len,
                    if here == 1 {
                        "1 is".to_string()
                    } else {
                        format!("{here} are")
                    }
                ),
                BitRange::bits(input.len() as u64 * 8, 0),
            ));
            let summary = format!(
                "{} frame, stream {}, truncated: {} of {} payload bytes",
                t, header.stream_id, here, len
            );
            return (finish(input, summary, fields, loose), input.len());
        };

        let Payload {
            fields: payload_fields,
            summary,
        } = self.payload(&header, payload);
        fields.extend(payload_fields);
        // The codec's verdict, unless a field already tells it.
        if let Err(e) = Frame::decode(&header, payload) {
            let told = fields
                .iter()
                .flat_map(Field::walk)
                .filter_map(|f| f.problem.as_ref())
                .chain(loose.iter())
                .any(|p| p.message == e.to_string());
            if !told {
                loose.push(error_problem(&e, BitRange::bytes(HEADER_LEN, len)));
            }
        }
        let mut line = format!("{t} frame");
        let flags = set_flag_names(&header);
        if !flags.is_empty() {
            line.push_str(&format!(" [{}]", flags.join(", ")));
        }
        line.push_str(&format!(", stream {}", header.stream_id));
        if !summary.is_empty() {
            line.push_str(": ");
            line.push_str(&summary);
        }
        (
            finish(input.get(..end).unwrap_or(input), line, fields, loose),
            end,
        )
    }

    /// RFC 9113 §6.10: while a field block is open, only its CONTINUATION frames may come.
    fn continuation_rule(&mut self, header: &FrameHeader) -> Option<wire::Problem> {
        let rule = "RFC 9113 §6.10";
        let answer = Some("connection error PROTOCOL_ERROR (GOAWAY)".to_string());
        match (&self.pending, header.frame_type) {
            (Some(p), FrameType::Continuation) if p.stream_id == header.stream_id => None,
            (Some(p), _) => {
                let message = format!(
                    "the field block that {} began on stream {} is still open (no END_HEADERS yet), so only a CONTINUATION frame on stream {} may come next",
                    p.frame_type, p.stream_id, p.stream_id
                );
                self.pending = None;
                Some(wire::Problem {
                    rule: rule.into(),
                    message,
                    at: TYPE_AT,
                    answer,
                })
            }
            (None, FrameType::Continuation) => Some(wire::Problem {
                rule: rule.into(),
                message: "a CONTINUATION frame must follow a HEADERS, PUSH_PROMISE or CONTINUATION frame without END_HEADERS; no field block is open".into(),
                at: TYPE_AT,
                answer,
            }),
            (None, _) => None,
        }
    }
}

/// The five header fields of a 9-byte header.
fn header_fields(h: &FrameHeader) -> Vec<Field> {
    let t = h.frame_type;
    let mut flags = Field::new(
        "Flags",
        FLAGS_AT,
        Raw::Uint(h.flags.into()),
        flags_value(h),
        format!(
            "Boolean flags whose meaning depends on the type; {} defines {} (RFC 9113 §4.1, {}).",
            t,
            if t.flags().is_empty() {
                "none"
            } else {
                "the ones below"
            },
            t.section()
        ),
    );
    let mut children = Vec::new();
    for &(bit, name) in t.flags() {
        let set = h.flags & bit != 0;
        children.push(Field::new(
            name,
            BitRange::bits(FLAGS_AT.start + u64::from(bit.leading_zeros()), 1),
            Raw::Uint(set.into()),
            set.to_string(),
            flag_meaning(t, name),
        ));
    }
    let defined: u8 = t.flags().iter().map(|(bit, _)| bit).fold(0, |a, b| a | b);
    let undefined = h.flags & !defined;
    if undefined != 0 {
        for shift in (0..8u32).rev() {
            let bit = 1u8 << shift;
            if undefined & bit != 0 {
                children.push(Field::new(
                    "Unused flag",
                    BitRange::bits(FLAGS_AT.start + u64::from(7 - shift), 1),
                    Raw::Uint(1),
                    "1 (ignored)",
                    format!("{t} defines no flag here: a receiver MUST ignore it, and a sender MUST leave it 0 (RFC 9113 §4.1)."),
                ));
            }
        }
    }
    flags = flags.with_children(children);
    vec![
        Field::new(
            "Length",
            LENGTH_AT,
            Raw::Uint(h.length.into()),
            h.length.to_string(),
            "The payload length in bytes, not counting these 9 header bytes; more than SETTINGS_MAX_FRAME_SIZE (16384 unless the receiver allowed more) is a FRAME_SIZE_ERROR (RFC 9113 §4.1, §4.2).",
        ),
        Field::new(
            "Type",
            TYPE_AT,
            Raw::Uint(t.as_u8().into()),
            format!("{} ({:#04x})", t, t.as_u8()),
            type_meaning(t),
        ),
        flags,
        Field::new(
            "R",
            RESERVED_AT,
            Raw::Uint(h.reserved.into()),
            if h.reserved { "1 (ignored)" } else { "0" },
            "Reserved: sent as 0 and ignored on receipt (RFC 9113 §4.1).",
        ),
        Field::new(
            "Stream Identifier",
            STREAM_AT,
            Raw::Uint(h.stream_id.into()),
            stream_value(h.stream_id),
            "The stream the frame belongs to; 0 is the connection itself. Clients open odd streams, servers even ones (RFC 9113 §4.1, §5.1.1).",
        ),
    ]
}

/// As many header fields as a header cut short allows, and the problem.
fn truncated_header(input: &[u8]) -> Dissection {
    let mut padded = [0u8; HEADER_LEN];
    for (slot, b) in padded.iter_mut().zip(input) {
        *slot = *b;
    }
    let mut fields = Vec::new();
    if let Some(h) = FrameHeader::parse(&padded) {
        let have = input.len() as u64 * 8;
        fields = header_fields(&h)
            .into_iter()
            .filter(|f| f.bits.end() <= have)
            .collect();
    }
    let summary = format!("truncated frame header: {} of 9 bytes", input.len());
    let problem = wait_problem(
        format!(
            "a frame header is 9 bytes; {} here",
            if input.len() == 1 {
                "1 is".to_string()
            } else {
                format!("{} are", input.len())
            }
        ),
        BitRange::bits(input.len() as u64 * 8, 0),
    );
    finish(input, summary, fields, vec![problem])
}

/// Builds the dissection: fields in order, problems from fields then the loose ones.
fn finish(
    input: &[u8],
    summary: String,
    fields: Vec<Field>,
    loose: Vec<wire::Problem>,
) -> Dissection {
    let mut d = Dissection::new(PROTOCOL, summary, input.to_vec());
    d.header_bits = HEADER_BITS.min(input.len() as u64 * 8);
    for f in fields {
        d.push(f);
    }
    for p in loose {
        d.problem(p);
    }
    d
}

/// Puts `problem` on the top-level field called `name`.
fn attach(fields: &mut [Field], name: &str, problem: wire::Problem) {
    if let Some(f) = fields.iter_mut().find(|f| f.name == name) {
        f.problem = Some(problem);
    }
}

/// The names of the defined flags that are set, highest bit first.
fn set_flag_names(h: &FrameHeader) -> Vec<&'static str> {
    h.frame_type
        .flags()
        .iter()
        .filter(|(bit, _)| h.flags & bit != 0)
        .map(|(_, name)| *name)
        .collect()
}

fn flags_value(h: &FrameHeader) -> String {
    let names = set_flag_names(h);
    if names.is_empty() {
        format!("{:#04x}", h.flags)
    } else {
        format!("{:#04x} ({})", h.flags, names.join(" | "))
    }
}

fn stream_value(id: u32) -> String {
    match id {
        0 => "0 (the connection)".to_string(),
        id if id % 2 == 1 => format!("{id} (client-initiated)"),
        id => format!("{id} (server-initiated)"),
    }
}

fn type_meaning(t: FrameType) -> String {
    let what = match t {
        FrameType::Data => "the bytes of a request or response body",
        FrameType::Headers => "opens a stream and carries an HPACK field block",
        FrameType::Priority => "the deprecated RFC 7540 priority signal",
        FrameType::RstStream => "ends one stream immediately, with an error code",
        FrameType::Settings => "the sender's configuration, or the acknowledgement of the peer's",
        FrameType::PushPromise => "announces a stream the server will push",
        FrameType::Ping => "measures the round trip and checks the peer is alive",
        FrameType::GoAway => "ends the connection, saying which streams were processed",
        FrameType::WindowUpdate => "grants flow-control credit",
        FrameType::Continuation => "the rest of a field block",
        FrameType::Unknown(_) => {
            "a type RFC 9113 does not define: a receiver MUST ignore and discard it"
        }
    };
    format!(
        "How to read the payload: {what} (RFC 9113 {}).",
        t.section()
    )
}

fn flag_meaning(t: FrameType, name: &str) -> String {
    let what = match name {
        "END_STREAM" => "The sender's last frame on this stream; the stream becomes half-closed",
        "END_HEADERS" => "The field block ends in this frame; no CONTINUATION follows",
        "PADDED" => "A Pad Length byte comes first and that many bytes of padding come last",
        "PRIORITY" => "The Exclusive bit, Stream Dependency and Weight fields are present",
        "ACK" if t == FrameType::Ping => "This PING is the answer to the peer's, echoing its data",
        "ACK" => "This SETTINGS acknowledges the peer's; its payload is empty",
        _ => "A flag of this type",
    };
    format!("{what} (RFC 9113 {}).", t.section())
}

/// Whether a header's END_HEADERS flag is set.
pub(super) fn ends_headers(h: &FrameHeader) -> bool {
    h.has(END_HEADERS)
}
