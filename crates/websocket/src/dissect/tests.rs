//! The dissectors against the RFC's own examples (§1.3, §5.7), every problem class, and
//! every truncation. Each case is one line plus a snapshot: [`check`] renders the tree and
//! the diagram of every frame in `hex`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use wire::{parse_hex, render};

/// RFC 6455 §5.7: "A single-frame masked text message".
const MASKED_HELLO: &str = "81 85 37 fa 21 3d 7f 9f 4d 51 58";

/// The tree and the diagram of every frame in `hex`.
fn check(hex: &str, from_client: Option<bool>) -> String {
    let bytes = parse_hex(hex).unwrap();
    frames(&bytes, from_client)
        .iter()
        .map(|d| format!("{}\n{}", render::tree(d), render::diagram(d)))
        .collect::<Vec<_>>()
        .join("\n----\n\n")
}

/// The rules (and answers) of a frame's problems, for one-line assertions.
fn rules(hex: &str, from_client: Option<bool>) -> Vec<String> {
    let bytes = parse_hex(hex).unwrap();
    frames(&bytes, from_client)
        .iter()
        .flat_map(|d| d.problems.iter())
        .map(|p| format!("{}: {}", p.rule, p.answer.as_deref().unwrap_or("-")))
        .collect()
}

/// `len` bytes of `hex` masked with the RFC's key, after a header `head`.
fn masked(head: &str, payload: &[u8]) -> String {
    let key = [0x37, 0xfa, 0x21, 0x3d];
    let mut p = payload.to_vec();
    crate::mask::apply_mask(&mut p, key);
    format!("{head} 37fa213d {}", wire::to_hex(&p))
}

// ---- RFC 6455 §5.7, the examples ----

#[test]
fn rfc_5_7_masked_text() {
    let d = frame(&parse_hex(MASKED_HELLO).unwrap(), Some(true));
    assert!(d.is_ok(), "{:?}", d.problems);
    assert_eq!(
        d.summary,
        "Text frame (FIN), masked, payload 5 bytes: \"Hello\""
    );
    assert_eq!(d.header_bits, 48);
    insta::assert_snapshot!("rfc_5_7_masked_text", check(MASKED_HELLO, Some(true)));
    insta::assert_json_snapshot!("rfc_5_7_masked_text_json", render::json(&d));
}

#[test]
fn rfc_5_7_unmasked_text() {
    insta::assert_snapshot!(check("81 05 48 65 6c 6c 6f", Some(false)));
}

#[test]
fn rfc_5_7_fragmented_text() {
    insta::assert_snapshot!(check("01 03 48 65 6c  80 02 6c 6f", Some(false)));
}

#[test]
fn rfc_5_7_ping_and_masked_pong() {
    let pong = masked("8a 85", b"Hello");
    insta::assert_snapshot!(check(&format!("89 05 48 65 6c 6c 6f {pong}"), None));
}

#[test]
fn rfc_5_7_16_bit_length() {
    let hex = format!("82 7e 01 00 {}", "ab".repeat(256));
    let ds = frames(&parse_hex(&hex).unwrap(), Some(false));
    assert_eq!(ds.len(), 1);
    assert!(ds[0].is_ok());
    insta::assert_snapshot!(check(&hex, Some(false)));
}

#[test]
fn rfc_5_7_64_bit_length() {
    let hex = format!("82 7f 00 00 00 00 00 01 00 00 {}", "00".repeat(65536));
    let ds = frames(&parse_hex(&hex).unwrap(), Some(false));
    assert!(ds[0].is_ok());
    assert_eq!(ds[0].header_bits, 80);
    insta::assert_snapshot!(check(&hex, Some(false)));
}

#[test]
fn close_1000_with_reason() {
    let mut payload = 1000u16.to_be_bytes().to_vec();
    payload.extend_from_slice(b"bye");
    let hex = masked("88 85", &payload);
    let d = frame(&parse_hex(&hex).unwrap(), Some(true));
    assert!(d.is_ok(), "{:?}", d.problems);
    insta::assert_snapshot!(check(&hex, Some(true)));
    insta::assert_json_snapshot!("close_1000_with_reason_json", render::json(&d));
}

#[test]
fn close_without_payload() {
    assert!(rules("88 00", Some(false)).is_empty());
    let d = frame(&parse_hex("88 00").unwrap(), None);
    assert_eq!(
        d.summary,
        "Close frame (FIN), unmasked, payload 0 bytes: no status code"
    );
}

