//! The corpus's inputs: bytes made to reach each registry entry and each problem, the fuzz
//! seeds, the test vectors in the protocol crates' tests, and the dissections the
//! simulators build from their parameters.

use std::path::Path;

use wire::{Budget, Dissection};

use super::source;

/// `hex` as bytes (the made inputs are all valid hex).
fn hex(s: &str) -> Vec<u8> {
    wire::parse_hex(s).unwrap_or_default()
}

/// An HTTP/2 frame: the 9-byte header (RFC 9113 §4.1) and `payload`.
fn h2(kind: u8, flags: u8, stream: u32, payload: &[u8]) -> Vec<u8> {
    let len = payload.len() as u32;
    let mut out = vec![(len >> 16) as u8, (len >> 8) as u8, len as u8, kind, flags];
    out.extend_from_slice(&stream.to_be_bytes());
    out.extend_from_slice(payload);
    out
}

/// A WebSocket frame (RFC 6455 §5.2), unmasked, with a 7- or 16-bit length.
fn ws(b0: u8, payload: &[u8]) -> Vec<u8> {
    let mut out = vec![b0];
    match payload.len() {
        n @ 0..=125 => out.push(n as u8),
        n => {
            out.push(126);
            out.extend_from_slice(&(n as u16).to_be_bytes());
        }
    }
    out.extend_from_slice(payload);
    out
}

/// A handshake request with `extra` header lines.
fn request(start: &str, extra: &[&str]) -> Vec<u8> {
    let mut s = format!("{start}\r\n");
    for line in extra {
        s.push_str(line);
        s.push_str("\r\n");
    }
    s.push_str("\r\n");
    s.into_bytes()
}

const GOOD_UPGRADE: &[&str] = &[
    "Host: server.example.com",
    "Upgrade: websocket",
    "Connection: Upgrade",
    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
    "Origin: http://example.com",
    "Sec-WebSocket-Protocol: chat, superchat",
    "Sec-WebSocket-Version: 13",
];

/// The keys the accept-key steps are shown for: the RFC's, and each way a key goes wrong.
pub const KEYS: [&str; 6] = [
    "dGhlIHNhbXBsZSBub25jZQ==",
    "",
    "short",
    "dGhlIHNhbXBsZSBub25jZQ",
    "!!!!",
    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
];

