//! The HTTP/2 lab against the real binary: a session, requests made by the server's own
//! hyper HTTP/2 client (one, a second on the same connection, three at once), the inspector
//! stream read over raw TCP, and the frames checked in order — with the first exchange pinned
//! as a snapshot (reviewed by reading it). Then `curl --http2-prior-knowledge`, whose session
//! must show up in the captures ring with its frames decoded.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;
use std::sync::mpsc;
use std::time::Duration;

use crate::common::*;
use serde_json::{Value, json};

fn post(server: &Server, path: &str, body: &str) -> (u16, String) {
    let (head, body) = http(
        server,
        &format!(
            "POST {path} HTTP/1.1\r\nHost: {}\r\nX-Wiretrail: 1\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            server.addr,
            body.len()
        ),
    );
    (head.status, body)
}

fn get(server: &Server, path: &str) -> Value {
    let (head, body) = http(
        server,
        &format!("GET {path} HTTP/1.1\r\nHost: {}\r\n\r\n", server.addr),
    );
    assert_eq!(head.status, 200, "{body}");
    serde_json::from_str(&body).unwrap()
}

/// The session's inspector stream, event by event.
fn subscribe(server: &Server, id: &str) -> mpsc::Receiver<Value> {
    sse_events(server, &format!("/lab/h2/events/{id}"))
}

/// Events until `done` says the last one needed has arrived.
fn collect(rx: &mpsc::Receiver<Value>, done: impl Fn(&[Value]) -> bool) -> Vec<Value> {
    let mut got = Vec::new();
    while !done(&got) {
        match rx.recv_timeout(Duration::from_secs(10)) {
            Ok(e) => got.push(e),
            Err(_) => panic!("timed out; got {:#?}", facts(&got)),
        }
    }
    got
}

/// (kind, direction, stream, type, flags summary) of each event, for messages and checks.
fn facts(events: &[Value]) -> Vec<String> {
    events
        .iter()
        .map(|e| {
            format!(
                "{} {} {} {} {}",
                e["kind"].as_str().unwrap_or(""),
                e["direction"].as_str().unwrap_or("-"),
                e["stream_id"],
                e["frame_type"].as_str().unwrap_or("-"),
                e["dissection"]["summary"]
                    .as_str()
                    .or(e["text"].as_str())
                    .unwrap_or("")
            )
        })
        .collect()
}

fn frames<'a>(events: &'a [Value], direction: &str, kind: &str) -> Vec<&'a Value> {
    events
        .iter()
        .filter(|e| e["kind"] == "frame" && e["direction"] == direction && e["frame_type"] == kind)
        .collect()
}

fn summary(e: &Value) -> &str {
    e["dissection"]["summary"].as_str().unwrap_or("")
}

/// The HPACK representations of a HEADERS dissection: (representation, "name: value", bytes).
fn representations(e: &Value) -> Vec<(String, String, u64)> {
    let mut out = Vec::new();
    for f in e["dissection"]["fields"].as_array().unwrap() {
        if !f["name"].as_str().unwrap().contains("Field Block") {
            continue;
        }
        for c in f["children"].as_array().into_iter().flatten() {
            let name = c["name"].as_str().unwrap_or("");
            if name.contains("Header Field") {
                out.push((
                    name.to_owned(),
                    c["value"].as_str().unwrap_or("").to_owned(),
                    c["bits"]["len"].as_u64().unwrap() / 8,
                ));
            }
        }
    }
    out
}

fn count(events: &[Value], kind: &str) -> usize {
    events.iter().filter(|e| e["kind"] == kind).count()
}

