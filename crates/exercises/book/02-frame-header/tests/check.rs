//! Grading tests for exercise 02: each frame is dissected Wireshark-style from what your
//! `parse_header` returns, and compared with the answer key in `tests/snapshots/`. Do not
//! edit this file or the snapshots: the grader restores them before every run.

use std::fmt::Write as _;

use ex02_frame_header::{FrameHeader, HeaderError, parse_header};
use grading::{attempt, bytes};

fn opcode_name(op: u8) -> &'static str {
    match op {
        0x0 => "continuation",
        0x1 => "text",
        0x2 => "binary",
        0x8 => "close",
        0x9 => "ping",
        0xa => "pong",
        _ => "reserved",
    }
}

fn bit(b: bool) -> u8 {
    u8::from(b)
}

fn dissect(title: &str, hex: &str) -> String {
    let input = bytes(hex);
    let mut out = format!("{title}\n  bytes: {hex}\n");
    match attempt(|| parse_header(&input)) {
        Err(panic) => writeln!(out, "  {panic}").unwrap(),
        Ok(Ok(None)) => writeln!(out, "  incomplete: wait for more bytes").unwrap(),
        Ok(Err(HeaderError::LengthTopBitSet)) => writeln!(
            out,
            "  error: the 64-bit length's top bit is set (§5.2: MUST be 0)"
        )
        .unwrap(),
        Ok(Ok(Some(h))) => {
            let FrameHeader {
                fin,
                rsv1,
                rsv2,
                rsv3,
                opcode,
                masked,
                payload_len,
                masking_key,
                header_len,
            } = h;
            writeln!(out, "  {}... .... = FIN: {fin}", bit(fin)).unwrap();
            writeln!(
                out,
                "  .{}{}{} .... = RSV1-3: {} {} {}",
                bit(rsv1),
                bit(rsv2),
                bit(rsv3),
                bit(rsv1),
                bit(rsv2),
                bit(rsv3)
            )
            .unwrap();
            writeln!(
                out,
                "  .... {:04b} = Opcode: {opcode} ({})",
                opcode & 0xf,
                opcode_name(opcode)
            )
            .unwrap();
            writeln!(out, "  {}... .... = MASK: {masked}", bit(masked)).unwrap();
            writeln!(out, "  Payload length: {payload_len}").unwrap();
            match masking_key {
                Some(k) => writeln!(
                    out,
                    "  Masking key: {:02x}{:02x}{:02x}{:02x}",
                    k[0], k[1], k[2], k[3]
                )
                .unwrap(),
                None => writeln!(out, "  Masking key: none").unwrap(),
            }
            writeln!(
                out,
                "  Header length: {header_len} bytes; the payload starts at byte {header_len}"
            )
            .unwrap();
        }
    }
    out
}

/// RFC 6455 §5.7, the RFC's own examples, one header each.
#[test]
fn rfc6455_examples() {
    let out = [
        (
            "A single-frame unmasked text message (\"Hello\")",
            "81 05 48 65 6c 6c 6f",
        ),
        (
            "A single-frame masked text message (\"Hello\")",
            "81 85 37 fa 21 3d 7f 9f 4d 51 58",
        ),
        (
            "A fragmented unmasked text message, first fragment (\"Hel\")",
            "01 03 48 65 6c",
        ),
        ("... and the final fragment (\"lo\")", "80 02 6c 6f"),
        ("Unmasked Ping (\"Hello\")", "89 05 48 65 6c 6c 6f"),
        (
            "Masked Pong (\"Hello\")",
            "8a 85 37 fa 21 3d 7f 9f 4d 51 58",
        ),
        (
            "256 bytes binary message in a single unmasked frame (header only)",
            "82 7e 01 00",
        ),
        (
            "64KiB binary message in a single unmasked frame (header only)",
            "82 7f 00 00 00 00 00 01 00 00",
        ),
    ]
    .map(|(t, h)| dissect(t, h))
    .join("\n");
    grading::snapshot!("rfc6455_examples", out);
}

/// Incomplete input is normal: every prefix of a header is "wait for more".
#[test]
fn incomplete_headers() {
    let out = [
        ("No bytes at all", ""),
        ("Only byte 0", "81"),
        ("Masked, but the key is cut short", "81 85 37 fa 21"),
        ("16-bit length, one length byte missing", "82 7e 01"),
        (
            "64-bit length, cut after 5 length bytes",
            "82 7f 00 00 00 00 00",
        ),
        (
            "64-bit length and masked, key missing",
            "82 ff 00 00 00 00 00 01 00 00",
        ),
    ]
    .map(|(t, h)| dissect(t, h))
    .join("\n");
    grading::snapshot!("incomplete_headers", out);
}

/// Bits a conforming sender would not set, but the header parser still reads.
#[test]
fn unusual_headers() {
    let out = [
        (
            "RSV1 set (permessage-deflate would use it), close opcode",
            "c8 00",
        ),
        ("A reserved opcode 0x3, empty", "83 00"),
        ("Length 125: the largest 7-bit length", "82 7d"),
        (
            "Length 1 sent in the 16-bit form (not minimal, still readable)",
            "82 7e 00 01",
        ),
        (
            "64-bit length with the top bit set",
            "82 7f 80 00 00 00 00 00 00 00",
        ),
        (
            "The largest 64-bit length, 2^63 - 1 (top bit clear)",
            "82 7f 7f ff ff ff ff ff ff ff",
        ),
        (
            "Masked, 16-bit length: the key comes after the length",
            "81 fe 00 7e 37 fa 21 3d",
        ),
        (
            "The trailing payload bytes are not the header's business",
            "81 02 68 69 ff ff ff",
        ),
    ]
    .map(|(t, h)| dissect(t, h))
    .join("\n");
    grading::snapshot!("unusual_headers", out);
}
