//! Handshake tests: the RFC's example, then every way to get 400 or 426.

use super::*;

const RFC_REQUEST: &str = "GET /chat HTTP/1.1\r\n\
Host: server.example.com\r\n\
Upgrade: websocket\r\n\
Connection: Upgrade\r\n\
Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\
Origin: http://example.com\r\n\
Sec-WebSocket-Protocol: chat, superchat\r\n\
Sec-WebSocket-Version: 13\r\n\
\r\n";

/// Parses `request` three ways (whole, every prefix incomplete, with trailing bytes) and
/// validates it against `protocols`.
fn check(request: &str, protocols: &[&str]) -> Result<Accepted, HandshakeError> {
    let bytes = request.as_bytes();
    let (head, len) = parse_request_head(bytes).unwrap().unwrap();
    assert_eq!(len, bytes.len());
    for cut in 0..bytes.len() {
        assert_eq!(
            parse_request_head(&bytes[..cut]).unwrap(),
            None,
            "prefix {cut}"
        );
    }
    let mut trailing = bytes.to_vec();
    trailing.extend_from_slice(&[0x81, 0x85, 0x37, 0xfa]);
    let (head2, len2) = parse_request_head(&trailing).unwrap().unwrap();
    assert_eq!((&head2, len2), (&head, len));
    validate_request(&head, protocols)
}

/// The RFC request with header `name` replaced by `value` (or removed when `None`).
fn with(name: &str, value: Option<&str>) -> String {
    let mut out = String::new();
    for line in RFC_REQUEST.split_inclusive("\r\n") {
        if line
            .to_ascii_lowercase()
            .starts_with(&format!("{}:", name.to_ascii_lowercase()))
        {
            if let Some(v) = value {
                out.push_str(&format!("{name}: {v}\r\n"));
            }
        } else {
            out.push_str(line);
        }
    }
    out
}

fn refused(request: &str) -> HandshakeError {
    check(request, &[]).unwrap_err()
}

