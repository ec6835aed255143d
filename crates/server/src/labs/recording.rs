//! The bytes of a session's connections as they crossed the socket, with when: what the
//! exports need and the events do not keep (an event keeps 4 KiB of a payload; a pcap must
//! carry every byte, with its time and its connection's ports).
//!
//! Each tapped read or write is one [`Chunk`] of one [`RecConn`]; a connection knows its two
//! addresses (the client's real ephemeral port, the server's listening port) and when it
//! opened and closed. Times are on the session's clock (since it began) and
//! [`Recording::wall`] maps them to the wall clock for a pcap's timestamps.
//!
//! Bounded: at most [`MAX_RECORDED_BYTES`] bytes and [`MAX_RECORDED_CONNS`] connections a
//! session; past either, the recording stops taking bytes and says so (`capped`), and the
//! exports tell the reader.

use std::net::{Ipv4Addr, SocketAddr, SocketAddrV4};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// The most bytes a session records for its exports.
pub const MAX_RECORDED_BYTES: usize = 8 * 1024 * 1024;
/// The most connections a session records.
pub const MAX_RECORDED_CONNS: usize = 32;

/// One read or write of a connection.
#[derive(Debug, Clone)]
pub struct Chunk {
    /// Since the session began.
    pub at: Duration,
    pub from_client: bool,
    pub bytes: Vec<u8>,
}

/// One recorded connection.
#[derive(Debug, Clone)]
pub struct RecConn {
    /// The session's number for it (the HTTP/2 lab's connection number, or 1, 2… for the
    /// WebSocket lab's sockets).
    pub n: u32,
    pub client: SocketAddr,
    pub server: SocketAddr,
    pub opened: Duration,
    pub closed: Option<Duration>,
    pub chunks: Vec<Chunk>,
}

impl RecConn {
    /// The client's address as IPv4 (a v4-mapped IPv6 address unmapped; any other IPv6
    /// address becomes 127.0.0.1 with its port: the pcap writer speaks IPv4).
    pub fn client_v4(&self) -> SocketAddrV4 {
        v4(self.client)
    }

    pub fn server_v4(&self) -> SocketAddrV4 {
        v4(self.server)
    }

    /// The bytes one side sent, in order.
    pub fn sent(&self, from_client: bool) -> Vec<u8> {
        self.chunks
            .iter()
            .filter(|c| c.from_client == from_client)
            .flat_map(|c| c.bytes.iter().copied())
            .collect()
    }
}

fn v4(addr: SocketAddr) -> SocketAddrV4 {
    match addr {
        SocketAddr::V4(a) => a,
        SocketAddr::V6(a) => SocketAddrV4::new(
            a.ip().to_ipv4_mapped().unwrap_or(Ipv4Addr::LOCALHOST),
            a.port(),
        ),
    }
}

/// A session's recorded connections.
#[derive(Debug, Clone)]
pub struct Recording {
    started: Instant,
    /// The wall clock when the session began.
    started_wall: SystemTime,
    pub conns: Vec<RecConn>,
    pub bytes: usize,
    /// Whether a bound was reached and bytes were left out.
    pub capped: bool,
}

impl Default for Recording {
    fn default() -> Self {
        Recording {
            started: Instant::now(),
            started_wall: SystemTime::now(),
            conns: Vec::new(),
            bytes: 0,
            capped: false,
        }
    }
}

impl Recording {
    fn now(&self) -> Duration {
        self.started.elapsed()
    }

    /// `at` on the session's clock as time since the Unix epoch.
    pub fn wall(&self, at: Duration) -> Duration {
        self.started_wall
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            + at
    }

    /// A connection opened; `false` (and nothing recorded of it) past the cap.
    pub fn open(&mut self, n: u32, client: SocketAddr, server: SocketAddr) -> bool {
        if self.conns.len() >= MAX_RECORDED_CONNS {
            self.capped = true;
            return false;
        }
        let opened = self.now();
        self.conns.push(RecConn {
            n,
            client,
            server,
            opened,
            closed: None,
            chunks: Vec::new(),
        });
        true
    }

    /// Bytes that crossed connection `n`.
    pub fn bytes(&mut self, n: u32, from_client: bool, data: &[u8]) {
        let at = self.now();
        let room = MAX_RECORDED_BYTES.saturating_sub(self.bytes);
        let taken = &data[..data.len().min(room)];
        if taken.len() < data.len() {
            self.capped = true;
        }
        if taken.is_empty() {
            return;
        }
        let Some(conn) = self.conns.iter_mut().rev().find(|c| c.n == n) else {
            return;
        };
        self.bytes += taken.len();
        conn.chunks.push(Chunk {
            at,
            from_client,
            bytes: taken.to_vec(),
        });
    }

    /// Connection `n` closed.
    pub fn close(&mut self, n: u32) {
        let at = self.now();
        if let Some(conn) = self.conns.iter_mut().rev().find(|c| c.n == n) {
            conn.closed.get_or_insert(at);
        }
    }

    /// The capture file of every recorded connection, packets in time order.
    pub fn pcap(&self) -> Vec<u8> {
        enum Step<'a> {
            Open,
            Data(&'a Chunk),
            Close,
        }
        let mut steps: Vec<(Duration, usize, Step)> = Vec::new();
        for (i, conn) in self.conns.iter().enumerate() {
            steps.push((conn.opened, i, Step::Open));
            steps.extend(conn.chunks.iter().map(|c| (c.at, i, Step::Data(c))));
            if let Some(closed) = conn.closed {
                steps.push((closed, i, Step::Close));
            }
        }
        // Stable: a connection's own steps keep their order.
        steps.sort_by_key(|(at, _, _)| *at);
        let mut file = pcap::Pcap::new();
        let mut flows: Vec<pcap::Flow> = self
            .conns
            .iter()
            .map(|c| pcap::Flow::new(c.client_v4(), c.server_v4()))
            .collect();
        for (at, i, step) in steps {
            let Some(flow) = flows.get_mut(i) else {
                continue;
            };
            let at = self.wall(at);
            match step {
                Step::Open => flow.open(&mut file, at),
                Step::Data(chunk) => flow.data(&mut file, at, chunk.from_client, &chunk.bytes),
                Step::Close => flow.close(&mut file, at, false),
            }
        }
        file.into_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connections_bytes_and_the_cap() {
        let mut r = Recording::default();
        let (c, s) = (
            "127.0.0.1:50000".parse().unwrap(),
            "127.0.0.1:8080".parse().unwrap(),
        );
        assert!(r.open(1, c, s));
        r.bytes(1, true, b"GET");
        r.bytes(1, false, b"HTTP");
        r.bytes(2, false, b"nobody's");
        r.close(1);
        assert_eq!(r.conns[0].sent(true), b"GET");
        assert_eq!(r.conns[0].sent(false), b"HTTP");
        assert!(r.conns[0].closed.is_some() && !r.capped);
        // 24 bytes of global header; SYN, SYN-ACK, ACK; two data segments; FIN, FIN, ACK.
        assert_eq!(r.pcap().len(), 24 + 8 * (16 + 54) + 3 + 4);
        r.bytes(1, true, &vec![0; MAX_RECORDED_BYTES]);
        assert!(r.capped && r.bytes == MAX_RECORDED_BYTES);
        for n in 0..MAX_RECORDED_CONNS as u32 {
            r.open(n + 2, c, s);
        }
        assert_eq!(r.conns.len(), MAX_RECORDED_CONNS);
    }
}
