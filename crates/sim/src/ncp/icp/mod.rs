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
//!
//! Here are the learner's choices and what a step is made of; `steps.rs` plays the
//! protocol, step by step.

mod steps;

pub use steps::steps;

use wire::Dissection;

use super::command::LINKS;

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
