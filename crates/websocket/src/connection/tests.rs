//! Connection tests. Every input goes through [`check`], which feeds it three ways.

use super::*;
use crate::frame::{
    FIN_BIT, MASK_BIT, PAYLOAD_LEN_16, PAYLOAD_LEN_64, RSV1_BIT, RSV2_BIT, RSV3_BIT,
};

/// The RFC 6455 §5.7 example key.
const KEY: [u8; 4] = [0x37, 0xfa, 0x21, 0x3d];

type Outcome = Vec<Result<Event, Error>>;

/// Drains events; stops at the first error (which would repeat forever).
fn drain(conn: &mut Connection, out: &mut Outcome) {
    if out.last().is_some_and(Result::is_err) {
        return;
    }
    loop {
        match conn.next_event() {
            Ok(Some(ev)) => out.push(Ok(ev)),
            Ok(None) => return,
            Err(e) => {
                out.push(Err(e));
                return;
            }
        }
    }
}

fn run(role: Role, config: Config, input: &[u8], piece: usize) -> Outcome {
    let mut conn = Connection::new(role, config);
    let mut out = Vec::new();
    for chunk in input.chunks(piece.max(1)) {
        conn.feed(chunk);
        drain(&mut conn, &mut out);
    }
    out
}

/// [`run`] through [`Connection::feed_in_place`], taking the queued events between steps
/// as a driver must.
fn run_in_place(role: Role, config: Config, input: &[u8], piece: usize) -> Outcome {
    let mut conn = Connection::new(role, config);
    let mut out = Vec::new();
    for chunk in input.chunks(piece.max(1)) {
        let mut chunk = chunk.to_vec();
        let mut at = 0;
        while at < chunk.len() {
            drain(&mut conn, &mut out);
            match conn.feed_in_place(&mut chunk[at..]) {
                Fed::Message { message, used } => {
                    if !out.last().is_some_and(Result::is_err) {
                        out.push(Ok(Event::Message(message.to_message())));
                    }
                    assert!(used > 0);
                    at += used;
                }
                Fed::Queued { used } => {
                    assert!(used > 0, "no progress");
                    at += used;
                }
            }
        }
        drain(&mut conn, &mut out);
    }
    out
}

/// Feeds `input` whole, one byte at a time, and followed by the start of another frame;
/// all three must give `expected`, through [`Connection::feed`] and through
/// [`Connection::feed_in_place`] (also in pieces of 7 bytes, which cut frames anywhere).
fn check_with(role: Role, config: Config, input: &[u8], expected: &[Result<Event, Error>]) {
    let mut trailing = input.to_vec();
    trailing.extend_from_slice(&[0x82, MASK_BIT | PAYLOAD_LEN_16, 0x01]);
    for (how, run) in [
        ("feed", run as fn(Role, Config, &[u8], usize) -> Outcome),
        ("feed_in_place", run_in_place),
    ] {
        assert_eq!(
            run(role, config, input, input.len()),
            expected,
            "{how}: whole"
        );
        assert_eq!(run(role, config, input, 1), expected, "{how}: byte by byte");
        assert_eq!(
            run(role, config, &trailing, trailing.len()),
            expected,
            "{how}: trailing bytes"
        );
    }
    assert_eq!(
        run_in_place(role, config, input, 7),
        expected,
        "in pieces of 7"
    );
}

fn check(role: Role, input: &[u8], expected: &[Result<Event, Error>]) {
    check_with(role, Config::default(), input, expected);
}

fn masked(fin: bool, opcode: Opcode, payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    encode_frame(fin, opcode, Some(KEY), payload, &mut out);
    out
}

fn text(s: &str) -> Result<Event, Error> {
    Ok(Event::Message(Message::Text(s.into())))
}

fn binary(b: &[u8]) -> Result<Event, Error> {
    Ok(Event::Message(Message::Binary(b.to_vec())))
}

fn cat(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
}

// ---------------------------------------------------------------- RFC 6455 §5.7

