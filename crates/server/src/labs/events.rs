//! What both labs keep of a session: an ordered, bounded log of events, serialized once,
//! and a broadcast to the inspector streams that follow it.
//!
//! Every event is a JSON object with `seq` (0, 1, 2…), `t_ms` (milliseconds since the session
//! began) and `kind`, plus the fields of its kind ([`LabEvent`]). The log keeps the newest events up to
//! [`MAX_HISTORY_BYTES`] of JSON, so a page that reconnects (EventSource sends the last `seq`
//! it saw as `Last-Event-ID`) gets what it missed; `routes::labs` serves it as Server-Sent
//! Events.

use std::borrow::Cow;
use std::collections::VecDeque;
use std::sync::Arc;
use std::time::Instant;

use serde::Serialize;
use serde_json::value::RawValue;
use tokio::sync::broadcast;

use super::event::LabEvent;

/// The most bytes of serialized events a session keeps for replay (oldest dropped first).
pub const MAX_HISTORY_BYTES: usize = 4 * 1024 * 1024;
/// How many events a slow inspector stream may fall behind before it is cut (it then
/// reconnects and replays from the history).
const BROADCAST_CAPACITY: usize = 256;

/// One event of the inspector stream: serialized once when it is logged (and written as it
/// is wherever it goes: the stream, a capture's JSON), or, for the WebSocket lab's frames
/// and TCP reads, kept as the event and serialized when it is read ([`Logged::json`]), so
/// the tapped socket pays for a frame's dissection only when a page reads it.
#[derive(Debug)]
pub struct Logged {
    pub seq: u64,
    body: Body,
}

// Every `Logged` lives in an `Arc` of its own, so the larger variant costs some bytes of
// that one allocation; boxing the event would cost a second allocation per event.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
enum Body {
    /// `{"seq":…,"t_ms":…,"kind":…,…}`
    Json(Box<RawValue>),
    /// The event and its time, to serialize when read.
    Lazy { t_ms: f64, event: LabEvent },
}

impl Logged {
    /// `{"seq":…,"t_ms":…,"kind":…,…}`; a lazy event is serialized now (each read of it
    /// serializes it again: one page reads each event once; an export reads them all once).
    pub fn json(&self) -> Cow<'_, RawValue> {
        match &self.body {
            Body::Json(json) => Cow::Borrowed(json),
            Body::Lazy { t_ms, event } => {
                Cow::Owned(serialize(self.seq, *t_ms, event).unwrap_or_default())
            }
        }
    }

    /// Appends `{"seq":…,"t_ms":…,"kind":…,…}` to `out`: the bytes [`Logged::json`] gives,
    /// and for a lazy event written by hand ([`write_lazy`]), which is what the inspector
    /// stream sends of every frame a page follows.
    pub fn write_json(&self, out: &mut Vec<u8>) {
        match &self.body {
            Body::Json(json) => out.extend_from_slice(json.get().as_bytes()),
            Body::Lazy { t_ms, event } => {
                if !write_lazy(self.seq, *t_ms, event, out)
                    && let Some(json) = serialize(self.seq, *t_ms, event)
                {
                    out.extend_from_slice(json.get().as_bytes());
                }
            }
        }
    }

    /// What the history's cap counts for it: its JSON's length, or for a lazy event an
    /// estimate of it.
    fn cost(&self) -> usize {
        match &self.body {
            Body::Json(json) => json.get().len(),
            Body::Lazy { event, .. } => event.json_estimate(),
        }
    }
}

fn serialize(seq: u64, t_ms: f64, event: &LabEvent) -> Option<Box<RawValue>> {
    match serde_json::value::to_raw_value(&Envelope { seq, t_ms, event }) {
        Ok(json) => Some(json),
        Err(e) => {
            // Not reachable with these types (every map key is a string); never panic.
            tracing::error!(error = %e, "a lab event could not be serialized");
            None
        }
    }
}

