//! The host-host control commands and their byte layouts (RFC 6529 §3, the 1972 protocol
//! document it reproduces).
//!
//! Every command is an 8-bit opcode followed by a fixed set of parameters; several may share
//! one message on link 0. The opcodes run from 0 to 13 — anything past the table is an
//! illegal opcode, which a host reports with `ERR`:
//!
//! ```text
//!  op  name  parameters (bits)                              bytes
//!   0  NOP   —                                                  1
//!   1  RTS   my socket 32, your socket 32, link 8              10   receiver to sender
//!   2  STR   my socket 32, your socket 32, byte size 8         10   sender to receiver
//!   3  CLS   my socket 32, your socket 32                       9
//!   4  ALL   link 8, message space 16, bit space 32             8
//!   5  GVB   link 8, fm 8, fb 8                                 4
//!   6  RET   link 8, message space 16, bit space 32             8
//!   7  INR   link 8                                             2
//!   8  INS   link 8                                             2
//!   9  ECO   data 8                                             2
//!  10  ERP   data 8                                             2
//!  11  ERR   code 8, data 80                                   12
//!  12  RST   —                                                  1
//!  13  RRP   —                                                  1
//! ```
//!
//! The ranges a receiver checks: an RTS names a link from 2 to 71 (link 0 is the control
//! link), and an STR's byte size is an eight-bit non-zero number, 1 to 255 (RFC 165: "s is an
//! eight bit non-zero byte size").

use crate::util::plural;

/// Where the layouts come from.
pub(crate) const RULE: &str = "RFC 6529 §3";

/// Control command opcodes (RFC 6529 §3).
pub mod opcode {
    pub const NOP: u8 = 0;
    pub const RTS: u8 = 1;
    pub const STR: u8 = 2;
    pub const CLS: u8 = 3;
    pub const ALL: u8 = 4;
    pub const GVB: u8 = 5;
    pub const RET: u8 = 6;
    pub const INR: u8 = 7;
    pub const INS: u8 = 8;
    pub const ECO: u8 = 9;
    pub const ERP: u8 = 10;
    pub const ERR: u8 = 11;
    pub const RST: u8 = 12;
    pub const RRP: u8 = 13;
}

/// The links an RTS may assign to a connection (RFC 6529 §3): 0 is the control link.
pub const LINKS: std::ops::RangeInclusive<u8> = 2..=71;

/// `ERR` error codes (RFC 6529 §3).
pub mod error_code {
    pub const UNDEFINED: u8 = 0;
    pub const ILLEGAL_OPCODE: u8 = 1;
    pub const SHORT_PARAMETER_SPACE: u8 = 2;
    pub const BAD_PARAMETERS: u8 = 3;
    pub const NONEXISTENT_SOCKET: u8 = 4;
    pub const NOT_CONNECTED: u8 = 5;
}

/// The name of an `ERR` code.
pub fn error_name(code: u8) -> &'static str {
    match code {
        error_code::UNDEFINED => "undefined",
        error_code::ILLEGAL_OPCODE => "illegal opcode",
        error_code::SHORT_PARAMETER_SPACE => "short parameter space",
        error_code::BAD_PARAMETERS => "bad parameters",
        error_code::NONEXISTENT_SOCKET => "request on a non-existent socket",
        error_code::NOT_CONNECTED => "socket (link) not connected",
        _ => "not a defined code",
    }
}

/// Which way a socket parameter must face, by its low bit (RFC 129, RFC 147).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    /// Even.
    Receive,
    /// Odd.
    Send,
    /// Either (CLS closes from either end).
    Either,
}

/// One parameter of a command, in layout order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Param {
    /// 32 bits on the host that sent the command.
    MySocket(Gender),
    /// 32 bits on the host the command goes to.
    YourSocket(Gender),
    /// 8 bits; `assigned` when this command assigns it (RTS), so its range is checked.
    Link { assigned: bool },
    /// 8 bits, 1-255.
    ByteSize,
    /// 16 bits.
    MessageSpace,
    /// 32 bits.
    BitSpace,
    /// GVB's 8-bit `fm`: how much of the message allocation the receiver asks back.
    FractionMessages,
    /// GVB's 8-bit `fb`: how much of the bit allocation the receiver asks back.
    FractionBits,
    /// ECO/ERP's 8 bits of data.
    Data,
    /// ERR's 8-bit code.
    ErrorCode,
    /// ERR's 80 bits: the command in error.
    ErrorData,
}