#[test]
fn rfc_5_7_single_frame_unmasked_text() {
    check(
        Role::Client,
        &[0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f],
        &[text("Hello")],
    );
    let mut out = Vec::new();
    Connection::new(Role::Server, Config::default())
        .send_text("Hello", &mut out)
        .unwrap();
    assert_eq!(out, [0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f]);
}

#[test]
fn rfc_5_7_single_frame_masked_text() {
    let wire = [
        0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58,
    ];
    check(Role::Server, &wire, &[text("Hello")]);
    assert_eq!(masked(true, Opcode::Text, b"Hello"), wire);
}

#[test]
fn rfc_5_7_fragmented_unmasked_text() {
    let wire = [0x01, 0x03, 0x48, 0x65, 0x6c, 0x80, 0x02, 0x6c, 0x6f];
    check(Role::Client, &wire, &[text("Hello")]);
    let mut conn = Connection::new(Role::Server, Config::default());
    let mut out = Vec::new();
    conn.send_frame(false, Opcode::Text, b"Hel", &mut out)
        .unwrap();
    conn.send_frame(true, Opcode::Continuation, b"lo", &mut out)
        .unwrap();
    assert_eq!(out, wire);
}

#[test]
fn rfc_5_7_ping_and_masked_pong() {
    check(
        Role::Client,
        &[0x89, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f],
        &[Ok(Event::Ping(b"Hello".to_vec()))],
    );
    let pong = [
        0x8a, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58,
    ];
    check(Role::Server, &pong, &[Ok(Event::Pong(b"Hello".to_vec()))]);
    let mut out = Vec::new();
    Connection::new(Role::Server, Config::default())
        .send_ping(b"Hello", &mut out)
        .unwrap();
    assert_eq!(out, [0x89, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f]);
}

#[test]
fn rfc_5_7_256_bytes_and_64_kib_binary() {
    let payload: Vec<u8> = (0..256u32).map(|i| i as u8).collect();
    let wire = cat(&[&[0x82, 0x7E, 0x01, 0x00], &payload]);
    check(Role::Client, &wire, &[binary(&payload)]);
    let mut out = Vec::new();
    Connection::new(Role::Server, Config::default())
        .send_binary(&payload, &mut out)
        .unwrap();
    assert_eq!(out, wire);

    let payload: Vec<u8> = (0..65536u32).map(|i| (i * 31) as u8).collect();
    let wire = cat(&[&[0x82, 0x7F, 0, 0, 0, 0, 0, 1, 0, 0], &payload]);
    assert_eq!(
        run(Role::Client, Config::default(), &wire, wire.len()),
        [binary(&payload)]
    );
    assert_eq!(
        run(Role::Client, Config::default(), &wire, 7),
        [binary(&payload)]
    );
    let mut out = Vec::new();
    Connection::new(Role::Server, Config::default())
        .send_binary(&payload, &mut out)
        .unwrap();
    assert_eq!(out, wire);
}

// ---------------------------------------------------------------- messages

#[test]
fn masked_messages_of_many_sizes_round_trip() {
    for len in [0usize, 1, 7, 8, 9, 125, 126, 127, 1000, 65535, 65536, 70000] {
        let payload: Vec<u8> = (0..len).map(|i| (i * 13) as u8).collect();
        let wire = masked(true, Opcode::Binary, &payload);
        for piece in [wire.len(), 1000, 3] {
            assert_eq!(
                run(Role::Server, Config::default(), &wire, piece),
                [binary(&payload)],
                "{len}/{piece}"
            );
        }
    }
}

#[test]
fn empty_frames() {
    let wire = cat(&[
        &masked(true, Opcode::Text, b""),
        &masked(true, Opcode::Binary, b""),
        &masked(true, Opcode::Ping, b""),
        &masked(true, Opcode::Close, b""),
    ]);
    check(
        Role::Server,
        &wire,
        &[
            text(""),
            binary(b""),
            Ok(Event::Ping(vec![])),
            Ok(Event::Close(None)),
        ],
    );
}

