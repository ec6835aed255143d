//! The live WebSocket lab over raw TCP: a session, its inspector stream (SSE), the learner's
//! socket and the ask API, against the real binary. The recorded session's dissections are
//! pinned by a snapshot (reviewed by reading it).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::net::TcpStream;
use std::sync::mpsc;
use std::time::Duration;

use crate::common::*;
use serde_json::Value;

fn create_session(server: &Server) -> String {
    let (head, body) = http(
        server,
        &format!(
            "POST /api/lab/sessions HTTP/1.1\r\nHost: {}\r\nX-Wiretrail: 1\r\nContent-Length: 0\r\n\r\n",
            server.addr
        ),
    );
    assert_eq!(head.status, 201, "{body}");
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["protocols"], serde_json::json!(["chat", "superchat"]));
    v["id"].as_str().unwrap().to_owned()
}

/// The session's inspector stream, event by event.
fn subscribe(server: &Server, id: &str) -> mpsc::Receiver<Value> {
    sse_events(server, &format!("/lab/events/{id}"))
}

/// Receives events until one of `kind` arrives; returns all received.
fn until(rx: &mpsc::Receiver<Value>, kind: &str, count: usize) -> Vec<Value> {
    let mut got = Vec::new();
    let mut seen = 0;
    while seen < count {
        let e = rx
            .recv_timeout(Duration::from_secs(10))
            .unwrap_or_else(|_| {
                panic!(
                    "no {kind} event; got {:#?}",
                    got.iter()
                        .map(|e: &Value| e["kind"].clone())
                        .collect::<Vec<_>>()
                )
            });
        if e["kind"] == kind {
            seen += 1;
        }
        got.push(e);
    }
    got
}

/// Opens the lab's socket; returns it, the request sent and the 101's Date header.
fn open_lab(server: &Server, id: &str, extra: &str) -> (TcpStream, String, String) {
    let mut s = server.connect();
    let request = handshake_request(server.addr, &format!("/ws/lab?session={id}"), extra);
    s.write_all(request.as_bytes()).unwrap();
    let head = read_head(&mut s);
    assert_eq!(head.status, 101, "{}", head.text);
    (s, request, head.header("date").unwrap_or_default())
}

fn ask(server: &Server, id: &str, body: &str) -> u16 {
    let (head, _) = http(
        server,
        &format!(
            "POST /api/lab/{id}/ask HTTP/1.1\r\nHost: {}\r\nX-Wiretrail: 1\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            server.addr,
            body.len()
        ),
    );
    head.status
}

/// The frame fields a learner checks: (direction, opcode value, MASK, payload length).
fn frame_facts(e: &Value) -> (String, String, String, String) {
    let field = |name: &str| {
        e["dissection"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == name)
            .map(|f| f["raw"]["value"].to_string())
            .unwrap_or_default()
    };
    (
        e["direction"].as_str().unwrap().to_owned(),
        field("Opcode"),
        field("MASK"),
        field("Payload length"),
    )
}

