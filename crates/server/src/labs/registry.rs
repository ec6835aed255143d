//! [`Registry`]: the open sessions of one lab, by unguessable id, with one cap policy.
//!
//! - An id is 128 random bits from the operating system, in hex: a page that knows it may
//!   watch and drive the session, so it must not be guessable from another's.
//! - At most [`MAX_SESSIONS`] sessions per lab: creating one first drops the expired ones
//!   ([`Shared::is_expired`](super::session::Shared::is_expired)), then, at the cap, evicts
//!   the stalest one with no connection and no event for the idle grace
//!   ([`Shared::stale_for`](super::session::Shared::stale_for), streams or not), and refuses
//!   when there is none (the route answers 503 with `Retry-After`).
//! - [`Registry::reap`] drops the expired ones; the accept loop runs it periodically.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use super::session::Session;

/// The most sessions of one lab at once.
pub const MAX_SESSIONS: usize = 64;

/// The open sessions of one lab.
#[derive(Debug)]
pub struct Registry<S> {
    sessions: Arc<Mutex<HashMap<String, Arc<S>>>>,
}

impl<S> Default for Registry<S> {
    fn default() -> Self {
        Self {
            sessions: Arc::default(),
        }
    }
}

impl<S> Clone for Registry<S> {
    fn clone(&self) -> Self {
        Self {
            sessions: self.sessions.clone(),
        }
    }
}

impl<S: Session> Registry<S> {
    fn lock(&self) -> MutexGuard<'_, HashMap<String, Arc<S>>> {
        self.sessions.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A new session and its id, or `None` when the cap is reached (or the system has no
    /// randomness to give).
    pub fn create(&self, session: S) -> Option<(String, Arc<S>)> {
        let mut sessions = self.lock();
        sessions.retain(|_, s| !s.shared().is_expired());
        if sessions.len() >= MAX_SESSIONS {
            // Full: the stalest session with no connection and no event for the idle grace
            // makes room, even if streams hold it (they end).
            let stalest = sessions
                .iter()
                .filter_map(|(id, s)| Some((s.shared().stale_for()?, id.clone())))
                .max()
                .map(|(_, id)| id);
            let evicted = stalest.and_then(|id| sessions.remove(&id))?;
            evicted.end();
        }
        let id = new_id()?;
        let session = Arc::new(session);
        sessions.insert(id.clone(), session.clone());
        Some((id, session))
    }

    /// The session with this id, if it is still open.
    pub fn get(&self, id: &str) -> Option<Arc<S>> {
        let mut sessions = self.lock();
        let session = sessions.get(id)?.clone();
        if session.shared().is_expired() {
            sessions.remove(id);
            return None;
        }
        Some(session)
    }

    /// Ends the session with this id now (a headless run's, once its answer is built).
    pub fn remove(&self, id: &str) {
        self.lock().remove(id);
    }

    /// Drops the expired sessions; run periodically.
    pub fn reap(&self) {
        self.lock().retain(|_, s| !s.shared().is_expired());
    }

    /// Calls `f` on every open session (under the registry's lock: keep it quick).
    pub fn each(&self, mut f: impl FnMut(&S)) {
        self.lock().values().for_each(|s| f(s));
    }

    /// How many sessions are open.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// True when no session is open.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
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
    use crate::labs::session::Plain;

    #[test]
    fn ids_are_unguessable_and_sessions_capped() {
        let labs = Registry::<Plain>::default();
        let (a, _) = labs.create(Plain::default()).unwrap();
        let (b, _) = labs.create(Plain::default()).unwrap();
        assert_eq!(a.len(), 32);
        assert_ne!(a, b);
        assert!(labs.get(&a).is_some());
        assert!(labs.get("nope").is_none());
        while labs.len() < MAX_SESSIONS {
            labs.create(Plain::default()).unwrap();
        }
        assert!(labs.create(Plain::default()).is_none());
        labs.reap();
        let mut n = 0;
        labs.each(|_| n += 1);
        assert_eq!(n, MAX_SESSIONS);
    }
}
