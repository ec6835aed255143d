//! Snapshot tests of the three renderings of one hand-built dissection: RFC 6455 §5.7's
//! masked "Hello" (`81 85 37 fa 21 3d 7f 9f 4d 51 58`), built field by field here so the
//! renderers are pinned without depending on any protocol crate — plus a broken variant to pin
//! how problems render.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use wire::{BitRange, Dissection, Field, Problem, Raw, render};

const HELLO: [u8; 11] = [
    0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58,
];

fn flag(name: &'static str, bit: u64, set: bool, value: &str, meaning: &'static str) -> Field {
    Field::new(
        name,
        BitRange::bits(bit, 1),
        Raw::Uint(u64::from(set)),
        value,
        meaning,
    )
}

/// The masked Hello, as a WebSocket dissector would build it.
fn hello() -> Dissection {
    let mut d = Dissection::new(
        "WebSocket",
        "Text frame (FIN), masked, payload 5 bytes: \"Hello\"",
        HELLO.to_vec(),
    );
    d.header_bits = 48;
    d.push(flag(
        "FIN",
        0,
        true,
        "true (final fragment)",
        "Set on the last fragment of a message (RFC 6455 §5.2).",
    ));
    d.push(flag(
        "RSV1",
        1,
        false,
        "0",
        "Reserved for an extension; 0 unless one was negotiated.",
    ));
    d.push(flag(
        "RSV2",
        2,
        false,
        "0",
        "Reserved for an extension; 0 unless one was negotiated.",
    ));
    d.push(flag(
        "RSV3",
        3,
        false,
        "0",
        "Reserved for an extension; 0 unless one was negotiated.",
    ));
    d.push(Field::new(
        "Opcode",
        BitRange::bits(4, 4),
        Raw::Uint(1),
        "Text (1)",
        "How to read the payload: 1 is UTF-8 text.",
    ));
    d.push(flag(
        "MASK",
        8,
        true,
        "true (masked)",
        "Client-to-server frames are masked.",
    ));
    d.push(Field::new(
        "Payload length",
        BitRange::bits(9, 7),
        Raw::Uint(5),
        "5",
        "0-125 is the length itself.",
    ));
    d.push(Field::new(
        "Masking-key",
        BitRange::bytes(2, 4),
        Raw::Bytes(HELLO[2..6].to_vec()),
        "37fa213d",
        "XORed over the payload, byte i with key byte i mod 4.",
    ));
    d.push(
        Field::new(
            "Payload data",
            BitRange::bytes(6, 5),
            Raw::Bytes(HELLO[6..].to_vec()),
            "5 bytes",
            "The application data.",
        )
        .with_children(vec![
            Field::new(
                "Masked",
                BitRange::bytes(6, 5),
                Raw::Bytes(HELLO[6..].to_vec()),
                "",
                "As on the wire.",
            ),
            Field::new(
                "Unmasked",
                BitRange::bytes(6, 5),
                Raw::Bytes(b"Hello".to_vec()),
                "",
                "After XOR with the key.",
            ),
            Field::new(
                "Text",
                BitRange::bytes(6, 5),
                Raw::None,
                "\"Hello\"",
                "Valid UTF-8.",
            ),
        ]),
    );
    d
}

/// The same frame with RSV1 set and one byte of the key missing: a problem on a field, one
/// on a missing field, and a long byte run.
fn broken() -> Dissection {
    let bytes = vec![0xc1, 0x85, 0x37, 0xfa, 0x21];
    let mut d = Dissection::new("WebSocket", "Text frame (FIN), truncated", bytes);
    d.header_bits = 48;
    d.push(flag("FIN", 0, true, "true (final fragment)", ""));
    d.push(
        flag("RSV1", 1, true, "1", "Reserved for an extension.").with_problem(Problem {
            rule: "RFC 6455 §5.2".into(),
            message: "RSV1 is set but no extension was negotiated".into(),
            at: BitRange::bits(1, 1),
            answer: Some("close 1002 (Protocol error)".into()),
        }),
    );
    d.push(Field::new(
        "Opcode",
        BitRange::bits(4, 4),
        Raw::Uint(1),
        "Text (1)",
        "",
    ));
    d.push(Field::new(
        "MASK",
        BitRange::bits(8, 1),
        Raw::Uint(1),
        "true",
        "",
    ));
    d.push(Field::new(
        "Payload length",
        BitRange::bits(9, 7),
        Raw::Uint(5),
        "5",
        "",
    ));
    d.push(
        Field::new(
            "Masking-key",
            BitRange::bytes(2, 3),
            Raw::Bytes(vec![0x37, 0xfa, 0x21]),
            "incomplete",
            "",
        )
        .with_problem(Problem {
            rule: "RFC 6455 §5.2".into(),
            message: "the masking key needs 4 bytes; 3 are here".into(),
            at: BitRange::bits(40, 0),
            answer: None,
        }),
    );
    d.problem(Problem {
        rule: "RFC 6455 §5.2".into(),
        message: "payload: 0 of 5 bytes present".into(),
        at: BitRange::bits(40, 0),
        answer: None,
    });
    d.push(Field::new(
        "Long run",
        BitRange::bytes(0, 5),
        Raw::Bytes((0u8..40).collect()),
        "",
        "",
    ));
    d
}

#[test]
fn hello_tree() {
    insta::assert_snapshot!(render::tree(&hello()));
}

#[test]
fn hello_diagram() {
    insta::assert_snapshot!(render::diagram(&hello()));
}

#[test]
fn hello_json() {
    insta::assert_json_snapshot!(render::json(&hello()));
}

#[test]
fn broken_tree() {
    insta::assert_snapshot!(render::tree(&broken()));
}

#[test]
fn broken_diagram() {
    insta::assert_snapshot!(render::diagram(&broken()));
}

#[test]
fn no_header_no_diagram() {
    let mut d = hello();
    d.header_bits = 0;
    assert_eq!(render::diagram(&d), "");
}

/// A 64-bit length: the field crosses two row ends and a gap fills the unlabelled bits.
#[test]
fn long_header_diagram() {
    let mut bytes = vec![0x82, 0x7f];
    bytes.extend_from_slice(&65536u64.to_be_bytes());
    let mut d = Dissection::new("WebSocket", "Binary frame, 65536 bytes", bytes);
    d.header_bits = 80;
    d.push(flag("FIN", 0, true, "true", ""));
    d.push(Field::new(
        "Opcode",
        BitRange::bits(4, 4),
        Raw::Uint(2),
        "Binary (2)",
        "",
    ));
    d.push(Field::new(
        "MASK",
        BitRange::bits(8, 1),
        Raw::Uint(0),
        "false",
        "",
    ));
    d.push(Field::new(
        "Payload length",
        BitRange::bits(9, 7),
        Raw::Uint(127),
        "127",
        "",
    ));
    d.push(Field::new(
        "Extended payload length",
        BitRange::bits(16, 64),
        Raw::Uint(65536),
        "65536",
        "",
    ));
    insta::assert_snapshot!(render::diagram(&d));
}