#[test]
fn the_labs_own_http2_conversation_frame_by_frame() {
    let server = Server::start(&[]);
    let (status, body) = post(&server, "/api/lab/h2/sessions", "");
    assert_eq!(status, 201, "{body}");
    let id = serde_json::from_str::<Value>(&body).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let rx = subscribe(&server, &id);
    let request = |body: Value| {
        let (status, text) = post(
            &server,
            &format!("/api/lab/h2/{id}/request"),
            &body.to_string(),
        );
        assert_eq!(status, 204, "{text}");
    };

    // One request: the connection opens.
    request(json!({ "paths": ["/healthz"] }));
    let first = collect(&rx, |got| {
        count(got, "note") >= 2 && got.last().is_some_and(|e| e["kind"] == "note")
    });
    let f = facts(&first);
    assert_eq!(first[1]["kind"], "preface", "{f:#?}");
    assert_eq!(first[1]["direction"], "client");
    let settings = |dir: &str, ack: bool| {
        frames(&first, dir, "SETTINGS")
            .iter()
            .filter(|e| summary(e).contains("[ACK]") == ack)
            .count()
    };
    for dir in ["client", "server"] {
        assert_eq!(settings(dir, false), 1, "{dir} SETTINGS: {f:#?}");
        assert_eq!(settings(dir, true), 1, "{dir} SETTINGS ACK: {f:#?}");
    }
    let request_1 = frames(&first, "client", "HEADERS");
    assert_eq!(request_1.len(), 1, "{f:#?}");
    let request_1 = request_1[0];
    assert_eq!(request_1["stream_id"], 1);
    let reps_1 = representations(request_1);
    let fields: Vec<&str> = reps_1.iter().map(|r| r.1.as_str()).collect();
    assert!(fields.contains(&":method: GET"), "{reps_1:?}");
    assert!(fields.contains(&":path: /healthz"), "{reps_1:?}");
    assert!(!request_1["hpack_table"].as_array().unwrap().is_empty());
    let response_1 = frames(&first, "server", "HEADERS");
    assert!(summary(response_1[0]).contains(":status: 200"), "{f:#?}");
    let data = frames(&first, "server", "DATA");
    assert_eq!(data.len(), 1);
    assert_eq!(data[0]["length"], 3, "ok\\n");
    assert!(summary(data[0]).contains("END_STREAM"));

    // The same request again, on the same connection: stream 3, and HPACK's dynamic table
    // turns the :authority literal into a one-byte index.
    request(json!({ "paths": ["/healthz"] }));
    let second = collect(&rx, |got| {
        got.len() > 1 && got.last().is_some_and(|e| e["kind"] == "note")
    });
    let f2 = facts(&second);
    assert_eq!(count(&second, "preface"), 0, "no new connection: {f2:#?}");
    let request_2 = frames(&second, "client", "HEADERS")[0];
    assert_eq!(request_2["stream_id"], 3);
    let reps_2 = representations(request_2);
    let authority = |reps: &[(String, String, u64)]| {
        reps.iter()
            .find(|r| r.1.starts_with(":authority"))
            .cloned()
            .unwrap()
    };
    let (kind_1, _, cost_1) = authority(&reps_1);
    let (kind_2, _, cost_2) = authority(&reps_2);
    assert_eq!(kind_1, "Literal Header Field with Incremental Indexing");
    assert_eq!(kind_2, "Indexed Header Field");
    assert_eq!(cost_2, 1);
    let len_1 = request_1["length"].as_u64().unwrap();
    let len_2 = request_2["length"].as_u64().unwrap();
    assert_eq!(
        len_2,
        len_1 - cost_1 + 1,
        "the second HEADERS is the first minus the :authority literal plus one index byte"
    );
    assert!(len_1 >= 20 && len_2 <= 12, "{len_1} then {len_2}");
    // The server's response headers shrink the same way.
    let response_2 = frames(&second, "server", "HEADERS")[0];
    assert!(response_2["length"].as_u64().unwrap() * 4 < response_1[0]["length"].as_u64().unwrap());

    // Flow control: the chapter page is larger than the client's 16 KiB stream window, so
    // it comes in several DATA frames and the client's WINDOW_UPDATEs refill the window.
    request(json!({ "paths": ["/09-http2/index.html"] }));
    let paged = collect(&rx, |got| {
        got.len() > 1 && got.last().is_some_and(|e| e["kind"] == "note")
    });
    let data = frames(&paged, "server", "DATA");
    let body: u64 = data.iter().map(|e| e["length"].as_u64().unwrap()).sum();
    assert!(body > 16 * 1024 && data.len() >= 2, "{:#?}", facts(&paged));
    let updates = frames(&paged, "client", "WINDOW_UPDATE");
    assert!(
        updates.iter().any(|e| e["stream_id"] == 5),
        "{:#?}",
        facts(&paged)
    );

    // Three at once: three streams on one connection, the answers interleaved.
    request(
        json!({ "paths": ["/healthz", "/static/style.css", "/server.html"], "concurrent": true }),
    );
    let third = collect(&rx, |got| count(got, "note") >= 3);
    let streams: Vec<u64> = frames(&third, "client", "HEADERS")
        .iter()
        .map(|e| e["stream_id"].as_u64().unwrap())
        .collect();
    assert_eq!(streams, [7, 9, 11], "{:#?}", facts(&third));
    let answered: Vec<u64> = third
        .iter()
        .filter(|e| e["kind"] == "frame" && e["direction"] == "server" && e["stream_id"] != 0)
        .map(|e| e["stream_id"].as_u64().unwrap())
        .collect();
    let mut distinct = answered.clone();
    distinct.dedup();
    assert!(distinct.len() >= 3, "{answered:?}");
    for s in [7, 9, 11] {
        assert!(answered.contains(&s), "{answered:?}");
    }

    // PING and RST_STREAM on hand-written connections, GOAWAY when the lab closes.
    for (what, wanted) in [("ping", "PING"), ("abort", "RST_STREAM")] {
        let (status, text) = post(&server, &format!("/api/lab/h2/{id}/{what}"), "");
        assert_eq!(status, 204, "{text}");
        let got = collect(&rx, |got| got.last().is_some_and(|e| e["kind"] == "closed"));
        assert!(
            !frames(&got, "client", wanted).is_empty(),
            "{:#?}",
            facts(&got)
        );
        assert!(!frames(&got, "client", "GOAWAY").is_empty());
        if what == "ping" {
            let echo = frames(&got, "server", "PING");
            assert!(summary(echo[0]).contains("ACK"), "{:#?}", facts(&got));
        }
    }
    let (status, text) = post(&server, &format!("/api/lab/h2/{id}/close"), "");
    assert_eq!(status, 204, "{text}");
    let closing = collect(&rx, |got| got.last().is_some_and(|e| e["kind"] == "closed"));
    assert!(
        !frames(&closing, "client", "GOAWAY").is_empty(),
        "{:#?}",
        facts(&closing)
    );

    // The lab's own connections are not captures.
    assert_eq!(get(&server, "/api/lab/h2/captures")["captures"], json!([]));

    // The first exchange as the page receives it, reduced to what does not change from run
    // to run (times, ports and the Date header are redacted; HEADERS lengths vary with the
    // Huffman code of the port's and the date's digits, so they are left out).
    let date = frames(&first, "server", "HEADERS")
        .iter()
        .flat_map(|e| representations(e))
        .find_map(|r| r.1.strip_prefix("date: ").map(str::to_owned))
        .unwrap();
    // The whole address, not the bare port: a port's digits can occur inside other numbers
    // (SETTINGS values such as 1048576 hold 48576, a port the OS may choose).
    let addr = server.addr.to_string();
    // The two directions race (when the client acknowledges the server's SETTINGS depends
    // on scheduling), so the snapshot lists each direction's frames sorted by type; the order
    // is checked above.
    let mut pinned: Vec<Value> = first
        .iter()
        .filter(|e| e["kind"] == "frame" || e["kind"] == "preface")
        .map(|e| pin(e, &[(&date, "DATE"), (&addr, "127.0.0.1:PORT")]))
        .collect();
    pinned.sort_by_key(|e| {
        (
            e["direction"].to_string(),
            e["kind"] != "preface",
            e["frame_type"].to_string(),
            e["summary"].to_string(),
        )
    });
    insta::assert_json_snapshot!(pinned);
}