#[test]
fn control_frames_between_fragments() {
    let wire = cat(&[
        &masked(false, Opcode::Text, b"fra"),
        &masked(true, Opcode::Ping, b"p1"),
        &masked(false, Opcode::Continuation, b"gm"),
        &masked(true, Opcode::Pong, b"p2"),
        &masked(true, Opcode::Continuation, b"ents"),
    ]);
    check(
        Role::Server,
        &wire,
        &[
            Ok(Event::Ping(b"p1".to_vec())),
            Ok(Event::Pong(b"p2".to_vec())),
            text("fragments"),
        ],
    );
}

#[test]
fn a_character_split_across_fragments() {
    let euro = "€".as_bytes();
    let wire = cat(&[
        &masked(false, Opcode::Text, &euro[..1]),
        &masked(false, Opcode::Continuation, &euro[1..2]),
        &masked(true, Opcode::Continuation, &euro[2..]),
    ]);
    check(Role::Server, &wire, &[text("€")]);
}

#[test]
fn close_with_code_and_reason() {
    let wire = masked(true, Opcode::Close, b"\x03\xe8bye");
    let close = CloseFrame {
        code: CloseCode::NormalClosure,
        reason: "bye".into(),
    };
    check(Role::Server, &wire, &[Ok(Event::Close(Some(close)))]);
}

#[test]
fn bytes_after_close_are_ignored() {
    let wire = cat(&[
        &masked(true, Opcode::Close, b""),
        &masked(true, Opcode::Text, b"late"),
        &[0xFF, 0xFF, 0xFF],
    ]);
    check(Role::Server, &wire, &[Ok(Event::Close(None))]);
}

// ---------------------------------------------------------------- 1002

fn fails(role: Role, input: &[u8], err: Error) {
    assert_eq!(err.close_code(), CloseCode::ProtocolError, "{err}");
    check(role, input, &[Err(err)]);
}

#[test]
fn rsv_bits_are_1002() {
    for (bit, rsv) in [
        (RSV1_BIT, (true, false, false)),
        (RSV2_BIT, (false, true, false)),
        (RSV3_BIT, (false, false, true)),
    ] {
        let mut wire = masked(true, Opcode::Text, b"x");
        wire[0] |= bit;
        let err = Error::ReservedBitsSet {
            rsv1: rsv.0,
            rsv2: rsv.1,
            rsv3: rsv.2,
        };
        fails(Role::Server, &wire, err);
    }
}

#[test]
fn reserved_opcodes_are_1002() {
    for n in [3u8, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF] {
        let wire = masked(true, Opcode::Reserved(n), b"");
        fails(Role::Server, &wire, Error::ReservedOpcode(n));
    }
}

#[test]
fn masking_by_the_wrong_side_is_1002() {
    fails(Role::Server, &[0x81, 0x01, b'a'], Error::UnmaskedFrame);
    fails(
        Role::Client,
        &masked(true, Opcode::Text, b"a"),
        Error::MaskedFrame,
    );
}

#[test]
fn control_frame_rules_are_1002() {
    let long = [0u8; 126];
    fails(
        Role::Server,
        &masked(true, Opcode::Ping, &long),
        Error::ControlFrameTooLong(126),
    );
    fails(
        Role::Server,
        &masked(false, Opcode::Ping, b""),
        Error::FragmentedControlFrame,
    );
    fails(
        Role::Server,
        &masked(false, Opcode::Close, b""),
        Error::FragmentedControlFrame,
    );
    // 125 is fine.
    check(
        Role::Server,
        &masked(true, Opcode::Pong, &long[..125]),
        &[Ok(Event::Pong(vec![0; 125]))],
    );
}

