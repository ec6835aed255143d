//! A lenient HTTP/1.1 request-head dissector (RFC 9112), for the exact bytes a browser sent.
//!
//! ```text
//!   HTTP-message   = start-line CRLF *( field-line CRLF ) CRLF [ message-body ]   (§2.1)
//!   request-line   = method SP request-target SP HTTP-version                     (§3)
//!   field-line     = field-name ":" OWS field-value OWS                            (§5)
//! ```
//!
//! Every line becomes one field over its bytes — the line ending included, so a learner sees
//! each `0d 0a` — with the parts as children and, for the common header fields, one sentence
//! of what the field tells the server. Lenient: a bare LF, an obsolete line fold, a missing
//! colon or a space before the colon is dissected and flagged with the rule it breaks and
//! what a server answers, never refused.

use wire::{BitRange, Dissection, Field, Raw};

use crate::util::{plural, problem};

/// The protocol name in dissections.
pub const PROTOCOL: &str = "HTTP/1.1";

/// RFC 9110 §5.6.2: `tchar`.
fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// One sentence about a header field the learner's browser is likely to send.
pub fn header_meaning(name: &str) -> Option<&'static str> {
    let lower = name.to_ascii_lowercase();
    Some(match lower.as_str() {
        "host" => {
            "The host (and port) the request is for: one IP address can serve many sites, so HTTP/1.1 requires it (RFC 9112 §3.2)."
        }
        "user-agent" => {
            "The browser's self-description, product tokens kept for compatibility (RFC 9110 §10.1.5)."
        }
        "accept" => {
            "The media types the client prefers in the response, with q-values for preference (RFC 9110 §12.5.1)."
        }
        "accept-language" => {
            "The languages the reader prefers, from the browser's settings (RFC 9110 §12.5.4)."
        }
        "accept-encoding" => {
            "The content codings the client can decompress: gzip, deflate, br, zstd (RFC 9110 §12.5.3)."
        }
        "accept-charset" => {
            "The character sets the client accepts (RFC 9110 §12.5.2); modern browsers no longer send it."
        }
        "connection" => {
            "Options for this connection only: keep-alive keeps it open for the next request, close ends it (RFC 9110 §7.6.1)."
        }
        "keep-alive" => {
            "Hints for a persistent connection (timeout, max requests); HTTP/1.1 keeps connections open by default."
        }
        "cookie" => {
            "The cookies this site set earlier in your browser, sent back on every request to it (RFC 6265 §5.4). This is your own browser's state."
        }
        "cache-control" => {
            "Caching directives; a reload sends max-age=0 or no-cache to revalidate (RFC 9111 §5.2)."
        }
        "pragma" => {
            "HTTP/1.0's no-cache, still sent beside Cache-Control for old caches (RFC 9111 §5.4)."
        }
        "referer" => {
            "The page that led here (misspelled since RFC 1945); the Referrer-Policy trims it."
        }
        "origin" => {
            "The scheme, host and port of the page that made the request (RFC 6454): what CORS and WebSocket servers check."
        }
        "upgrade-insecure-requests" => {
            "1: the browser prefers an https:// version of this and later resources (W3C Upgrade Insecure Requests)."
        }
        "sec-fetch-site" => {
            "Fetch metadata: how the requesting page relates to this server — same-origin, same-site, cross-site or none (typed into the address bar)."
        }
        "sec-fetch-mode" => {
            "Fetch metadata: navigate for a page load, cors or no-cors for a fetch() or sub-resource, websocket for a socket."
        }
        "sec-fetch-dest" => {
            "Fetch metadata: what the response will become — document, script, image, empty for fetch()."
        }
        "sec-fetch-user" => {
            "?1 when a user's action (a click, a typed URL) started this navigation."
        }
        "sec-ch-ua" => "A User-Agent Client Hint: the browser's brands and major versions.",
        "sec-ch-ua-mobile" => "A Client Hint: ?1 on a mobile device.",
        "sec-ch-ua-platform" => "A Client Hint: the operating system.",
        "sec-gpc" => "Global Privacy Control: 1 asks sites not to sell or share the user's data.",
        "dnt" => "Do Not Track (retired): 1 asked not to be tracked.",
        "priority" => {
            "The client's priority for this response: urgency u and incremental i (RFC 9218)."
        }
        "if-none-match" => {
            "Send the body only if its ETag changed; otherwise 304 Not Modified (RFC 9110 §13.1.2)."
        }
        "if-modified-since" => {
            "Send the body only if it changed since this date (RFC 9110 §13.1.3)."
        }
        "range" => "Only these bytes of the representation, please (RFC 9110 §14.2).",
        "content-type" => "The media type of the body this request carries (RFC 9110 §8.3).",
        "content-length" => {
            "The body's length in bytes: where this message ends and the next begins (RFC 9112 §6.2)."
        }
        "transfer-encoding" => "The body is sent in chunks, each with its length (RFC 9112 §7.1).",
        "authorization" => "Credentials for this request (RFC 9110 §11.6.2).",
        "upgrade" => {
            "Asks to switch this connection to another protocol, e.g. websocket (RFC 9110 §7.8)."
        }
        "sec-websocket-key" => {
            "16 random bytes in base64; the server proves it read them (RFC 6455 §4.1)."
        }
        "sec-websocket-version" => "13, the only WebSocket version (RFC 6455 §4.1).",
        "sec-websocket-extensions" => {
            "The extensions the client offers, e.g. permessage-deflate (RFC 7692)."
        }
        "sec-websocket-protocol" => {
            "The subprotocols the client offers, in order of preference (RFC 6455 §1.9)."
        }
        "te" => {
            "The transfer codings the client accepts; trailers says it accepts trailer fields (RFC 9110 §10.1.4)."
        }
        "x-forwarded-for" => "Added by a proxy: the client address it received the request from.",
        _ => return None,
    })
}

