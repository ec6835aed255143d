//! Classroom mode over raw TCP: the chat room's relay (every member, the sender included, in
//! the server's order; bounded history for joiners), the teacher's close reaching every
//! member with its code, and the LAN rules (teacher-only APIs, sessions bound to their maker);
//! the live question (one answer per browser, teacher-only controls, the reveal reaching every
//! member), each member's own frames as the server read them, and the speaker notes (the
//! teacher's alone, in neither book).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::net::TcpStream;
use std::time::Duration;

use serde_json::Value;

use crate::common::{Server, frame, handshake_request, http, read_frame, read_head};

const TOKEN: &str = "0123456789abcdef0123456789abcdef";

fn join(server: &Server, room: &str, nick: &str) -> TcpStream {
    join_as(server, room, nick, "")
}

/// Joins with `extra` header lines (a student's cookie).
fn join_as(server: &Server, room: &str, nick: &str, extra: &str) -> TcpStream {
    let mut s = server.connect();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let path = format!("/ws/room/{room}?nick={nick}");
    let extra = format!("Sec-WebSocket-Protocol: chat\r\n{extra}");
    let req = handshake_request(server.addr, &path, &extra);
    s.write_all(req.as_bytes()).unwrap();
    let head = read_head(&mut s);
    assert_eq!(head.status, 101, "{}", head.text);
    assert_eq!(
        head.header("sec-websocket-protocol").as_deref(),
        Some("chat")
    );
    s
}

/// The next envelope of `kind` (skipping others); panics after five seconds.
fn next(s: &mut TcpStream, kind: &str) -> Value {
    loop {
        let f = read_frame(s).expect("a frame before the timeout");
        assert!(!f.masked, "a server frame is never masked");
        if f.opcode != 1 {
            continue;
        }
        let v: Value = serde_json::from_slice(&f.payload).expect("a JSON envelope");
        if v["type"] == kind {
            return v;
        }
    }
}