/// "Three requests at once" asks for bodies the server writes 4 KiB at a time
/// (`/api/lab/h2/big/{n}`), so the three streams' DATA frames really alternate on the one
/// connection: the frames captured from the wire, in their order, are not three runs.
#[test]
fn three_big_answers_interleave_their_data_frames_on_the_wire() {
    let server = Server::start(&[]);
    // The body itself, over HTTP/1.1: n KiB exactly, and sizes out of range refused.
    let (head, body) = http(
        &server,
        &format!(
            "GET /api/lab/h2/big/24 HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            server.addr
        ),
    );
    assert_eq!(head.status, 200);
    assert_eq!(body.len(), 24 * 1024, "{}", &body[..80.min(body.len())]);
    assert!(body.starts_with("piece 1 of 6"), "{}", &body[..40]);
    for bad in ["0", "257", "x"] {
        let (head, _) = http(
            &server,
            &format!(
                "GET /api/lab/h2/big/{bad} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
                server.addr
            ),
        );
        assert_eq!(head.status, 400, "{bad}");
    }

    let (status, body) = post(&server, "/api/lab/h2/sessions", "");
    assert_eq!(status, 201, "{body}");
    let id = serde_json::from_str::<Value>(&body).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let rx = subscribe(&server, &id);
    // The paths the lab page's button sends (static/lab/h2.js, CONCURRENT).
    let paths = [
        "/api/lab/h2/big/24",
        "/api/lab/h2/big/32",
        "/api/lab/h2/big/40",
    ];
    let (status, text) = post(
        &server,
        &format!("/api/lab/h2/{id}/request"),
        &json!({ "paths": paths, "concurrent": true }).to_string(),
    );
    assert_eq!(status, 204, "{text}");
    // Three notes "PATH: 200, N bytes of body" end it (after the connection's own note).
    let got = collect(&rx, |got| {
        got.iter()
            .filter(|e| {
                e["kind"] == "note" && e["text"].as_str().unwrap_or("").contains("bytes of body")
            })
            .count()
            >= 3
    });
    let f = facts(&got);
    for (path, kib) in paths.iter().zip([24, 32, 40]) {
        let want = format!("{path}: 200, {} bytes of body", kib * 1024);
        assert!(
            got.iter()
                .any(|e| e["text"].as_str() == Some(want.as_str())),
            "{want}: {f:#?}"
        );
    }
    // The DATA frames in the order the tap saw them cross the wire.
    let data: Vec<(u64, u64)> = frames(&got, "server", "DATA")
        .iter()
        .map(|e| {
            (
                e["stream_id"].as_u64().unwrap(),
                e["length"].as_u64().unwrap(),
            )
        })
        .collect();
    let order: Vec<u64> = data.iter().map(|d| d.0).collect();
    for (stream, kib) in [(1, 24), (3, 32), (5, 40)] {
        let sum: u64 = data.iter().filter(|d| d.0 == stream).map(|d| d.1).sum();
        assert_eq!(sum, kib * 1024, "stream {stream}: {order:?}");
    }
    // Runs of one stream's frames: three streams that did not interleave make three runs.
    let mut runs = order.clone();
    runs.dedup();
    assert!(
        runs.len() >= 6,
        "DATA frames by stream, in wire order: {order:?} ({} runs)",
        runs.len()
    );
    // And some stream's frames have another stream's between them.
    let split = [1, 3, 5].iter().any(|s| {
        let first = order.iter().position(|x| x == s).unwrap();
        let last = order.iter().rposition(|x| x == s).unwrap();
        order[first..last].iter().any(|x| x != s)
    });
    assert!(split, "{order:?}");
    // Printed for the reader of the test log.
    println!("DATA frames by stream, in wire order: {order:?}");
}

