//! Control commands on link 0 → [`wire::Dissection`], bit by bit, from the table in
//! [`super::command`]. Never fails: a short command gets the fields that are there, an
//! illegal opcode stops the reading, and every broken rule is a problem with the answer a
//! conforming NCP gives.

use wire::{BitRange, Dissection, Field, Problem, Raw};

use super::command::{Gender, LINKS, Param, RULE, error_code, error_name, layout, opcode};
use crate::util::{plural, problem, uint_field};

/// The protocol name in dissections.
pub const PROTOCOL: &str = "NCP";
/// The ICP's parity rule: RFC 165's `Init` requires that "the sum of l and f must be odd".
pub const PARITY_RULE: &str = "RFC 165 (socket parity)";
const LINK_RULE: &str = "RFC 6529 §3 (an RTS link is 2-71)";
const SIZE_RULE: &str = "RFC 6529 §3, RFC 165 (a non-zero byte size)";
/// What a host answers a command whose parameters are out of range.
pub(crate) const BAD_PARAMETERS: &str = "ERR 3 (bad parameters)";
/// What a host answers a request that joins two sockets of one gender.
pub(crate) const REFUSE: &str = "refuse the connection with CLS";

/// `100 (even: receives)`.
fn gender_text(v: u64) -> String {
    format!(
        "{v} ({})",
        if v % 2 == 1 {
            "odd: sends"
        } else {
            "even: receives"
        }
    )
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
fn socket(bytes: &[u8], at: usize, mine: bool, gender: Gender) -> (Field, Option<u64>) {
    let (name, role) = match (mine, gender) {
        (true, Gender::Receive) => ("My socket (receive)", "a receive socket"),
        (true, Gender::Send) => ("My socket (send)", "a send socket"),
        (true, Gender::Either) => ("My socket", "this end of the connection"),
        (false, Gender::Receive) => ("Your socket (receive)", "a receive socket"),
        (false, Gender::Send) => ("Your socket (send)", "a send socket"),
        (false, Gender::Either) => ("Your socket", "the other end"),
    };
    let range = BitRange::bytes(at, 4);
    let (mut f, v) = uint_field(bytes, name, range, RULE, |v| {
        (gender_text(v), socket_meaning(mine, role))
    });
    let want_odd = match gender {
        Gender::Send => Some(true),
        Gender::Receive => Some(false),
        Gender::Either => None,
    };
    if let (Some(v), Some(want_odd)) = (v, want_odd)
        && (v % 2 == 1) != want_odd
    {
        f = f.with_problem(problem(
            PARITY_RULE,
            format!(
                "socket {v} is {}, but here it must be {role} ({})",
                if v % 2 == 1 { "odd" } else { "even" },
                if want_odd { "odd" } else { "even" }
            ),
            range,
            Some(REFUSE),
        ));
    }
    (f, v)
}

/// The field of one parameter, and its value when it is a number that was there.
fn param(bytes: &[u8], at: usize, p: Param) -> (Field, Option<u64>) {
    let range = BitRange::bytes(at, p.bytes());
    match p {
        Param::Link { assigned } => {
            let (f, v) = uint_field(bytes, "Link", range, RULE, |v| {
                let meaning = if assigned {
                    "The link the receiver chose: the sender's data messages will carry this \
                     number in their leader."
                } else {
                    "The connection this command is about, by its link."
                };
                (v.to_string(), meaning.into())
            });
            match v {
                Some(l) if assigned && !LINKS.contains(&(l as u8)) => (
                    f.with_problem(problem(
                        LINK_RULE,
                        format!(
                            "link {l} is outside {}-{}: link 0 carries control commands, and \
                             only links {}-{} are for connections",
                            LINKS.start(),
                            LINKS.end(),
                            LINKS.start(),
                            LINKS.end()
                        ),
                        range,
                        Some(BAD_PARAMETERS),
                    )),
                    v,
                ),
                _ => (f, v),
            }
        }
        Param::ByteSize => {
            let (f, v) = uint_field(bytes, "Byte size", range, RULE, |v| {
                (
                    plural(v as usize, "bit"),
                    "The size of the bytes the sender will send on this connection (1 to 255 \
                     bits)."
                        .into(),
                )
            });
            if v == Some(0) {
                let p = problem(
                    SIZE_RULE,
                    "a byte size of 0: every byte must have at least one bit",
                    range,
                    Some(BAD_PARAMETERS),
                );
                (f.with_problem(p), v)
            } else {
                (f, v)
            }
        }
        Param::MessageSpace => uint_field(bytes, "Message space", range, RULE, |v| {
            (
                plural(v as usize, "message"),
                "How many messages this allocation is worth.".into(),
            )
        }),
        Param::BitSpace => uint_field(bytes, "Bit space", range, RULE, |v| {
            (
                plural(v as usize, "bit"),
                "How many bits this allocation is worth: the receiver, who knows its buffers, \
                 meters the sender (TCP's window is its heir)."
                    .into(),
            )
        }),
        Param::FractionMessages => uint_field(bytes, "fm", range, RULE, |v| {
            (
                v.to_string(),
                "How much of its message allocation the sender is asked to give back.".into(),
            )
        }),
        Param::FractionBits => uint_field(bytes, "fb", range, RULE, |v| {
            (
                v.to_string(),
                "How much of its bit allocation the sender is asked to give back.".into(),
            )
        }),
        Param::Data => uint_field(bytes, "Data", range, RULE, |v| {
            (
                format!("0x{v:02x}"),
                "Eight bits the echo carries unchanged.".into(),
            )
        }),
        Param::ErrorCode => uint_field(bytes, "Error code", range, RULE, |v| {
            (
                format!("{v} ({})", error_name(v as u8)),
                "What kind of error the host found.".into(),
            )
        }),
        Param::ErrorData => match bytes.get(at..at + 10) {
            Some(b) => (
                Field::new(
                    "Data",
                    range,
                    Raw::Bytes(b.to_vec()),
                    wire::to_hex(b),
                    "The first 80 bits of the command in error.",
                ),
                None,
            ),
            None => (crate::util::missing(bytes, "Data", range, RULE), None),
        },
        Param::MySocket(g) => socket(bytes, at, true, g),
        Param::YourSocket(g) => socket(bytes, at, false, g),
    }
}

/// `RTS 100, 1, link 5`, from the values read (`?` where the input ended).
fn text(name: &str, op: u8, v: &[Option<u64>]) -> String {
    let n = |i: usize| {
        v.get(i)
            .copied()
            .flatten()
            .map_or_else(|| "?".to_owned(), |v| v.to_string())
    };
    match op {
        opcode::RTS => format!("RTS {}, {}, link {}", n(0), n(1), n(2)),
        opcode::STR => format!("STR {}, {}, size {}", n(0), n(1), n(2)),
        opcode::CLS => format!("CLS {}, {}", n(0), n(1)),
        opcode::ALL | opcode::RET => format!("{name} link {}, {} msg, {} bits", n(0), n(1), n(2)),
        opcode::GVB => format!("GVB link {}, fm {}, fb {}", n(0), n(1), n(2)),
        opcode::INR | opcode::INS => format!("{name} link {}", n(0)),
        opcode::ECO | opcode::ERP => match v.first().copied().flatten() {
            Some(x) => format!("{name} 0x{x:02x}"),
            None => format!("{name} ?"),
        },
        opcode::ERR => match v.first().copied().flatten() {
            Some(c) => format!("ERR {c} ({})", error_name(c as u8)),
            None => "ERR ?".to_owned(),
        },
        _ => name.to_owned(),
    }
}

/// The sum of a socket pair must be odd (one sends, one receives).
fn pair_problem(a: u64, b: u64, at: usize, closing: bool) -> Option<Problem> {
    (a + b).is_multiple_of(2).then(|| {
        let why = if closing {
            "no connection joins these sockets"
        } else {
            "one socket must send and one receive"
        };
        problem(
            PARITY_RULE,
            format!("{a} + {b} = {} is even: {why}", a + b),
            BitRange::bytes(at + 1, 8),
            (!closing).then_some(REFUSE),
        )
    })
}

/// Dissects control commands on link 0 (one or more, back to back). Never fails.
pub fn dissect(bytes: &[u8]) -> Dissection {
    let mut d = Dissection::new(PROTOCOL, String::new(), bytes.to_vec());
    let mut at = 0;
    let mut texts = Vec::new();
    while let Some(&op) = bytes.get(at) {
        let Some(l) = layout(op) else {
            let opcode_field = Field::new(
                "Opcode",
                BitRange::bytes(at, 1),
                Raw::Uint(u64::from(op)),
                format!("{op} (illegal)"),
                "Which control command this is (RFC 6529 §3).",
            );
            let f = Field::new(
                "Illegal opcode",
                BitRange::bytes(at, bytes.len() - at),
                Raw::Bytes(bytes[at..].to_vec()),
                format!("opcode {op}"),
                "The opcodes run from 0 (NOP) to 13 (RRP); a host cannot know how long an \
                 unknown command is, so the rest of the message is not read.",
            )
            .with_children(vec![opcode_field])
            .with_problem(problem(
                RULE,
                format!("opcode {op} is past the table, which ends at 13 (RRP)"),
                BitRange::bytes(at, 1),
                Some(&format!(
                    "ERR {} ({})",
                    error_code::ILLEGAL_OPCODE,
                    error_name(error_code::ILLEGAL_OPCODE)
                )),
            ));
            d.push(f);
            texts.push(format!("opcode {op}"));
            break;
        };
        let mut children = vec![Field::new(
            "Opcode",
            BitRange::bytes(at, 1),
            Raw::Uint(u64::from(op)),
            format!("{} ({op})", l.name),
            "Which control command this is (RFC 6529 §3).",
        )];
        let mut values = Vec::new();
        let mut sockets = Vec::new();
        let mut p_at = at + 1;
        for &p in l.params {
            let (f, v) = param(bytes, p_at, p);
            if matches!(p, Param::MySocket(_) | Param::YourSocket(_)) {
                sockets.push(v);
            }
            children.push(f);
            values.push(v);
            p_at += p.bytes();
        }
        let end = (at + l.len()).min(bytes.len());
        let text = text(l.name, op, &values);
        let pair = match sockets.as_slice() {
            [Some(a), Some(b)] => pair_problem(*a, *b, at, op == opcode::CLS),
            _ => None,
        };
        d.push(
            Field::new(
                l.name,
                BitRange::bytes(at, end - at),
                Raw::Bytes(bytes[at..end].to_vec()),
                text.clone(),
                l.meaning,
            )
            .with_children(children),
        );
        if let Some(p) = pair {
            d.problem(p);
        }
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