/// How a line ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ending {
    Crlf,
    Lf,
    None,
}

fn ending_field(at: usize, ending: Ending) -> Option<Field> {
    match ending {
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

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn request_line(line: &[u8], at: usize, ending: Ending, d: &mut Dissection) -> String {
    let mut children = Vec::new();
    let parts: Vec<&[u8]> = line.split(|b| *b == b' ').collect();
    let mut pos = at;
    let names = ["Method", "Request target", "HTTP version"];
    let meanings = [
        "What the client asks the server to do: GET retrieves, POST submits (RFC 9110 §9).",
        "Which resource: a path and query in origin-form, e.g. /index.html (RFC 9112 §3.2).",
        "The protocol version the client speaks (RFC 9112 §2.3).",
    ];
    let mut problems = Vec::new();
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            children.push(Field::new(
                "SP",
                BitRange::bytes(pos, 1),
                Raw::Bytes(vec![b' ']),
                "' ' (20)",
                "One space separates the parts of the request line.",
            ));
            pos += 1;
        }
        let (name, meaning) = match names.get(i) {
            Some(n) => (*n, meanings[i]),
            None => ("Extra", "Bytes after the HTTP version."),
        };
        children.push(Field::new(
            name,
            BitRange::bytes(pos, part.len()),
            Raw::Bytes(part.to_vec()),
            text(part),
            meaning,
        ));
        pos += part.len();
    }
    let whole = BitRange::bytes(at, line.len());
    if parts.len() != 3 || parts.iter().any(|p| p.is_empty()) {
        problems.push(problem(
            "RFC 9112 §3",
            "a request line is method SP request-target SP HTTP-version, with single spaces",
            whole,
            Some("400 Bad Request"),
        ));
    } else {
        if !parts[0].iter().all(|b| is_tchar(*b)) {
            problems.push(problem(
                "RFC 9110 §9.1",
                "the method is not a token",
                BitRange::bytes(at, parts[0].len()),
                Some("400 Bad Request"),
            ));
        }
        let v = parts[2];
        let ok = v.len() == 8
            && v.starts_with(b"HTTP/")
            && v[5].is_ascii_digit()
            && v[6] == b'.'
            && v[7].is_ascii_digit();
        if !ok {
            problems.push(problem(
                "RFC 9112 §2.3",
                "the HTTP version is not HTTP/DIGIT.DIGIT",
                BitRange::bytes(at + line.len() - v.len(), v.len()),
                Some("400 Bad Request"),
            ));
        }
    }
    children.extend(ending_field(at + line.len(), ending));
    let len = line.len() + ending_len(ending);
    let summary = text(line);
    let mut f = Field::new(
        "Request line",
        BitRange::bytes(at, len),
        Raw::Bytes(d.bytes[at..at + len].to_vec()),
        summary.clone(),
        "The first line: method, target, version (RFC 9112 §3).",
    )
    .with_children(children);
    if let Some(p) = problems.first() {
        f = f.with_problem(p.clone());
        for p in problems.iter().skip(1) {
            d.problem(p.clone());
        }
    }
    d.push(f);
    summary
}

