//! The observer three ways (whole, byte by byte and in pieces of 7, with trailing bytes),
//! against the frames the crate's own [`FrameDecoder`] reads from the same bytes.

use super::*;
use crate::frame::{Data, Frame, FrameDecoder, Headers, Ping, Settings};

/// RFC 7541 Appendix C.3.1: the first request's field block (`:method: GET`, `:scheme:
/// http`, `:path: /`, `:authority: www.example.com`).
const C_3_1: [u8; 20] = [
    0x82, 0x86, 0x84, 0x41, 0x0f, 0x77, 0x77, 0x77, 0x2e, 0x65, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65,
    0x2e, 0x63, 0x6f, 0x6d,
];

/// A client's frames: SETTINGS, HEADERS (C.3.1), a 20,000-byte DATA, PING, an unknown type.
fn client_frames() -> Vec<u8> {
    let mut out = Vec::new();
    let frames = [
        Frame::Settings(Settings::new(Vec::new())),
        Frame::Headers(Headers::new(1, C_3_1.to_vec(), false)),
        Frame::Data(Data::new(1, vec![b'x'; 20_000], true)),
        Frame::Ping(Ping {
            ack: false,
            data: *b"wiretrai",
        }),
    ];
    for f in frames {
        f.encode(&mut out).unwrap();
    }
    // Type 0xfa, which RFC 9113 does not define: still a frame (§5.5).
    out.extend_from_slice(&[0, 0, 3, 0xfa, 0, 0, 0, 0, 0, 1, 2, 3]);
    out
}

fn observe(client: bool, bytes: &[u8]) -> (Vec<Unit>, Option<(u64, Option<u64>)>) {
    let excerpt = Excerpt::default();
    let bound = HEADER_LEN + excerpt.data.max(excerpt.other);
    let mut runs = Vec::new();
    for piece in [bytes.len().max(1), 1, 7] {
        let mut obs = if client {
            Observer::client(excerpt)
        } else {
            Observer::server(excerpt)
        };
        let mut units = Vec::new();
        for chunk in bytes.chunks(piece) {
            let from = obs.position();
            for unit in obs.feed(chunk) {
                assert!(unit.range().end <= from + chunk.len() as u64);
                units.push(unit);
            }
            assert_eq!(obs.position(), from + chunk.len() as u64);
            assert!(obs.buffered() <= bound);
        }
        runs.push((units, obs.pending()));
    }
    assert_eq!(runs[0], runs[1], "whole vs byte by byte");
    assert_eq!(runs[0], runs[2], "whole vs pieces of 7");
    runs.swap_remove(0)
}

#[test]
fn the_preface_then_frames_as_the_frame_decoder_reads_them() {
    let frames = client_frames();
    let stream = [&PREFACE[..], &frames].concat();
    let (units, pending) = observe(true, &stream);
    assert_eq!(pending, None);
    let Some((Unit::Preface(p), rest)) = units.split_first() else {
        panic!("{units:?}");
    };
    assert_eq!((p.range.clone(), &p.bytes[..]), (0..24, &PREFACE[..]));
    let mut decoder = FrameDecoder::with_max_frame_size(1 << 20);
    decoder.feed(&frames);
    let mut at = 24;
    for unit in rest {
        let Unit::Frame(f) = unit else {
            panic!("{unit:?}");
        };
        assert_eq!(f.range.start, at);
        at = f.range.end;
        assert_eq!(
            f.total_len(),
            HEADER_LEN as u64 + u64::from(f.header.length)
        );
        let decoded = decoder.next_frame().unwrap().unwrap();
        assert_eq!(f.header.frame_type, decoded.frame_type());
        if f.is_whole() {
            let (again, _) = Frame::parse(&f.kept, 1 << 20).unwrap().unwrap();
            assert_eq!(again, decoded);
        }
    }
    assert_eq!(at, stream.len() as u64);
    assert_eq!(decoder.next_frame(), Ok(None));
    let data = rest
        .iter()
        .find_map(|u| match u {
            Unit::Frame(f) if f.header.frame_type == FrameType::Data => Some(f),
            _ => None,
        })
        .unwrap();
    assert_eq!(
        (data.payload_len(), data.kept_payload().len()),
        (20_000, 4096)
    );
    assert!(!data.is_whole());

    // Trailing bytes: half a header more, pending from where it starts.
    let trailing = [&stream[..], &[0, 0, 8, 6]].concat();
    let (with_trailing, pending) = observe(true, &trailing);
    assert_eq!(with_trailing, units);
    assert_eq!(pending, Some((stream.len() as u64, None)));
}

#[test]
fn the_servers_direction_has_no_preface_and_big_field_blocks_are_kept_whole_to_a_cap() {
    let mut stream = Vec::new();
    Frame::Settings(Settings::new(Vec::new()))
        .encode(&mut stream)
        .unwrap();
    let block = vec![0x88; 70_000];
    Frame::Headers(Headers::new(1, block, true))
        .encode(&mut stream)
        .unwrap();
    let (units, _) = observe(false, &stream);
    let [Unit::Frame(settings), Unit::Frame(headers)] = &units[..] else {
        panic!("{units:?}");
    };
    assert_eq!((settings.range.clone(), settings.is_whole()), (0..9, true));
    assert_eq!(headers.payload_len(), 70_000);
    assert_eq!(headers.kept_payload().len(), DEFAULT_MAX_KEPT_PAYLOAD);
}

#[test]
fn not_the_preface_is_lost_at_the_first_byte_that_differs() {
    let (units, pending) = observe(true, b"GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    assert_eq!(units, [Unit::Lost(wire::Piece::at(0, b"G".to_vec()))]);
    assert_eq!(pending, None);
    let (units, _) = observe(true, b"PRI * HTTP/2.0\r\n\r\nXM\r\n\r\n\0\0\0\x04");
    assert!(matches!(&units[..], [Unit::Lost(l)] if l.range == (0..19)));
}