#[test]
fn a_whole_session_is_dissected_in_order() {
    let server = Server::start(&[]);
    let id = create_session(&server);
    let events = subscribe(&server, &id);
    let origin = format!("Origin: http://{}\r\n", server.addr);
    let extra = format!("{origin}Sec-WebSocket-Protocol: chat, superchat\r\n");
    let (mut s, request, date) = open_lab(&server, &id, &extra);

    s.write_all(&frame(true, 1, b"Hello", true)).unwrap();
    assert_eq!(read_frame(&mut s).unwrap().payload, b"Hello");
    assert_eq!(
        ask(
            &server,
            &id,
            r#"{"action":"fragmented","text":"Hello","parts":3}"#
        ),
        202
    );
    for opcode in [1, 0, 0] {
        assert_eq!(read_frame(&mut s).unwrap().opcode, opcode);
    }
    s.write_all(&frame(true, 8, &1000u16.to_be_bytes(), true))
        .unwrap();
    assert_eq!(read_frame(&mut s).unwrap().close_code(), Some(1000));
    assert!(closed_by_server(&mut s));

    let all = until(&events, "closed", 1);
    // Each read and write of the socket, told with its size and stream range: the client's
    // reads add up to the frames we sent, the server's writes to its 101 and frames, each
    // range starting where the last ended. How TCP cut them depends on the run, so they are
    // checked here and left out of the snapshot, and the rest renumbered.
    let moved = |direction: &str| -> Vec<(u64, u64, u64)> {
        all.iter()
            .filter(|e| e["kind"] == "tcp" && e["direction"] == direction)
            .map(|e| {
                let range = |i: usize| e["range"][i].as_u64().unwrap();
                (e["size"].as_u64().unwrap(), range(0), range(1))
            })
            .collect()
    };
    for (direction, total) in [("client", 11 + 8), ("server", 0)] {
        let reads = moved(direction);
        let mut at = 0;
        for &(size, from, to) in &reads {
            assert_eq!((from, to), (at, at + size), "{direction}: {reads:?}");
            at = to;
        }
        if direction == "client" {
            assert_eq!(at, total, "the client's reads carried exactly its frames");
        } else {
            assert!(at > 100, "the server's writes carried its 101 and frames");
        }
    }
    let mut got: Vec<Value> = all
        .into_iter()
        .filter(|e| e["kind"] != "tcp" && e["kind"] != "frame-begun")
        .collect();
    for (i, e) in got.iter_mut().enumerate() {
        e["seq"] = Value::from(i);
    }
    let kinds: Vec<&str> = got.iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(
        kinds,
        [
            "handshake-request",
            "note",
            "note",
            "handshake-response",
            "frame",
            "frame",
            "frame",
            "frame",
            "frame",
            "frame",
            "frame",
            "closed"
        ]
    );
    // The handshake is the exact bytes sent, and the accept steps are for our key.
    assert_eq!(got[0]["dissection"]["bytes"], wire_hex(request.as_bytes()));
    assert!(
        got[0]["accept_steps"]["summary"]
            .as_str()
            .unwrap()
            .contains(RFC_ACCEPT)
    );
    assert!(got[1]["text"].as_str().unwrap().contains("\"chat\""));
    let facts: Vec<_> = got[4..11].iter().map(frame_facts).collect();
    let f = |d: &str, o: &str, m: &str, l: &str| {
        (d.to_owned(), o.to_owned(), m.to_owned(), l.to_owned())
    };
    assert_eq!(
        facts,
        [
            f("client", "1", "1", "5"),
            f("server", "1", "0", "5"),
            f("server", "1", "0", "2"),
            f("server", "0", "0", "2"),
            f("server", "0", "0", "1"),
            f("client", "8", "1", "2"),
            f("server", "8", "0", "2"),
        ]
    );
    // The session as the page receives it, with what changes from run to run redacted: the
    // times, the OS-chosen address, the random session id and the 101's Date.
    // The whole address, not the bare port: a port's digits can occur by chance inside hex
    // (the session id's) or other numbers, and replacing those would make the snapshot flaky.
    let addr = server.addr.to_string();
    let mut recorded = Value::Array(got);
    redact(
        &mut recorded,
        &[
            (id.as_str(), "SESSION"),
            (date.as_str(), "DATE"),
            (addr.as_str(), "ADDR"),
        ],
    );
    insta::assert_json_snapshot!(recorded);
}

fn wire_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Replaces times, and each `(value, name)` in text and in hex (as `[name]`).
fn redact(v: &mut Value, values: &[(&str, &str)]) {
    match v {
        Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                if k == "t_ms" {
                    *v = Value::String("[t_ms]".into());
                } else {
                    redact(v, values);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| redact(v, values)),
        Value::String(s) => {
            for (value, name) in values {
                *s = s
                    .replace(value, name)
                    .replace(&wire_hex(value.as_bytes()), &format!("[{name}]"));
            }
        }
        _ => {}
    }
}

