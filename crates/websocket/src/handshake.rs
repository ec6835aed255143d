//! The opening handshake, server side (RFC 6455 §1.3, §4.2.1, §4.2.2).
//!
//! A WebSocket starts life as an HTTP/1.1 request that asks to switch protocols. The
//! RFC's own example (§1.3), request then response:
//!
//! ```text
//!         GET /chat HTTP/1.1
//!         Host: server.example.com
//!         Upgrade: websocket
//!         Connection: Upgrade
//!         Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==
//!         Origin: http://example.com
//!         Sec-WebSocket-Protocol: chat, superchat
//!         Sec-WebSocket-Version: 13
//!
//!         HTTP/1.1 101 Switching Protocols
//!         Upgrade: websocket
//!         Connection: Upgrade
//!         Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=
//!         Sec-WebSocket-Protocol: chat
//! ```
//!
//! The accept key proves the server read the request as a WebSocket handshake (and is not
//! some unsuspecting HTTP server): concatenate the client's key with a fixed [`GUID`],
//! take the SHA-1, and base64 it (§1.3, §4.2.2 item 5.4). [`accept_steps`] shows each step.
//!
//! Walk-through of [`validate_request`], the checks of §4.2.1, in order:
//!
//! 1. the method is GET and the version HTTP/1.1 or later (item 1);
//! 2. a `Host` header is present (item 2);
//! 3. `Upgrade` lists the token `websocket`, case-insensitively (item 3);
//! 4. `Connection` lists the token `Upgrade`, case-insensitively (item 4);
//! 5. exactly one `Sec-WebSocket-Key`, which base64-decodes to 16 bytes (item 5);
//! 6. exactly one `Sec-WebSocket-Version`, and it is `13` (item 6).
//!
//! A request failing 1-5, or with no version at all, is not a WebSocket handshake as the
//! RFC describes it, and §4.2.1 says to answer "an appropriate error code (such as 400 Bad
//! Request)": so 400, a wrong method included (the RFC names no 405). A request whose
//! version is present but not 13 gets 426 Upgrade Required with `Sec-WebSocket-Version: 13`,
//! which is what §4.2.2 item 4 asks for when "this version does not match a version
//! understood by the server".
//!
//! The subprotocol (§4.2.2 item 5.4, §1.9): the client lists what it speaks (in one or
//! several `Sec-WebSocket-Protocol` headers, comma-separated, in its order of preference);
//! the server picks the first one it supports, or none (then it sends no header). Tokens
//! are compared exactly. Extensions (`Sec-WebSocket-Extensions`) are recorded but never
//! accepted: this server negotiates none, so RSV bits stay forbidden.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use http1::head::list_items;
use sha1::{Digest, Sha1};

/// RFC 6455 §1.3: the GUID appended to the client's key before hashing.
pub const GUID: &str = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
/// RFC 6455 §4.1 item 7: the key is a base64-encoded random 16-byte value.
pub const KEY_NONCE_LEN: usize = 16;
/// RFC 6455 §4.1 item 9: the only protocol version this RFC defines.
pub const SUPPORTED_VERSION: &str = "13";
/// The largest request head accepted before it is refused, a bound on buffering.
pub const MAX_REQUEST_HEAD_LEN: usize = 16 * 1024;
/// The most header fields accepted in a request head.
pub const MAX_HEADERS: usize = 64;

/// RFC 6455 §4.1 item 3, §4.2.1 item 3: the token required in `Upgrade`.
const UPGRADE_TOKEN: &str = "websocket";
/// RFC 6455 §4.2.1 item 4: the token required in `Connection`.
const CONNECTION_TOKEN: &str = "Upgrade";

/// The accept key for a client's `Sec-WebSocket-Key` (RFC 6455 §4.2.2 item 5.4).
pub fn accept_key(sec_websocket_key: &[u8]) -> String {
    let mut sha = Sha1::new();
    sha.update(sec_websocket_key);
    sha.update(GUID.as_bytes());
    BASE64.encode(sha.finalize())
}

