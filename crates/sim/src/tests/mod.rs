//! The simulators against the RFCs' examples and the book's worked examples; a snapshot of
//! each tree; random bytes that must not panic. [`check`] renders a dissection's tree and
//! diagram, so a new case is one line plus a snapshot.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use wire::{Dissection, parse_hex, render, to_hex};

use crate::{http1, ipv4, ncp, tcp};

mod handshake;
mod http1_heads;
mod ipv4_header;
mod ncp_commands;
mod tcp_segment;

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

/// The request a Chromium fetch() sent, as the tap kept it.
const CHROMIUM_FETCH: &str = "GET /api/my-request HTTP/1.1\r\nHost: 127.0.0.1:9500\r\nConnection: keep-alive\r\nsec-ch-ua-platform: \"Linux\"\r\nUser-Agent: Mozilla/5.0 (X11; Linux x86_64)\r\nAccept: */*\r\nSec-Fetch-Site: same-origin\r\nSec-Fetch-Mode: cors\r\nSec-Fetch-Dest: empty\r\nReferer: http://127.0.0.1:9500/06-web/index.html\r\nAccept-Encoding: gzip, deflate, br, zstd\r\nAccept-Language: en-US,en;q=0.9\r\nCookie: theme=dark\r\n\r\n";

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
