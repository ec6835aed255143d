//! The push lab: one stream of events, six ways for a page to receive it, and what each way
//! costs on the wire — measured from the bytes the tap saw, not computed from a formula.
//!
//! RFC 6202 catalogues how HTTP was bent to let a server speak first; WHATWG HTML §9.2
//! standardized one of them, and RFC 6455 replaced them. The lab serves one [feed](feed) (a
//! counter and a timestamp, padded to the size the learner chose, at the interval chosen)
//! and lets the learner's browser, or the server's own [client], receive it by each
//! [`Technique`]:
//!
//! ```text
//!   poll       GET …/poll?after=K every P ms      200 with the new events, or 204 (empty)
//!   long-poll  GET …/long-poll?after=K            held until an event (RFC 6202 §2.1)
//!   iframe     GET …/iframe                       one endless HTML page of <script>s
//!   streaming  GET …/streaming                    one endless chunked body (RFC 6202 §3.1)
//!   sse        GET …/sse, Last-Event-ID on retry  text/event-stream (HTML §9.2)
//!   websocket  GET /ws/push → 101                 a text frame per event (RFC 6455 §5.6)
//! ```
//!
//! Every connection those requests arrive on is claimed, on its first request of the lab,
//! by a [`sink::PushSink`]: from then on the tap hands it every byte both ways, and its
//! [`measure::Meter`] cuts them into exchanges (request, response) and sorts each byte into
//! HTTP head, framing (chunk-size lines, `data:`/`id:` lines, `<script>` markup, WebSocket
//! frame headers) or payload, with the `http1` crate's head parser, chunked decoder and
//! event-stream parser and `websocket::observe`. Each finished exchange goes to the
//! [session] of the run its request named, which adds it up per technique ([`report`]).
//!
//! A simulated network delay (`delay_ms`) is added by the server to each of its writes: a
//! response is written that long after it was ready, an event streamed that long after it
//! was published.
//!
//! Invariant: every client may be hostile, so everything is bounded by the constants below:
//! a run's events, interval and length, payload size, delay, how many requests of one
//! technique may be open at once, how long a long poll is held, how many headless runs go
//! at once, and what a session keeps ([`session`]).

pub mod client;
pub mod feed;
pub mod format;
pub mod measure;
pub mod report;
pub mod run;
pub mod session;
pub mod sink;

use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tokio::sync::Semaphore;

use self::session::PushSession;
use crate::labs::registry::Registry;

/// The most events one run publishes.
pub const MAX_EVENTS: u32 = 1000;
/// The shortest and longest interval between two events, in ms.
pub const INTERVAL_MS: (u32, u32) = (10, 10_000);
/// The longest a run's feed lasts: events × interval, in ms.
pub const MAX_RUN_MS: u64 = 120_000;
/// The smallest and largest payload of an event, in bytes (the smallest holds the counter
/// and the timestamp of any run).
pub const PAYLOAD_BYTES: (u32, u32) = (32, 16 * 1024);
/// The shortest and longest polling period, in ms.
pub const POLL_MS: (u32, u32) = (10, 10_000);
/// The most payload bytes one run publishes (events × payload_bytes): what one late poll
/// may have to carry at once.
pub const MAX_FEED_BYTES: u64 = 4 * 1024 * 1024;
/// The largest simulated network delay, in ms.
pub const MAX_DELAY_MS: u32 = 500;
/// How many headless runs (`POST /api/push/run`, `wiretrail push`) go at once.
pub const MAX_HEADLESS_RUNS: usize = 3;
/// How many requests of one technique of one run may be open at once (a page needs one;
/// the rest is slack for a reconnect that overlaps the old request).
pub const MAX_OPEN_PER_TECHNIQUE: usize = 4;
/// The longest a long poll is held before it is answered empty (RFC 6202 §5.5 discusses
/// choosing this below the timeouts of browsers and intermediaries).
pub const LONG_POLL_HOLD: Duration = Duration::from_secs(20);

/// The six ways to receive the feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Technique {
    /// A request every P ms, answered at once ("traditional" or "short" polling, as RFC 6202
    /// §2 contrasts it with long polling).
    Poll,
    /// A request held until there is an event (RFC 6202 §2.1).
    LongPoll,
    /// A hidden iframe whose never-ending HTML page trickles `<script>` blocks (the "forever
    /// frame": RFC 6202 §3.2's client-buffering example has this shape).
    Iframe,
    /// One response whose chunked body never ends (RFC 6202 §3.1).
    Streaming,
    /// Server-Sent Events (WHATWG HTML §9.2), which resumes with `Last-Event-ID`.
    Sse,
    /// A WebSocket (RFC 6455): one frame per event.
    #[serde(rename = "websocket")]
    WebSocket,
}

impl Technique {
    /// All six, in the order the lab shows them.
    pub const ALL: [Technique; 6] = [
        Technique::Poll,
        Technique::LongPoll,
        Technique::Iframe,
        Technique::Streaming,
        Technique::Sse,
        Technique::WebSocket,
    ];

