//! SETTINGS frames (RFC 9113 §6.5): each end's configuration, and its acknowledgement.
//!
//! ```text
//!  SETTINGS Frame {
//!    Length (24),
//!    Type (8) = 0x04,
//!
//!    Unused Flags (7),
//!    ACK Flag (1),
//!
//!    Reserved (1),
//!    Stream Identifier (31) = 0,
//!
//!    Setting (48) ...,
//!  }
//!
//!  Setting {
//!    Identifier (16),
//!    Value (32),
//!  }
//! ```
//!
//! Both ends send SETTINGS first thing (the client right after its preface, §3.4), and each
//! acknowledges the other's with an empty SETTINGS frame with ACK set. SETTINGS belongs to
//! the connection: on a stream it is a connection error of type PROTOCOL_ERROR. A payload
//! that is not a whole number of 6-byte settings, or an ACK with a payload, is a connection
//! error of type FRAME_SIZE_ERROR.
//!
//! The six parameters RFC 9113 defines, and the values they allow (§6.5.2):
//!
//! ```text
//!  0x1 HEADER_TABLE_SIZE        4096   any 32-bit value (the HPACK table limit)
//!  0x2 ENABLE_PUSH              1      0 or 1, else PROTOCOL_ERROR
//!  0x3 MAX_CONCURRENT_STREAMS   none   any
//!  0x4 INITIAL_WINDOW_SIZE      65535  at most 2^31-1, else FLOW_CONTROL_ERROR
//!  0x5 MAX_FRAME_SIZE           16384  2^14 to 2^24-1, else PROTOCOL_ERROR
//!  0x6 MAX_HEADER_LIST_SIZE     none   any (advisory)
//! ```
//!
//! "An endpoint that receives a SETTINGS frame with any unknown or unsupported identifier
//! MUST ignore that setting": such settings are kept as [`SettingsParameter::Unknown`].

use crate::error::Error;
use crate::frame::header::{MAX_LENGTH, encode_header};
use crate::frame::{ACK, DEFAULT_MAX_FRAME_SIZE, FrameHeader, FrameType};

/// RFC 9113 §6.5.1: a setting is a 16-bit identifier and a 32-bit value.
pub const SETTING_LEN: usize = 6;
/// RFC 9113 §6.5.2: SETTINGS_INITIAL_WINDOW_SIZE may not exceed 2^31-1.
pub const MAX_WINDOW_SIZE: u32 = (1 << 31) - 1;
/// RFC 9113 §6.5.2: the initial SETTINGS_HEADER_TABLE_SIZE, 4,096 bytes.
pub const DEFAULT_HEADER_TABLE_SIZE: u32 = 4096;
/// RFC 9113 §6.5.2: the initial SETTINGS_INITIAL_WINDOW_SIZE, 65,535 bytes.
pub const DEFAULT_INITIAL_WINDOW_SIZE: u32 = (1 << 16) - 1;

/// A SETTINGS parameter (RFC 9113 §6.5.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SettingsParameter {
    /// 0x1: the largest HPACK dynamic table the sender's decoder allows.
    HeaderTableSize,
    /// 0x2: whether the server may push (0 or 1).
    EnablePush,
    /// 0x3: the most streams the sender lets the peer open at once.
    MaxConcurrentStreams,
    /// 0x4: the starting flow-control window of every stream.
    InitialWindowSize,
    /// 0x5: the largest frame payload the sender accepts.
    MaxFrameSize,
    /// 0x6: the largest header list the sender is prepared to accept (advisory).
    MaxHeaderListSize,
    /// An identifier RFC 9113 does not define: ignored.
    Unknown(u16),
}

