//! One function a fuzz target (see the crate docs for the properties).

use std::ops::Range;

use wire::Framer;

use crate::{check_budget, check_dissection, check_fields, is_stop, pieces, small_budget, split};

/// Units must follow one another: each starts where the last ended (or later, after a unit
/// that is not yielded, such as the bytes of a lost direction), ends by the stream's
/// position, and its kept bytes are the input's bytes at that range.
fn check_unit(range: &Range<u64>, kept: &[u8], stream: &[u8], last_end: &mut u64, position: u64) {
    assert!(range.start >= *last_end, "{range:?} overlaps {last_end}");
    assert!(range.start <= range.end && range.end <= position);
    let start = usize::try_from(range.start).unwrap();
    assert_eq!(
        kept,
        &stream[start..start + kept.len()],
        "kept bytes differ"
    );
    assert!(kept.len() as u64 <= range.end - range.start);
    *last_end = range.end;
}

/// `websocket::Connection` in the server role, fed in pieces; Pings and Closes answered.
pub fn ws_connection(data: &[u8]) {
    use websocket::{Config, Connection, Event, Role};
    let (seed, rest) = split(data);
    let config = Config {
        max_message_size: 1 << 16,
        max_frame_size: 1 << 16,
    };
    let mut conn = Connection::new(Role::Server, config);
    let mut out = Vec::new();
    for piece in pieces(seed, rest) {
        conn.feed(piece);
        while let Ok(Some(event)) = conn.next_event() {
            match event {
                Event::Ping(p) => {
                    let _ = conn.send_pong(&p, &mut out);
                }
                Event::Close(_) => {
                    let _ = conn.send_close(None, "", &mut out);
                }
                Event::Message(_) | Event::Pong(_) => {}
            }
        }
        if let Err(e) = conn.next_event() {
            let _ = e.close_code();
            break;
        }
        out.clear();
    }
    let _ = websocket::frame::FrameHeader::parse(rest);
}

/// The opening handshake: parse, validate, and both handshake dissectors.
pub fn ws_handshake(data: &[u8]) {
    use websocket::handshake::{parse_request_head, validate_request};
    match parse_request_head(data) {
        Ok(Some((head, len))) => {
            assert!(len <= data.len());
            match validate_request(&head, &["chat", "superchat"]) {
                Ok(accepted) => accepted.write_response(&mut Vec::new()),
                Err(e) => e.write_response(&mut Vec::new()),
            }
        }
        Ok(None) => {}
        Err(e) => assert!([400, 426].contains(&e.status())),
    }
    check_dissection(&websocket::dissect::handshake_request_for(data, &["chat"]));
    check_dissection(&websocket::dissect::handshake_response(data));
    check_dissection(&websocket::dissect::accept_key_steps(
        &String::from_utf8_lossy(data),
    ));
}

/// `websocket::dissect::frames_within`, the dissect API's `ws` dissector: any direction, a
/// small budget. Frames follow one another (each one's bytes are the input's at its offset),
/// the budget holds, and the budgeted run is a prefix of the unbounded one.
pub fn ws_frames(data: &[u8]) {
    let (seed, rest) = split(data);
    let from_client = [None, Some(true), Some(false)][usize::from(seed % 3)];
    let limit = small_budget(seed);
    let out = websocket::dissect::frames_within(rest, from_client, &mut limit.clone());
    assert!(!out.is_empty());
    check_budget(&out, &limit);
    let mut at = 0;
    for d in &out {
        check_dissection(d);
        if !is_stop(d) {
            assert!(
                rest[at..].starts_with(&d.bytes),
                "frame bytes differ at {at}"
            );
            at += d.bytes.len();
        }
    }
    let all = websocket::dissect::frames(rest, from_client);
    let kept = out.iter().filter(|d| !is_stop(d)).count();
    assert_eq!(
        &all[..kept],
        &out[..kept],
        "the budget changed a dissection"
    );
}