// ---- every problem class ----

#[test]
fn problem_rsv_bits_without_extension() {
    assert_eq!(
        rules("f1 05 48 65 6c 6c 6f", None),
        ["RFC 6455 §5.2: close 1002 (Protocol Error)"; 3]
    );
    insta::assert_snapshot!(check("c1 05 48 65 6c 6c 6f", None));
}

#[test]
fn problem_reserved_opcode() {
    assert_eq!(
        rules("83 00", None),
        ["RFC 6455 §5.2: close 1002 (Protocol Error)"]
    );
    assert_eq!(
        rules("8b 00", None),
        ["RFC 6455 §5.2: close 1002 (Protocol Error)"]
    );
    insta::assert_snapshot!(check("8b 00", None));
}

#[test]
fn problem_control_frame_too_long() {
    let hex = format!("89 7e 00 7e {}", "00".repeat(126));
    assert_eq!(
        rules(&hex, None),
        ["RFC 6455 §5.5: close 1002 (Protocol Error)"]
    );
    insta::assert_snapshot!(check(&hex, None));
}

#[test]
fn problem_fragmented_control_frame() {
    assert_eq!(
        rules("09 00", None),
        ["RFC 6455 §5.5: close 1002 (Protocol Error)"]
    );
    insta::assert_snapshot!(check("09 00", None));
}

#[test]
fn problem_non_minimal_length() {
    let r = rules("81 7e 00 05 48 65 6c 6c 6f", None);
    assert_eq!(r.len(), 1);
    assert!(r[0].starts_with("RFC 6455 §5.2: close 1002"), "{r:?}");
    insta::assert_snapshot!(check("81 7e 00 05 48 65 6c 6c 6f", None));
    let hex = format!("82 7f 00 00 00 00 00 00 00 c8 {}", "00".repeat(200));
    assert_eq!(rules(&hex, None).len(), 1);
    insta::assert_snapshot!("problem_non_minimal_length_64", check(&hex, None));
}

#[test]
fn problem_64_bit_length_top_bit() {
    let hex = "82 7f 80 00 00 00 00 00 00 01";
    let d = frame(&parse_hex(hex).unwrap(), None);
    assert!(d.problems[0].message.contains("most significant bit"));
    insta::assert_snapshot!(check(hex, None));
}

#[test]
fn problem_unmasked_client_frame() {
    assert!(rules("81 05 48 65 6c 6c 6f", None).is_empty());
    assert_eq!(
        rules("81 05 48 65 6c 6c 6f", Some(true)),
        ["RFC 6455 §5.1: close 1002 (Protocol Error)"]
    );
    insta::assert_snapshot!(check("81 05 48 65 6c 6c 6f", Some(true)));
}

#[test]
fn problem_masked_server_frame() {
    assert_eq!(
        rules(MASKED_HELLO, Some(false)),
        ["RFC 6455 §5.1: close 1002 (Protocol Error)"]
    );
    insta::assert_snapshot!(check(MASKED_HELLO, Some(false)));
}

#[test]
fn problem_invalid_utf8() {
    // "H", then 0xff (never UTF-8), then "llo": the problem points at frame byte 7.
    let hex = masked("81 85", &[0x48, 0xff, 0x6c, 0x6c, 0x6f]);
    let d = frame(&parse_hex(&hex).unwrap(), Some(true));
    assert_eq!(d.problems.len(), 1);
    assert_eq!(d.problems[0].at, wire::BitRange::bytes(7, 1));
    assert_eq!(
        d.problems[0].answer.as_deref(),
        Some("close 1007 (Invalid Frame Payload Data)")
    );
    insta::assert_snapshot!(check(&hex, Some(true)));
}

#[test]
fn problem_utf8_cut_in_final_frame_only() {
    // "H" and the first byte of "€" (e2 82 ac).
    assert_eq!(
        rules("81 02 48 e2", None),
        ["RFC 6455 §8.1: close 1007 (Invalid Frame Payload Data)"]
    );
    assert!(
        rules("01 02 48 e2", None).is_empty(),
        "a fragment may end mid-character"
    );
    assert!(
        rules("81 02 80 41", None).len() == 1,
        "a stray continuation byte"
    );
    insta::assert_snapshot!(check("81 02 48 e2  01 02 48 e2  81 02 80 41", None));
}

