//! Pages, `/print.html`, the search index and the static files as a static server sends
//! them (`crates/server/src/site/`): over raw TCP against the real binary, every header
//! checked by name — a strong ETag and `304 Not Modified` for it (RFC 9110 §8.8.3, §13.1.2),
//! `Cache-Control: no-cache` (RFC 9111 §5.2.2.4), gzip and brotli chosen by
//! `Accept-Encoding`'s q-values (RFC 9110 §12.5.3) with `Vary: Accept-Encoding` (§12.5.5),
//! the compressed bodies decoding to the very bytes of the identity body, and the app's
//! security headers (the CSP first) on every answer, 304s included.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{Read, Write};
use std::net::TcpStream;

use crate::common::{Head, Server, read_head};

/// What the app adds to every response (`crates/server/src/app.rs`), exactly.
const SECURITY: &[(&str, &str)] = &[
    (
        "content-security-policy",
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
         connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
         frame-ancestors 'none'",
    ),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "no-referrer"),
    ("cross-origin-opener-policy", "same-origin"),
];

/// Each kind of resource the cache serves, with its media type.
const RESOURCES: &[(&str, &str)] = &[
    ("/08-websocket/frames.html", "text/html; charset=utf-8"),
    ("/", "text/html; charset=utf-8"),
    ("/print.html", "text/html; charset=utf-8"),
    ("/search-index.json", "application/json"),
    ("/server.html", "text/html; charset=utf-8"),
    ("/labs/websocket", "text/html; charset=utf-8"),
    ("/static/style.css", "text/css; charset=utf-8"),
    ("/static/book.js", "text/javascript; charset=utf-8"),
    (
        "/01-before-arpanet/figure-baran-topologies.svg",
        "image/svg+xml",
    ),
];

/// One response: its head, its header lines in order, and its body (by Content-Length).
struct Got {
    head: Head,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Got {
    fn header(&self, name: &str) -> Option<String> {
        self.head.header(name)
    }

    /// The header names, sorted, without `date` (which every response has, changing).
    fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .headers
            .iter()
            .map(|(n, _)| n.clone())
            .filter(|n| n != "date")
            .collect();
        names.sort();
        names
    }
}

/// `GET path` (or `HEAD`) with `headers`, on a connection of its own.
fn request(server: &Server, method: &str, path: &str, headers: &[(&str, &str)]) -> Got {
    let mut s: TcpStream = server.connect();
    let mut text = format!("{method} {path} HTTP/1.1\r\nHost: {}\r\n", server.addr);
    for (name, value) in headers {
        text.push_str(&format!("{name}: {value}\r\n"));
    }
    text.push_str("\r\n");
    s.write_all(text.as_bytes()).unwrap();
    let head = read_head(&mut s);
    let headers: Vec<(String, String)> = head
        .text
        .lines()
        .skip(1)
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let mut body = Vec::new();
    if method != "HEAD" && head.status != 304 {
        let len: usize = head
            .header("content-length")
            .and_then(|v| v.parse().ok())
            .expect("a Content-Length");
        body = vec![0; len];
        s.read_exact(&mut body).unwrap();
    }
    Got {
        head,
        headers,
        body,
    }
}

fn get(server: &Server, path: &str, headers: &[(&str, &str)]) -> Got {
    request(server, "GET", path, headers)
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .unwrap();
    out
}

fn unbrotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::BrotliDecompress(&mut &bytes[..], &mut out).unwrap();
    out
}

fn assert_security(got: &Got, what: &str) {
    for (name, value) in SECURITY {
        assert_eq!(got.header(name).as_deref(), Some(*value), "{what}: {name}");
    }
}

fn sorted(names: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
    v.sort();
    v
}

/// The identity answer: exactly these headers, a strong tag, no-cache, Vary.
#[test]
fn identity_answers_carry_exactly_the_caching_and_security_headers() {
    let server = Server::start(&[]);
    for (path, media_type) in RESOURCES {
        let got = get(&server, path, &[]);
        assert_eq!(got.head.status, 200, "{path}: {}", got.head.text);
        assert_eq!(
            got.names(),
            sorted(&[
                "cache-control",
                "content-length",
                "content-security-policy",
                "content-type",
                "cross-origin-opener-policy",
                "etag",
                "referrer-policy",
                "vary",
                "x-content-type-options",
            ]),
            "{path}"
        );
        assert_eq!(got.header("content-type").as_deref(), Some(*media_type));
        assert_eq!(got.header("cache-control").as_deref(), Some("no-cache"));
        assert_eq!(got.header("vary").as_deref(), Some("accept-encoding"));
        let etag = got.header("etag").unwrap();
        // Strong (no W/), quoted, 20 hex digits of the content's SHA-1.
        assert!(
            etag.len() == 22
                && etag.starts_with('"')
                && etag.ends_with('"')
                && etag[1..21].bytes().all(|b| b.is_ascii_hexdigit()),
            "{path}: {etag}"
        );
        assert_security(&got, path);
        assert!(!got.body.is_empty());
        // Built once: the same bytes and the same tag the second time.
        let again = get(&server, path, &[]);
        assert_eq!(again.body, got.body, "{path}");
        assert_eq!(again.header("etag"), Some(etag));
    }
}

