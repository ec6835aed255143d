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
//! - **Other clients** (`curl --http2-prior-knowledge`): the accept loop gives every tap this
//!   module's [`H2Labs`] as its [`H2Capture`]; a connection that opens with the client
//!   preface becomes a capture in a ring of the [`MAX_CAPTURES`] most recent, each looking at
//!   most [`session::MAX_CAPTURE_BYTES`] bytes. The lab's own connections are recognised by
//!   their client port and left to their session.
//!
//! A session or capture is an [`H2Session`]; its events go out on `/lab/h2/events/{id}`.

pub mod client;
pub mod session;

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use session::{H2Session, MAX_CAPTURE_BYTES};

use super::event::LabEvent;
use super::{IDLE_GRACE, MAX_AGE, new_id};
use crate::net::tap::{H2Capture, TapSink};

/// The most HTTP/2 lab sessions at once.
pub const MAX_SESSIONS: usize = 32;
/// The most captured h2c sessions kept (oldest evicted).
pub const MAX_CAPTURES: usize = 16;

#[derive(Debug, Default)]
struct Inner {
    sessions: HashMap<String, Arc<H2Session>>,
    /// Captures, oldest first, each with its number.
    captures: VecDeque<(u64, Arc<H2Session>)>,
    next_capture: u64,
    /// Client addresses of the lab's own connections, which are not captures.
    own: Vec<SocketAddr>,
}

/// The HTTP/2 lab's sessions and captures.
#[derive(Debug, Default, Clone)]
pub struct H2Labs {
    inner: Arc<Mutex<Inner>>,
}

impl H2Labs {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A new session and its id, or `None` when the cap is reached.
    pub fn create(&self) -> Option<(String, Arc<H2Session>)> {
        let mut inner = self.lock();
        inner.sessions.retain(|_, s| !expired(s));
        if inner.sessions.len() >= MAX_SESSIONS {
            return None;
        }
        let id = new_id()?;
        let session = Arc::new(H2Session::new(None));
        inner.sessions.insert(id.clone(), session.clone());
        Some((id, session))
    }

    /// The session with this id, if it is still open.
    pub fn get(&self, id: &str) -> Option<Arc<H2Session>> {
        let inner = self.lock();
        inner.sessions.get(id).filter(|s| !expired(s)).cloned()
    }

    /// Closes the connections of sessions whose page is gone, and drops those sessions once
    /// their connections are closed; run periodically.
    pub fn reap(&self) {
        let mut inner = self.lock();
        inner.sessions.retain(|_, s| !expired(s));
        for session in inner.sessions.values() {
            if session.unwatched_for(IDLE_GRACE)
                && let Ok(mut client) = session.client.try_lock()
            {
                // Dropping hyper's handle ends the connection (GOAWAY, then FIN).
                client.take();
            }
        }
    }

    /// The captures, newest first: number and summary.
    pub fn captures(&self) -> Vec<(u64, Arc<H2Session>)> {
        self.lock().captures.iter().rev().cloned().collect()
    }

    /// Capture number `n`, if still kept.
    pub fn capture(&self, n: u64) -> Option<Arc<H2Session>> {
        self.lock()
            .captures
            .iter()
            .find(|(m, _)| *m == n)
            .map(|(_, s)| s.clone())
    }

    /// Marks `addr` as one of the lab's own client sockets (not a capture) until
    /// [`H2Labs::forget`].
    pub fn own(&self, addr: SocketAddr) {
        let mut inner = self.lock();
        if inner.own.len() >= MAX_SESSIONS * 4 {
            inner.own.remove(0);
        }
        inner.own.push(addr);
    }

    pub fn forget(&self, addr: SocketAddr) {
        self.lock().own.retain(|a| *a != addr);
    }
}

fn expired(s: &H2Session) -> bool {
    s.age() > MAX_AGE || s.idle_for(IDLE_GRACE)
}

impl H2Capture for H2Labs {
    fn start(&self, peer: SocketAddr) -> Option<Arc<dyn TapSink>> {
        let mut inner = self.lock();
        if inner.own.contains(&peer) {
            return None;
        }
        let session = Arc::new(H2Session::new(Some(MAX_CAPTURE_BYTES)));
        let (sink, _) = session.connection(false)?;
        session.event(LabEvent::note(format!(
            "An HTTP/2 connection with prior knowledge from {peer}: it opened with the client \
             preface, so the server speaks HTTP/2 from the first byte (RFC 9113 §3.3)."
        )));
        inner.next_capture += 1;
        let n = inner.next_capture;
        while inner.captures.len() >= MAX_CAPTURES {
            inner.captures.pop_front();
        }
        inner.captures.push_back((n, session));
        Some(sink)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ring_keeps_the_newest_captures_and_skips_the_labs_own() {
        let labs = H2Labs::default();
        let own: SocketAddr = "127.0.0.1:1".parse().unwrap();
        labs.own(own);
        assert!(labs.start(own).is_none());
        let other: SocketAddr = "127.0.0.1:2".parse().unwrap();
        for _ in 0..MAX_CAPTURES + 3 {
            assert!(labs.start(other).is_some());
        }
        let captures = labs.captures();
        assert_eq!(captures.len(), MAX_CAPTURES);
        assert_eq!(captures[0].0, (MAX_CAPTURES + 3) as u64);
        assert!(labs.capture(1).is_none());
        labs.forget(own);
        assert!(labs.start(own).is_some());
    }
}
