//! RFC 6455 (The WebSocket Protocol), sans-IO: bytes in, events and bytes out. No
//! sockets, no async, no runtime; the server crate does the I/O.
//!
//! Reading order, from the wire up:
//!
//! 1. [`opcode`] — what a frame carries (§5.2).
//! 2. [`frame`] — the frame header: FIN, RSV, opcode, MASK, the three length forms (§5.2).
//! 3. [`mask`] — the XOR mask every client frame carries (§5.3).
//! 4. [`utf8`] — validating text as it arrives, one piece at a time (§5.6, §8.1).
//! 5. [`close`] — close codes and the Close payload (§5.5.1, §7.4).
//! 6. [`error`] — what can go wrong, and the close code that answers it.
//! 7. [`handshake`] — the HTTP Upgrade that opens it all (§4).
//! 8. [`connection`] — the state machine that ties frames into messages (§5.4, §7).
//! 9. [`dissect`] — the same bytes explained field by field, for the labs.
//! 10. [`observe`] — one direction of a connection as seen on the wire: the head, then each
//!     frame with its byte range and an excerpt of its payload, for the labs to dissect.
//!
//! Invariant: nothing here imports `std::net`, tokio or axum, and no input can make it
//! panic: incomplete input is `Ok(None)`, broken input is an [`Error`] that names the rule.

#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

pub mod close;
pub mod connection;
pub mod dissect;
pub mod error;
pub mod frame;
pub mod handshake;
pub mod mask;
pub mod observe;
pub mod opcode;
pub mod utf8;

pub use close::{CloseCode, CloseFrame, encode_close_payload, parse_close_payload};
pub use connection::{Config, Connection, Event, Message, Role, State};
pub use error::Error;
pub use frame::{FrameHeader, encode_frame};
pub use handshake::{
    AcceptSteps, Accepted, GUID, HandshakeError, RequestHead, accept_key, accept_steps,
    parse_request_head, validate_request,
};
pub use mask::{apply_mask, apply_mask_at, mask_into, mask_into_at};
pub use opcode::Opcode;
pub use utf8::{Utf8Error, Utf8Validator};
