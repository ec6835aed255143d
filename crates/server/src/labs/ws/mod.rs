//! The WebSocket lab: the learner's own browser socket, byte by byte.
//!
//! A page asks for a session (`POST /api/lab/ws/sessions`) and gets its id. It opens the
//! inspector stream (`GET /lab/ws/events/{id}`, Server-Sent Events) and then its WebSocket
//! (`/ws/lab?session={id}`). The WebSocket handler claims the connection's
//! [tap](crate::net::tap); the tapped bytes are dissected by the session ([`WsSession`]) and
//! go out on the stream, in order.
//!
//! Memory is bounded three ways: the [registry](super::registry)'s cap on sessions (503 past
//! it), a cap on each session's kept events ([`super::events::MAX_HISTORY_BYTES`]), and
//! payloads over [`super::EXCERPT`] bytes dissected only for their first bytes.

pub mod session;

pub use session::WsSession;

use super::registry::Registry;

/// The WebSocket lab's open sessions.
pub type WsLabs = Registry<WsSession>;

/// The subprotocols the lab's WebSocket speaks, so a learner can see one chosen.
pub const LAB_PROTOCOLS: &[&str] = &["chat", "superchat"];
/// The lab socket's message and frame limit: small enough that a button can pass it.
pub const LAB_MAX_MESSAGE: usize = 1024 * 1024;
