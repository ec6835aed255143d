//! Dissectors: RFC 6455 bytes explained field by field, as [`wire::Dissection`]s.
//!
//! The codec ([`crate::frame`], [`crate::handshake`]) answers "is this valid, and what does
//! it say?". A dissector answers "what is every bit of this, and which rule does it break?".
//! So a dissector is *lenient*: it never fails and never panics, it describes as much as the
//! bytes allow, and it turns every broken rule into a [`wire::Problem`] carrying the RFC
//! section and the answer a conforming peer gives (`close 1002 (Protocol Error)`,
//! `400 Bad Request`). Broken bytes are the best lesson.
//!
//! - [`frames`] / [`frame`]: data and control frames (RFC 6455 §5), with the exact bit range
//!   of every header field, the payload unmasked, and Close and text payloads decoded;
//!   [`frames_within`] stops at a [`wire::Budget`] (the server's API, the command line).
//! - [`handshake_request`] / [`handshake_response`]: the opening handshake (RFC 6455 §4) as
//!   the exact bytes that travelled, one field per line, with the server's verdict.
//! - [`accept_key_steps`]: how `Sec-WebSocket-Accept` is derived from the key (§4.2.2).
//!
//! Render any of them with [`wire::render::tree`], [`wire::render::diagram`] or
//! [`wire::render::json`].
//!
//! Reading order: `header.rs` (the header's fields), `frame.rs` (a frame put together),
//! `payload.rs`, then `handshake/` (request, response, accept).

mod frame;
mod handshake;
mod header;
mod payload;

pub use frame::{frame, frame_excerpt, frames, frames_within};
pub use handshake::{
    accept_key_steps, handshake_request, handshake_request_for, handshake_response,
};

use wire::{BitRange, Problem};

use crate::close::CloseCode;

/// The protocol name every WebSocket dissection carries.
const PROTOCOL: &str = "WebSocket";

/// How many characters of text a summary quotes.
const SUMMARY_CHARS: usize = 40;
/// How many characters of text a field's value quotes.
const VALUE_CHARS: usize = 200;

/// What a receiver does with input that simply is not all here yet.
const WAIT: &str = "none yet: a receiver waits for the rest of the bytes";

/// A problem found at `at`.
fn problem(
    rule: &str,
    message: impl Into<String>,
    at: BitRange,
    answer: Option<String>,
) -> Problem {
    Problem {
        rule: rule.to_string(),
        message: message.into(),
        at,
        answer,
    }
}

/// `close 1002 (Protocol Error)`: failing the connection with `code` (RFC 6455 §7.1.7).
fn close_answer(code: CloseCode) -> String {
    format!("close {} ({})", code.as_u16(), code.name())
}

/// `"Hello"` for text (escaped, and cut after `max` characters with `…`).
fn quoted(text: &str, max: usize) -> String {
    let mut shown: String = text.chars().take(max).collect();
    if shown.len() < text.len() {
        shown.push('…');
    }
    format!("{shown:?}")
}

/// `1 byte`, `5 bytes`.
fn bytes_count(n: impl Into<u64>) -> String {
    match n.into() {
        1 => "1 byte".to_string(),
        n => format!("{n} bytes"),
    }
}

/// `1 is` / `3 are`: for "the key needs 4 bytes; 2 are here".
fn are_here(n: usize) -> String {
    if n == 1 {
        "1 is here".to_string()
    } else {
        format!("{n} are here")
    }
}

#[cfg(test)]
mod tests;
