//! Exercise 18: parse a Server-Sent Events stream (WHATWG HTML §9.2, "Interpreting an event
//! stream").
//!
//! Read TASK.md first; check with `wiretrail exercises check 18-sse-parser`.

/// One dispatched event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// `message`, or the last `event:` field's value.
    pub event_type: String,
    /// The `data:` lines joined with LF.
    pub data: String,
    /// The last event ID when the event was dispatched.
    pub last_event_id: String,
}

/// Reads a stream piece by piece.
#[derive(Debug, Default)]
pub struct Parser {
    // TODO: the bytes not yet a whole line; whether the previous piece ended with a CR (so a
    //       LF now is part of that line end); whether the stream has started (for the byte
    //       order mark); the data, event type and last event ID buffers; the reconnection
    //       time.
}

impl Parser {
    /// A parser at the start of a stream.
    pub fn new() -> Self {
        Self::default()
    }

    /// Feeds the next piece of the stream; returns the events it completed, in order.
    pub fn feed(&mut self, piece: &str) -> Vec<Event> {
        // TODO 1: skip a U+FEFF at the very start of the stream.
        // TODO 2: append the piece, then take whole lines off the front (CRLF, LF or CR;
        //         a CRLF may be split between two pieces).
        // TODO 3: process each line: dispatch, comment, or field.
        let _ = piece; // delete this line once you use `piece`
        todo!("read the stream")
    }

    /// The last event ID buffer (what `Last-Event-ID` would carry).
    pub fn last_event_id(&self) -> &str {
        // TODO
        todo!("the last event ID")
    }

    /// The reconnection time the stream set, in milliseconds.
    pub fn retry(&self) -> Option<u64> {
        // TODO
        todo!("the reconnection time")
    }
}