impl Param {
    /// The parameter's size in bytes.
    pub fn bytes(self) -> usize {
        match self {
            Param::MySocket(_) | Param::YourSocket(_) | Param::BitSpace => 4,
            Param::MessageSpace => 2,
            Param::ErrorData => 10,
            Param::Link { .. }
            | Param::ByteSize
            | Param::FractionMessages
            | Param::FractionBits
            | Param::Data
            | Param::ErrorCode => 1,
        }
    }
}

/// One row of the table above.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    pub op: u8,
    pub name: &'static str,
    /// One sentence: what the command asks.
    pub meaning: &'static str,
    pub params: &'static [Param],
}

impl Layout {
    /// The command's size in bytes, opcode included.
    pub fn len(&self) -> usize {
        1 + self.params.iter().map(|p| p.bytes()).sum::<usize>()
    }

    /// Never true: every command has its opcode byte.
    pub fn is_empty(&self) -> bool {
        false
    }
}

use Gender::{Either, Receive, Send};
use Param::*;

/// RFC 6529 §3's commands, indexed by opcode.
pub const LAYOUTS: [Layout; 14] = [
    Layout {
        op: opcode::NOP,
        name: "NOP",
        meaning: "No operation.",
        params: &[],
    },
    Layout {
        op: opcode::RTS,
        name: "RTS",
        meaning: "Request for connection, receiver to sender: my receive socket wants your send \
                  socket; use this link.",
        params: &[MySocket(Receive), YourSocket(Send), Link { assigned: true }],
    },
    Layout {
        op: opcode::STR,
        name: "STR",
        meaning: "Request for connection, sender to receiver: my send socket agrees to talk to \
                  your receive socket with this byte size.",
        params: &[MySocket(Send), YourSocket(Receive), ByteSize],
    },
    Layout {
        op: opcode::CLS,
        name: "CLS",
        meaning: "Close the connection between these two sockets (or refuse a request for it).",
        params: &[MySocket(Either), YourSocket(Either)],
    },
    Layout {
        op: opcode::ALL,
        name: "ALL",
        meaning: "Allocate: the receiver lets the sender send this many more messages and bits \
                  on a link.",
        params: &[Link { assigned: false }, MessageSpace, BitSpace],
    },
    Layout {
        op: opcode::GVB,
        name: "GVB",
        meaning: "Give back: the receiver asks the sender to return part or all of its \
                  allocation on a link.",
        params: &[Link { assigned: false }, FractionMessages, FractionBits],
    },
    Layout {
        op: opcode::RET,
        name: "RET",
        meaning: "Return: the sender hands back this much of its allocation on a link.",
        params: &[Link { assigned: false }, MessageSpace, BitSpace],
    },
    Layout {
        op: opcode::INR,
        name: "INR",
        meaning: "Interrupt from the receiving side of the connection on this link.",
        params: &[Link { assigned: false }],
    },
    Layout {
        op: opcode::INS,
        name: "INS",
        meaning: "Interrupt from the sending side of the connection on this link.",
        params: &[Link { assigned: false }],
    },
    Layout {
        op: opcode::ECO,
        name: "ECO",
        meaning: "Echo request: the other host answers ERP with the same data.",
        params: &[Data],
    },
    Layout {
        op: opcode::ERP,
        name: "ERP",
        meaning: "Echo reply, carrying the data of the ECO it answers.",
        params: &[Data],
    },
    Layout {
        op: opcode::ERR,
        name: "ERR",
        meaning: "Error: the other host broke the protocol; the code says how and the data holds \
                  the command in error.",
        params: &[ErrorCode, ErrorData],
    },
    Layout {
        op: opcode::RST,
        name: "RST",
        meaning: "Reset: the sending host has forgotten every connection with the other host.",
        params: &[],
    },
    Layout {
        op: opcode::RRP,
        name: "RRP",
        meaning: "Reset reply: the answer to RST.",
        params: &[],
    },
];

/// The layout of an opcode, or `None` past the table (an illegal opcode).
pub fn layout(op: u8) -> Option<&'static Layout> {
    LAYOUTS.get(usize::from(op))
}