/// Inputs made by hand or by loops over the registries.
pub fn made() -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    // ---- WebSocket frames (RFC 6455 §5.7 first) ----
    for h in [
        "818537fa213d7f9f4d5158",
        "810548656c6c6f",
        "010348656c 80026c6f",
        "890548656c6c6f 8a8537fa213d7f9f4d5158",
        "8100",
        "81",
        "8185",
        "818537fa",
        "817e",
        "817e00",
        "817e0005",
        "817f",
        "817f0000",
        "817f8000000000000000",
        "817f0000000000000005",
        "817f0000000000010000",
        "827e0005",
        "c100",
        "a100",
        "9100",
        "0900",
        "887e007e",
        "88021234",
        "8801 03",
        "8803 03e8 ff",
        "8800",
        "81 02 c3 28",
        "81 03 e2 82",
        "81 01 ff",
        "01 02 c3 a9",
        "00 00",
        "80 00",
        "0a 00",
        "817e0100",
        "8a7e0080",
        "ff",
        "7f",
    ] {
        out.push(hex(h));
    }
    for op in 0u8..16 {
        out.push(ws(0x80 | op, b""));
        out.push(ws(op, b"ab"));
        out.push(ws(0x80 | op, b"Hello"));
        out.push(ws(0x80 | op | 0x40, b"x"));
        out.push(ws(0x80 | op | 0x70, b""));
        out.push(ws(0x80 | op, &[0u8; 130]));
    }
    for code in [
        0u16, 999, 1000, 1001, 1002, 1003, 1004, 1005, 1006, 1007, 1008, 1009, 1010, 1011, 1012,
        1013, 1014, 1015, 1016, 2999, 3000, 3999, 4000, 4999, 5000, 65535,
    ] {
        let mut p = code.to_be_bytes().to_vec();
        out.push(ws(0x88, &p));
        p.extend_from_slice(b"bye");
        out.push(ws(0x88, &p));
        p.extend_from_slice(&[0xc3, 0x28]);
        out.push(ws(0x88, &p));
    }
    // ---- the opening handshake ----
    out.push(request("GET /chat HTTP/1.1", GOOD_UPGRADE));
    for skip in 0..GOOD_UPGRADE.len() {
        let lines: Vec<&str> = GOOD_UPGRADE
            .iter()
            .enumerate()
            .filter(|&(i, _)| i != skip)
            .map(|(_, l)| *l)
            .collect();
        out.push(request("GET /chat HTTP/1.1", &lines));
    }
    for bad in [
        "Upgrade: h2c",
        "Connection: keep-alive",
        "Sec-WebSocket-Key: short",
        "Sec-WebSocket-Key: !!!!notbase64!!!!!!!!==",
        "Sec-WebSocket-Version: 8",
        "Sec-WebSocket-Protocol: mqtt",
        "Sec-WebSocket-Extensions: permessage-deflate",
        "Host:",
        "Origin: null",
    ] {
        // The bad line instead of the good one of its name, and beside it.
        let name = bad.split(':').next().unwrap_or_default();
        let replaced: Vec<&str> = GOOD_UPGRADE
            .iter()
            .map(|l| if l.starts_with(name) { bad } else { *l })
            .collect();
        out.push(request("GET /chat HTTP/1.1", &replaced));
        let mut added = GOOD_UPGRADE.to_vec();
        added.push(bad);
        out.push(request("GET /chat HTTP/1.1", &added));
    }
    for start in [
        "POST /chat HTTP/1.1",
        "GET /chat HTTP/1.0",
        "GET /chat HTTP/2",
        "GET chat HTTP/1.1",
        "GET /chat",
        "GET",
        "get /chat HTTP/1.1",
    ] {
        out.push(request(start, GOOD_UPGRADE));
    }
    out.push(b"GET /chat HTTP/1.1\r\nHost: a\r\n".to_vec());
    out.push(b"GET /chat HTTP/1.1\nHost: a\n\n".to_vec());
    out.push(b"GET /chat HTTP/1.1\r\nHost a\r\n\r\n".to_vec());
    out.push(b"GET /chat HTTP/1.1\r\n Host: a\r\n\r\n".to_vec());
    out.push(b"GET /chat HTTP/1.1\r\nHo st: a\r\n\r\n".to_vec());
    out.push(b"GET /chat HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n".to_vec());
    out.push(b"GET /chat HTTP/1.1\r\nX: \xff\xfe\r\n\r\n".to_vec());
    out.push(b"\r\n\r\nGET / HTTP/1.1\r\n\r\n".to_vec());
    // Every header the table explains, in a request and a response.
    let known: Vec<String> = http1::meaning::header_meanings()
        .iter()
        .map(|(name, _)| format!("{name}: x"))
        .collect();
    let known: Vec<&str> = known.iter().map(String::as_str).collect();
    out.push(request("GET / HTTP/1.1", &known));
    out.push(request("HTTP/1.1 200 OK", &known));
    for status in [
        "HTTP/1.1 101 Switching Protocols",
        "HTTP/1.1 200 OK",
        "HTTP/1.1 400 Bad Request",
        "HTTP/1.1 426 Upgrade Required",
        "HTTP/1.0 101 Switching Protocols",
        "HTTP/1.1 101",
        "HTTP/1.1 1O1 Switching",
        "HTTP/1.1",
    ] {
        for extra in [
            &[
                "Upgrade: websocket",
                "Connection: Upgrade",
                "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=",
                "Sec-WebSocket-Protocol: chat",
            ][..],
            &["Upgrade: websocket", "Connection: Upgrade"][..],
            &[
                "Upgrade: h2c",
                "Connection: close",
                "Sec-WebSocket-Accept: wrong",
                "Sec-WebSocket-Protocol: mqtt",
                "Sec-WebSocket-Extensions: permessage-deflate",
                "Sec-WebSocket-Version: 13",
            ][..],
            &[][..],
        ] {
            out.push(request(status, extra));
        }
    }
    for key in KEYS {
        out.push(key.as_bytes().to_vec());
    }
    // ---- HTTP/2 frames (RFC 9113), every type, flags and stream rules ----
    out.push(http2::PREFACE.to_vec());
    let mut preface_settings = http2::PREFACE.to_vec();
    preface_settings.extend(h2(4, 0, 0, &[]));
    out.push(preface_settings);
    out.push(b"PRI * HTTP/2.0\r\n\r\nXX\r\n\r\n".to_vec());
    out.push(b"PRI * HTTP/2".to_vec());
    for kind in 0u8..=10 {
        for flags in [0x00, 0x01, 0x04, 0x08, 0x20, 0x2d, 0xff] {
            for stream in [0, 1, 2, 0x8000_0001] {
                for payload in [
                    &[][..],
                    &[0x00][..],
                    &[0x00, 0x00, 0x00, 0x00][..],
                    &[0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x08][..],
                    &[0x03, 0x82, 0x86, 0x84, 0x00, 0x00, 0x00][..],
                    &[0x80, 0x00, 0x00, 0x03, 0x10, 0x82, 0x86, 0x84, 0x41, 0x00][..],
                ] {
                    out.push(h2(kind, flags, stream, payload));
                }
            }
        }
    }
    out.push(h2(0x20, 0, 1, b"unknown"));
    out.push(h2(0x0c, 0, 0, b"\x00\x00x"));
    for id in 0u16..=9 {
        for value in [0u32, 1, 16_384, 16_777_215, 16_777_216, 0x8000_0000, 2] {
            let mut p = id.to_be_bytes().to_vec();
            p.extend_from_slice(&value.to_be_bytes());
            out.push(h2(4, 0, 0, &p));
        }
    }
    out.push(h2(4, 0, 0, &[0, 1, 0]));
    out.push(h2(4, 1, 0, &[0, 1, 0, 0, 0, 0]));
    for code in 0u32..=0x0e {
        out.push(h2(3, 0, 1, &code.to_be_bytes()));
        let mut goaway = 1u32.to_be_bytes().to_vec();
        goaway.extend_from_slice(&code.to_be_bytes());
        goaway.extend_from_slice(b"debug");
        out.push(h2(7, 0, 0, &goaway));
    }
    for increment in [0u32, 1, 65_535, 0x7fff_ffff, 0x8000_0000] {
        out.push(h2(8, 0, 0, &increment.to_be_bytes()));
        out.push(h2(8, 0, 1, &increment.to_be_bytes()));
    }
    out.push(h2(6, 0, 0, b"12345678"));
    out.push(h2(6, 1, 0, b"12345678"));
    out.push(h2(6, 0, 1, b"1234567"));
    out.push(h2(2, 0, 1, &[0x00, 0x00, 0x00, 0x01, 0x10]));
    out.push(h2(2, 0, 1, &[0x80, 0x00, 0x00, 0x03, 0x10]));
    out.push(h2(0, 0x08, 1, &[0x05, b'a']));
    out.push(h2(0, 0x08, 1, &[0x01, b'a', 0x07]));
    out.push(h2(1, 0x24, 1, &[0x00, 0x00, 0x00, 0x01]));
    out.push(h2(1, 0x00, 1, &[0x82]));
    let mut continued = h2(1, 0x00, 1, &[0x82]);
    continued.extend(h2(9, 0x04, 1, &[0x86]));
    out.push(continued);
    let mut interrupted = h2(1, 0x00, 1, &[0x82]);
    interrupted.extend(h2(0, 0x01, 1, b"x"));
    out.push(interrupted);
    out.push(h2(5, 0x04, 1, &[0x00, 0x00, 0x00, 0x02, 0x82]));
    out.push(hex("000004"));
    out.push(hex("00000401000000"));
    out.push(hex("ffffff0000000000000000"));
    out.push(hex("004001000000000001"));
    // ---- HPACK (RFC 7541 Appendix C) and broken blocks ----
    for h in [
        "400a637573746f6d2d6b65790d637573746f6d2d686561646572",
        "040c2f73616d706c652f70617468",
        "100870617373776f726406736563726574",
        "82",
        "828684410f7777772e6578616d706c652e636f6d",
        "828684be58086e6f2d6361636865",
        "828785bf400a637573746f6d2d6b65790c637573746f6d2d76616c7565",
        "828684418cf1e3c2e5f23a6ba0ab90f4ff",
        "4803333032580770726976617465611d4d6f6e2c203231204f637420323031332032303a31333a323120474d546e1768747470733a2f2f7777772e6578616d706c652e636f6d",
        "4883640effc1c0bf",
        "80",
        "ff",
        "ffffffffffff",
        "c0",
        "bf",
        "3fe11f",
        "20",
        "3f",
        "40",
        "4085",
        "408561626364",
        "40ff",
        "00",
        "0081ff",
        "008a",
        "4001610180",
        "41",
        "7f00",
        "5f00",
        "0f00",
        "1f00",
        "0001610162 0001610162",
        "40016101ff",
        "4088ffffffffffffffff0161",
        "82 3fe11f 82",
        "82 20 82",
    ] {
        out.push(hex(h));
    }
    // ---- QPACK (RFC 9204) ----
    for h in [
        "0000d1d7",
        "0000510b2f696e6465782e68746d6c",
        "03811011",
        "0000",
        "00",
        "",
        "0000ff",
        "00002f0070",
        "0000 80",
        "0000 10",
        "0000 c0",
        "0000 50",
        "0000 40",
        "0000 20",
        "0000 2361626303646566",
        "0000 27",
        "0000 5f0003 616263",
        "0000 ffffffffffffffff",
        "0200 80",
        "0281 10",
        "ff",
        "0000 d1d7 ff",
        "0000 ff64",
        "0000 5fa2",
    ] {
        out.push(hex(h));
    }
    // ---- IPv4, TCP, NCP (the simulators) ----
    let ip = hex("4500003c1c4640004006b1e6c0000201c6336407");
    out.push(ip.clone());
    for (at, value) in [
        (0usize, 0x46u8),
        (0, 0x65),
        (0, 0x44),
        (0, 0x4f),
        (1, 0xb8),
        (1, 0x03),
        (1, 0x01),
        (6, 0x80),
        (6, 0x20),
        (6, 0x60),
        (8, 0x00),
        (8, 0x01),
        (9, 0x01),
        (9, 0x11),
        (9, 0xfe),
        (9, 0x00),
        (10, 0x00),
        (12, 0x0a),
        (12, 0x7f),
        (12, 0xe0),
        (12, 0xff),
        (12, 0xa9),
        (12, 0xac),
        (16, 0x00),
        (16, 0xff),
        (3, 0x10),
        (3, 0xff),
        (2, 0x00),
    ] {
        let mut p = ip.clone();
        if let Some(b) = p.get_mut(at) {
            *b = value;
        }
        out.push(p);
    }
    for options in [
        "01010101",
        "00000000",
        "07070400000000 00",
        "94040000",
        "83070400000000 00",
        "89070400000000 00",
        "44080500000000 00",
        "82040000",
        "8802abcd",
        "0100",
        "ff",
        "01ff0000",
        "86",
    ] {
        let opts = hex(options);
        let mut p = ip.clone();
        let words = 5 + opts.len().div_ceil(4);
        if let Some(b) = p.get_mut(0) {
            *b = 0x40 | words as u8;
        }
        p.extend_from_slice(&opts);
        p.resize(words * 4, 0);
        out.push(p);
    }
    let tcp = hex("c0000050 3a5f0b21 00000000 5002faf0 0000 0000");
    out.push(tcp.clone());
    for (at, value) in [
        (12usize, 0x60u8),
        (12, 0x40),
        (12, 0xf0),
        (12, 0x5f),
        (13, 0x12),
        (13, 0x11),
        (13, 0x04),
        (13, 0x18),
        (13, 0x3f),
        (13, 0xc2),
        (13, 0x00),
        (13, 0x03),
        (13, 0x06),
        (18, 0x12),
        (14, 0x00),
    ] {
        let mut p = tcp.clone();
        if let Some(b) = p.get_mut(at) {
            *b = value;
        }
        out.push(p);
    }
    for options in [
        "020405b4",
        "01010402",
        "0303 07 00",
        "080a0000000100000002",
        "00000000",
        "0204",
        "02ff",
        "1e04",
        "05 0a 00000001 00000002",
        "0402 0101",
        "020405b4 0103030701010402",
    ] {
        let opts = hex(options);
        let mut p = tcp.clone();
        let words = 5 + opts.len().div_ceil(4);
        if let Some(b) = p.get_mut(12) {
            *b = (words as u8) << 4;
        }
        p.extend_from_slice(&opts);
        p.resize(words * 4, 0);
        out.push(p.clone());
        p.extend_from_slice(b"data");
        out.push(p);
    }
    for n in 0..8 {
        out.push(tcp.iter().take(n * 3).copied().collect());
    }
    // NCP: every opcode of RFC 6529 §3 with a few operands, and past the end.
    for op in 0u8..=16 {
        for len in [0usize, 1, 3, 5, 8, 9, 11] {
            let mut p = vec![op];
            p.extend((0..len).map(|i| (i as u8).wrapping_mul(37).wrapping_add(op)));
            out.push(p);
        }
    }
    out.push(hex("0a 05 00000001 00000064 08"));
    out.push(hex("0c 05 000000c8 00000064"));
    out.push(hex("0b 05 00000065 00000001 08 ff"));
    out.push(hex("0d 05"));
    out.push(hex("0e 00000064 00000001"));
    out.push(hex("01 00 00"));
    out.push(hex("02 03 04 05"));
    out.push(hex("00 00 00 00 00 00"));
    out.push(hex("ff 00 00"));
    out.push(hex("0f 01 02 03 04 05 06 07 08 09 0a"));
    out.push(hex("0b 00 00 00 02 00 00 00 64 07 08"));
    out.push(hex("0a 00 00 00 01 00 00 00 65 08"));
    out.push(hex("0a 00 00 00 02 00 00 00 64 08"));
    out
}

