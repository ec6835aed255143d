//! The simulators against the RFCs' examples and the book's worked examples; a snapshot of
//! each tree; random bytes that must not panic. [`check`] renders a dissection's tree and
//! diagram, so a new case is one line plus a snapshot.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use wire::{Dissection, parse_hex, render, to_hex};

use crate::{handshake, http1, ipv4, ncp, tcp};

fn check(d: &Dissection) -> String {
    format!("{}\n{}", render::tree(d), render::diagram(d))
}

fn rules(d: &Dissection) -> Vec<String> {
    d.problems.iter().map(|p| p.rule.clone()).collect()
}

/// Chapter 5's worked IPv4 header.
const CHAPTER_IPV4: &str = "45 00 00 28 1c 46 40 00 40 06 32 4e c0 00 02 01 c6 33 64 07";

/// Chapter 5's three handshake segments (TCP headers only).
const CHAPTER_TCP: [&str; 3] = [
    "c0 00 00 50 3a 5f 0c 21 00 00 00 00 50 02 fa f0 c1 e4 00 00",
    "00 50 c0 00 9b 1e 4d 70 3a 5f 0c 22 50 12 ff ff d4 35 00 00",
    "c0 00 00 50 3a 5f 0c 22 9b 1e 4d 71 50 10 fa f0 d9 45 00 00",
];

// ---- IPv4 ----

#[test]
fn ipv4_chapter_example_encodes_to_the_chapters_bytes() {
    let h = ipv4::Header {
        identification: 7238,
        ..ipv4::Header::default()
    };
    // 20 bytes of TCP follow: total length 40.
    assert_eq!(
        to_hex(&h.encode(20)),
        to_hex(&parse_hex(CHAPTER_IPV4).unwrap())
    );
}

#[test]
fn ipv4_chapter_example_checksum_by_hand() {
    // The chapter's arithmetic: the words sum to 0x2cdaf, folded 0xcdb1, complement 0x324e.
    let mut bytes = parse_hex(CHAPTER_IPV4).unwrap();
    bytes[10] = 0;
    bytes[11] = 0;
    let mut wide: u32 = 0;
    for w in bytes.chunks(2) {
        wide += u32::from(u16::from_be_bytes([w[0], w[1]]));
    }
    assert_eq!(wide, 0x2cdaf);
    assert_eq!(crate::checksum::sum(0, &bytes), 0xcdb1);
    assert_eq!(crate::checksum::checksum(&bytes), 0x324e);
    assert_eq!(
        ipv4::expected_checksum(&parse_hex(CHAPTER_IPV4).unwrap()),
        0x324e
    );
}

#[test]
fn ipv4_chapter_example_dissects_clean() {
    let d = ipv4::dissect(&parse_hex(CHAPTER_IPV4).unwrap());
    assert!(d.is_ok(), "{:?}", d.problems);
    assert_eq!(d.header_bits, 160);
    insta::assert_snapshot!("ipv4_chapter_example", check(&d));
}

#[test]
fn ipv4_bit_ranges_follow_rfc_791() {
    let d = ipv4::dissect(&parse_hex(CHAPTER_IPV4).unwrap());
    let at = |name: &str| {
        let f = d.all_fields().into_iter().find(|f| f.name == name).unwrap();
        (f.bits.start, f.bits.len)
    };
    assert_eq!(at("Version"), (0, 4));
    assert_eq!(at("IHL"), (4, 4));
    assert_eq!(at("DSCP"), (8, 6));
    assert_eq!(at("ECN"), (14, 2));
    assert_eq!(at("Total Length"), (16, 16));
    assert_eq!(at("Identification"), (32, 16));
    assert_eq!(at("DF"), (49, 1));
    assert_eq!(at("MF"), (50, 1));
    assert_eq!(at("Fragment Offset"), (51, 13));
    assert_eq!(at("Time to Live"), (64, 8));
    assert_eq!(at("Protocol"), (72, 8));
    assert_eq!(at("Header Checksum"), (80, 16));
    assert_eq!(at("Source Address"), (96, 32));
    assert_eq!(at("Destination Address"), (128, 32));
}

#[test]
fn ipv4_wrong_checksum_is_a_problem() {
    let mut b = parse_hex(CHAPTER_IPV4).unwrap();
    b[11] ^= 1;
    let d = ipv4::dissect(&b);
    assert_eq!(rules(&d), ["RFC 791 §3.1"]);
    assert!(
        d.problems[0].message.contains("0x324e"),
        "{}",
        d.problems[0].message
    );
    assert!(d.summary.ends_with("checksum WRONG"));
}

