//! Every frame type: encode → parse round trips, parsed three ways (whole, one byte at a
//! time through [`FrameDecoder`], followed by trailing bytes), and the rules each breaks.

use super::*;
use crate::error_code::ErrorCode;

fn samples() -> Vec<Frame> {
    let p = PriorityFields {
        exclusive: true,
        dependency: 3,
        weight: 15,
    };
    vec![
        Frame::Data(Data::new(1, b"hello".to_vec(), true)),
        Frame::Data(Data {
            stream_id: 3,
            end_stream: false,
            pad_length: Some(4),
            data: b"padded".to_vec(),
        }),
        Frame::Data(Data::new(5, Vec::new(), true)),
        Frame::Headers(Headers::new(1, vec![0x82, 0x86, 0x84], true)),
        Frame::Headers(Headers {
            stream_id: 5,
            end_stream: false,
            end_headers: false,
            pad_length: Some(2),
            priority: Some(p),
            fragment: vec![0x82],
        }),
        Frame::Priority(Priority {
            stream_id: 7,
            priority: p,
        }),
        Frame::RstStream(RstStream {
            stream_id: 1,
            error_code: ErrorCode::Cancel,
        }),
        Frame::RstStream(RstStream {
            stream_id: 1,
            error_code: ErrorCode::Unknown(0x99),
        }),
        Frame::Settings(Settings::new(vec![
            Setting {
                parameter: SettingsParameter::HeaderTableSize,
                value: 256,
            },
            Setting {
                parameter: SettingsParameter::EnablePush,
                value: 0,
            },
            Setting {
                parameter: SettingsParameter::MaxFrameSize,
                value: 1 << 20,
            },
            Setting {
                parameter: SettingsParameter::Unknown(0x8),
                value: 1,
            },
        ])),
        Frame::Settings(Settings::ack()),
        Frame::PushPromise(PushPromise {
            stream_id: 1,
            end_headers: true,
            pad_length: Some(1),
            promised_stream_id: 2,
            fragment: vec![0x82, 0x87],
        }),
        Frame::Ping(Ping {
            ack: false,
            data: *b"wiretrai",
        }),
        Frame::Ping(
            Ping {
                ack: false,
                data: [1; 8],
            }
            .pong(),
        ),
        Frame::GoAway(GoAway {
            last_stream_id: 7,
            error_code: ErrorCode::ProtocolError,
            debug_data: b"bad frame".to_vec(),
        }),
        Frame::WindowUpdate(WindowUpdate {
            stream_id: 0,
            increment: (1 << 31) - 1,
        }),
        Frame::Continuation(Continuation {
            stream_id: 5,
            end_headers: true,
            fragment: vec![0x84],
        }),
        Frame::Unknown(Unknown {
            frame_type: 0xfa,
            flags: 0xff,
            stream_id: 9,
            payload: vec![1, 2, 3],
        }),
    ]
}

#[test]
fn every_type_round_trips_three_ways() {
    for frame in samples() {
        let mut bytes = Vec::new();
        frame.encode(&mut bytes).unwrap();
        // Whole.
        let (parsed, used) = Frame::parse(&bytes, MAX_LENGTH).unwrap().unwrap();
        assert_eq!(parsed, frame);
        assert_eq!(used, bytes.len());
        // Every strict prefix is incomplete, not an error.
        for n in 0..bytes.len() {
            assert_eq!(
                Frame::parse(&bytes[..n], MAX_LENGTH),
                Ok(None),
                "{frame:?} at {n}"
            );
        }
        // One byte at a time through the sans-IO reader.
        let mut reader = FrameDecoder::with_max_frame_size(MAX_LENGTH);
        let mut got = Vec::new();
        for b in &bytes {
            reader.feed(&[*b]);
            while let Some(f) = reader.next_frame().unwrap() {
                got.push(f);
            }
        }
        assert_eq!(got, std::slice::from_ref(&frame));
        assert_eq!(reader.buffered(), 0);
        // Followed by trailing bytes: only the frame is taken.
        let mut longer = bytes.clone();
        longer.extend_from_slice(&[0, 0, 0]);
        assert_eq!(
            Frame::parse(&longer, MAX_LENGTH).unwrap(),
            Some((frame.clone(), bytes.len()))
        );
    }
}

