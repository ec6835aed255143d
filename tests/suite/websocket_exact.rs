//! The exact answers RFC 6455 asks of `/ws/echo`, pinned against the real binary over raw TCP.
//!
//! Autobahn|Testsuite accepts a dropped connection where the RFC asks for a close code, and it
//! has no handshake cases; these tests do not: each rule gets its exact close code (1002,
//! 1007, 1009) or HTTP status (400, 403, 426 with `Sec-WebSocket-Version: 13`, 503).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::time::{Duration, Instant};

use crate::common::*;

/// Sends `bytes` on a fresh WebSocket and expects a Close with `code`, then the server's FIN.
fn expect_close_after(server: &Server, bytes: &[u8], code: u16) {
    let mut s = open(server, "/ws/echo");
    s.write_all(bytes).unwrap();
    let f = loop {
        let f = read_frame(&mut s).expect("a Close frame before the end of stream");
        if f.opcode == 8 {
            break f;
        }
    };
    assert_eq!(f.close_code(), Some(code), "close payload {:?}", f.payload);
    assert!(!f.masked, "server frames are never masked (RFC 6455 §5.1)");
    // Answer the Close, as a client should, and see the server close TCP.
    s.write_all(&frame(true, 8, &code.to_be_bytes(), true))
        .unwrap();
    assert!(
        closed_by_server(&mut s),
        "the server closes the TCP connection"
    );
}

// ---------------------------------------------------------------- the opening handshake

#[test]
fn rfc_6455_section_1_3_handshake() {
    let server = Server::start(&[]);
    let mut s = server.connect();
    let origin = format!("Origin: http://{}\r\n", server.addr);
    let extra = format!("{origin}Sec-WebSocket-Protocol: chat, superchat\r\n");
    s.write_all(handshake_request(server.addr, "/ws/echo", &extra).as_bytes())
        .unwrap();
    let head = read_head(&mut s);
    assert_eq!(head.status, 101, "{}", head.text);
    assert_eq!(
        head.header("sec-websocket-accept").as_deref(),
        Some(RFC_ACCEPT)
    );
    assert!(
        head.header("upgrade")
            .unwrap()
            .eq_ignore_ascii_case("websocket")
    );
    assert!(
        head.header("connection")
            .unwrap()
            .eq_ignore_ascii_case("upgrade")
    );
    // The echo endpoint speaks no subprotocol, so it must not name one (RFC 6455 §4.2.2).
    assert_eq!(head.header("sec-websocket-protocol"), None);
}

#[test]
fn tokens_in_lists_and_any_case() {
    let server = Server::start(&[]);
    let mut s = server.connect();
    let req = format!(
        "GET /ws/echo HTTP/1.1\r\nhost: {}\r\nupgrade: WebSocket\r\nconnection: keep-alive, UPGRADE\r\n\
         sec-websocket-key: {RFC_KEY}\r\nsec-websocket-version: 13\r\n\r\n",
        server.addr
    );
    s.write_all(req.as_bytes()).unwrap();
    assert_eq!(read_head(&mut s).status, 101);
}

#[test]
fn unsupported_version_is_426_naming_13() {
    let server = Server::start(&[]);
    let mut s = server.connect();
    let req = handshake_request(server.addr, "/ws/echo", "")
        .replace("Sec-WebSocket-Version: 13", "Sec-WebSocket-Version: 8");
    s.write_all(req.as_bytes()).unwrap();
    let head = read_head(&mut s);
    assert_eq!(head.status, 426, "{}", head.text);
    assert_eq!(head.header("sec-websocket-version").as_deref(), Some("13"));
}

fn status_of(server: &Server, request: String) -> u16 {
    let mut s = server.connect();
    s.write_all(request.as_bytes()).unwrap();
    read_head(&mut s).status
}

#[test]
fn a_key_that_is_not_16_bytes_is_400() {
    let server = Server::start(&[]);
    let ok = handshake_request(server.addr, "/ws/echo", "");
    // 15 bytes, 17 bytes, not base64 at all.
    for key in [
        "AAAAAAAAAAAAAAAAAAAA",
        "AAAAAAAAAAAAAAAAAAAAAAA=",
        "not base64!!",
    ] {
        let req = ok.replace(RFC_KEY, key);
        assert_eq!(status_of(&server, req), 400, "key {key}");
    }
}

