//! Grading tests for exercise 16: request heads parsed by your `parse_head`, with the status
//! a server would answer, compared with the answer key in `tests/snapshots/`. Do not edit
//! this file or the snapshots: the grader restores them before every run.

use std::fmt::Write as _;

use ex16_http_request_head::{Form, HeadError, MAX_HEAD, RequestHead, parse_head, target_form};
use grading::attempt;

/// The bytes as text, line ends made visible.
fn visible(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes)
        .replace('\r', "\\r")
        .replace('\n', "\\n")
        .replace('\t', "\\t")
}

fn status(e: HeadError) -> String {
    let code = attempt(|| e.status()).map_or_else(|p| p, |c| c.to_string());
    format!("{code} ({e:?})")
}

fn describe(out: &mut String, head: &RequestHead) {
    let form = match attempt(|| target_form(&head.method, &head.target)) {
        Ok(Some(f)) => format!("{f:?}"),
        Ok(None) => "no valid form".to_owned(),
        Err(p) => p,
    };
    writeln!(
        out,
        "  -> {} {}  [{form}]  HTTP/{}.{}, head {} bytes",
        head.method, head.target, head.version.0, head.version.1, head.len
    )
    .unwrap();
    for (name, value) in &head.fields {
        writeln!(out, "     {name}: {value:?}").unwrap();
    }
}

fn case(title: &str, request: &[u8]) -> String {
    let mut out = format!("== {title}\n  {}\n", visible(request));
    match attempt(|| parse_head(request)) {
        Ok(Ok(Some(head))) => describe(&mut out, &head),
        Ok(Ok(None)) => writeln!(out, "  -> incomplete: read more").unwrap(),
        Ok(Err(e)) => writeln!(out, "  -> answer {}", status(e)).unwrap(),
        Err(p) => writeln!(out, "  -> {p}").unwrap(),
    }
    out
}

fn all(cases: &[(&str, &[u8])]) -> String {
    cases
        .iter()
        .map(|(title, request)| case(title, request))
        .collect::<Vec<_>>()
        .join("\n")
}

/// RFC 9112 §3.2's examples of each target form (with RFC 9110 §9.3.6's CONNECT), and the
/// chapter 7 request.
#[test]
fn rfc_examples() {
    let out = all(&[
        ("RFC 9112 §3.2", b"GET /pub/WWW/TheProject.html HTTP/1.1\r\nHost: www.example.org\r\n\r\n"),
        ("RFC 9112 §3.2.1, origin-form", b"GET /where?q=now HTTP/1.1\r\nHost: www.example.org\r\n\r\n"),
        (
            "RFC 9112 §3.2.2, absolute-form",
            b"GET http://www.example.org/pub/WWW/TheProject.html HTTP/1.1\r\nHost: www.example.org\r\n\r\n",
        ),
        (
            "RFC 9110 §9.3.6, authority-form",
            b"CONNECT server.example.com:80 HTTP/1.1\r\nHost: server.example.com\r\n\r\n",
        ),
        ("RFC 9112 §3.2.4, asterisk-form", b"OPTIONS * HTTP/1.1\r\nHost: www.example.org:8001\r\n\r\n"),
        (
            "Chapter 7's long poll",
            b"GET /updates?since=1041 HTTP/1.1\r\nHost: chat.example.com\r\nAccept: application/json\r\nCookie: session=3f9a1c7e2b\r\n\r\n",
        ),
    ]);
    grading::snapshot!("rfc_examples", out);
}

/// What a server accepts: the whitespace rules, repeated fields, line ends, what follows.
#[test]
fn accepted_variations() {
    let out = all(&[
        (
            "Spaces and tabs around a value go; inside it they stay",
            b"GET / HTTP/1.1\r\nHost: \t a.example \t\r\nUser-Agent: curl/8.5 (x86_64)\r\n\r\n",
        ),
        ("An empty value", b"GET / HTTP/1.1\r\nHost: a.example\r\nX-Empty:\r\n\r\n"),
        (
            "Repeated fields, in order; names keep their case",
            b"GET / HTTP/1.1\r\nhost: a.example\r\nAccept: text/html\r\nACCEPT: */*\r\n\r\n",
        ),
        ("Bare LF line ends (a recipient MAY accept them)", b"GET / HTTP/1.1\nHost: a.example\n\n"),
        ("An empty line before the request line is ignored", b"\r\nGET / HTTP/1.1\r\nHost: a.example\r\n\r\n"),
        ("HTTP/1.0 may go without Host", b"GET / HTTP/1.0\r\n\r\n"),
        ("The body is not part of the head", b"POST /f HTTP/1.1\r\nHost: a.example\r\nContent-Length: 5\r\n\r\nhello"),
    ]);
    grading::snapshot!("accepted_variations", out);
}

