//! The head parser on RFC 9112's own examples, three ways (whole, every prefix, with
//! trailing bytes), and its limits.

use super::*;

/// RFC 9112 §2.1's example request.
const RFC_9112_REQUEST: &[u8] = b"GET /hello.txt HTTP/1.1\r\n\
User-Agent: curl/7.64.1\r\n\
Host: www.example.com\r\n\
Accept-Language: en, mi\r\n\
\r\n";

/// RFC 9112 §2.1's example response head (the body after it is not the head's).
const RFC_9112_RESPONSE: &[u8] = b"HTTP/1.1 200 OK\r\n\
Date: Mon, 27 Jul 2009 12:28:53 GMT\r\n\
Server: Apache\r\n\
Last-Modified: Wed, 22 Jul 2009 19:15:56 GMT\r\n\
ETag: \"34aa387-d-1568eb00\"\r\n\
Accept-Ranges: bytes\r\n\
Content-Length: 51\r\n\
Vary: Accept-Encoding\r\n\
Content-Type: text/plain\r\n\
\r\n";

/// Parses three ways: whole, every strict prefix (incomplete), with trailing bytes.
fn request(bytes: &[u8]) -> Request<'_> {
    let whole = parse_request(bytes, Limits::default()).unwrap().unwrap();
    assert_eq!(whole.len, bytes.len());
    assert_eq!(find_end(bytes), Some(bytes.len()));
    for cut in 0..bytes.len() {
        let prefix = &bytes[..cut];
        assert_eq!(parse_request(prefix, Limits::default()), Ok(None), "{cut}");
        assert_eq!(find_end(prefix), None, "{cut}");
        // The incremental scan agrees with a scan from the start.
        assert_eq!(find_end_from(bytes, cut), Some(bytes.len()), "{cut}");
    }
    let mut trailing = bytes.to_vec();
    trailing.extend_from_slice(b"\x81\x85\r\n\r\nGET");
    let again = parse_request(&trailing, Limits::default())
        .unwrap()
        .unwrap();
    assert_eq!(again.len, whole.len);
    assert_eq!(find_end(&trailing), Some(bytes.len()));
    whole
}

#[test]
fn the_rfc_9112_request_with_every_range() {
    let req = request(RFC_9112_REQUEST);
    assert_eq!(
        (req.method, req.target, req.minor_version),
        ("GET", "/hello.txt", 1)
    );
    assert_eq!(req.headers.len(), 3);
    for h in &req.headers {
        assert_eq!(&RFC_9112_REQUEST[h.value_at.clone()], h.value);
        let line = &RFC_9112_REQUEST[h.line.clone()];
        assert!(line.starts_with(h.name.as_bytes()) && line.ends_with(b"\r\n"));
    }
    assert_eq!(
        list_items(req.values("accept-language")).collect::<Vec<_>>(),
        ["en", "mi"]
    );
}

#[test]
fn the_rfc_9112_response() {
    let bytes = RFC_9112_RESPONSE;
    let res = parse_response(bytes, Limits::default()).unwrap().unwrap();
    assert_eq!((res.status, res.reason, res.len), (200, "OK", bytes.len()));
    for cut in 0..bytes.len() {
        assert_eq!(parse_response(&bytes[..cut], Limits::default()), Ok(None));
    }
    assert_eq!(res.values("content-length").next(), Some(&b"51"[..]));
}

#[test]
fn the_word_at_a_time_scan_finds_every_lf_a_byte_scan_finds() {
    // Every LF position and every start, including bytes that differ from LF by one bit
    // and the high bytes the zero-byte test could confuse.
    let mut bytes: Vec<u8> = (0..=255u8).chain([0x0b, 0x8a, 0x0a, 0x01, 0x09]).collect();
    bytes.extend(b"Host: x\r\n\r\n");
    for at in 0..=bytes.len() + 1 {
        let naive = bytes
            .get(at..)
            .and_then(|r| r.iter().position(|&b| b == LF))
            .map(|i| at + i);
        assert_eq!(next_lf(&bytes, at), naive, "{at}");
    }
}

#[test]
fn bare_lf_and_leading_empty_lines() {
    let bytes = b"\r\n\nGET / HTTP/1.1\nHost: x\n\n";
    let req = request(bytes);
    assert_eq!(req.headers[0].line, 18..26);
    // An empty line alone is not a head.
    assert_eq!(find_end(b"\r\n\r\n"), None);
    assert_eq!(find_end(b"\n\n\n"), None);
}

#[test]
fn errors_and_limits() {
    let limits = Limits {
        max_head_len: 32,
        max_headers: 2,
    };
    assert_eq!(
        parse_request(&[b'a'; 33], limits),
        Err(Error::TooLarge { max: 32 })
    );
    assert_eq!(parse_request(&[b'G'; 32], limits), Ok(None));
    assert_eq!(
        parse_request(b"GET / HTTP/1.1\r\na: 1\r\nb: 2\r\nc: 3\r\n\r\n", limits),
        Err(Error::TooManyHeaders { max: 2 })
    );
    let e = parse_request(b"GET / HTTP/2.0\r\n\r\n", limits).unwrap_err();
    assert_eq!(e.to_string(), "invalid HTTP version");
    let e = parse_request(b"GE T / HTTP/1.1\r\n\r\n", limits).unwrap_err();
    assert_eq!(e, Error::Malformed(Malformed::Version));
    let e = parse_response(b"HTTP/1.1 2x0 OK\r\n\r\n", limits).unwrap_err();
    assert_eq!(e.to_string(), "invalid response status");
}
