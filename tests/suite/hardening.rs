//! The network's bounds, one at a time, over raw TCP and raw HTTP/2 on loopback: the Host
//! allow-list (421, 400), the Origin check against it (403), the one connection cap (503),
//! the body deadline (408), idle connections, the HTTP/2 send-stall deadline, the message
//! budget (1013) and a bounded shutdown. Every wait here is bounded by a read timeout.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use crate::common::{
    Server, closed_by_server, frame, h2_frame, h2_get_block, h2_open, h2_read_frame,
    handshake_request, http, open, read_frame, read_head,
};

fn get(server: &Server, host_lines: &str) -> (u16, String, String) {
    let (head, body) = http(
        server,
        &format!("GET /healthz HTTP/1.1\r\n{host_lines}Connection: close\r\n\r\n"),
    );
    (head.status, head.text, body)
}

#[test]
fn a_rebinding_host_is_421_and_loopback_names_are_fine() {
    let server = Server::start(&[]);
    let port = server.addr.port();
    let (status, head, body) = get(&server, &format!("Host: evil.example:{port}\r\n"));
    assert_eq!(status, 421, "{head}");
    assert!(body.contains("--allow-host evil.example"), "{body}");
    assert!(
        head.to_ascii_lowercase()
            .contains("x-content-type-options: nosniff")
    );
    assert!(head.to_ascii_lowercase().contains("connection: close"));
    // The API too, not only the pages.
    let (head, _) = http(
        &server,
        &format!(
            "POST /api/dissect/ws HTTP/1.1\r\nHost: evil.example:{port}\r\nX-Wiretrail: 1\r\n\
             Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{{}}"
        ),
    );
    assert_eq!(head.status, 421);
    for host in [
        format!("localhost:{port}"),
        "localhost".to_owned(),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
    ] {
        let (status, head, _) = get(&server, &format!("Host: {host}\r\n"));
        assert_eq!(status, 200, "{host}: {head}");
    }
}

#[test]
fn a_missing_or_duplicate_host_is_400() {
    let server = Server::start(&[]);
    let (status, head, body) = get(&server, "");
    assert_eq!(status, 400, "{head}");
    assert!(body.contains("RFC 9112"), "{body}");
    let two = format!("Host: {0}\r\nHost: {0}\r\n", server.addr);
    assert_eq!(get(&server, &two).0, 400);
    // HTTP/1.0 needs no Host.
    let (head, _) = http(&server, "GET /healthz HTTP/1.0\r\n\r\n");
    assert_eq!(head.status, 200, "{}", head.text);
}

#[test]
fn allow_host_and_its_environment_variable_add_names() {
    let server = Server::start(&["--allow-host", "lab.example", "--allow-host", "b.example"]);
    let port = server.addr.port();
    for host in ["lab.example", "b.example"] {
        let (status, head, _) = get(&server, &format!("Host: {host}:{port}\r\n"));
        assert_eq!(status, 200, "{host}: {head}");
    }
    assert_eq!(get(&server, "Host: c.example\r\n").0, 421);
    let env = Server::start_with_env(&[], &[("WIRETRAIL_ALLOW_HOST", "one.example,two.example")]);
    for host in ["one.example", "two.example"] {
        assert_eq!(get(&env, &format!("Host: {host}\r\n")).0, 200, "{host}");
    }
}

fn upgrade_status(server: &Server, host: &str, origin: &str) -> u16 {
    let mut s = server.connect();
    let req = handshake_request(server.addr, "/ws/echo", &format!("Origin: {origin}\r\n"))
        .replace(&format!("Host: {}", server.addr), &format!("Host: {host}"));
    s.write_all(req.as_bytes()).unwrap();
    read_head(&mut s).status
}

#[test]
fn a_rebinding_page_cannot_upgrade_and_allow_host_lets_it() {
    let server = Server::start(&[]);
    let port = server.addr.port();
    let here = format!("127.0.0.1:{port}");
    // The page's name rebound to this machine: Host and Origin agree, and still no.
    assert_eq!(
        upgrade_status(&server, &here, &format!("http://rebind.example:{port}")),
        403
    );
    assert_eq!(
        upgrade_status(
            &server,
            &format!("rebind.example:{port}"),
            &format!("http://rebind.example:{port}")
        ),
        421
    );
    // Another page on this machine, at another port.
    assert_eq!(
        upgrade_status(&server, &here, &format!("http://127.0.0.1:{}", port ^ 1)),
        403
    );
    assert_eq!(
        upgrade_status(&server, &here, &format!("http://localhost:{port}")),
        101
    );
    let allowed = Server::start(&["--allow-host", "rebind.example"]);
    let port = allowed.addr.port();
    assert_eq!(
        upgrade_status(
            &allowed,
            &format!("rebind.example:{port}"),
            &format!("http://rebind.example:{port}")
        ),
        101
    );
}

