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
//!          or:  no inspector stream  and  no open connection  for idle_grace()
//!   evicted:    the lab is full, and it has no open connection and no event for
//!               idle_grace() (its streams, if any, end)
//! ```
//!
//! Inspector streams are bounded: at most [`MAX_STREAMS_PER_SESSION`] on one session (429
//! past it) and [`MAX_STREAMS`] on the whole server ([`Streams`], 503 past it), and a stream
//! holds no copy of the history: it walks the log by `seq` ([`Subscription::next_after`])
//! as the client reads, so an unread stream costs a cursor, not 4 MiB.
//!
//! Lock order: a session's own state first, then its `Shared` (events are emitted while the
//! parser state is held); nothing locks the other way.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use tokio::sync::broadcast;

use super::event::LabEvent;
use super::events::{EventLog, Logged};
use super::recording::Recording;
use super::{MAX_AGE, idle_grace};

/// The most inspector streams open on one session (a page has one; a few tabs, a few).
pub const MAX_STREAMS_PER_SESSION: usize = 4;
/// The most inspector streams open on the whole server.
pub const MAX_STREAMS: usize = 256;

/// A lab session of either protocol.
pub trait Session: Send + Sync + 'static {
    /// The part every session has.
    fn shared(&self) -> &Shared;

    /// Ends the session now (evicted): its streams end and its log is freed. A session
    /// that follows connections of its own stops following them too.
    fn end(&self) {
        self.shared().end();
    }
}

/// The inspector streams open on the server, against [`MAX_STREAMS`].
#[derive(Debug, Default)]
pub struct Streams {
    open: AtomicUsize,
}

impl Streams {
    /// How many are open.
    pub fn open(&self) -> usize {
        self.open.load(Ordering::Relaxed)
    }

    fn try_open(&self) -> bool {
        self.open
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n < MAX_STREAMS).then_some(n + 1)
            })
            .is_ok()
    }

    fn close(&self) {
        let _ = self
            .open
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| n.checked_sub(1));
    }
}

/// Why a stream was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// The session has [`MAX_STREAMS_PER_SESSION`] open.
    Session,
    /// The server has [`MAX_STREAMS`] open.
    Server,
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
    /// Evicted: nothing more is logged.
    ended: bool,
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
                ended: false,
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
        self.recording
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Logs an event and sends it to the inspector streams.
    pub fn emit(&self, event: &LabEvent) {
        let mut state = self.lock();
        if state.ended {
            return;
        }
        state.log.emit(event);
        state.last_active = Instant::now();
    }

    /// [`Shared::emit`] for an event given away, which may then be kept unserialized
    /// until read ([`EventLog::emit_owned`]).
    pub fn emit_owned(&self, event: LabEvent) {
        let mut state = self.lock();
        if state.ended {
            return;
        }
        state.log.emit_owned(event);
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
        if !state.ended {
            state.log.emit(event);
        }
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

    /// True when the session is too old, ended, or its page has been gone (no stream, no
    /// connection) for [`idle_grace`].
    pub fn is_expired(&self) -> bool {
        let state = self.lock();
        state.ended
            || self.created.elapsed() > MAX_AGE
            || (state.subscribers == 0
                && state.connections == 0
                && state.last_active.elapsed() > idle_grace())
    }

    /// How long the session has had no open connection and no event, if it has none open:
    /// what makes it evictable when the lab is full, streams or not (a stream that only
    /// holds a session open must not lock the learners out).
    pub fn stale_for(&self) -> Option<Duration> {
        let state = self.lock();
        let idle = state.last_active.elapsed();
        (state.connections == 0 && idle > idle_grace()).then_some(idle)
    }

    /// Ends the session: every stream ends once it has sent what it has, the log is freed,
    /// nothing more is logged.
    pub fn end(&self) {
        let mut state = self.lock();
        state.ended = true;
        state.log.end();
    }

    /// True when no inspector stream has been open for `grace` (the page is gone), whatever
    /// its connections still carry (the server's keep-alive PINGs, say).
    pub fn unwatched_for(&self, grace: Duration) -> bool {
        let state = self.lock();
        state.subscribers == 0 && state.unwatched_since.elapsed() > grace
    }
}

