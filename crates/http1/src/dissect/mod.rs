//! Lenient HTTP/1.1 head dissectors (RFC 9112), for the exact bytes a peer sent.
//!
//! ```text
//!   HTTP-message   = start-line CRLF *( field-line CRLF ) CRLF [ message-body ]   (§2.1)
//!   request-line   = method SP request-target SP HTTP-version                     (§3)
//!   status-line    = HTTP-version SP status-code SP [ reason-phrase ]              (§4)
//!   field-line     = field-name ":" OWS field-value OWS                            (§5)
//! ```
//!
//! Every line becomes one field over its bytes — the line ending included, so a learner sees
//! each `0d 0a` — with the parts as children and, for the fields [`crate::meaning`] knows,
//! one sentence of what the field tells the receiver. Lenient: a bare LF, an obsolete line
//! fold, a missing colon or a space before the colon is dissected and flagged with the rule
//! it breaks and what a server answers, never refused. [`request`] and [`response`] differ
//! only in their start line (and in that a request must name its `Host`, §3.2).
//!
//! This module walks the lines and reads the empty ones; `start_line.rs` reads the request
//! or status line, `field_line.rs` each header field line.

use wire::{BitRange, Dissection, Field, Problem, Raw};

use crate::lines::{Ending, Line, lines};

mod field_line;
mod start_line;

use field_line::field_line;
use start_line::start_line;

/// The protocol name in dissections.
pub const PROTOCOL: &str = "HTTP/1.1";

/// What a server answers a head that breaks the grammar (RFC 9112 §3, §5).
const BAD_REQUEST: &str = "400 Bad Request";

/// RFC 9110 §5.6.2: `tchar`.
fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

fn problem(rule: &str, message: &str, at: BitRange, answer: Option<&str>) -> Problem {
    Problem {
        rule: rule.to_owned(),
        message: message.to_owned(),
        at,
        answer: answer.map(str::to_owned),
    }
}

/// `n byte`/`n bytes`.
fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn bytes_at(d: &Dissection, at: std::ops::Range<usize>) -> Vec<u8> {
    d.bytes.get(at).unwrap_or_default().to_vec()
}

/// The field for a line's ending, if it has one.
fn ending_field(line: &Line<'_>) -> Option<Field> {
    let at = line.start + line.text.len();
    match line.ending {
        Ending::Crlf => Some(Field::new(
            "Line end",
            BitRange::bytes(at, 2),
            Raw::Bytes(vec![0x0d, 0x0a]),
            "\\r\\n (0d 0a)",
            "CR LF ends every line of an HTTP/1.1 head (RFC 9112 §2.1).",
        )),
        Ending::Lf => Some(
            Field::new(
                "Line end",
                BitRange::bytes(at, 1),
                Raw::Bytes(vec![0x0a]),
                "\\n (0a)",
                "A bare LF: RFC 9112 §2.2 lets a recipient accept it, but a sender must send CR LF.",
            )
            .with_problem(problem(
                "RFC 9112 §2.2",
                "a bare LF ends this line; the line terminator is CR LF",
                BitRange::bytes(at, 1),
                None,
            )),
        ),
        Ending::None => None,
    }
}

/// Which start line a head has: its parts' names and meanings, and how it is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Request,
    Response,
}

/// An empty line: the one that ends the head, or one before the start line (ignored).
fn empty_line(line: &Line<'_>, before_start: bool, d: &mut Dissection) {
    let (name, value, meaning) = if before_start {
        (
            "Empty line (ignored)",
            "",
            "An empty line before the request line: a server should ignore at least \
             one (RFC 9112 §2.2).",
        )
    } else {
        (
            "End of head",
            "empty line",
            "An empty line ends the head; a body, if any, follows (RFC 9112 §2.1).",
        )
    };
    let mut f = Field::new(
        name,
        BitRange::bytes(line.start, line.len()),
        Raw::Bytes(bytes_at(d, line.range())),
        value,
        meaning,
    );
    f.children.extend(ending_field(line));
    d.push(f);
}