#[test]
fn missing_pieces_are_400() {
    let server = Server::start(&[]);
    let ok = handshake_request(server.addr, "/ws/echo", "");
    for (what, req) in [
        (
            "no key",
            ok.replace(&format!("Sec-WebSocket-Key: {RFC_KEY}\r\n"), ""),
        ),
        ("no Upgrade", ok.replace("Upgrade: websocket\r\n", "")),
        (
            "wrong Upgrade",
            ok.replace("Upgrade: websocket", "Upgrade: h2c"),
        ),
        (
            "no Connection: Upgrade",
            ok.replace("Connection: Upgrade", "Connection: keep-alive"),
        ),
        ("HTTP/1.0", ok.replace("HTTP/1.1", "HTTP/1.0")),
    ] {
        assert_eq!(status_of(&server, req), 400, "{what}");
    }
}

#[test]
fn a_page_of_another_origin_is_refused_with_403() {
    let server = Server::start(&[]);
    let req = handshake_request(server.addr, "/ws/echo", "Origin: http://evil.example\r\n");
    assert_eq!(status_of(&server, req), 403);
    let same = format!("Origin: http://{}\r\n", server.addr);
    assert_eq!(
        status_of(&server, handshake_request(server.addr, "/ws/echo", &same)),
        101
    );

    let allowing = Server::start(&["--allow-origin", "http://lab.example"]);
    let req = handshake_request(allowing.addr, "/ws/echo", "Origin: http://lab.example\r\n");
    assert_eq!(status_of(&allowing, req), 101);
}

#[test]
fn past_the_connection_cap_is_503() {
    let server = Server::start(&["--max-connections", "1"]);
    let _first = open(&server, "/ws/echo");
    let req = handshake_request(server.addr, "/ws/echo", "");
    assert_eq!(status_of(&server, req), 503);
}

#[test]
fn a_silent_client_is_dropped_after_the_handshake_timeout() {
    let server = Server::start(&["--handshake-timeout", "1s"]);
    for partial in ["", "GET /ws/echo HTTP/1.1\r\nHost: x\r\n"] {
        let mut s = server.connect();
        s.write_all(partial.as_bytes()).unwrap();
        let start = Instant::now();
        assert!(closed_by_server(&mut s), "closed after {partial:?}");
        let waited = start.elapsed();
        assert!(waited < Duration::from_secs(5), "waited {waited:?}");
    }
}

// ---------------------------------------------------------------- echo and control frames

#[test]
fn echoes_text_and_binary_in_all_three_length_forms() {
    let server = Server::start(&[]);
    let mut s = open(&server, "/ws/echo");
    let cases: [(u8, Vec<u8>); 4] = [
        (1, "Hello, wire — ✓".as_bytes().to_vec()),
        (2, vec![0xAB; 5]),
        (2, (0..300u32).map(|i| i as u8).collect()),
        (1, "x".repeat(70_000).into_bytes()),
    ];
    for (opcode, payload) in cases {
        s.write_all(&frame(true, opcode, &payload, true)).unwrap();
        let f = read_frame(&mut s).unwrap();
        assert_eq!((f.fin, f.opcode, f.masked), (true, opcode, false));
        assert_eq!(f.payload, payload);
    }
}

#[test]
fn fragmented_message_with_a_ping_between_fragments() {
    let server = Server::start(&[]);
    let mut s = open(&server, "/ws/echo");
    let mut bytes = frame(false, 1, b"Hel", true);
    bytes.extend(frame(true, 9, b"between", true));
    bytes.extend(frame(true, 0, b"lo", true));
    s.write_all(&bytes).unwrap();
    let pong = read_frame(&mut s).unwrap();
    assert_eq!(
        (pong.opcode, pong.payload.as_slice()),
        (10, &b"between"[..])
    );
    let echo = read_frame(&mut s).unwrap();
    assert_eq!((echo.opcode, echo.payload.as_slice()), (1, &b"Hello"[..]));
}

#[test]
fn a_frame_sent_one_byte_at_a_time() {
    let server = Server::start(&[]);
    let mut s = open(&server, "/ws/echo");
    for b in frame(true, 1, b"slowly", true) {
        s.write_all(&[b]).unwrap();
        std::thread::sleep(Duration::from_millis(2));
    }
    assert_eq!(read_frame(&mut s).unwrap().payload, b"slowly");
}

#[test]
fn closing_handshake_started_by_the_client() {
    let server = Server::start(&[]);
    let mut s = open(&server, "/ws/echo");
    let mut payload = 1000u16.to_be_bytes().to_vec();
    payload.extend_from_slice(b"bye");
    s.write_all(&frame(true, 8, &payload, true)).unwrap();
    let f = read_frame(&mut s).unwrap();
    assert_eq!(f.close_code(), Some(1000));
    assert!(closed_by_server(&mut s));
}

