//! "Send what you built": `POST /api/lab/ws/{id}/raw` writes the learner's bytes, exactly as
//! built, to the server's own WebSocket endpoint and answers with what the server did. Each
//! case is the answer RFC 6455 fixes for those bytes.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::Value;

use crate::common::{Server, frame, get_bytes, has_tshark, http};

fn create_session(server: &Server) -> String {
    let req = format!(
        "POST /api/lab/ws/sessions HTTP/1.1\r\nHost: {}\r\nX-Wiretrail: 1\r\nContent-Length: 0\r\n\
         Connection: close\r\n\r\n",
        server.addr
    );
    let (head, body) = http(server, &req);
    assert_eq!(head.status, 201, "{body}");
    serde_json::from_str::<Value>(&body).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn raw(server: &Server, id: &str, bytes: &[u8]) -> (u16, Value) {
    let body = hex(bytes);
    let req = format!(
        "POST /api/lab/ws/{id}/raw HTTP/1.1\r\nHost: {}\r\nX-Wiretrail: 1\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{body}",
        server.addr,
        body.len()
    );
    let (head, body) = http(server, &req);
    (
        head.status,
        serde_json::from_str(&body).unwrap_or(Value::Null),
    )
}

fn close_code(v: &Value) -> Option<u64> {
    v["close"]["code"].as_u64()
}

#[test]
fn a_masked_hello_is_echoed() {
    let server = Server::start(&[]);
    let id = create_session(&server);
    let (status, v) = raw(&server, &id, &frame(true, 1, b"Hello", true));
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["outcome"], "echo", "{v}");
    assert_eq!(v["frames"][0]["text"], "Hello", "{v}");
    assert_eq!(v["frames"][0]["opcode"], "Text", "{v}");
}

#[test]
fn three_frames_in_one_write_are_three_echoes() {
    let server = Server::start(&[]);
    let id = create_session(&server);
    let mut bytes = Vec::new();
    for word in [b"one".as_slice(), b"two", b"six"] {
        bytes.extend(frame(true, 1, word, true));
    }
    let (status, v) = raw(&server, &id, &bytes);
    assert_eq!(status, 200, "{v}");
    let texts: Vec<&str> = v["frames"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["text"].as_str())
        .collect();
    assert_eq!(texts, ["one", "two", "six"], "{v}");
}

#[test]
fn protocol_errors_get_the_rfcs_close_codes() {
    let server = Server::start(&[]);
    let id = create_session(&server);
    // §5.1: a client frame must be masked.
    let unmasked = frame(true, 1, b"Hello", false);
    // §5.2: RSV1 set with no extension negotiated.
    let mut rsv1 = frame(true, 1, b"Hello", true);
    rsv1[0] |= 0x40;
    // §5.5: a control frame's payload is at most 125 bytes.
    let big_ping = frame(true, 9, &[0x61; 126], true);
    for (bytes, want) in [(unmasked, 1002), (rsv1, 1002), (big_ping, 1002)] {
        let (status, v) = raw(&server, &id, &bytes);
        assert_eq!(status, 200, "{v}");
        assert_eq!(close_code(&v), Some(want), "{v}");
        assert_eq!(v["outcome"], format!("close-{want}"), "{v}");
    }
    // §8.1: a Text message must be UTF-8.
    let (_, v) = raw(&server, &id, &frame(true, 1, &[0xc3, 0x28], true));
    assert_eq!(close_code(&v), Some(1007), "{v}");
}

#[test]
fn bad_input_is_refused_with_a_sentence() {
    let server = Server::start(&[]);
    let id = create_session(&server);
    let req = |body: &str, id: &str| {
        let req = format!(
            "POST /api/lab/ws/{id}/raw HTTP/1.1\r\nHost: {}\r\nX-Wiretrail: 1\r\nContent-Length: {}\r\n\
             Connection: close\r\n\r\n{body}",
            server.addr,
            body.len()
        );
        http(&server, &req)
    };
    let (head, body) = req("zz", &id);
    assert_eq!(head.status, 400, "{body}");
    let (head, body) = req("", &id);
    assert_eq!(head.status, 400, "{body}");
    let (head, _) = req("8100", "0123");
    assert_eq!(head.status, 404);
}

#[test]
fn exports_carry_the_sessions_real_bytes_and_tshark_reads_the_pcap() {
    use std::io::Write;
    let server = Server::start(&[]);
    let id = create_session(&server);
    let mut ws = crate::common::open(&server, &format!("/ws/lab?session={id}"));
    ws.set_read_timeout(Some(std::time::Duration::from_secs(5)))
        .unwrap();
    ws.write_all(&frame(true, 1, b"Hello wire", true)).unwrap();
    let echo = crate::common::read_frame(&mut ws).unwrap();
    assert_eq!(echo.payload, b"Hello wire");
    ws.write_all(&frame(true, 8, &[0x03, 0xe8], true)).unwrap();
    let close = crate::common::read_frame(&mut ws).unwrap();
    assert_eq!(close.close_code(), Some(1000));
    drop(ws);
    std::thread::sleep(std::time::Duration::from_millis(300));

    let base = format!("/api/lab/ws/{id}/export?format=");
    let (status, _, json) = get_bytes(&server, &format!("{base}json"));
    assert_eq!(status, 200);
    let v: Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(v["format"], "wiretrail-lab-capture", "{v}");
    let (status, _, md) = get_bytes(&server, &format!("{base}md"));
    assert_eq!(status, 200);
    assert!(String::from_utf8_lossy(&md).contains("Hello wire"));
    let (status, _, har) = get_bytes(&server, &format!("{base}har"));
    assert_eq!(status, 200);
    let har: Value = serde_json::from_slice(&har).unwrap();
    let messages = &har["log"]["entries"][0]["_webSocketMessages"];
    assert!(
        messages
            .as_array()
            .is_some_and(|m| m.iter().any(|x| x["data"] == "Hello wire")),
        "{har}"
    );
    let (status, _, pcap) = get_bytes(&server, &format!("{base}pcap"));
    assert_eq!(status, 200);
    assert_eq!(
        &pcap[..4],
        &[0xd4, 0xc3, 0xb2, 0xa1],
        "libpcap magic, little-endian"
    );
    let (status, _, _) = get_bytes(&server, &format!("{base}gif"));
    assert_eq!(status, 400);

    // The way Wireshark reads it: the handshake as HTTP, each frame as WebSocket.
    if !has_tshark() {
        return;
    }
    let file = std::env::temp_dir().join(format!("wiretrail-{id}.pcap"));
    std::fs::write(&file, &pcap).unwrap();
    let out = std::process::Command::new("tshark")
        .arg("-r")
        .arg(&file)
        .args(["-d", &format!("tcp.port=={},http", server.addr.port())])
        .args(["-Y", "websocket", "-T", "fields", "-e", "websocket.opcode"])
        .args(["-e", "websocket.mask", "-e", "websocket.payload.text"])
        .output()
        .unwrap();
    let _ = std::fs::remove_file(&file);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: Vec<Vec<&str>> = text.lines().map(|l| l.split('\t').collect()).collect();
    let texts: Vec<(&str, &str)> = rows
        .iter()
        .filter(|r| r.first() == Some(&"1") && r.len() >= 3)
        .map(|r| (r[1], r[2]))
        .collect();
    // The client's frame masked, the server's echo not, both with the text the lab showed.
    assert_eq!(texts, [("1", "Hello wire"), ("0", "Hello wire")], "{text}");
}