fn ending_len(e: Ending) -> usize {
    match e {
        Ending::Crlf => 2,
        Ending::Lf => 1,
        Ending::None => 0,
    }
}

fn field_line(line: &[u8], at: usize, ending: Ending, d: &mut Dissection) -> Option<String> {
    let len = line.len() + ending_len(ending);
    let raw = Raw::Bytes(d.bytes[at..at + len].to_vec());
    let mut children = Vec::new();
    let whole = BitRange::bytes(at, line.len());
    if line.first().is_some_and(|b| *b == b' ' || *b == b'\t') {
        children.extend(ending_field(at + line.len(), ending));
        d.push(
            Field::new(
                "Continuation line",
                BitRange::bytes(at, len),
                raw,
                text(line),
                "An obsolete line fold: a field value continued on a line that starts with \
                 whitespace.",
            )
            .with_children(children)
            .with_problem(problem(
                "RFC 9112 §5.2",
                "obs-fold is deprecated: a server must reject it or replace it with spaces",
                whole,
                Some("400 Bad Request"),
            )),
        );
        return None;
    }
    let Some(colon) = line.iter().position(|b| *b == b':') else {
        children.extend(ending_field(at + line.len(), ending));
        d.push(
            Field::new(
                "Malformed line",
                BitRange::bytes(at, len),
                raw,
                text(line),
                "A line in the head that is not name: value.",
            )
            .with_children(children)
            .with_problem(problem(
                "RFC 9112 §5",
                "a field line needs a colon between its name and its value",
                whole,
                Some("400 Bad Request"),
            )),
        );
        return None;
    };
    let name = &line[..colon];
    let value_raw = &line[colon + 1..];
    let lead = value_raw
        .iter()
        .take_while(|b| **b == b' ' || **b == b'\t')
        .count();
    let trail = value_raw[lead..]
        .iter()
        .rev()
        .take_while(|b| **b == b' ' || **b == b'\t')
        .count();
    let value = &value_raw[lead..value_raw.len() - trail];
    let name_text = text(name);
    let meaning = header_meaning(name_text.trim());
    let mut problem_here = None;
    if name.is_empty() {
        problem_here = Some(problem(
            "RFC 9112 §5",
            "the field name is empty",
            whole,
            Some("400 Bad Request"),
        ));
    } else if name.last().is_some_and(|b| *b == b' ' || *b == b'\t') {
        problem_here = Some(problem(
            "RFC 9112 §5.1",
            "whitespace between the field name and the colon",
            BitRange::bytes(at, colon),
            Some("400 Bad Request"),
        ));
    } else if !name.iter().all(|b| is_tchar(*b)) {
        problem_here = Some(problem(
            "RFC 9110 §5.1",
            "the field name has a character that is not a token character",
            BitRange::bytes(at, colon),
            Some("400 Bad Request"),
        ));
    }
    children.push(Field::new(
        "Name",
        BitRange::bytes(at, name.len()),
        Raw::Bytes(name.to_vec()),
        name_text.clone(),
        "The field name, case-insensitive (RFC 9110 §5.1).",
    ));
    children.push(Field::new(
        "Colon",
        BitRange::bytes(at + colon, 1),
        Raw::Bytes(vec![b':']),
        "':' (3a)",
        "Ends the name; optional whitespace may follow.",
    ));
    if lead > 0 {
        children.push(Field::new(
            "OWS",
            BitRange::bytes(at + colon + 1, lead),
            Raw::Bytes(value_raw[..lead].to_vec()),
            plural(lead, "space"),
            "Optional whitespace, not part of the value.",
        ));
    }
    children.push(Field::new(
        "Value",
        BitRange::bytes(at + colon + 1 + lead, value.len()),
        Raw::Bytes(value.to_vec()),
        text(value),
        meaning.unwrap_or("The field value."),
    ));
    children.extend(ending_field(at + line.len(), ending));
    let mut f = Field::new(
        format!("{name_text} header"),
        BitRange::bytes(at, len),
        raw,
        format!("{name_text}: {}", text(value)),
        meaning.unwrap_or("A header field this dissector has no sentence for."),
    )
    .with_children(children);
    if let Some(p) = problem_here {
        f = f.with_problem(p);
    }
    d.push(f);
    Some(name_text)
}