fn head(bytes: &[u8], kind: Kind) -> Dissection {
    let mut d = Dissection::new(PROTOCOL, String::new(), bytes.to_vec());
    let mut pos = 0;
    let mut start: Option<String> = None;
    let mut names: Vec<String> = Vec::new();
    let mut ended = false;
    for line in lines(bytes) {
        pos = line.range().end;
        if line.is_blank() {
            empty_line(&line, start.is_none(), &mut d);
            if start.is_some() {
                ended = true;
                break;
            }
            continue;
        }
        if start.is_none() {
            start = Some(start_line(&line, kind, &mut d));
        } else if let Some(n) = field_line(&line, &mut d) {
            names.push(n);
        }
    }
    if !ended {
        d.problem(problem(
            "RFC 9112 §2.1",
            "the head is incomplete: no empty line ends it",
            BitRange::bits(bytes.len() as u64 * 8, 0),
            None,
        ));
    }
    if pos < bytes.len() {
        d.push(Field::new(
            "Body",
            BitRange::bytes(pos, bytes.len() - pos),
            Raw::Bytes(bytes.get(pos..).unwrap_or_default().to_vec()),
            plural(bytes.len() - pos, "byte"),
            "The message body, framed by Content-Length or chunked Transfer-Encoding.",
        ));
    }
    if kind == Kind::Request {
        host_rule(start.as_deref(), &names, &mut d);
    }
    d.summary = match start {
        Some(l) => format!(
            "{l}, {}, {}",
            plural(names.len(), "header field"),
            plural(bytes.len(), "byte")
        ),
        None if kind == Kind::Request => "empty request".into(),
        None => "empty response".into(),
    };
    d
}

/// RFC 9112 §3.2: an HTTP/1.1 request carries exactly one `Host`.
fn host_rule(start: Option<&str>, names: &[String], d: &mut Dissection) {
    let hosts = names
        .iter()
        .filter(|n| n.trim().eq_ignore_ascii_case("host"))
        .count();
    let is_11 = start.is_some_and(|l| l.ends_with("HTTP/1.1"));
    let message = if is_11 && hosts == 0 {
        "an HTTP/1.1 request must carry a Host header field"
    } else if hosts > 1 {
        "more than one Host header field"
    } else {
        return;
    };
    d.problem(problem(
        "RFC 9112 §3.2",
        message,
        BitRange::bits(0, 0),
        Some(BAD_REQUEST),
    ));
}

/// Dissects an HTTP/1.1 request head (and names any bytes after it as the body). Never
/// fails.
pub fn request(bytes: &[u8]) -> Dissection {
    head(bytes, Kind::Request)
}

/// Dissects an HTTP/1.1 response head (and names any bytes after it as the body). Never
/// fails.
pub fn response(bytes: &[u8]) -> Dissection {
    head(bytes, Kind::Response)
}

#[cfg(test)]
mod tests {
    use super::*;
    use wire::render;

    /// Every field's bits lie inside the input, for any prefix of `bytes`.
    fn inside(bytes: &[u8]) {
        fn walk(f: &Field, len: u64) {
            assert!(f.bits.end() <= len, "{} past the input", f.name);
            f.children.iter().for_each(|c| walk(c, len));
        }
        for cut in 0..=bytes.len() {
            for d in [request(&bytes[..cut]), response(&bytes[..cut])] {
                d.fields.iter().for_each(|f| walk(f, cut as u64 * 8));
                for p in &d.problems {
                    assert!(p.at.end() <= cut as u64 * 8);
                }
            }
        }
    }

    #[test]
    fn the_rfc_9112_response_head() {
        let bytes = b"HTTP/1.1 200 OK\r\nDate: Mon, 27 Jul 2009 12:28:53 GMT\r\n\
Content-Length: 51\r\nContent-Type: text/plain\r\n\r\nHello World! My content includes a trailing CRLF.\r\n";
        let d = response(bytes);
        insta::assert_snapshot!(render::tree(&d));
        inside(bytes);
    }

    #[test]
    fn a_response_that_breaks_the_grammar() {
        let d = response(b"HTTP/1.1 2x0 Odd reason\r\nno colon\r\n");
        assert_eq!(d.problems.len(), 3, "{:#?}", d.problems);
        inside(b"HTTP/1.1 2x0 Odd reason\r\nno colon\r\n");
        inside(b"\r\nGET / HTTP/1.1\nHost : a\r\n folded\r\n\r\nbody");
    }
}