/// An event reduced for the snapshot: the frame's facts, its fields (name = value) and, for
/// HEADERS, the decoded fields with their representation and the dynamic table afterwards.
fn pin(e: &Value, redactions: &[(&str, &str)]) -> Value {
    let redact = |s: &str| {
        redactions
            .iter()
            .fold(s.to_owned(), |s, (value, name)| s.replace(value, name))
    };
    let headers = e["frame_type"] == "HEADERS";
    let mut fields = Vec::new();
    if !headers {
        flat(&e["dissection"]["fields"], 0, &mut fields);
    }
    let mut out = json!({
        "kind": e["kind"],
        "direction": e["direction"],
        "stream_id": e["stream_id"],
        "frame_type": e["frame_type"],
        "summary": redact(summary(e)),
    });
    let map = out.as_object_mut().unwrap();
    if headers {
        let reps: Vec<String> = representations(e)
            .into_iter()
            .map(|(kind, field, _)| format!("{kind}: {}", redact(&field)))
            .collect();
        map.insert("hpack".into(), json!(reps));
        let table: Vec<String> = e["hpack_table"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| {
                format!(
                    "[{}] {}: {} ({} bytes)",
                    t["index"],
                    t["name"].as_str().unwrap(),
                    redact(t["value"].as_str().unwrap()),
                    t["size"]
                )
            })
            .collect();
        map.insert("dynamic_table".into(), json!(table));
    } else {
        map.insert("length".into(), e["length"].clone());
        map.insert(
            "fields".into(),
            json!(fields.iter().map(|f| redact(f)).collect::<Vec<_>>()),
        );
    }
    out
}

