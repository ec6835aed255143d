//! The event-stream parser on the HTML standard's examples, whole, byte by byte and in
//! pieces, with trailing bytes and broken input.

use super::*;

/// The events of `stream`, fed whole, byte by byte and in pieces of 3 (which must
/// agree), and how many bytes each part took.
fn parse(stream: &[u8]) -> (Vec<Event>, Vec<(Part, u64)>, u64) {
    let mut runs = Vec::new();
    for piece in [stream.len().max(1), 1, 3] {
        let mut p = Parser::default();
        let mut events = Vec::new();
        let mut parts: Vec<(Part, u64)> = Vec::new();
        let mut ends = 0;
        for chunk in stream.chunks(piece) {
            for unit in p.feed(chunk) {
                match unit {
                    Unit::Bytes { part, range } => match parts.last_mut() {
                        Some((last, n)) if *last == part => *n += range.end - range.start,
                        _ => parts.push((part, range.end - range.start)),
                    },
                    Unit::LineEnd { range, dispatched } => {
                        ends += range.end - range.start;
                        parts.push((Part::Comment, 0)); // a separator between lines
                        events.extend(dispatched);
                    }
                    Unit::Lost { .. } => {}
                }
            }
        }
        parts.retain(|(_, n)| *n > 0);
        runs.push((events, parts, ends));
    }
    assert_eq!(runs[0].0, runs[1].0, "whole and byte by byte agree");
    assert_eq!(runs[0].0, runs[2].0, "whole and in pieces agree");
    assert_eq!(runs[0].2, runs[1].2);
    runs.swap_remove(0)
}

fn data(events: &[Event]) -> Vec<&str> {
    events.iter().map(|e| e.data.as_str()).collect()
}

#[test]
fn the_specifications_first_example() {
    // HTML §9.2.1: three messages, the second of two lines.
    let stream = b"data: This is the first message.\n\ndata: This is the second message, it\ndata: has two lines.\n\ndata: This is the third message.\n\n";
    let (events, _, _) = parse(stream);
    assert_eq!(
        data(&events),
        [
            "This is the first message.",
            "This is the second message, it\nhas two lines.",
            "This is the third message."
        ]
    );
    assert!(events.iter().all(|e| e.event_type == "message"));
}

#[test]
fn event_types_ids_and_comments() {
    // HTML §9.2.1's two event types, with ids, a comment and a retry.
    let stream = b": test stream\r\nretry: 10000\r\nevent: add\r\nid: 1\r\ndata: 73857293\r\n\r\nevent: remove\ndata: 2153\n\nid\ndata: x\n\n";
    let (events, parts, _) = parse(stream);
    assert_eq!(
        events
            .iter()
            .map(|e| (
                e.event_type.as_str(),
                e.data.as_str(),
                e.last_event_id.as_str()
            ))
            .collect::<Vec<_>>(),
        [
            ("add", "73857293", "1"),
            ("remove", "2153", "1"),
            ("message", "x", "")
        ]
    );
    assert_eq!(parts.first(), Some(&(Part::Comment, 13)));
    assert!(parts.contains(&(Part::Value(Field::Data), 8)));
    let mut p = Parser::default();
    let _ = p.feed(stream).count();
    assert_eq!((p.retry(), p.last_event_id()), (Some(10000), ""));
}

#[test]
fn one_space_is_dropped_and_blank_data_lines_count() {
    // HTML §9.2.6: "data:test" and "data: test" are the same; a third space-led
    // value keeps its second space.
    let (events, _, _) = parse(b"data:test\n\ndata: test\n\ndata:  test\n\n");
    assert_eq!(data(&events), ["test", "test", " test"]);
    // HTML §9.2.6's example: the first block fires with empty data, the second with a
    // single LF, and the last, never followed by a blank line, is discarded.
    let (events, _, _) = parse(b"data\n\ndata\ndata\n\ndata:");
    assert_eq!(data(&events), ["", "\n"]);
}

#[test]
fn line_ends_of_every_kind_and_a_byte_order_mark() {
    let (events, parts, ends) = parse(b"\xEF\xBB\xBFdata: a\rdata: b\r\n\rid: 9\n\n");
    assert_eq!(data(&events), ["a\nb"]);
    assert_eq!(parts.first(), Some(&(Part::Bom, 3)));
    assert_eq!(ends, 6);
    // Not a byte order mark: the bytes are the first field's name.
    let (events, _, _) = parse(b"\xEFx: 1\ndata: y\n\n");
    assert_eq!(data(&events), ["y"]);
}

#[test]
fn ids_with_null_are_ignored_and_bad_retries_too() {
    let mut p = Parser::default();
    let _ = p.feed(b"id: 5\nid: a\x00b\nretry: 1x\ndata: z\n\n").count();
    assert_eq!((p.last_event_id(), p.retry()), ("5", None));
    // A long unknown name means nothing, and its bytes are not kept.
    let long = [&b"dataaaaaaaaa: 1\ndata: ok\n\n"[..]].concat();
    let (events, _, _) = parse(&long);
    assert_eq!(data(&events), ["ok"]);
}

#[test]
fn data_past_the_limit_stops_the_parser() {
    let mut p = Parser::new(Limits { max_data: 8 });
    let units: Vec<_> = p.feed(b"data: 12345\ndata: 6789\n\ndata: x\n\n").collect();
    assert!(units.iter().any(|u| matches!(u, Unit::Lost { .. })));
    assert!(!units.iter().any(|u| matches!(
        u,
        Unit::LineEnd {
            dispatched: Some(_),
            ..
        }
    )));
    assert!(p.buffered() <= 8);
    assert_eq!(p.feed(b"data: y\n\n").count(), 0);
}

#[test]
fn random_bytes_never_panic_and_every_byte_is_taken() {
    let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
    for _ in 0..2000 {
        let len = (seed % 48) as usize;
        let bytes: Vec<u8> = (0..len)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                b"data:id event retry\r\n \xEF\xBB\xBF0"[(seed % 26) as usize]
            })
            .collect();
        let mut p = Parser::new(Limits { max_data: 16 });
        let mut end = 0;
        for unit in p.feed(&bytes) {
            let r = unit.range();
            assert!(r.start == end || matches!(unit, Unit::Lost { .. }));
            end = r.end;
        }
        assert_eq!(p.position(), bytes.len() as u64);
    }
}
