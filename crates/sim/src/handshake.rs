//! A TCP connection's life as real packets (RFC 9293 §3.5, §3.6): the three-way handshake,
//! optional data each way, and the FIN teardown, each step an IPv4 datagram carrying a TCP
//! segment, with its bytes, both dissections and the sequence arithmetic in words.
//!
//! ```text
//!     client                                                server
//!  1. SYN-SENT     --> <SEQ=c><CTL=SYN>                 --> SYN-RECEIVED
//!  2. ESTABLISHED  <-- <SEQ=s><ACK=c+1><CTL=SYN,ACK>    <-- SYN-RECEIVED
//!  3. ESTABLISHED  --> <SEQ=c+1><ACK=s+1><CTL=ACK>      --> ESTABLISHED
//!     (data: each side's sequence number advances by the bytes it sends)
//!     FIN-WAIT-1   --> <SEQ=x><ACK=y><CTL=FIN,ACK>      --> CLOSE-WAIT
//!     FIN-WAIT-2   <-- <SEQ=y><ACK=x+1><CTL=ACK>        <--
//!     TIME-WAIT    <-- <SEQ=y><ACK=x+1><CTL=FIN,ACK>    <-- LAST-ACK
//!     TIME-WAIT    --> <SEQ=x+1><ACK=y+1><CTL=ACK>      --> CLOSED
//! ```
//!
//! A SYN and a FIN each use one sequence number, so the peer acknowledges ISN + 1 and
//! FIN + 1; data advances the number by its length. All arithmetic is modulo 2^32.

use wire::Dissection;

use crate::ipv4;
use crate::tcp::{self, Segment, flags};

/// Who sends a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Client,
    Server,
}

impl Side {
    pub fn name(self) -> &'static str {
        match self {
            Side::Client => "client",
            Side::Server => "server",
        }
    }
}

/// What the learner chooses. `Default` is the chapter's worked example.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Params {
    pub client_addr: [u8; 4],
    pub server_addr: [u8; 4],
    pub client_port: u16,
    pub server_port: u16,
    /// The client's initial sequence number.
    pub client_isn: u32,
    /// The server's initial sequence number.
    pub server_isn: u32,
    pub client_window: u16,
    pub server_window: u16,
    /// An MSS option on both SYNs, or none (as in the chapter's example).
    pub mss: Option<u16>,
    /// Data the client sends after the handshake (empty: none).
    pub request: Vec<u8>,
    /// Data the server answers with (empty: none).
    pub response: Vec<u8>,
    /// The IPv4 Identification of the client's first datagram (then +1 each).
    pub client_ip_id: u16,
    /// The IPv4 Identification of the server's first datagram (then +1 each).
    pub server_ip_id: u16,
    pub ttl: u8,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            client_addr: [192, 0, 2, 1],
            server_addr: [198, 51, 100, 7],
            client_port: 49152,
            server_port: 80,
            client_isn: 979_307_553,
            server_isn: 2_602_454_384,
            client_window: 64240,
            server_window: 65535,
            mss: None,
            request: Vec::new(),
            response: Vec::new(),
            client_ip_id: 0x1c46,
            server_ip_id: 0,
            ttl: 64,
        }
    }
}

/// One segment of the conversation.
#[derive(Debug, Clone)]
pub struct Step {
    /// 1-based.
    pub number: usize,
    pub from: Side,
    /// `SYN`, `SYN, ACK`, …
    pub label: String,
    /// The sequence arithmetic of this step, in words.
    pub explanation: String,
    pub sequence: u32,
    pub acknowledgment: u32,
    pub flags: u8,
    pub data_len: usize,
    /// The RFC 9293 §3.3.2 state of each end once this segment has arrived.
    pub client_state: &'static str,
    pub server_state: &'static str,
    /// The whole datagram: IPv4 header then TCP segment.
    pub packet: Vec<u8>,
    /// The datagram dissected as IPv4 (the segment is its Data).
    pub ip: Dissection,
    /// The segment dissected as TCP, its checksum verified with the pseudo-header.
    pub tcp: Dissection,
}

