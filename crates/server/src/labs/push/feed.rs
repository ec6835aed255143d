//! [`Feed`]: one run's stream of events, published by one task at a fixed interval.
//!
//! Event `k` (1, 2, … N) is due `k × interval` after the feed starts, and its payload is
//! exactly `payload_bytes` long:
//!
//! ```text
//!   {"n":3,"t":300,"p":"abcdefg…"}      n: the counter; t: when it was due, in ms after the
//!                                       feed's start; p: padding to the chosen size
//! ```
//!
//! The payload depends on `k`, the interval and the size only, so two runs with the same
//! choices carry the same bytes, whichever technique receives them. When an event was really
//! published (the task woke and announced it) is kept on the session's clock: latency is
//! measured from that instant, never from the schedule.
//!
//! The feed waits for its techniques before it starts: it begins once each has made its
//! first request (a stream opened, a first poll arrived), or after [`READY_WAIT`], so that a
//! slow connection does not miss the first events. It never outlives [`Feed::deadline`].

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use tokio::sync::{Notify, watch};
use tokio::time::Instant;

use super::{Params, Technique};

/// The longest the feed waits for its techniques' first requests.
pub const READY_WAIT: Duration = Duration::from_secs(3);
/// How long after its last event a feed's waiters give up, at most.
const SLACK: Duration = Duration::from_secs(5);
/// The padding's alphabet.
const PAD: &[u8] = b"abcdefghijklmnopqrstuvwxyz";

/// What the publishing task and the waiters share.
#[derive(Debug, Default)]
struct State {
    /// The techniques whose first request arrived.
    ready: Vec<Technique>,
    /// When the feed started.
    start: Option<Instant>,
    /// When each event was published (index k − 1).
    published: Vec<Instant>,
    done: bool,
}

/// One run's events (see the module docs).
#[derive(Debug)]
pub struct Feed {
    params: Params,
    /// The session's clock: every time the feed reports is measured from here.
    clock: Instant,
    techniques: Vec<Technique>,
    state: Mutex<State>,
    /// How many events are published.
    count: watch::Sender<u32>,
    /// Rung when a technique becomes ready.
    readied: Notify,
    /// When every waiter gives up.
    deadline: Instant,
}

