//! The opening handshake, line by line (RFC 6455 §1.3, §4.1, §4.2).
//!
//! The handshake is plain HTTP/1.1 text, so its dissection is one field per line, each
//! covering that line's exact bytes (its CRLF included), in the order they travelled. The
//! RFC's example request (§1.3):
//!
//! ```text
//! GET /chat HTTP/1.1                                 request line: method, target, version
//! Host: server.example.com                           one field per header line
//! Upgrade: websocket
//! Connection: Upgrade
//! Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==
//! Origin: http://example.com
//! Sec-WebSocket-Protocol: chat, superchat
//! Sec-WebSocket-Version: 13
//!                                                    the empty line ends the head
//! ```
//!
//! The lines are split leniently by the `http1` crate ([`http1::lines`]: a bare LF is
//! accepted, a line without a colon is shown as it is) so that any bytes can be explained.
//! This module holds what the request and the response share: one field per header line,
//! and each header's sentence of meaning — what RFC 6455 requires of it when the handshake
//! uses it, else the `http1` crate's one table of header meanings. Then, one file a step:
//!
//! - [`request`]: the client's request, with the *verdict* of
//!   [`crate::handshake::validate_request`] — the same code the server runs, so the
//!   dissection cannot disagree with the server — and the accept derivation for its key;
//! - [`response`]: the server's `101 Switching Protocols`, with what a client checks (§4.1,
//!   the list after "the client MUST validate the server's response");
//! - [`accept`]: the derivation of `Sec-WebSocket-Accept` from the key (§4.2.2 item 5.4),
//!   also alone, for `wiretrail accept-key`.

mod accept;
mod request;
mod response;

pub use accept::accept_key_steps;
pub use request::{handshake_request, handshake_request_for};
pub use response::handshake_response;

use http1::lines::{Ending, Line, lines};
use wire::{BitRange, Dissection, Field, Problem, Raw};

use super::PROTOCOL;

/// RFC 9112 §3, §4: the parts of the start line are separated by single spaces.
const SP: u8 = b' ';
/// What a client does with a response that breaks §4.1 (RFC 6455 §7.1.7).
const CLIENT_FAILS: &str =
    "the client fails the WebSocket connection (closes the TCP connection; no frames)";
/// The rule for everything a client checks in the response.
const RULE_CLIENT: &str = "RFC 6455 §4.1";
/// What the handshake says of a header it does not use and the table does not know.
const ORDINARY: &str =
    "An ordinary HTTP header; the WebSocket handshake does not use it (RFC 6455 §4.1).";

/// A line's bits, its ending included.
fn line_bits(line: &Line<'_>) -> BitRange {
    BitRange::bytes(line.start, line.len())
}

/// A line's bytes, its ending included.
fn line_raw<'b>(line: &Line<'_>, input: &'b [u8]) -> &'b [u8] {
    input.get(line.range()).unwrap_or_default()
}

/// The head's lines, up to and including the empty line that ends it, and where the head
/// ends (just after that line), if it does.
fn head_lines(input: &[u8]) -> (Vec<Line<'_>>, Option<usize>) {
    let mut head = Vec::new();
    for line in lines(input) {
        let end = line.range().end;
        let blank = line.is_blank();
        head.push(line);
        if blank {
            return (head, Some(end));
        }
    }
    (head, None)
}

/// The parts of a start line split at single spaces: `(start, byte length, text)` for up
/// to three parts, the last taking the rest of the line (a reason phrase may contain
/// spaces). The length counts the bytes, not the text, which replaces invalid UTF-8.
fn start_line_parts(line: &Line<'_>) -> Vec<(usize, usize, String)> {
    let mut parts = Vec::new();
    let mut from = 0;
    for _ in 0..2 {
        let rest = line.text.get(from..).unwrap_or_default();
        let Some(sp) = rest.iter().position(|&b| b == SP) else {
            break;
        };
        let part = rest.get(..sp).unwrap_or_default();
        parts.push((from, part.len(), String::from_utf8_lossy(part).into_owned()));
        from += sp + 1;
    }
    let rest = line.text.get(from..).unwrap_or_default();
    parts.push((from, rest.len(), String::from_utf8_lossy(rest).into_owned()));
    parts
}

/// A header line as `(name, value, where the value starts in the input)`, or `None` without
/// a colon.
fn header_parts<'a>(line: &Line<'_>, input: &'a [u8]) -> Option<(&'a [u8], &'a [u8], usize)> {
    let parts = line.field()?;
    let name = input.get(parts.name)?;
    let value = input.get(parts.value.clone())?;
    Some((name, value, parts.value.start))
}

