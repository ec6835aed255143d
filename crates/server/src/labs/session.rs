//! What every lab session has, whatever its protocol: its event log, who is watching it, and
//! the clock that decides when it ends.
//!
//! A protocol's session ([`super::ws::WsSession`], [`super::h2::session::H2Session`]) keeps
//! its own parser state and holds one [`Shared`]; the [`Session`] trait hands it out, so the
//! [registry](super::registry), the [`Subscription`] guard and the inspector stream work on
//! either.
//!
//! ```text
//!   ends when:  age > MAX_AGE
//!          or:  no inspector stream  and  no open connection  for IDLE_GRACE
//! ```
//!
//! Lock order: a session's own state first, then its `Shared` (events are emitted while the
//! parser state is held); nothing locks the other way.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use tokio::sync::broadcast;

use super::event::LabEvent;
use super::events::{EventLog, Logged};
use super::recording::Recording;
use super::{IDLE_GRACE, MAX_AGE};

/// A lab session of either protocol.
pub trait Session: Send + Sync + 'static {
    /// The part every session has.
    fn shared(&self) -> &Shared;
}

#[derive(Debug)]
struct State {
    log: EventLog,
    /// Open inspector streams.
    subscribers: usize,
    /// Open connections the session follows (the WebSocket lab's socket, the HTTP/2 lab's
    /// connections).
    connections: usize,
    /// The last event, or the last stream to close.
    last_active: Instant,
    /// Since when no inspector stream is open.
    unwatched_since: Instant,
}

/// A session's log and liveness.
#[derive(Debug)]
pub struct Shared {
    created: Instant,
    state: Mutex<State>,
    /// The connections' bytes for the exports (a leaf lock: nothing is locked under it).
    recording: Mutex<Recording>,
}

impl Default for Shared {
    fn default() -> Self {
        let now = Instant::now();
        Self {
            created: now,
            state: Mutex::new(State {
                log: EventLog::default(),
                subscribers: 0,
                connections: 0,
                last_active: now,
                unwatched_since: now,
            }),
            recording: Mutex::new(Recording::default()),
        }
    }
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The session's recorded bytes.
    pub fn recording(&self) -> MutexGuard<'_, Recording> {
        self.recording.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Logs an event and sends it to the inspector streams.
    pub fn emit(&self, event: &LabEvent) {
        let mut state = self.lock();
        state.log.emit(event);
        state.last_active = Instant::now();
    }

    /// Marks the session as in use without logging anything (the push lab's requests, which
    /// come and go without a lasting connection or an event each).
    pub fn touch(&self) {
        self.lock().last_active = Instant::now();
    }

    /// The events kept, oldest first, as they were serialized.
    pub fn events(&self) -> Vec<Arc<Logged>> {
        self.lock().log.history().cloned().collect()
    }

    /// A connection of the session opened.
    pub fn connection_opened(&self) {
        self.lock().connections += 1;
    }

    /// A connection of the session closed; `event` says so.
    pub fn connection_closed(&self, event: &LabEvent) {
        let mut state = self.lock();
        state.connections = state.connections.saturating_sub(1);
        state.log.emit(event);
        state.last_active = Instant::now();
    }

    /// True while one of its connections is open.
    pub fn is_connected(&self) -> bool {
        self.lock().connections > 0
    }

    /// How long ago the session began.
    pub fn age(&self) -> Duration {
        self.created.elapsed()
    }

    /// True when the session is too old, or its page has been gone (no stream, no
    /// connection) for [`IDLE_GRACE`].
    pub fn is_expired(&self) -> bool {
        let state = self.lock();
        self.created.elapsed() > MAX_AGE
            || (state.subscribers == 0
                && state.connections == 0
                && state.last_active.elapsed() > IDLE_GRACE)
    }

    /// True when no inspector stream has been open for `grace` (the page is gone), whatever
    /// its connections still carry (the server's keep-alive PINGs, say).
    pub fn unwatched_for(&self, grace: Duration) -> bool {
        let state = self.lock();
        state.subscribers == 0 && state.unwatched_since.elapsed() > grace
    }
}

/// Counts an open inspector stream while it lives: the session is watched until it drops.
#[allow(missing_debug_implementations)] // holds a `dyn Session`
pub struct Subscription {
    session: Arc<dyn Session>,
}

impl Subscription {
    /// Subscribes to `session`: the events kept so far, a receiver for the ones to come (no
    /// event falls between the two), and the guard.
    pub fn new<S: Session>(
        session: Arc<S>,
    ) -> (Vec<Arc<Logged>>, broadcast::Receiver<Arc<Logged>>, Self) {
        let mut state = session.shared().lock();
        state.subscribers += 1;
        let (history, receiver) = state.log.subscribe();
        drop(state);
        (history, receiver, Subscription { session })
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        let mut state = self.session.shared().lock();
        state.subscribers = state.subscribers.saturating_sub(1);
        let now = Instant::now();
        state.last_active = now;
        state.unwatched_since = now;
    }
}

/// A session with nothing but the shared part, for tests.
#[cfg(test)]
#[derive(Debug, Default)]
pub(crate) struct Plain(pub(crate) Shared);

#[cfg(test)]
impl Session for Plain {
    fn shared(&self) -> &Shared {
        &self.0
    }
}

/// The events `session` logged, as JSON values without their time (`t_ms`), for tests.
#[cfg(test)]
pub(crate) fn logged(session: &impl Session) -> Vec<serde_json::Value> {
    session
        .shared()
        .events()
        .iter()
        .map(|e| {
            let mut v: serde_json::Value = serde_json::from_str(e.json.get()).unwrap();
            if let Some(o) = v.as_object_mut() {
                o.remove("t_ms");
            }
            v
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_subscription_counts_while_it_lives() {
        let s = Arc::new(Plain::default());
        s.0.emit(&LabEvent::note("before"));
        let (history, _rx, guard) = Subscription::new(s.clone());
        assert_eq!(history.len(), 1);
        assert!(!s.0.unwatched_for(Duration::ZERO));
        drop(guard);
        assert!(s.0.unwatched_for(Duration::ZERO));
        s.0.connection_opened();
        assert!(s.0.is_connected());
        s.0.connection_closed(&LabEvent::note("closed"));
        assert!(!s.0.is_connected() && !s.0.is_expired());
        assert_eq!(s.0.events().len(), 2);
    }
}