/// What a server must refuse, and with which status.
#[test]
fn rejected_heads() {
    let out = all(&[
        ("Whitespace between a field name and the colon", b"GET / HTTP/1.1\r\nHost : evil.example\r\n\r\n"),
        ("Obsolete line folding", b"GET / HTTP/1.1\r\nHost: a.example\r\nX-Long: one\r\n two\r\n\r\n"),
        ("A bare CR", b"GET / HTTP/1.1\r\nHost: a.example\rX: y\r\n\r\n"),
        ("HTTP/1.1 without Host", b"GET / HTTP/1.1\r\nAccept: */*\r\n\r\n"),
        ("Two Host fields", b"GET / HTTP/1.1\r\nHost: a.example\r\nHost: b.example\r\n\r\n"),
        ("A field line without a colon", b"GET / HTTP/1.1\r\nHost: a.example\r\nnonsense\r\n\r\n"),
        ("A field name that is not a token", b"GET / HTTP/1.1\r\nHost: a.example\r\nX(1): y\r\n\r\n"),
        ("Two spaces in the request line", b"GET  / HTTP/1.1\r\nHost: a.example\r\n\r\n"),
        ("A method that is not a token", b"G(E)T / HTTP/1.1\r\nHost: a.example\r\n\r\n"),
        ("http/1.1: HTTP-name is case-sensitive", b"GET / http/1.1\r\nHost: a.example\r\n\r\n"),
        ("HTTP/1.10", b"GET / HTTP/1.10\r\nHost: a.example\r\n\r\n"),
        ("HTTP/2.0 on a 1.x server", b"GET / HTTP/2.0\r\nHost: a.example\r\n\r\n"),
    ]);
    grading::snapshot!("rejected_heads", out);
}

/// An incomplete head is normal: read more, up to a limit.
#[test]
fn incomplete_heads() {
    let mut huge = b"GET / HTTP/1.1\r\nX-Filler: ".to_vec();
    huge.resize(MAX_HEAD + 100, b'x');
    let mut out = all(&[
        ("Nothing yet", b""),
        ("The request line only", b"GET / HTTP/1.1\r\n"),
        ("No empty line yet", b"GET / HTTP/1.1\r\nHost: a.example\r\n"),
        ("The last CR, its LF still on the way", b"GET / HTTP/1.1\r\nHost: a.example\r\n\r"),
        ("A CR already followed by another byte", b"GET / HTTP/1.1\rX"),
    ]);
    out.push('\n');
    let verdict = match attempt(|| parse_head(&huge)) {
        Ok(Ok(None)) => "incomplete: read more".to_owned(),
        Ok(Ok(Some(_))) => "a head".to_owned(),
        Ok(Err(e)) => format!("answer {}", status(e)),
        Err(p) => p,
    };
    writeln!(out, "== {} bytes and no end in sight\n  -> {verdict}", huge.len()).unwrap();
    grading::snapshot!("incomplete_heads", out);
}

/// RFC 9112 §3.2: each form belongs to certain methods.
#[test]
fn target_forms() {
    let mut out = String::new();
    for (method, target) in [
        ("GET", "/"),
        ("GET", "/where?q=now"),
        ("GET", "http://www.example.org/pub/WWW/TheProject.html"),
        ("GET", "https://x.example/"),
        ("GET", "*"),
        ("OPTIONS", "*"),
        ("CONNECT", "server.example.com:80"),
        ("CONNECT", "/"),
        ("CONNECT", "server.example.com"),
        ("GET", "server.example.com:80"),
        ("GET", "http:/x"),
    ] {
        let form: Result<Option<Form>, String> = attempt(|| target_form(method, target));
        let shown = match form {
            Ok(Some(f)) => format!("{f:?}"),
            Ok(None) => "none: 400".to_owned(),
            Err(p) => p,
        };
        writeln!(out, "{method:<8} {target:<48} {shown}").unwrap();
    }
    grading::snapshot!("target_forms", out);
}
