//! The lenient HTTP/1.1 request-head dissector (RFC 9112) the "my request" cell uses, for
//! the exact bytes a browser sent.
//!
//! It lives in the `http1` crate, beside the parser the server's tap and the WebSocket
//! handshake use, so wiretrail reads HTTP/1.1 heads in one place; this module names it among
//! the other simulators. Every line becomes one field over its bytes, the line ending
//! included; a bare LF, an obsolete line fold, a missing colon or a space before the colon is
//! dissected and flagged with the rule it breaks, never refused. See [`http1::dissect`].

pub use http1::dissect::{PROTOCOL, request as dissect};
pub use http1::meaning::header_meaning;