/// The seed files under `dir`'s subfolders (the fuzz targets' seeds), in name order.
pub fn fuzz_seeds(dir: &Path) -> Vec<Vec<u8>> {
    let mut files = Vec::new();
    if let Ok(targets) = std::fs::read_dir(dir) {
        for target in targets.flatten() {
            if let Ok(seeds) = std::fs::read_dir(target.path()) {
                // The seeds only: the `cmin_*` inputs the fuzz runs keep grow with every
                // run (crates/fuzz/keep), and the catalog must not move with them.
                files.extend(
                    seeds
                        .flatten()
                        .filter(|s| !s.file_name().to_string_lossy().starts_with("cmin_"))
                        .map(|s| s.path()),
                );
            }
        }
    }
    files.sort();
    files
        .iter()
        .filter_map(|f| std::fs::read(f).ok())
        .filter(|b| b.len() <= 1 << 16)
        .collect()
}

/// The protocol crates whose tests hold test vectors.
const CRATES: &[&str] = &["websocket", "http2", "http1", "qpack", "sim", "wire"];

/// Every Rust file under `dir`, in path order.
pub fn rust_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The test vectors of the protocol crates (under `crates`): every string literal in their
/// sources that reads as hex (two bytes or more) or holds an HTTP head, as bytes.
pub fn test_vectors(crates: &Path) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for name in CRATES {
        for file in rust_files(&crates.join(name)) {
            let Ok(text) = std::fs::read_to_string(&file) else {
                continue;
            };
            for lit in source::literals(&text) {
                let v = lit.value;
                if v.contains("HTTP/") || v.contains("\r\n") {
                    out.push(latin1_or_utf8(&v));
                } else if v.len() >= 4
                    && v.chars()
                        .all(|c| c.is_ascii_hexdigit() || c == ' ' || c == ':')
                    && let Ok(bytes) = wire::parse_hex(&v)
                {
                    out.push(bytes);
                }
            }
        }
    }
    out
}