#[test]
fn fragmentation_rules_are_1002() {
    fails(
        Role::Server,
        &masked(true, Opcode::Continuation, b"x"),
        Error::UnexpectedContinuation,
    );
    for second in [Opcode::Text, Opcode::Binary] {
        let wire = cat(&[
            &masked(false, Opcode::Text, b"a"),
            &masked(true, second, b"b"),
        ]);
        fails(Role::Server, &wire, Error::ExpectedContinuation);
    }
    // A finished message does not leave one open.
    let wire = cat(&[
        &masked(true, Opcode::Text, b"a"),
        &masked(true, Opcode::Continuation, b"b"),
    ]);
    check(
        Role::Server,
        &wire,
        &[text("a"), Err(Error::UnexpectedContinuation)],
    );
}

#[test]
fn length_with_top_bit_is_1002() {
    let wire = [
        0x82,
        MASK_BIT | PAYLOAD_LEN_64,
        0x80,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        1,
        2,
        3,
        4,
    ];
    fails(Role::Server, &wire, Error::LengthTopBitSet);
}

#[test]
fn bad_close_payloads() {
    fails(
        Role::Server,
        &masked(true, Opcode::Close, &[0x03]),
        Error::CloseCodeTruncated,
    );
    for code in [
        0u16, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535,
    ] {
        let wire = masked(true, Opcode::Close, &code.to_be_bytes());
        fails(Role::Server, &wire, Error::CloseCodeNotSendable(code));
    }
    let wire = masked(true, Opcode::Close, b"\x03\xe8\xff");
    check(Role::Server, &wire, &[Err(Error::InvalidCloseReason)]);
    assert_eq!(
        Error::InvalidCloseReason.close_code(),
        CloseCode::InvalidPayloadData
    );
}

// ---------------------------------------------------------------- 1007

#[test]
fn invalid_text_is_1007() {
    let wire = masked(true, Opcode::Text, &[b'a', 0xC0, 0xAF]);
    let err = run(Role::Server, Config::default(), &wire, wire.len())
        .pop()
        .unwrap()
        .unwrap_err();
    assert_eq!(err.close_code(), CloseCode::InvalidPayloadData);
    assert_eq!(err.rule(), "RFC 6455 §8.1");
    let Error::InvalidUtf8(e) = err else {
        panic!("{err:?}")
    };
    assert_eq!(e.valid_up_to, 1);
}

#[test]
fn incomplete_character_at_end_of_message_is_1007() {
    let wire = masked(true, Opcode::Text, &[b'a', 0xE2, 0x82]);
    let expected = Err(Error::InvalidUtf8(Utf8Error {
        valid_up_to: 1,
        incomplete: true,
    }));
    check(Role::Server, &wire, &[expected]);
    // Still fine while the message goes on.
    let wire = masked(false, Opcode::Text, &[b'a', 0xE2, 0x82]);
    check(Role::Server, &wire, &[]);
}

/// Autobahn 6.4.x: the error must come as soon as the bad byte arrives, mid-frame.
#[test]
fn utf8_fails_fast_in_the_middle_of_a_frame() {
    let mut payload = "κόσμε".as_bytes().to_vec();
    let bad_at = payload.len();
    payload.extend_from_slice(&[0xF4, 0x90, 0x80, 0x80]);
    payload.extend_from_slice(b"edited");
    let wire = masked(true, Opcode::Text, &payload);
    let header_len = wire.len() - payload.len();

    let mut conn = Connection::new(Role::Server, Config::default());
    // Everything up to and including the 0xF4: still possibly valid.
    conn.feed(&wire[..header_len + bad_at + 1]);
    assert_eq!(conn.next_event(), Ok(None));
    // The 0x90 can never follow 0xF4: fail now, with most of the frame still unsent.
    conn.feed(&wire[header_len + bad_at + 1..header_len + bad_at + 2]);
    let err = conn.next_event().unwrap_err();
    assert_eq!(err.close_code(), CloseCode::InvalidPayloadData);
    // Sticky.
    conn.feed(&wire[header_len + bad_at + 2..]);
    assert_eq!(conn.next_event(), Err(err.clone()));
    assert_eq!(conn.next_event(), Err(err));
}

