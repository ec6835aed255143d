//! [`PushSession`]: a page's (or a headless run's) runs, and what the tap measured of each.
//!
//! A session has a clock (every time the lab reports is milliseconds since the session
//! began) and up to [`MAX_RUNS`] runs, one under way at a time. A [`Run`] is a feed and a
//! tally per technique: the requests the tap saw (and those the handlers served, which the
//! tap should have seen too), bytes each way by kind, empty answers, each event's cost, when
//! each request arrived, and the first exchanges whole, for the cards.
//!
//! A run is *settled* when its feed is done, no request of it is being served and no
//! exchange of it is still on the wire: only then are its totals final.
//!
//! Bounds: [`MAX_RUNS`] runs, [`MAX_CARDS`] exchanges kept whole per technique and run and
//! [`MAX_CARD_BYTES`] of them per session, [`MAX_REQUEST_TIMES`] request times and
//! [`super::MAX_EVENTS`] events per technique and run.

use std::collections::{BTreeMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use tokio::sync::Notify;
use tokio::time::Instant;

use super::feed::{Feed, ms_since};
use super::measure::{Costs, Record, Route};
use super::{MAX_EVENTS, MAX_OPEN_PER_TECHNIQUE, Params, Technique};
use crate::labs::event::LabEvent;
use crate::labs::session::{Session, Shared};

/// Runs a session keeps (the six of a one-after-another comparison, and two more).
pub const MAX_RUNS: usize = 8;
/// Exchanges kept whole, for the cards, per technique and run.
pub const MAX_CARDS: usize = 12;
/// Bytes of exchanges kept whole per session.
pub const MAX_CARD_BYTES: usize = 2 * 1024 * 1024;
/// Request times kept per technique and run (a 10 ms poll for 120 s makes 12,000).
pub const MAX_REQUEST_TIMES: usize = 20_000;
/// Problems kept per technique and run.
const MAX_PROBLEMS: usize = 8;

/// One event as a technique received it, with what it cost.
#[derive(Debug, Clone, PartialEq)]
pub struct EventCost {
    /// Its counter.
    pub n: Option<u32>,
    /// Every byte of the technique since the previous event, its own included.
    pub cost: Costs,
    /// When the server wrote its last byte, on the session's clock.
    pub sent_ms: f64,
}

/// What the tap measured of one technique in one run.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    /// Requests the tap saw.
    pub requests: u64,
    /// Requests the handlers served (the tap should have seen each).
    pub served: u64,
    pub up: Costs,
    pub down: Costs,
    /// Poll answers that carried no event.
    pub empty: u64,
    pub events: Vec<EventCost>,
    /// Bytes since the last event.
    pub pending: Costs,
    /// When each request arrived, on the session's clock.
    pub request_ms: Vec<f64>,
    pub cards: Vec<Arc<Record>>,
    pub cards_omitted: u64,
    pub problems: Vec<String>,
    /// Requests being served now.
    open: usize,
}

/// The run's tallies and what keeps it from being settled.
#[derive(Debug, Default)]
struct Tallies {
    by_technique: BTreeMap<Technique, Tally>,
    /// Exchanges the tap saw begin and not yet end.
    on_the_wire: usize,
}

/// One run: a feed, and what each technique cost.
#[derive(Debug)]
pub struct Run {
    pub id: u32,
    pub feed: Arc<Feed>,
    tallies: Mutex<Tallies>,
    changed: Notify,
}

/// Counts a request while its handler serves it; the run is not settled until it drops.
#[derive(Debug)]
pub struct Serving {
    run: Arc<Run>,
    technique: Technique,
    session: Arc<PushSession>,
}

impl Drop for Serving {
    fn drop(&mut self) {
        let mut t = self.run.lock();
        let tally = t.by_technique.entry(self.technique).or_default();
        tally.open = tally.open.saturating_sub(1);
        drop(t);
        self.session.shared.touch();
        self.run.changed.notify_waiters();
    }
}

impl Run {
    fn lock(&self) -> MutexGuard<'_, Tallies> {
        self.tallies.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// What the tap measured of `technique` so far.
    pub fn tally(&self, technique: Technique) -> Tally {
        self.lock()
            .by_technique
            .get(&technique)
            .cloned()
            .unwrap_or_default()
    }

    /// True when the run's totals are final (see the module docs).
    pub fn is_settled(&self) -> bool {
        let t = self.lock();
        self.feed.is_done() && t.on_the_wire == 0 && t.by_technique.values().all(|v| v.open == 0)
    }

    /// Waits until the run is settled, or `wait` has passed; says whether it is.
    pub async fn settled(&self, wait: Duration) -> bool {
        let until = Instant::now() + wait;
        loop {
            let changed = self.changed.notified();
            if self.is_settled() {
                return true;
            }
            let tick = (Instant::now() + Duration::from_millis(100)).min(until);
            let _ = tokio::time::timeout_at(tick, changed).await;
            if Instant::now() >= until {
                return self.is_settled();
            }
        }
    }
}

/// The session's part that changes.
#[derive(Debug, Default)]
struct State {
    runs: VecDeque<Arc<Run>>,
    next: u32,
    card_bytes: usize,
}

/// A push lab session (see the module docs).
#[derive(Debug)]
pub struct PushSession {
    shared: Shared,
    clock: Instant,
    state: Mutex<State>,
}

impl Default for PushSession {
    fn default() -> Self {
        PushSession {
            shared: Shared::default(),
            clock: Instant::now(),
            state: Mutex::default(),
        }
    }
}

impl Session for PushSession {
    fn shared(&self) -> &Shared {
        &self.shared
    }
}

