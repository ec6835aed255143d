//! The live labs: one learner's page watching the bytes of a connection, dissected.
//!
//! Two protocols, one shape. A page asks for a session and gets an unguessable id (128 random
//! bits); it follows the session's inspector stream (Server-Sent Events, [`events`]) while
//! the connection's [tap](crate::net::tap) hands the session every byte, which the session
//! cuts into units, dissects and logs:
//!
//! - [`ws`] — the WebSocket lab: the learner's own browser socket (`/ws/lab`);
//! - [`h2`] — the HTTP/2 lab: the server's own h2c client talking to itself, and the h2c
//!   connections of other clients (curl), captured.
//!
//! A session ends when its page has been gone (no stream, no connection) for
//! [`IDLE_GRACE`], and in any case after [`MAX_AGE`].

pub mod event;
pub mod events;
pub mod h2;
pub mod ws;

use std::time::Duration;

/// How long a session outlives its page (an EventSource reconnects within seconds).
pub const IDLE_GRACE: Duration = Duration::from_secs(60);
/// The longest a session lives.
pub const MAX_AGE: Duration = Duration::from_secs(4 * 60 * 60);

/// 128 random bits from the operating system, in hex.
fn new_id() -> Option<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).ok()?;
    Some(wire::to_hex(&bytes))
}
