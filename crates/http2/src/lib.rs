//! HTTP/2, sans-IO: RFC 9113 framing and RFC 7541 HPACK header compression, plus dissectors
//! that explain every bit. No sockets, no async, no runtime; the server crate does the I/O.
//!
//! Reading order, from the wire up:
//!
//! 1. [`frame`] — the 9-byte frame header (§4.1) and the ten frame types (§6), one file each,
//!    and the client preface (§3.4).
//! 2. [`error_code`] — the codes GOAWAY and RST_STREAM carry (§7).
//! 3. [`hpack`] — header compression (RFC 7541): prefixed integers, Huffman strings, the
//!    static and dynamic tables, the [`hpack::Decoder`] and [`hpack::Encoder`].
//! 4. [`error`] — what can go wrong, and whether it ends a stream or the connection.
//! 5. [`dissect`] — the same bytes explained field by field, for the labs and the CLI.
//! 6. [`observe`] — one direction of a connection as seen on the wire: the preface, then
//!    each frame with its byte range and the excerpt a lab keeps, for it to dissect.
//!
//! Invariant: nothing here imports `std::net`, tokio or hyper, and no input can make it
//! panic: incomplete input is `Ok(None)`, broken input is an [`Error`] that names the rule
//! and the answer, and every buffer and table has a bound.

#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

pub mod dissect;
pub mod error;
pub mod error_code;
pub mod frame;
pub mod hpack;
pub mod observe;

pub use error::Error;
pub use error_code::ErrorCode;
pub use frame::{Frame, FrameDecoder, FrameHeader, FrameType, PREFACE};