/// The `:status` of the response on stream 1 of an h2c connection.
fn h2_status(s: &mut TcpStream) -> String {
    let mut decoder = http2::hpack::Decoder::new();
    while let Some((kind, _, stream, payload)) = h2_read_frame(s) {
        if kind == 0x1 && stream == 1 {
            let fields = decoder.decode(&payload).unwrap();
            let status = fields.iter().find(|f| f.name == b":status").unwrap();
            return String::from_utf8(status.value.clone()).unwrap();
        }
    }
    panic!("no response HEADERS");
}

#[test]
fn http2_authority_is_checked_like_host() {
    let server = Server::start(&[]);
    let port = server.addr.port();
    for (authority, status) in [
        (format!("evil.example:{port}"), "421"),
        (format!("127.0.0.1:{port}"), "200"),
    ] {
        let mut s = h2_open(&server, &[]);
        let block = h2_get_block("/healthz", &authority);
        s.write_all(&h2_frame(0x1, 0x5, 1, &block)).unwrap();
        assert_eq!(h2_status(&mut s), status, "{authority}");
    }
}

#[test]
fn past_the_connection_cap_every_connection_gets_a_whole_503_then_room_again() {
    let server = Server::start(&["--max-connections", "3"]);
    // Plain keep-alive connections count, not only WebSockets.
    let mut held: Vec<TcpStream> = (0..2).map(|_| open(&server, "/ws/echo")).collect();
    let mut page = server.connect();
    write!(
        page,
        "GET /healthz HTTP/1.1\r\nHost: {}\r\n\r\n",
        server.addr
    )
    .unwrap();
    assert_eq!(read_head(&mut page).status, 200);
    let mut text = String::new();
    let mut late = server.connect();
    late.read_to_string(&mut text).unwrap();
    assert!(
        text.starts_with("HTTP/1.1 503 Service Unavailable\r\n"),
        "{text}"
    );
    assert!(text.contains("\r\nRetry-After: 1\r\n"), "{text}");
    assert!(text.contains("\r\nConnection: close\r\n"), "{text}");
    // A request already sent is no reason to reset before the 503 is read.
    let mut eager = server.connect();
    write!(
        eager,
        "GET /healthz HTTP/1.1\r\nHost: {}\r\n\r\n",
        server.addr
    )
    .unwrap();
    assert_eq!(read_head(&mut eager).status, 503);
    // One goes: room for one more.
    held.pop();
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let (head, _) = http(
            &server,
            &format!(
                "GET /healthz HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
                server.addr
            ),
        );
        if head.status == 200 {
            break;
        }
        assert!(Instant::now() < deadline, "no room again: {}", head.text);
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_stalled_body_gets_408_within_the_deadline() {
    let server = Server::start(&["--body-timeout", "1s"]);
    let mut s = server.connect();
    write!(
        s,
        "POST /api/dissect/ws HTTP/1.1\r\nHost: {}\r\nX-Wiretrail: 1\r\n\
         Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{{\"hex\":",
        server.addr
    )
    .unwrap();
    let start = Instant::now();
    let head = read_head(&mut s);
    let waited = start.elapsed();
    eprintln!("stalled body: 408 after {waited:?} (--body-timeout 1s)");
    assert_eq!(head.status, 408, "{}", head.text);
    assert_eq!(head.header("connection").as_deref(), Some("close"));
    assert!(waited >= Duration::from_millis(900), "{waited:?}");
    assert!(waited < Duration::from_secs(4), "{waited:?}");
    assert!(closed_by_server(&mut s));
}

#[test]
fn idle_connections_are_closed_http1_and_h2c() {
    let server = Server::start(&["--keep-alive-timeout", "1s"]);
    let mut s = server.connect();
    write!(s, "GET /healthz HTTP/1.1\r\nHost: {}\r\n\r\n", server.addr).unwrap();
    let head = read_head(&mut s);
    assert_eq!(head.status, 200);
    let start = Instant::now();
    assert!(
        closed_by_server(&mut s),
        "an idle keep-alive connection stays open"
    );
    let http1 = start.elapsed();
    let mut h2 = h2_open(&server, &[]);
    let start = Instant::now();
    let mut goaway = false;
    while let Some((kind, ..)) = h2_read_frame(&mut h2) {
        goaway |= kind == 0x7;
    }
    let h2c = start.elapsed();
    eprintln!("idle connections closed after: HTTP/1.1 {http1:?}, h2c {h2c:?} (timeout 1s)");
    assert!(http1 < Duration::from_secs(4), "{http1:?}");
    assert!(h2c < Duration::from_secs(4), "{h2c:?}");
    assert!(goaway, "an idle h2c connection gets GOAWAY");
}

#[test]
fn an_http2_response_stalled_on_a_zero_window_is_closed_after_the_send_timeout() {
    let server = Server::start(&["--send-timeout", "1s"]);
    // SETTINGS_INITIAL_WINDOW_SIZE (0x4) = 0: no stream may carry a DATA byte.
    let mut s = h2_open(&server, &[0x00, 0x04, 0, 0, 0, 0]);
    let block = h2_get_block("/", &server.addr.to_string());
    s.write_all(&h2_frame(0x1, 0x5, 1, &block)).unwrap();
    assert_eq!(h2_status(&mut s), "200");
    let start = Instant::now();
    let mut data = 0;
    while let Some((kind, _, _, payload)) = h2_read_frame(&mut s) {
        if kind == 0x0 {
            data += payload.len();
        }
    }
    let waited = start.elapsed();
    eprintln!("zero-window stream: connection closed after {waited:?} (--send-timeout 1s)");
    assert_eq!(data, 0, "DATA past a zero window");
    assert!(waited < Duration::from_secs(5), "{waited:?}");
    // The server is fine afterwards.
    assert!(crate::common::healthz_time(&server) < Duration::from_secs(2));
}

#[test]
fn past_the_message_budget_the_connection_that_needs_more_gets_1013() {
    const MIB: usize = 1024 * 1024;
    let server = Server::start(&["--message-budget", &(2 * MIB).to_string()]);
    let payload = vec![b'x'; 1200 * 1024];
    let whole = frame(true, 2, &payload, true);
    // The header and most of the payload: each connection now holds its message's buffer.
    let part = 1100 * 1024;
    let mut a = open(&server, "/ws/echo");
    a.write_all(&whole[..part]).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let mut b = open(&server, "/ws/echo");
    b.write_all(&whole[..part]).unwrap();
    let close = read_frame(&mut b).expect("a Close frame");
    assert_eq!(close.close_code(), Some(1013), "{close:?}");
    // The other finishes its message and gets it back.
    a.write_all(&whole[part..]).unwrap();
    let echo = read_frame(&mut a).expect("the echo");
    assert_eq!(echo.payload.len(), payload.len());
    // Given back: a new connection may do the same.
    drop(b);
    let mut c = open(&server, "/ws/echo");
    c.write_all(&whole).unwrap();
    assert_eq!(read_frame(&mut c).unwrap().payload.len(), payload.len());
}

#[test]
fn shutdown_is_bounded_when_peers_stay_silent() {
    let mut server = Server::start(&["--close-timeout", "1s"]);
    // A WebSocket that never answers Close, a body that never ends, an idle h2c connection,
    // and a response nobody reads.
    let _ws = open(&server, "/ws/echo");
    let mut body = server.connect();
    write!(
        body,
        "POST /api/dissect/ws HTTP/1.1\r\nHost: {}\r\nX-Wiretrail: 1\r\nContent-Length: 50\r\n\r\n",
        server.addr
    )
    .unwrap();
    let _h2 = h2_open(&server, &[0x00, 0x04, 0, 0, 0, 0]);
    std::thread::sleep(Duration::from_millis(200));
    let start = Instant::now();
    server.interrupt();
    let deadline = start + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "still running after 10 s");
        std::thread::sleep(Duration::from_millis(20));
    };
    let took = start.elapsed();
    eprintln!("shutdown with silent peers took {took:?} (--close-timeout 1s, bound 2.5 s)");
    assert!(status.success(), "{status:?}");
    assert!(took < Duration::from_millis(2500), "{took:?}");
}