struct Builder<'a> {
    p: &'a Params,
    steps: Vec<Step>,
    ids: [u16; 2],
}

impl Builder<'_> {
    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        from: Side,
        flags: u8,
        seq: u32,
        ack: u32,
        data: &[u8],
        states: (&'static str, &'static str),
        explanation: String,
    ) {
        let p = self.p;
        let (src, dst, sport, dport, window) = match from {
            Side::Client => (
                p.client_addr,
                p.server_addr,
                p.client_port,
                p.server_port,
                p.client_window,
            ),
            Side::Server => (
                p.server_addr,
                p.client_addr,
                p.server_port,
                p.client_port,
                p.server_window,
            ),
        };
        let options = match p.mss {
            Some(m) if flags & flags::SYN != 0 => tcp::mss_option(m),
            _ => Vec::new(),
        };
        let segment = Segment {
            source_port: sport,
            destination_port: dport,
            sequence: seq,
            acknowledgment: ack,
            flags,
            window,
            options,
            payload: data.to_vec(),
            ..Segment::default()
        }
        .encode(src, dst);
        let side = usize::from(from == Side::Server);
        let id = self.ids[side];
        self.ids[side] = id.wrapping_add(1);
        let packet = ipv4::Header {
            identification: id,
            ttl: p.ttl,
            source: src,
            destination: dst,
            ..ipv4::Header::default()
        }
        .packet(&segment);
        self.steps.push(Step {
            number: self.steps.len() + 1,
            from,
            label: tcp::flag_names(flags),
            explanation,
            sequence: seq,
            acknowledgment: ack,
            flags,
            data_len: data.len(),
            client_state: states.0,
            server_state: states.1,
            ip: ipv4::dissect(&packet),
            tcp: tcp::dissect(&segment, Some((src, dst))),
            packet,
        });
    }
}

/// `n + k` written out, noting a wrap past 2^32.
fn plus(n: u32, k: u32, what: &str) -> String {
    let r = n.wrapping_add(k);
    let wrap = if r < n {
        " (modulo 2^32: the number wrapped past 4294967295 to 0)"
    } else {
        ""
    };
    format!("{n} + {k} ({what}) = {r}{wrap}")
}