/// `If-None-Match` with the tag gets a 304 with no body and the security headers; another
/// tag, a list holding it, a weak form and `*` behave as RFC 9110 §13.1.2 says.
#[test]
fn if_none_match_gets_304() {
    let server = Server::start(&[]);
    for (path, _) in RESOURCES {
        let first = get(&server, path, &[]);
        let etag = first.header("etag").unwrap();
        let got = get(&server, path, &[("If-None-Match", &etag)]);
        assert_eq!(got.head.status, 304, "{path}: {}", got.head.text);
        assert_eq!(got.header("etag"), Some(etag.clone()));
        assert_eq!(got.header("cache-control").as_deref(), Some("no-cache"));
        assert_eq!(got.header("vary").as_deref(), Some("accept-encoding"));
        assert!(got.header("content-type").is_none(), "{path}");
        assert!(got.header("content-encoding").is_none(), "{path}");
        assert_security(&got, path);

        let list = format!("\"0000\", W/{etag}");
        assert_eq!(
            get(&server, path, &[("If-None-Match", &list)]).head.status,
            304
        );
        assert_eq!(
            get(&server, path, &[("If-None-Match", "*")]).head.status,
            304
        );
        let other = get(
            &server,
            path,
            &[("If-None-Match", "\"0123456789abcdef0123\"")],
        );
        assert_eq!(other.head.status, 200);
        assert_eq!(other.body, first.body);
    }
}

/// gzip and brotli by `Accept-Encoding`, each body decoding to the identity bytes, each
/// with its own tag, and q-values honoured.
#[test]
fn gzip_and_brotli_by_accept_encoding() {
    let server = Server::start(&[]);
    for (path, _) in RESOURCES {
        let plain = get(&server, path, &[]);
        let etag = plain.header("etag").unwrap();

        let br = get(
            &server,
            path,
            &[("Accept-Encoding", "gzip, deflate, br, zstd")],
        );
        assert_eq!(br.head.status, 200);
        assert_eq!(
            br.header("content-encoding").as_deref(),
            Some("br"),
            "{path}"
        );
        assert_eq!(br.header("vary").as_deref(), Some("accept-encoding"));
        assert_eq!(
            br.header("etag"),
            Some(format!("{}.br\"", &etag[..21])),
            "{path}"
        );
        assert!(br.body.len() < plain.body.len(), "{path}");
        assert_eq!(unbrotli(&br.body), plain.body, "{path}");
        assert_security(&br, path);
        assert_eq!(
            br.names(),
            sorted(&[
                "cache-control",
                "content-encoding",
                "content-length",
                "content-security-policy",
                "content-type",
                "cross-origin-opener-policy",
                "etag",
                "referrer-policy",
                "vary",
                "x-content-type-options",
            ]),
            "{path}"
        );

        let gz = get(&server, path, &[("Accept-Encoding", "gzip")]);
        assert_eq!(gz.header("content-encoding").as_deref(), Some("gzip"));
        assert_eq!(gz.header("etag"), Some(format!("{}.gz\"", &etag[..21])));
        assert_eq!(gunzip(&gz.body), plain.body, "{path}");

        // The compressed representation's tag revalidates it, and not another one.
        let gz_tag = gz.header("etag").unwrap();
        let again = get(
            &server,
            path,
            &[("Accept-Encoding", "gzip"), ("If-None-Match", &gz_tag)],
        );
        assert_eq!(again.head.status, 304);
        let other = get(
            &server,
            path,
            &[("Accept-Encoding", "br"), ("If-None-Match", &gz_tag)],
        );
        assert_eq!(other.head.status, 200);
        assert_eq!(other.header("content-encoding").as_deref(), Some("br"));
    }

    // q-values (RFC 9110 §12.4.2, §12.5.3).
    let path = "/08-websocket/frames.html";
    let coding = |accept: &str| {
        get(&server, path, &[("Accept-Encoding", accept)]).header("content-encoding")
    };
    assert_eq!(coding("br;q=0.5, gzip;q=0.8").as_deref(), Some("gzip"));
    assert_eq!(coding("gzip;q=0.5, br;q=0.8").as_deref(), Some("br"));
    assert_eq!(coding("gzip, br;q=0").as_deref(), Some("gzip"));
    assert_eq!(coding("GZIP;Q=1.0").as_deref(), Some("gzip"));
    assert_eq!(coding("br;q=0, gzip;q=0"), None);
    assert_eq!(coding("identity"), None);
    assert_eq!(coding("deflate"), None);
    assert_eq!(coding("*").as_deref(), Some("br"));
    assert_eq!(coding("*;q=0.5, br;q=0").as_deref(), Some("gzip"));
    assert_eq!(coding("identity;q=0, gzip").as_deref(), Some("gzip"));
}

/// HEAD answers with the GET's headers and no body; a page that does not exist is a 404
/// that still has the CSP.
#[test]
fn head_and_missing_pages() {
    let server = Server::start(&[]);
    let path = "/print.html";
    let got = get(&server, path, &[("Accept-Encoding", "br")]);
    let head = request(&server, "HEAD", path, &[("Accept-Encoding", "br")]);
    assert_eq!(head.head.status, 200);
    assert_eq!(head.header("etag"), got.header("etag"));
    assert_eq!(head.header("content-encoding").as_deref(), Some("br"));
    assert_eq!(
        head.header("content-length"),
        Some(got.body.len().to_string())
    );

    let missing = get(&server, "/no-such-page.html", &[("Accept-Encoding", "br")]);
    assert_eq!(missing.head.status, 404);
    assert!(missing.header("etag").is_none());
    assert_security(&missing, "404");
}
