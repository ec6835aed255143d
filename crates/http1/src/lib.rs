//! HTTP/1.1 message heads (RFC 9112), sans-IO: one parser for every place wiretrail reads a
//! head — the connection tap, the WebSocket handshake, the labs and the live cells.
//!
//! Reading order:
//!
//! 1. [`head`] — where a head ends ([`head::find_end`]), and the request and response heads
//!    parsed with `httparse`, every header with its byte range (§2-§5), bounded by
//!    [`head::Limits`].
//! 2. [`body`] — how long the body after a head is (§6.3): `Content-Length`, chunked, until
//!    close, and the conflicting cases that are errors.
//! 3. [`reader`] — [`reader::HeadReader`], which follows one direction of a keep-alive
//!    connection head by head, skipping bodies, and stops on a chunked body or HTTP/2.
//! 4. [`chunked`] — the chunked transfer coding (§7.1): a [`chunked::Decoder`] says which
//!    bytes of a body are size lines and line ends and which are data.
//! 5. [`event_stream`] — the `text/event-stream` body of Server-Sent Events (WHATWG HTML
//!    §9.2.5-§9.2.6), the format HTTP streaming standardized: a [`event_stream::Parser`]
//!    says which bytes are field names, colons and line ends and which are values, and
//!    dispatches the events.
//! 6. [`lines`] and [`dissect`] — the lenient side: any bytes split into lines and explained
//!    field by field as a [`wire::Dissection`].
//! 7. [`meaning`] — one table of what each header field means, with its source.
//!
//! Invariant: nothing here does I/O or panics on input: an incomplete head is `Ok(None)`, a
//! broken one an error that names the rule, and every buffer is bounded.

#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

pub mod body;
pub mod chunked;
pub mod collect;
pub mod dissect;
pub mod event_stream;
pub mod head;
pub mod lines;
pub mod meaning;
pub mod reader;

pub use body::{BodyError, BodyLength};
pub use head::{Header, Limits, Request, Response, find_end, parse_request, parse_response};
pub use meaning::{header_meaning, header_meanings};
pub use reader::{HTTP2_PREFACE, HeadReader};
