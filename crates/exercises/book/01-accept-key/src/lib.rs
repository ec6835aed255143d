//! Exercise 01: compute Sec-WebSocket-Accept (RFC 6455 §4.2.2 item 5.4).
//!
//! Read TASK.md first. Run `cargo test -p ex01-accept-key` (or `wiretrail exercises check
//! 01-accept-key`) and read the diff: `-` lines are what the protocol requires, `+` lines are
//! what your code produced.

/// RFC 6455 §1.3: the GUID every server appends to the client's key. Given: it is part of
/// the protocol, not something to work out.
pub const GUID: &str = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

/// Step 1: the key exactly as the client sent it, followed by the GUID.
pub fn concatenate(key: &str) -> String {
    // TODO: return the key followed by GUID, with nothing in between.
    //       Do not decode the key from base64: the RFC concatenates the text.
    let _ = key; // delete this line once you use `key`
    todo!("step 1: key + GUID")
}

/// Step 2: the 20-byte SHA-1 digest of `data`.
pub fn sha1_digest(data: &[u8]) -> [u8; 20] {
    // TODO: hash `data` with the `sha1` crate (already in Cargo.toml):
    //       `use sha1::{Digest, Sha1};` then `Sha1::digest(data)`, and turn the result into
    //       a `[u8; 20]` (it implements `Into<[u8; 20]>`).
    let _ = data; // delete this line once you use `data`
    todo!("step 2: SHA-1")
}

/// Step 3: the value of the server's `Sec-WebSocket-Accept` header.
pub fn accept_key(key: &str) -> String {
    // TODO: put steps 1 and 2 together and encode the 20 bytes in standard base64 (with
    //       `=` padding) using the `base64` crate:
    //       `use base64::Engine;` and `base64::engine::general_purpose::STANDARD.encode(..)`.
    let _ = key; // delete this line once you use `key`
    todo!("step 3: base64 of the SHA-1 of key + GUID")
}
