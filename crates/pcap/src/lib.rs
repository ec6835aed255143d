//! A libpcap capture file, written without a socket: a lab hands over a TCP conversation it
//! recorded (who connected to whom, when, and the bytes each side sent, in order), and gets
//! back a file that Wireshark and `tshark` open as if it had been captured on the loopback
//! interface.
//!
//! The file is the classic libpcap format (the `pcap` file format of the Wireshark wiki and
//! draft-ietf-opsawg-pcap §4-5): a 24-byte global header, then one record per packet, a
//! 16-byte record header (time in seconds and microseconds, captured and original length)
//! and the packet. Each packet is what Linux's loopback carries (link type 1, Ethernet):
//!
//! ```text
//!  Ethernet II (14 bytes: two zero MACs, EtherType 0x0800)
//!  └─ IPv4 header (20 bytes, RFC 791 §3.1, header checksum)      ── sim::ipv4::Header
//!     └─ TCP header (20 bytes, RFC 9293 §3.1, pseudo-header sum) ── sim::tcp::Segment
//!        └─ the bytes one side sent, at most 65,495 per segment
//! ```
//!
//! The TCP connection is synthesized around the real bytes: a three-way handshake (SYN,
//! SYN-ACK, ACK, RFC 9293 §3.5) when the connection opened, then each piece the lab
//! recorded as PSH+ACK segments whose sequence numbers count the bytes sent so far and whose
//! acknowledgment numbers the bytes received, and FINs when it closed. The initial sequence
//! numbers are fixed ([`CLIENT_ISN`], [`SERVER_ISN`]): the lab never saw the kernel's, and
//! Wireshark shows relative numbers anyway. The headers come from the `sim` crate, whose
//! checksums the book's packet cells teach.
//!
//! Sans-IO: [`Pcap`] only appends to a `Vec<u8>`; its size is the input's plus 70 bytes a
//! packet, so a caller bounds it by bounding what it records.

use std::net::SocketAddrV4;
use std::time::Duration;

use sim::ipv4;
use sim::tcp::{self, Segment};

/// The libpcap magic number, microsecond timestamps (written in our byte order, which a
/// reader tells from it).
pub const MAGIC: u32 = 0xa1b2_c3d4;
/// The file format's version, 2.4.
pub const VERSION: (u16, u16) = (2, 4);
/// The most bytes of a packet kept: more than any packet written here.
pub const SNAPLEN: u32 = 262_144;
/// LINKTYPE_ETHERNET (the tcpdump.org link-layer header types registry).
pub const LINKTYPE_ETHERNET: u32 = 1;
/// EtherType IPv4 (IEEE 802 numbers).
pub const ETHERTYPE_IPV4: u16 = 0x0800;
/// Ethernet II's header: destination and source MAC, EtherType.
pub const ETHERNET_HEADER_LEN: usize = 14;
/// An IPv4 datagram's Total Length is 16 bits (RFC 791 §3.1): 65,535 bytes less a 20-byte
/// IPv4 header and a 20-byte TCP header leaves this much data a segment.
pub const MAX_SEGMENT_DATA: usize = 65_535 - 20 - 20;
/// The synthesized initial sequence numbers (RFC 9293 §3.4.1 picks them from a clock; the
/// lab saw the bytes, not the kernel's choice).
pub const CLIENT_ISN: u32 = 0x1000_0000;
pub const SERVER_ISN: u32 = 0x2000_0000;
/// The window every segment advertises.
const WINDOW: u16 = 65_535;

/// A capture file being written.
#[derive(Debug, Clone)]
pub struct Pcap {
    out: Vec<u8>,
    packets: usize,
}

impl Default for Pcap {
    fn default() -> Self {
        Self::new()
    }
}

impl Pcap {
    /// A file with its global header and no packet yet.
    pub fn new() -> Self {
        let mut out = Vec::with_capacity(24);
        out.extend_from_slice(&MAGIC.to_le_bytes());
        out.extend_from_slice(&VERSION.0.to_le_bytes());
        out.extend_from_slice(&VERSION.1.to_le_bytes());
        out.extend_from_slice(&0i32.to_le_bytes()); // thiszone: UTC
        out.extend_from_slice(&0u32.to_le_bytes()); // sigfigs
        out.extend_from_slice(&SNAPLEN.to_le_bytes());
        out.extend_from_slice(&LINKTYPE_ETHERNET.to_le_bytes());
        Pcap { out, packets: 0 }
    }

    /// How many packets were written.
    pub fn packets(&self) -> usize {
        self.packets
    }

    /// The file so far.
    pub fn bytes(&self) -> &[u8] {
        &self.out
    }

    /// The file.
    pub fn into_bytes(self) -> Vec<u8> {
        self.out
    }

