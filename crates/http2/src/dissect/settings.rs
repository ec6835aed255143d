//! A SETTINGS payload (RFC 9113 §6.5.1): zero or more settings of six bytes each.
//!
//! ```text
//!  Setting {
//!    Identifier (16),
//!    Value (32),
//!  }
//! ```
//!
//! Each setting is shown with its name and the values RFC 9113 §6.5.2 allows, checked by the
//! codec's own `SettingsParameter::validate`; a length that is not a multiple of six leaves
//! an incomplete setting, flagged with FRAME_SIZE_ERROR's rule.

use wire::{Field, Raw};

use super::error_problem;
use super::payload::{at, bits, bytes_field};
use crate::error::Error;
use crate::frame::FrameHeader;
use crate::frame::settings::{SETTING_LEN, Setting};

/// RFC 9113 §6.5.1: a setting's identifier is 16 bits, its value the 32 after.
const SETTING_ID_BITS: u64 = 16;
/// RFC 9113 §6.5.1: a setting's value is 32 bits.
const SETTING_VALUE_BITS: u64 = 32;

pub(super) fn settings_fields(h: &FrameHeader, payload: &[u8]) -> (Vec<Field>, String) {
    let mut fields = Vec::new();
    let mut names = Vec::new();
    let mut off = 0;
    for chunk in payload.chunks_exact(SETTING_LEN) {
        let Ok(bytes) = <[u8; SETTING_LEN]>::try_from(chunk) else {
            break;
        };
        let s = Setting::parse(bytes);
        let p = s.parameter;
        let name = if let crate::frame::SettingsParameter::Unknown(id) = p {
            format!("unknown setting {id:#x}")
        } else {
            p.name().to_string()
        };
        let mut value = Field::new(
            "Value",
            bits(off, SETTING_ID_BITS, SETTING_VALUE_BITS),
            Raw::Uint(s.value.into()),
            s.value.to_string(),
            format!("Allowed: {} (RFC 9113 §6.5.2).", p.range()),
        );
        if let Err(e) = p.validate(s.value) {
            value = value.with_problem(error_problem(
                &e,
                bits(off, SETTING_ID_BITS, SETTING_VALUE_BITS),
            ));
        }
        let id = Field::new(
            "Identifier",
            bits(off, 0, SETTING_ID_BITS),
            Raw::Uint(p.as_u16().into()),
            format!("{name} ({:#x})", p.as_u16()),
            p.meaning(),
        );
        fields.push(
            Field::new(
                "Setting",
                at(off, SETTING_LEN),
                Raw::Bytes(chunk.to_vec()),
                format!("{name} = {}", s.value),
                "One setting: a 16-bit identifier and a 32-bit value (RFC 9113 §6.5.1).",
            )
            .with_children(vec![id, value]),
        );
        names.push(format!(
            "{}={}",
            name.trim_start_matches("SETTINGS_"),
            s.value
        ));
        off += SETTING_LEN;
    }
    if off < payload.len() {
        let e = Error::SettingsLength(h.length);
        fields.push(
            bytes_field(
                "Incomplete setting",
                payload,
                off..payload.len(),
                "A setting is 6 bytes: a 16-bit identifier and a 32-bit value (RFC 9113 §6.5.1).",
            )
            .with_problem(error_problem(&e, at(off, payload.len() - off))),
        );
    }
    let summary = if h.has(crate::frame::ACK) {
        "acknowledges the peer's settings".to_string()
    } else if names.is_empty() {
        "no settings (all initial values stand)".to_string()
    } else {
        names.join(", ")
    };
    (fields, summary)
}
