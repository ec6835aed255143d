//! The push lab, black-box: the real binary runs each technique against itself
//! (`POST /api/push/run`) and the tap's figures are checked against what the protocols
//! say they must be — exactly where the bytes are fixed, within stated tolerances where
//! time is.
//!
//! Timing tolerances are written for a loaded two-core machine: the latency tests compare
//! a run with a delay to the same run without it (so the machine's own lag cancels) and
//! accept from 0.8 to 1.6 of the expected growth for streaming, and from 1.5 to 2.75 delays
//! for long polling's worst case. The timing tests take turns (one server's runs at a time).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Mutex;

use crate::common::{Server, http};
use serde_json::{Value, json};

/// One timing-sensitive test at a time.
static TURN: Mutex<()> = Mutex::new(());

fn post(server: &Server, path: &str, body: &Value) -> (u16, Value) {
    let body = body.to_string();
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {}\r\nX-Wiretrail: 1\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\n\r\n{body}",
        server.addr,
        body.len()
    );
    let (head, text) = http(server, &request);
    let value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
    (head.status, value)
}

/// A headless run of `technique` with `params`; panics unless it answers 200.
fn run(server: &Server, technique: &str, params: Value) -> Value {
    let mut body = params;
    body["technique"] = json!(technique);
    let (status, value) = post(server, "/api/push/run", &body);
    assert_eq!(status, 200, "{technique}: {value}");
    value
}

/// A GET whose connection closes after the answer: the head, and every byte after it.
fn get_all(server: &Server, path: &str) -> (crate::common::Head, Vec<u8>) {
    use std::io::{Read, Write};
    let mut s = server.connect();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
        server.addr
    )
    .unwrap();
    let head = crate::common::read_head(&mut s);
    let mut rest = Vec::new();
    s.read_to_end(&mut rest).unwrap();
    (head, rest)
}

const TECHNIQUES: [&str; 6] = [
    "poll",
    "long-poll",
    "iframe",
    "streaming",
    "sse",
    "websocket",
];

fn num(v: &Value, field: &str) -> f64 {
    v[field]
        .as_f64()
        .unwrap_or_else(|| panic!("{field} in {v}"))
}

#[test]
fn every_technique_delivers_the_same_twenty_events_and_the_bytes_add_up() {
    let _turn = TURN
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let server = Server::start(&[]);
    let params = json!({ "events": 20, "interval_ms": 100, "payload_bytes": 32, "poll_ms": 50 });
    let mut total = std::collections::HashMap::new();
    for technique in TECHNIQUES {
        let r = run(&server, technique, params.clone());
        // All 20, in order, each the bytes the feed published.
        assert_eq!(r["events_received"], 20, "{technique}: {r}");
        assert_eq!(r["in_order"], true, "{technique}: {r}");
        assert_eq!(r["payload_ok"], true, "{technique}: {r}");
        assert_eq!(r["settled"], true, "{technique}: {r}");
        // The tap saw each payload byte once: 20 × 32.
        assert_eq!(r["payload_bytes"], 640, "{technique}: {r}");
        // Every byte is one kind or another.
        let kinds = num(&r, "header_bytes") + num(&r, "framing_bytes") + num(&r, "payload_bytes");
        assert_eq!(
            kinds,
            num(&r, "bytes_up") + num(&r, "bytes_down"),
            "{technique}: {r}"
        );
        for field in ["p50_ms", "p95_ms", "max_ms"] {
            assert!(num(&r, field) >= 0.0, "{technique}: {r}");
        }
        total.insert(technique, num(&r, "bytes_up") + num(&r, "bytes_down"));
        match technique {
            // RFC 6202 §2.1: about one request per event (fewer if a slow re-request lets
            // two events share an answer, more if a hold times out: a quarter either way).
            "long-poll" => {
                let requests = num(&r, "requests");
                assert!((15.0..=25.0).contains(&requests), "{r}");
            }
            // One request, one endless response.
            "iframe" | "streaming" | "websocket" => assert_eq!(r["requests"], 1, "{r}"),
            // The first stream ends halfway: one reconnect with Last-Event-ID.
            "sse" => assert_eq!(r["requests"], 2, "{r}"),
            _ => {}
        }
        if technique != "poll" {
            assert_eq!(r["empty_responses"], 0, "{technique}: {r}");
        }
    }
    // Twenty 2-byte frame headers (RFC 6455 §5.2: payloads of at most 125 bytes, no mask
    // from a server), the server's Close (2-byte header, code 1000, "the feed is over")
    // and the client's masked Close (6-byte header, the code echoed).
    let ws = run(&server, "websocket", params.clone());
    assert_eq!(ws["framing_bytes"], 20 * 2 + (2 + 2 + 16) + (6 + 2), "{ws}");
    // WebSocket < SSE < long polling, in every byte both ways.
    assert!(total["websocket"] < total["sse"], "{total:?}");
    assert!(total["sse"] < total["long-poll"], "{total:?}");
}