/// Why a run cannot start.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RunRefused {
    /// The session's last run is still under way.
    #[error("run {0} is still under way: wait for it to end")]
    Busy(u32),
    /// No technique was named, or one twice.
    #[error("name each technique once, at least one")]
    Techniques,
    /// A bound of [`Params::check`].
    #[error("{0}")]
    Params(String),
}

impl PushSession {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Where the session's clock starts.
    pub fn clock(&self) -> Instant {
        self.clock
    }

    /// Now, on the session's clock.
    pub fn now_ms(&self) -> f64 {
        ms_since(self.clock, Instant::now())
    }

    /// Starts a run of `techniques` on a new feed.
    pub fn start_run(
        &self,
        params: Params,
        techniques: Vec<Technique>,
    ) -> Result<Arc<Run>, RunRefused> {
        params.check().map_err(RunRefused::Params)?;
        let mut unique = techniques.clone();
        unique.sort();
        unique.dedup();
        if techniques.is_empty() || unique.len() != techniques.len() {
            return Err(RunRefused::Techniques);
        }
        let mut state = self.lock();
        if let Some(last) = state.runs.back()
            && !last.feed.is_done()
        {
            return Err(RunRefused::Busy(last.id));
        }
        state.next += 1;
        let feed = Feed::new(params, self.clock, techniques.clone());
        let run = Arc::new(Run {
            id: state.next,
            feed: feed.clone(),
            tallies: Mutex::default(),
            changed: Notify::new(),
        });
        state.runs.push_back(run.clone());
        while state.runs.len() > MAX_RUNS {
            if let Some(old) = state.runs.pop_front() {
                let kept: usize = old
                    .lock()
                    .by_technique
                    .values()
                    .flat_map(|t| &t.cards)
                    .map(|r| card_size(r))
                    .sum();
                state.card_bytes = state.card_bytes.saturating_sub(kept);
            }
        }
        drop(state);
        feed.spawn();
        let names: Vec<&str> = techniques.iter().map(|t| t.name()).collect();
        self.shared.emit(&LabEvent::note(format!(
            "Run {}: {} events of {} bytes every {} ms by {}.",
            run.id,
            params.events,
            params.payload_bytes,
            params.interval_ms,
            names.join(", ")
        )));
        Ok(run)
    }

    /// The run with this number, if the session still keeps it.
    pub fn run(&self, id: u32) -> Option<Arc<Run>> {
        self.lock().runs.iter().find(|r| r.id == id).cloned()
    }

    /// A handler begins serving a request of `technique` in `run`: `None` when
    /// [`MAX_OPEN_PER_TECHNIQUE`] of them are open already.
    pub fn serve(self: &Arc<Self>, run: &Arc<Run>, technique: Technique) -> Option<Serving> {
        let mut t = run.lock();
        let tally = t.by_technique.entry(technique).or_default();
        if tally.open >= MAX_OPEN_PER_TECHNIQUE {
            return None;
        }
        tally.open += 1;
        tally.served += 1;
        drop(t);
        self.shared.touch();
        run.feed.ready(technique);
        Some(Serving {
            run: run.clone(),
            technique,
            session: self.clone(),
        })
    }

    /// The tap saw a request of a run begin.
    pub fn opened(&self, route: &Route) {
        let Some(run) = self.run(route.run) else {
            return;
        };
        let at = self.now_ms();
        let mut t = run.lock();
        t.on_the_wire += 1;
        let tally = t.by_technique.entry(route.technique).or_default();
        tally.requests += 1;
        if tally.request_ms.len() < MAX_REQUEST_TIMES {
            tally.request_ms.push(at);
        }
    }

    /// The tap saw an exchange of a run end: add it up.
    pub fn record(&self, record: Record) {
        let Some(route) = record.route.clone() else {
            return;
        };
        let Some(run) = self.run(route.run) else {
            return;
        };
        self.shared.touch();
        // Lock order: the session's state, then a run's tallies (as `start_run` takes
        // them); never both the other way.
        let kept = run
            .lock()
            .by_technique
            .get(&route.technique)
            .map_or(0, |v| v.cards.len());
        let keep_card = {
            let size = card_size(&record);
            let mut state = self.lock();
            let fits = kept < MAX_CARDS && state.card_bytes + size <= MAX_CARD_BYTES;
            if fits {
                state.card_bytes += size;
            }
            fits
        };
        let mut t = run.lock();
        t.on_the_wire = t.on_the_wire.saturating_sub(1);
        let tally = t.by_technique.entry(route.technique).or_default();
        tally.up = tally.up.plus(record.up);
        tally.down = tally.down.plus(record.down);
        if route.technique.polls() && record.events.is_empty() {
            tally.empty += 1;
        }
        for event in &record.events {
            let cost = std::mem::take(&mut tally.pending).plus(event.cost);
            if tally.events.len() < MAX_EVENTS as usize {
                tally.events.push(EventCost {
                    n: event.n,
                    cost,
                    sent_ms: ms_since(self.clock, event.at),
                });
            }
        }
        tally.pending = tally.pending.plus(record.tail);
        if let Some(problem) = &record.problem
            && tally.problems.len() < MAX_PROBLEMS
        {
            tally.problems.push(problem.clone());
        }
        if keep_card {
            tally.cards.push(Arc::new(record));
        } else {
            tally.cards_omitted += 1;
        }
        drop(t);
        run.changed.notify_waiters();
    }
}

/// What keeping an exchange whole costs.
fn card_size(r: &Record) -> usize {
    r.request_head.len()
        + r.response_head.len()
        + r.body.len()
        + r.frames.iter().map(|f| f.bytes.len()).sum::<usize>()
}