#[test]
fn utf8_fails_fast_across_fragments() {
    let mut conn = Connection::new(Role::Server, Config::default());
    conn.feed(&masked(false, Opcode::Text, &[b'o', b'k', 0xED]));
    assert_eq!(conn.next_event(), Ok(None));
    // A surrogate: ED A0 is never valid. The frame's header and first byte suffice.
    let next = masked(true, Opcode::Continuation, &[0xA0, 0x80, b'x']);
    conn.feed(&next[..next.len() - 2]);
    assert!(matches!(conn.next_event(), Err(Error::InvalidUtf8(_))));
}

// ---------------------------------------------------------------- 1009

#[test]
fn too_big_is_decided_from_the_header() {
    let config = Config {
        max_message_size: 100,
        max_frame_size: 50,
    };
    // Only the header: a 51-byte frame is refused before any payload arrives.
    let wire = masked(true, Opcode::Binary, &[0; 51]);
    let mut conn = Connection::new(Role::Server, config);
    conn.feed(&wire[..6]);
    let err = conn.next_event().unwrap_err();
    assert_eq!(err, Error::FrameTooBig { len: 51, max: 50 });
    assert_eq!(err.close_code(), CloseCode::MessageTooBig);

    // Fragments of 50 each: the third pushes the message to 150 > 100.
    let wire = cat(&[
        &masked(false, Opcode::Binary, &[0; 50]),
        &masked(false, Opcode::Continuation, &[0; 50]),
        &masked(true, Opcode::Continuation, &[0; 50]),
    ]);
    check_with(
        Role::Server,
        config,
        &wire,
        &[Err(Error::MessageTooBig { len: 150, max: 100 })],
    );

    // Exactly at the limits is fine.
    let wire = cat(&[
        &masked(false, Opcode::Binary, &[1; 50]),
        &masked(true, Opcode::Continuation, &[1; 50]),
    ]);
    check_with(Role::Server, config, &wire, &[binary(&[1; 100])]);
}

#[test]
fn exactly_16_mib_is_allowed() {
    let payload = vec![b'a'; DEFAULT_MAX_SIZE];
    let wire = masked(true, Opcode::Text, &payload);
    let mut conn = Connection::new(Role::Server, Config::default());
    for chunk in wire.chunks(1 << 20) {
        conn.feed(chunk);
    }
    let Ok(Some(Event::Message(Message::Text(t)))) = conn.next_event() else {
        panic!()
    };
    assert_eq!(t.len(), DEFAULT_MAX_SIZE);

    let wire = masked(true, Opcode::Binary, &[0; 10]);
    let mut header = wire[..6].to_vec();
    // Patch the header to announce 16 MiB + 1 in the 64-bit form.
    header.truncate(1);
    header.push(MASK_BIT | PAYLOAD_LEN_64);
    header.extend_from_slice(&(DEFAULT_MAX_SIZE as u64 + 1).to_be_bytes());
    header.extend_from_slice(&KEY);
    let mut conn = Connection::new(Role::Server, Config::default());
    conn.feed(&header);
    assert!(matches!(conn.next_event(), Err(Error::FrameTooBig { .. })));
}

// ---------------------------------------------------------------- errors and ordering

#[test]
fn events_before_an_error_come_first() {
    let wire = cat(&[
        &masked(true, Opcode::Ping, b"1"),
        &masked(true, Opcode::Text, b"two"),
        &[0x81, 0x00],
    ]);
    check(
        Role::Server,
        &wire,
        &[
            Ok(Event::Ping(b"1".to_vec())),
            text("two"),
            Err(Error::UnmaskedFrame),
        ],
    );
}

#[test]
fn errors_name_their_rules() {
    assert_eq!(Error::UnmaskedFrame.rule(), "RFC 6455 §5.1");
    assert_eq!(Error::ReservedOpcode(3).rule(), "RFC 6455 §5.2");
    assert_eq!(Error::UnexpectedContinuation.rule(), "RFC 6455 §5.4");
    assert_eq!(Error::ControlFrameTooLong(126).rule(), "RFC 6455 §5.5");
    assert!(Error::UnmaskedFrame.is_peer_error());
    assert!(!Error::SendAfterClose.is_peer_error());
    assert_eq!(Error::SendAfterClose.close_code(), CloseCode::InternalError);
}