/// Dissects an HTTP/1.1 request head (and names any bytes after it as the body). Never fails.
pub fn dissect(bytes: &[u8]) -> Dissection {
    let mut d = Dissection::new(PROTOCOL, String::new(), bytes.to_vec());
    let mut pos = 0;
    let mut start_line: Option<String> = None;
    let mut names: Vec<String> = Vec::new();
    let mut ended = false;
    while pos < bytes.len() {
        let rest = &bytes[pos..];
        let (line, ending) = match rest.iter().position(|b| *b == b'\n') {
            Some(nl) if nl > 0 && rest[nl - 1] == b'\r' => (&rest[..nl - 1], Ending::Crlf),
            Some(nl) => (&rest[..nl], Ending::Lf),
            None => (rest, Ending::None),
        };
        let len = line.len() + ending_len(ending);
        if line.is_empty() && ending != Ending::None {
            if start_line.is_none() {
                let mut f = Field::new(
                    "Empty line (ignored)",
                    BitRange::bytes(pos, len),
                    Raw::Bytes(rest[..len].to_vec()),
                    "",
                    "An empty line before the request line: a server should ignore at least \
                     one (RFC 9112 §2.2).",
                );
                f.children.extend(ending_field(pos, ending));
                d.push(f);
                pos += len;
                continue;
            }
            let mut f = Field::new(
                "End of head",
                BitRange::bytes(pos, len),
                Raw::Bytes(rest[..len].to_vec()),
                "empty line",
                "An empty line ends the head; a body, if any, follows (RFC 9112 §2.1).",
            );
            f.children.extend(ending_field(pos, ending));
            d.push(f);
            pos += len;
            ended = true;
            break;
        }
        if start_line.is_none() {
            start_line = Some(request_line(line, pos, ending, &mut d));
        } else if let Some(n) = field_line(line, pos, ending, &mut d) {
            names.push(n);
        }
        pos += len;
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
            Raw::Bytes(bytes[pos..].to_vec()),
            plural(bytes.len() - pos, "byte"),
            "The message body, framed by Content-Length or chunked Transfer-Encoding.",
        ));
    }
    let hosts = names
        .iter()
        .filter(|n| n.trim().eq_ignore_ascii_case("host"))
        .count();
    let is_11 = start_line
        .as_deref()
        .is_some_and(|l| l.ends_with("HTTP/1.1"));
    if is_11 && hosts == 0 {
        d.problem(problem(
            "RFC 9112 §3.2",
            "an HTTP/1.1 request must carry a Host header field",
            BitRange::bits(0, 0),
            Some("400 Bad Request"),
        ));
    } else if hosts > 1 {
        d.problem(problem(
            "RFC 9112 §3.2",
            "more than one Host header field",
            BitRange::bits(0, 0),
            Some("400 Bad Request"),
        ));
    }
    d.summary = match start_line {
        Some(l) => format!(
            "{l}, {}, {}",
            plural(names.len(), "header field"),
            plural(bytes.len(), "byte")
        ),
        None => "empty request".into(),
    };
    d
}