/// The fields of a header section: one per line, and the empty line that ends it.
fn header_fields(input: &[u8], lines: &[Line<'_>], response: bool, fields: &mut Vec<Field>) {
    for line in lines {
        let raw = Raw::Bytes(line_raw(line, input).to_vec());
        if line.is_blank() {
            fields.push(Field::new(
                "End of head",
                line_bits(line),
                raw,
                if line.ending == Ending::Crlf { "\\r\\n" } else { "\\n" },
                "An empty line ends the header section; the bytes after it belong to the WebSocket connection (RFC 9112 §2.1).",
            ));
            continue;
        }
        let Some((name, value, value_at)) = header_parts(line, input) else {
            fields.push(Field::new(
                "Not a header line",
                line_bits(line),
                raw,
                line.lossy(),
                if line.ending.is_empty() {
                    "The head stops here, in the middle of a line: the rest has not arrived."
                } else {
                    "A header line is `name: value`; this one has no colon (RFC 9112 §5)."
                },
            ));
            continue;
        };
        let name = String::from_utf8_lossy(name).into_owned();
        let mut value_text = String::from_utf8_lossy(value).into_owned();
        if line.ending.is_empty() {
            value_text.push_str(" (cut off: the rest of the line has not arrived)");
        }
        let mut field = Field::new(
            name.clone(),
            line_bits(line),
            raw,
            value_text.clone(),
            header_meaning(&name, response),
        );
        if !response && name.eq_ignore_ascii_case("Sec-WebSocket-Key") {
            field = field.with_children(vec![accept::nonce_field(
                &String::from_utf8_lossy(value),
                BitRange::bytes(value_at, value.len()),
            )]);
        }
        fields.push(field);
    }
}

/// One sentence on a header, for the request (`response == false`) or the response: what
/// RFC 6455 requires of it when the handshake uses it, else the `http1` table's meaning.
fn header_meaning(name: &str, response: bool) -> &'static str {
    handshake_rule(name, response)
        .or_else(|| http1::header_meaning(name))
        .unwrap_or(ORDINARY)
}

/// What the handshake requires of the headers it uses, where the requirement says more than
/// the header's general meaning (or differs between request and response).
fn handshake_rule(name: &str, response: bool) -> Option<&'static str> {
    let name = name.to_ascii_lowercase();
    Some(match (name.as_str(), response) {
        ("host", _) => {
            "The host (and port) the client addressed; required in every HTTP/1.1 request (RFC 6455 §4.1 item 4, RFC 9112 §3.2)."
        }
        ("upgrade", false) => {
            "MUST contain \"websocket\" (any case): the protocol the client asks to switch to (RFC 6455 §4.1 item 5)."
        }
        ("upgrade", true) => {
            "MUST be \"websocket\" (any case): the server agrees to switch (RFC 6455 §4.1, §4.2.2)."
        }
        ("connection", false) => {
            "MUST contain \"Upgrade\": marks Upgrade as meant for this hop, so proxies do not forward it blindly (RFC 6455 §4.1 item 6)."
        }
        ("connection", true) => "MUST contain \"Upgrade\" (any case) (RFC 6455 §4.1, §4.2.2).",
        ("sec-websocket-version", false) => {
            "MUST be 13, the version RFC 6455 defines; a server that does not speak it answers 426 with the versions it does (RFC 6455 §4.1 item 9, §4.4)."
        }
        ("sec-websocket-version", true) => {
            "The versions the server speaks, sent with 426 Upgrade Required when the client's was refused (RFC 6455 §4.4)."
        }
        ("origin", _) => {
            "The origin of the page that opened the socket, sent by browsers; a server refuses origins it does not trust with 403 (RFC 6455 §4.1 item 8, §10.2)."
        }
        ("sec-websocket-protocol", false) => {
            "The subprotocols the client speaks, in order of preference; the server picks at most one and names it in its response (RFC 6455 §4.1 item 10, §1.9)."
        }
        ("sec-websocket-protocol", true) => {
            "The one subprotocol the server chose from the client's list; the client fails the connection if it offered no such thing (RFC 6455 §4.1, §4.2.2)."
        }
        ("sec-websocket-extensions", false) => {
            "The extensions the client offers, e.g. permessage-deflate (RFC 7692); this server declines them all, so every payload byte stays readable and RSV bits stay 0 (RFC 6455 §4.1 item 11, §9)."
        }
        ("sec-websocket-extensions", true) => {
            "The extensions the server accepted, from those the client offered (RFC 6455 §9.1); wiretrail's server never sends it."
        }
        _ => return None,
    })
}

/// Puts the dissection together, problems in input order. A handshake has no fixed bit
/// layout, so there is no diagram (`header_bits` stays 0).
fn finish(bytes: &[u8], summary: String, fields: Vec<Field>, loose: Vec<Problem>) -> Dissection {
    let mut d = Dissection::new(PROTOCOL, summary, bytes.to_vec());
    for f in fields {
        d.push(f);
    }
    for p in loose {
        d.problem(p);
    }
    d.problems.sort_by_key(|p| p.at.start);
    match d.problems.len() {
        0 => {}
        1 => d.summary.push_str(" [1 problem]"),
        n => d.summary.push_str(&format!(" [{n} problems]")),
    }
    d
}

/// `b3 7a 4f …`: bytes as spaced lowercase hex.
fn hex_spaced(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<Vec<_>>()
        .join(" ")
}
