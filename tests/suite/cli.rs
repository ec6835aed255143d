//! The dissector commands as a learner runs them: `wiretrail dissect ws HEX` and
//! `wiretrail accept-key KEY`, their output pinned by snapshots (reviewed by reading them).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::{Command, Output};

/// The locale variables that choose the explanations' language: cleared, so a test says
/// the language it means.
const LOCALE: [&str; 3] = ["LC_ALL", "LC_MESSAGES", "LANG"];

fn wiretrail(args: &[&str]) -> Output {
    wiretrail_in(args, &[])
}

/// The binary run with only the locale variables `env` sets.
fn wiretrail_in(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_wiretrail"));
    for name in LOCALE {
        command.env_remove(name);
    }
    command
        .args(args)
        .envs(env.iter().copied())
        .output()
        .expect("the wiretrail binary runs")
}

fn stdout_in(args: &[&str], env: &[(&str, &str)]) -> String {
    let out = wiretrail_in(args, env);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn has_hangul(text: &str) -> bool {
    text.chars().any(|c| ('가'..='힣').contains(&c))
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

#[test]
fn dissect_in_korean_with_the_flag() {
    let args = [
        "dissect",
        "ws",
        "--from",
        "client",
        "818537fa213d7f9f4d5158",
    ];
    let english = stdout(&args);
    let korean = stdout(&[&args[..], &["--lang", "ko"]].concat());
    assert!(!has_hangul(&english), "{english}");
    assert!(has_hangul(&korean), "{korean}");
    // Names, values, bits and RFC sections stay as the RFC writes them.
    for kept in [
        "FIN",
        "Masking-key",
        "\"Hello\"",
        "RFC 6455 §5.2",
        "1... .... = FIN",
    ] {
        assert!(english.contains(kept), "{kept} in {english}");
        assert!(korean.contains(kept), "{kept} in {korean}");
    }
    // As many lines, each explained: the layout is the English one.
    assert_eq!(english.lines().count(), korean.lines().count());
    assert_ne!(english, korean);
}

#[test]
fn dissect_in_korean_from_the_locale() {
    let args = ["dissect", "h2", "000008 07 00 00000000 00000001 00000001"];
    let flag = stdout(&[&args[..], &["--lang", "ko"]].concat());
    assert!(has_hangul(&flag), "{flag}");
    assert!(flag.contains("PROTOCOL_ERROR"), "{flag}");
    for env in [
        [("LANG", "ko_KR.UTF-8")].as_slice(),
        &[("LC_MESSAGES", "ko_KR.UTF-8"), ("LANG", "en_US.UTF-8")],
        &[("LC_ALL", "ko_KR.UTF-8"), ("LANG", "C")],
    ] {
        assert_eq!(stdout_in(&args, env), flag, "{env:?}");
    }
    let english = stdout(&args);
    for env in [
        [("LANG", "en_US.UTF-8")].as_slice(),
        &[("LC_ALL", "C"), ("LANG", "ko_KR.UTF-8")],
    ] {
        assert_eq!(stdout_in(&args, env), english, "{env:?}");
    }
    // The flag wins over the locale.
    let en_flag = stdout_in(
        &[&args[..], &["--lang", "en"]].concat(),
        &[("LANG", "ko_KR.UTF-8")],
    );
    assert_eq!(en_flag, english);
}

#[test]
fn dissect_json_in_korean_keeps_the_shape() {
    let args = [
        "dissect",
        "hpack",
        "--json",
        "828684410f7777772e6578616d706c652e636f6d",
    ];
    let en: serde_json::Value = serde_json::from_str(&stdout(&args)).unwrap();
    let ko: serde_json::Value =
        serde_json::from_str(&stdout(&[&args[..], &["--lang", "ko"]].concat())).unwrap();
    let (en, ko) = (&en[0], &ko[0]);
    assert_eq!(en["bytes"], ko["bytes"]);
    assert_eq!(
        en["fields"].as_array().unwrap().len(),
        ko["fields"].as_array().unwrap().len()
    );
    let meaning = ko["fields"][0]["meaning"].as_str().unwrap();
    assert!(has_hangul(meaning), "{meaning}");
    assert_eq!(en["fields"][0]["name"], ko["fields"][0]["name"]);
    assert_eq!(en["fields"][0]["value"], ko["fields"][0]["value"]);
}

#[test]
fn accept_key_in_korean() {
    let korean = stdout(&["accept-key", "--lang", "ko", "dGhlIHNhbXBsZSBub25jZQ=="]);
    assert!(has_hangul(&korean), "{korean}");
    assert!(korean.contains("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="), "{korean}");
    assert!(
        korean.contains("258EAFA5-E914-47DA-95CA-C5AB0DC85B11"),
        "{korean}"
    );
}