    /// One record: `at` since the Unix epoch, then an Ethernet frame around `datagram`.
    fn record(&mut self, at: Duration, datagram: &[u8]) {
        let len = u32::try_from(ETHERNET_HEADER_LEN + datagram.len()).unwrap_or(u32::MAX);
        let secs = u32::try_from(at.as_secs()).unwrap_or(u32::MAX);
        self.out.extend_from_slice(&secs.to_le_bytes());
        self.out
            .extend_from_slice(&at.subsec_micros().to_le_bytes());
        self.out.extend_from_slice(&len.to_le_bytes()); // captured
        self.out.extend_from_slice(&len.to_le_bytes()); // on the wire
        self.out.extend_from_slice(&[0; 12]); // destination and source MAC, as on loopback
        self.out.extend_from_slice(&ETHERTYPE_IPV4.to_be_bytes());
        self.out.extend_from_slice(datagram);
        self.packets += 1;
    }
}

/// One TCP connection's state as the file tells it: the two ends and the next sequence
/// number each will send.
#[derive(Debug, Clone)]
pub struct Flow {
    client: SocketAddrV4,
    server: SocketAddrV4,
    /// The next sequence number the client sends (SND.NXT, RFC 9293 §3.3.1).
    client_next: u32,
    server_next: u32,
    /// The IPv4 Identification of the next datagram.
    ip_id: u16,
}

impl Flow {
    /// A connection from `client` to `server`, not yet opened.
    pub fn new(client: SocketAddrV4, server: SocketAddrV4) -> Self {
        Flow {
            client,
            server,
            client_next: CLIENT_ISN,
            server_next: SERVER_ISN,
            ip_id: 1,
        }
    }

    /// The three-way handshake at `at` (RFC 9293 §3.5): SYN, SYN-ACK, ACK. A SYN uses one
    /// sequence number.
    pub fn open(&mut self, pcap: &mut Pcap, at: Duration) {
        self.segment(pcap, at, true, tcp::flags::SYN, &[]);
        self.client_next = self.client_next.wrapping_add(1);
        self.segment(pcap, at, false, tcp::flags::SYN | tcp::flags::ACK, &[]);
        self.server_next = self.server_next.wrapping_add(1);
        self.segment(pcap, at, true, tcp::flags::ACK, &[]);
    }

    /// `data` sent by one side at `at`, in segments of at most [`MAX_SEGMENT_DATA`] bytes,
    /// each acknowledging everything the other side sent before.
    pub fn data(&mut self, pcap: &mut Pcap, at: Duration, from_client: bool, data: &[u8]) {
        for piece in data.chunks(MAX_SEGMENT_DATA) {
            self.segment(
                pcap,
                at,
                from_client,
                tcp::flags::PSH | tcp::flags::ACK,
                piece,
            );
            let n = piece.len() as u32; // at most MAX_SEGMENT_DATA
            if from_client {
                self.client_next = self.client_next.wrapping_add(n);
            } else {
                self.server_next = self.server_next.wrapping_add(n);
            }
        }
    }

    /// The connection's end at `at`: a FIN from the side that closed, the other's FIN with
    /// its ACK, and the last ACK (RFC 9293 §3.6). A FIN uses one sequence number.
    pub fn close(&mut self, pcap: &mut Pcap, at: Duration, from_client: bool) {
        let fin = tcp::flags::FIN | tcp::flags::ACK;
        for side in [from_client, !from_client] {
            self.segment(pcap, at, side, fin, &[]);
            if side {
                self.client_next = self.client_next.wrapping_add(1);
            } else {
                self.server_next = self.server_next.wrapping_add(1);
            }
        }
        self.segment(pcap, at, from_client, tcp::flags::ACK, &[]);
    }

    fn segment(
        &mut self,
        pcap: &mut Pcap,
        at: Duration,
        from_client: bool,
        flags: u8,
        data: &[u8],
    ) {
        let (from, to) = if from_client {
            (self.client, self.server)
        } else {
            (self.server, self.client)
        };
        let (sequence, acknowledgment) = if from_client {
            (self.client_next, self.server_next)
        } else {
            (self.server_next, self.client_next)
        };
        let syn_only = flags == tcp::flags::SYN;
        let segment = Segment {
            source_port: from.port(),
            destination_port: to.port(),
            sequence,
            acknowledgment: if syn_only { 0 } else { acknowledgment },
            flags,
            window: WINDOW,
            payload: data.to_vec(),
            ..Segment::default()
        };
        let (source, destination) = (from.ip().octets(), to.ip().octets());
        let tcp = segment.encode(source, destination);
        let ip = ipv4::Header {
            identification: self.ip_id,
            source,
            destination,
            ..ipv4::Header::default()
        };
        self.ip_id = self.ip_id.wrapping_add(1);
        pcap.record(at, &ip.packet(&tcp));
    }
}

#[cfg(test)]
mod tests;