/// Each step of computing the accept key, for teaching.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AcceptSteps {
    /// The client's key, as sent.
    pub key: String,
    /// The key followed by the GUID.
    pub concatenated: String,
    /// SHA-1 of the concatenation.
    pub sha1: [u8; 20],
    /// Base64 of the SHA-1: the `Sec-WebSocket-Accept` value.
    pub accept: String,
}

/// Computes the accept key step by step (RFC 6455 §1.3).
pub fn accept_steps(sec_websocket_key: &str) -> AcceptSteps {
    let concatenated = format!("{sec_websocket_key}{GUID}");
    let sha1: [u8; 20] = Sha1::digest(concatenated.as_bytes()).into();
    AcceptSteps {
        key: sec_websocket_key.to_owned(),
        concatenated,
        sha1,
        accept: BASE64.encode(sha1),
    }
}

/// A parsed HTTP request head (request line and header fields), borrowing the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestHead<'a> {
    /// The method, e.g. `GET`.
    pub method: &'a str,
    /// The request target, e.g. `/ws/echo?x=1`.
    pub path: &'a str,
    /// 1 for HTTP/1.1, 0 for HTTP/1.0.
    pub http_minor_version: u8,
    /// The header fields in order, names as sent.
    pub headers: Vec<(&'a str, &'a [u8])>,
}

impl<'a> RequestHead<'a> {
    /// Every value of the header `name` (case-insensitive), in order.
    pub fn header_values<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'a [u8]> + 's {
        self.headers
            .iter()
            .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| *v)
    }
}

impl<'a> From<&http1::Request<'a>> for RequestHead<'a> {
    fn from(req: &http1::Request<'a>) -> Self {
        RequestHead {
            method: req.method,
            path: req.target,
            http_minor_version: req.minor_version,
            headers: req.headers.iter().map(|h| (h.name, h.value)).collect(),
        }
    }
}

/// The bounds on a handshake's request head.
const LIMITS: http1::Limits = http1::Limits {
    max_head_len: MAX_REQUEST_HEAD_LEN,
    max_headers: MAX_HEADERS,
};

/// Parses the request head with the `http1` crate. `Ok(None)`: incomplete, read more.
/// `Ok(Some((head, n)))`: the head took the first `n` bytes.
pub fn parse_request_head(
    bytes: &[u8],
) -> Result<Option<(RequestHead<'_>, usize)>, HandshakeError> {
    match http1::parse_request(bytes, LIMITS) {
        Ok(Some(req)) => Ok(Some((RequestHead::from(&req), req.len))),
        Ok(None) => Ok(None),
        Err(http1::head::Error::TooLarge { .. }) => Err(HandshakeError::HeadTooLarge),
        Err(http1::head::Error::TooManyHeaders { .. }) => Err(HandshakeError::TooManyHeaders),
        Err(http1::head::Error::Malformed(e)) => {
            Err(HandshakeError::MalformedRequest(e.to_string()))
        }
    }
}

/// A validated handshake: everything needed to answer 101.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Accepted {
    /// The client's `Sec-WebSocket-Key`, trimmed.
    pub key: String,
    /// The `Sec-WebSocket-Accept` value.
    pub accept: String,
    /// The chosen subprotocol, if any.
    pub protocol: Option<String>,
    /// Every subprotocol the client offered, in its order.
    pub offered_protocols: Vec<String>,
    /// Every extension offer, as sent (never accepted).
    pub offered_extensions: Vec<String>,
    /// The `Origin` header, if sent (browsers always send it).
    pub origin: Option<String>,
    /// The `Host` header.
    pub host: Option<String>,
}

impl Accepted {
    /// The header fields of the 101 response (RFC 6455 §4.2.2 item 5).
    pub fn response_headers(&self) -> Vec<(&'static str, String)> {
        let mut headers = vec![
            ("Upgrade", UPGRADE_TOKEN.to_owned()),
            ("Connection", CONNECTION_TOKEN.to_owned()),
            ("Sec-WebSocket-Accept", self.accept.clone()),
        ];
        if let Some(p) = &self.protocol {
            headers.push(("Sec-WebSocket-Protocol", p.clone()));
        }
        headers
    }

