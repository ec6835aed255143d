//! The start line of a head (RFC 9112 §3, §4): a request line's method, target and version,
//! or a status line's version, code and reason, each part a child field with its meaning and
//! the rule it breaks, if any.

use wire::{BitRange, Dissection, Field, Raw};

use super::{BAD_REQUEST, Kind, bytes_at, ending_field, is_tchar, problem, text};
use crate::lines::Line;

const REQUEST_PARTS: [(&str, &str); 3] = [
    (
        "Method",
        "What the client asks the server to do: GET retrieves, POST submits (RFC 9110 §9).",
    ),
    (
        "Request target",
        "Which resource: a path and query in origin-form, e.g. /index.html (RFC 9112 §3.2).",
    ),
    (
        "HTTP version",
        "The protocol version the client speaks (RFC 9112 §2.3).",
    ),
];

const RESPONSE_PARTS: [(&str, &str); 3] = [
    (
        "HTTP version",
        "The protocol version the server speaks (RFC 9112 §2.3).",
    ),
    (
        "Status code",
        "Three digits: the first says the class — 1xx informational, 2xx success, 3xx redirection, 4xx client error, 5xx server error (RFC 9110 §15).",
    ),
    (
        "Reason phrase",
        "Words for people, which clients ignore (RFC 9112 §4).",
    ),
];

/// True for `HTTP/DIGIT.DIGIT` (RFC 9112 §2.3).
fn is_version(v: &[u8]) -> bool {
    matches!(v, [b'H', b'T', b'T', b'P', b'/', major, b'.', minor]
        if major.is_ascii_digit() && minor.is_ascii_digit())
}

/// The start line: its parts as children, its problems. Returns its text.
pub(super) fn start_line(line: &Line<'_>, kind: Kind, d: &mut Dissection) -> String {
    let at = line.start;
    // A request line splits at every space (extra parts are flagged); a reason phrase may
    // contain spaces, so a status line splits at the first two only.
    let parts: Vec<&[u8]> = match kind {
        Kind::Request => line.text.split(|b| *b == b' ').collect(),
        Kind::Response => line.text.splitn(3, |b| *b == b' ').collect(),
    };
    let names = match kind {
        Kind::Request => REQUEST_PARTS,
        Kind::Response => RESPONSE_PARTS,
    };
    let mut children = Vec::new();
    let mut pos = at;
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            children.push(Field::new(
                "SP",
                BitRange::bytes(pos, 1),
                Raw::Bytes(vec![b' ']),
                "' ' (20)",
                match kind {
                    Kind::Request => "One space separates the parts of the request line.",
                    Kind::Response => "One space separates the parts of the status line.",
                },
            ));
            pos += 1;
        }
        let (name, meaning) = names
            .get(i)
            .copied()
            .unwrap_or(("Extra", "Bytes after the HTTP version."));
        children.push(Field::new(
            name,
            BitRange::bytes(pos, part.len()),
            Raw::Bytes(part.to_vec()),
            text(part),
            meaning,
        ));
        pos += part.len();
    }
    let whole = BitRange::bytes(at, line.text.len());
    let mut problems = Vec::new();
    match kind {
        Kind::Request if parts.len() != 3 || parts.iter().any(|p| p.is_empty()) => {
            problems.push(problem(
                "RFC 9112 §3",
                "a request line is method SP request-target SP HTTP-version, with single spaces",
                whole,
                Some(BAD_REQUEST),
            ));
        }
        Kind::Request => {
            let method = parts.first().copied().unwrap_or_default();
            if !method.iter().all(|b| is_tchar(*b)) {
                problems.push(problem(
                    "RFC 9110 §9.1",
                    "the method is not a token",
                    BitRange::bytes(at, method.len()),
                    Some(BAD_REQUEST),
                ));
            }
            let v = parts.get(2).copied().unwrap_or_default();
            if !is_version(v) {
                problems.push(problem(
                    "RFC 9112 §2.3",
                    "the HTTP version is not HTTP/DIGIT.DIGIT",
                    BitRange::bytes(at + line.text.len() - v.len(), v.len()),
                    Some(BAD_REQUEST),
                ));
            }
        }
        Kind::Response => {
            let v = parts.first().copied().unwrap_or_default();
            if !is_version(v) {
                problems.push(problem(
                    "RFC 9112 §2.3",
                    "the HTTP version is not HTTP/DIGIT.DIGIT",
                    BitRange::bytes(at, v.len()),
                    None,
                ));
            }
            let status = parts.get(1).copied().unwrap_or_default();
            if status.len() != 3 || !status.iter().all(u8::is_ascii_digit) {
                problems.push(problem(
                    "RFC 9112 §4",
                    "a status line is HTTP-version SP status-code SP reason-phrase, with a three-digit status code",
                    whole,
                    None,
                ));
            }
        }
    }
    children.extend(ending_field(line));
    let summary = line.lossy();
    let (name, meaning) = match kind {
        Kind::Request => (
            "Request line",
            "The first line: method, target, version (RFC 9112 §3).",
        ),
        Kind::Response => (
            "Status line",
            "The first line: version, status code, reason phrase (RFC 9112 §4).",
        ),
    };
    let mut f = Field::new(
        name,
        BitRange::bytes(at, line.len()),
        Raw::Bytes(bytes_at(d, line.range())),
        summary.clone(),
        meaning,
    )
    .with_children(children);
    let mut problems = problems.into_iter();
    if let Some(p) = problems.next() {
        f = f.with_problem(p);
        for p in problems {
            d.problem(p);
        }
    }
    d.push(f);
    summary
}
