//! Where a message's body ends (RFC 9112 §6.3): the rule that keeps a connection's
//! messages apart.
//!
//! A head says how long the body after it is, and a reader that gets this wrong reads the
//! next request as part of this one's body (or the reverse): request smuggling (RFC 9112
//! §11.2). The rules, in the RFC's order, as [`body_length`] applies them:
//!
//! 1. A response to HEAD, and every 1xx, 204 and 304 response, has no body (item 1).
//! 2. A 2xx response to CONNECT has none either: the connection becomes a tunnel (item 2).
//! 3. With `Transfer-Encoding` *and* `Content-Length`, the first overrides the second, but
//!    the message "ought to be handled as an error" (item 3): it is one here.
//! 4. `Transfer-Encoding` whose final coding is `chunked`: the body is chunked (§7.1). A
//!    request whose final coding is anything else cannot be framed: 400 (item 4); such a
//!    response is read until the connection closes. `chunked` twice is an error (§6.1), and
//!    so is `Transfer-Encoding` in an HTTP/1.0 message (§6.1).
//! 5. `Content-Length` (RFC 9110 §8.6: `1*DIGIT`): that many bytes. Several values (in one
//!    field or several) are accepted only when all are the same number (item 5); otherwise
//!    the framing is invalid: 400 for a request.
//! 6. A request with neither has no body (item 6).
//! 7. A response with neither runs until the connection closes (item 7).

use crate::head::{Header, Request, Response, list_items, values};

/// How the body after a head is framed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyLength {
    /// Exactly this many bytes (0: no body).
    Length(u64),
    /// Chunked transfer coding (RFC 9112 §7.1): the chunks say where it ends.
    Chunked,
    /// Everything until the connection closes (responses only).
    UntilClose,
    /// No body, and the connection is no longer HTTP: a tunnel (2xx to CONNECT) or a
    /// protocol switch (101).
    Tunnel,
}

/// A head whose body length cannot be known: the message framing is invalid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum BodyError {
    /// RFC 9112 §6.3 item 3: both `Transfer-Encoding` and `Content-Length`.
    #[error("both Transfer-Encoding and Content-Length")]
    LengthWithTransferEncoding,
    /// RFC 9112 §6.3 item 4: a request's final transfer coding is not `chunked`.
    #[error("the final transfer coding is not chunked")]
    NotChunkedLast,
    /// RFC 9112 §6.1: `chunked` is applied more than once.
    #[error("chunked is applied more than once")]
    ChunkedTwice,
    /// RFC 9112 §6.1: an HTTP/1.0 message with `Transfer-Encoding`.
    #[error("Transfer-Encoding in an HTTP/1.0 message")]
    TransferEncodingInHttp10,
    /// RFC 9112 §6.3 item 5, RFC 9110 §8.6: a `Content-Length` that is not digits.
    #[error("a Content-Length that is not a number")]
    InvalidLength,
    /// RFC 9112 §6.3 item 5: `Content-Length` values that disagree.
    #[error("Content-Length values that disagree")]
    ConflictingLengths,
}

impl BodyError {
    /// The rule broken.
    pub fn rule(&self) -> &'static str {
        match self {
            BodyError::ChunkedTwice | BodyError::TransferEncodingInHttp10 => "RFC 9112 §6.1",
            _ => "RFC 9112 §6.3",
        }
    }
}

/// RFC 9112 §7.1: the transfer coding that frames a body in chunks.
const CHUNKED: &str = "chunked";

/// Which message a head starts, as far as its body is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Message<'a> {
    /// A request.
    Request,
    /// A response with this status, to a request with this method.
    Response {
        /// The status code.
        status: u16,
        /// The method of the request it answers (`HEAD` and `CONNECT` matter).
        request_method: &'a str,
    },
}