/// A byte-string literal's value back as bytes (its `\xNN` escapes became chars below 256);
/// any other text as UTF-8.
fn latin1_or_utf8(s: &str) -> Vec<u8> {
    if s.chars().all(|c| u32::from(c) < 256) {
        s.chars().map(|c| u32::from(c) as u8).collect()
    } else {
        s.as_bytes().to_vec()
    }
}

/// Dissections that come from parameters rather than bytes: the TCP handshake's and the
/// ICP's steps, the budget's last word, the HPACK table across frames.
pub fn generated() -> Vec<(&'static str, Dissection)> {
    let mut out = Vec::new();
    for p in [
        sim::handshake::Params::default(),
        sim::handshake::Params {
            mss: Some(1460),
            request: b"GET / HTTP/1.1\r\nHost: example.com\r\n\r\n".to_vec(),
            response: b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi".to_vec(),
            ..sim::handshake::Params::default()
        },
    ] {
        for s in sim::handshake::steps(&p) {
            out.push(("sim::handshake::steps", s.ip));
            out.push(("sim::handshake::steps", s.tcp));
        }
    }
    let icp = sim::ncp::Params::default();
    for p in [
        icp.clone(),
        sim::ncp::Params {
            listen_socket: 2,
            ..icp.clone()
        },
        sim::ncp::Params {
            user_socket: 101,
            ..icp.clone()
        },
        sim::ncp::Params {
            server_socket: 201,
            ..icp.clone()
        },
        sim::ncp::Params {
            byte_size: 0,
            ..icp.clone()
        },
        sim::ncp::Params {
            contact_link: 0,
            ..icp.clone()
        },
        sim::ncp::Params {
            user_link: 5,
            server_link: 5,
            ..icp.clone()
        },
    ] {
        if let Ok(steps) = sim::ncp::steps(&p) {
            for s in steps {
                for m in s.messages {
                    out.push(("sim::ncp::steps", m.dissection));
                }
            }
        }
    }
    let mut budget = Budget::new(1, 1000, 100_000);
    out.extend(
        websocket::dissect::frames_within(&hex("8100 8100 8100"), None, &mut budget)
            .into_iter()
            .map(|d| ("websocket::dissect::frames_within", d)),
    );
    let mut budget = Budget::new(1, 1000, 100_000);
    out.extend(
        http2::dissect::Dissector::new()
            .frames_within(&hex("000000040000000000 000000040000000000"), &mut budget)
            .into_iter()
            .map(|d| ("http2::dissect::frames_within", d)),
    );
    let mut budget = Budget::new(1, 2, 100_000);
    out.push((
        "http2::dissect::header_block_within",
        http2::dissect::header_block_within(
            &hex("828684410f7777772e6578616d706c652e636f6d"),
            &mut http2::hpack::Decoder::new(),
            &mut budget,
        ),
    ));
    // RFC 7541 C.5: responses through a 256-byte table, which evicts.
    let mut decoder = http2::hpack::Decoder::with_max_table_size(256);
    for block in [
        "4803333032580770726976617465611d4d6f6e2c203231204f637420323031332032303a31333a323120474d546e1768747470733a2f2f7777772e6578616d706c652e636f6d",
        "4803333037c1c0bf",
        "88c1611d4d6f6e2c203231204f637420323031332032303a31333a323220474d54c05a04677a69707738666f6f3d4153444a4b48514b425a584f5157454f50495541585157454f49553b206d61782d6167653d333630303b2076657273696f6e3d31",
    ] {
        out.push((
            "http2::dissect::header_block",
            http2::dissect::header_block(&hex(block), &mut decoder),
        ));
    }
    // The HPACK dynamic table carried across frames (RFC 7541 C.4), then evictions.
    let mut dissector = http2::dissect::Dissector::new();
    for block in [
        "000011 01 05 00000001 828684410f7777772e6578616d706c652e636f6d",
        "00000c 01 05 00000003 828684be58086e6f2d6361636865",
        "000006 04 00 00000000 000100000020",
        "000018 01 05 00000005 828785bf400a637573746f6d2d6b65790c637573746f6d2d76616c7565",
        "000003 01 05 00000007 3fe11f",
    ] {
        for d in dissector.frames(&hex(block)) {
            out.push(("http2::dissect::Dissector", d));
        }
    }
    out
}
