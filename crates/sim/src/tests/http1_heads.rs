//! HTTP/1.1 heads: a browser's fetch, the chapter's request, malformed lines.

use super::*;

#[test]
fn http1_a_browsers_fetch() {
    let d = http1::dissect(CHROMIUM_FETCH.as_bytes());
    assert!(d.is_ok(), "{:?}", d.problems);
    assert!(
        d.summary
            .starts_with("GET /api/my-request HTTP/1.1, 12 header fields")
    );
    insta::assert_snapshot!("http1_fetch", render::tree(&d));
}

#[test]
fn http1_the_chapters_request() {
    // RFC 9112 §3.2's example of origin-form, with Host.
    let d = http1::dissect(b"GET /where?q=now HTTP/1.1\r\nHost: www.example.org\r\n\r\n");
    assert!(d.is_ok());
    assert_eq!(d.fields.len(), 3);
}

#[test]
fn http1_malformed_lines() {
    let head = "\r\nGET  /x HTTP/1.1\nHost : a\r\nNoColon\r\n folded\r\nX-Ok:\tv \r\n\r\nbody";
    let d = http1::dissect(head.as_bytes());
    insta::assert_snapshot!("http1_malformed", render::tree(&d));
    let d = http1::dissect(b"GET / HTTP/1.1\r\nAccept: */*\r\n");
    assert_eq!(rules(&d), ["RFC 9112 §2.1", "RFC 9112 §3.2"]);
}
