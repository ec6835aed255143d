//! The observer against RFC 6455's own examples, three ways: whole, byte by byte (and in
//! pieces of 7), and followed by trailing bytes.

use super::*;
use crate::opcode::Opcode;

/// RFC 6455 §5.7's examples, in order: unmasked "Hello", masked "Hello", "Hel" + "lo" in two
/// fragments, an unmasked Ping, a masked Pong, 256 bytes (16-bit length) and 64 KiB (64-bit
/// length) of binary data.
fn rfc_5_7() -> Vec<Vec<u8>> {
    let mut frames = vec![
        vec![0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f],
        vec![
            0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58,
        ],
        vec![0x01, 0x03, 0x48, 0x65, 0x6c],
        vec![0x80, 0x02, 0x6c, 0x6f],
        vec![0x89, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f],
        vec![
            0x8a, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58,
        ],
    ];
    frames.push([&[0x82, 0x7E, 0x01, 0x00][..], &[0xAB; 256]].concat());
    frames.push(
        [
            &[0x82, 0x7F, 0, 0, 0, 0, 0, 1, 0, 0][..],
            &vec![0xCD; 65536],
        ]
        .concat(),
    );
    frames
}

const RFC_101: &[u8] = b"HTTP/1.1 101 Switching Protocols\r\n\
Upgrade: websocket\r\n\
Connection: Upgrade\r\n\
Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\
Sec-WebSocket-Protocol: chat\r\n\
\r\n";

/// The units of `bytes` fed whole, byte by byte and in pieces of 7, checked to agree and
/// the buffer checked against its bound after every piece.
fn observe(start: Start, bytes: &[u8], excerpt: usize) -> (Vec<Unit>, Option<(u64, Option<u64>)>) {
    let bound = MAX_HEAD_LEN.max(MAX_HEADER_LEN + excerpt);
    let mut runs = Vec::new();
    for piece in [bytes.len().max(1), 1, 7] {
        let mut obs = Observer::new(start, excerpt);
        let mut units = Vec::new();
        let mut at = 0;
        for chunk in bytes.chunks(piece) {
            let from = obs.position();
            assert_eq!(from, at);
            for unit in obs.feed(chunk) {
                // A unit ends inside the read that completed it.
                let r = unit.range();
                assert!(r.end > from || r.is_empty(), "{r:?} before {from}");
                assert!(r.end <= from + chunk.len() as u64);
                units.push(unit);
            }
            at += chunk.len() as u64;
            assert_eq!(obs.position(), at);
            assert!(obs.buffered() <= bound, "{} > {bound}", obs.buffered());
        }
        runs.push((units, obs.pending()));
    }
    assert_eq!(runs[0], runs[1], "whole vs byte by byte");
    assert_eq!(runs[0], runs[2], "whole vs pieces of 7");
    runs.swap_remove(0)
}

fn frames(units: &[Unit]) -> Vec<&Frame> {
    units
        .iter()
        .filter_map(|u| match u {
            Unit::Frame(f) => Some(f),
            _ => None,
        })
        .collect()
}

#[test]
fn rfc_5_7_examples_whole_byte_by_byte_and_followed_by_trailing_bytes() {
    let wire: Vec<u8> = rfc_5_7().concat();
    let (units, pending) = observe(Start::Frames, &wire, DEFAULT_EXCERPT);
    let got = frames(&units);
    assert_eq!(got.len(), 8);
    assert_eq!(pending, None);
    let mut at = 0;
    for (f, want) in got.iter().zip(rfc_5_7()) {
        assert_eq!(f.range, at..at + want.len() as u64);
        assert_eq!(f.total_len(), want.len() as u64);
        at = f.range.end;
        let expect = want.len().min(f.header_len + DEFAULT_EXCERPT);
        assert_eq!(f.kept, want[..expect]);
    }
    assert_eq!(got[1].header.masking_key, Some([0x37, 0xfa, 0x21, 0x3d]));
    assert_eq!(
        (got[2].header.fin, got[2].header.opcode),
        (false, Opcode::Text)
    );
    assert_eq!(got[3].header.opcode, Opcode::Continuation);
    assert_eq!((got[6].payload_len(), got[6].header_len), (256, 4));
    assert!(got[6].is_whole());
    assert_eq!(
        (got[7].payload_len(), got[7].kept_payload().len()),
        (65536, 4096)
    );
    assert!(!got[7].is_whole());

    // Trailing bytes (the start of a frame) change nothing but what is pending.
    let trailing = [&wire[..], &[0x81, 0x85, 0x37]].concat();
    let (with_trailing, pending) = observe(Start::Frames, &trailing, DEFAULT_EXCERPT);
    assert_eq!(with_trailing, units);
    assert_eq!(pending, Some((wire.len() as u64, None)));
}

