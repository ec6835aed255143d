//! The file read back by hand: the global header, each record, and every checksum verified
//! with RFC 1071's rule (a header summed with its checksum in place gives 0xFFFF).

use std::net::{Ipv4Addr, SocketAddrV4};

use super::*;

/// RFC 1071 §1: the 16-bit ones' complement sum of `bytes` (padded with a zero byte).
fn ones_sum(bytes: &[u8]) -> u16 {
    let mut sum: u32 = 0;
    for pair in bytes.chunks(2) {
        let hi = u32::from(pair[0]) << 8;
        sum += hi | pair.get(1).map_or(0, |&b| u32::from(b));
    }
    while sum > 0xffff {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    sum as u16
}

#[derive(Debug, PartialEq)]
struct Packet {
    secs: u32,
    micros: u32,
    from_port: u16,
    to_port: u16,
    seq: u32,
    ack: u32,
    flags: u8,
    data: Vec<u8>,
}

fn be16(b: &[u8]) -> u16 {
    u16::from_be_bytes([b[0], b[1]])
}
fn be32(b: &[u8]) -> u32 {
    u32::from_be_bytes([b[0], b[1], b[2], b[3]])
}
fn le32(b: &[u8]) -> u32 {
    u32::from_le_bytes([b[0], b[1], b[2], b[3]])
}

/// Reads the file back, checking every length and checksum on the way.
fn read(file: &[u8]) -> Vec<Packet> {
    assert_eq!(le32(&file[0..]), MAGIC);
    assert_eq!(&file[4..8], &[2, 0, 4, 0]);
    assert_eq!(le32(&file[16..]), SNAPLEN);
    assert_eq!(le32(&file[20..]), LINKTYPE_ETHERNET);
    let mut at = 24;
    let mut packets = Vec::new();
    while at < file.len() {
        let (secs, micros) = (le32(&file[at..]), le32(&file[at + 4..]));
        let (caplen, len) = (
            le32(&file[at + 8..]) as usize,
            le32(&file[at + 12..]) as usize,
        );
        assert_eq!(caplen, len);
        let frame = &file[at + 16..at + 16 + caplen];
        at += 16 + caplen;
        assert_eq!(be16(&frame[12..]), ETHERTYPE_IPV4);
        let ip = &frame[ETHERNET_HEADER_LEN..];
        assert_eq!(ip[0], 0x45, "IPv4, 5 words");
        assert_eq!(be16(&ip[2..]) as usize, ip.len(), "Total Length");
        assert_eq!(ones_sum(&ip[..20]), 0xffff, "the IPv4 header checksum");
        assert_eq!(ip[9], 6, "TCP");
        let seg = &ip[20..];
        let mut pseudo = Vec::from(&ip[12..20]);
        pseudo.extend_from_slice(&[0, 6]);
        pseudo.extend_from_slice(&(seg.len() as u16).to_be_bytes());
        pseudo.extend_from_slice(seg);
        assert_eq!(ones_sum(&pseudo), 0xffff, "the TCP checksum");
        assert_eq!(seg[12] >> 4, 5, "Data Offset");
        packets.push(Packet {
            secs,
            micros,
            from_port: be16(&seg[0..]),
            to_port: be16(&seg[2..]),
            seq: be32(&seg[4..]),
            ack: be32(&seg[8..]),
            flags: seg[13],
            data: seg[20..].to_vec(),
        });
    }
    assert_eq!(at, file.len());
    packets
}

fn ends() -> (SocketAddrV4, SocketAddrV4) {
    (
        SocketAddrV4::new(Ipv4Addr::LOCALHOST, 50_000),
        SocketAddrV4::new(Ipv4Addr::LOCALHOST, 8080),
    )
}

#[test]
fn an_empty_file_is_its_global_header() {
    let pcap = Pcap::new();
    assert_eq!(pcap.bytes().len(), 24);
    assert!(read(pcap.bytes()).is_empty());
}

#[test]
fn handshake_data_and_close_with_real_numbers_and_checksums() {
    let (client, server) = ends();
    let mut pcap = Pcap::new();
    let mut flow = Flow::new(client, server);
    let t0 = Duration::new(1_700_000_000, 250_000_000);
    flow.open(&mut pcap, t0);
    flow.data(
        &mut pcap,
        t0 + Duration::from_micros(1500),
        true,
        b"GET / HTTP/1.1\r\n\r\n",
    );
    flow.data(
        &mut pcap,
        t0 + Duration::from_millis(3),
        false,
        b"HTTP/1.1 200 OK\r\n\r\n",
    );
    flow.close(&mut pcap, t0 + Duration::from_secs(1), false);
    let p = read(pcap.bytes());
    assert_eq!(pcap.packets(), p.len());
    let (c, s) = (CLIENT_ISN, SERVER_ISN);
    use tcp::flags::{ACK, FIN, PSH, SYN};
    let seen: Vec<_> = p
        .iter()
        .map(|p| (p.from_port, p.flags, p.seq, p.ack, p.data.len()))
        .collect();
    assert_eq!(
        seen,
        [
            (50_000, SYN, c, 0, 0),
            (8080, SYN | ACK, s, c + 1, 0),
            (50_000, ACK, c + 1, s + 1, 0),
            (50_000, PSH | ACK, c + 1, s + 1, 18),
            (8080, PSH | ACK, s + 1, c + 19, 19),
            (8080, FIN | ACK, s + 20, c + 19, 0),
            (50_000, FIN | ACK, c + 19, s + 21, 0),
            (8080, ACK, s + 21, c + 20, 0),
        ]
    );
    assert_eq!((p[0].secs, p[0].micros), (1_700_000_000, 250_000));
    assert_eq!(p[3].micros, 251_500);
    assert_eq!(p[3].data, b"GET / HTTP/1.1\r\n\r\n");
    assert!(p.iter().all(|p| p.to_port != p.from_port));
}

#[test]
fn a_long_send_is_cut_into_segments_that_fit_an_ipv4_datagram() {
    let (client, server) = ends();
    let mut pcap = Pcap::new();
    let mut flow = Flow::new(client, server);
    flow.open(&mut pcap, Duration::ZERO);
    let data: Vec<u8> = (0..150_000u32).map(|i| (i % 251) as u8).collect();
    flow.data(&mut pcap, Duration::ZERO, false, &data);
    let p = read(pcap.bytes());
    let sizes: Vec<usize> = p[3..].iter().map(|p| p.data.len()).collect();
    assert_eq!(
        sizes,
        [
            MAX_SEGMENT_DATA,
            MAX_SEGMENT_DATA,
            150_000 - 2 * MAX_SEGMENT_DATA
        ]
    );
    assert_eq!(p[4].seq, p[3].seq + MAX_SEGMENT_DATA as u32);
    let joined: Vec<u8> = p[3..].iter().flat_map(|p| p.data.clone()).collect();
    assert_eq!(joined, data);
}
