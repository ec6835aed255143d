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
//! [`idle_grace`] ([`IDLE_GRACE`] unless `WIRETRAIL_LAB_STALE_SECS` says), and in any case
//! after [`MAX_AGE`]; when a lab is full, a session with no connection and no event for that
//! long is evicted to make room, its streams ended.

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

/// How long a session outlives its page (an EventSource reconnects within seconds), by
/// default.
pub const IDLE_GRACE: Duration = Duration::from_secs(60);
/// The environment variable that sets [`idle_grace`] in seconds (tests set it to 1).
pub const STALE_ENV: &str = "WIRETRAIL_LAB_STALE_SECS";

/// How long a session with no stream and no connection lives on, and how long one with no
/// connection and no event must wait before it may be evicted to make room:
/// `WIRETRAIL_LAB_STALE_SECS` seconds (read once), or [`IDLE_GRACE`].
pub fn idle_grace() -> Duration {
    static GRACE: std::sync::OnceLock<Duration> = std::sync::OnceLock::new();
    *GRACE.get_or_init(|| {
        std::env::var(STALE_ENV)
            .ok()
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map_or(IDLE_GRACE, Duration::from_secs)
    })
}
/// The longest a session lives.
pub const MAX_AGE: Duration = Duration::from_secs(4 * 60 * 60);