#[test]
fn problem_close_code_not_sendable() {
    assert_eq!(
        rules("88 02 03 ed", None),
        ["RFC 6455 §7.4: close 1002 (Protocol Error)"]
    );
    assert_eq!(rules("88 02 03 e7", None).len(), 1, "999 is unassigned");
    assert!(rules("88 02 0f a0", None).is_empty(), "4000 is private use");
    insta::assert_snapshot!(check("88 02 03 ed", None));
}

#[test]
fn problem_close_one_byte() {
    assert_eq!(
        rules("88 01 03", None),
        ["RFC 6455 §5.5.1: close 1002 (Protocol Error)"]
    );
    insta::assert_snapshot!(check("88 01 03", None));
}

#[test]
fn problem_close_reason_not_utf8() {
    assert_eq!(
        rules("88 04 03 e8 c3 28", None),
        ["RFC 6455 §5.5.1: close 1007 (Invalid Frame Payload Data)"]
    );
    insta::assert_snapshot!(check("88 04 03 e8 c3 28", None));
}

#[test]
fn problem_truncated_masking_key() {
    let d = frame(&parse_hex("81 85 37 fa").unwrap(), Some(true));
    assert!(
        d.problems[0]
            .message
            .contains("the masking key needs 4 bytes; 2 are here")
    );
    insta::assert_snapshot!(check("81 85 37 fa", Some(true)));
}

#[test]
fn problem_truncated_payload() {
    let d = frame(
        &parse_hex("81 85 37 fa 21 3d 7f 9f 4d").unwrap(),
        Some(true),
    );
    assert_eq!(d.problems[0].message, "payload: 3 of 5 bytes present");
    insta::assert_snapshot!(check("81 85 37 fa 21 3d 7f 9f 4d", Some(true)));
}

#[test]
fn problem_truncated_extended_length() {
    let d = frame(&parse_hex("82 7f 00 00 00").unwrap(), None);
    assert!(
        d.problems[0].message.contains("needs 8 bytes; 3 are here"),
        "{:?}",
        d.problems
    );
    insta::assert_snapshot!(check("82 7f 00 00 00", None));
}

#[test]
fn problem_trailing_bytes() {
    let hex = format!("{MASKED_HELLO} {MASKED_HELLO} 81 85 37");
    let ds = frames(&parse_hex(&hex).unwrap(), Some(true));
    assert_eq!(ds.len(), 3);
    assert!(ds[0].is_ok() && ds[1].is_ok());
    assert!(ds[2].problems[0].message.contains("after 2 whole frames"));
    insta::assert_snapshot!(check(&hex, Some(true)));
}

#[test]
fn one_frame_of_several() {
    let bytes = parse_hex(&format!("{MASKED_HELLO} 81 85")).unwrap();
    let d = frame(&bytes, Some(true));
    assert!(d.is_ok());
    assert_eq!(d.bytes.len(), 11);
    assert!(d.summary.ends_with("; 2 bytes follow it"), "{}", d.summary);
}

// ---- truncation and robustness ----