fn flat(fields: &Value, depth: usize, out: &mut Vec<String>) {
    for f in fields.as_array().into_iter().flatten() {
        let value = match f["value"].as_str() {
            Some(v) if !v.is_empty() => v.to_owned(),
            _ => f["raw"]["value"].to_string(),
        };
        out.push(format!(
            "{}{} = {}",
            "  ".repeat(depth),
            f["name"].as_str().unwrap_or(""),
            value
        ));
        flat(&f["children"], depth + 1, out);
    }
}

#[test]
fn a_curl_session_with_prior_knowledge_is_captured_and_decoded() {
    let curl = Command::new("curl").arg("--version").output();
    let has_http2 = curl
        .as_ref()
        .is_ok_and(|o| o.status.success() && String::from_utf8_lossy(&o.stdout).contains("HTTP2"));
    if !has_http2 {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("curl with HTTP/2 support is required under CI");
        }
        eprintln!("skipped: no curl with HTTP/2 here");
        return;
    }
    let server = Server::start(&[]);
    // Plain HTTP/1.1 is not captured.
    let _ = get(&server, "/api/lab/h2/captures");
    let out = Command::new("curl")
        .args([
            "--silent",
            "--show-error",
            "--max-time",
            "10",
            "--http2-prior-knowledge",
        ])
        .arg(server.url("/healthz"))
        .output()
        .expect("curl runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.stdout, b"ok\n");

    let mut captures = Value::Null;
    for _ in 0..50 {
        captures = get(&server, "/api/lab/h2/captures");
        if captures["captures"][0]["open"] == false {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let list = captures["captures"].as_array().unwrap();
    assert_eq!(list.len(), 1, "{captures:#}");
    assert_eq!(list[0]["paths"], json!(["/healthz"]));
    let n = list[0]["n"].as_u64().unwrap();
    let capture = get(&server, &format!("/api/lab/h2/captures/{n}"));
    let events = capture["events"].as_array().unwrap();
    let f = facts(events);
    let preface = events.iter().position(|e| e["kind"] == "preface").unwrap();
    assert_eq!(events[preface]["direction"], "client");
    // curl's SETTINGS (ENABLE_PUSH=0 among them), then its HEADERS on stream 1.
    let settings = frames(events, "client", "SETTINGS");
    assert!(summary(settings[0]).contains("ENABLE_PUSH"), "{f:#?}");
    let request = frames(events, "client", "HEADERS");
    assert_eq!(request[0]["stream_id"], 1);
    let reps = representations(request[0]);
    assert!(reps.iter().any(|r| r.1 == ":path: /healthz"), "{reps:?}");
    assert!(reps.iter().any(|r| r.1 == ":method: GET"), "{reps:?}");
    let response = frames(events, "server", "HEADERS");
    assert!(summary(response[0]).contains(":status: 200"), "{f:#?}");
    assert_eq!(events.last().unwrap()["kind"], "closed", "{f:#?}");
    let (head, _) = http(
        &server,
        &format!(
            "GET /api/lab/h2/captures/999 HTTP/1.1\r\nHost: {}\r\n\r\n",
            server.addr
        ),
    );
    assert_eq!(head.status, 404);
}

/// `GET /api/lab/h2/{id}/export?format=…`: the session's own bytes in a pcap that Wireshark's
/// reader (`tshark -d tcp.port==PORT,http2`) decodes into the very frames the lab streamed —
/// same types, streams and lengths, in the same order for each direction — beside the JSON
/// (re-importable) and the Markdown report.
#[test]
fn the_h2_export_is_a_pcap_tshark_decodes_into_the_labs_frames() {
    let server = Server::start(&[]);
    let (status, body) = post(&server, "/api/lab/h2/sessions", "");
    assert_eq!(status, 201, "{body}");
    let id = serde_json::from_str::<Value>(&body).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let rx = subscribe(&server, &id);
    let (status, text) = post(
        &server,
        &format!("/api/lab/h2/{id}/request"),
        &json!({ "paths": ["/api/lab/h2/big/8"] }).to_string(),
    );
    assert_eq!(status, 204, "{text}");
    let got = collect(&rx, |got| {
        got.iter().any(|e| {
            e["kind"] == "note" && e["text"].as_str().unwrap_or("").contains("bytes of body")
        })
    });
    // Give the last frames (WINDOW_UPDATE, SETTINGS ACK) a moment to be recorded.
    std::thread::sleep(Duration::from_millis(300));

    let base = format!("/api/lab/h2/{id}/export?format=");
    let (head, json) = http(
        &server,
        &format!(
            "GET {base}json HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            server.addr
        ),
    );
    assert_eq!(head.status, 200, "{json}");
    let v: Value = serde_json::from_str(&json).unwrap();
    assert!(v.is_object(), "{v}");
    let (head, md) = http(
        &server,
        &format!(
            "GET {base}md HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            server.addr
        ),
    );
    assert_eq!(head.status, 200);
    assert!(md.contains("DATA"), "{md}");
    let (status, _, pcap) = get_bytes(&server, &format!("{base}pcap"));
    assert_eq!(status, 200);
    assert_eq!(&pcap[..4], &[0xd4, 0xc3, 0xb2, 0xa1], "libpcap magic");

    // What the lab showed: (direction, type, stream, length) of each frame.
    let lab: Vec<(String, String, u64, u64)> = got
        .iter()
        .filter(|e| e["kind"] == "frame")
        .map(|e| {
            (
                e["direction"].as_str().unwrap_or("").to_owned(),
                e["frame_type"].as_str().unwrap_or("").to_owned(),
                e["stream_id"].as_u64().unwrap_or(u64::MAX),
                e["length"].as_u64().unwrap_or(u64::MAX),
            )
        })
        .collect();
    assert!(lab.iter().any(|f| f.1 == "DATA"), "{:#?}", facts(&got));

    if !has_tshark() {
        return;
    }
    let file = std::env::temp_dir().join(format!("wiretrail-h2-{id}.pcap"));
    std::fs::write(&file, &pcap).unwrap();
    let port = server.addr.port();
    let out = Command::new("tshark")
        .arg("-r")
        .arg(&file)
        .args(["-d", &format!("tcp.port=={port},http2")])
        .args(["-Y", "http2.type", "-T", "fields", "-E", "occurrence=a"])
        .args([
            "-e",
            "tcp.srcport",
            "-e",
            "http2.type",
            "-e",
            "http2.streamid",
        ])
        .args(["-e", "http2.length"])
        .output()
        .unwrap();
    let _ = std::fs::remove_file(&file);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    // Frame type numbers as RFC 9113 §6 gives them.
    let name = |t: &str| match t {
        "0" => "DATA",
        "1" => "HEADERS",
        "2" => "PRIORITY",
        "3" => "RST_STREAM",
        "4" => "SETTINGS",
        "5" => "PUSH_PROMISE",
        "6" => "PING",
        "7" => "GOAWAY",
        "8" => "WINDOW_UPDATE",
        "9" => "CONTINUATION",
        _ => "unknown",
    };
    let mut wire: Vec<(String, String, u64, u64)> = Vec::new();
    for line in text.lines() {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 4 {
            continue;
        }
        // One TCP segment may carry several frames: tshark lists them comma-separated.
        let direction = if cols[0] == port.to_string() {
            "server"
        } else {
            "client"
        };
        let types: Vec<&str> = cols[1].split(',').collect();
        let streams: Vec<&str> = cols[2].split(',').collect();
        let lengths: Vec<&str> = cols[3].split(',').collect();
        for (i, kind) in types.iter().enumerate() {
            wire.push((
                direction.to_owned(),
                name(kind).to_owned(),
                streams
                    .get(i)
                    .and_then(|s| s.parse().ok())
                    .unwrap_or(u64::MAX),
                lengths
                    .get(i)
                    .and_then(|s| s.parse().ok())
                    .unwrap_or(u64::MAX),
            ));
        }
    }
    for side in ["client", "server"] {
        let ours: Vec<_> = lab.iter().filter(|f| f.0 == side).collect();
        let theirs: Vec<_> = wire.iter().filter(|f| f.0 == side).collect();
        assert!(ours.len() >= 3, "{side}: {ours:?}");
        assert_eq!(
            ours, theirs,
            "{side}: the lab's frames, then tshark's:\n{text}"
        );
        println!(
            "{side}: {} frames, the same in the lab and in tshark",
            ours.len()
        );
    }
    let data: u64 = wire
        .iter()
        .filter(|f| f.0 == "server" && f.1 == "DATA")
        .map(|f| f.3)
        .sum();
    assert_eq!(data, 8 * 1024, "{text}");
}
