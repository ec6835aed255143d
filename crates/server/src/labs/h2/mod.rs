//! The HTTP/2 lab: the server talking HTTP/2 to itself, and the h2c sessions of other
//! clients, frame by frame.
//!
//! Two ways bytes get here, both through the [tap](crate::net::tap):
//!
//! - **The lab's own conversation.** A page asks for a session (`POST /api/lab/h2/sessions`)
//!   and then for requests; [`client`] opens a TCP connection to the server's own address,
//!   wraps the client's socket in a tap claimed at once by the session, and speaks HTTP/2
//!   with prior knowledge through hyper's real client. What the client writes is exactly
//!   what the server reads, so one tap sees the whole conversation.
//! - **Other clients** (`curl --http2-prior-knowledge`): the accept loop gives every tap the
//!   lab's [`Captures`] as its [`H2Capture`](crate::net::tap::H2Capture); a connection that
//!   opens with the client preface becomes a capture in a ring of the
//!   [`MAX_CAPTURES`](captures::MAX_CAPTURES) most recent, each looking at most
//!   [`session::MAX_CAPTURE_BYTES`] bytes. The lab's own connections are recognised by their
//!   client address and left to their session.
//!
//! A session or capture is an [`H2Session`]; its events go out on `/lab/h2/events/{id}`.

pub mod captures;
pub mod client;
pub mod frames;
pub mod session;

pub use captures::Captures;
use session::H2Session;

use super::idle_grace;
use super::registry::Registry;
use super::session::Session;

/// The HTTP/2 lab's sessions and captures.
#[derive(Debug, Default, Clone)]
pub struct H2Labs {
    /// The lab's own sessions, by id.
    pub sessions: Registry<H2Session>,
    /// Other clients' h2c connections.
    pub captures: Captures,
}

impl H2Labs {
    /// Drops the expired sessions, and closes the connection of each session whose page is
    /// gone (the session is dropped once it is closed); run periodically.
    pub fn reap(&self) {
        self.sessions.reap();
        self.sessions.each(|session| {
            if session.shared().unwatched_for(idle_grace())
                && let Ok(mut client) = session.client.try_lock()
            {
                // Dropping hyper's handle ends the connection (GOAWAY, then FIN).
                client.take();
            }
        });
    }
}