impl Feed {
    /// A feed for `techniques`, its times on the clock that started at `clock`. It does
    /// nothing until [`Feed::spawn`].
    pub fn new(params: Params, clock: Instant, techniques: Vec<Technique>) -> Arc<Feed> {
        Arc::new(Feed {
            params,
            clock,
            techniques,
            state: Mutex::default(),
            count: watch::channel(0).0,
            readied: Notify::new(),
            deadline: Instant::now() + READY_WAIT + params.length() + SLACK,
        })
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Starts the publishing task.
    pub fn spawn(self: &Arc<Self>) {
        let feed = self.clone();
        tokio::spawn(async move { feed.publish().await });
    }

    async fn publish(&self) {
        let ready_by = Instant::now() + READY_WAIT;
        loop {
            let notified = self.readied.notified();
            if self.all_ready() {
                break;
            }
            if tokio::time::timeout_at(ready_by, notified).await.is_err() {
                break;
            }
        }
        let start = Instant::now();
        self.lock().start = Some(start);
        let interval = Duration::from_millis(u64::from(self.params.interval_ms));
        for k in 1..=self.params.events {
            tokio::time::sleep_until(start + interval * k).await;
            self.lock().published.push(Instant::now());
            self.count.send_replace(k);
        }
        self.lock().done = true;
        // Wake the waiters for an event past the last: there is none.
        self.count.send_modify(|_| {});
    }

    fn all_ready(&self) -> bool {
        let state = self.lock();
        self.techniques.iter().all(|t| state.ready.contains(t))
    }

    /// A technique's first request arrived.
    pub fn ready(&self, technique: Technique) {
        let mut state = self.lock();
        if !state.ready.contains(&technique) {
            state.ready.push(technique);
        }
        drop(state);
        self.readied.notify_one();
    }

    /// The run's choices.
    pub fn params(&self) -> &Params {
        &self.params
    }

    /// The techniques the run is for.
    pub fn techniques(&self) -> &[Technique] {
        &self.techniques
    }

    /// How many events are published so far.
    pub fn count(&self) -> u32 {
        *self.count.borrow()
    }

    /// True once the last event is published.
    pub fn is_done(&self) -> bool {
        self.lock().done
    }

    /// When every waiter gives up: the feed's last event is due before it.
    pub fn deadline(&self) -> Instant {
        self.deadline
    }

    /// When event `k` was published, once it is.
    pub fn published_at(&self, k: u32) -> Option<Instant> {
        let i = usize::try_from(k.checked_sub(1)?).ok()?;
        self.lock().published.get(i).copied()
    }

    /// Waits until event `k` is published and says when it was; `None` for an event past
    /// the last, or when the deadline passes first.
    pub async fn wait_for(&self, k: u32) -> Option<Instant> {
        if k == 0 || k > self.params.events {
            return None;
        }
        let mut rx = self.count.subscribe();
        let waited = tokio::time::timeout_at(self.deadline, rx.wait_for(|&c| c >= k)).await;
        match waited {
            Ok(Ok(_)) => self.published_at(k),
            _ => None,
        }
    }

    /// Waits until the last event is published (or the deadline).
    pub async fn finished(&self) {
        let _ = self.wait_for(self.params.events).await;
    }

    /// Milliseconds on the session's clock.
    pub fn ms(&self, at: Instant) -> f64 {
        ms_since(self.clock, at)
    }

    /// When the feed started, on the session's clock.
    pub fn started_ms(&self) -> Option<f64> {
        self.lock().start.map(|s| self.ms(s))
    }

    /// When each event was published, on the session's clock (index k − 1).
    pub fn published_ms(&self) -> Vec<f64> {
        let state = self.lock();
        state.published.iter().map(|&at| self.ms(at)).collect()
    }

    /// Event `k`'s payload.
    pub fn payload(&self, k: u32) -> Vec<u8> {
        payload(k, self.params.interval_ms, self.params.payload_bytes)
    }
}

/// Milliseconds from `clock` to `at`, to the microsecond.
pub fn ms_since(clock: Instant, at: Instant) -> f64 {
    (at.saturating_duration_since(clock).as_secs_f64() * 1_000_000.0).round() / 1000.0
}

/// Event `k`'s payload for this interval and size: `{"n":k,"t":k×interval,"p":"…"}`, padded
/// to `size` bytes (never shorter than what it must say; [`super::PAYLOAD_BYTES`] keeps
/// `size` above that for every run).
pub fn payload(k: u32, interval_ms: u32, size: u32) -> Vec<u8> {
    let t = u64::from(k) * u64::from(interval_ms);
    let head = format!(r#"{{"n":{k},"t":{t},"p":""#);
    let room = (size as usize).saturating_sub(head.len() + 2);
    let mut out = Vec::with_capacity(head.len() + room + 2);
    out.extend_from_slice(head.as_bytes());
    out.extend(PAD.iter().cycle().take(room));
    out.extend_from_slice(b"\"}");
    out
}

/// The counter of a payload: the digits after `{"n":`, if that is how it starts.
pub fn counter(payload: &[u8]) -> Option<u32> {
    let digits = payload.strip_prefix(br#"{"n":"#)?;
    let end = digits.iter().position(|b| !b.is_ascii_digit())?;
    std::str::from_utf8(digits.get(..end)?).ok()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::labs::push::{MAX_EVENTS, MAX_RUN_MS, PAYLOAD_BYTES};

    #[test]
    fn payloads_are_exactly_the_size_chosen_and_say_their_counter() {
        let p = payload(7, 100, 64);
        assert_eq!(p.len(), 64);
        assert!(p.starts_with(br#"{"n":7,"t":700,"p":"abc"#), "{p:?}");
        assert!(serde_json::from_slice::<serde_json::Value>(&p).is_ok());
        assert_eq!(counter(&p), Some(7));
        assert_eq!(counter(b"{\"n\":x"), None);
        // The smallest size holds the largest counter and time of any run.
        let (min, _) = PAYLOAD_BYTES;
        let longest = payload(MAX_EVENTS, (MAX_RUN_MS / u64::from(MAX_EVENTS)) as u32, min);
        assert_eq!(
            longest.len(),
            min as usize,
            "{}",
            String::from_utf8_lossy(&longest)
        );
        assert_eq!(payload(3, 10, 32), payload(3, 10, 32));
    }

    #[tokio::test(start_paused = true)]
    async fn the_feed_waits_for_its_techniques_then_publishes_on_time() {
        let clock = Instant::now();
        let params = Params {
            events: 3,
            interval_ms: 100,
            ..Params::default()
        };
        let feed = Feed::new(params, clock, vec![Technique::Sse, Technique::Poll]);
        feed.spawn();
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert_eq!(feed.started_ms(), None);
        feed.ready(Technique::Sse);
        feed.ready(Technique::Poll);
        let at = feed.wait_for(2).await.unwrap();
        assert_eq!(feed.count(), 2);
        assert!((feed.ms(at) - 250.0).abs() < 2.0, "{}", feed.ms(at));
        feed.finished().await;
        assert!(feed.is_done());
        assert_eq!(feed.published_ms().len(), 3);
        assert_eq!(feed.wait_for(4).await, None);
        // A feed whose techniques never come starts anyway.
        let lonely = Feed::new(params, clock, vec![Technique::WebSocket]);
        lonely.spawn();
        assert!(lonely.wait_for(1).await.is_some());
        assert!(lonely.started_ms().unwrap() >= READY_WAIT.as_secs_f64() * 1000.0);
    }
}