#[test]
fn ipv4_changing_a_field_changes_the_checksum() {
    // TTL 63 (one hop later): the checksum goes up by 0x0100, as RFC 1624 predicts.
    let h = ipv4::Header {
        identification: 7238,
        ttl: 63,
        ..ipv4::Header::default()
    };
    let b = h.encode(20);
    assert_eq!(u16::from_be_bytes([b[10], b[11]]), 0x334e);
    assert!(ipv4::dissect(&b).is_ok());
}

#[test]
fn ipv4_options_fragments_and_odd_fields() {
    let h = ipv4::Header {
        dscp: 46,
        ecn: 3,
        identification: 1,
        dont_fragment: false,
        more_fragments: true,
        fragment_offset: 185,
        protocol: ipv4::PROTO_UDP,
        // Router Alert, then a NOP; padded to 8 bytes.
        options: vec![148, 4, 0, 0, 1],
        ..ipv4::Header::default()
    };
    let b = h.packet(b"data");
    assert_eq!(b.len(), 32);
    let d = ipv4::dissect(&b);
    assert!(d.is_ok(), "{:?}", d.problems);
    insta::assert_snapshot!("ipv4_options_fragment", check(&d));
}

#[test]
fn ipv4_broken_headers_say_why() {
    // Version 6, IHL 4, a reserved flag, Total Length below the header.
    let b = parse_hex("64 00 00 10 00 00 80 00 40 06 00 00 c0 00 02 01 c6 33 64 07").unwrap();
    insta::assert_snapshot!("ipv4_broken", check(&ipv4::dissect(&b)));
    // Truncated: every missing field says so.
    let d = ipv4::dissect(&parse_hex("45 00 00 28 1c").unwrap());
    assert!(!d.is_ok());
    assert_eq!(d.summary, "IPv4 header, incomplete");
}

// ---- TCP ----

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
        .map(|f| (f.name.as_str(), f.bits.start, f.value.as_str()))
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

// ---- the handshake ----

#[test]
fn handshake_sequence_arithmetic() {
    let p = handshake::Params {
        request: b"GET / HTTP/1.1\r\nHost: a\r\n\r\n".to_vec(),
        response: b"HTTP/1.1 204 No Content\r\n\r\n".to_vec(),
        mss: Some(1460),
        // Near the top: the numbers wrap.
        client_isn: u32::MAX - 1,
        ..handshake::Params::default()
    };
    let steps = handshake::steps(&p);
    let table: Vec<String> = steps
        .iter()
        .map(|s| {
            format!(
                "{} {:6} {:8} seq {:10} ack {:10} len {:2} {} / {}",
                s.number,
                s.from.name(),
                s.label,
                s.sequence,
                s.acknowledgment,
                s.data_len,
                s.client_state,
                s.server_state
            )
        })
        .collect();
    insta::assert_snapshot!("handshake_with_data", table.join("\n"));
    for s in &steps {
        assert!(
            s.ip.is_ok() && s.tcp.is_ok(),
            "step {}: {:?}",
            s.number,
            s.tcp.problems
        );
    }
    assert!(steps.iter().any(|s| s.explanation.contains("wrapped")));
}

#[test]
fn handshake_chapter_explanations() {
    let steps = handshake::steps(&handshake::Params::default());
    assert_eq!(steps.len(), 7);
    let text: Vec<String> = steps
        .iter()
        .map(|s| {
            format!(
                "{} {} [{}]: {}\n  {}",
                s.number,
                s.from.name(),
                s.label,
                s.tcp.summary,
                s.explanation
            )
        })
        .collect();
    insta::assert_snapshot!("handshake_chapter", text.join("\n"));
}

// ---- NCP ----

/// The steps as the chapter's table prints them.
fn icp_table(steps: &[ncp::Step]) -> String {
    let table: Vec<String> = steps
        .iter()
        .map(|s| {
            let msgs: Vec<String> = s
                .messages
                .iter()
                .map(|m| format!("{} {}", m.from.name(), m.text))
                .collect();
            format!("{:2} {:6} {}", s.number, s.from, msgs.join(" | "))
        })
        .collect();
    table.join("\n")
}