/// The JSON of an event kept lazy, written by hand: the same bytes as [`serialize`] (a test
/// holds them to it), without serde's flattening of the tagged enum and with the frame's
/// dissection from [`wire::render::write_json`]. False, and nothing written, for a kind
/// that is not kept lazy.
fn write_lazy(seq: u64, t_ms: f64, event: &LabEvent, out: &mut Vec<u8>) -> bool {
    let kind = match event {
        LabEvent::WsFrame { .. } => "frame",
        LabEvent::Tcp { .. } => "tcp",
        LabEvent::FrameBegun { .. } => "frame-begun",
        _ => return false,
    };
    out.extend_from_slice(b"{\"seq\":");
    small(out, &seq);
    key(out, "t_ms", &t_ms);
    key(out, "kind", kind);
    match event {
        LabEvent::WsFrame {
            connection,
            direction,
            dissection,
            truncated,
            range,
        } => {
            if let Some(n) = connection {
                key(out, "connection", n);
            }
            key(out, "direction", direction);
            out.extend_from_slice(b",\"dissection\":");
            wire::render::write_json(&dissection.dissect(), out);
            key(out, "truncated", truncated);
            key(out, "range", range);
        }
        LabEvent::Tcp {
            connection,
            direction,
            size,
            range,
        } => {
            if let Some(n) = connection {
                key(out, "connection", n);
            }
            key(out, "direction", direction);
            key(out, "size", size);
            key(out, "range", range);
        }
        LabEvent::FrameBegun { direction, range } => {
            key(out, "direction", direction);
            key(out, "range", range);
        }
        _ => {}
    }
    out.push(b'}');
    true
}

/// `,"name":value`, the value as serde writes it.
fn key<T: Serialize + ?Sized>(out: &mut Vec<u8>, name: &str, value: &T) {
    out.extend_from_slice(b",\"");
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(b"\":");
    small(out, value);
}

/// A small value as serde writes it (into a Vec, which cannot fail).
fn small<T: Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) {
    let _ = serde_json::to_writer(&mut *out, value);
}

/// What the log writes: the event with its place in the session.
#[derive(Serialize)]
struct Envelope<'a> {
    seq: u64,
    t_ms: f64,
    #[serde(flatten)]
    event: &'a LabEvent,
}

/// The events of one session.
#[derive(Debug)]
pub struct EventLog {
    started: Instant,
    history: VecDeque<Arc<Logged>>,
    history_bytes: usize,
    next_seq: u64,
    sender: broadcast::Sender<Arc<Logged>>,
}

impl Default for EventLog {
    fn default() -> Self {
        Self {
            started: Instant::now(),
            history: VecDeque::new(),
            history_bytes: 0,
            next_seq: 0,
            sender: broadcast::channel(BROADCAST_CAPACITY).0,
        }
    }
}

impl EventLog {
    /// Milliseconds since the session began, to the microsecond.
    fn t_ms(&self) -> f64 {
        (self.started.elapsed().as_secs_f64() * 1_000_000.0).round() / 1000.0
    }

    /// Adds an event with the next `seq` and its `t_ms`, serialized now; keeps it and
    /// broadcasts it.
    pub fn emit(&mut self, event: &LabEvent) {
        let seq = self.next_seq;
        let Some(json) = serialize(seq, self.t_ms(), event) else {
            return;
        };
        self.keep(Logged {
            seq,
            body: Body::Json(json),
        });
    }

    /// [`EventLog::emit`] for an event given away: one that [`LabEvent::is_lazy`] says is
    /// cheaper kept is serialized only when read.
    pub fn emit_owned(&mut self, event: LabEvent) {
        if !event.is_lazy() {
            return self.emit(&event);
        }
        let t_ms = self.t_ms();
        self.keep(Logged {
            seq: self.next_seq,
            body: Body::Lazy { t_ms, event },
        });
    }

    /// Keeps and broadcasts an event numbered `self.next_seq`.
    fn keep(&mut self, event: Logged) {
        self.next_seq += 1;
        let event = Arc::new(event);
        self.history_bytes += event.cost();
        self.history.push_back(event.clone());
        while self.history_bytes > MAX_HISTORY_BYTES {
            match self.history.pop_front() {
                Some(old) => self.history_bytes -= old.cost(),
                None => break,
            }
        }
        // No receiver is fine: the history keeps it.
        let _ = self.sender.send(event);
    }

    /// The events kept, oldest first.
    pub fn history(&self) -> impl Iterator<Item = &Arc<Logged>> {
        self.history.iter()
    }

    /// The `seq` of the newest event kept (the end of a replay) and a receiver for the ones
    /// to come. Called under the session's lock, as `emit` is, so no event falls between
    /// the two. The history itself is not copied: a stream walks it with [`EventLog::after`].
    pub fn subscribe(&self) -> (Option<u64>, broadcast::Receiver<Arc<Logged>>) {
        (self.history.back().map(|e| e.seq), self.sender.subscribe())
    }

