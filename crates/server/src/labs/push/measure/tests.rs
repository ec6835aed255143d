//! The meter on connections written by hand: each byte sorted, each exchange attributed,
//! and the same result whether the bytes come whole, byte by byte or in odd pieces.

use tokio::time::Instant;

use super::*;
use crate::labs::push::Technique;
use crate::labs::push::feed::payload;
use crate::labs::push::format;

const ID: &str = "00112233445566778899aabbccddeeff";
const UP: Direction = Direction::ClientToServer;
const DOWN: Direction = Direction::ServerToClient;

fn get(path: &str) -> Vec<u8> {
    format!("GET {path} HTTP/1.1\r\nHost: x\r\n\r\n").into_bytes()
}

/// A conversation, as (direction, bytes) in the order they crossed.
type Talk = Vec<(Direction, Vec<u8>)>;

/// The records of `talk`, fed whole, byte by byte and in pieces of 7, which must agree;
/// then the connection closes.
fn meter(talk: &Talk) -> Vec<Record> {
    let mut runs: Vec<Vec<Record>> = Vec::new();
    for piece in [usize::MAX, 1, 7] {
        let mut m = Meter::new();
        let now = Instant::now();
        let mut records = Vec::new();
        for (direction, bytes) in talk {
            for chunk in bytes.chunks(piece.min(bytes.len()).max(1)) {
                m.feed(*direction, chunk, now);
            }
        }
        m.close(now);
        for note in m.drain() {
            if let Note::Done(r) = note {
                records.push(*r);
            }
        }
        runs.push(records);
    }
    let summary = |rs: &Vec<Record>| -> Vec<_> {
        rs.iter()
            .map(|r| {
                (
                    r.route.clone(),
                    r.status,
                    r.up,
                    r.down,
                    r.events.len(),
                    r.tail,
                )
            })
            .collect()
    };
    assert_eq!(
        summary(&runs[0]),
        summary(&runs[1]),
        "whole and byte by byte"
    );
    assert_eq!(summary(&runs[0]), summary(&runs[2]), "whole and in pieces");
    runs.swap_remove(0)
}

fn events(r: &Record) -> Vec<Option<u32>> {
    r.events.iter().map(|e| e.n).collect()
}

#[test]
fn routes_name_a_session_a_run_and_a_technique() {
    let r = route(&format!("/api/lab/push/{ID}/long-poll?run=3&after=2")).unwrap();
    assert_eq!(
        (r.session.as_str(), r.run, r.technique),
        (ID, 3, Technique::LongPoll)
    );
    let w = route(&format!("/ws/push?run=1&session={ID}")).unwrap();
    assert_eq!(w.technique, Technique::WebSocket);
    for other in [
        "/static/lab.css".to_owned(),
        format!("/api/lab/push/{ID}/poll"),
        format!("/api/lab/push/{ID}/websocket?run=1"),
        format!("/api/lab/push/{ID}/runs?run=1"),
        "/api/lab/push/not-hex/poll?run=1".to_owned(),
        "/ws/push?session=&run=1".to_owned(),
    ] {
        assert_eq!(route(&other), None, "{other}");
    }
}

#[test]
fn polls_empty_and_not_with_a_page_request_between() {
    let p1 = payload(1, 100, 32);
    let p2 = payload(2, 100, 32);
    let body = [format::line(&p1), format::line(&p2)].concat();
    let ok = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/x-ndjson\r\ncontent-length: {}\r\n\r\n",
        body.len()
    );
    let empty = b"HTTP/1.1 204 No Content\r\n\r\n".to_vec();
    let page = b"HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\nhello".to_vec();
    let poll = |after: u32| get(&format!("/api/lab/push/{ID}/poll?run=1&after={after}"));
    let talk: Talk = vec![
        (UP, poll(0)),
        (DOWN, empty.clone()),
        (UP, get("/static/x.css")),
        (DOWN, page),
        (UP, poll(0)),
        (DOWN, [ok.as_bytes(), &body].concat()),
    ];
    let records = meter(&talk);
    assert_eq!(
        records.len(),
        2,
        "the page's request is followed but not reported"
    );
    let (first, second) = (&records[0], &records[1]);
    assert_eq!(first.status, Some(204));
    assert!(first.events.is_empty());
    assert_eq!(first.tail, first.costs(), "an empty poll is all tail");
    assert_eq!(first.up.header, poll(0).len() as u64);
    assert_eq!(first.down.header, empty.len() as u64);
    assert_eq!(events(second), [Some(1), Some(2)]);
    assert_eq!(second.down.payload, 64);
    assert_eq!(second.down.framing, 2, "one LF per event");
    assert_eq!(second.down.header, ok.len() as u64);
    assert_eq!(second.events[1].cost.payload, 32);
    assert_eq!(second.tail, Costs::default());
    assert!(second.problem.is_none());
}

#[test]
fn a_chunked_stream_its_framing_and_its_excerpt() {
    let head = b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n";
    let mut body = Vec::new();
    for k in 1..=3 {
        let line = format::line(&payload(k, 100, 40));
        body.extend(format!("{:x}\r\n", line.len()).bytes());
        body.extend(&line);
        body.extend(b"\r\n");
    }
    body.extend(b"0\r\n\r\n");
    let talk: Talk = vec![
        (UP, get(&format!("/api/lab/push/{ID}/streaming?run=2"))),
        (DOWN, [&head[..], &body].concat()),
    ];
    let records = meter(&talk);
    let r = &records[0];
    assert_eq!(events(r), [Some(1), Some(2), Some(3)]);
    assert_eq!(r.down.payload, 120);
    // Per event "29\r\n" + LF + "\r\n", then "0\r\n\r\n".
    assert_eq!(r.down.framing, 3 * (4 + 1 + 2) + 5);
    assert_eq!(r.down.total(), (head.len() + body.len()) as u64);
    assert_eq!(r.body, body, "a short body is kept whole");
    assert_eq!(r.spans.first().map(|s| s.label), Some(Label::ChunkSize));
    let spanned: usize = r.spans.iter().map(|s| s.range.len()).sum();
    assert_eq!(spanned, body.len());
    assert!(r.problem.is_none());
}