#[test]
fn an_empty_close_is_answered_with_an_empty_close() {
    let server = Server::start(&[]);
    let mut s = open(&server, "/ws/echo");
    s.write_all(&frame(true, 8, b"", true)).unwrap();
    let f = read_frame(&mut s).unwrap();
    assert_eq!((f.opcode, f.payload.len()), (8, 0));
}

#[test]
fn idle_connections_are_pinged_then_closed_with_1001() {
    let server = Server::start(&["--ping-interval", "300ms", "--idle-timeout", "300ms"]);
    let mut s = open(&server, "/ws/echo");
    let ping = read_frame(&mut s).unwrap();
    assert_eq!(ping.opcode, 9);
    let close = read_frame(&mut s).unwrap();
    assert_eq!(close.close_code(), Some(1001));
}

#[test]
fn a_pong_keeps_an_idle_connection_open() {
    let server = Server::start(&["--ping-interval", "300ms", "--idle-timeout", "300ms"]);
    let mut s = open(&server, "/ws/echo");
    for _ in 0..3 {
        let ping = read_frame(&mut s).unwrap();
        assert_eq!(ping.opcode, 9);
        s.write_all(&frame(true, 10, &ping.payload, true)).unwrap();
    }
    s.write_all(&frame(true, 1, b"still here", true)).unwrap();
    let mut f = read_frame(&mut s).unwrap();
    while f.opcode == 9 {
        f = read_frame(&mut s).unwrap();
    }
    assert_eq!(f.payload, b"still here");
}

#[test]
fn ctrl_c_sends_close_1001_to_every_socket() {
    let server = Server::start(&[]);
    let mut a = open(&server, "/ws/echo");
    let mut b = open(&server, "/ws/echo");
    server.interrupt();
    for s in [&mut a, &mut b] {
        let f = read_frame(s).unwrap();
        assert_eq!(f.close_code(), Some(1001));
        s.write_all(&frame(true, 8, &1001u16.to_be_bytes(), true))
            .unwrap();
    }
}

// ---------------------------------------------------------------- 1002: protocol errors

#[test]
fn protocol_errors_close_with_1002() {
    let server = Server::start(&[]);
    let mut long_len = vec![0x82, 0x80 | 127, 0x80, 0, 0, 0, 0, 0, 0, 1];
    long_len.extend_from_slice(&MASK);
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("an unmasked client frame", frame(true, 1, b"Hello", false)),
        ("RSV1 without an extension", {
            let mut f = frame(true, 1, b"Hello", true);
            f[0] |= 0x40;
            f
        }),
        ("RSV3", {
            let mut f = frame(true, 2, b"x", true);
            f[0] |= 0x10;
            f
        }),
        ("reserved data opcode 3", frame(true, 3, b"", true)),
        ("reserved control opcode 0xB", frame(true, 0xB, b"", true)),
        ("a ping of 126 bytes", frame(true, 9, &[0; 126], true)),
        ("a fragmented ping", frame(false, 9, b"x", true)),
        (
            "a continuation with nothing to continue",
            frame(true, 0, b"x", true),
        ),
        ("a new message inside a fragmented one", {
            let mut b = frame(false, 1, b"a", true);
            b.extend(frame(true, 1, b"b", true));
            b
        }),
        ("a 64-bit length with its top bit set", long_len),
        ("a close payload of one byte", frame(true, 8, &[0x03], true)),
        (
            "close code 1005 on the wire",
            frame(true, 8, &1005u16.to_be_bytes(), true),
        ),
        (
            "close code 1006 on the wire",
            frame(true, 8, &1006u16.to_be_bytes(), true),
        ),
        (
            "close code 999",
            frame(true, 8, &999u16.to_be_bytes(), true),
        ),
        (
            "close code 5000",
            frame(true, 8, &5000u16.to_be_bytes(), true),
        ),
    ];
    for (what, bytes) in cases {
        eprintln!("case: {what}");
        expect_close_after(&server, &bytes, 1002);
    }
}

// ---------------------------------------------------------------- 1007: invalid UTF-8

#[test]
fn invalid_utf8_closes_with_1007() {
    let server = Server::start(&[]);
    let mut reason = 1000u16.to_be_bytes().to_vec();
    reason.extend_from_slice(&[0xff, 0xfe]);
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("a lone continuation byte", frame(true, 1, &[0x80], true)),
        (
            "an overlong encoding of '/'",
            frame(true, 1, &[0xc0, 0xaf], true),
        ),
        (
            "a UTF-16 surrogate",
            frame(true, 1, &[0xed, 0xa0, 0x80], true),
        ),
        (
            "past U+10FFFF",
            frame(true, 1, &[0xf4, 0x90, 0x80, 0x80], true),
        ),
        (
            "a sequence cut at the end of the message",
            frame(true, 1, &[b'a', 0xe2, 0x82], true),
        ),
        ("invalid in the second fragment", {
            let mut b = frame(false, 1, "κό".as_bytes(), true);
            b.extend(frame(true, 0, &[0xff], true));
            b
        }),
        (
            "a close reason that is not UTF-8",
            frame(true, 8, &reason, true),
        ),
    ];
    for (what, bytes) in cases {
        eprintln!("case: {what}");
        expect_close_after(&server, &bytes, 1007);
    }
}