#[test]
fn ncp_icp_follows_rfc_165() {
    // RFC 165 (after RFC 161): contact U <- L, the number S, then S+1 -> U+2 and U+3 -> S.
    let p = ncp::Params::default();
    assert!(p.problems().is_empty());
    let steps = ncp::steps(&p).unwrap();
    insta::assert_snapshot!(icp_table(&steps), @r"
     1 user   user RTS 100, 1, link 5
     2 server server STR 1, 100, size 32
     3 user   user ALL link 5, 1 msg, 32 bits
     4 server server data on link 5: 200
     5 both   server CLS 1, 100 | user CLS 100, 1
     6 server server STR 201, 102, size 8
     7 user   user RTS 102, 201, link 7
     8 server server RTS 200, 103, link 9
     9 user   user STR 103, 200, size 8
    10 both   user ALL link 7, 8 msgs, 1024 bits | server ALL link 9, 8 msgs, 1024 bits
    ");
    for s in &steps {
        for m in &s.messages {
            assert!(
                m.dissection.is_ok(),
                "step {}: {:?}",
                s.number,
                m.dissection.problems
            );
        }
    }
    let last: Vec<(&str, &str, &str, bool)> = steps[9]
        .connections
        .iter()
        .map(|c| {
            (
                c.sender.as_str(),
                c.receiver.as_str(),
                c.sum.as_str(),
                c.sum_odd,
            )
        })
        .collect();
    assert_eq!(
        last,
        [
            ("server 1", "user 100", "1 + 100 = 101, odd", true),
            ("server 201", "user 102", "201 + 102 = 303, odd", true),
            ("user 103", "server 200", "103 + 200 = 303, odd", true),
        ]
    );
}

#[test]
fn ncp_commands_dissect_bit_by_bit() {
    let rts = ncp::Command::Rts {
        receive: 100,
        send: 1,
        link: 5,
    };
    assert_eq!(to_hex(&rts.encode()), "01000000640000000105");
    insta::assert_snapshot!("ncp_rts", check(&ncp::dissect(&rts.encode())));
    let all = ncp::Command::All {
        link: 5,
        messages: 1,
        bits: 32,
    };
    assert_eq!(to_hex(&all.encode()), "0405000100000020");
}

#[test]
fn ncp_every_opcode_of_the_table_is_legal() {
    // NOP, GVB link 7 fm 1 fb 2, RET, INR, INS, ECO, ERP, ERR, RST, RRP back to back.
    let b = parse_hex(
        "00 05070102 0607000100000020 0707 0807 0941 0a41 \
         0b03 01000000650000000105 0c 0d",
    )
    .unwrap();
    let d = ncp::dissect(&b);
    assert!(d.is_ok(), "{:?}", d.problems);
    assert_eq!(
        d.summary,
        "NOP; GVB link 7, fm 1, fb 2; RET link 7, 1 msg, 32 bits; INR link 7; INS link 7; \
         ECO 0x41; ERP 0x41; ERR 3 (bad parameters); RST; RRP"
    );
    insta::assert_snapshot!("ncp_all_opcodes", check(&d));
    // Only codes past the table are illegal, and the rest of the message is not read.
    let d = ncp::dissect(&[0x0d, 0x0e, 0x00]);
    assert_eq!(rules(&d), ["RFC 6529 §3"]);
    assert_eq!(
        d.problems[0].answer.as_deref(),
        Some("ERR 1 (illegal opcode)")
    );
}

#[test]
fn ncp_ranges_are_checked() {
    // An RTS link is 2-71; an STR byte size is 1-255.
    for (link, ok) in [
        (0, false),
        (1, false),
        (2, true),
        (71, true),
        (72, false),
        (255, false),
    ] {
        let d = ncp::dissect(
            &ncp::Command::Rts {
                receive: 100,
                send: 1,
                link,
            }
            .encode(),
        );
        assert_eq!(d.is_ok(), ok, "link {link}: {:?}", d.problems);
    }
    for (size, ok) in [(0, false), (1, true), (255, true)] {
        let d = ncp::dissect(
            &ncp::Command::Str {
                send: 1,
                receive: 100,
                size,
            }
            .encode(),
        );
        assert_eq!(d.is_ok(), ok, "size {size}: {:?}", d.problems);
    }
    let d = ncp::dissect(&parse_hex("01 00000064 00000001 48").unwrap());
    assert_eq!(
        d.problems[0].answer.as_deref(),
        Some("ERR 3 (bad parameters)")
    );
}

#[test]
fn ncp_parity_is_checked_and_a_broken_icp_is_refused() {
    // An odd user socket: the user's RTS asks with a send socket, and the sum goes even.
    let p = ncp::Params {
        user_socket: 101,
        ..ncp::Params::default()
    };
    assert_eq!(p.problems().len(), 1, "{:?}", p.problems());
    assert!(p.problems()[0].starts_with("U = 101 is odd"));
    let steps = ncp::steps(&p).unwrap();
    let d = &steps[0].messages[0].dissection;
    assert_eq!(
        rules(d),
        ["RFC 165 (socket parity)", "RFC 165 (socket parity)"]
    );
    // The server refuses with CLS, and nothing else happens.
    insta::assert_snapshot!(icp_table(&steps), @r"
    1 user   user RTS 101, 1, link 5
    2 server server CLS 1, 101
    ");
    insta::assert_snapshot!(steps[1].explanation, @"The server NCP finds that socket 101 is odd, but here it must be a receive socket (even), which breaks RFC 165 (socket parity), so it answers as a conforming NCP does (refuse the connection with CLS); the ICP stops here: no session.");
    assert_eq!(steps[1].connections[0].state, "refused");
    assert!(!steps[1].connections[0].sum_odd);

    // An odd S: the user sees it in the data and gives up.
    let steps = ncp::steps(&ncp::Params {
        server_socket: 201,
        ..ncp::Params::default()
    })
    .unwrap();
    assert_eq!(steps.len(), 5);
    assert_eq!(steps[4].messages[0].text, "CLS 100, 1");
    // A link out of range: ERR 3 quoting the command.
    let steps = ncp::steps(&ncp::Params {
        user_link: 80,
        ..ncp::Params::default()
    })
    .unwrap();
    assert_eq!(steps.len(), 8);
    assert_eq!(steps[7].messages[0].text, "ERR 3 (bad parameters)");
    assert!(to_hex(&steps[7].messages[0].dissection.bytes).starts_with("0b030100000066000000c950"));
    // U + 3 must fit in 32 bits.
    assert!(
        ncp::steps(&ncp::Params {
            user_socket: u32::MAX - 1,
            ..ncp::Params::default()
        })
        .is_err()
    );

    // Several commands in one message, and a truncated one.
    let mut b = ncp::Command::Cls {
        mine: 1,
        yours: 100,
    }
    .encode();
    b.extend(
        ncp::Command::Str {
            send: 201,
            receive: 102,
            size: 8,
        }
        .encode(),
    );
    b.extend([ncp::opcode::ALL, 7]);
    insta::assert_snapshot!("ncp_several_and_truncated", check(&ncp::dissect(&b)));
}

// ---- HTTP/1.1 ----

const CHROMIUM_FETCH: &str = "GET /api/my-request HTTP/1.1\r\nHost: 127.0.0.1:9500\r\nConnection: keep-alive\r\nsec-ch-ua-platform: \"Linux\"\r\nUser-Agent: Mozilla/5.0 (X11; Linux x86_64)\r\nAccept: */*\r\nSec-Fetch-Site: same-origin\r\nSec-Fetch-Mode: cors\r\nSec-Fetch-Dest: empty\r\nReferer: http://127.0.0.1:9500/06-web/index.html\r\nAccept-Encoding: gzip, deflate, br, zstd\r\nAccept-Language: en-US,en;q=0.9\r\nCookie: theme=dark\r\n\r\n";

#[test]
fn http1_a_browsers_fetch() {
    let d = http1::dissect(CHROMIUM_FETCH.as_bytes());
    assert!(d.is_ok(), "{:?}", d.problems);
    assert!(
        d.summary
            .starts_with("GET /api/my-request HTTP/1.1, 12 header fields")
    );
    insta::assert_snapshot!("http1_fetch", render::tree(&d));
}

#[test]
fn http1_the_chapters_request() {
    // RFC 9112 §3.2's example of origin-form, with Host.
    let d = http1::dissect(b"GET /where?q=now HTTP/1.1\r\nHost: www.example.org\r\n\r\n");
    assert!(d.is_ok());
    assert_eq!(d.fields.len(), 3);
}

#[test]
fn http1_malformed_lines() {
    let head = "\r\nGET  /x HTTP/1.1\nHost : a\r\nNoColon\r\n folded\r\nX-Ok:\tv \r\n\r\nbody";
    let d = http1::dissect(head.as_bytes());
    insta::assert_snapshot!("http1_malformed", render::tree(&d));
    let d = http1::dissect(b"GET / HTTP/1.1\r\nAccept: */*\r\n");
    assert_eq!(rules(&d), ["RFC 9112 §2.1", "RFC 9112 §3.2"]);
}

// ---- never panics ----

#[test]
fn random_bytes_never_panic() {
    let mut noise = wire::noise::Noise::new(0x9e37_79b9_7f4a_7c15);
    let seeds: Vec<Vec<u8>> = vec![
        parse_hex(CHAPTER_IPV4).unwrap(),
        parse_hex(CHAPTER_TCP[0]).unwrap(),
        CHROMIUM_FETCH.as_bytes().to_vec(),
        ncp::Command::Rts {
            receive: 100,
            send: 1,
            link: 5,
        }
        .encode(),
    ];
    for i in 0..10_000 {
        let b = if i % 2 == 0 {
            // Mutate a valid input: the interesting cases sit near the valid ones.
            noise.mutate(seeds[i % seeds.len()].clone())
        } else {
            noise.bytes(80)
        };
        for d in [
            ipv4::dissect(&b),
            tcp::dissect(&b, Some(([1, 2, 3, 4], [5, 6, 7, 8]))),
            ncp::dissect(&b),
            http1::dissect(&b),
        ] {
            // Every renderer must cope too.
            let _ = render::tree(&d);
            let _ = render::diagram(&d);
            assert_eq!(d.field_past_the_end().map(|f| &f.name), None);
        }
    }
}
