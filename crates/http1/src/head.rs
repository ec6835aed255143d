//! Message heads (RFC 9112 §2-§5): where a head ends, and what it says.
//!
//! Every HTTP/1.1 message starts with a head of text lines, ended by an empty line:
//!
//! ```text
//!   HTTP-message   = start-line CRLF *( field-line CRLF ) CRLF [ message-body ]   (§2.1)
//!   start-line     = request-line / status-line                                   (§2.1)
//!   request-line   = method SP request-target SP HTTP-version                     (§3)
//!   status-line    = HTTP-version SP status-code SP [ reason-phrase ]              (§4)
//!   field-line     = field-name ":" OWS field-value OWS                            (§5)
//! ```
//!
//! Walk-through:
//!
//! 1. [`find_end`] finds the empty line that ends a head, without parsing it: a reader
//!    that is handed bytes in pieces calls it on what it has buffered (with where its last
//!    scan stopped, so a head fed byte by byte costs linear time). Like `httparse` it accepts
//!    a bare LF as a line ending (§2.2: "a recipient MAY recognize a single LF") and skips
//!    empty lines before the start line (§2.2: a server "SHOULD ignore at least one").
//! 2. [`parse_request`] and [`parse_response`] parse a head with `httparse` into a
//!    [`Request`] or [`Response`] whose [`Header`]s carry their byte ranges, so a dissector
//!    can point at them. `Ok(None)` means "incomplete, read more"; an [`Error`] is a head no
//!    server should act on.
//! 3. Both are bounded by [`Limits`]: how many bytes a reader may buffer while a head is
//!    incomplete, and how many header fields a head may have.
//!
//! What the head says about the body that follows is [`crate::body`]'s business.

use std::mem::MaybeUninit;
use std::ops::Range;

/// RFC 9112 §2.2: lines end with CR LF (a bare LF is accepted).
const LF: u8 = b'\n';
/// RFC 9112 §2.2: the CR of CR LF.
const CR: u8 = b'\r';

/// How many bytes of an incomplete head a reader buffers by default before it gives up.
pub const DEFAULT_MAX_HEAD_LEN: usize = 16 * 1024;
/// How many header fields a head may have by default (hyper's default limit, so a reader
/// following hyper's connections refuses nothing hyper accepts).
pub const DEFAULT_MAX_HEADERS: usize = 100;

/// The bounds on one head.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The most bytes an incomplete head may take before it is refused.
    pub max_head_len: usize,
    /// The most header fields a head may have.
    pub max_headers: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_head_len: DEFAULT_MAX_HEAD_LEN,
            max_headers: DEFAULT_MAX_HEADERS,
        }
    }
}

/// Why a head cannot be used; the rule is RFC 9112's, the answer 400 Bad Request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The head did not end within [`Limits::max_head_len`] bytes.
    #[error("head longer than {max} bytes")]
    TooLarge {
        /// The limit.
        max: usize,
    },
    /// The head has more than [`Limits::max_headers`] fields.
    #[error("more than {max} header fields")]
    TooManyHeaders {
        /// The limit.
        max: usize,
    },
    /// The bytes are not an HTTP/1.x head.
    #[error("{0}")]
    Malformed(Malformed),
}

impl Error {
    /// The rule broken: the message syntax of RFC 9112 §2.
    pub fn rule(&self) -> &'static str {
        "RFC 9112 §2"
    }
}

/// Which part of a head broke the grammar (the distinctions `httparse` makes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Malformed {
    /// A byte that cannot be in a field name (RFC 9110 §5.1: a token).
    HeaderName,
    /// A byte that cannot be in a field value (RFC 9110 §5.5).
    HeaderValue,
    /// A line that does not end in CR LF or LF (RFC 9112 §2.2).
    NewLine,
    /// A status code that is not three digits (RFC 9112 §4).
    Status,
    /// A method or target with a byte that cannot be there (RFC 9112 §3).
    Token,
    /// A version that is not `HTTP/1.x` (RFC 9112 §2.3).
    Version,
}

impl std::fmt::Display for Malformed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // `httparse`'s own words, so messages read as they always have.
        f.write_str(match self {
            Malformed::HeaderName => "invalid header name",
            Malformed::HeaderValue => "invalid header value",
            Malformed::NewLine => "invalid new line",
            Malformed::Status => "invalid response status",
            Malformed::Token => "invalid token",
            Malformed::Version => "invalid HTTP version",
        })
    }
}

/// One header field of a parsed head, borrowing the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header<'a> {
    /// The name as sent (compare it case-insensitively, RFC 9110 §5.1).
    pub name: &'a str,
    /// The value, without the optional whitespace around it (RFC 9112 §5.1).
    pub value: &'a [u8],
    /// The whole field line in the input, its line ending included.
    pub line: Range<usize>,
    /// The value in the input.
    pub value_at: Range<usize>,
}

