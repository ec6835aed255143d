//! The Initial Connection Protocol of RFC 165 (Postel, 25 May 1971), step by step, as the
//! host-host commands each NCP sends.
//!
//! RFC 165 (which obsoletes RFCs 123, 143 and 145) at the third level: the server listens on
//! a well-known send socket L; the user's receive socket U connects to it with a byte size
//! of 32; the server sends one 32-bit even number S and closes; then
//!
//! ```text
//!   server  Init (local = S,   foreign = U+3, size = Bu)      user U+3 → server S
//!           Init (local = S+1, foreign = U+2, size = Bs)      server S+1 → user U+2
//!   user    Init (local = U+3, foreign = S,   size = Bu)
//!           Init (local = U+2, foreign = S+1, size = Bs)
//! ```
//!
//! L is odd, S and U are even, and every `Init` needs "the sum of l and f" to be odd. The
//! new pair uses U+2 and U+3, not U and U+1 as RFC 123 did: RFC 161 showed that reusing U
//! races with U's close (some NCPs queued a second request for a socket, some refused it),
//! and RFC 165 adopted its sequence. For Telnet and a logger, L = 1 and Bu = Bs = 8.
//!
//! Each `Init` becomes an RTS (from the receiving side, naming the link) or an STR (from
//! the sending side); no data moves until the receiver sends ALL. When a command breaks a
//! rule, the other NCP answers as a conforming one would (CLS for a wrong gender, ERR for a
//! parameter out of range) and the steps end there, so a learner who breaks the parity rule
//! sees what it costs.

use wire::{BitRange, Dissection, Field, Problem, Raw};

use super::command::{Command, LINKS, error_code};
use super::dissect::{BAD_PARAMETERS, PARITY_RULE, PROTOCOL, REFUSE, dissect};
use crate::util::problem;

/// What the learner chooses. `Default` is the chapter's worked example.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Params {
    /// L: the server's well-known (odd) send socket; loggers used 1.
    pub listen_socket: u32,
    /// U: the user's (even) receive socket for the contact; U + 2 receives and U + 3 sends
    /// afterwards.
    pub user_socket: u32,
    /// S: the (even) number the server sends; S receives and S + 1 sends.
    pub server_socket: u32,
    /// The link the user picks for the contact connection.
    pub contact_link: u8,
    /// The link the user picks to receive on (server S+1 → user U+2).
    pub user_link: u8,
    /// The link the server picks to receive on (user U+3 → server S).
    pub server_link: u8,
    /// The byte size of the two new connections (Bs = Bu; 8 for Telnet).
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

fn parity(v: u32) -> &'static str {
    if v % 2 == 1 { "odd" } else { "even" }
}

impl Params {
    /// The rules these numbers break, one sentence each, before anything is sent (empty when
    /// the ICP can run to the end).
    pub fn problems(&self) -> Vec<String> {
        let (l, u, s) = (self.listen_socket, self.user_socket, self.server_socket);
        let mut out = Vec::new();
        if l % 2 == 0 {
            out.push(format!(
                "L = {l} is even, but the server's well-known socket sends, so it must be odd \
                 (RFC 165: \"L is a send socket (odd)\")"
            ));
        }
        if u % 2 == 1 {
            out.push(format!(
                "U = {u} is odd, but the user's contact socket receives, so it must be even \
                 (RFC 165: \"S and U are receive sockets (even)\"); U + L = {} is {}",
                u64::from(u) + u64::from(l),
                if (u64::from(u) + u64::from(l)) % 2 == 1 {
                    "odd"
                } else {
                    "even, which the parity rule forbids"
                }
            ));
        }
        if s % 2 == 1 {
            out.push(format!(
                "S = {s} is odd, but the server's new receive socket must be even (RFC 165: \
                 S receives, S + 1 sends)"
            ));
        }
        for (what, link) in [
            ("contact link", self.contact_link),
            ("user's receive link", self.user_link),
            ("server's receive link", self.server_link),
        ] {
            if !LINKS.contains(&link) {
                out.push(format!(
                    "the {what} {link} is outside {}-{}, the links an RTS may assign \
                     (RFC 6529 §3)",
                    LINKS.start(),
                    LINKS.end()
                ));
            }
        }
        if self.byte_size == 0 {
            out.push(
                "a byte size of 0: RFC 165's byte size is \"an eight bit non-zero byte size\""
                    .into(),
            );
        }
        out
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

    fn other(self) -> Host {
        match self {
            Host::User => Host::Server,
            Host::Server => Host::User,
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
    /// The parity check of the pair: `1 + 100 = 101, odd`.
    pub sum: String,
    /// Whether the sum is odd, as every connection's must be.
    pub sum_odd: bool,
    pub link: Option<u8>,
    /// `requested`, `open`, `closed`, `refused`.
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
