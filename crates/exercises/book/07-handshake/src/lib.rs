//! Exercise 07: the server's side of the opening handshake (RFC 6455 §4.2.1, §4.2.2).
//!
//! Read TASK.md first; check with `wiretrail exercises check 07-handshake`.

/// The rule of RFC 6455 §4.2.1 a request broke (each answered with 400 Bad Request).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// Item 1: the method must be GET.
    NotGet,
    /// Item 1: the version must be HTTP/1.1.
    NotHttp11,
    /// Item 2: a Host header is required.
    NoHost,
    /// Item 3: an Upgrade header listing the token `websocket` (any case).
    NoUpgradeWebsocket,
    /// Item 4: a Connection header listing the token `Upgrade` (any case).
    NoConnectionUpgrade,
    /// Item 5: exactly one Sec-WebSocket-Key, the base64 of 16 bytes.
    BadKey,
    /// Item 6: no Sec-WebSocket-Version at all.
    NoVersion,
}

/// The server's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// 101 Switching Protocols; the tests turn the key into Sec-WebSocket-Accept.
    SwitchingProtocols { key: String },
    /// 400 Bad Request, and the rule that was broken.
    BadRequest(Rule),
    /// 426 Upgrade Required (with `Sec-WebSocket-Version: 13`): a version other than 13.
    UpgradeRequired,
}

/// Decides the answer to a request head: the request line, then header lines, each ending
/// in CRLF, then an empty line.
///
/// Check the rules in the order of `Rule`'s variants (which is the RFC's order); the first
/// broken rule decides the answer. Header names are case-insensitive; header values may
/// carry spaces around them; Upgrade and Connection hold comma-separated lists of tokens,
/// and a header may appear more than once.
pub fn validate(request: &str) -> Decision {
    // TODO 1: split the request into lines ("\r\n"); the first is "METHOD TARGET VERSION".
    // TODO 2: collect the headers until the empty line: split each at the first ':' and
    //         trim name and value.
    // TODO 3: check Rule by Rule, in order.
    // TODO 4: the key: 24 characters, ending in "==", the first 22 from the base64 alphabet
    //         A-Z a-z 0-9 + / (that is exactly what 16 bytes look like in base64).
    // TODO 5: the version: missing -> 400 (NoVersion); "13" -> 101; anything else -> 426.
    let _ = request; // delete this line once you use `request`
    todo!("validate the handshake")
}