/// Every defined parameter with its identifier and name (RFC 9113 §6.5.2).
const PARAMETERS: [(SettingsParameter, u16, &str); 6] = [
    (
        SettingsParameter::HeaderTableSize,
        0x1,
        "SETTINGS_HEADER_TABLE_SIZE",
    ),
    (SettingsParameter::EnablePush, 0x2, "SETTINGS_ENABLE_PUSH"),
    (
        SettingsParameter::MaxConcurrentStreams,
        0x3,
        "SETTINGS_MAX_CONCURRENT_STREAMS",
    ),
    (
        SettingsParameter::InitialWindowSize,
        0x4,
        "SETTINGS_INITIAL_WINDOW_SIZE",
    ),
    (
        SettingsParameter::MaxFrameSize,
        0x5,
        "SETTINGS_MAX_FRAME_SIZE",
    ),
    (
        SettingsParameter::MaxHeaderListSize,
        0x6,
        "SETTINGS_MAX_HEADER_LIST_SIZE",
    ),
];

impl SettingsParameter {
    /// The parameter for an identifier off the wire; never fails.
    pub fn from_u16(id: u16) -> SettingsParameter {
        PARAMETERS
            .iter()
            .find(|(_, v, _)| *v == id)
            .map_or(SettingsParameter::Unknown(id), |(p, _, _)| *p)
    }

    /// The identifier on the wire.
    pub fn as_u16(self) -> u16 {
        match self {
            SettingsParameter::Unknown(id) => id,
            known => PARAMETERS
                .iter()
                .find(|(p, _, _)| *p == known)
                .map_or(0, |(_, v, _)| *v),
        }
    }

    /// The registry name, e.g. `SETTINGS_MAX_FRAME_SIZE`; `UNKNOWN` otherwise.
    pub fn name(self) -> &'static str {
        PARAMETERS
            .iter()
            .find(|(p, _, _)| *p == self)
            .map_or("UNKNOWN", |(_, _, name)| name)
    }

    /// The values allowed, in words.
    pub fn range(self) -> &'static str {
        match self {
            SettingsParameter::EnablePush => "0 or 1",
            SettingsParameter::InitialWindowSize => "0 to 2^31-1",
            SettingsParameter::MaxFrameSize => "2^14 to 2^24-1",
            _ => "any 32-bit value",
        }
    }

    /// What the parameter controls, in one sentence.
    pub fn meaning(self) -> &'static str {
        match self {
            SettingsParameter::HeaderTableSize => {
                "The largest HPACK dynamic table the sender's decoder will keep (initially 4096 bytes)."
            }
            SettingsParameter::EnablePush => {
                "0 forbids the server to push; 1 (the initial value) allows it."
            }
            SettingsParameter::MaxConcurrentStreams => {
                "The most streams the peer may have open toward the sender at once (initially unlimited)."
            }
            SettingsParameter::InitialWindowSize => {
                "The flow-control window every new stream starts with (initially 65535 bytes)."
            }
            SettingsParameter::MaxFrameSize => {
                "The largest frame payload the sender accepts (initially 16384 bytes)."
            }
            SettingsParameter::MaxHeaderListSize => {
                "The largest header list the sender is prepared to accept, counting 32 bytes per field (advisory)."
            }
            SettingsParameter::Unknown(_) => {
                "An identifier RFC 9113 does not define: the receiver MUST ignore it."
            }
        }
    }

    /// Checks `value` against §6.5.2.
    pub fn validate(self, value: u32) -> Result<(), Error> {
        let ok = match self {
            SettingsParameter::EnablePush => value <= 1,
            SettingsParameter::InitialWindowSize => value <= MAX_WINDOW_SIZE,
            SettingsParameter::MaxFrameSize => {
                (DEFAULT_MAX_FRAME_SIZE..=MAX_LENGTH).contains(&value)
            }
            _ => true,
        };
        if ok {
            Ok(())
        } else {
            Err(Error::InvalidSetting {
                parameter: self,
                value,
            })
        }
    }
}

/// One setting: a parameter and its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Setting {
    /// Which parameter.
    pub parameter: SettingsParameter,
    /// Its new value.
    pub value: u32,
}