#[test]
fn a_run_of_frames_through_the_reader() {
    let mut bytes = Vec::new();
    for f in samples() {
        f.encode(&mut bytes).unwrap();
    }
    let mut reader = FrameDecoder::with_max_frame_size(MAX_LENGTH);
    reader.feed(&bytes);
    let mut got = Vec::new();
    while let Some(f) = reader.next_frame().unwrap() {
        got.push(f);
    }
    assert_eq!(got, samples());
}

fn parse_hex(hex: &str) -> Result<Option<(Frame, usize)>, Error> {
    Frame::parse(&wire::parse_hex(hex).unwrap(), DEFAULT_MAX_FRAME_SIZE)
}

#[test]
fn the_rules() {
    use crate::frame::FrameType as T;
    let cases: Vec<(&str, Error)> = vec![
        (
            "004001 00 00 00000001",
            Error::FrameTooLarge {
                length: 16385,
                max: 16384,
            },
        ),
        ("000001 00 00 00000000 41", Error::StreamIdZero(T::Data)),
        (
            "000004 00 08 00000001 04 414243",
            Error::PaddingTooLong {
                frame_type: T::Data,
                pad_length: 4,
                available: 3,
            },
        ),
        (
            "000000 00 08 00000001",
            Error::PayloadTooShort {
                frame_type: T::Data,
                length: 0,
                needed: 1,
            },
        ),
        ("000001 01 04 00000000 82", Error::StreamIdZero(T::Headers)),
        (
            "000005 01 24 00000001 00000001 10",
            Error::SelfDependency(1),
        ),
        (
            "000004 02 00 00000003 00000001",
            Error::WrongLength {
                frame_type: T::Priority,
                length: 4,
                expected: 5,
                stream: 3,
            },
        ),
        (
            "000005 03 00 00000001 0000000800",
            Error::WrongLength {
                frame_type: T::RstStream,
                length: 5,
                expected: 4,
                stream: 1,
            },
        ),
        ("000005 04 00 00000000 0001000010", Error::SettingsLength(5)),
        (
            "000006 04 01 00000000 000100001000",
            Error::SettingsAckWithPayload(6),
        ),
        (
            "000000 04 00 00000001",
            Error::StreamIdNotZero {
                frame_type: T::Settings,
                stream: 1,
            },
        ),
        (
            "000006 04 00 00000000 000200000002",
            Error::InvalidSetting {
                parameter: SettingsParameter::EnablePush,
                value: 2,
            },
        ),
        (
            "000003 05 04 00000001 000000",
            Error::PayloadTooShort {
                frame_type: T::PushPromise,
                length: 3,
                needed: 4,
            },
        ),
        (
            "000008 06 00 00000001 0000000000000000",
            Error::StreamIdNotZero {
                frame_type: T::Ping,
                stream: 1,
            },
        ),
        (
            "000007 07 00 00000000 00000000000000",
            Error::PayloadTooShort {
                frame_type: T::GoAway,
                length: 7,
                needed: 8,
            },
        ),
        (
            "000004 08 00 00000001 80000000",
            Error::ZeroWindowIncrement(1),
        ),
        (
            "000001 09 04 00000000 82",
            Error::StreamIdZero(T::Continuation),
        ),
    ];
    for (hex, expected) in cases {
        assert_eq!(parse_hex(hex), Err(expected), "{hex}");
    }
}

#[test]
fn the_reader_refuses_a_long_frame_from_its_header() {
    let mut reader = FrameDecoder::new();
    reader.feed(&[0x00, 0x40, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00]);
    assert_eq!(reader.next_frame(), Ok(None));
    reader.feed(&[0x01]);
    assert_eq!(
        reader.next_frame(),
        Err(Error::FrameTooLarge {
            length: 16385,
            max: 16384
        })
    );
}

#[test]
fn encoders_refuse_what_cannot_be_sent() {
    let mut out = Vec::new();
    let bad = Settings::new(vec![Setting {
        parameter: SettingsParameter::InitialWindowSize,
        value: u32::MAX,
    }]);
    assert!(matches!(
        bad.encode(&mut out),
        Err(Error::EncodeInvalidSetting { .. })
    ));
    let bad = Data::new(1 << 31, Vec::new(), false);
    assert_eq!(bad.encode(&mut out), Err(Error::EncodeStreamId(1 << 31)));
    assert!(out.is_empty());
}

#[test]
fn the_preface_is_24_bytes() {
    assert_eq!(PREFACE.len(), 24);
    assert_eq!(&PREFACE[..], b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
}
