//! The ARPANET's Initial Connection Protocol (RFC 123, RFC 145, RFC 165) as host-host
//! commands, step by step.
//!
//! NCP connections are *simplex*: one sending socket (odd) joined to one receiving socket
//! (even), so every connection's two socket numbers add up to an odd number. NCPs talk about
//! connections with control commands on link 0 (RFC 6529, the 1972 Host/Host protocol):
//!
//! ```text
//!  RTS  <my receive socket 32> <your send socket 32> <link 8>    receiver to sender
//!  STR  <my send socket 32> <your receive socket 32> <byte size 8>  sender to receiver
//!  CLS  <my socket 32> <your socket 32>                          close
//!  ALL  <link 8> <message space 16> <bit space 32>               allocate
//! ```
//!
//! each preceded by an 8-bit opcode (RTS 1, STR 2, CLS 3, ALL 4). The ICP, as the book's
//! chapter 3 tells it with RFC 145's commands: the user's receive socket U asks for the
//! server's well-known send socket L; the server sends one 32-bit number S down that
//! connection; both close it; then two new connections are opened, server S+1 → user U and
//! user U+1 → server S.
//!
//! The byte layouts are the 1972 protocol's; the 1971 ICP documents predate some of its
//! details, so read them as a faithful model, not a capture.

use wire::{BitRange, Dissection, Field, Raw};

use crate::util::{plural, problem, uint_field};

/// The protocol name in dissections.
pub const PROTOCOL: &str = "NCP";
const RULE: &str = "RFC 6529 §4";
const PARITY_RULE: &str = "RFC 123, RFC 165 (socket parity)";

/// Control command opcodes (RFC 6529 §4).
pub mod opcode {
    pub const NOP: u8 = 0;
    pub const RTS: u8 = 1;
    pub const STR: u8 = 2;
    pub const CLS: u8 = 3;
    pub const ALL: u8 = 4;
}

/// One host-host control command.
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
}

impl Command {
    /// The command's bytes (opcode first).
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(10);
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
        }
    }
}

/// A number read, or `?` when the input ended before it.
fn num(v: Option<u64>) -> String {
    v.map_or_else(|| "?".to_owned(), |v| v.to_string())
}

fn name_of(op: u8) -> &'static str {
    match op {
        0 => "NOP",
        1 => "RTS",
        2 => "STR",
        3 => "CLS",
        4 => "ALL",
        5 => "GVB",
        6 => "RET",
        7 => "INR",
        8 => "INS",
        9 => "ECO",
        10 => "ERP",
        11 => "ERR",
        12 => "RST",
        13 => "RRP",
        _ => "unknown",
    }
}

fn socket_meaning(mine: bool, role: &str) -> String {
    let host = if mine {
        "the host that sent this command"
    } else {
        "the host this command goes to"
    };
    format!(
        "A 32-bit socket number on {host} ({role}). The low bit is the socket's gender: even \
         sockets receive, odd sockets send."
    )
}

/// A socket field, with a parity problem when it faces the wrong way.
fn socket(bytes: &[u8], name: &str, byte: usize, want_odd: bool) -> (Field, Option<u64>) {
    let role = if want_odd {
        "a send socket"
    } else {
        "a receive socket"
    };
    let (mut f, v) = uint_field(bytes, name, BitRange::bytes(byte, 4), RULE, |v| {
        (
            format!(
                "{v} ({})",
                if v % 2 == 1 {
                    "odd: sends"
                } else {
                    "even: receives"
                }
            ),
            socket_meaning(name.starts_with("My"), role),
        )
    });
    if let Some(v) = v
        && (v % 2 == 1) != want_odd
    {
        f = f.with_problem(problem(
            PARITY_RULE,
            format!(
                "socket {v} is {}, but here it must be {role} ({})",
                if v % 2 == 1 { "odd" } else { "even" },
                if want_odd { "odd" } else { "even" }
            ),
            BitRange::bytes(byte, 4),
            Some("refuse the connection with CLS"),
        ));
    }
    (f, v)
}