#[test]
fn every_prefix_of_the_masked_hello() {
    let bytes = parse_hex(MASKED_HELLO).unwrap();
    for n in 0..bytes.len() {
        let prefix = &bytes[..n];
        let d = frame(prefix, Some(true));
        assert!(!d.is_ok(), "prefix {n} has no problem");
        assert!(
            d.problems.iter().any(|p| p
                .answer
                .as_deref()
                .is_some_and(|a| a.starts_with("none yet"))),
            "prefix {n}"
        );
        let _ = (render::tree(&d), render::diagram(&d), render::json(&d));
        assert_eq!(frames(prefix, Some(true)).len(), 1);
    }
    insta::assert_snapshot!(
        "every_prefix_summaries",
        (0..bytes.len())
            .map(|n| format!("{n:2}: {}", frame(&bytes[..n], Some(true)).summary))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// The only property: no input makes a dissector or a renderer panic.
#[test]
fn never_panics() {
    let mut noise = wire::noise::Noise::new(0x2545_f491_4f6c_dd1d);
    for _ in 0..5000 {
        let bytes = noise.bytes(40);
        for from in [None, Some(true), Some(false)] {
            for d in frames(&bytes, from) {
                let _ = (render::tree(&d), render::diagram(&d));
            }
        }
        let _ = render::tree(&handshake_request(&bytes));
        let _ = render::tree(&handshake_response(&bytes));
    }
}

// ---- the opening handshake ----

/// RFC 6455 §1.3, the client's handshake.
const RFC_REQUEST: &str = "GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nOrigin: http://example.com\r\nSec-WebSocket-Protocol: chat, superchat\r\nSec-WebSocket-Version: 13\r\n\r\n";

/// RFC 6455 §1.3, the server's answer.
const RFC_RESPONSE: &str = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nSec-WebSocket-Protocol: chat\r\n\r\n";

#[test]
fn rfc_1_3_request() {
    let d = handshake_request(RFC_REQUEST.as_bytes());
    assert!(d.is_ok(), "{:?}", d.problems);
    let accept = d
        .all_fields()
        .into_iter()
        .find(|f| f.name == "Base64")
        .unwrap();
    assert_eq!(accept.value, "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    insta::assert_snapshot!(render::tree(&d));
    insta::assert_json_snapshot!("rfc_1_3_request_json", render::json(&d));
}

#[test]
fn request_refused() {
    let bad = RFC_REQUEST.replace("Version: 13", "Version: 8");
    let d = handshake_request(bad.as_bytes());
    assert_eq!(
        d.problems[0].answer.as_deref(),
        Some("426 Upgrade Required")
    );
    let no_key = RFC_REQUEST.replace("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n", "");
    let d = handshake_request(no_key.as_bytes());
    assert_eq!(d.problems[0].answer.as_deref(), Some("400 Bad Request"));
    let short_key = RFC_REQUEST.replace("dGhlIHNhbXBsZSBub25jZQ==", "dGhlIHNhbXBsZQ==");
    insta::assert_snapshot!(render::tree(&handshake_request(short_key.as_bytes())));
}

#[test]
fn request_incomplete_and_followed() {
    let cut = &RFC_REQUEST.as_bytes()[..60];
    let d = handshake_request(cut);
    assert!(d.problems.iter().any(|p| p.message.contains("incomplete")));
    insta::assert_snapshot!(render::tree(&d));
    let mut early = RFC_REQUEST.as_bytes().to_vec();
    early.extend_from_slice(&parse_hex(MASKED_HELLO).unwrap());
    let d = handshake_request(&early);
    assert_eq!(d.problems.len(), 1);
    assert_eq!(d.problems[0].rule, "RFC 6455 §4.1");
}

#[test]
fn rfc_1_3_response() {
    let d = handshake_response(RFC_RESPONSE.as_bytes());
    assert!(d.is_ok(), "{:?}", d.problems);
    insta::assert_snapshot!(render::tree(&d));
}

#[test]
fn response_refused() {
    let bad = RFC_RESPONSE
        .replace("101 Switching Protocols", "200 OK")
        .replace("Upgrade: websocket", "Upgrade: h2c");
    let d = handshake_response(bad.as_bytes());
    assert_eq!(d.problems.len(), 2, "{:?}", d.problems);
    let missing =
        RFC_RESPONSE.replace("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n", "");
    let d = handshake_response(missing.as_bytes());
    assert_eq!(d.problems.len(), 1);
    insta::assert_snapshot!(render::tree(&handshake_response(bad.as_bytes())));
}

#[test]
fn rfc_1_3_accept_key_steps() {
    let d = accept_key_steps("dGhlIHNhbXBsZSBub25jZQ==");
    assert!(d.is_ok());
    assert!(d.summary.ends_with("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="));
    insta::assert_snapshot!(render::tree(&d));
    assert_eq!(accept_key_steps("short").problems.len(), 1);
}

/// Fuzzing found it (crates/fuzz, target ws_handshake): a start line with bytes that are not
/// UTF-8 gave its parts the length of their replaced text, so the Method field ran past the
/// input. Every part's bits now count bytes.
#[test]
fn a_start_line_that_is_not_utf8_stays_inside_the_input() {
    fn inside(f: &wire::Field, len: u64) {
        assert!(f.bits.end() <= len, "{} past the input", f.name);
        f.children.iter().for_each(|c| inside(c, len));
    }
    for bytes in [&[0xfe; 10][..], &[0xff, b' ', 0xff, b' ', 0xff, 0xff]] {
        for d in [handshake_request(bytes), handshake_response(bytes)] {
            d.fields
                .iter()
                .for_each(|f| inside(f, bytes.len() as u64 * 8));
        }
    }
}
