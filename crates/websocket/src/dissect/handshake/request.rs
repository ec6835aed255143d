//! The client's opening handshake request (RFC 6455 §4.1), line by line, with the verdict
//! of the server's own validation (§4.2.1, §4.2.2) and the accept derivation for its key.

use wire::{BitRange, Dissection, Field, Problem, Raw};

use super::{
    RULE_CLIENT, accept, finish, head_lines, header_fields, header_parts, line_bits, line_raw,
    start_line_parts,
};
use crate::dissect::problem;
use crate::handshake::{parse_request_head, validate_request};

/// The opening handshake request (RFC 6455 §4.1), field per line, with the verdict of a
/// server that speaks no subprotocol.
pub fn handshake_request(bytes: &[u8]) -> Dissection {
    handshake_request_for(bytes, &[])
}

/// The opening handshake request, with the verdict of a server that speaks
/// `supported_protocols` (so the verdict names the subprotocol it would choose).
pub fn handshake_request_for(bytes: &[u8], supported_protocols: &[&str]) -> Dissection {
    let (lines, head_end) = head_lines(bytes);
    let mut fields = Vec::new();
    let mut loose: Vec<Problem> = Vec::new();

    let mut request_line = String::new();
    if let Some(first) = lines.first() {
        request_line = first.lossy();
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
            .map(|((offset, len, text), (name, meaning))| {
                let at = first.start + offset;
                Field::new(
                    name,
                    BitRange::bytes(at, *len),
                    Raw::Bytes(bytes.get(at..at + len).unwrap_or_default().to_vec()),
                    text.clone(),
                    meaning,
                )
            })
            .collect();
        fields.push(
            Field::new(
                "Request line",
                line_bits(first),
                Raw::Bytes(line_raw(first, bytes).to_vec()),
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
        .filter(|l| !l.text.is_empty() && header_parts(l, bytes).is_some())
        .count();

    // The accept derivation, from the (first) key.
    let key = header_lines.iter().find_map(|l| {
        let (name, value, at) = header_parts(l, bytes)?;
        name.eq_ignore_ascii_case(b"Sec-WebSocket-Key").then(|| {
            (
                String::from_utf8_lossy(value).into_owned(),
                BitRange::bytes(at, value.len()),
            )
        })
    });
    if let Some((key, at)) = &key {
        fields.push(accept::derivation_field(key, *at));
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
                    crate::dissect::bytes_count(after.len() as u64)
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
