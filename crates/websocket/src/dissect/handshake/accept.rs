//! The derivation of `Sec-WebSocket-Accept` (RFC 6455 §1.3, §4.2.2 item 5.4): the key as
//! sent, the GUID appended, SHA-1 (RFC 3174), base64 (RFC 4648 §4); and the key's nonce
//! decoded, which RFC 6455 §4.1 item 7 wants to be 16 random bytes.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use wire::{BitRange, Dissection, Field, Raw};

use super::{finish, header_meaning, hex_spaced};
use crate::dissect::problem;
use crate::handshake::{GUID, KEY_NONCE_LEN, accept_steps};

/// The key, base64-decoded: RFC 6455 §4.1 item 7 wants 16 random bytes.
pub(super) fn nonce_field(key: &str, at: BitRange) -> Field {
    let meaning = "The key is base64 of a 16-byte random nonce, new for every connection; only its text is hashed, never the decoded bytes (RFC 6455 §4.1).";
    let value = match BASE64.decode(key) {
        Ok(nonce) if nonce.len() == KEY_NONCE_LEN => {
            format!("{} bytes, as required: {}", nonce.len(), hex_spaced(&nonce))
        }
        Ok(nonce) => format!(
            "{} bytes, but the key must decode to {KEY_NONCE_LEN}",
            nonce.len()
        ),
        Err(e) => format!("not base64 ({e})"),
    };
    Field::new("Decoded nonce", at, Raw::None, value, meaning)
}

/// The derivation of `Sec-WebSocket-Accept` (RFC 6455 §4.2.2 item 5.4), as a field over
/// the key's bytes `at`.
pub(super) fn derivation_field(key: &str, at: BitRange) -> Field {
    let steps = accept_steps(key);
    Field::new(
        "Sec-WebSocket-Accept derivation",
        at,
        Raw::None,
        steps.accept.clone(),
        "How the server proves it read a WebSocket handshake: base64(SHA-1(key + GUID)) (RFC 6455 §1.3, §4.2.2).",
    )
    .with_children(vec![
        Field::new(
            "Key + GUID",
            at,
            Raw::None,
            steps.concatenated.clone(),
            format!("The key exactly as sent, then the fixed GUID {GUID} (RFC 6455 §1.3)."),
        ),
        Field::new(
            "SHA-1",
            at,
            Raw::None,
            hex_spaced(&steps.sha1),
            "The 20-byte SHA-1 hash of that string (RFC 3174).",
        ),
        Field::new(
            "Base64",
            at,
            Raw::None,
            steps.accept,
            "The hash in base64 (RFC 4648 §4): the value of Sec-WebSocket-Accept.",
        ),
    ])
}

/// The derivation of `Sec-WebSocket-Accept` from a key, step by step (RFC 6455 §1.3,
/// §4.2.2 item 5.4): key + GUID, SHA-1, base64. The dissected bytes are the key's.
pub fn accept_key_steps(key: &str) -> Dissection {
    let at = BitRange::bytes(0, key.len());
    let steps = accept_steps(key);
    let mut fields = vec![
        Field::new(
            "Sec-WebSocket-Key",
            at,
            Raw::Bytes(key.as_bytes().to_vec()),
            key,
            header_meaning("Sec-WebSocket-Key", false),
        )
        .with_children(vec![nonce_field(key, at)]),
    ];
    let mut derivation = derivation_field(key, at);
    fields.append(&mut derivation.children);
    let mut loose = Vec::new();
    if !BASE64.decode(key).is_ok_and(|n| n.len() == KEY_NONCE_LEN) {
        loose.push(problem(
            "RFC 6455 §4.2.1",
            format!("a Sec-WebSocket-Key must be base64 of {KEY_NONCE_LEN} bytes; a server refuses this one"),
            at,
            Some("400 Bad Request".into()),
        ));
    }
    let summary = format!("Sec-WebSocket-Accept for {key:?}: {}", steps.accept);
    finish(key.as_bytes(), summary, fields, loose)
}