    /// Appends the exact bytes of the `101 Switching Protocols` response.
    pub fn write_response(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(b"HTTP/1.1 101 Switching Protocols\r\n");
        write_headers(&self.response_headers(), out);
        out.extend_from_slice(b"\r\n");
    }
}

fn write_headers(headers: &[(&'static str, String)], out: &mut Vec<u8>) {
    for (name, value) in headers {
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(b": ");
        out.extend_from_slice(value.as_bytes());
        out.extend_from_slice(b"\r\n");
    }
}

/// Why a handshake was refused; each variant knows its HTTP status.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HandshakeError {
    /// RFC 9112 §3: the bytes are not an HTTP/1.x request.
    #[error("malformed HTTP request: {0}")]
    MalformedRequest(String),
    /// The request head is longer than [`MAX_REQUEST_HEAD_LEN`].
    #[error("request head longer than {MAX_REQUEST_HEAD_LEN} bytes")]
    HeadTooLarge,
    /// The request has more than [`MAX_HEADERS`] header fields.
    #[error("more than {MAX_HEADERS} header fields")]
    TooManyHeaders,
    /// RFC 6455 §4.2.1 item 1: the method must be GET.
    #[error("method {0} is not GET")]
    MethodNotGet(String),
    /// RFC 6455 §4.2.1 item 1: HTTP/1.1 or higher.
    #[error("HTTP/1.{0} is older than HTTP/1.1")]
    HttpVersionTooOld(u8),
    /// RFC 6455 §4.2.1 item 2: a Host header is required.
    #[error("no Host header")]
    MissingHost,
    /// RFC 6455 §4.2.1 item 3: Upgrade must include "websocket".
    #[error("Upgrade header does not include \"websocket\"")]
    MissingUpgrade,
    /// RFC 6455 §4.2.1 item 4: Connection must include "Upgrade".
    #[error("Connection header does not include \"Upgrade\"")]
    MissingConnectionUpgrade,
    /// RFC 6455 §4.2.1 item 5: Sec-WebSocket-Key is required.
    #[error("no Sec-WebSocket-Key header")]
    MissingKey,
    /// RFC 6455 §4.2.1 item 5, §11.3.1: the key header must appear once.
    #[error("Sec-WebSocket-Key appears more than once")]
    DuplicateKey,
    /// RFC 6455 §4.2.1 item 5: the key must base64-decode to 16 bytes.
    #[error("Sec-WebSocket-Key {0:?} does not decode to 16 bytes")]
    InvalidKey(String),
    /// RFC 6455 §4.2.1 item 6: Sec-WebSocket-Version is required.
    #[error("no Sec-WebSocket-Version header")]
    MissingVersion,
    /// RFC 6455 §4.2.1 item 6, §11.3.5: the version header must appear once.
    #[error("Sec-WebSocket-Version appears more than once")]
    DuplicateVersion,
    /// RFC 6455 §4.2.2 item 4: a version this server does not speak.
    #[error("Sec-WebSocket-Version {0:?} is not supported (13 is)")]
    UnsupportedVersion(String),
}

impl HandshakeError {
    /// The HTTP status to answer with: 426 for an unsupported version, else 400.
    pub fn status(&self) -> u16 {
        match self {
            HandshakeError::UnsupportedVersion(_) => 426,
            _ => 400,
        }
    }

    /// The rule broken, e.g. `"RFC 6455 §4.2.1"`.
    pub fn rule(&self) -> &'static str {
        match self {
            HandshakeError::MalformedRequest(_)
            | HandshakeError::HeadTooLarge
            | HandshakeError::TooManyHeaders => "RFC 9112 §2",
            HandshakeError::UnsupportedVersion(_) => "RFC 6455 §4.2.2",
            _ => "RFC 6455 §4.2.1",
        }
    }

    /// A one-line explanation, safe to show the client.
    pub fn message(&self) -> String {
        format!("{} ({})", self, self.rule())
    }

    /// Header fields the error response must carry (426 → `Sec-WebSocket-Version: 13`).
    pub fn extra_headers(&self) -> Vec<(&'static str, String)> {
        match self {
            HandshakeError::UnsupportedVersion(_) => {
                vec![("Sec-WebSocket-Version", SUPPORTED_VERSION.to_owned())]
            }
            _ => Vec::new(),
        }
    }

    /// The reason phrase for [`status`](Self::status).
    pub fn reason_phrase(&self) -> &'static str {
        match self.status() {
            426 => "Upgrade Required",
            _ => "Bad Request",
        }
    }

    /// Appends a complete HTTP/1.1 error response with a plain-text body.
    pub fn write_response(&self, out: &mut Vec<u8>) {
        let body = format!("{}\n", self.message());
        out.extend_from_slice(
            format!("HTTP/1.1 {} {}\r\n", self.status(), self.reason_phrase()).as_bytes(),
        );
        let mut headers = self.extra_headers();
        headers.push(("Content-Type", "text/plain; charset=utf-8".to_owned()));
        headers.push(("Content-Length", body.len().to_string()));
        headers.push(("Connection", "close".to_owned()));
        write_headers(&headers, out);
        out.extend_from_slice(b"\r\n");
        out.extend_from_slice(body.as_bytes());
    }
}

