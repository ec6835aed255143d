//! Grading tests for exercise 06: sequences of frames fed to your `Reassembler`, with what
//! each frame produced, compared with the answer key in `tests/snapshots/`. Do not edit
//! this file or the snapshots: the grader restores them before every run.

use std::fmt::Write as _;

use ex06_reassemble::{Message, Reassembler};
use grading::{attempt, hex};

fn opcode_name(op: u8) -> String {
    match op {
        0x0 => "continuation".into(),
        0x1 => "text".into(),
        0x2 => "binary".into(),
        0x8 => "close".into(),
        0x9 => "ping".into(),
        0xa => "pong".into(),
        n => format!("opcode {n}"),
    }
}

/// Feeds the frames one by one and writes down what each produced.
fn scenario(title: &str, frames: &[(bool, u8, &[u8])]) -> String {
    let mut out = format!("{title}\n");
    let mut r = match attempt(Reassembler::new) {
        Ok(r) => r,
        Err(p) => {
            writeln!(out, "  Reassembler::new(): {p}").unwrap();
            return out;
        }
    };
    for (i, (fin, opcode, payload)) in frames.iter().enumerate() {
        let result = match attempt(|| r.push(*fin, *opcode, payload)) {
            Ok(Ok(None)) => "waiting for the next fragment".to_string(),
            Ok(Ok(Some(Message::Text(s)))) => format!("text message {s:?}"),
            Ok(Ok(Some(Message::Binary(b)))) => format!("binary message [{}]", hex(&b)),
            Ok(Ok(Some(Message::Control(op, p)))) => {
                format!("control frame: {} [{}]", opcode_name(op), hex(&p))
            }
            Ok(Err(e)) => {
                let code = attempt(|| e.close_code()).map_or_else(|p| p, |c| c.to_string());
                format!("error {e:?}: close the connection with {code}")
            }
            Err(p) => p,
        };
        writeln!(
            out,
            "  frame {}: FIN={} {:<12} [{}]\n    -> {result}",
            i + 1,
            u8::from(*fin),
            opcode_name(*opcode),
            hex(payload)
        )
        .unwrap();
        if result.starts_with("error") || result.starts_with("<panicked") {
            break;
        }
    }
    out
}

/// RFC 6455 §5.7 and §5.4.
#[test]
fn rfc6455_fragments() {
    let out = [
        scenario(
            "RFC 6455 §5.7: \"Hel\" then \"lo\"",
            &[(false, 1, b"Hel"), (true, 0, b"lo")],
        ),
        scenario(
            "§5.4: a Ping between two fragments does not disturb the message",
            &[
                (false, 1, b"Hel"),
                (true, 9, b"are you there?"),
                (true, 0, b"lo"),
            ],
        ),
        scenario(
            "A binary message in three fragments, then a text one",
            &[
                (false, 2, &[0xde, 0xad]),
                (false, 0, &[0xbe]),
                (true, 0, &[0xef]),
                (true, 1, b"next"),
            ],
        ),
        scenario(
            "Empty fragments are allowed",
            &[(false, 1, b""), (false, 0, b""), (true, 0, b"!")],
        ),
    ]
    .join("\n");
    grading::snapshot!("rfc6455_fragments", out);
}

/// §8.1: text is UTF-8 as a whole; a character may be split between fragments.
#[test]
fn utf8_across_fragments() {
    let out = [
        scenario(
            "\"€\" (e2 82 ac) split over three fragments",
            &[(false, 1, &[0xe2]), (false, 0, &[0x82]), (true, 0, &[0xac])],
        ),
        scenario(
            "\"κόσμε\" split in the middle of \"ό\"",
            &[
                (false, 1, &[0xce, 0xba, 0xe1]),
                (true, 0, &[0xbd, 0xb9, 0xcf, 0x83, 0xce, 0xbc, 0xce, 0xb5]),
            ],
        ),
        scenario(
            "Invalid already in the first fragment: fail at once, before FIN",
            &[(false, 1, &[0x48, 0xc3, 0x28]), (true, 0, b"never read")],
        ),
        scenario(
            "A lone continuation byte 0x80 in the second fragment",
            &[
                (false, 1, b"ok so far"),
                (false, 0, &[0x80]),
                (true, 0, b"!"),
            ],
        ),
        scenario(
            "The final fragment ends in the middle of a character",
            &[(false, 1, b"cut "), (true, 0, &[0xe2, 0x82])],
        ),
        scenario(
            "Binary messages are never checked",
            &[(true, 2, &[0xc3, 0x28, 0xff])],
        ),
    ]
    .join("\n");
    grading::snapshot!("utf8_across_fragments", out);
}

/// Frame sequences a conforming peer never sends.
#[test]
fn broken_sequences() {
    let out = [
        scenario(
            "A continuation with no message started",
            &[(true, 0, b"orphan")],
        ),
        scenario(
            "A new text frame before the previous message ended",
            &[(false, 1, b"one"), (true, 1, b"two")],
        ),
        scenario("A fragmented Ping", &[(false, 9, b"pi"), (true, 0, b"ng")]),
        scenario("A reserved opcode", &[(true, 3, b"?")]),
    ]
    .join("\n");
    grading::snapshot!("broken_sequences", out);
}
