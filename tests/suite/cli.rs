//! The dissector commands as a learner runs them: `wiretrail dissect ws HEX` and
//! `wiretrail accept-key KEY`, their output pinned by snapshots (reviewed by reading them).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::{Command, Output};

fn wiretrail(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wiretrail"))
        .args(args)
        .output()
        .expect("the wiretrail binary runs")
}

fn stdout(args: &[&str]) -> String {
    let out = wiretrail(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn dissect_the_rfc_masked_hello() {
    let text = stdout(&["dissect", "ws", "818537fa213d7f9f4d5158"]);
    assert!(text.contains("Hello"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn dissect_as_json() {
    let text = stdout(&[
        "dissect",
        "ws",
        "--json",
        "81 85 37 fa 21 3d 7f 9f 4d 51 58",
    ]);
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    insta::assert_json_snapshot!(json);
}

#[test]
fn dissect_two_frames_with_a_16_bit_length_and_a_close() {
    let mut hex = String::from("827e0100");
    hex.push_str(&"00".repeat(256));
    hex.push_str("880203e8");
    let text = stdout(&["dissect", "ws", "--from", "server", &hex]);
    insta::assert_snapshot!(text);
}

#[test]
fn dissect_broken_bytes_explains_them() {
    // An unmasked text frame from a client whose payload is cut short.
    let text = stdout(&["dissect", "ws", "--from", "client", "8105486564"]);
    insta::assert_snapshot!(text);
}

#[test]
fn accept_key_shows_every_step() {
    let text = stdout(&["accept-key", "dGhlIHNhbXBsZSBub25jZQ=="]);
    assert!(text.contains("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="), "{text}");
    assert!(
        text.contains("258EAFA5-E914-47DA-95CA-C5AB0DC85B11"),
        "{text}"
    );
    assert!(
        text.contains("b3 7a 4f 2c c0 62 4f 16 90 f6 46 06 cf 38 59 45 b2 be c4 ea"),
        "the SHA-1 in hex: {text}"
    );
    insta::assert_snapshot!(text);
}

#[test]
fn bad_hex_is_a_clear_error_pointing_at_the_character() {
    let out = wiretrail(&["dissect", "ws", "81 8z"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    insta::assert_snapshot!(err);
}

#[test]
fn help_teaches() {
    let text = stdout(&["accept-key", "--help"]);
    assert!(text.contains("RFC 6455 §4.2.2"), "{text}");
    let text = stdout(&["serve", "--help"]);
    for flag in [
        "--addr",
        "--max-message",
        "--handshake-timeout",
        "--allow-origin",
        "--max-connections",
    ] {
        assert!(text.contains(flag), "{flag} in {text}");
    }
}

#[test]
fn dissect_an_h2_settings_frame() {
    // SETTINGS: HEADER_TABLE_SIZE=4096, ENABLE_PUSH=0, INITIAL_WINDOW_SIZE=65535.
    let text = stdout(&[
        "dissect",
        "h2",
        "000012 04 00 00000000 000100001000 000200000000 00040000ffff",
    ]);
    assert!(text.contains("SETTINGS_ENABLE_PUSH = 0"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn dissect_the_rfc_7541_c_3_1_header_block() {
    let text = stdout(&[
        "dissect",
        "hpack",
        "828684410f7777772e6578616d706c652e636f6d",
    ]);
    assert!(text.contains(":authority: www.example.com"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn a_reader_that_goes_away_is_not_a_crash() {
    use std::io::Read;
    use std::process::Stdio;
    // Many frames, so the output outgrows the pipe buffer; the reader takes a few bytes and
    // closes its end, as `| head -c 100` does.
    let hex = "810548656c6c6f".repeat(5000);
    let mut child = Command::new(env!("CARGO_BIN_EXE_wiretrail"))
        .args(["dissect", "ws", &hex])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut head = [0u8; 100];
    child.stdout.take().unwrap().read_exact(&mut head).unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}
