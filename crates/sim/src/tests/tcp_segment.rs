//! TCP (RFC 9293 §3.1): the chapter's segments, the pseudo-header checksum, flags bit by bit, options and data, broken segments.

use super::*;
use crate::handshake;

#[test]
fn tcp_chapter_segments_have_the_chapters_bytes_and_checksums() {
    let p = handshake::Params::default();
    let steps = handshake::steps(&p);
    for (i, want) in CHAPTER_TCP.iter().enumerate() {
        let step = &steps[i];
        let segment = &step.packet[20..];
        assert_eq!(
            to_hex(segment),
            to_hex(&parse_hex(want).unwrap()),
            "segment {}",
            i + 1
        );
        assert!(
            step.tcp.is_ok(),
            "segment {}: {:?}",
            i + 1,
            step.tcp.problems
        );
        assert!(step.ip.is_ok(), "segment {}: {:?}", i + 1, step.ip.problems);
    }
    // The first datagram is the chapter's worked IPv4 header.
    assert_eq!(
        to_hex(&steps[0].packet[..20]),
        to_hex(&parse_hex(CHAPTER_IPV4).unwrap())
    );
}

#[test]
fn tcp_checksum_needs_the_pseudo_header() {
    let seg = parse_hex(CHAPTER_TCP[0]).unwrap();
    let src = [192, 0, 2, 1];
    let dst = [198, 51, 100, 7];
    assert_eq!(tcp::expected_checksum(src, dst, &seg), 0xc1e4);
    // Delivered to the wrong host, the same bytes fail the check.
    let d = tcp::dissect(&seg, Some((src, [198, 51, 100, 8])));
    assert_eq!(rules(&d), ["RFC 9293 §3.1"]);
    // Without addresses it is shown, not judged.
    let d = tcp::dissect(&seg, None);
    assert!(d.is_ok());
    insta::assert_snapshot!(
        "tcp_chapter_syn",
        check(&tcp::dissect(&seg, Some((src, dst))))
    );
}

#[test]
fn tcp_flags_bit_by_bit() {
    let seg = parse_hex(CHAPTER_TCP[1]).unwrap();
    let d = tcp::dissect(&seg, None);
    let flags = d.fields.iter().find(|f| f.name == "Control Bits").unwrap();
    let set: Vec<_> = flags
        .children
        .iter()
        .map(|f| (f.name.as_ref(), f.bits.start, f.value.as_str()))
        .collect();
    assert_eq!(
        set,
        [
            ("CWR", 104, "false"),
            ("ECE", 105, "false"),
            ("URG", 106, "false"),
            ("ACK", 107, "true"),
            ("PSH", 108, "false"),
            ("RST", 109, "false"),
            ("SYN", 110, "true"),
            ("FIN", 111, "false"),
        ]
    );
}

#[test]
fn tcp_options_and_data() {
    let seg = tcp::Segment {
        source_port: 49152,
        destination_port: 443,
        sequence: 1,
        acknowledgment: 2,
        flags: tcp::flags::PSH | tcp::flags::ACK,
        window: 502,
        // MSS, SACK permitted, timestamps, NOP, window scale 7.
        options: [
            tcp::mss_option(1460),
            vec![4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 2, 1, 3, 3, 7],
        ]
        .concat(),
        payload: b"hi".to_vec(),
        ..tcp::Segment::default()
    };
    let src = [10, 0, 0, 1];
    let dst = [10, 0, 0, 2];
    let d = tcp::dissect(&seg.encode(src, dst), Some((src, dst)));
    assert!(d.is_ok(), "{:?}", d.problems);
    insta::assert_snapshot!("tcp_options_and_data", check(&d));
}

#[test]
fn tcp_broken_segments_say_why() {
    // Data offset 4, reserved bits, SYN+FIN, an option running past the header.
    let d = tcp::dissect(
        &parse_hex("00 50 c0 00 00 00 00 01 00 00 00 00 4f 03 00 00 00 00 00 00").unwrap(),
        None,
    );
    assert_eq!(rules(&d), ["RFC 9293 §3.1"; 3]);
    let d = tcp::dissect(
        &parse_hex("00 50 c0 00 00 00 00 01 00 00 00 00 60 02 00 00 00 00 00 00 02 09 05 b4")
            .unwrap(),
        None,
    );
    insta::assert_snapshot!("tcp_bad_option", check(&d));
}