#[test]
fn polling_much_faster_than_the_feed_mostly_finds_nothing() {
    let _turn = TURN
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let server = Server::start(&[]);
    let r = run(
        &server,
        "poll",
        json!({ "events": 10, "interval_ms": 200, "poll_ms": 10 }),
    );
    assert_eq!(r["events_received"], 10, "{r}");
    // About 200 / (10 + a round trip) polls per event, all but one empty; three per event
    // is safe on any machine.
    let empty = num(&r, "empty_responses");
    assert!(empty >= 30.0, "{r}");
    // Each event came in an answer of its own.
    let carried = num(&r, "requests") - empty;
    assert!((1.0..=10.0).contains(&carried), "{r}");
}

#[test]
fn a_delay_on_each_write_costs_streaming_one_delay_and_long_polling_up_to_two() {
    let _turn = TURN
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let server = Server::start(&[]);
    const D: f64 = 200.0;
    // Events far more often than a round trip, so a long poll's answer finds events waiting
    // that were published just after the previous answer left (RFC 6202 §2.2's maximal
    // latency: the answer, then the next request, then its answer; here only the server's
    // writes are delayed, so at most two delays).
    let at = |technique: &str, delay: f64| {
        run(
            &server,
            technique,
            json!({ "events": 40, "interval_ms": 20, "delay_ms": delay as u32 }),
        )
    };
    for technique in ["streaming", "sse", "websocket", "iframe"] {
        let (fast, slow) = (at(technique, 0.0), at(technique, D));
        let grew = num(&slow, "p50_ms") - num(&fast, "p50_ms");
        assert!(
            (0.8 * D..=1.6 * D).contains(&grew),
            "{technique}: p50 grew by {grew} ms: {fast} → {slow}"
        );
    }
    let (fast, slow) = (at("long-poll", 0.0), at("long-poll", D));
    let grew = num(&slow, "max_ms") - num(&fast, "max_ms");
    assert!(
        (1.5 * D..=2.75 * D).contains(&grew),
        "long-poll: max grew by {grew} ms: {fast} → {slow}"
    );
    // And its typical event waits longer than a streamed one: between one and two delays.
    let p50 = num(&slow, "p50_ms") - num(&fast, "p50_ms");
    assert!(
        (1.1 * D..=2.2 * D).contains(&p50),
        "long-poll p50 grew by {p50}: {slow}"
    );
}

#[test]
fn out_of_bounds_runs_are_refused_with_a_sentence() {
    let server = Server::start(&[]);
    for body in [
        json!({ "technique": "poll", "events": 1001 }),
        json!({ "technique": "poll", "events": 0 }),
        json!({ "technique": "poll", "delay_ms": 501 }),
        json!({ "technique": "poll", "payload_bytes": 16385 }),
        json!({ "technique": "poll", "interval_ms": 5 }),
        json!({ "technique": "poll", "events": 1000, "interval_ms": 1000 }),
        json!({ "technique": "comet" }),
        json!({ "events": 3 }),
        json!({ "technique": "poll", "evnts": 3 }),
    ] {
        let (status, v) = post(&server, "/api/push/run", &body);
        assert_eq!(status, 400, "{body}: {v}");
        assert!(v["error"].as_str().is_some_and(|e| !e.is_empty()), "{v}");
    }
    // A page of another origin may not start runs.
    let request = format!(
        "POST /api/push/run HTTP/1.1\r\nHost: {}\r\nX-Wiretrail: 1\r\nOrigin: http://evil.example\r\n\
         Content-Length: 21\r\n\r\n{{\"technique\":\"poll\"}} ",
        server.addr
    );
    let (head, _) = http(&server, &request);
    assert_eq!(head.status, 403);
    // At most three runs at a time: of five at once, some are told to wait.
    let answers: Vec<(u16, Value)> = std::thread::scope(|scope| {
        let runs: Vec<_> = (0..5)
            .map(|_| {
                scope.spawn(|| {
                    post(
                        &server,
                        "/api/push/run",
                        &json!({ "technique": "long-poll", "events": 10, "interval_ms": 100 }),
                    )
                })
            })
            .collect();
        runs.into_iter().map(|t| t.join().unwrap()).collect()
    });
    let refused: Vec<&Value> = answers
        .iter()
        .filter(|(s, _)| *s == 400)
        .map(|(_, v)| v)
        .collect();
    assert!(!refused.is_empty(), "{answers:?}");
    assert!(
        refused
            .iter()
            .all(|v| v["error"].as_str().unwrap().contains("runs are going on")),
        "{refused:?}"
    );
    assert!(
        answers.iter().filter(|(s, _)| *s == 200).count() >= 1,
        "{answers:?}"
    );
}