// ---------------------------------------------------------------- closing handshake and sending

#[test]
fn server_answers_a_close() {
    let mut conn = Connection::new(Role::Server, Config::default());
    conn.feed(&masked(true, Opcode::Close, b"\x03\xe9"));
    let Ok(Some(Event::Close(Some(frame)))) = conn.next_event() else {
        panic!()
    };
    assert_eq!(frame.code, CloseCode::GoingAway);
    assert_eq!(conn.state(), State::CloseReceived);
    let mut out = Vec::new();
    conn.send_close(Some(frame.code), "", &mut out).unwrap();
    assert_eq!(out, [0x88, 0x02, 0x03, 0xe9]);
    assert_eq!(conn.state(), State::Closed);
    assert!(conn.is_closed());
    assert_eq!(
        conn.send_close(None, "", &mut out),
        Err(Error::SendAfterClose)
    );
}

#[test]
fn server_starts_the_close() {
    let mut conn = Connection::new(Role::Server, Config::default());
    let mut out = Vec::new();
    conn.send_close(Some(CloseCode::GoingAway), "shutting down", &mut out)
        .unwrap();
    assert_eq!(conn.state(), State::CloseSent);
    assert_eq!(conn.send_text("more", &mut out), Err(Error::SendAfterClose));
    assert_eq!(
        conn.send_close(None, "", &mut out),
        Err(Error::SendAfterClose)
    );
    // The peer may still send data before its Close: delivered.
    conn.feed(&cat(&[
        &masked(true, Opcode::Text, b"last"),
        &masked(true, Opcode::Close, b"\x03\xe9"),
    ]));
    assert_eq!(conn.next_event(), text("last").map(Some));
    assert!(matches!(conn.next_event(), Ok(Some(Event::Close(Some(_))))));
    assert!(conn.is_closed());
}

#[test]
fn api_misuse_is_reported() {
    let mut conn = Connection::new(Role::Server, Config::default());
    let mut out = Vec::new();
    assert_eq!(
        conn.send_ping(&[0; 126], &mut out),
        Err(Error::ControlPayloadTooLong(126))
    );
    assert_eq!(
        conn.send_pong(&[0; 126], &mut out),
        Err(Error::ControlPayloadTooLong(126))
    );
    assert_eq!(
        conn.send_frame(false, Opcode::Ping, b"", &mut out),
        Err(Error::FragmentedControlSend)
    );
    assert_eq!(
        conn.send_frame(true, Opcode::Reserved(3), b"", &mut out),
        Err(Error::ReservedOpcodeSend(3))
    );
    assert_eq!(
        conn.send_close(Some(CloseCode::NoStatusReceived), "", &mut out),
        Err(Error::UnsendableCloseCode(1005))
    );
    assert!(out.is_empty());
    assert_eq!(conn.state(), State::Open);
    conn.send_ping(&[0; 125], &mut out).unwrap();
    assert_eq!(out.len(), 127);
}

#[test]
fn close_reason_is_truncated() {
    let mut conn = Connection::new(Role::Server, Config::default());
    let mut out = Vec::new();
    conn.send_close(Some(CloseCode::NormalClosure), &"x".repeat(300), &mut out)
        .unwrap();
    assert_eq!(out.len(), 2 + 125);
}

#[test]
fn client_role_masks_and_a_server_reads_it() {
    let mut client = Connection::new(Role::Client, Config::default());
    client.set_mask_seed(42);
    let mut out = Vec::new();
    client.send_text("Hello", &mut out).unwrap();
    client.send_binary(&[1, 2, 3], &mut out).unwrap();
    client
        .send_close(Some(CloseCode::NormalClosure), "done", &mut out)
        .unwrap();
    assert_ne!(out[0..2], [0x81, 0x05]);
    assert_eq!(out[1] & MASK_BIT, MASK_BIT);
    let close = CloseFrame {
        code: CloseCode::NormalClosure,
        reason: "done".into(),
    };
    check(
        Role::Server,
        &out,
        &[
            text("Hello"),
            binary(&[1, 2, 3]),
            Ok(Event::Close(Some(close))),
        ],
    );
}

