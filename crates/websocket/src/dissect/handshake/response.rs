//! The server's opening handshake response (RFC 6455 §4.2.2), line by line, with what a
//! client checks before it speaks WebSocket (RFC 6455 §4.1).

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use wire::{BitRange, Dissection, Field, Problem, Raw};

use super::{
    CLIENT_FAILS, RULE_CLIENT, finish, head_lines, header_fields, line_bits, line_raw,
    start_line_parts,
};
use crate::dissect::problem;

/// RFC 6455 §4.1: the status of a successful handshake response.
const SWITCHING_PROTOCOLS: &str = "101";
/// RFC 3174: a SHA-1 hash is 20 bytes.
const SHA1_LEN: usize = 20;

/// The server's opening handshake response (RFC 6455 §4.2.2), field per line, with what a
/// client checks (RFC 6455 §4.1). Without the request's key the accept value cannot be
/// recomputed here; its shape is checked (base64 of 20 bytes).
pub fn handshake_response(bytes: &[u8]) -> Dissection {
    let (lines, head_end) = head_lines(bytes);
    let mut fields = Vec::new();
    let mut loose: Vec<Problem> = Vec::new();
    let end_of_input = BitRange::bits(bytes.len() as u64 * 8, 0);

    let mut status_line = String::new();
    if let Some(first) = lines.first() {
        status_line = first.lossy();
        let parts = start_line_parts(first);
        let names = [
            (
                "HTTP version",
                "The server's HTTP version: HTTP/1.1 (RFC 9112 §4).",
            ),
            (
                "Status code",
                "101 means the server switches to WebSocket; any other status means the handshake failed (RFC 6455 §4.1, §4.2.2).",
            ),
            (
                "Reason phrase",
                "Text for people, ignored by clients (RFC 9112 §4).",
            ),
        ];
        let mut children: Vec<Field> = Vec::new();
        for ((offset, len, text), (name, meaning)) in parts.iter().zip(names) {
            let at = first.start + offset;
            let bits = BitRange::bytes(at, *len);
            let mut f = Field::new(
                name,
                bits,
                Raw::Bytes(bytes.get(at..at + len).unwrap_or_default().to_vec()),
                text.clone(),
                meaning,
            );
            if name == "Status code" && text != SWITCHING_PROTOCOLS {
                f = f.with_problem(problem(
                    RULE_CLIENT,
                    format!("the status is {text}, not 101: the server did not switch protocols"),
                    bits,
                    Some(format!(
                        "{CLIENT_FAILS}; a 3xx may be followed, a 401 answered with credentials"
                    )),
                ));
            }
            children.push(f);
        }
        fields.push(
            Field::new(
                "Status line",
                line_bits(first),
                Raw::Bytes(line_raw(first, bytes).to_vec()),
                status_line.clone(),
                "HTTP version, status code and reason phrase (RFC 9112 §4).",
            )
            .with_children(children),
        );
    }
    let header_lines = lines.get(1..).unwrap_or_default();
    let before = fields.len();
    header_fields(bytes, header_lines, true, &mut fields);

    // What a client checks (RFC 6455 §4.1, the numbered list after "the client MUST
    // validate the server's response as follows").
    let mut seen_upgrade = false;
    let mut seen_connection = false;
    let mut seen_accept = false;
    let mut header_count = 0;
    for f in fields.iter_mut().skip(before) {
        if f.name == "End of head" || f.name == "Not a header line" {
            continue;
        }
        header_count += 1;
        let tokens = || f.value.split(',').map(str::trim).collect::<Vec<_>>();
        let fault = if f.name.eq_ignore_ascii_case("Upgrade") {
            seen_upgrade = true;
            (!tokens().iter().any(|t| t.eq_ignore_ascii_case("websocket")))
                .then_some("Upgrade must be \"websocket\" (any case)")
        } else if f.name.eq_ignore_ascii_case("Connection") {
            seen_connection = true;
            (!tokens().iter().any(|t| t.eq_ignore_ascii_case("Upgrade")))
                .then_some("Connection must contain the token \"Upgrade\" (any case)")
        } else if f.name.eq_ignore_ascii_case("Sec-WebSocket-Accept") {
            seen_accept = true;
            (!BASE64
                .decode(f.value.trim())
                .is_ok_and(|h| h.len() == SHA1_LEN))
            .then_some("Sec-WebSocket-Accept must be base64 of a 20-byte SHA-1 hash")
        } else {
            None
        };
        if let Some(message) = fault {
            let at = f.bits;
            *f = f.clone().with_problem(problem(
                RULE_CLIENT,
                message,
                at,
                Some(CLIENT_FAILS.into()),
            ));
        }
    }
    let switching = status_line.split(' ').nth(1) == Some(SWITCHING_PROTOCOLS);
    if head_end.is_some() && switching {
        let at = BitRange::bytes(head_end.unwrap_or_default(), 0);
        for (seen, name) in [
            (seen_upgrade, "Upgrade"),
            (seen_connection, "Connection"),
            (seen_accept, "Sec-WebSocket-Accept"),
        ] {
            if !seen {
                loose.push(problem(
                    RULE_CLIENT,
                    format!("the response has no {name} header"),
                    at,
                    Some(CLIENT_FAILS.into()),
                ));
            }
        }
    }
    if head_end.is_none() {
        loose.push(problem(
            "RFC 9112 §2.1",
            "the head is incomplete: it ends with an empty line (CRLF CRLF), which has not arrived",
            end_of_input,
            Some("none yet: the client waits for the rest of the head".into()),
        ));
    }
    if let Some(end) = head_end
        && end < bytes.len()
    {
        let after = bytes.get(end..).unwrap_or_default();
        fields.push(Field::new(
            "After the head",
            BitRange::bytes(end, after.len()),
            Raw::Bytes(after.to_vec()),
            "",
            "WebSocket frames from the server: after a 101 the connection speaks RFC 6455 §5 (dissect them as frames).",
        ));
    }

    let summary = format!(
        "Opening handshake response: {}, {header_count} header field{}",
        if status_line.is_empty() {
            "(no status line)".to_string()
        } else {
            status_line
        },
        if header_count == 1 { "" } else { "s" },
    );
    finish(bytes, summary, fields, loose)
}
