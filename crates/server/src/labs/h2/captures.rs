//! The HTTP/2 lab's captures: h2c connections of other clients (`curl
//! --http2-prior-knowledge`), each recorded as an [`H2Session`] of its own.
//!
//! The accept loop gives every [tap](crate::net::tap) this [`Captures`] as its
//! [`H2Capture`]; a connection whose first 24 bytes are the client preface (RFC 9113 §3.4)
//! asks [`H2Capture::start`] for a sink. That call is the one place that admits a capture:
//! today it refuses the lab's own client connections (registered by address before their
//! first byte) and keeps the [`MAX_CAPTURES`] newest in a ring, each looking at most
//! [`MAX_CAPTURE_BYTES`] bytes and recording at most
//! [`MAX_CAPTURE_FRAMES`](super::session::MAX_CAPTURE_FRAMES) frames. The ring
//! is also the bound on live captures: a capture that leaves it (the oldest closed one
//! first, else the oldest) is *ended* — it stops looking at its connection, whose bytes
//! then cost one lock and one flag, and frees its observers, dissectors and log — so at
//! most [`MAX_CAPTURES`] captures record at once, however many h2c connections are open.
//! Each capture remembers its client's IP address: in classroom mode a student is shown only
//! the captures made from their own machine ([`Captures::list_for`], [`Captures::get_for`]).

use std::collections::VecDeque;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use super::session::{H2Session, MAX_CAPTURE_BYTES, MAX_CONNECTIONS};
use crate::labs::event::LabEvent;
use crate::labs::registry::MAX_SESSIONS;
use crate::labs::session::Session;
use crate::net::tap::{H2Capture, TapSink};

/// The most captured h2c sessions listed (oldest evicted).
pub const MAX_CAPTURES: usize = 16;
/// The most client addresses of the lab's own connections remembered.
const MAX_OWN: usize = MAX_SESSIONS * MAX_CONNECTIONS;

#[derive(Debug, Default)]
struct Ring {
    /// Captures, oldest first, each with its number and its client's address.
    kept: VecDeque<(u64, Arc<H2Session>, IpAddr)>,
    next: u64,
    /// Client addresses of the lab's own connections, which are not captures.
    own: Vec<SocketAddr>,
}

/// The ring of recent captures.
#[derive(Debug, Default, Clone)]
pub struct Captures {
    ring: Arc<Mutex<Ring>>,
}

impl Captures {
    fn lock(&self) -> MutexGuard<'_, Ring> {
        self.ring.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The captures, newest first, with their numbers.
    pub fn list(&self) -> Vec<(u64, Arc<H2Session>)> {
        self.list_for(None)
    }

    /// The captures made from `viewer`'s address (all of them for `None`), newest first.
    pub fn list_for(&self, viewer: Option<IpAddr>) -> Vec<(u64, Arc<H2Session>)> {
        self.lock()
            .kept
            .iter()
            .rev()
            .filter(|(_, _, ip)| viewer.is_none_or(|v| v == *ip))
            .map(|(n, s, _)| (*n, s.clone()))
            .collect()
    }

    /// Capture number `n`, if still kept.
    pub fn get(&self, n: u64) -> Option<Arc<H2Session>> {
        self.get_for(n, None)
    }

    /// Capture number `n`, if still kept and made from `viewer`'s address (any for `None`).
    pub fn get_for(&self, n: u64, viewer: Option<IpAddr>) -> Option<Arc<H2Session>> {
        self.lock()
            .kept
            .iter()
            .find(|(m, _, ip)| *m == n && viewer.is_none_or(|v| v == *ip))
            .map(|(_, s, _)| s.clone())
    }

    /// Marks `addr` as one of the lab's own client sockets (not a capture) until
    /// [`Captures::forget`].
    pub fn own(&self, addr: SocketAddr) {
        let mut ring = self.lock();
        if ring.own.len() >= MAX_OWN {
            ring.own.remove(0);
        }
        ring.own.push(addr);
    }

    pub fn forget(&self, addr: SocketAddr) {
        self.lock().own.retain(|a| *a != addr);
    }
}

impl H2Capture for Captures {
    fn start(&self, peer: SocketAddr) -> Option<Arc<dyn TapSink>> {
        let mut ring = self.lock();
        if ring.own.contains(&peer) {
            return None;
        }
        let session = Arc::new(H2Session::new(Some(MAX_CAPTURE_BYTES)));
        let (sink, _) = session.connection(false, None)?;
        session.event(LabEvent::note(format!(
            "An HTTP/2 connection with prior knowledge from {peer}: it opened with the client \
             preface, so the server speaks HTTP/2 from the first byte (RFC 9113 §3.3)."
        )));
        ring.next += 1;
        let n = ring.next;
        while ring.kept.len() >= MAX_CAPTURES {
            // The oldest closed capture goes first; if all are open, the oldest, ended.
            let at = ring
                .kept
                .iter()
                .position(|(_, s, _)| !s.shared().is_connected())
                .unwrap_or(0);
            if let Some((_, old, _)) = ring.kept.remove(at) {
                old.end();
            }
        }
        ring.kept.push_back((n, session, peer.ip()));
        Some(sink)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ring_keeps_the_newest_captures_and_skips_the_labs_own() {
        let captures = Captures::default();
        let own: SocketAddr = "127.0.0.1:1".parse().unwrap();
        captures.own(own);
        assert!(captures.start(own).is_none());
        let other: SocketAddr = "127.0.0.1:2".parse().unwrap();
        for _ in 0..MAX_CAPTURES + 3 {
            assert!(captures.start(other).is_some());
        }
        let list = captures.list();
        assert_eq!(list.len(), MAX_CAPTURES);
        assert_eq!(list[0].0, (MAX_CAPTURES + 3) as u64);
        // Every capture listed is recording; none other is.
        assert!(list.iter().all(|(_, s)| !s.shared().is_expired()));
        assert!(captures.get(1).is_none());
        captures.forget(own);
        assert!(captures.start(own).is_some());
    }

    #[test]
    fn a_viewer_sees_only_the_captures_from_its_own_address() {
        let captures = Captures::default();
        let ada: SocketAddr = "10.0.0.2:5000".parse().unwrap();
        let bob: SocketAddr = "10.0.0.3:5000".parse().unwrap();
        assert!(captures.start(ada).is_some());
        assert!(captures.start(bob).is_some());
        let ids = |v: Option<IpAddr>| -> Vec<u64> {
            captures.list_for(v).iter().map(|(n, _)| *n).collect()
        };
        assert_eq!(ids(None), [2, 1]);
        assert_eq!(ids(Some(ada.ip())), [1]);
        assert_eq!(ids(Some(bob.ip())), [2]);
        assert!(captures.get_for(2, Some(ada.ip())).is_none());
        assert!(captures.get_for(2, Some(bob.ip())).is_some());
    }
}