/// `websocket::observe::Observer`, any start, a small excerpt, fed in pieces.
pub fn ws_observe(data: &[u8]) {
    use websocket::observe::{MAX_HEAD_LEN, Observer, Start, Unit};
    let (seed, rest) = split(data);
    let start = [Start::Frames, Start::Request, Start::Response][usize::from(seed % 3)];
    let excerpt = usize::from(seed >> 2);
    let mut obs = Observer::new(start, excerpt);
    let mut last_end = 0;
    for piece in pieces(seed, rest) {
        let units: Vec<Unit> = obs.feed(piece).collect();
        for unit in &units {
            let kept: &[u8] = match unit {
                Unit::Head(h) => &h.bytes,
                Unit::Frame(f) => {
                    assert!(f.kept.len() <= f.header_len + excerpt);
                    assert_eq!(f.total_len(), f.header_len as u64 + f.header.payload_len);
                    check_fields(&websocket::dissect::frame_excerpt(&f.kept, None));
                    &f.kept
                }
                Unit::Lost(l) => &l.bytes,
            };
            check_unit(&unit.range(), kept, rest, &mut last_end, obs.position());
        }
        assert!(obs.buffered() <= MAX_HEAD_LEN.max(websocket::frame::MAX_HEADER_LEN + excerpt));
    }
    assert_eq!(obs.position(), rest.len() as u64);
}

/// `http2::observe::Observer`, either direction, a small excerpt, fed in pieces.
pub fn h2_observe(data: &[u8]) {
    use http2::observe::{Excerpt, Observer, Unit};
    let (seed, rest) = split(data);
    let excerpt = Excerpt {
        data: usize::from(seed >> 4),
        other: usize::from(seed >> 1),
    };
    let mut obs = if seed & 1 == 0 {
        Observer::client(excerpt)
    } else {
        Observer::server(excerpt)
    };
    let mut dissector = http2::dissect::Dissector::new();
    let mut last_end = 0;
    for piece in pieces(seed, rest) {
        let units: Vec<Unit> = obs.feed(piece).collect();
        for unit in &units {
            let kept: &[u8] = match unit {
                Unit::Preface(p) => &p.bytes,
                Unit::Frame(f) => {
                    let keep = excerpt.data.max(excerpt.other);
                    assert!(f.kept.len() <= http2::frame::HEADER_LEN + keep);
                    for d in dissector.frames(&f.kept) {
                        check_fields(&d);
                    }
                    &f.kept
                }
                Unit::Lost(l) => &l.bytes,
            };
            check_unit(&unit.range(), kept, rest, &mut last_end, obs.position());
        }
        assert!(obs.buffered() <= http2::frame::HEADER_LEN + 255);
    }
    assert_eq!(obs.position(), rest.len() as u64);
}

/// `http2::FrameDecoder` fed in pieces, `Frame::parse`, and the frame dissector.
pub fn h2_frames(data: &[u8]) {
    use http2::frame::{DEFAULT_MAX_FRAME_SIZE, Frame, FrameDecoder, HEADER_LEN};
    let (seed, rest) = split(data);
    let mut decoder = FrameDecoder::new();
    'feed: for piece in pieces(seed, rest) {
        decoder.feed(piece);
        loop {
            match decoder.next_frame() {
                Ok(Some(frame)) => {
                    let mut out = Vec::new();
                    let _ = frame.encode(&mut out);
                }
                Ok(None) => break,
                Err(e) => {
                    let _ = e.answer();
                    break 'feed;
                }
            }
        }
        assert!(decoder.buffered() <= HEADER_LEN + DEFAULT_MAX_FRAME_SIZE as usize + 64);
    }
    if let Ok(Some((_, used))) = Frame::parse(rest, DEFAULT_MAX_FRAME_SIZE) {
        assert!(used <= rest.len());
    }
    for d in http2::dissect::frames(rest) {
        check_dissection(&d);
    }
    // The dissect API's `h2` dissector, within a small budget.
    let limit = small_budget(seed);
    let out = http2::dissect::Dissector::new().frames_within(rest, &mut limit.clone());
    check_budget(&out, &limit);
    for d in &out {
        check_fields(d);
    }
}

/// The HPACK decoder: a block decoded, re-encoded and decoded again to the same list, and
/// the representations' ranges inside the block.
pub fn hpack(data: &[u8]) {
    use http2::hpack::{Decoder, Encoder};
    let mut decoder = Decoder::new();
    let block = decoder.decode_block(data);
    for r in &block.representations {
        assert!(r.range.end <= data.len() && r.integer_range.end <= r.range.end);
    }
    if let Ok(list) = Decoder::new().decode(data) {
        let mut again = Vec::new();
        Encoder::new().encode(&list, &mut again);
        assert_eq!(Decoder::new().decode(&again).ok(), Some(list));
    }
    check_dissection(&http2::dissect::header_block(data, &mut Decoder::new()));
    // The dissect API's `hpack` dissector within a small budget: bounded, and it leaves the
    // decoder's table as the whole block does.
    let mut limit = small_budget(data.first().copied().unwrap_or(0));
    let mut budgeted = Decoder::new();
    let d = http2::dissect::header_block_within(data, &mut budgeted, &mut limit);
    check_fields(&d);
    assert!(decoder.table().size() <= decoder.table().max_size());
    assert_eq!(
        budgeted.table(),
        decoder.table(),
        "the budget changed the table"
    );
}