#[test]
fn a_room_relays_every_message_to_every_member_sender_included_in_one_order() {
    let server = Server::start(&[]);
    let mut a = join(&server, "r1", "ada");
    next(&mut a, "welcome");
    let mut b = join(&server, "r1", "bob");
    next(&mut b, "welcome");
    next(&mut a, "join");
    for i in 0..5 {
        a.write_all(&frame(true, 1, format!("a{i}").as_bytes(), true))
            .unwrap();
        b.write_all(&frame(true, 1, format!("b{i}").as_bytes(), true))
            .unwrap();
    }
    let order = |s: &mut TcpStream| -> Vec<(String, String)> {
        (0..10)
            .map(|_| {
                let v = next(s, "message");
                (
                    v["from"].as_str().unwrap().to_owned(),
                    v["text"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    let seen_a = order(&mut a);
    let seen_b = order(&mut b);
    assert_eq!(seen_a, seen_b, "both members see one order");
    for who in ["ada", "bob"] {
        let mine: Vec<&str> = seen_a
            .iter()
            .filter(|(f, _)| f == who)
            .map(|(_, t)| t.as_str())
            .collect();
        let p = &who[..1];
        let want: Vec<String> = (0..5).map(|i| format!("{p}{i}")).collect();
        assert_eq!(
            mine, want,
            "per-sender order kept, the sender's own included"
        );
    }
    // A joiner gets the room's history with its welcome.
    let mut c = join(&server, "r1", "cy");
    let welcome = next(&mut c, "welcome");
    assert_eq!(
        welcome["history"].as_array().map(Vec::len),
        Some(10),
        "{welcome}"
    );
}

#[test]
fn a_room_refuses_a_client_without_the_chat_subprotocol() {
    let server = Server::start(&[]);
    let mut s = server.connect();
    s.write_all(handshake_request(server.addr, "/ws/room/r1?nick=x", "").as_bytes())
        .unwrap();
    assert_eq!(read_head(&mut s).status, 400);
}

fn post(server: &Server, path: &str, body: &str, extra: &str) -> u16 {
    let req = format!(
        "POST {path} HTTP/1.1\r\nHost: {}\r\nX-Wiretrail: 1\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n{extra}\r\n{body}",
        server.addr,
        body.len()
    );
    http(server, &req).0.status
}

#[test]
fn the_teachers_close_reaches_every_member_with_its_code() {
    let server = Server::start(&["--classroom", "--teacher-token", TOKEN]);
    let mut a = join(&server, "r2", "ada");
    let mut b = join(&server, "r2", "bob");
    next(&mut a, "welcome");
    next(&mut b, "welcome");
    let status = post(
        &server,
        "/api/teacher/close",
        r#"{"code": 4001, "reason": "lesson over"}"#,
        &format!("X-Wiretrail-Teacher: {TOKEN}\r\n"),
    );
    assert_eq!(status, 200);
    for s in [&mut a, &mut b] {
        let close = loop {
            let f = read_frame(s).expect("a Close frame");
            if f.opcode == 8 {
                break f;
            }
        };
        assert_eq!(close.close_code(), Some(4001));
        assert_eq!(&close.payload[2..], b"lesson over");
    }
}

#[test]
fn in_a_classroom_a_student_may_not_use_the_teachers_apis_or_anothers_session() {
    let server = Server::start(&[
        "--classroom",
        "--teacher-token",
        TOKEN,
        "--loopback-is-student",
    ]);
    // Teacher-only: the close control and the workbook API.
    let body = r#"{"code": 1000, "reason": ""}"#;
    assert_eq!(post(&server, "/api/teacher/close", body, ""), 403);
    let teacher = format!("X-Wiretrail-Teacher: {TOKEN}\r\n");
    assert_eq!(post(&server, "/api/teacher/close", body, &teacher), 200);
    // A lab session belongs to the browser (cookie) that made it.
    let req = format!(
        "POST /api/lab/ws/sessions HTTP/1.1\r\nHost: {}\r\nX-Wiretrail: 1\r\nContent-Length: 0\r\n\
         Connection: close\r\n\r\n",
        server.addr
    );
    let (head, body) = http(&server, &req);
    assert_eq!(head.status, 201, "{}", head.text);
    let cookie = head.header("set-cookie").expect("a client cookie");
    let cookie = cookie.split(';').next().unwrap().to_owned();
    let id = serde_json::from_str::<Value>(&body).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let ask = |extra: &str| {
        let path = format!("/api/lab/ws/{id}/ask");
        post(
            &server,
            &path,
            r#"{"action": "ping", "payload": "x"}"#,
            extra,
        )
    };
    // Its maker reaches it (409: no socket open yet); another browser is told it is unknown.
    assert_eq!(ask(&format!("Cookie: {cookie}\r\n")), 409);
    assert_eq!(ask(""), 404);
}

fn get(server: &Server, path: &str, extra: &str) -> (u16, String) {
    let req = format!(
        "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n{extra}\r\n",
        server.addr
    );
    let (head, body) = http(server, &req);
    (head.status, body)
}

fn post_body(server: &Server, path: &str, body: &str, extra: &str) -> (u16, Value) {
    let req = format!(
        "POST {path} HTTP/1.1\r\nHost: {}\r\nX-Wiretrail: 1\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n{extra}\r\n{body}",
        server.addr,
        body.len()
    );
    let (head, body) = http(server, &req);
    (
        head.status,
        serde_json::from_str(&body).unwrap_or(Value::Null),
    )
}

const ADA: &str = "Cookie: wt_client=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n";
const BOB: &str = "Cookie: wt_client=bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\r\n";

#[test]
fn a_live_question_counts_each_browser_once_and_its_reveal_reaches_every_member() {
    let server = Server::start(&[
        "--classroom",
        "--teacher-token",
        TOKEN,
        "--loopback-is-student",
    ]);
    let teacher = format!("X-Wiretrail-Teacher: {TOKEN}\r\n");
    let mut a = join_as(&server, "q", "ada", ADA);
    let mut b = join_as(&server, "q", "bob", BOB);
    next(&mut a, "welcome");
    next(&mut b, "welcome");
    let ask = r#"{"chapter": "08-websocket", "n": 0}"#;
    // A student may not ask, close or reveal.
    assert_eq!(post_body(&server, "/api/teacher/question", ask, ADA).0, 403);
    assert_eq!(
        post_body(&server, "/api/teacher/question/reveal", "{}", ADA).0,
        403
    );
    assert_eq!(get(&server, "/api/teacher/question", ADA).0, 403);
    let (status, started) = post_body(&server, "/api/teacher/question", ask, &teacher);
    assert_eq!(status, 200, "{started}");
    assert_eq!(started["reached"], 2);
    // Every member's socket carries the question, without its answer.
    let mut id = 0;
    for s in [&mut a, &mut b] {
        let q = next(s, "question");
        assert_eq!(q["phase"], "open");
        assert_eq!(q["choices"].as_array().map(Vec::len), Some(4), "{q}");
        assert!(q.get("right").is_none(), "no answer before the reveal: {q}");
        id = q["id"].as_u64().unwrap();
    }
    let answer = |who: &str, choice: usize| {
        let body = format!(r#"{{"question": {id}, "choice": {choice}}}"#);
        post_body(&server, "/api/room/answer", &body, who).0
    };
    // Ada answers, changes her mind; Bob answers once; a browser with no cookie is refused.
    assert_eq!(answer(ADA, 0), 200);
    assert_eq!(answer(ADA, 2), 200);
    assert_eq!(answer(BOB, 2), 200);
    assert_eq!(answer("", 1), 400);
    assert_eq!(answer(BOB, 9), 409, "no such choice");
    let (_, tally) = get(&server, "/api/teacher/question", &teacher);
    let tally: Value = serde_json::from_str(&tally).unwrap();
    assert_eq!(tally["answered"], 2, "{tally}");
    assert_eq!(tally["counts"], serde_json::json!([0, 0, 2, 0]), "{tally}");
    // A page that comes back later is told the question and its own answer.
    let (_, mine) = get(&server, "/api/room/question", ADA);
    let mine: Value = serde_json::from_str(&mine).unwrap();
    assert_eq!(
        (mine["id"].as_u64(), mine["mine"].as_u64()),
        (Some(id), Some(2))
    );
    // Closed: no more answers. Revealed: the answer and the counts reach every member.
    assert_eq!(
        post_body(&server, "/api/teacher/question/close", "{}", &teacher).0,
        200
    );
    assert_eq!(answer(ADA, 1), 409);
    assert_eq!(
        post_body(&server, "/api/teacher/question/reveal", "{}", &teacher).0,
        200
    );
    for s in [&mut a, &mut b] {
        let q = loop {
            let q = next(s, "question");
            if q["phase"] == "revealed" {
                break q;
            }
        };
        assert_eq!(q["counts"], serde_json::json!([0, 0, 2, 0]), "{q}");
        let right = q["right"][0].as_u64().unwrap() as usize;
        assert!(
            q["choices"][right]
                .as_str()
                .unwrap()
                .contains("read this request as a WebSocket handshake"),
            "{q}"
        );
        assert!(q["context"].as_str().unwrap().contains("RFC 6455"));
    }
}

#[test]
fn each_member_is_told_its_own_frame_as_the_server_read_it_masked() {
    let server = Server::start(&[]);
    let mut a = join(&server, "w", "ada");
    next(&mut a, "welcome");
    let sent = frame(true, 1, b"hello room", true);
    a.write_all(&sent).unwrap();
    let relayed = next(&mut a, "message");
    let yours = next(&mut a, "yours");
    assert_eq!(yours["seq"], relayed["seq"], "{yours}");
    let hex: String = sent.iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(
        yours["frames"],
        serde_json::json!([hex]),
        "the bytes as sent, masked"
    );
}

#[test]
fn speaker_notes_are_the_teachers_alone_and_in_neither_book() {
    let server = Server::start(&[
        "--classroom",
        "--teacher-token",
        TOKEN,
        "--loopback-is-student",
    ]);
    let teacher = format!("X-Wiretrail-Teacher: {TOKEN}\r\n");
    let (status, body) = get(&server, "/api/teacher/notes?chapter=08-websocket", &teacher);
    assert_eq!(status, 200, "{body}");
    let notes: Value = serde_json::from_str(&body).unwrap();
    let html = notes["html"].as_str().unwrap();
    assert!(
        html.contains(">Speaker notes: WebSocket</a></h1>"),
        "{html}"
    );
    assert!(html.contains("close every socket with 4000"), "{html}");
    assert_eq!(notes["lang"], "en");
    // The Korean notes, for the Korean teacher's view: po/ko-notes/, made from this English.
    let (status, body) = get(
        &server,
        "/api/teacher/notes?chapter=08-websocket&lang=ko",
        &teacher,
    );
    assert_eq!(status, 200, "{body}");
    let ko: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        (&ko["lang"], &ko["stale"]),
        (&Value::from("ko"), &Value::from(false))
    );
    let html = ko["html"].as_str().unwrap();
    assert!(html.contains("강의 노트: WebSocket"), "{html}");
    assert!(
        !html.contains("git-blob"),
        "the source line is not shown: {html}"
    );
    assert_eq!(
        get(&server, "/api/teacher/notes?chapter=08-websocket", "").0,
        403
    );
    assert_eq!(
        get(&server, "/api/teacher/notes?chapter=..", &teacher).0,
        404
    );
    for path in ["/08-websocket/notes.md", "/08-websocket/notes.html"] {
        assert_eq!(get(&server, path, "").0, 404, "{path}");
    }
    // Every chapter has notes, and the quiz list offers their questions.
    let (_, list) = get(&server, "/api/teacher/quizzes", &teacher);
    let list: Value = serde_json::from_str(&list).unwrap();
    let chapters = list["chapters"].as_array().unwrap();
    assert_eq!(chapters.len(), 10, "{list}");
    assert!(chapters.iter().all(|c| c["notes"] == true), "{list}");
}

/// Opens an h2c connection with prior knowledge from `from` (any 127.0.0.0/8 address is this
/// machine) and keeps it open: the HTTP/2 lab captures it.
fn h2c_from(server: &Server, from: &str) -> std::net::TcpStream {
    use std::io::{Read, Write};
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let stream = runtime.block_on(async {
        let socket = tokio::net::TcpSocket::new_v4().unwrap();
        socket.bind(format!("{from}:0").parse().unwrap()).unwrap();
        socket.connect(server.addr).await.unwrap()
    });
    let mut stream = stream.into_std().unwrap();
    stream.set_nonblocking(false).unwrap();
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(5)))
        .unwrap();
    // The client preface and an empty SETTINGS frame (RFC 9113 §3.4, §6.5).
    stream
        .write_all(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\x00\x00\x00\x04\x00\x00\x00\x00\x00")
        .unwrap();
    let mut first = [0u8; 9];
    stream.read_exact(&mut first).unwrap();
    assert_eq!(first[3], 4, "the server's SETTINGS first");
    stream
}

#[test]
fn in_a_classroom_a_student_sees_only_the_h2c_captures_of_their_own_machine() {
    let server = Server::start(&[
        "--classroom",
        "--teacher-token",
        TOKEN,
        "--loopback-is-student",
    ]);
    let _ada = h2c_from(&server, "127.0.0.1");
    let _bob = h2c_from(&server, "127.0.0.2");
    std::thread::sleep(std::time::Duration::from_millis(200));
    let numbers = |extra: &str| -> Vec<u64> {
        let (status, body) = get(&server, "/api/lab/h2/captures", extra);
        assert_eq!(status, 200, "{body}");
        let v: Value = serde_json::from_str(&body).unwrap();
        v["captures"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["n"].as_u64().unwrap())
            .collect()
    };
    // The teacher sees both; the student at 127.0.0.1 only the one made from 127.0.0.1.
    let teacher = format!("X-Wiretrail-Teacher: {TOKEN}\r\n");
    let all = numbers(&teacher);
    assert_eq!(all.len(), 2, "{all:?}");
    let mine = numbers("");
    assert_eq!(mine.len(), 1, "{mine:?}");
    let (status, body) = get(&server, &format!("/api/lab/h2/captures/{}", mine[0]), "");
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("127.0.0.1"), "{body}");
    // The other machine's capture is unknown to this student, known to the teacher.
    let theirs = all.iter().find(|n| !mine.contains(n)).unwrap();
    let path = format!("/api/lab/h2/captures/{theirs}");
    assert_eq!(get(&server, &path, "").0, 404);
    assert_eq!(get(&server, &path, &teacher).0, 200);
}
