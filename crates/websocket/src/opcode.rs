//! Opcodes: what a frame carries (RFC 6455 §5.2, registry in §11.8).
//!
//! The opcode is the low nibble of a frame's first byte:
//!
//! ```text
//!   0 1 2 3 4 5 6 7
//!  +-+-+-+-+-------+
//!  |F|R|R|R| opcode|
//!  |I|S|S|S|  (4)  |
//!  |N|V|V|V|       |
//!  | |1|2|3|       |
//!  +-+-+-+-+-------+
//! ```
//!
//! RFC 6455 §5.2 defines six values and reserves the rest:
//!
//! ```text
//!  %x0 denotes a continuation frame
//!  %x1 denotes a text frame
//!  %x2 denotes a binary frame
//!  %x3-7 are reserved for further non-control frames
//!  %x8 denotes a connection close
//!  %x9 denotes a ping
//!  %xA denotes a pong
//!  %xB-F are reserved for further control frames
//! ```
//!
//! The high bit of the nibble splits the space in two (§5.5): `0x0-0x7` are *data* frames,
//! `0x8-0xF` are *control* frames. [`Opcode::from_nibble`] never fails: a reserved value
//! becomes [`Opcode::Reserved`], and it is the connection that refuses it (1002), so a
//! dissector can still show the frame.

/// RFC 6455 §5.2: `%x0` a continuation frame.
pub const OPCODE_CONTINUATION: u8 = 0x0;
/// RFC 6455 §5.2: `%x1` a text frame.
pub const OPCODE_TEXT: u8 = 0x1;
/// RFC 6455 §5.2: `%x2` a binary frame.
pub const OPCODE_BINARY: u8 = 0x2;
/// RFC 6455 §5.2: `%x8` a connection close.
pub const OPCODE_CLOSE: u8 = 0x8;
/// RFC 6455 §5.2: `%x9` a ping.
pub const OPCODE_PING: u8 = 0x9;
/// RFC 6455 §5.2: `%xA` a pong.
pub const OPCODE_PONG: u8 = 0xA;
/// RFC 6455 §5.2: the opcode is 4 bits wide.
pub const OPCODE_BITS: u8 = 0x0F;
/// RFC 6455 §5.5: "Control frames are identified by opcodes where the most significant
/// bit of the opcode is 1."
pub const OPCODE_CONTROL_BIT: u8 = 0x08;

/// The 4-bit frame opcode (RFC 6455 §5.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opcode {
    /// `0x0`: a later fragment of a fragmented message (§5.4).
    Continuation,
    /// `0x1`: the first (or only) frame of a UTF-8 text message (§5.6).
    Text,
    /// `0x2`: the first (or only) frame of a binary message (§5.6).
    Binary,
    /// `0x8`: the closing handshake (§5.5.1).
    Close,
    /// `0x9`: a keepalive or liveness check; must be answered with a Pong (§5.5.2).
    Ping,
    /// `0xA`: the answer to a Ping, or an unsolicited heartbeat (§5.5.3).
    Pong,
    /// `0x3-0x7`, `0xB-0xF`: reserved for future use (§5.2); the value is kept.
    Reserved(u8),
}

impl Opcode {
    /// Decodes the low 4 bits of `n`; never fails.
    pub fn from_nibble(n: u8) -> Opcode {
        match n & OPCODE_BITS {
            OPCODE_CONTINUATION => Opcode::Continuation,
            OPCODE_TEXT => Opcode::Text,
            OPCODE_BINARY => Opcode::Binary,
            OPCODE_CLOSE => Opcode::Close,
            OPCODE_PING => Opcode::Ping,
            OPCODE_PONG => Opcode::Pong,
            other => Opcode::Reserved(other),
        }
    }

    /// The 4-bit value on the wire.
    pub fn as_u8(self) -> u8 {
        match self {
            Opcode::Continuation => OPCODE_CONTINUATION,
            Opcode::Text => OPCODE_TEXT,
            Opcode::Binary => OPCODE_BINARY,
            Opcode::Close => OPCODE_CLOSE,
            Opcode::Ping => OPCODE_PING,
            Opcode::Pong => OPCODE_PONG,
            Opcode::Reserved(n) => n & OPCODE_BITS,
        }
    }

    /// Control frames (§5.5) have the top bit of the opcode set: `0x8-0xF`, reserved ones included.
    pub fn is_control(self) -> bool {
        self.as_u8() & OPCODE_CONTROL_BIT != 0
    }

    /// `true` for the reserved values `0x3-0x7` and `0xB-0xF`.
    pub fn is_reserved(self) -> bool {
        matches!(self, Opcode::Reserved(_))
    }

    /// The name used in the RFC's registry (§11.8).
    pub fn name(self) -> &'static str {
        match self {
            Opcode::Continuation => "Continuation",
            Opcode::Text => "Text",
            Opcode::Binary => "Binary",
            Opcode::Close => "Close",
            Opcode::Ping => "Ping",
            Opcode::Pong => "Pong",
            Opcode::Reserved(_) => "Reserved",
        }
    }

    /// One sentence saying what the opcode means, with the RFC section.
    pub fn meaning(self) -> &'static str {
        match self {
            Opcode::Continuation => {
                "A later fragment of a message begun by a Text or Binary frame (RFC 6455 §5.4)."
            }
            Opcode::Text => {
                "The first frame of a message whose payload is UTF-8 text (RFC 6455 §5.6)."
            }
            Opcode::Binary => {
                "The first frame of a message whose payload is arbitrary bytes (RFC 6455 §5.6)."
            }
            Opcode::Close => {
                "Starts or answers the closing handshake, with an optional status code and reason (RFC 6455 §5.5.1)."
            }
            Opcode::Ping => {
                "Asks the peer to answer with a Pong carrying the same payload (RFC 6455 §5.5.2)."
            }
            Opcode::Pong => {
                "Answers a Ping with its payload, or serves as a one-way heartbeat (RFC 6455 §5.5.3)."
            }
            Opcode::Reserved(n) if n & OPCODE_CONTROL_BIT != 0 => {
                "Reserved for future control frames; a receiver must fail the connection (RFC 6455 §5.2)."
            }
            Opcode::Reserved(_) => {
                "Reserved for future data frames; a receiver must fail the connection (RFC 6455 §5.2)."
            }
        }
    }
}

impl From<Opcode> for u8 {
    fn from(op: Opcode) -> u8 {
        op.as_u8()
    }
}

impl std::fmt::Display for Opcode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Opcode::Reserved(n) => write!(f, "Reserved({n:#x})"),
            other => f.write_str(other.name()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_nibble_round_trips() {
        for n in 0u8..16 {
            let op = Opcode::from_nibble(n);
            assert_eq!(op.as_u8(), n);
            assert_eq!(op.is_control(), n >= 8, "{n}");
            let reserved = matches!(n, 3..=7 | 0xB..=0xF);
            assert_eq!(op.is_reserved(), reserved, "{n}");
            assert!(op.meaning().contains("§"));
        }
    }

    #[test]
    fn high_bits_are_ignored() {
        assert_eq!(Opcode::from_nibble(0x81), Opcode::Text);
        assert_eq!(Opcode::from_nibble(0xF9), Opcode::Ping);
    }

    #[test]
    fn names() {
        assert_eq!(Opcode::Text.name(), "Text");
        assert_eq!(Opcode::Reserved(3).name(), "Reserved");
        assert_eq!(Opcode::Reserved(0xB).to_string(), "Reserved(0xb)");
        assert_eq!(Opcode::Pong.to_string(), "Pong");
    }
}