/// The body length of a message with these headers (RFC 9112 §6.3).
pub fn body_length(
    message: Message<'_>,
    minor_version: u8,
    headers: &[Header<'_>],
) -> Result<BodyLength, BodyError> {
    if let Message::Response {
        status,
        request_method,
    } = message
    {
        if status == 101 {
            return Ok(BodyLength::Tunnel);
        }
        if request_method == "CONNECT" && (200..300).contains(&status) {
            return Ok(BodyLength::Tunnel);
        }
        if request_method == "HEAD" || (100..200).contains(&status) || [204, 304].contains(&status)
        {
            return Ok(BodyLength::Length(0));
        }
    }
    let has_length = values(headers, "content-length").next().is_some();
    let mut codings = list_items(values(headers, "transfer-encoding")).peekable();
    if codings.peek().is_some() {
        if minor_version == 0 {
            return Err(BodyError::TransferEncodingInHttp10);
        }
        if has_length {
            return Err(BodyError::LengthWithTransferEncoding);
        }
        let mut chunked = 0;
        let mut last_chunked = false;
        for coding in codings {
            // A coding may carry parameters: `gzip;q=1` (RFC 9110 §10.1.4).
            let name = coding.split(';').next().unwrap_or_default().trim();
            last_chunked = name.eq_ignore_ascii_case(CHUNKED);
            chunked += usize::from(last_chunked);
        }
        return match (chunked, last_chunked, message) {
            (2.., _, _) => Err(BodyError::ChunkedTwice),
            (_, true, _) => Ok(BodyLength::Chunked),
            (_, false, Message::Request) => Err(BodyError::NotChunkedLast),
            (_, false, Message::Response { .. }) => Ok(BodyLength::UntilClose),
        };
    }
    let mut length = None;
    for item in values(headers, "content-length").flat_map(|v| v.split(|&b| b == b',')) {
        let item = item.trim_ascii();
        if item.is_empty() || !item.iter().all(u8::is_ascii_digit) {
            return Err(BodyError::InvalidLength);
        }
        let n = std::str::from_utf8(item)
            .ok()
            .and_then(|s| s.parse::<u64>().ok())
            .ok_or(BodyError::InvalidLength)?;
        if length.is_some_and(|l| l != n) {
            return Err(BodyError::ConflictingLengths);
        }
        length = Some(n);
    }
    Ok(match (length, message) {
        (Some(n), _) => BodyLength::Length(n),
        (None, Message::Request) => BodyLength::Length(0),
        (None, Message::Response { .. }) => BodyLength::UntilClose,
    })
}

impl Request<'_> {
    /// The length of the body after this head (RFC 9112 §6.3).
    pub fn body_length(&self) -> Result<BodyLength, BodyError> {
        body_length(Message::Request, self.minor_version, &self.headers)
    }
}

impl Response<'_> {
    /// The length of the body after this head, in answer to `request_method`.
    pub fn body_length(&self, request_method: &str) -> Result<BodyLength, BodyError> {
        let message = Message::Response {
            status: self.status,
            request_method,
        };
        body_length(message, self.minor_version, &self.headers)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::head::{Limits, parse_request, parse_response};

    fn request(headers: &str) -> Result<BodyLength, BodyError> {
        let head = format!("POST / HTTP/1.1\r\nHost: x\r\n{headers}\r\n");
        parse_request(head.as_bytes(), Limits::default())
            .unwrap()
            .unwrap()
            .body_length()
    }

    fn response(status: &str, method: &str, headers: &str) -> Result<BodyLength, BodyError> {
        let head = format!("HTTP/1.1 {status}\r\n{headers}\r\n");
        parse_response(head.as_bytes(), Limits::default())
            .unwrap()
            .unwrap()
            .body_length(method)
    }

    #[test]
    fn requests() {
        use BodyLength::*;
        assert_eq!(request(""), Ok(Length(0)));
        assert_eq!(request("Content-Length: 5\r\n"), Ok(Length(5)));
        assert_eq!(
            request("Content-Length: 5, 5\r\nContent-Length: 5\r\n"),
            Ok(Length(5))
        );
        assert_eq!(
            request("Content-Length: 5\r\nContent-Length: 6\r\n"),
            Err(BodyError::ConflictingLengths)
        );
        assert_eq!(
            request("Content-Length: -1\r\n"),
            Err(BodyError::InvalidLength)
        );
        assert_eq!(
            request("Content-Length: \r\n"),
            Err(BodyError::InvalidLength)
        );
        assert_eq!(
            request("Content-Length: 99999999999999999999\r\n"),
            Err(BodyError::InvalidLength)
        );
        assert_eq!(request("Transfer-Encoding: chunked\r\n"), Ok(Chunked));
        assert_eq!(request("Transfer-Encoding: gzip, CHUNKED\r\n"), Ok(Chunked));
        assert_eq!(
            request("Transfer-Encoding: chunked, gzip\r\n"),
            Err(BodyError::NotChunkedLast)
        );
        assert_eq!(
            request("Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n"),
            Err(BodyError::ChunkedTwice)
        );
        assert_eq!(
            request("Transfer-Encoding: chunked\r\nContent-Length: 5\r\n"),
            Err(BodyError::LengthWithTransferEncoding)
        );
        let head = b"POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n";
        let req = parse_request(head, Limits::default()).unwrap().unwrap();
        assert_eq!(req.body_length(), Err(BodyError::TransferEncodingInHttp10));
    }

    #[test]
    fn responses() {
        use BodyLength::*;
        assert_eq!(response("101 Switching Protocols", "GET", ""), Ok(Tunnel));
        assert_eq!(
            response("200 OK", "CONNECT", "Content-Length: 5\r\n"),
            Ok(Tunnel)
        );
        assert_eq!(
            response("200 OK", "HEAD", "Content-Length: 5\r\n"),
            Ok(Length(0))
        );
        for status in ["100 Continue", "204 No Content", "304 Not Modified"] {
            assert_eq!(
                response(status, "GET", "Content-Length: 5\r\n"),
                Ok(Length(0))
            );
        }
        assert_eq!(
            response("200 OK", "GET", "Content-Length: 5\r\n"),
            Ok(Length(5))
        );
        assert_eq!(response("200 OK", "GET", ""), Ok(UntilClose));
        assert_eq!(
            response("200 OK", "GET", "Transfer-Encoding: gzip\r\n"),
            Ok(UntilClose)
        );
    }
}