#[test]
fn server_sent_events_and_the_forever_frame() {
    let chunk = |bytes: Vec<u8>| {
        [
            format!("{:x}\r\n", bytes.len()).into_bytes(),
            bytes,
            b"\r\n".to_vec(),
        ]
        .concat()
    };
    let head =
        b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n";
    let sse = [
        chunk(
            [
                format::sse_start(),
                format::sse_event(1, &payload(1, 50, 32)),
            ]
            .concat(),
        ),
        chunk(format::sse_event(2, &payload(2, 50, 32))),
    ]
    .concat();
    let html_head =
        b"HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ntransfer-encoding: chunked\r\n\r\n";
    let html = [
        chunk(
            [
                format::iframe_start(),
                format::iframe_script("n0nce", &payload(1, 50, 32)),
            ]
            .concat(),
        ),
        chunk(format::IFRAME_END.to_vec()),
        b"0\r\n\r\n".to_vec(),
    ]
    .concat();
    let talk: Talk = vec![
        (UP, get(&format!("/api/lab/push/{ID}/sse?run=1"))),
        (DOWN, [&head[..], &sse].concat()),
    ];
    let records = meter(&talk);
    let r = &records[0];
    assert_eq!(events(r), [Some(1), Some(2)]);
    assert_eq!(r.down.payload, 64);
    assert!(r.problem.is_some(), "the stream was cut: {:?}", r.problem);
    let talk: Talk = vec![
        (UP, get(&format!("/api/lab/push/{ID}/iframe?run=1"))),
        (DOWN, [&html_head[..], &html].concat()),
    ];
    let r = &meter(&talk)[0];
    assert_eq!((events(r), r.down.payload), (vec![Some(1)], 32));
    assert!(r.problem.is_none());
    // After the payload's closing quote: ")</script>\n", the chunk's CRLF, then the chunk
    // "f\r\n" + "</body></html>\n" + CRLF, and the last chunk "0\r\n\r\n".
    assert_eq!(r.tail.framing, 11 + 2 + (3 + 15 + 2) + 5);
}

#[test]
fn a_websocket_its_frames_and_its_close() {
    let upgrade =
        b"HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\nconnection: upgrade\r\n\r\n";
    let mut frames = Vec::new();
    for k in 1..=3u32 {
        let p = payload(k, 100, 32);
        frames.extend([0x81, p.len() as u8]);
        frames.extend(p);
    }
    let close = [0x88, 0x02, 0x03, 0xe8];
    let masked_close = [0x88, 0x82, 1, 2, 3, 4, 0x03 ^ 1, 0xe8 ^ 2];
    let talk: Talk = vec![
        (UP, get(&format!("/ws/push?session={ID}&run=4"))),
        (DOWN, [&upgrade[..], &frames, &close].concat()),
        (UP, masked_close.to_vec()),
    ];
    let r = &meter(&talk)[0];
    assert_eq!(r.status, Some(101));
    assert_eq!(events(r), [Some(1), Some(2), Some(3)]);
    assert_eq!(r.down.payload, 96);
    assert_eq!(
        r.down.framing,
        3 * 2 + 4,
        "2 bytes a server frame; Close with its code"
    );
    assert_eq!(r.up.framing, 8, "the browser's masked Close");
    assert_eq!(r.frames.len(), 5);
    assert!(r.problem.is_none(), "{:?}", r.problem);
}

#[test]
fn broken_framing_stops_the_meter_and_says_so_and_nothing_panics() {
    let talk: Talk = vec![
        (UP, get(&format!("/api/lab/push/{ID}/streaming?run=1"))),
        (
            DOWN,
            b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\nmore".to_vec(),
        ),
    ];
    let r = &meter(&talk)[0];
    assert!(
        r.problem.as_deref().unwrap_or_default().contains("chunked"),
        "{:?}",
        r.problem
    );
    assert_eq!(
        r.down.total(),
        talk[1].1.len() as u64,
        "every byte is counted"
    );
    // Random bytes both ways never panic, and every byte fed is counted or dropped with a
    // request that had none.
    let mut seed = 0x1234_5678_9abc_def1_u64;
    for _ in 0..300 {
        let mut m = Meter::new();
        let now = Instant::now();
        m.feed(UP, &get(&format!("/api/lab/push/{ID}/poll?run=1")), now);
        for _ in 0..20 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let alphabet: &[u8] = b"HTTP/1.1 200\r\n\r\n0123456789abcdef:;\x81\x88";
            let bytes: Vec<u8> = (0..(seed % 24))
                .map(|i| alphabet[((seed >> (i % 50)) % alphabet.len() as u64) as usize])
                .collect();
            let direction = if seed.is_multiple_of(3) { UP } else { DOWN };
            m.feed(direction, &bytes, now);
        }
        m.close(now);
        let _ = m.drain();
        assert_eq!(m.pending(), 0);
    }
}