#[test]
fn invalid_utf8_fails_fast_before_the_frame_ends() {
    let server = Server::start(&[]);
    let mut s = open(&server, "/ws/echo");
    // A 100-byte text frame whose 3rd byte can never start valid UTF-8: send only 10 bytes of
    // its payload. The server must not wait for the other 90 to answer 1007.
    let mut payload = b"ab".to_vec();
    payload.push(0xff);
    payload.resize(100, b'c');
    let bytes = frame(true, 1, &payload, true);
    s.write_all(&bytes[..2 + 4 + 10]).unwrap();
    let f = read_frame(&mut s).expect("a Close before the frame is complete");
    assert_eq!(f.close_code(), Some(1007));
}

// ---------------------------------------------------------------- 1009: too big

#[test]
fn too_big_is_decided_from_the_header_with_1009() {
    let server = Server::start(&["--max-message", "1000", "--max-frame", "1000"]);
    // Only the header of a 2000-byte frame: the answer must come without the payload.
    let mut s = open(&server, "/ws/echo");
    let header = &frame(true, 2, &vec![0; 2000], true)[..2 + 2 + 4];
    s.write_all(header).unwrap();
    let f = read_frame(&mut s).expect("a Close before any payload");
    assert_eq!(f.close_code(), Some(1009));

    // A message over the limit in fragments that are each under it.
    let mut bytes = frame(false, 2, &[1; 600], true);
    bytes.extend(frame(true, 0, &[2; 600], true));
    expect_close_after(&server, &bytes, 1009);

    // Exactly at the limit is fine.
    let mut s = open(&server, "/ws/echo");
    s.write_all(&frame(true, 2, &[7; 1000], true)).unwrap();
    assert_eq!(read_frame(&mut s).unwrap().payload.len(), 1000);
}

// ---------------------------------------------------------------- plain HTTP

#[test]
fn healthz_home_and_security_headers() {
    let server = Server::start(&[]);
    let (head, body) = http(
        &server,
        &format!("GET /healthz HTTP/1.1\r\nHost: {}\r\n\r\n", server.addr),
    );
    assert_eq!((head.status, body.as_str()), (200, "ok\n"));

    let (head, body) = http(
        &server,
        &format!("GET / HTTP/1.1\r\nHost: {}\r\n\r\n", server.addr),
    );
    assert_eq!(head.status, 200);
    assert!(body.contains("/ws/echo"));
    let csp = head.header("content-security-policy").expect("a CSP");
    assert!(
        csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    assert!(!body.contains("<script>"), "no inline script on the page");
    assert_eq!(
        head.header("x-content-type-options").as_deref(),
        Some("nosniff")
    );

    let (head, _) = http(
        &server,
        &format!(
            "GET /static/style.css HTTP/1.1\r\nHost: {}\r\n\r\n",
            server.addr
        ),
    );
    assert_eq!(head.status, 200);
    assert!(head.header("content-type").unwrap().starts_with("text/css"));
    let (head, _) = http(
        &server,
        &format!(
            "GET /static/../Cargo.toml HTTP/1.1\r\nHost: {}\r\n\r\n",
            server.addr
        ),
    );
    assert_eq!(head.status, 404);
}

#[test]
fn the_dissect_api() {
    let server = Server::start(&[]);
    let body = "81 85 37 fa 21 3d 7f 9f 4d 51 58";
    let req = format!(
        "POST /api/dissect/ws HTTP/1.1\r\nHost: {}\r\nX-Wiretrail: 1\r\nContent-Type: text/plain\r\nContent-Length: {}\r\n\r\n{body}",
        server.addr,
        body.len()
    );
    let (head, json) = http(&server, &req);
    assert_eq!(head.status, 200, "{json}");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v[0]["protocol"], "WebSocket");
    assert_eq!(v[0]["bytes"], "818537fa213d7f9f4d5158");

    let bad = "81 8g";
    let req = format!(
        "POST /api/dissect/ws HTTP/1.1\r\nHost: {}\r\nX-Wiretrail: 1\r\nContent-Length: {}\r\n\r\n{bad}",
        server.addr,
        bad.len()
    );
    let (head, json) = http(&server, &req);
    assert_eq!(head.status, 400);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["at"], 4);
}