/// One host-host control command, as the ICP uses them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    /// Receiver to sender: `RTS <my receive socket> <your send socket> <link>`.
    Rts { receive: u32, send: u32, link: u8 },
    /// Sender to receiver: `STR <my send socket> <your receive socket> <byte size>`.
    Str { send: u32, receive: u32, size: u8 },
    /// `CLS <my socket> <your socket>`.
    Cls { mine: u32, yours: u32 },
    /// `ALL <link> <message space> <bit space>`.
    All { link: u8, messages: u16, bits: u32 },
    /// `ERR <code> <data>`: the first 10 bytes of the command in error, zero-padded.
    Err { code: u8, data: [u8; 10] },
}

impl Command {
    /// An `ERR` that quotes `command` (its first 10 bytes).
    pub fn err(code: u8, command: &[u8]) -> Command {
        let mut data = [0u8; 10];
        for (d, b) in data.iter_mut().zip(command) {
            *d = *b;
        }
        Command::Err { code, data }
    }

    /// The command's bytes (opcode first).
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(12);
        match *self {
            Command::Rts {
                receive,
                send,
                link,
            } => {
                out.push(opcode::RTS);
                out.extend_from_slice(&receive.to_be_bytes());
                out.extend_from_slice(&send.to_be_bytes());
                out.push(link);
            }
            Command::Str {
                send,
                receive,
                size,
            } => {
                out.push(opcode::STR);
                out.extend_from_slice(&send.to_be_bytes());
                out.extend_from_slice(&receive.to_be_bytes());
                out.push(size);
            }
            Command::Cls { mine, yours } => {
                out.push(opcode::CLS);
                out.extend_from_slice(&mine.to_be_bytes());
                out.extend_from_slice(&yours.to_be_bytes());
            }
            Command::All {
                link,
                messages,
                bits,
            } => {
                out.push(opcode::ALL);
                out.push(link);
                out.extend_from_slice(&messages.to_be_bytes());
                out.extend_from_slice(&bits.to_be_bytes());
            }
            Command::Err { code, data } => {
                out.push(opcode::ERR);
                out.push(code);
                out.extend_from_slice(&data);
            }
        }
        out
    }

    /// As the chapter writes it: `RTS 100, 1, link 5`.
    pub fn text(&self) -> String {
        match *self {
            Command::Rts {
                receive,
                send,
                link,
            } => format!("RTS {receive}, {send}, link {link}"),
            Command::Str {
                send,
                receive,
                size,
            } => format!("STR {send}, {receive}, size {size}"),
            Command::Cls { mine, yours } => format!("CLS {mine}, {yours}"),
            Command::All {
                link,
                messages,
                bits,
            } => format!(
                "ALL link {link}, {}, {}",
                plural(usize::from(messages), "msg"),
                plural(bits as usize, "bit")
            ),
            Command::Err { code, .. } => format!("ERR {code} ({})", error_name(code)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_indexed_by_opcode_and_sized_as_rfc_6529_lays_it_out() {
        let sizes: Vec<(u8, &str, usize)> =
            LAYOUTS.iter().map(|l| (l.op, l.name, l.len())).collect();
        assert_eq!(
            sizes,
            [
                (0, "NOP", 1),
                (1, "RTS", 10),
                (2, "STR", 10),
                (3, "CLS", 9),
                (4, "ALL", 8),
                (5, "GVB", 4),
                (6, "RET", 8),
                (7, "INR", 2),
                (8, "INS", 2),
                (9, "ECO", 2),
                (10, "ERP", 2),
                (11, "ERR", 12),
                (12, "RST", 1),
                (13, "RRP", 1),
            ]
        );
        assert!(layout(14).is_none() && layout(255).is_none());
        for c in [
            Command::Rts {
                receive: 2,
                send: 1,
                link: 2,
            },
            Command::Str {
                send: 1,
                receive: 2,
                size: 1,
            },
            Command::Cls { mine: 1, yours: 2 },
            Command::All {
                link: 2,
                messages: 1,
                bits: 1,
            },
            Command::err(1, &[14]),
        ] {
            let b = c.encode();
            assert_eq!(layout(b[0]).map(Layout::len), Some(b.len()), "{c:?}");
        }
    }
}