    /// The name in URLs, JSON and the CLI's table.
    pub fn name(self) -> &'static str {
        match self {
            Technique::Poll => "poll",
            Technique::LongPoll => "long-poll",
            Technique::Iframe => "iframe",
            Technique::Streaming => "streaming",
            Technique::Sse => "sse",
            Technique::WebSocket => "websocket",
        }
    }

    /// The technique with this name.
    pub fn from_name(name: &str) -> Option<Technique> {
        Technique::ALL.into_iter().find(|t| t.name() == name)
    }

    /// True for the techniques that make one request per answer (and can answer empty).
    pub fn polls(self) -> bool {
        matches!(self, Technique::Poll | Technique::LongPoll)
    }
}

/// What the learner chooses for a run (the JSON of `POST /api/push/run` and of the page's
/// runs, field for field).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Params {
    /// How many events the feed publishes.
    pub events: u32,
    /// The time between two events, in ms.
    pub interval_ms: u32,
    /// Each event's payload size, in bytes.
    pub payload_bytes: u32,
    /// How long a polling client waits after an answer before it asks again, in ms.
    pub poll_ms: u32,
    /// The simulated network delay the server adds to each of its writes, in ms.
    pub delay_ms: u32,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            events: 20,
            interval_ms: 100,
            payload_bytes: 32,
            poll_ms: 50,
            delay_ms: 0,
        }
    }
}

impl Params {
    /// Checks every bound; the sentence says which one is broken.
    pub fn check(&self) -> Result<(), String> {
        let within = |name: &str, v: u32, (lo, hi): (u32, u32)| {
            if (lo..=hi).contains(&v) {
                Ok(())
            } else {
                Err(format!("{name} must be between {lo} and {hi} (got {v})"))
            }
        };
        within("events", self.events, (1, MAX_EVENTS))?;
        within("interval_ms", self.interval_ms, INTERVAL_MS)?;
        within("payload_bytes", self.payload_bytes, PAYLOAD_BYTES)?;
        within("poll_ms", self.poll_ms, POLL_MS)?;
        within("delay_ms", self.delay_ms, (0, MAX_DELAY_MS))?;
        let bytes = u64::from(self.events) * u64::from(self.payload_bytes);
        if bytes > MAX_FEED_BYTES {
            return Err(format!(
                "a run carries at most {} MiB: events × payload_bytes must be at most \
                 {MAX_FEED_BYTES} (got {bytes})",
                MAX_FEED_BYTES / 1024 / 1024
            ));
        }
        let length = u64::from(self.events) * u64::from(self.interval_ms);
        if length > MAX_RUN_MS {
            return Err(format!(
                "a run lasts at most {} s: events × interval_ms must be at most {MAX_RUN_MS} \
                 (got {length})",
                MAX_RUN_MS / 1000
            ));
        }
        Ok(())
    }

    /// The simulated delay.
    pub fn delay(&self) -> Duration {
        Duration::from_millis(u64::from(self.delay_ms))
    }

    /// The polling period.
    pub fn poll(&self) -> Duration {
        Duration::from_millis(u64::from(self.poll_ms))
    }

    /// How long the feed takes once it starts.
    pub fn length(&self) -> Duration {
        Duration::from_millis(u64::from(self.events) * u64::from(self.interval_ms))
    }
}

/// The push lab's part of the app state.
#[derive(Debug, Clone)]
pub struct PushLabs {
    /// The open sessions (a page's, or a headless run's).
    pub sessions: Registry<PushSession>,
    /// One permit per headless run going on.
    pub headless: Arc<Semaphore>,
}

impl Default for PushLabs {
    fn default() -> Self {
        PushLabs {
            sessions: Registry::default(),
            headless: Arc::new(Semaphore::new(MAX_HEADLESS_RUNS)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_params_are_bounded() {
        for t in Technique::ALL {
            assert_eq!(Technique::from_name(t.name()), Some(t));
            let json = serde_json::to_string(&t).unwrap();
            assert_eq!(json, format!("\"{}\"", t.name()));
        }
        assert_eq!(Technique::from_name("comet"), None);
        assert_eq!(Params::default().check(), Ok(()));
        for bad in [
            Params {
                events: 1001,
                ..Params::default()
            },
            Params {
                events: 0,
                ..Params::default()
            },
            Params {
                interval_ms: 5,
                ..Params::default()
            },
            Params {
                payload_bytes: 31,
                ..Params::default()
            },
            Params {
                delay_ms: 501,
                ..Params::default()
            },
            Params {
                events: 1000,
                interval_ms: 200,
                ..Params::default()
            },
        ] {
            assert!(bad.check().is_err(), "{bad:?}");
        }
        let p: Params = serde_json::from_str(r#"{"events": 5}"#).unwrap();
        assert_eq!((p.events, p.interval_ms), (5, 100));
        assert!(serde_json::from_str::<Params>(r#"{"event": 5}"#).is_err());
    }
}
