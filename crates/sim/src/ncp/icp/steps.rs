//! RFC 165's initial connection, played step by step: the commands each NCP sends, the
//! connections as both NCPs see them after each step, and the conforming answer (CLS, ERR)
//! to the first command that breaks a rule.

use wire::{BitRange, Dissection, Field, Problem, Raw};

use super::{Connection, Host, Message, Params, Step, parity};
use crate::ncp::command::{Command, error_code};
use crate::ncp::dissect::{BAD_PARAMETERS, PARITY_RULE, PROTOCOL, REFUSE, dissect};
use crate::util::problem;

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
    let at = BitRange::bytes(0, 4);
    let mut f = Field::new(
        "Socket number S",
        at,
        Raw::Uint(u64::from(s)),
        format!(
            "{s} ({}): \"your sockets are {s} and {}\"",
            parity(s),
            u64::from(s) + 1
        ),
        "The one 32-bit byte of data the ICP sends: the server's new receive socket S; S + 1 \
         will send.",
    );
    if s % 2 == 1 {
        f = f.with_problem(problem(
            PARITY_RULE,
            format!(
                "S = {s} is odd: the server must send an even number (S receives, S + 1 sends)"
            ),
            at,
            Some("close the contact connection and give up"),
        ));
    }
    d.push(f);
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
    let sum = u64::from(sender.1) + u64::from(receiver.1);
    Connection {
        sender: format!("{} {}", sender.0.name(), sender.1),
        receiver: format!("{} {}", receiver.0.name(), receiver.1),
        sum: format!(
            "{} + {} = {sum}, {}",
            sender.1,
            receiver.1,
            if sum % 2 == 1 { "odd" } else { "even" }
        ),
        sum_odd: sum % 2 == 1,
        link,
        state,
    }
}

/// The first problem in a message that a conforming NCP answers.
fn answered(m: &Message) -> Option<&Problem> {
    m.dissection.problems.iter().find(|p| p.answer.is_some())
}

/// What the other NCP sends back for `m`'s problem.
fn answer(m: &Message, p: &Problem, contact: (u32, u32)) -> Command {
    let bytes = &m.dissection.bytes;
    let word = |at: usize| {
        bytes
            .get(at..at + 4)
            .and_then(|b| <[u8; 4]>::try_from(b).ok())
            .map_or(0, u32::from_be_bytes)
    };
    match p.answer.as_deref() {
        Some(REFUSE) => Command::Cls {
            // The refusing host's socket is the request's "your socket".
            mine: word(5),
            yours: word(1),
        },
        Some(BAD_PARAMETERS) => Command::err(error_code::BAD_PARAMETERS, bytes),
        // The data message: the user closes the contact connection.
        _ => Command::Cls {
            mine: contact.0,
            yours: contact.1,
        },
    }
}

