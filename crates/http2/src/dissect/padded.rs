//! The optional fields around a payload's body (RFC 9113 §6.1, §6.2, §6.6): DATA, HEADERS
//! and PUSH_PROMISE may be PADDED, and HEADERS may carry the PRIORITY fields.
//!
//! ```text
//!  DATA Frame {                     HEADERS Frame {
//!    …                                …
//!    [Pad Length (8)],                [Pad Length (8)],
//!    Data (..),                       [Exclusive (1)],
//!    Padding (..2040),                [Stream Dependency (31)],
//!  }                                  [Weight (8)],
//!                                     Field Block Fragment (..),
//!                                     Padding (..2040),
//!                                   }
//! ```
//!
//! [`layout`] says where the body and the padding lie (through the codec's own
//! `strip_padding`, so the dissector and the codec agree on what is too long);
//! [`padding_field`] checks that padding is zero; [`priority_fields`] reads the E bit,
//! Stream Dependency and Weight.

use std::ops::Range;

use wire::{Field, Raw};

use super::payload::{WORD_VALUE_BITS, at, bits};
use super::{bytes_count, error_problem};
use crate::error::Error;
use crate::frame::padding::{PAD_LENGTH_LEN, strip_padding};
use crate::frame::priority::PriorityFields;
use crate::frame::{FrameHeader, PADDED};

/// The Pad Length byte and where the body and padding lie.
pub(super) struct Layout {
    pub fields_before: Vec<Field>,
    pub body: Range<usize>,
    pub padding: Option<Range<usize>>,
}

pub(super) fn layout(header: &FrameHeader, payload: &[u8], fixed: usize) -> Layout {
    let len = payload.len();
    if !header.has(PADDED) {
        return Layout {
            fields_before: Vec::new(),
            body: 0..len,
            padding: None,
        };
    }
    let Some(&pad) = payload.first() else {
        return Layout {
            fields_before: Vec::new(),
            body: 0..0,
            padding: None,
        };
    };
    let mut field = Field::new(
        "Pad Length",
        at(0, PAD_LENGTH_LEN),
        Raw::Uint(pad.into()),
        bytes_count(pad.into()),
        "How many bytes of padding end the payload; padding hides the real size of the data (RFC 9113 §6.1, §10.7).",
    );
    match strip_padding(header, payload, fixed) {
        Ok(u) => {
            let body_end = PAD_LENGTH_LEN + u.body.len();
            Layout {
                fields_before: vec![field],
                body: PAD_LENGTH_LEN..body_end,
                padding: Some(body_end..len),
            }
        }
        Err(e) => {
            if matches!(e, Error::PaddingTooLong { .. }) {
                field = field.with_problem(error_problem(&e, at(0, PAD_LENGTH_LEN)));
            }
            Layout {
                fields_before: vec![field],
                body: PAD_LENGTH_LEN.min(len)..len,
                padding: None,
            }
        }
    }
}

pub(super) fn padding_field(payload: &[u8], range: Range<usize>) -> Field {
    let data = payload.get(range.clone()).unwrap_or_default();
    let mut f = Field::new(
        "Padding",
        at(range.start, data.len()),
        Raw::Bytes(data.to_vec()),
        bytes_count(data.len()),
        "Padding bytes, which a sender MUST set to zero (RFC 9113 §6.1).",
    );
    if data.iter().any(|&b| b != 0) {
        f = f.with_problem(wire::Problem {
            rule: "RFC 9113 §6.1".into(),
            message: "padding bytes MUST be zero; some are not".into(),
            at: at(range.start, data.len()),
            answer: Some(
                "a receiver MAY treat this as connection error PROTOCOL_ERROR (GOAWAY)".into(),
            ),
        });
    }
    f
}

/// The E bit, Stream Dependency and Weight at payload byte `off`.
pub(super) fn priority_fields(payload: &[u8], off: usize, stream_id: u32) -> Vec<Field> {
    let Some(p) = PriorityFields::parse(payload.get(off..).unwrap_or_default()) else {
        return Vec::new();
    };
    let mut dep = Field::new(
        "Stream Dependency",
        bits(off, 1, WORD_VALUE_BITS),
        Raw::Uint(p.dependency.into()),
        p.dependency.to_string(),
        "The stream this one depends on, in RFC 7540's deprecated priority tree (RFC 9113 §5.3.2, §6.2).",
    );
    if let Err(e) = p.check(stream_id) {
        dep = dep.with_problem(error_problem(&e, bits(off, 1, WORD_VALUE_BITS)));
    }
    vec![
        Field::new(
            "Exclusive",
            bits(off, 0, 1),
            Raw::Uint(p.exclusive.into()),
            p.exclusive.to_string(),
            "E: the stream becomes the only child of its dependency (RFC 9113 §6.2).",
        ),
        dep,
        Field::new(
            "Weight",
            at(off + 4, 1),
            Raw::Uint(p.weight.into()),
            format!("{} (weight {})", p.weight, p.real_weight()),
            "The weight minus one, 0-255 for weights 1-256 (RFC 9113 §6.2).",
        ),
    ]
}
