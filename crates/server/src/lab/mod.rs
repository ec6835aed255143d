//! Lab sessions: what one learner's lab page is watching.
//!
//! A page asks for a session (`POST /api/lab/sessions`) and gets an unguessable id (128
//! random bits). It opens the inspector stream (`GET /lab/events/{id}`, Server-Sent Events)
//! and then its WebSocket (`/ws/lab?session={id}`). The WebSocket handler claims the
//! connection's [tap](crate::tap); the tapped bytes are dissected by the session
//! ([`session::LabSession`]) and go out on the stream, in order.
//!
//! Memory is bounded three ways: a cap on sessions ([`MAX_SESSIONS`], 503 past it), a cap on
//! each session's kept events ([`events::MAX_HISTORY_BYTES`]), and payloads over 4 KiB
//! dissected only for their first 4 KiB. A session ends when its page has been gone (no
//! stream, no socket) for [`IDLE_GRACE`], and in any case after [`MAX_AGE`].

pub mod events;
pub mod h2;
pub mod session;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use session::LabSession;

/// The most lab sessions at once.
pub const MAX_SESSIONS: usize = 64;
/// How long a session outlives its page (an EventSource reconnects within seconds).
pub const IDLE_GRACE: Duration = Duration::from_secs(60);
/// The longest a session lives.
pub const MAX_AGE: Duration = Duration::from_secs(4 * 60 * 60);
/// The subprotocols the lab's WebSocket speaks, so a learner can see one chosen.
pub const LAB_PROTOCOLS: &[&str] = &["chat", "superchat"];
/// The lab socket's message and frame limit: small enough that a button can pass it.
pub const LAB_MAX_MESSAGE: usize = 1024 * 1024;

/// Every open lab session, by id.
#[derive(Debug, Default, Clone)]
pub struct Labs {
    sessions: Arc<Mutex<HashMap<String, Arc<LabSession>>>>,
}

impl Labs {
    /// A new session, or `None` when the cap is reached.
    pub fn create(&self) -> Option<Arc<LabSession>> {
        let mut sessions = self.lock();
        sessions.retain(|_, s| !s.is_expired());
        if sessions.len() >= MAX_SESSIONS {
            return None;
        }
        let id = new_id()?;
        let session = Arc::new(LabSession::new(id.clone()));
        sessions.insert(id, session.clone());
        Some(session)
    }

    /// The session with this id, if it is still open.
    pub fn get(&self, id: &str) -> Option<Arc<LabSession>> {
        let mut sessions = self.lock();
        let session = sessions.get(id)?.clone();
        if session.is_expired() {
            sessions.remove(id);
            return None;
        }
        Some(session)
    }

    /// Drops sessions whose page is gone; run periodically.
    pub fn reap(&self) {
        self.lock().retain(|_, s| !s.is_expired());
    }

    /// How many sessions are open.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// True when no session is open.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<LabSession>>> {
        self.sessions.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// 128 random bits from the operating system, in hex.
fn new_id() -> Option<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).ok()?;
    Some(wire::to_hex(&bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unguessable_and_sessions_capped() {
        let labs = Labs::default();
        let a = labs.create().unwrap();
        let b = labs.create().unwrap();
        assert_eq!(a.id().len(), 32);
        assert_ne!(a.id(), b.id());
        assert!(labs.get(a.id()).is_some());
        assert!(labs.get("nope").is_none());
        while labs.len() < MAX_SESSIONS {
            labs.create().unwrap();
        }
        assert!(labs.create().is_none());
    }
}