/// A parsed request head (RFC 9112 §3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request<'a> {
    /// The method, e.g. `GET` (case-sensitive, RFC 9110 §9.1).
    pub method: &'a str,
    /// The request target, e.g. `/ws/echo?x=1`.
    pub target: &'a str,
    /// 1 for HTTP/1.1, 0 for HTTP/1.0.
    pub minor_version: u8,
    /// The header fields in order.
    pub headers: Vec<Header<'a>>,
    /// How many bytes the head took, its empty line included.
    pub len: usize,
}

/// A parsed response head (RFC 9112 §4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response<'a> {
    /// 1 for HTTP/1.1, 0 for HTTP/1.0.
    pub minor_version: u8,
    /// The status code, e.g. 101.
    pub status: u16,
    /// The reason phrase, for people (RFC 9112 §4).
    pub reason: &'a str,
    /// The header fields in order.
    pub headers: Vec<Header<'a>>,
    /// How many bytes the head took, its empty line included.
    pub len: usize,
}

impl<'a> Request<'a> {
    /// Every value of the header `name` (case-insensitive), in order.
    pub fn values<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'a [u8]> + 's {
        values(&self.headers, name)
    }
}

impl<'a> Response<'a> {
    /// Every value of the header `name` (case-insensitive), in order.
    pub fn values<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'a [u8]> + 's {
        values(&self.headers, name)
    }
}

/// Every value of the header `name` (case-insensitive) among `headers`, in order.
pub fn values<'a, 's>(
    headers: &'s [Header<'a>],
    name: &'s str,
) -> impl Iterator<Item = &'a [u8]> + 's {
    headers
        .iter()
        .filter(move |h| h.name.eq_ignore_ascii_case(name))
        .map(|h| h.value)
}

