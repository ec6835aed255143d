//! Exercise 16: parse an HTTP/1.1 request head (RFC 9112 §2.2, §3, §5).
//!
//! Read TASK.md first; check with `wiretrail exercises check 16-http-request-head`.

/// The longest head this server reads; past it without an end: 431 (RFC 6585 §5).
pub const MAX_HEAD: usize = 8 * 1024;

/// A request head.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestHead {
    /// The method, case-sensitive: `GET`.
    pub method: String,
    /// The request target, as sent: `/where?q=now`.
    pub target: String,
    /// The version's two digits: (1, 1).
    pub version: (u8, u8),
    /// The field lines in order: (name as sent, value without the whitespace around it).
    pub fields: Vec<(String, String)>,
    /// How many bytes the head took, the empty line included: the body starts there.
    pub len: usize,
}

/// The four forms of a request target (RFC 9112 §3.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// `/path?query`, the usual one.
    Origin,
    /// `http://host/path`, to a proxy.
    Absolute,
    /// `host:port`, with CONNECT only.
    Authority,
    /// `*`, with OPTIONS only.
    Asterisk,
}

/// What is wrong with a request head.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeadError {
    /// Not three parts, a method that is not a token, or an empty target.
    BadRequestLine,
    /// The version is not `HTTP/` digit `.` digit.
    BadVersion,
    /// A major version other than 1.
    VersionNotSupported,
    /// A field line without a colon, or a name that is not a token.
    BadFieldName,
    /// Whitespace between a field name and its colon (§5.1).
    WhitespaceBeforeColon,
    /// A line that starts with a space or a tab (obs-fold, §5.2).
    ObsoleteLineFolding,
    /// A CR that is not followed by LF (§2.2).
    BareCr,
    /// An HTTP/1.1 request without Host (§3.2).
    MissingHost,
    /// More than one Host field line (§3.2).
    MultipleHost,
    /// No end of the head within `MAX_HEAD` bytes.
    TooLarge,
}

impl HeadError {
    /// The status to answer with: 505 for a version not supported, 431 for a head too large,
    /// 400 (Bad Request) for everything else.
    pub fn status(self) -> u16 {
        // TODO
        todo!("400, 431 or 505")
    }
}

/// Parses the request head at the start of `buf`; `Ok(None)` until its empty line arrives.
pub fn parse_head(buf: &[u8]) -> Result<Option<RequestHead>, HeadError> {
    // TODO 1: find the lines up to the first empty one (LF ends a line, a CR just before
    //         it is dropped, any other CR is BareCr); skip empty lines before the request
    //         line. No end yet: Ok(None), or TooLarge past MAX_HEAD.
    // TODO 2: the request line: three parts, a token method, a target, HTTP/d.d.
    // TODO 3: each field line: no leading whitespace, a colon, a token name right before it,
    //         the value trimmed of spaces and tabs.
    // TODO 4: HTTP/1.1 needs exactly one Host; no request may have two.
    let _ = buf; // delete this line once you use `buf`
    todo!("parse the head")
}

/// Which form `target` has for `method`, or `None` if it has none of them.
pub fn target_form(method: &str, target: &str) -> Option<Form> {
    // TODO: `*` only with OPTIONS, host:port only with CONNECT, `/...`, `scheme://...`.
    let _ = (method, target); // delete this line once you use the arguments
    todo!("the target's form")
}