#[test]
fn idle_connections_hold_no_read_memory() {
    let mut conn = Connection::new(Role::Server, Config::default());
    assert_eq!(conn.read_buffer_capacity(), 0);
    conn.feed(&cat(&[
        &masked(true, Opcode::Binary, &[7; 1000]),
        &masked(true, Opcode::Ping, b"hi"),
    ]));
    assert_eq!(conn.next_event(), binary(&[7; 1000]).map(Some));
    assert_eq!(conn.next_event(), Ok(Some(Event::Ping(b"hi".to_vec()))));
    assert_eq!(conn.next_event(), Ok(None));
    assert_eq!(conn.read_buffer_capacity(), 0);
    // A partial header is stashed inline, not on the heap.
    conn.feed(&masked(true, Opcode::Binary, &[0; 300])[..3]);
    assert_eq!(conn.read_buffer_capacity(), 0);
}

#[test]
fn a_fin_bit_constant_sanity_check() {
    // The first byte of every single-frame message we send has FIN set.
    let mut out = Vec::new();
    Connection::new(Role::Server, Config::default())
        .send_binary(b"", &mut out)
        .unwrap();
    assert_eq!(out[0] & FIN_BIT, FIN_BIT);
}

/// A poor man's fuzz run: random bytes in random pieces never panic, in either role, and
/// an error, once returned, stays.
#[test]
fn random_input_never_panics() {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    for round in 0..2000 {
        let len = (next() % 300) as usize;
        let mut bytes: Vec<u8> = (0..len).map(|_| next() as u8).collect();
        // Bias toward plausible headers so the deeper paths run too.
        if let Some(b) = bytes.get_mut(1) {
            *b = (*b & 0x80) | (*b % 130);
        }
        let role = if round % 2 == 0 {
            Role::Server
        } else {
            Role::Client
        };
        let mut conn = Connection::new(
            role,
            Config {
                max_message_size: 200,
                max_frame_size: 150,
            },
        );
        let mut first_err = None;
        for piece in bytes.chunks(1 + (next() % 17) as usize) {
            conn.feed(piece);
            loop {
                match conn.next_event() {
                    Ok(Some(_)) => assert!(first_err.is_none()),
                    Ok(None) => break,
                    Err(e) => {
                        assert!(e.is_peer_error());
                        assert_eq!(first_err.get_or_insert(e.clone()), &e);
                        break;
                    }
                }
            }
        }
        let _ = FrameHeader::parse(&bytes);
        let _ = parse_close_payload(&bytes);
    }
}

// ---------------------------------------------------------------- feed_in_place

#[test]
fn a_whole_message_is_read_where_it_lies() {
    let mut wire = masked(true, Opcode::Text, b"Hello");
    wire.extend_from_slice(&masked(true, Opcode::Binary, &[1, 2, 3]));
    let first_len = masked(true, Opcode::Text, b"Hello").len();
    let mut conn = Connection::new(Role::Server, Config::default());
    assert_eq!(
        conn.feed_in_place(&mut wire),
        Fed::Message {
            message: MessageRef::Text("Hello"),
            used: first_len
        }
    );
    // Unmasked in the buffer itself.
    assert_eq!(&wire[6..11], b"Hello");
    let rest = &mut wire[first_len..];
    let used = rest.len();
    assert_eq!(
        conn.feed_in_place(rest),
        Fed::Message {
            message: MessageRef::Binary(&[1, 2, 3]),
            used
        }
    );
    assert_eq!(conn.read_buffer_capacity(), 0);
}