/// The items of comma-separated header values, trimmed, empty ones dropped (RFC 9110
/// §5.6.1: `#element` lists, where a recipient ignores empty elements). Values that are not
/// UTF-8 contribute nothing.
pub fn list_items<'a>(
    values: impl Iterator<Item = &'a [u8]> + 'a,
) -> impl Iterator<Item = &'a str> + 'a {
    values
        .filter_map(|v| std::str::from_utf8(v).ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// How many bytes of empty lines (CR LF or LF) open `bytes` (RFC 9112 §2.2).
pub(crate) fn leading_empty_lines(bytes: &[u8]) -> usize {
    let mut at = 0;
    loop {
        match bytes.get(at..) {
            Some([LF, ..]) => at += 1,
            Some([CR, LF, ..]) => at += 2,
            _ => return at,
        }
    }
}

/// One past the empty line that ends the head at the start of `bytes`, or `None` when it
/// has not arrived.
pub fn find_end(bytes: &[u8]) -> Option<usize> {
    find_end_from(bytes, 0)
}

/// [`find_end`] for a buffer that grows: `scanned` is how much of `bytes` an earlier call
/// already looked at (and found no end in), so only the new bytes and the two before them
/// are scanned again.
pub fn find_end_from(bytes: &[u8], scanned: usize) -> Option<usize> {
    let start = leading_empty_lines(bytes);
    let mut at = scanned.saturating_sub(2).max(start);
    // The end is a line ending followed by an empty line: LF LF or LF CR LF. Every LF is a
    // candidate; a head has one every few dozen bytes, so the bytes between are skipped a
    // word at a time.
    loop {
        let lf = next_lf(bytes, at)?;
        match bytes.get(lf + 1..) {
            Some([LF, ..]) => return Some(lf + 2),
            Some([CR, LF, ..]) => return Some(lf + 3),
            _ => at = lf + 1,
        }
    }
}

/// The first LF in `bytes` at or after `at`. Eight bytes at a time while none of them is
/// an LF: `x ^ LFS` has a zero byte exactly where `x` has an LF, and `(v - ONES) & !v &
/// HIGH` is non-zero exactly when `v` has a zero byte (the classic SWAR test; no false
/// negatives, and a word it flags is then searched byte by byte).
fn next_lf(bytes: &[u8], mut at: usize) -> Option<usize> {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    const LFS: u64 = u64::from_ne_bytes([LF; 8]);
    while let Some(word) = bytes
        .get(at..at + 8)
        .and_then(|w| <[u8; 8]>::try_from(w).ok())
    {
        let v = u64::from_ne_bytes(word) ^ LFS;
        if v.wrapping_sub(ONES) & !v & HIGH != 0 {
            break;
        }
        at += 8;
    }
    let rest = bytes.get(at..)?;
    rest.iter().position(|&b| b == LF).map(|i| at + i)
}

/// Where `part` (a slice of `whole`) starts in `whole`.
fn offset(whole: &[u8], part: &[u8]) -> usize {
    (part.as_ptr() as usize).saturating_sub(whole.as_ptr() as usize)
}

/// The headers `httparse` found, with their byte ranges in `bytes`.
fn located<'a>(bytes: &'a [u8], parsed: &[httparse::Header<'a>]) -> Vec<Header<'a>> {
    parsed
        .iter()
        .map(|h| {
            let start = offset(bytes, h.name.as_bytes());
            let value_start = offset(bytes, h.value);
            let value_end = value_start + h.value.len();
            let end = bytes
                .get(value_end..)
                .and_then(|rest| rest.iter().position(|&b| b == LF))
                .map_or(bytes.len(), |nl| value_end + nl + 1);
            Header {
                name: h.name,
                value: h.value,
                line: start..end,
                value_at: value_start..value_end,
            }
        })
        .collect()
}

/// Maps `httparse`'s verdict, applying the limits.
fn verdict(
    bytes: &[u8],
    limits: Limits,
    status: Result<httparse::Status<usize>, httparse::Error>,
) -> Result<Option<usize>, Error> {
    match status {
        Ok(httparse::Status::Complete(len)) => Ok(Some(len)),
        Ok(httparse::Status::Partial) if bytes.len() > limits.max_head_len => {
            Err(Error::TooLarge {
                max: limits.max_head_len,
            })
        }
        Ok(httparse::Status::Partial) => Ok(None),
        Err(e) => Err(match e {
            httparse::Error::TooManyHeaders => Error::TooManyHeaders {
                max: limits.max_headers,
            },
            httparse::Error::HeaderName => Error::Malformed(Malformed::HeaderName),
            httparse::Error::HeaderValue => Error::Malformed(Malformed::HeaderValue),
            httparse::Error::NewLine => Error::Malformed(Malformed::NewLine),
            httparse::Error::Status => Error::Malformed(Malformed::Status),
            httparse::Error::Token => Error::Malformed(Malformed::Token),
            httparse::Error::Version => Error::Malformed(Malformed::Version),
        }),
    }
}

/// Room for `limits.max_headers` headers: on the stack up to [`DEFAULT_MAX_HEADERS`] (no
/// allocation and nothing to zero for a head of the usual size), else on the heap.
fn header_slots<'s, 'b>(
    limits: Limits,
    stack: &'s mut [MaybeUninit<httparse::Header<'b>>; DEFAULT_MAX_HEADERS],
    heap: &'s mut Vec<MaybeUninit<httparse::Header<'b>>>,
) -> &'s mut [MaybeUninit<httparse::Header<'b>>] {
    match stack.get_mut(..limits.max_headers) {
        Some(slots) => slots,
        None => {
            heap.resize_with(limits.max_headers, MaybeUninit::uninit);
            heap
        }
    }
}

/// Parses the request head at the start of `bytes`. `Ok(None)`: incomplete, read more
/// (an incomplete head longer than `limits.max_head_len` is [`Error::TooLarge`]).
pub fn parse_request(bytes: &[u8], limits: Limits) -> Result<Option<Request<'_>>, Error> {
    let mut stack = [const { MaybeUninit::uninit() }; DEFAULT_MAX_HEADERS];
    let mut heap = Vec::new();
    let mut req = httparse::Request::new(&mut []);
    let status = req.parse_with_uninit_headers(bytes, header_slots(limits, &mut stack, &mut heap));
    let Some(len) = verdict(bytes, limits, status)? else {
        return Ok(None);
    };
    Ok(Some(Request {
        method: req.method.unwrap_or_default(),
        target: req.path.unwrap_or_default(),
        minor_version: req.version.unwrap_or_default(),
        headers: located(bytes, req.headers),
        len,
    }))
}

/// Parses the response head at the start of `bytes`, as [`parse_request`] does.
pub fn parse_response(bytes: &[u8], limits: Limits) -> Result<Option<Response<'_>>, Error> {
    // (httparse has no uninitialised-headers parse for responses; a lab parses one a
    // connection.)
    let mut headers = vec![httparse::EMPTY_HEADER; limits.max_headers];
    let mut res = httparse::Response::new(&mut headers);
    let status = res.parse(bytes);
    let Some(len) = verdict(bytes, limits, status)? else {
        return Ok(None);
    };
    Ok(Some(Response {
        minor_version: res.version.unwrap_or_default(),
        status: res.code.unwrap_or_default(),
        reason: res.reason.unwrap_or_default(),
        headers: located(bytes, res.headers),
        len,
    }))
}

#[cfg(test)]
mod tests;
