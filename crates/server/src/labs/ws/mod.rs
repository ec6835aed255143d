//! The WebSocket lab's sessions: what one learner's lab page is watching.
//!
//! A page asks for a session (`POST /api/lab/sessions`) and gets an unguessable id (128
//! random bits). It opens the inspector stream (`GET /lab/events/{id}`, Server-Sent Events)
//! and then its WebSocket (`/ws/lab?session={id}`). The WebSocket handler claims the
//! connection's [tap](crate::net::tap); the tapped bytes are dissected by the session
//! ([`session::LabSession`]) and go out on the stream, in order.
//!
//! Memory is bounded three ways: a cap on sessions ([`MAX_SESSIONS`], 503 past it), a cap on
//! each session's kept events ([`super::events::MAX_HISTORY_BYTES`]), and payloads over 4 KiB
//! dissected only for their first 4 KiB. A session ends when its page has been gone (no
//! stream, no socket) for [`super::IDLE_GRACE`], and in any case after [`super::MAX_AGE`].

pub mod session;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use session::LabSession;

use super::new_id;

/// The most lab sessions at once.
pub const MAX_SESSIONS: usize = 64;
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