#[test]
fn rfc_1_3_accept_key() {
    assert_eq!(
        accept_key(b"dGhlIHNhbXBsZSBub25jZQ=="),
        "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="
    );
    let steps = accept_steps("dGhlIHNhbXBsZSBub25jZQ==");
    assert_eq!(
        steps.concatenated,
        "dGhlIHNhbXBsZSBub25jZQ==258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
    );
    // RFC 6455 §1.3 gives the SHA-1 in hex.
    let rfc_sha1 = [
        0xb3, 0x7a, 0x4f, 0x2c, 0xc0, 0x62, 0x4f, 0x16, 0x90, 0xf6, 0x46, 0x06, 0xcf, 0x38, 0x59,
        0x45, 0xb2, 0xbe, 0xc4, 0xea,
    ];
    assert_eq!(steps.sha1, rfc_sha1);
    assert_eq!(steps.accept, "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
}

#[test]
fn rfc_1_3_example_is_accepted() {
    let accepted = check(RFC_REQUEST, &["chat"]).unwrap();
    assert_eq!(accepted.accept, "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    assert_eq!(accepted.protocol.as_deref(), Some("chat"));
    assert_eq!(accepted.offered_protocols, ["chat", "superchat"]);
    assert_eq!(accepted.origin.as_deref(), Some("http://example.com"));
    assert_eq!(accepted.host.as_deref(), Some("server.example.com"));
    let mut out = Vec::new();
    accepted.write_response(&mut out);
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "HTTP/1.1 101 Switching Protocols\r\n\
         Upgrade: websocket\r\n\
         Connection: Upgrade\r\n\
         Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\
         Sec-WebSocket-Protocol: chat\r\n\r\n"
    );
}

#[test]
fn subprotocol_follows_client_preference() {
    assert_eq!(
        check(RFC_REQUEST, &["superchat", "chat"])
            .unwrap()
            .protocol
            .as_deref(),
        Some("chat")
    );
    assert_eq!(
        check(RFC_REQUEST, &["superchat"])
            .unwrap()
            .protocol
            .as_deref(),
        Some("superchat")
    );
    let none = check(RFC_REQUEST, &["mqtt"]).unwrap();
    assert_eq!(none.protocol, None);
    assert_eq!(none.response_headers().len(), 3);
    // Several headers, comma lists, blanks.
    let req = with("Sec-WebSocket-Protocol", Some(" , a ,b"))
        .replace("\r\n\r\n", "\r\nSec-WebSocket-Protocol: c, d\r\n\r\n");
    let acc = check(&req, &["d", "b"]).unwrap();
    assert_eq!(acc.offered_protocols, ["a", "b", "c", "d"]);
    assert_eq!(acc.protocol.as_deref(), Some("b"));
    // Exact match.
    assert_eq!(check(RFC_REQUEST, &["CHAT"]).unwrap().protocol, None);
}

#[test]
fn tokens_in_lists_and_case_insensitive() {
    let req = with("Upgrade", Some("h2c, WebSocket"));
    assert!(check(&req, &[]).is_ok());
    let req = with("Connection", Some("keep-alive, upgrade"));
    assert!(check(&req, &[]).is_ok());
    let req = with("Connection", Some("keep-alive,UPGRADE"));
    assert!(check(&req, &[]).is_ok());
    let req = RFC_REQUEST
        .replace("Sec-WebSocket-Key", "sec-websocket-key")
        .replace("Host:", "HOST:");
    assert!(check(&req, &[]).is_ok());
    // "Upgrade" as a substring of another token does not count.
    let req = with("Connection", Some("Upgrade-Insecure"));
    assert_eq!(refused(&req), HandshakeError::MissingConnectionUpgrade);
}

#[test]
fn every_400() {
    let cases: Vec<(String, HandshakeError)> = vec![
        (
            RFC_REQUEST.replace("GET", "POST"),
            HandshakeError::MethodNotGet("POST".into()),
        ),
        (
            RFC_REQUEST.replace("HTTP/1.1", "HTTP/1.0"),
            HandshakeError::HttpVersionTooOld(0),
        ),
        (with("Host", None), HandshakeError::MissingHost),
        (with("Upgrade", None), HandshakeError::MissingUpgrade),
        (with("Upgrade", Some("h2c")), HandshakeError::MissingUpgrade),
        (
            with("Connection", None),
            HandshakeError::MissingConnectionUpgrade,
        ),
        (
            with("Connection", Some("keep-alive")),
            HandshakeError::MissingConnectionUpgrade,
        ),
        (with("Sec-WebSocket-Key", None), HandshakeError::MissingKey),
        (
            with("Sec-WebSocket-Key", Some("dGhlIHNhbXBsZQ==")),
            HandshakeError::InvalidKey("dGhlIHNhbXBsZQ==".into()),
        ),
        (
            with("Sec-WebSocket-Key", Some("not base64!")),
            HandshakeError::InvalidKey("not base64!".into()),
        ),
        (
            RFC_REQUEST.replace(
                "\r\n\r\n",
                "\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n",
            ),
            HandshakeError::DuplicateKey,
        ),
        (
            with("Sec-WebSocket-Version", None),
            HandshakeError::MissingVersion,
        ),
        (
            RFC_REQUEST.replace("\r\n\r\n", "\r\nSec-WebSocket-Version: 13\r\n\r\n"),
            HandshakeError::DuplicateVersion,
        ),
    ];
    for (req, expected) in cases {
        let err = refused(&req);
        assert_eq!(err, expected, "{req}");
        assert_eq!(err.status(), 400);
        assert!(err.extra_headers().is_empty());
        assert!(err.rule().starts_with("RFC 6455 §4.2.1"), "{err:?}");
    }
}

#[test]
fn wrong_version_is_426() {
    for v in ["8", "14", "13, 8", "thirteen"] {
        let err = refused(&with("Sec-WebSocket-Version", Some(v)));
        assert_eq!(err, HandshakeError::UnsupportedVersion(v.into()));
        assert_eq!(err.status(), 426);
        assert_eq!(err.rule(), "RFC 6455 §4.2.2");
        assert_eq!(
            err.extra_headers(),
            [("Sec-WebSocket-Version", "13".to_owned())]
        );
        let mut out = Vec::new();
        err.write_response(&mut out);
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.starts_with("HTTP/1.1 426 Upgrade Required\r\nSec-WebSocket-Version: 13\r\n"),
            "{text}"
        );
    }
}

#[test]
fn extensions_are_recorded_not_accepted() {
    let req = RFC_REQUEST.replace(
        "\r\n\r\n",
        "\r\nSec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n",
    );
    let acc = check(&req, &[]).unwrap();
    assert_eq!(
        acc.offered_extensions,
        ["permessage-deflate; client_max_window_bits"]
    );
    assert!(
        !acc.response_headers()
            .iter()
            .any(|(n, _)| n.contains("Extensions"))
    );
}

#[test]
fn malformed_and_oversized_heads() {
    assert!(matches!(
        parse_request_head(b"GET / HTTP/1.1\r\nHost\r\n\r\n"),
        Err(HandshakeError::MalformedRequest(_))
    ));
    assert!(matches!(
        parse_request_head(b"\x16\x03\x01\x02\x00"),
        Err(HandshakeError::MalformedRequest(_))
    ));
    let many: String = (0..=MAX_HEADERS).map(|i| format!("X-{i}: v\r\n")).collect();
    let req = format!("GET / HTTP/1.1\r\n{many}\r\n");
    assert_eq!(
        parse_request_head(req.as_bytes()),
        Err(HandshakeError::TooManyHeaders)
    );
    let long = format!("GET /{} HTTP/1.1\r\n", "a".repeat(MAX_REQUEST_HEAD_LEN));
    assert_eq!(
        parse_request_head(long.as_bytes()),
        Err(HandshakeError::HeadTooLarge)
    );
}
