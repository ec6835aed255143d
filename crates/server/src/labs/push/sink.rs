//! [`PushSink`]: where a claimed connection's bytes go — a [`Meter`] per connection, whose
//! finished exchanges are handed to the session their requests named.
//!
//! A browser spreads its requests over a pool of keep-alive connections as it likes: a
//! poll may go out on the connection the last long poll used, a page's own requests may
//! follow a lab request on the same one. So the push lab claims a connection once, on its
//! first lab request, and from then on sorts each exchange by its own request target
//! ([`super::measure::route`]) rather than by connection.

use std::sync::{Arc, Mutex, PoisonError};

use tokio::time::Instant;

use super::measure::{Meter, Note};
use super::session::PushSession;
use crate::labs::registry::Registry;
use crate::net::tap::{Direction, TapHandle, TapSink};

/// One claimed connection of the push lab.
#[derive(Debug)]
pub struct PushSink {
    meter: Mutex<Meter>,
    sessions: Registry<PushSession>,
}

impl PushSink {
    /// Claims the connection `tap` belongs to, unless it is claimed already (by this lab,
    /// on an earlier request) or cannot be (it stopped sniffing, or it is HTTP/2). The
    /// request being answered is the first thing the meter reads.
    pub fn claim(tap: &TapHandle, sessions: &Registry<PushSession>) -> bool {
        let sink = Arc::new(PushSink {
            meter: Mutex::new(Meter::new()),
            sessions: sessions.clone(),
        });
        // Held across the claim: no byte of the response reaches the meter before the
        // request's head does.
        let mut meter = sink.meter.lock().unwrap_or_else(PoisonError::into_inner);
        let Some(head) = tap.claim_sniffing(sink.clone()) else {
            return false;
        };
        meter.feed(Direction::ClientToServer, &head, Instant::now());
        let notes = meter.drain();
        drop(meter);
        sink.deliver(notes);
        true
    }

    fn deliver(&self, notes: Vec<Note>) {
        for note in notes {
            match note {
                Note::Opened(route) => {
                    if let Some(session) = self.sessions.get(&route.session) {
                        session.opened(&route);
                    }
                }
                Note::Done(record) => {
                    let session = record
                        .route
                        .as_ref()
                        .and_then(|r| self.sessions.get(&r.session));
                    if let Some(session) = session {
                        session.record(*record);
                    }
                }
            }
        }
    }

    fn with_meter(&self, f: impl FnOnce(&mut Meter)) {
        let notes = {
            let mut meter = self.meter.lock().unwrap_or_else(PoisonError::into_inner);
            f(&mut meter);
            meter.drain()
        };
        if !notes.is_empty() {
            self.deliver(notes);
        }
    }
}

impl TapSink for PushSink {
    fn bytes(&self, direction: Direction, data: &[u8]) {
        self.with_meter(|m| m.feed(direction, data, Instant::now()));
    }

    fn closed(&self) {
        self.with_meter(|m| m.close(Instant::now()));
    }
}