#[test]
fn a_70014_byte_frame_is_counted_not_kept() {
    // A masked Binary frame of 70,000 bytes: 2 + 8 (64-bit length) + 4 (key) = 14 bytes
    // of header.
    let mut frame = vec![0x82, 0xFF, 0, 0, 0, 0, 0, 1, 0x11, 0x70, 1, 2, 3, 4];
    frame.extend(std::iter::repeat_n(0x5a, 70_000));
    assert_eq!(frame.len(), 70_014);
    let (units, _) = observe(Start::Frames, &frame, DEFAULT_EXCERPT);
    let [Unit::Frame(f)] = &units[..] else {
        panic!("one frame: {units:?}");
    };
    assert_eq!((f.range.clone(), f.header_len), (0..70_014, 14));
    assert_eq!(f.payload_len(), 70_000);
    assert_eq!(f.header.payload_len, 70_000);
    assert_eq!(f.kept.len(), 14 + DEFAULT_EXCERPT);
    assert_eq!(f.kept, frame[..14 + DEFAULT_EXCERPT]);
    // A smaller excerpt, and none at all.
    let (units, _) = observe(Start::Frames, &frame, 10);
    assert!(matches!(&units[..], [Unit::Frame(f)] if f.kept.len() == 24));
    let (units, _) = observe(Start::Frames, &frame, 0);
    assert!(matches!(&units[..], [Unit::Frame(f)] if f.kept == frame[..14]));
}

#[test]
fn the_servers_101_then_frames() {
    let stream = [RFC_101, &rfc_5_7()[0], &rfc_5_7()[4]].concat();
    let (units, _) = observe(Start::Response, &stream, DEFAULT_EXCERPT);
    let [Unit::Head(head), Unit::Frame(hello), Unit::Frame(ping)] = &units[..] else {
        panic!("{units:?}");
    };
    assert_eq!(head.bytes, RFC_101);
    assert_eq!(head.range, 0..RFC_101.len() as u64);
    let at = RFC_101.len() as u64;
    assert_eq!(hello.range, at..at + 7);
    assert_eq!(ping.range, at + 7..at + 14);
    assert_eq!(ping.header.opcode, Opcode::Ping);
    // The client's request opens its direction the same way.
    let request = b"GET /chat HTTP/1.1\r\nHost: x\r\n\r\n";
    let stream = [&request[..], &rfc_5_7()[1]].concat();
    let (units, _) = observe(Start::Request, &stream, DEFAULT_EXCERPT);
    assert!(matches!(&units[..], [Unit::Head(h), Unit::Frame(_)] if h.bytes == request));
}

#[test]
fn framing_stops_where_it_must() {
    // A 64-bit length with its top bit set (RFC 6455 §5.2): lost after its 10 bytes, masked
    // or not, and nothing after it is framed.
    for b1 in [0x7F, 0xFF] {
        let mut stream = vec![0x82, b1, 0x80, 0, 0, 0, 0, 0, 0, 1, 9, 9, 9, 9];
        stream.extend_from_slice(&rfc_5_7()[0]);
        let (units, pending) = observe(Start::Frames, &[&rfc_5_7()[0][..], &stream].concat(), 16);
        let [Unit::Frame(_), Unit::Lost(lost)] = &units[..] else {
            panic!("{units:?}");
        };
        assert_eq!((lost.range.clone(), lost.bytes.len()), (7..17, 10));
        assert_eq!(lost.error, Why::Frame(Error::LengthTopBitSet));
        assert_eq!(pending, None);
    }
    // A response that is not 101: the bytes after it are a body, not frames.
    let refused = b"HTTP/1.1 400 Bad Request\r\nContent-Length: 2\r\n\r\nno";
    let (units, _) = observe(Start::Response, refused, 16);
    let [Unit::Head(_), Unit::Lost(lost)] = &units[..] else {
        panic!("{units:?}");
    };
    assert_eq!(
        (lost.range.clone(), &lost.error),
        (47..47, &Why::NotSwitching(400))
    );
    // A head that never ends is given up on at MAX_HEAD_LEN bytes.
    let (units, _) = observe(Start::Response, &vec![b'a'; MAX_HEAD_LEN + 10], 16);
    assert!(
        matches!(&units[..], [Unit::Lost(l)] if l.error == Why::HeadTooLarge && l.bytes.len() == MAX_HEAD_LEN)
    );
}