/// Dissects control commands on link 0 (one or more, back to back). Never fails.
pub fn dissect(bytes: &[u8]) -> Dissection {
    let mut d = Dissection::new(PROTOCOL, String::new(), bytes.to_vec());
    let mut at = 0;
    let mut texts = Vec::new();
    while let Some(&op) = bytes.get(at) {
        let len = match op {
            opcode::NOP => 1,
            opcode::RTS | opcode::STR => 10,
            opcode::CLS => 9,
            opcode::ALL => 8,
            _ => 0,
        };
        let name = name_of(op);
        let mut children = vec![Field::new(
            "Opcode",
            BitRange::bytes(at, 1),
            Raw::Uint(u64::from(op)),
            format!("{name} ({op})"),
            "Which control command this is (RFC 6529 §4).",
        )];
        if len == 0 {
            let f = Field::new(
                name,
                BitRange::bytes(at, bytes.len() - at),
                Raw::Bytes(bytes[at..].to_vec()),
                format!("opcode {op}"),
                "A command this model does not lay out; the rest is not read.",
            )
            .with_children(children)
            .with_problem(problem(
                RULE,
                format!("opcode {op} is not one of NOP, RTS, STR, CLS or ALL"),
                BitRange::bytes(at, 1),
                Some("ERR (error)"),
            ));
            d.push(f);
            texts.push(format!("opcode {op}"));
            break;
        }
        let end = (at + len).min(bytes.len());
        let text;
        match op {
            opcode::RTS => {
                let (a, r) = socket(bytes, "My socket (receive)", at + 1, false);
                let (b, s) = socket(bytes, "Your socket (send)", at + 5, true);
                let (c, l) = uint_field(bytes, "Link", BitRange::bytes(at + 9, 1), RULE, |v| {
                    (
                        v.to_string(),
                        "The link the receiver chose: the sender's data messages will carry \
                         this number in their leader."
                            .into(),
                    )
                });
                children.extend([a, b, c]);
                text = format!("RTS {}, {}, link {}", num(r), num(s), num(l));
                if let (Some(r), Some(s)) = (r, s)
                    && (r + s) % 2 == 0
                {
                    d.problem(problem(
                        PARITY_RULE,
                        format!(
                            "{r} + {s} = {} is even: one socket must send and one receive",
                            r + s
                        ),
                        BitRange::bytes(at + 1, 8),
                        None,
                    ));
                }
            }
            opcode::STR => {
                let (a, s) = socket(bytes, "My socket (send)", at + 1, true);
                let (b, r) = socket(bytes, "Your socket (receive)", at + 5, false);
                let (c, z) =
                    uint_field(bytes, "Byte size", BitRange::bytes(at + 9, 1), RULE, |v| {
                        (
                            format!("{v} bits"),
                            "The size of the bytes the sender will send on this connection.".into(),
                        )
                    });
                children.extend([a, b, c]);
                text = format!("STR {}, {}, size {}", num(s), num(r), num(z));
            }
            opcode::CLS => {
                let (a, m) =
                    uint_field(bytes, "My socket", BitRange::bytes(at + 1, 4), RULE, |v| {
                        (
                            v.to_string(),
                            socket_meaning(true, "this end of the connection"),
                        )
                    });
                let (b, y) = uint_field(
                    bytes,
                    "Your socket",
                    BitRange::bytes(at + 5, 4),
                    RULE,
                    |v| (v.to_string(), socket_meaning(false, "the other end")),
                );
                children.extend([a, b]);
                text = format!("CLS {}, {}", num(m), num(y));
                if let (Some(m), Some(y)) = (m, y)
                    && (m + y) % 2 == 0
                {
                    d.problem(problem(
                        PARITY_RULE,
                        format!(
                            "{m} + {y} = {} is even: no connection joins these sockets",
                            m + y
                        ),
                        BitRange::bytes(at + 1, 8),
                        None,
                    ));
                }
            }
            opcode::ALL => {
                let (a, l) = uint_field(bytes, "Link", BitRange::bytes(at + 1, 1), RULE, |v| {
                    (
                        v.to_string(),
                        "The connection this allocation is for, by its link.".into(),
                    )
                });
                let (b, m) = uint_field(
                    bytes,
                    "Message space",
                    BitRange::bytes(at + 2, 2),
                    RULE,
                    |v| {
                        (
                            plural(v as usize, "message"),
                            "How many more messages the sender may send.".into(),
                        )
                    },
                );
                let (c, n) =
                    uint_field(bytes, "Bit space", BitRange::bytes(at + 4, 4), RULE, |v| {
                        (
                            plural(v as usize, "bit"),
                            "How many more bits the sender may send: the receiver, who knows its \
                         buffers, meters the sender (TCP's window is its heir)."
                                .into(),
                        )
                    });
                children.extend([a, b, c]);
                text = format!("ALL link {}, {} msg, {} bits", num(l), num(m), num(n));
            }
            _ => {
                text = "NOP".into();
            }
        }
        let meaning = match op {
            opcode::RTS => {
                "Request for connection, receiver to sender: my receive socket wants your send socket; use this link."
            }
            opcode::STR => {
                "Request for connection, sender to receiver: my send socket agrees to talk to your receive socket with this byte size."
            }
            opcode::CLS => {
                "Close the connection between these two sockets (or refuse a request for it)."
            }
            opcode::ALL => {
                "Allocate: the receiver lets the sender send this many more messages and bits on a link."
            }
            _ => "No operation.",
        };
        d.push(
            Field::new(
                name,
                BitRange::bytes(at, end - at),
                Raw::Bytes(bytes[at..end].to_vec()),
                text.clone(),
                meaning,
            )
            .with_children(children),
        );
        texts.push(text);
        at = end;
    }
    d.summary = if texts.is_empty() {
        "no commands".into()
    } else {
        texts.join("; ")
    };
    d
}