#[test]
fn large_frames_are_shown_truncated_with_their_full_length() {
    let server = Server::start(&[]);
    let id = create_session(&server);
    let events = subscribe(&server, &id);
    let (mut s, _, _) = open_lab(&server, &id, "");
    s.write_all(&frame(true, 2, &vec![7u8; 70_000], true))
        .unwrap();
    assert_eq!(read_frame(&mut s).unwrap().payload.len(), 70_000);
    let got = until(&events, "frame", 2);
    let frames: Vec<_> = got.iter().filter(|e| e["kind"] == "frame").collect();
    for f in frames {
        assert_eq!(
            f["truncated"],
            serde_json::json!({ "shown": 4096, "total": 70000 })
        );
        assert_eq!(f["dissection"]["problems"], serde_json::json!([]));
    }
}

#[test]
fn the_server_side_asks() {
    let server = Server::start(&[]);
    let id = create_session(&server);
    // Before a socket is open there is nothing to ask.
    assert_eq!(
        ask(&server, &id, r#"{"action":"ping","payload":"hi"}"#),
        409
    );
    let (mut s, _, _) = open_lab(&server, &id, "");
    assert_eq!(
        ask(&server, &id, r#"{"action":"ping","payload":"hi"}"#),
        202
    );
    let ping = read_frame(&mut s).unwrap();
    assert_eq!((ping.opcode, ping.payload.as_slice()), (9, &b"hi"[..]));
    assert_eq!(ask(&server, &id, r#"{"action":"pong","payload":""}"#), 202);
    assert_eq!(read_frame(&mut s).unwrap().opcode, 10);
    assert_eq!(ask(&server, &id, r#"{"action":"binary","size":300}"#), 202);
    assert_eq!(read_frame(&mut s).unwrap().payload.len(), 300);
    assert_eq!(
        ask(
            &server,
            &id,
            r#"{"action":"close","code":1005,"reason":""}"#
        ),
        400
    );
    assert_eq!(ask(&server, &id, "not json"), 400);
    assert_eq!(ask(&server, "0000", r#"{"action":"protocol-error"}"#), 404);
    assert_eq!(ask(&server, &id, r#"{"action":"protocol-error"}"#), 202);
    let bad = read_frame(&mut s).unwrap();
    assert_eq!(bad.opcode, 1);
    assert_eq!(
        ask(
            &server,
            &id,
            r#"{"action":"close","code":4000,"reason":"<img src=x onerror=alert(1)>"}"#
        ),
        202
    );
    let close = read_frame(&mut s).unwrap();
    assert_eq!(close.close_code(), Some(4000));
    assert_eq!(&close.payload[2..], b"<img src=x onerror=alert(1)>");
}

#[test]
fn a_foreign_origin_is_refused_and_the_refusal_shown() {
    let server = Server::start(&[]);
    let id = create_session(&server);
    let events = subscribe(&server, &id);
    let mut s = server.connect();
    let request = handshake_request(
        server.addr,
        &format!("/ws/lab?session={id}"),
        "Origin: http://evil.example\r\n",
    );
    s.write_all(request.as_bytes()).unwrap();
    assert_eq!(read_head(&mut s).status, 403);
    let got = until(&events, "handshake-refused", 1);
    let refused = got.last().unwrap();
    assert_eq!(refused["status"], 403);
    assert_eq!(refused["dissection"]["bytes"], wire_hex(request.as_bytes()));
}

#[test]
fn unknown_sessions_are_404() {
    let server = Server::start(&[]);
    let mut s = server.connect();
    let request = handshake_request(server.addr, "/ws/lab?session=nope", "");
    s.write_all(request.as_bytes()).unwrap();
    assert_eq!(read_head(&mut s).status, 404);
    let (head, _) = http(
        &server,
        &format!(
            "GET /lab/events/nope HTTP/1.1\r\nHost: {}\r\n\r\n",
            server.addr
        ),
    );
    assert_eq!(head.status, 404);
}
