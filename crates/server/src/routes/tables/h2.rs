//! The HTTP/2 tables (RFC 9113, from the `http2` crate): the frame types with the flags each
//! defines and whether it belongs to a stream (§4.1, §6), the flag bits, the SETTINGS
//! parameters (§6.5.2) and the error codes (§7).

use http2::frame::{
    ACK, DEFAULT_MAX_FRAME_SIZE, END_HEADERS, END_STREAM, FrameType, HEADER_LEN, MAX_LENGTH,
    PADDED, PRIORITY, SettingsParameter,
};
use http2::{ErrorCode, PREFACE};
use serde::Serialize;

use super::SCAN_16;

#[derive(Debug, Serialize)]
pub(super) struct Http2Tables {
    pub(super) frame_types: Vec<FrameTypeEntry>,
    pub(super) flags: H2Flags,
    pub(super) settings: Vec<SettingEntry>,
    pub(super) error_codes: Vec<ErrorCodeEntry>,
    pub(super) frame: H2Frame,
}

#[derive(Debug, Serialize)]
pub(super) struct FrameTypeEntry {
    pub(super) value: u8,
    pub(super) name: &'static str,
    pub(super) section: &'static str,
    /// The flags this type defines, highest bit first.
    pub(super) flags: Vec<FlagEntry>,
    /// "stream": needs a non-zero stream identifier; "connection": stream 0 only; "either".
    pub(super) stream: &'static str,
}

#[derive(Debug, Serialize)]
pub(super) struct FlagEntry {
    pub(super) bit: u8,
    pub(super) name: &'static str,
}

/// RFC 9113's flag bits (§6), by the crate's constants. END_STREAM and ACK share 0x1.
#[derive(Debug, Serialize)]
#[allow(non_snake_case)]
pub(super) struct H2Flags {
    pub(super) END_STREAM: u8,
    pub(super) ACK: u8,
    pub(super) END_HEADERS: u8,
    pub(super) PADDED: u8,
    pub(super) PRIORITY: u8,
}

#[derive(Debug, Serialize)]
pub(super) struct SettingEntry {
    pub(super) id: u16,
    pub(super) name: &'static str,
    pub(super) range: &'static str,
    pub(super) meaning: &'static str,
}

#[derive(Debug, Serialize)]
pub(super) struct ErrorCodeEntry {
    pub(super) value: u32,
    pub(super) name: &'static str,
    pub(super) meaning: &'static str,
}

/// RFC 9113 §3.4 and §4.1's sizes.
#[derive(Debug, Serialize)]
#[allow(non_snake_case)]
pub(super) struct H2Frame {
    pub(super) HEADER_LEN: usize,
    pub(super) MAX_LENGTH: u32,
    pub(super) DEFAULT_MAX_FRAME_SIZE: u32,
    pub(super) PREFACE: &'static str,
}

pub(super) fn http2_tables() -> Http2Tables {
    Http2Tables {
        frame_types: (0..=u8::MAX)
            .map(FrameType::from_u8)
            .filter(|t| !matches!(t, FrameType::Unknown(_)))
            .map(|t| FrameTypeEntry {
                value: t.as_u8(),
                name: t.name(),
                section: t.section(),
                flags: t
                    .flags()
                    .iter()
                    .map(|&(bit, name)| FlagEntry { bit, name })
                    .collect(),
                stream: match t.needs_stream() {
                    Some(true) => "stream",
                    Some(false) => "connection",
                    None => "either",
                },
            })
            .collect(),
        flags: H2Flags {
            END_STREAM,
            ACK,
            END_HEADERS,
            PADDED,
            PRIORITY,
        },
        settings: (0..=SCAN_16)
            .map(SettingsParameter::from_u16)
            .filter(|p| !matches!(p, SettingsParameter::Unknown(_)))
            .map(|p| SettingEntry {
                id: p.as_u16(),
                name: p.name(),
                range: p.range(),
                meaning: p.meaning(),
            })
            .collect(),
        error_codes: (0..=u32::from(SCAN_16))
            .map(ErrorCode::from_u32)
            .filter(|c| !matches!(c, ErrorCode::Unknown(_)))
            .map(|c| ErrorCodeEntry {
                value: c.as_u32(),
                name: c.name(),
                meaning: c.meaning(),
            })
            .collect(),
        frame: H2Frame {
            HEADER_LEN,
            MAX_LENGTH,
            DEFAULT_MAX_FRAME_SIZE,
            PREFACE: std::str::from_utf8(PREFACE).unwrap_or_default(),
        },
    }
}