/// What the learner chooses. `Default` is the chapter's worked example.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Params {
    /// L: the server's well-known (odd) send socket; loggers used 1.
    pub listen_socket: u32,
    /// U: the user's (even) receive socket; U + 1 will send.
    pub user_socket: u32,
    /// S: the number the server sends; S receives and S + 1 sends.
    pub server_socket: u32,
    /// The link the user picks for the contact connection.
    pub contact_link: u8,
    /// The link the user picks to receive on (server S+1 → user U).
    pub user_link: u8,
    /// The link the server picks to receive on (user U+1 → server S).
    pub server_link: u8,
    /// The byte size of the two new connections.
    pub byte_size: u8,
    /// What each receiver allocates at the end.
    pub alloc_messages: u16,
    pub alloc_bits: u32,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            listen_socket: 1,
            user_socket: 100,
            server_socket: 200,
            contact_link: 5,
            user_link: 7,
            server_link: 9,
            byte_size: 8,
            alloc_messages: 8,
            alloc_bits: 1024,
        }
    }
}

/// Which host.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Host {
    User,
    Server,
}

impl Host {
    pub fn name(self) -> &'static str {
        match self {
            Host::User => "user",
            Host::Server => "server",
        }
    }
}

/// One message on the wire.
#[derive(Debug, Clone)]
pub struct Message {
    pub from: Host,
    /// 0 for control commands, else the data link.
    pub link: u8,
    /// As the chapter writes it.
    pub text: String,
    pub dissection: Dissection,
}

/// One connection as the two NCPs see it after a step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Connection {
    /// `server 1`.
    pub sender: String,
    /// `user 100`.
    pub receiver: String,
    pub link: Option<u8>,
    /// `requested`, `open`, `closed`.
    pub state: &'static str,
}

/// One step of the ICP.
#[derive(Debug, Clone)]
pub struct Step {
    pub number: usize,
    /// `user`, `server` or `both`.
    pub from: &'static str,
    pub explanation: String,
    pub messages: Vec<Message>,
    pub connections: Vec<Connection>,
}

fn control(from: Host, c: Command) -> Message {
    Message {
        from,
        link: 0,
        text: c.text(),
        dissection: dissect(&c.encode()),
    }
}

/// The 32-bit socket number the server sends on the contact connection.
fn data_message(link: u8, s: u32) -> Message {
    let bytes = s.to_be_bytes().to_vec();
    let mut d = Dissection::new(PROTOCOL, format!("data on link {link}: {s}"), bytes.clone());
    d.push(Field::new(
        "Socket number S",
        BitRange::bytes(0, 4),
        Raw::Uint(u64::from(s)),
        format!("{s}: \"your sockets are {s} and {}\"", s.wrapping_add(1)),
        "The one 32-bit byte of data the ICP sends: the server's new receive socket S; S + 1 \
         will send.",
    ));
    d.header_bits = 32;
    Message {
        from: Host::Server,
        link,
        text: format!("data on link {link}: {s}"),
        dissection: d,
    }
}

fn conn(
    sender: (Host, u32),
    receiver: (Host, u32),
    link: Option<u8>,
    state: &'static str,
) -> Connection {
    Connection {
        sender: format!("{} {}", sender.0.name(), sender.1),
        receiver: format!("{} {}", receiver.0.name(), receiver.1),
        link,
        state,
    }
}