impl Setting {
    /// Reads one 6-byte setting.
    pub fn parse(bytes: [u8; SETTING_LEN]) -> Setting {
        let [i0, i1, v0, v1, v2, v3] = bytes;
        Setting {
            parameter: SettingsParameter::from_u16(u16::from_be_bytes([i0, i1])),
            value: u32::from_be_bytes([v0, v1, v2, v3]),
        }
    }
}

/// A SETTINGS frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// ACK: this acknowledges the peer's SETTINGS (and carries none).
    pub ack: bool,
    /// The settings, in order (a later one overrides an earlier one, §6.5.3).
    pub settings: Vec<Setting>,
}

impl Settings {
    /// A SETTINGS frame carrying `settings`.
    pub fn new(settings: Vec<Setting>) -> Settings {
        Settings {
            ack: false,
            settings,
        }
    }

    /// The acknowledgement: ACK set, empty payload.
    pub fn ack() -> Settings {
        Settings {
            ack: true,
            settings: Vec::new(),
        }
    }

    /// Reads the payload of a SETTINGS frame, validating every value (§6.5.2).
    pub fn decode(header: &FrameHeader, payload: &[u8]) -> Result<Settings, Error> {
        if header.stream_id != 0 {
            return Err(Error::StreamIdNotZero {
                frame_type: FrameType::Settings,
                stream: header.stream_id,
            });
        }
        let ack = header.has(ACK);
        if ack && !payload.is_empty() {
            return Err(Error::SettingsAckWithPayload(header.length));
        }
        if !payload.len().is_multiple_of(SETTING_LEN) {
            return Err(Error::SettingsLength(header.length));
        }
        let mut settings = Vec::with_capacity(payload.len() / SETTING_LEN);
        for chunk in payload.chunks_exact(SETTING_LEN) {
            let Ok(bytes) = <[u8; SETTING_LEN]>::try_from(chunk) else {
                continue;
            };
            let s = Setting::parse(bytes);
            s.parameter.validate(s.value)?;
            settings.push(s);
        }
        Ok(Settings { ack, settings })
    }

    /// Appends the whole frame. Refuses values §6.5.2 forbids.
    pub fn encode(&self, out: &mut Vec<u8>) -> Result<(), Error> {
        for s in &self.settings {
            if s.parameter.validate(s.value).is_err() {
                return Err(Error::EncodeInvalidSetting {
                    parameter: s.parameter,
                    value: s.value,
                });
            }
        }
        let flags = if self.ack { ACK } else { 0 };
        let len = self.settings.len().saturating_mul(SETTING_LEN);
        encode_header(FrameType::Settings, flags, 0, len, out)?;
        for s in &self.settings {
            out.extend_from_slice(&s.parameter.as_u16().to_be_bytes());
            out.extend_from_slice(&s.value.to_be_bytes());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_round_trip() {
        for id in 0..=0x10 {
            assert_eq!(SettingsParameter::from_u16(id).as_u16(), id);
        }
        assert_eq!(
            SettingsParameter::from_u16(5).name(),
            "SETTINGS_MAX_FRAME_SIZE"
        );
    }

    #[test]
    fn values_are_validated() {
        use SettingsParameter::*;
        assert!(EnablePush.validate(1).is_ok());
        assert!(EnablePush.validate(2).is_err());
        assert!(InitialWindowSize.validate(MAX_WINDOW_SIZE).is_ok());
        assert!(InitialWindowSize.validate(MAX_WINDOW_SIZE + 1).is_err());
        assert!(MaxFrameSize.validate(16_383).is_err());
        assert!(MaxFrameSize.validate(16_384).is_ok());
        assert!(MaxFrameSize.validate(MAX_LENGTH).is_ok());
        assert!(MaxFrameSize.validate(MAX_LENGTH + 1).is_err());
        assert!(Unknown(0x99).validate(u32::MAX).is_ok());
    }
}