/// The ICP, step by step, as the chapter's table lays it out; it stops at the first command
/// a conforming NCP would refuse, with the refusal. Fails only when U + 3 or S + 1 would not
/// fit in a 32-bit socket number.
pub fn steps(p: &Params) -> Result<Vec<Step>, String> {
    use Host::{Server, User};
    let (l, u, s) = (p.listen_socket, p.user_socket, p.server_socket);
    let u2 = u
        .checked_add(2)
        .ok_or_else(|| format!("U + 2 = {} does not fit in 32 bits", u64::from(u) + 2))?;
    let u3 = u
        .checked_add(3)
        .ok_or_else(|| format!("U + 3 = {} does not fit in 32 bits", u64::from(u) + 3))?;
    let s1 = s
        .checked_add(1)
        .ok_or_else(|| format!("S + 1 = {} does not fit in 32 bits", u64::from(s) + 1))?;
    let contact = |state| conn((Server, l), (User, u), Some(p.contact_link), state);
    let a = |state, link| conn((Server, s1), (User, u2), link, state);
    let b = |state, link| conn((User, u3), (Server, s), link, state);
    let (ul, sl) = (Some(p.user_link), Some(p.server_link));
    let odd = |x: u32, y: u32| {
        let sum = u64::from(x) + u64::from(y);
        format!(
            "{x} + {y} = {sum}, {}",
            if sum % 2 == 1 { "odd" } else { "even" }
        )
    };

    // (from, explanation, messages, connections after it; a refusal hits the last one)
    type Plan = (&'static str, String, Vec<Message>, Vec<Connection>);
    let plan: Vec<Plan> = vec![
        (
            "user",
            format!(
                "The user's receive socket U = {u} asks for the server's well-known send \
                 socket L = {l}, and chooses link {} for the data: the receiver always picks \
                 the link ({}).",
                p.contact_link,
                odd(u, l)
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
        ),
        (
            "server",
            format!(
                "The server's send socket {l} agrees, with 32-bit bytes: the one thing it will \
                 send is a 32-bit number. A matching RTS and STR have crossed, so the \
                 connection exists."
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
        ),
        (
            "user",
            format!(
                "No data moves until the receiver allocates: room for exactly one message of \
                 32 bits on link {}.",
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
        ),
        (
            "server",
            format!(
                "The server sends S = {s} on link {}: \"your sockets are {s} and {s1}\". The \
                 allocation is used up.",
                p.contact_link
            ),
            vec![data_message(p.contact_link, s)],
            vec![contact("open, allocation used")],
        ),
        (
            "both",
            format!(
                "Both sides close the contact connection; the well-known socket {l} is free \
                 for the next user."
            ),
            vec![
                control(Server, Command::Cls { mine: l, yours: u }),
                control(User, Command::Cls { mine: u, yours: l }),
            ],
            vec![contact("closed")],
        ),
        (
            "server",
            format!(
                "The server's send socket S + 1 = {s1} offers itself to the user's receive \
                 socket U + 2 = {u2}, with {}-bit bytes ({}). U + 2 is a socket the contact \
                 connection never used, so this request cannot collide with socket {u}'s close \
                 if that is still on its way: RFC 161's fix, which RFC 165 adopted.",
                p.byte_size,
                odd(s1, u2)
            ),
            vec![control(
                Server,
                Command::Str {
                    send: s1,
                    receive: u2,
                    size: p.byte_size,
                },
            )],
            vec![contact("closed"), a("requested", None)],
        ),
        (
            "user",
            format!(
                "The user's receive socket U + 2 = {u2} accepts the server's {s1} and picks \
                 link {} for it.",
                p.user_link
            ),
            vec![control(
                User,
                Command::Rts {
                    receive: u2,
                    send: s1,
                    link: p.user_link,
                },
            )],
            vec![contact("closed"), a("open", ul)],
        ),
        (
            "server",
            format!(
                "The server's receive socket S = {s} asks for the user's send socket U + 3 = \
                 {u3}, on link {} (the server receives, so it picks; {}).",
                p.server_link,
                odd(u3, s)
            ),
            vec![control(
                Server,
                Command::Rts {
                    receive: s,
                    send: u3,
                    link: p.server_link,
                },
            )],
            vec![contact("closed"), a("open", ul), b("requested", sl)],
        ),
        (
            "user",
            format!(
                "The user agrees: its send socket {u3} will send to {s} on link {}.",
                p.server_link
            ),
            vec![control(
                User,
                Command::Str {
                    send: u3,
                    receive: s,
                    size: p.byte_size,
                },
            )],
            vec![contact("closed"), a("open", ul), b("open", sl)],
        ),
        (
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
        ),
    ];

    let mut steps = Vec::new();
    for (from, explanation, messages, mut connections) in plan {
        let refusal = messages
            .iter()
            .find_map(|m| answered(m).map(|pr| (m.from, answer(m, pr, (u, l)), pr.clone())));
        steps.push(Step {
            number: steps.len() + 1,
            from,
            explanation,
            messages,
            connections: connections.clone(),
        });
        if let Some((sender, reply, pr)) = refusal {
            let refuser = sender.other();
            if let Some(last) = connections.last_mut() {
                last.state = match pr.answer.as_deref() {
                    Some(REFUSE | BAD_PARAMETERS) => "refused",
                    _ => "closed",
                };
            }
            let how = pr.answer.as_deref().unwrap_or_default();
            steps.push(Step {
                number: steps.len() + 1,
                from: refuser.name(),
                explanation: format!(
                    "The {} NCP finds that {}, which breaks {}, so it answers as a conforming \
                     NCP does ({how}); the ICP stops here: no session.",
                    refuser.name(),
                    pr.message,
                    pr.rule
                ),
                messages: vec![control(refuser, reply)],
                connections,
            });
            break;
        }
    }
    Ok(steps)
}
