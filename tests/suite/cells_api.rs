//! The live cells' APIs against the real binary, over raw TCP: each answers with what the
//! `sim`, `websocket` and `http2` crates compute, refuses bad input with a 400 and a JSON
//! error, and `/api/my-request` returns exactly the bytes this test sent.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::{RFC_ACCEPT, RFC_KEY, Server, http};
use serde_json::Value;

fn post(server: &Server, path: &str, body: &str) -> (u16, Value) {
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {}\r\nX-Wiretrail: 1\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        server.addr,
        body.len()
    );
    let (head, body) = http(server, &request);
    (
        head.status,
        serde_json::from_str(&body).unwrap_or(Value::Null),
    )
}

fn get(server: &Server, path: &str) -> (u16, Value) {
    let request = format!(
        "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
        server.addr
    );
    let (head, body) = http(server, &request);
    (
        head.status,
        serde_json::from_str(&body).unwrap_or(Value::Null),
    )
}

fn problems(d: &Value) -> usize {
    d["problems"].as_array().map_or(usize::MAX, Vec::len)
}

#[test]
fn ipv4_builds_the_chapters_header_and_refuses_bad_fields() {
    let server = Server::start(&[]);
    let (status, v) = post(&server, "/api/cells/ipv4", r#"{"identification": 7238}"#);
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["bytes"], "450000281c4640004006324ec0000201c6336407");
    assert_eq!(v["checksum"], 0x324e);
    assert_eq!(problems(&v["dissection"]), 0);

    // One hop later: TTL 63, and the checksum follows.
    let (_, v) = post(
        &server,
        "/api/cells/ipv4",
        r#"{"identification": 7238, "ttl": 63}"#,
    );
    assert_eq!(v["checksum"], 0x334e);

    // A fixed wrong checksum is sent as is, and the dissection says so.
    let (_, v) = post(&server, "/api/cells/ipv4", r#"{"checksum": 1}"#);
    assert_eq!(problems(&v["dissection"]), 1);

    for bad in [
        r#"{"dscp": 64}"#,
        r#"{"ecn": 4}"#,
        r#"{"fragment_offset": 8192}"#,
        r#"{"ttl": 256}"#,
        r#"{"source": "300.1.1.1"}"#,
        r#"{"options": "zz"}"#,
        r#"{"options": "01010101010101010101010101010101010101010101010101010101010101010101010101010101 01"}"#,
        r#"{"colour": "blue"}"#,
        "not json",
    ] {
        let (status, v) = post(&server, "/api/cells/ipv4", bad);
        assert_eq!(status, 400, "{bad}: {v}");
        assert!(v["error"].is_string(), "{bad}: {v}");
    }
}

#[test]
fn tcp_handshake_steps_follow_the_sequence_numbers() {
    let server = Server::start(&[]);
    let (status, v) = post(
        &server,
        "/api/cells/tcp-handshake",
        r#"{"client_isn": 100, "server_isn": 300, "request": "hello", "mss": 1460}"#,
    );
    assert_eq!(status, 200, "{v}");
    let steps = v["steps"].as_array().unwrap();
    let table: Vec<(String, u64, u64)> = steps
        .iter()
        .map(|s| {
            (
                s["label"].as_str().unwrap().to_owned(),
                s["seq"].as_u64().unwrap(),
                s["ack"].as_u64().unwrap(),
            )
        })
        .collect();
    let want = [
        ("SYN", 100, 0),
        ("SYN, ACK", 300, 101),
        ("ACK", 101, 301),
        ("PSH, ACK", 101, 301),
        ("ACK", 301, 106),
        ("FIN, ACK", 106, 301),
        ("ACK", 301, 107),
        ("FIN, ACK", 301, 107),
        ("ACK", 107, 302),
    ];
    let want: Vec<(String, u64, u64)> = want
        .iter()
        .map(|(l, s, a)| (l.to_string(), *s, *a))
        .collect();
    assert_eq!(table, want);
    for s in steps {
        assert_eq!(problems(&s["ip"]), 0, "{}", s["ip"]["summary"]);
        assert_eq!(problems(&s["tcp"]), 0, "{}", s["tcp"]["summary"]);
    }
    let (status, _) = post(
        &server,
        "/api/cells/tcp-handshake",
        &format!(r#"{{"request": "{}"}}"#, "x".repeat(2000)),
    );
    assert_eq!(status, 400);
    let (status, _) = post(
        &server,
        "/api/cells/tcp-handshake",
        r#"{"client_port": 70000}"#,
    );
    assert_eq!(status, 400);
}

#[test]
fn ncp_icp_defaults_to_the_chapter_and_takes_parameters() {
    let server = Server::start(&[]);
    let (status, v) = get(&server, "/api/cells/ncp-icp");
    assert_eq!(status, 200);
    let first = &v["steps"][0]["messages"][0];
    assert_eq!(first["text"], "RTS 100, 1, link 5");
    assert_eq!(first["bytes"], "01000000640000000105");
    assert_eq!(v["steps"].as_array().unwrap().len(), 10);

    let (_, v) = get(
        &server,
        "/api/cells/ncp-icp?user_socket=102&server_socket=400",
    );
    // RFC 165: server S+1 -> user U+2, user U+3 -> server S.
    assert_eq!(v["steps"][5]["messages"][0]["text"], "STR 401, 104, size 8");
    assert_eq!(v["steps"][8]["messages"][0]["text"], "STR 105, 400, size 8");
    assert_eq!(v["problems"].as_array().unwrap().len(), 0);
    // An odd user socket breaks the parity rule: the dissection, the problems and the steps
    // say so, and the server refuses.
    let (_, v) = get(&server, "/api/cells/ncp-icp?user_socket=101");
    assert!(problems(&v["steps"][0]["messages"][0]["dissection"]) > 0);
    assert!(
        v["problems"][0]
            .as_str()
            .unwrap()
            .starts_with("U = 101 is odd")
    );
    assert_eq!(v["steps"].as_array().unwrap().len(), 2);
    assert_eq!(v["steps"][1]["messages"][0]["text"], "CLS 1, 101");
    assert_eq!(
        v["steps"][1]["connections"][0]["sum"],
        "1 + 101 = 102, even"
    );
    assert_eq!(v["steps"][1]["connections"][0]["state"], "refused");

    for bad in [
        "?user_socket=x",
        "?contact_link=256",
        "?colour=blue",
        "?user_socket=4294967294",
    ] {
        let (status, v) = get(&server, &format!("/api/cells/ncp-icp{bad}"));
        assert_eq!(status, 400, "{bad}: {v}");
        assert!(v["error"].is_string());
    }
}

#[test]
fn my_request_returns_exactly_the_bytes_sent() {
    let server = Server::start(&[]);
    let request = format!(
        "GET /api/my-request HTTP/1.1\r\nHost: {}\r\nUser-Agent: cells-test/1.0\r\n\
         X-Odd-Header:   spaced  \r\nCookie: flavour=oatmeal\r\nConnection: close\r\n\r\n",
        server.addr
    );
    let (head, body) = http(&server, &request);
    assert_eq!(head.status, 200, "{body}");
    assert_eq!(head.header("cache-control").as_deref(), Some("no-store"));
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["bytes_hex"], wire::to_hex(request.as_bytes()));
    let d = &v["dissection"];
    assert_eq!(problems(d), 0, "{d}");
    assert_eq!(d["fields"][0]["value"], "GET /api/my-request HTTP/1.1");

    // The second request on a kept-alive connection sees its own head, not the first.
    let mut s = server.connect();
    use std::io::Write;
    let one = format!(
        "GET /api/my-request HTTP/1.1\r\nHost: {}\r\nX-N: 1\r\n\r\n",
        server.addr
    );
    let two = format!(
        "GET /api/my-request?again HTTP/1.1\r\nHost: {}\r\nX-N: 2\r\nConnection: close\r\n\r\n",
        server.addr
    );
    s.write_all(one.as_bytes()).unwrap();
    let first = read_json(&mut s);
    s.write_all(two.as_bytes()).unwrap();
    let second = read_json(&mut s);
    assert_eq!(first["bytes_hex"], wire::to_hex(one.as_bytes()));
    assert_eq!(second["bytes_hex"], wire::to_hex(two.as_bytes()));
}

fn read_json(s: &mut std::net::TcpStream) -> Value {
    use std::io::Read;
    let head = crate::common::read_head(s);
    let len: usize = head.header("content-length").unwrap().parse().unwrap();
    let mut body = vec![0; len];
    s.read_exact(&mut body).unwrap();
    serde_json::from_slice(&body).unwrap()
}

#[test]
fn accept_key_gives_the_rfc_answer() {
    let server = Server::start(&[]);
    let (status, v) = post(&server, "/api/accept-key", RFC_KEY);
    assert_eq!(status, 200);
    assert_eq!(v["accept"], RFC_ACCEPT);
    assert_eq!(problems(&v["dissection"]), 0);
    // Not base64 of 16 bytes: still derived, with the problem a server would refuse it for.
    let (status, v) = post(&server, "/api/accept-key", "hello");
    assert_eq!(status, 200);
    assert!(problems(&v["dissection"]) > 0);
    let (status, v) = post(&server, "/api/accept-key", &"k".repeat(300));
    assert_eq!(status, 400);
    assert!(v["error"].is_string());
}

#[test]
fn hpack_encode_replays_lists_through_one_table() {
    let server = Server::start(&[]);
    // RFC 7541 C.3.1 then C.3.2 (without Huffman): the second block is shorter, because the
    // first put :authority into the dynamic table.
    let c31 =
        r#"[[":method","GET"],[":scheme","http"],[":path","/"],[":authority","www.example.com"]]"#;
    let c32 = r#"[[":method","GET"],[":scheme","http"],[":path","/"],[":authority","www.example.com"],["cache-control","no-cache"]]"#;
    let (status, v) = post(
        &server,
        "/api/cells/hpack-encode",
        &format!(r#"{{"lists": [{c31}, {c32}], "huffman": false}}"#),
    );
    assert_eq!(status, 200, "{v}");
    assert_eq!(
        v["blocks"][0]["bytes"],
        "828684410f7777772e6578616d706c652e636f6d"
    );
    assert_eq!(v["blocks"][1]["bytes"], "828684be58086e6f2d6361636865");
    assert_eq!(v["blocks"][1]["table_size"], 110);
    // With Huffman: RFC 7541 C.4.1.
    let (_, v) = post(
        &server,
        "/api/cells/hpack-encode",
        &format!(r#"{{"lists": [{c31}]}}"#),
    );
    assert_eq!(
        v["blocks"][0]["bytes"],
        "828684418cf1e3c2e5f23a6ba0ab90f4ff"
    );

    let eleven = [c31; 11].join(",");
    for bad in [
        format!(r#"{{"lists": [{eleven}]}}"#),
        r#"{"lists": []}"#.to_owned(),
        r#"{"lists": [[["", "x"]]]}"#.to_owned(),
        format!(r#"{{"lists": [[["a", "{}"]]]}}"#, "v".repeat(5000)),
    ] {
        let (status, v) = post(&server, "/api/cells/hpack-encode", &bad);
        assert_eq!(status, 400, "{v}");
        assert!(v["error"].is_string(), "{v}");
    }
    // A body past the API's 64 KiB cap is refused before it is parsed.
    let huge = format!(r#"{{"lists": [[["a", "{}"]]]}}"#, "v".repeat(70_000));
    let (status, v) = post(&server, "/api/cells/hpack-encode", &huge);
    assert_eq!(status, 413, "{v}");
    assert!(v["error"].is_string(), "{v}");
}

#[test]
fn qpack_beside_hpack_on_one_header_list() {
    let server = Server::start(&[]);
    // RFC 9204 Appendix B.1's field line: QPACK 0000 510b "/index.html".
    let (status, v) = post(
        &server,
        "/api/cells/qpack",
        r#"{"fields": [[":path", "/index.html"]], "huffman": false}"#,
    );
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["qpack"]["bytes"], "0000510b2f696e6465782e68746d6c");
    assert_eq!(problems(&v["qpack"]["dissection"]), 0);
    // HPACK's static table has the whole line (RFC 7541 Appendix A, index 5): one byte.
    assert_eq!(v["hpack"]["bytes"], "85");
    assert_eq!(v["plain_length"], 20);
    // RFC 7541 C.4.1's request: QPACK's two-byte prefix against HPACK's bigger pseudo-header
    // coverage; both Huffman-code the authority the same way.
    let (_, v) = post(
        &server,
        "/api/cells/qpack",
        r#"{"fields": [[":method","GET"],[":scheme","http"],[":path","/"],[":authority","www.example.com"]]}"#,
    );
    assert_eq!(v["hpack"]["bytes"], "828684418cf1e3c2e5f23a6ba0ab90f4ff");
    assert_eq!(
        v["qpack"]["bytes"],
        "0000d1d6c1508cf1e3c2e5f23a6ba0ab90f4ff"
    );
    for bad in [
        r#"{"fields": []}"#.to_owned(),
        r#"{"fields": [["", "x"]]}"#.to_owned(),
        format!(r#"{{"fields": [["a", "{}"]]}}"#, "v".repeat(5000)),
        r#"{"fields": [["a", "b"]], "colour": 1}"#.to_owned(),
    ] {
        let (status, v) = post(&server, "/api/cells/qpack", &bad);
        assert_eq!(status, 400, "{v}");
        assert!(v["error"].is_string(), "{v}");
    }
}

#[test]
fn hpack_decode_shares_one_table_across_blocks() {
    let server = Server::start(&[]);
    let (status, v) = post(
        &server,
        "/api/cells/hpack-decode",
        r#"{"blocks": ["8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d", "8286 84be 5808 6e6f 2d63 6163 6865"]}"#,
    );
    assert_eq!(status, 200, "{v}");
    assert_eq!(problems(&v["blocks"][1]["dissection"]), 0);
    assert_eq!(v["blocks"][1]["table_size"], 110);
    let (status, v) = post(&server, "/api/cells/hpack-decode", r#"{"blocks": ["zz"]}"#);
    assert_eq!(status, 400);
    assert!(v["error"].as_str().unwrap().contains("block 1"));
}
