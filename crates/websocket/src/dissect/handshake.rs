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
//! Walk-through of [`handshake_request`]: the lines are split leniently (a bare LF is
//! accepted, a line without a colon is shown as it is) so that any bytes can be explained;
//! every header the handshake uses gets a sentence of meaning. The *verdict* is not
//! re-implemented here: it is [`crate::handshake::validate_request`]'s, the same code the
//! server runs, so the dissection cannot disagree with the server. Last comes the derivation
//! of `Sec-WebSocket-Accept` from the key (§4.2.2 item 5.4), step by step.
//!
//! [`handshake_response`] does the same for the server's `101 Switching Protocols` and
//! checks what a client checks (§4.1, the list after "the client MUST validate the server's
//! response"). [`accept_key_steps`] is the derivation alone, for `wiretrail accept-key`.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use wire::{BitRange, Dissection, Field, Problem, Raw};

use super::{PROTOCOL, problem};
use crate::handshake::{GUID, KEY_NONCE_LEN, accept_steps, parse_request_head, validate_request};

/// RFC 9112 §2.2: a line ends with CR LF.
const CRLF: &[u8] = b"\r\n";
/// RFC 9112 §2.2: "a recipient MAY recognize a single LF as a line terminator".
const LF: u8 = b'\n';
/// RFC 9112 §5: a header line is `name ":" OWS value OWS`.
const COLON: u8 = b':';
/// RFC 9112 §3, §4: the parts of the start line are separated by single spaces.
const SP: u8 = b' ';
/// RFC 6455 §4.1: the status of a successful handshake response.
const SWITCHING_PROTOCOLS: &str = "101";
/// What a client does with a response that breaks §4.1 (RFC 6455 §7.1.7).
const CLIENT_FAILS: &str =
    "the client fails the WebSocket connection (closes the TCP connection; no frames)";
/// The rule for everything a client checks in the response.
const RULE_CLIENT: &str = "RFC 6455 §4.1";

/// One line of the head: where it starts, its text without the line ending, and the length
/// of that ending (2 for CRLF, 1 for a bare LF, 0 when the input stops mid-line).
#[derive(Debug)]
struct Line<'a> {
    start: usize,
    text: &'a [u8],
    ending: usize,
}

impl Line<'_> {
    fn bits(&self) -> BitRange {
        BitRange::bytes(self.start, self.text.len() + self.ending)
    }

    /// The line's bytes, ending included.
    fn raw<'b>(&self, input: &'b [u8]) -> &'b [u8] {
        input
            .get(self.start..self.start + self.text.len() + self.ending)
            .unwrap_or_default()
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(self.text).into_owned()
    }
}

/// The head split into lines, and where the head ends (just after the empty line), if it
/// does.
fn split_head(input: &[u8]) -> (Vec<Line<'_>>, Option<usize>) {
    let mut lines = Vec::new();
    let mut pos = 0;
    while pos < input.len() {
        let rest = input.get(pos..).unwrap_or_default();
        let Some(nl) = rest.iter().position(|&b| b == LF) else {
            lines.push(Line {
                start: pos,
                text: rest,
                ending: 0,
            });
            return (lines, None);
        };
        let with_cr = rest.get(..nl).unwrap_or_default();
        let (text, ending) = match with_cr.strip_suffix(b"\r") {
            Some(text) => (text, CRLF.len()),
            None => (with_cr, 1),
        };
        lines.push(Line {
            start: pos,
            text,
            ending,
        });
        pos += nl + 1;
        if text.is_empty() {
            return (lines, Some(pos));
        }
    }
    (lines, None)
}

/// The parts of a start line split at single spaces: `(start, text)` for up to three parts,
/// the last taking the rest of the line (a reason phrase may contain spaces).
fn start_line_parts(line: &Line<'_>) -> Vec<(usize, String)> {
    let mut parts = Vec::new();
    let mut from = 0;
    for _ in 0..2 {
        let rest = line.text.get(from..).unwrap_or_default();
        let Some(sp) = rest.iter().position(|&b| b == SP) else {
            break;
        };
        parts.push((
            from,
            String::from_utf8_lossy(rest.get(..sp).unwrap_or_default()).into_owned(),
        ));
        from += sp + 1;
    }
    let rest = line.text.get(from..).unwrap_or_default();
    parts.push((from, String::from_utf8_lossy(rest).into_owned()));
    parts
}

/// A header line as `(name, value, value's offset in the line)`, or `None` without a colon.
fn header_parts<'a>(line: &Line<'a>) -> Option<(&'a [u8], &'a [u8], usize)> {
    let colon = line.text.iter().position(|&b| b == COLON)?;
    let name = line.text.get(..colon)?;
    let after = line.text.get(colon + 1..)?;
    let lead = after.len() - after.trim_ascii_start().len();
    Some((name, after.trim_ascii(), colon + 1 + lead))
}