fn has_token(req: &RequestHead<'_>, header: &str, token: &str) -> bool {
    list_items(req.header_values(header)).any(|t| t.eq_ignore_ascii_case(token))
}

/// Exactly one value of `name`, trimmed; `Ok(None)` when absent, `Err(())` when repeated.
fn single<'a>(req: &RequestHead<'a>, name: &str) -> Result<Option<&'a [u8]>, ()> {
    let mut values = req.header_values(name);
    let first = values.next();
    if values.next().is_some() {
        return Err(());
    }
    Ok(first.map(<[u8]>::trim_ascii))
}

fn lossy(v: &[u8]) -> String {
    String::from_utf8_lossy(v.trim_ascii()).into_owned()
}

/// Checks a request against RFC 6455 §4.2.1 and picks a subprotocol from
/// `supported_protocols` in the client's order of preference.
pub fn validate_request(
    req: &RequestHead<'_>,
    supported_protocols: &[&str],
) -> Result<Accepted, HandshakeError> {
    if req.method != "GET" {
        return Err(HandshakeError::MethodNotGet(req.method.to_owned()));
    }
    if req.http_minor_version < 1 {
        return Err(HandshakeError::HttpVersionTooOld(req.http_minor_version));
    }
    let host = req.header_values("Host").next().map(lossy);
    if host.is_none() {
        return Err(HandshakeError::MissingHost);
    }
    if !has_token(req, "Upgrade", UPGRADE_TOKEN) {
        return Err(HandshakeError::MissingUpgrade);
    }
    if !has_token(req, "Connection", CONNECTION_TOKEN) {
        return Err(HandshakeError::MissingConnectionUpgrade);
    }
    let key = single(req, "Sec-WebSocket-Key")
        .map_err(|()| HandshakeError::DuplicateKey)?
        .ok_or(HandshakeError::MissingKey)?;
    let key_text = lossy(key);
    match BASE64.decode(key) {
        Ok(nonce) if nonce.len() == KEY_NONCE_LEN => {}
        _ => return Err(HandshakeError::InvalidKey(key_text)),
    }
    let version = single(req, "Sec-WebSocket-Version")
        .map_err(|()| HandshakeError::DuplicateVersion)?
        .ok_or(HandshakeError::MissingVersion)?;
    if version != SUPPORTED_VERSION.as_bytes() {
        return Err(HandshakeError::UnsupportedVersion(lossy(version)));
    }

    let offered_protocols: Vec<String> = list_items(req.header_values("Sec-WebSocket-Protocol"))
        .map(str::to_owned)
        .collect();
    let protocol = offered_protocols
        .iter()
        .find(|p| supported_protocols.contains(&p.as_str()))
        .cloned();
    let offered_extensions = list_items(req.header_values("Sec-WebSocket-Extensions"))
        .map(str::to_owned)
        .collect();
    Ok(Accepted {
        accept: accept_key(key),
        key: key_text,
        protocol,
        offered_protocols,
        offered_extensions,
        origin: req.header_values("Origin").next().map(lossy),
        host,
    })
}

#[cfg(test)]
mod tests;