/// Counts an open inspector stream while it lives: the session is watched until it drops,
/// and the stream counts against the session's and the server's caps.
/// A stream's receiver of the events to come.
pub type Receiver = broadcast::Receiver<Arc<Logged>>;

#[allow(missing_debug_implementations)] // holds a `dyn Session`
pub struct Subscription {
    session: Arc<dyn Session>,
    streams: Arc<Streams>,
}

impl Subscription {
    /// Subscribes to `session`: the `seq` of the newest event kept (where a replay ends), a
    /// receiver for the ones to come (no event falls between the two), and the guard; or
    /// which cap refused it.
    pub fn new<S: Session>(
        session: Arc<S>,
        streams: &Arc<Streams>,
    ) -> Result<(Option<u64>, Receiver, Self), Refused> {
        let mut state = session.shared().lock();
        if state.subscribers >= MAX_STREAMS_PER_SESSION {
            return Err(Refused::Session);
        }
        if !streams.try_open() {
            return Err(Refused::Server);
        }
        state.subscribers += 1;
        let (newest, receiver) = state.log.subscribe();
        drop(state);
        let guard = Subscription {
            session,
            streams: streams.clone(),
        };
        Ok((newest, receiver, guard))
    }

    /// The next event of a replay: the oldest kept after `seen`, up to `upto`.
    pub fn next_after(&self, seen: Option<u64>, upto: u64) -> Option<Arc<Logged>> {
        self.session.shared().lock().log.after(seen, upto)
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        self.streams.close();
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
            let mut v: serde_json::Value = serde_json::from_str(e.json().get()).unwrap();
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
        let streams = Arc::new(Streams::default());
        let (newest, _rx, guard) = Subscription::new(s.clone(), &streams).unwrap();
        assert_eq!(newest, Some(0));
        assert_eq!(guard.next_after(None, 0).map(|e| e.seq), Some(0));
        assert!(guard.next_after(Some(0), 0).is_none());
        assert!(!s.0.unwatched_for(Duration::ZERO));
        drop(guard);
        assert!(s.0.unwatched_for(Duration::ZERO));
        assert_eq!(streams.open(), 0);
        s.0.connection_opened();
        assert!(s.0.is_connected());
        s.0.connection_closed(&LabEvent::note("closed"));
        assert!(!s.0.is_connected() && !s.0.is_expired());
        assert_eq!(s.0.events().len(), 2);
    }

    #[test]
    fn streams_are_capped_per_session_and_in_all() {
        let streams = Arc::new(Streams::default());
        let a = Arc::new(Plain::default());
        let mut held: Vec<_> = (0..MAX_STREAMS_PER_SESSION)
            .map(|_| Subscription::new(a.clone(), &streams).unwrap().2)
            .collect();
        assert_eq!(
            Subscription::new(a.clone(), &streams).err(),
            Some(Refused::Session)
        );
        while streams.open() < MAX_STREAMS {
            let s = Arc::new(Plain::default());
            held.push(Subscription::new(s, &streams).unwrap().2);
        }
        let b = Arc::new(Plain::default());
        assert_eq!(
            Subscription::new(b.clone(), &streams).err(),
            Some(Refused::Server)
        );
        held.pop();
        assert!(Subscription::new(b, &streams).is_ok());
    }

    #[test]
    fn an_ended_session_logs_nothing_and_expires() {
        let s = Plain::default();
        s.0.emit(&LabEvent::note("kept"));
        s.0.end();
        s.0.emit(&LabEvent::note("dropped"));
        assert!(s.0.events().is_empty() && s.0.is_expired());
    }
}