/// The fields of a header section: one per line, and the empty line that ends it.
fn header_fields(input: &[u8], lines: &[Line<'_>], response: bool, fields: &mut Vec<Field>) {
    for line in lines {
        let raw = Raw::Bytes(line.raw(input).to_vec());
        if line.text.is_empty() && line.ending > 0 {
            fields.push(Field::new(
                "End of head",
                line.bits(),
                raw,
                if line.ending == CRLF.len() { "\\r\\n" } else { "\\n" },
                "An empty line ends the header section; the bytes after it belong to the WebSocket connection (RFC 9112 §2.1).",
            ));
            continue;
        }
        let Some((name, value, value_at)) = header_parts(line) else {
            fields.push(Field::new(
                "Not a header line",
                line.bits(),
                raw,
                line.text(),
                if line.ending == 0 {
                    "The head stops here, in the middle of a line: the rest has not arrived."
                } else {
                    "A header line is `name: value`; this one has no colon (RFC 9112 §5)."
                },
            ));
            continue;
        };
        let name = String::from_utf8_lossy(name).into_owned();
        let mut value_text = String::from_utf8_lossy(value).into_owned();
        if line.ending == 0 {
            value_text.push_str(" (cut off: the rest of the line has not arrived)");
        }
        let mut field = Field::new(
            name.clone(),
            line.bits(),
            raw,
            value_text.clone(),
            header_meaning(&name, response),
        );
        if !response && name.eq_ignore_ascii_case("Sec-WebSocket-Key") {
            field = field.with_children(vec![nonce_field(
                &String::from_utf8_lossy(value),
                BitRange::bytes(line.start + value_at, value.len()),
            )]);
        }
        fields.push(field);
    }
}

/// The key, base64-decoded: RFC 6455 §4.1 item 7 wants 16 random bytes.
fn nonce_field(key: &str, at: BitRange) -> Field {
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
fn derivation_field(key: &str, at: BitRange) -> Field {
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

/// The opening handshake request (RFC 6455 §4.1), field per line, with the verdict of a
/// server that speaks no subprotocol.
pub fn handshake_request(bytes: &[u8]) -> Dissection {
    handshake_request_for(bytes, &[])
}

/// The opening handshake request, with the verdict of a server that speaks
/// `supported_protocols` (so the verdict names the subprotocol it would choose).
pub fn handshake_request_for(bytes: &[u8], supported_protocols: &[&str]) -> Dissection {
    let (lines, head_end) = split_head(bytes);
    let mut fields = Vec::new();
    let mut loose: Vec<Problem> = Vec::new();

    let mut request_line = String::new();
    if let Some(first) = lines.first() {
        request_line = first.text();
        let parts = start_line_parts(first);
        let names = [
            ("Method", "The method MUST be GET (RFC 6455 §4.1 item 2)."),
            (
                "Request target",
                "The resource asked for: the WebSocket endpoint's path and query (RFC 6455 §3, §4.1 item 3).",
            ),
            (
                "HTTP version",
                "MUST be HTTP/1.1 or later: the handshake is an HTTP/1.1 Upgrade (RFC 6455 §4.1 item 2).",
            ),
        ];
        let children = parts
            .iter()
            .zip(names)
            .map(|((offset, text), (name, meaning))| {
                let at = first.start + offset;
                Field::new(
                    name,
                    BitRange::bytes(at, text.len()),
                    Raw::Bytes(bytes.get(at..at + text.len()).unwrap_or_default().to_vec()),
                    text.clone(),
                    meaning,
                )
            })
            .collect();
        fields.push(
            Field::new(
                "Request line",
                first.bits(),
                Raw::Bytes(first.raw(bytes).to_vec()),
                request_line.clone(),
                "Method, request target and HTTP version, separated by single spaces (RFC 9112 §3).",
            )
            .with_children(children),
        );
    }
    let header_lines = lines.get(1..).unwrap_or_default();
    header_fields(bytes, header_lines, false, &mut fields);
    let header_count = header_lines
        .iter()
        .filter(|l| !l.text.is_empty() && header_parts(l).is_some())
        .count();

    // The accept derivation, from the (first) key.
    let key = header_lines.iter().find_map(|l| {
        let (name, value, at) = header_parts(l)?;
        name.eq_ignore_ascii_case(b"Sec-WebSocket-Key").then(|| {
            (
                String::from_utf8_lossy(value).into_owned(),
                BitRange::bytes(l.start + at, value.len()),
            )
        })
    });
    if let Some((key, at)) = &key {
        fields.push(derivation_field(key, *at));
    }

    // The verdict: the server's own validation.
    let head_len = head_end.unwrap_or(bytes.len());
    let head_at = BitRange::bytes(0, head_len);
    let end_of_input = BitRange::bits(bytes.len() as u64 * 8, 0);
    let verdict_meaning = "What this server answers, decided by the same validation it runs on every handshake (RFC 6455 §4.2.1, §4.2.2).";
    // A refused handshake: the status the server answers, and the rule behind it.
    let refused = |e: &crate::handshake::HandshakeError| {
        let answer = format!("{} {}", e.status(), e.reason_phrase());
        let field = Field::new(
            "Verdict",
            head_at,
            Raw::None,
            format!("{answer}: {e}"),
            verdict_meaning,
        )
        .with_problem(problem(
            e.rule(),
            e.to_string(),
            head_at,
            Some(answer.clone()),
        ));
        (field, answer)
    };
    let (verdict, answer) = match parse_request_head(bytes) {
        Ok(Some((head, _))) => match validate_request(&head, supported_protocols) {
            Ok(accepted) => {
                let mut v = "101 Switching Protocols: a valid opening handshake".to_string();
                match &accepted.protocol {
                    Some(p) => v.push_str(&format!(
                        "; subprotocol \"{p}\" chosen, the first offered that is spoken here"
                    )),
                    None if !accepted.offered_protocols.is_empty() => {
                        v.push_str("; no offered subprotocol is spoken here, so none is chosen");
                    }
                    None => {}
                }
                if !accepted.offered_extensions.is_empty() {
                    v.push_str("; the extensions offered are declined");
                }
                (
                    Field::new("Verdict", head_at, Raw::None, v, verdict_meaning),
                    "101 Switching Protocols".to_string(),
                )
            }
            Err(e) => refused(&e),
        },
        Ok(None) => {
            loose.push(problem(
                "RFC 9112 §2.1",
                "the head is incomplete: it ends with an empty line (CRLF CRLF), which has not arrived",
                end_of_input,
                Some("none yet: the server waits for the rest of the head (until its handshake timeout)".into()),
            ));
            (
                Field::new(
                    "Verdict",
                    head_at,
                    Raw::None,
                    "none yet: the head is incomplete",
                    verdict_meaning,
                ),
                "no answer yet".to_string(),
            )
        }
        Err(e) => refused(&e),
    };
    fields.push(verdict);

    if let Some(end) = head_end
        && end < bytes.len()
    {
        let after = bytes.get(end..).unwrap_or_default();
        let at = BitRange::bytes(end, after.len());
        fields.push(
            Field::new(
                "After the head",
                at,
                Raw::Bytes(after.to_vec()),
                "",
                "Bytes sent before the server's response arrived.",
            )
            .with_problem(problem(
                RULE_CLIENT,
                format!(
                    "{} follow the head, but a client MUST wait for the server's response before sending any further data",
                    super::bytes_count(after.len() as u64)
                ),
                at,
                None,
            )),
        );
    }

    let summary = format!(
        "Opening handshake request: {}, {} header field{} → {answer}",
        if request_line.is_empty() {
            "(no request line)".to_string()
        } else {
            request_line
        },
        header_count,
        if header_count == 1 { "" } else { "s" },
    );
    finish(bytes, summary, fields, loose)
}

/// The server's opening handshake response (RFC 6455 §4.2.2), field per line, with what a
/// client checks (RFC 6455 §4.1). Without the request's key the accept value cannot be
/// recomputed here; its shape is checked (base64 of 20 bytes).
pub fn handshake_response(bytes: &[u8]) -> Dissection {
    let (lines, head_end) = split_head(bytes);
    let mut fields = Vec::new();
    let mut loose: Vec<Problem> = Vec::new();
    let end_of_input = BitRange::bits(bytes.len() as u64 * 8, 0);

    let mut status_line = String::new();
    if let Some(first) = lines.first() {
        status_line = first.text();
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
        for ((offset, text), (name, meaning)) in parts.iter().zip(names) {
            let at = first.start + offset;
            let bits = BitRange::bytes(at, text.len());
            let mut f = Field::new(
                name,
                bits,
                Raw::Bytes(bytes.get(at..at + text.len()).unwrap_or_default().to_vec()),
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
                first.bits(),
                Raw::Bytes(first.raw(bytes).to_vec()),
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

/// RFC 3174: a SHA-1 hash is 20 bytes.
const SHA1_LEN: usize = 20;

/// One sentence on a header, for the request (`response == false`) or the response.
fn header_meaning(name: &str, response: bool) -> &'static str {
    let name = name.to_ascii_lowercase();
    match (name.as_str(), response) {
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
        ("sec-websocket-key", _) => {
            "A random 16-byte nonce in base64, new for every connection; the server hashes it into Sec-WebSocket-Accept to prove it understood the request (RFC 6455 §4.1 item 7)."
        }
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
        ("sec-websocket-accept", _) => {
            "base64(SHA-1(the client's key + the GUID)): proves the server read a WebSocket handshake; the client checks it (RFC 6455 §4.1, §4.2.2)."
        }
        ("user-agent", _) => {
            "The client software (RFC 9110 §10.1.5); no part of the WebSocket handshake."
        }
        _ => "An ordinary HTTP header; the WebSocket handshake does not use it (RFC 6455 §4.1).",
    }
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