#[test]
fn in_place_waits_its_turn() {
    // A Ping queued before a whole message: the message must not overtake it.
    let mut wire = masked(true, Opcode::Ping, b"p");
    let ping_len = wire.len();
    wire.extend_from_slice(&masked(true, Opcode::Binary, b"m"));
    let mut conn = Connection::new(Role::Server, Config::default());
    // The Ping's header, then its payload, the slow way.
    let Fed::Queued { used } = conn.feed_in_place(&mut wire) else {
        panic!("a Ping is not a message");
    };
    let Fed::Queued { used: more } = conn.feed_in_place(&mut wire[used..]) else {
        panic!("the Ping's payload");
    };
    assert_eq!(used + more, ping_len);
    // Not taken yet: the message goes the slow way too, behind it.
    assert!(matches!(
        conn.feed_in_place(&mut wire[ping_len..]),
        Fed::Queued { .. }
    ));
    assert_eq!(conn.next_event(), Ok(Some(Event::Ping(b"p".to_vec()))));
}

#[test]
fn a_data_header_then_the_payload_is_the_frame_send_binary_writes() {
    for len in [0usize, 125, 126, 65535, 65536] {
        let payload = vec![0xA5u8; len];
        let mut server = Connection::new(Role::Server, Config::default());
        let mut whole = Vec::new();
        server.send_binary(&payload, &mut whole).unwrap();
        let mut spliced = Vec::new();
        assert_eq!(
            server.send_data_header(Opcode::Binary, len, &mut spliced),
            Ok(true)
        );
        spliced.extend_from_slice(&payload);
        assert_eq!(spliced, whole, "{len}");
    }
    let mut server = Connection::new(Role::Server, Config::default());
    let mut out = Vec::new();
    server.send_data_header(Opcode::Text, 5, &mut out).unwrap();
    assert_eq!(out, [0x81, 0x05]);
    // Not for control frames, nor for a client (its payload must be masked), nor after Close.
    let mut none = Vec::new();
    assert_eq!(
        server.send_data_header(Opcode::Ping, 1, &mut none),
        Ok(false)
    );
    let mut client = Connection::new(Role::Client, Config::default());
    assert_eq!(
        client.send_data_header(Opcode::Binary, 1, &mut none),
        Ok(false)
    );
    assert!(none.is_empty());
    server.send_close(None, "", &mut out).unwrap();
    assert_eq!(
        server.send_data_header(Opcode::Binary, 1, &mut none),
        Err(Error::SendAfterClose)
    );
}

#[test]
fn message_needs_says_how_long_a_message_begun_at_the_front_is() {
    let conn = Connection::new(Role::Server, Config::default());
    let payload = vec![7u8; 300];
    let mut whole = Vec::new();
    crate::frame::encode_frame(true, Opcode::Binary, Some(KEY), &payload, &mut whole);
    assert_eq!(whole.len(), 2 + 2 + 4 + 300);
    // Header whole, payload not: the frame's length; whole, or header not whole: nothing.
    assert_eq!(conn.message_needs(&whole[..8]), Some(308));
    assert_eq!(conn.message_needs(&whole[..100]), Some(308));
    assert_eq!(conn.message_needs(&whole), None);
    assert_eq!(conn.message_needs(&whole[..3]), None);
    // Not for a fragment, a control frame, or a frame that breaks a rule (unmasked).
    let mut fragment = Vec::new();
    crate::frame::encode_frame(false, Opcode::Binary, Some(KEY), &payload, &mut fragment);
    assert_eq!(conn.message_needs(&fragment[..10]), None);
    let mut ping = Vec::new();
    crate::frame::encode_frame(true, Opcode::Ping, Some(KEY), &[1; 100], &mut ping);
    assert_eq!(conn.message_needs(&ping[..10]), None);
    let mut unmasked = Vec::new();
    crate::frame::encode_frame(true, Opcode::Binary, None, &payload, &mut unmasked);
    assert_eq!(conn.message_needs(&unmasked[..10]), None);
    // Nor while something is half-read.
    let mut busy = Connection::new(Role::Server, Config::default());
    busy.feed(&whole[..50]);
    assert_eq!(busy.message_needs(&whole[..8]), None);
}
