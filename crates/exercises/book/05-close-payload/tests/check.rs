//! Grading tests for exercise 05: the close-code registry as your `is_sendable` sees it, and
//! Close payloads built and parsed, compared with the answer key in `tests/snapshots/`. Do
//! not edit this file or the snapshots: the grader restores them before every run.

use std::fmt::Write as _;

use ex05_close_payload::{CloseError, encode_close, is_sendable, parse_close};
use grading::{attempt, hex};

fn error(e: CloseError) -> String {
    let answer = attempt(|| e.answer()).map_or_else(|p| p, |c| c.to_string());
    format!("refused: {e:?}, answer with close code {answer}")
}

/// RFC 6455 §7.4.1 and the IANA registry: which codes may travel in a frame.
#[test]
fn which_codes_may_be_sent() {
    let codes = [
        (0, "unused"),
        (999, "unused"),
        (1000, "Normal Closure"),
        (1001, "Going Away"),
        (1002, "Protocol Error"),
        (1003, "Unsupported Data"),
        (1004, "Reserved"),
        (1005, "No Status Rcvd (local only)"),
        (1006, "Abnormal Closure (local only)"),
        (1007, "Invalid Frame Payload Data"),
        (1008, "Policy Violation"),
        (1009, "Message Too Big"),
        (1010, "Mandatory Extension"),
        (1011, "Internal Error"),
        (1012, "Service Restart"),
        (1013, "Try Again Later"),
        (1014, "Bad Gateway"),
        (1015, "TLS handshake (local only)"),
        (1016, "reserved for future RFCs"),
        (2999, "reserved for future RFCs"),
        (3000, "registered by libraries and frameworks"),
        (3999, "registered"),
        (4000, "private use"),
        (4999, "private use"),
        (5000, "out of every range"),
        (65535, "out of every range"),
    ];
    let mut out = String::new();
    for (code, name) in codes {
        let verdict = match attempt(|| is_sendable(code)) {
            Ok(true) => "may be sent".to_string(),
            Ok(false) => "never on the wire".to_string(),
            Err(p) => p,
        };
        writeln!(out, "{code:>5}  {verdict:<18}  {name}").unwrap();
    }
    grading::snapshot!("which_codes_may_be_sent", out);
}

/// Building payloads.
#[test]
fn encode() {
    let cases: [(u16, &str); 7] = [
        (1000, ""),
        (1001, "server shutting down"),
        (4000, "ünïcödé ✓"),
        (1005, "1005 only describes a missing code"),
        (999, ""),
        (1000, &"x".repeat(123)),
        (1000, &"x".repeat(124)),
    ];
    let mut out = String::new();
    for (code, reason) in cases {
        let shown = if reason.len() > 40 {
            format!("{} bytes of 'x'", reason.len())
        } else {
            format!("{reason:?}")
        };
        let result = match attempt(|| encode_close(code, reason)) {
            Ok(Ok(bytes)) if bytes.len() > 24 => {
                format!("{} ... ({} bytes)", hex(&bytes[..4]), bytes.len())
            }
            Ok(Ok(bytes)) => format!("{} ({} bytes)", hex(&bytes), bytes.len()),
            Ok(Err(e)) => error(e),
            Err(p) => p,
        };
        writeln!(out, "code {code}, reason {shown}\n  -> {result}").unwrap();
    }
    grading::snapshot!("encode", out);
}

/// Parsing payloads a peer sent, including the ones a conforming endpoint refuses.
#[test]
fn parse() {
    let cases: [(&str, Vec<u8>); 9] = [
        ("empty payload", vec![]),
        ("one byte", vec![0x03]),
        ("1000, no reason", vec![0x03, 0xe8]),
        ("1000 \"bye\"", vec![0x03, 0xe8, b'b', b'y', b'e']),
        ("1005 sent on the wire", vec![0x03, 0xed]),
        ("1006 sent on the wire", vec![0x03, 0xee]),
        (
            "4001 with a 3-byte UTF-8 reason",
            vec![0x0f, 0xa1, 0xe2, 0x82, 0xac],
        ),
        (
            "1000 with an invalid UTF-8 reason",
            vec![0x03, 0xe8, 0xc3, 0x28],
        ),
        ("1000 with 124 bytes of reason", {
            let mut v = vec![0x03, 0xe8];
            v.extend([b'x'; 124]);
            v
        }),
    ];
    let mut out = String::new();
    for (title, payload) in cases {
        let result = match attempt(|| parse_close(&payload)) {
            Ok(Ok(None)) => "no code (reads locally as 1005)".to_string(),
            Ok(Ok(Some((code, reason)))) => format!("code {code}, reason {reason:?}"),
            Ok(Err(e)) => error(e),
            Err(p) => p,
        };
        let shown = if payload.len() > 8 {
            format!("{} ... ({} bytes)", hex(&payload[..4]), payload.len())
        } else {
            hex(&payload)
        };
        writeln!(out, "{title}: [{shown}]\n  -> {result}").unwrap();
    }
    grading::snapshot!("parse", out);
}