    /// The oldest event kept after `seen` (all when `None`) up to `upto`: one step of a
    /// replay. `seq`s are consecutive, so this is an index, not a search.
    pub fn after(&self, seen: Option<u64>, upto: u64) -> Option<Arc<Logged>> {
        let front = self.history.front()?.seq;
        let want = seen.map_or(front, |s| s.saturating_add(1)).max(front);
        if want > upto {
            return None;
        }
        let index = usize::try_from(want - front).ok()?;
        self.history.get(index).cloned()
    }

    /// Forgets every event and ends every receiver (the session is over).
    pub fn end(&mut self) {
        self.history.clear();
        self.history_bytes = 0;
        // Dropping the only sender closes every receiver once it has read what it has.
        self.sender = broadcast::channel(1).0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hand-written JSON of every lazy kind is serde's, byte for byte: frames whole and
    /// cut short, from either side, on the page's socket and on a raw connection.
    #[test]
    fn lazy_events_are_written_as_serde_writes_them() {
        use super::super::event::{Excerpt, FrameBytes, Side};
        let hello = wire::parse_hex("818537fa213d7f9f4d5158").unwrap();
        let mut long = wire::parse_hex("827f0000000000010000").unwrap();
        long.extend((0..4096u32).map(|i| (i * 7) as u8));
        let mut broken = hello.clone();
        broken[0] = 0xf3;
        let frame = |kept: &[u8], from_client, whole, connection, truncated| LabEvent::WsFrame {
            connection,
            direction: Side::from_client(from_client),
            dissection: FrameBytes {
                kept: kept.to_vec(),
                from_client,
                whole,
            },
            truncated,
            range: [3, 3 + kept.len() as u64],
        };
        let cut = Excerpt {
            shown: 4096,
            total: 65536,
        };
        let events = [
            frame(&hello, true, true, None, None),
            frame(&hello, false, true, Some(7), None),
            frame(&broken, true, true, None, None),
            frame(&long, false, false, None, Some(cut)),
            frame(&long[..5], true, false, Some(1), Some(cut)),
            LabEvent::Tcp {
                connection: None,
                direction: Side::Client,
                size: 11,
                range: [0, 11],
            },
            LabEvent::Tcp {
                connection: Some(2),
                direction: Side::Server,
                size: 1 << 20,
                range: [u64::MAX - 5, u64::MAX],
            },
            LabEvent::FrameBegun {
                direction: Side::Server,
                range: [10, 70_000],
            },
        ];
        for (i, event) in events.iter().enumerate() {
            for t_ms in [0.0, 1.5, 1234.567, 86_400_000.001] {
                let mut fast = Vec::new();
                assert!(write_lazy(i as u64, t_ms, event, &mut fast));
                let slow = serialize(i as u64, t_ms, event).unwrap();
                assert_eq!(String::from_utf8(fast).unwrap(), slow.get(), "{event:?}");
            }
        }
        let mut out = Vec::new();
        assert!(!write_lazy(0, 0.0, &LabEvent::note("hi"), &mut out) && out.is_empty());
    }

    #[test]
    fn events_are_numbered_kept_within_the_cap_and_broadcast() {
        let mut log = EventLog::default();
        let (newest, mut rx) = log.subscribe();
        assert_eq!(newest, None);
        log.emit(&LabEvent::note("hi"));
        let first = rx.try_recv().unwrap();
        assert_eq!(first.seq, 0);
        let json = first.json();
        let text = json.get();
        assert!(
            text.starts_with(r#"{"seq":0,"t_ms":"#)
                && text.ends_with(r#","kind":"note","text":"hi"}"#),
            "{text}"
        );
        let big = LabEvent::note("x".repeat(1024 * 1024));
        for _ in 0..6 {
            log.emit(&big);
        }
        let kept: Vec<u64> = log.history().map(|e| e.seq).collect();
        assert!(kept.len() < 7 && kept.last() == Some(&6), "{kept:?}");
        assert!(log.history_bytes <= MAX_HISTORY_BYTES);
        // A replay walks the history by seq, from the oldest kept.
        let first_kept = kept[0];
        assert_eq!(log.after(None, 6).map(|e| e.seq), Some(first_kept));
        assert_eq!(log.after(Some(0), 6).map(|e| e.seq), Some(first_kept));
        assert_eq!(log.after(Some(5), 6).map(|e| e.seq), Some(6));
        assert!(log.after(Some(5), 5).is_none() && log.after(Some(6), 9).is_none());
        log.end();
        assert!(log.after(None, 6).is_none());
        while rx.try_recv().is_ok() {}
        assert!(matches!(
            rx.try_recv(),
            Err(broadcast::error::TryRecvError::Closed)
        ));
    }
}
