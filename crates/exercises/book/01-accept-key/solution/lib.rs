//! Exercise 01, reference solution: Sec-WebSocket-Accept (RFC 6455 §4.2.2 item 5.4).

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use sha1::{Digest, Sha1};

/// RFC 6455 §1.3: the GUID every server appends to the client's key.
pub const GUID: &str = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

/// Step 1: the key exactly as the client sent it, followed by the GUID.
pub fn concatenate(key: &str) -> String {
    format!("{key}{GUID}")
}

/// Step 2: the 20-byte SHA-1 digest of `data`.
pub fn sha1_digest(data: &[u8]) -> [u8; 20] {
    Sha1::digest(data).into()
}

/// Step 3: the value of the server's `Sec-WebSocket-Accept` header.
pub fn accept_key(key: &str) -> String {
    STANDARD.encode(sha1_digest(concatenate(key).as_bytes()))
}