/// The QPACK field-section dissector (RFC 9204 §4.5).
pub fn qpack(data: &[u8]) {
    check_dissection(&qpack::dissect(data));
}

/// The http1 head parser: heads, their ranges, body lengths, the dissectors.
pub fn http1_head(data: &[u8]) {
    use http1::head::{Limits, find_end, parse_request, parse_response};
    let limits = Limits {
        max_head_len: 4096,
        max_headers: 32,
    };
    let end = find_end(data);
    if let Some(end) = end {
        assert!(end <= data.len());
    }
    if let Ok(Some(req)) = parse_request(data, limits) {
        assert!(req.len <= data.len());
        for h in &req.headers {
            assert!(h.value_at.end <= h.line.end && h.line.end <= req.len);
            assert_eq!(&data[h.value_at.clone()], h.value);
        }
        let _ = req.body_length();
    }
    if let Ok(Some(res)) = parse_response(data, limits) {
        assert!(res.len <= data.len());
        for h in &res.headers {
            assert_eq!(&data[h.value_at.clone()], h.value);
        }
        let _ = res.body_length("GET");
        let _ = res.body_length("HEAD");
    }
    check_dissection(&http1::dissect::request(data));
    check_dissection(&http1::dissect::response(data));
}

/// `http1::HeadReader` fed in pieces: heads are whole heads, and it holds at most a head.
pub fn http1_reader(data: &[u8]) {
    use http1::head::{Limits, find_end};
    use http1::reader::{Event, HeadReader};
    let (seed, rest) = split(data);
    let limits = Limits {
        max_head_len: 1024,
        max_headers: 16,
    };
    let mut reader = HeadReader::new(limits);
    for piece in pieces(seed, rest) {
        for event in reader.feed(piece) {
            match event {
                Event::Head(head) => {
                    assert!(head.len() <= limits.max_head_len);
                    assert_eq!(find_end(&head), Some(head.len()));
                }
                Event::Http2Preface(p) => assert_eq!(p, http1::HTTP2_PREFACE),
            }
        }
        assert!(reader.buffered() <= limits.max_head_len);
    }
}

/// `sim::ipv4::dissect`.
pub fn sim_ipv4(data: &[u8]) {
    check_dissection(&sim::ipv4::dissect(data));
    let _ = sim::ipv4::expected_checksum(data);
}

/// `sim::tcp::dissect`, with and without the addresses that verify its checksum.
pub fn sim_tcp(data: &[u8]) {
    check_dissection(&sim::tcp::dissect(data, None));
    let addresses = ([192, 0, 2, 1], [198, 51, 100, 2]);
    check_dissection(&sim::tcp::dissect(data, Some(addresses)));
}

/// `sim::ncp::dissect`.
pub fn sim_ncp(data: &[u8]) {
    check_dissection(&sim::ncp::dissect(data));
}

/// `sim::http1::dissect`, the "my request" cell's dissector.
pub fn sim_http1(data: &[u8]) {
    check_dissection(&sim::http1::dissect(data));
}

/// A target's body: one input in, a panic for a finding.
pub type Target = fn(&[u8]);

/// Every target by name (its `src/bin` file and its `corpus` folder), for the test that
/// replays the kept corpus without AFL++ (`cargo test --lib` here).
pub const ALL: &[(&str, Target)] = &[
    ("h2_frames", h2_frames),
    ("h2_observe", h2_observe),
    ("hpack", hpack),
    ("http1_head", http1_head),
    ("http1_reader", http1_reader),
    ("qpack", qpack),
    ("sim_http1", sim_http1),
    ("sim_ipv4", sim_ipv4),
    ("sim_ncp", sim_ncp),
    ("sim_tcp", sim_tcp),
    ("ws_connection", ws_connection),
    ("ws_frames", ws_frames),
    ("ws_handshake", ws_handshake),
    ("ws_observe", ws_observe),
];
