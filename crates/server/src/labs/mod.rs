//! The live labs: one learner's page watching the bytes of a connection, dissected.
//!
//! Two protocols, one shape. A page asks for a session and gets an unguessable id from the
//! lab's [`registry`]; it follows the session's inspector stream (Server-Sent Events of the
//! [`event::LabEvent`]s in its [`events`] log) while the connection's [tap](crate::net::tap)
//! hands the session every byte, which the session cuts into units, dissects and logs. What
//! both kinds of session share (the log, who watches, when it ends) is [`session`]:
//!
//! - [`ws`] — the WebSocket lab: the learner's own browser socket (`/ws/lab`);
//! - [`h2`] — the HTTP/2 lab: the server's own h2c client talking to itself, and the h2c
//!   connections of other clients (curl), captured;
//! - [`push`] — the push lab: one feed received six ways (polling to WebSocket), each
//!   exchange's bytes sorted into header, framing and payload.
//!
//! A session ends when its page has been gone (no stream, no connection) for
//! [`IDLE_GRACE`], and in any case after [`MAX_AGE`].

pub mod event;
pub mod events;
pub mod h2;
pub mod push;
pub mod recording;
pub mod registry;
pub mod session;
pub mod ws;

use std::time::Duration;

/// Payload bytes dissected per frame (a WebSocket frame, an HTTP/2 DATA frame); the rest is
/// counted, not kept, so a 1 MiB message costs a session this much.
pub const EXCERPT: usize = 4096;

/// How long a session outlives its page (an EventSource reconnects within seconds).
pub const IDLE_GRACE: Duration = Duration::from_secs(60);
/// The longest a session lives.
pub const MAX_AGE: Duration = Duration::from_secs(4 * 60 * 60);