#[test]
fn the_page_api_a_run_its_streams_and_its_report() {
    let server = Server::start(&[]);
    let (status, session) = post(&server, "/api/lab/push/sessions", &json!({}));
    assert_eq!(status, 201, "{session}");
    let id = session["id"].as_str().unwrap().to_owned();
    let (status, run) = post(
        &server,
        &format!("/api/lab/push/{id}/runs"),
        &json!({ "techniques": ["poll", "streaming"], "events": 3, "interval_ms": 50 }),
    );
    assert_eq!(status, 201, "{run}");
    let n = run["run"].as_u64().unwrap();
    // A second run while the first is under way is refused.
    let (status, busy) = post(
        &server,
        &format!("/api/lab/push/{id}/runs"),
        &json!({ "techniques": ["poll"] }),
    );
    assert_eq!(status, 400, "{busy}");
    // Streaming by hand: the head, then three chunks of one event each, and the last chunk.
    let (head, body) = get_all(&server, &format!("/api/lab/push/{id}/streaming?run={n}"));
    assert_eq!(head.status, 200, "{}", head.text);
    assert_eq!(head.header("transfer-encoding").as_deref(), Some("chunked"));
    let body = String::from_utf8(body).unwrap();
    assert_eq!(body.matches("{\"n\":").count(), 3, "{body}");
    assert!(body.ends_with("0\r\n\r\n"), "{body:?}");
    // The report waits for the run to settle; poll never asked, streaming saw 3 events.
    let (head, text) = http(
        &server,
        &format!(
            "GET /api/lab/push/{id}/runs/{n} HTTP/1.1\r\nHost: {}\r\n\r\n",
            server.addr
        ),
    );
    assert_eq!(head.status, 200);
    let report: Value = serde_json::from_str(&text).unwrap();
    let streaming = report["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["technique"] == "streaming")
        .unwrap();
    assert_eq!(streaming["requests"], 1, "{streaming}");
    assert_eq!(streaming["payload_bytes"], 3 * 32, "{streaming}");
    assert_eq!(streaming["per_event"].as_array().unwrap().len(), 3);
    assert_eq!(report["published_ms"].as_array().unwrap().len(), 3);
    // Its card: the request and response heads dissected, and the body's spans.
    let card = &streaming["exchanges"][0];
    assert!(
        card["request"]["fields"]
            .as_array()
            .is_some_and(|f| !f.is_empty()),
        "{card}"
    );
    let names: Vec<&str> = card["body"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"chunk-size line (framing)"), "{names:?}");
    assert!(names.contains(&"event payload (payload)"), "{names:?}");
    // The forever frame's policy is its own: a nonce, and framing by this origin only.
    let (status, _) = post(
        &server,
        &format!("/api/lab/push/{id}/runs"),
        &json!({ "techniques": ["iframe"], "events": 1, "interval_ms": 10 }),
    );
    assert_eq!(status, 201);
    let (head, html) = get_all(&server, &format!("/api/lab/push/{id}/iframe?run={}", n + 1));
    assert!(String::from_utf8_lossy(&html).contains("parent.wtPush('"));
    let csp = head.header("content-security-policy").unwrap();
    assert!(
        csp.contains("script-src 'nonce-") && csp.contains("frame-ancestors 'self'"),
        "{csp}"
    );
    let (page, _) = http(
        &server,
        &format!("GET /labs/push HTTP/1.1\r\nHost: {}\r\n\r\n", server.addr),
    );
    let page_csp = page.header("content-security-policy").unwrap();
    assert!(
        page_csp.contains("script-src 'self'") && !page_csp.contains("nonce"),
        "{page_csp}"
    );
}