/// Every step: handshake, the data each way (when given), teardown.
pub fn steps(p: &Params) -> Vec<Step> {
    let mut b = Builder {
        p,
        steps: Vec::new(),
        ids: [p.client_ip_id, p.server_ip_id],
    };
    let (c, s) = (p.client_isn, p.server_isn);
    let (c1, s1) = (c.wrapping_add(1), s.wrapping_add(1));
    let mss = |who: &str| match p.mss {
        Some(m) => format!(
            " Its MSS option tells the {who} it will take segments of up to {m} data bytes."
        ),
        None => String::new(),
    };
    b.push(
        Side::Client,
        flags::SYN,
        c,
        0,
        &[],
        ("SYN-SENT", "SYN-RECEIVED"),
        format!(
            "The client opens: SYN with its initial sequence number {c}. ACK is clear, so the \
             acknowledgment field is 0 and means nothing. The SYN uses one sequence number: the \
             client's next is {}.{}",
            plus(c, 1, "the SYN"),
            mss("server")
        ),
    );
    b.push(
        Side::Server,
        flags::SYN | flags::ACK,
        s,
        c1,
        &[],
        ("ESTABLISHED", "SYN-RECEIVED"),
        format!(
            "The server answers SYN+ACK: its own initial sequence number {s}, and acknowledgment \
             {}: \"I have your SYN; send byte {c1} next\".{}",
            plus(c, 1, "the client's SYN"),
            mss("client")
        ),
    );
    b.push(
        Side::Client,
        flags::ACK,
        c1,
        s1,
        &[],
        ("ESTABLISHED", "ESTABLISHED"),
        format!(
            "The client acknowledges the server's SYN: acknowledgment {}. Its own sequence \
             number is {c1}, its ISN + 1. This segment carries no data, so it uses no sequence \
             number. Both byte streams are synchronised.",
            plus(s, 1, "the server's SYN")
        ),
    );
    let n = u32::try_from(p.request.len()).unwrap_or(u32::MAX);
    let m = u32::try_from(p.response.len()).unwrap_or(u32::MAX);
    let (c2, s2) = (c1.wrapping_add(n), s1.wrapping_add(m));
    if n > 0 {
        b.push(
            Side::Client,
            flags::PSH | flags::ACK,
            c1,
            s1,
            &p.request,
            ("ESTABLISHED", "ESTABLISHED"),
            format!(
                "The client sends {n} bytes of data: sequence numbers {c1} to {}. PSH asks the \
                 server to hand them to the application now.",
                c1.wrapping_add(n - 1)
            ),
        );
        if m > 0 {
            b.push(
                Side::Server,
                flags::PSH | flags::ACK,
                s1,
                c2,
                &p.response,
                ("ESTABLISHED", "ESTABLISHED"),
                format!(
                    "The server acknowledges {} and, in the same segment, sends its own {m} \
                     bytes: sequence numbers {s1} to {}.",
                    plus(c1, n, "the client's data"),
                    s1.wrapping_add(m - 1)
                ),
            );
            b.push(
                Side::Client,
                flags::ACK,
                c2,
                s2,
                &[],
                ("ESTABLISHED", "ESTABLISHED"),
                format!(
                    "The client acknowledges the server's data: {}.",
                    plus(s1, m, "the server's data")
                ),
            );
        } else {
            b.push(
                Side::Server,
                flags::ACK,
                s1,
                c2,
                &[],
                ("ESTABLISHED", "ESTABLISHED"),
                format!(
                    "The server acknowledges the data: {}, the next byte it expects.",
                    plus(c1, n, "the client's data")
                ),
            );
        }
    } else if m > 0 {
        b.push(
            Side::Server,
            flags::PSH | flags::ACK,
            s1,
            c1,
            &p.response,
            ("ESTABLISHED", "ESTABLISHED"),
            format!(
                "The server sends {m} bytes: sequence numbers {s1} to {}.",
                s1.wrapping_add(m - 1)
            ),
        );
        b.push(
            Side::Client,
            flags::ACK,
            c1,
            s2,
            &[],
            ("ESTABLISHED", "ESTABLISHED"),
            format!(
                "The client acknowledges them: {}.",
                plus(s1, m, "the server's data")
            ),
        );
    }
    b.push(
        Side::Client,
        flags::FIN | flags::ACK,
        c2,
        s2,
        &[],
        ("FIN-WAIT-1", "CLOSE-WAIT"),
        format!(
            "The client is done sending: FIN at sequence number {c2}. Like a SYN, the FIN uses \
             one sequence number. The server may still send: TCP closes each direction on its \
             own."
        ),
    );
    b.push(
        Side::Server,
        flags::ACK,
        s2,
        c2.wrapping_add(1),
        &[],
        ("FIN-WAIT-2", "CLOSE-WAIT"),
        format!(
            "The server acknowledges the FIN: {}. Its application is told the client has \
             finished.",
            plus(c2, 1, "the FIN")
        ),
    );
    b.push(
        Side::Server,
        flags::FIN | flags::ACK,
        s2,
        c2.wrapping_add(1),
        &[],
        ("TIME-WAIT", "LAST-ACK"),
        format!(
            "The server closes its direction too: FIN at sequence number {s2}, repeating \
             acknowledgment {}.",
            c2.wrapping_add(1)
        ),
    );
    b.push(
        Side::Client,
        flags::ACK,
        c2.wrapping_add(1),
        s2.wrapping_add(1),
        &[],
        ("TIME-WAIT", "CLOSED"),
        format!(
            "The client acknowledges the server's FIN: {}. The server is closed; the client \
             waits 2 × MSL in TIME-WAIT so a lost final ACK can be repeated and stray \
             segments of this connection die out.",
            plus(s2, 1, "the FIN")
        ),
    );
    b.steps
}