/// The ICP, step by step, as the chapter's table lays it out.
pub fn steps(p: &Params) -> Vec<Step> {
    use Host::{Server, User};
    let (l, u, s) = (p.listen_socket, p.user_socket, p.server_socket);
    let (u1, s1) = (u.wrapping_add(1), s.wrapping_add(1));
    let contact = |state| conn((Server, l), (User, u), Some(p.contact_link), state);
    let a = |state, link| conn((Server, s1), (User, u), link, state);
    let b = |state, link| conn((User, u1), (Server, s), link, state);
    let (ul, sl) = (Some(p.user_link), Some(p.server_link));
    let mut steps = Vec::new();
    let mut push = |from, explanation: String, messages, connections| {
        steps.push(Step {
            number: steps.len() + 1,
            from,
            explanation,
            messages,
            connections,
        });
    };
    push(
        "user",
        format!(
            "The user's receive socket {u} asks for the server's well-known send socket {l}, \
             and chooses link {} for the data: the receiver always picks the link.",
            p.contact_link
        ),
        vec![control(
            User,
            Command::Rts {
                receive: u,
                send: l,
                link: p.contact_link,
            },
        )],
        vec![contact("requested")],
    );
    push(
        "server",
        format!(
            "The server's send socket {l} agrees, with 32-bit bytes: the one thing it will send \
             is a 32-bit number. A matching RTS and STR have crossed, so the connection exists \
             ({l} + {u} = {}, odd, as the parity rule requires).",
            u64::from(l) + u64::from(u)
        ),
        vec![control(
            Server,
            Command::Str {
                send: l,
                receive: u,
                size: 32,
            },
        )],
        vec![contact("open")],
    );
    push(
        "user",
        format!(
            "No data moves until the receiver allocates: room for exactly one message of 32 \
             bits on link {}.",
            p.contact_link
        ),
        vec![control(
            User,
            Command::All {
                link: p.contact_link,
                messages: 1,
                bits: 32,
            },
        )],
        vec![contact("open, 1 message of 32 bits allocated")],
    );
    push(
        "server",
        format!(
            "The server sends S = {s} on link {}: \"your sockets are {s} and {s1}\". The \
             allocation is used up.",
            p.contact_link
        ),
        vec![data_message(p.contact_link, s)],
        vec![contact("open, allocation used")],
    );
    push(
        "both",
        format!(
            "Both sides close the contact connection; the well-known socket {l} is free for \
             the next user."
        ),
        vec![
            control(Server, Command::Cls { mine: l, yours: u }),
            control(User, Command::Cls { mine: u, yours: l }),
        ],
        vec![contact("closed")],
    );
    push(
        "server",
        format!(
            "The server's send socket S + 1 = {s1} offers itself to the user's receive socket \
             {u}, with {}-bit bytes.",
            p.byte_size
        ),
        vec![control(
            Server,
            Command::Str {
                send: s1,
                receive: u,
                size: p.byte_size,
            },
        )],
        vec![contact("closed"), a("requested", None)],
    );
    push(
        "user",
        format!(
            "The user's receive socket {u} accepts the server's {s1} and picks link {} for it.",
            p.user_link
        ),
        vec![control(
            User,
            Command::Rts {
                receive: u,
                send: s1,
                link: p.user_link,
            },
        )],
        vec![contact("closed"), a("open", ul)],
    );
    push(
        "server",
        format!(
            "The server's receive socket S = {s} asks for the user's send socket U + 1 = {u1}, \
             on link {} (the server receives, so it picks).",
            p.server_link
        ),
        vec![control(
            Server,
            Command::Rts {
                receive: s,
                send: u1,
                link: p.server_link,
            },
        )],
        vec![contact("closed"), a("open", ul), b("requested", sl)],
    );
    push(
        "user",
        format!(
            "The user agrees: its send socket {u1} will send to {s} on link {}.",
            p.server_link
        ),
        vec![control(
            User,
            Command::Str {
                send: u1,
                receive: s,
                size: p.byte_size,
            },
        )],
        vec![contact("closed"), a("open", ul), b("open", sl)],
    );
    push(
        "both",
        "Each receiver grants an allocation, and data flows both ways: the Telnet session \
         begins."
            .to_owned(),
        vec![
            control(
                User,
                Command::All {
                    link: p.user_link,
                    messages: p.alloc_messages,
                    bits: p.alloc_bits,
                },
            ),
            control(
                Server,
                Command::All {
                    link: p.server_link,
                    messages: p.alloc_messages,
                    bits: p.alloc_bits,
                },
            ),
        ],
        vec![
            contact("closed"),
            a("open, allocated", ul),
            b("open, allocated", sl),
        ],
    );
    steps
}
