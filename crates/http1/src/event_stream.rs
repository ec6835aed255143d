//! The `text/event-stream` format of Server-Sent Events (WHATWG HTML §9.2.5 "Parsing an
//! event stream", §9.2.6 "Interpreting an event stream"), sans-IO: the body of an HTTP
//! response that an `EventSource` reads line by line.
//!
//! ```text
//!   stream        = [ bom ] *event
//!   event         = *( comment / field ) end-of-line
//!   comment       = colon *any-char end-of-line
//!   field         = 1*name-char [ colon [ space ] *any-char ] end-of-line
//!   end-of-line   = ( cr lf / cr / lf )                       (HTML §9.2.5)
//! ```
//!
//! A server that pushes event 7 writes, for instance:
//!
//! ```text
//!   id: 7\n
//!   data: {"n":7}\n
//!   \n                    ← the blank line dispatches the event
//! ```
//!
//! How a line is interpreted (§9.2.6): a line that starts with a colon is a comment; any
//! other line is a field, its name up to the first colon, its value after it (one space
//! after the colon is dropped); a line without a colon is a field with an empty value. The
//! fields:
//!
//! - `data` appends its value and a LF to the data buffer;
//! - `event` sets the event type buffer;
//! - `id` sets the last event ID buffer, unless the value contains U+0000 NULL;
//! - `retry` sets the reconnection time, if the value is ASCII digits only;
//! - any other field is ignored.
//!
//! A blank line dispatches: the last event ID becomes the ID buffer's value (the browser
//! sends it back in a `Last-Event-ID` request header when it reconnects, §9.2.4); if the data
//! buffer is empty nothing fires; otherwise its final LF is removed and an [`Event`] fires
//! with that data, the type (`message` by default) and the last event ID. The data and type
//! buffers are then emptied (the ID buffer is kept). An event the stream ends in the middle
//! of is never dispatched.
//!
//! A [`Parser`] is fed the body's bytes in pieces of any size ([`Framer::take`]); each step
//! says which [`Part`] of a line the bytes it took are, so a lab can count the format's cost
//! (field names, colons, line ends, ids) apart from the data it carries; a line end that
//! dispatches carries the [`Event`]. Bounds: the data buffer, and an `id`, `event` or
//! `retry` value, hold at most [`Limits::max_data`] bytes; past it the stream is
//! [`Unit::Lost`].

use std::ops::Range;

use wire::Framer;

/// HTML §9.2.5: the LF of `end-of-line`.
const LF: u8 = b'\n';
/// HTML §9.2.5: the CR of `end-of-line` (alone, or before LF).
const CR: u8 = b'\r';
/// HTML §9.2.5: the colon between a field's name and value, or before a comment.
const COLON: u8 = b':';
/// HTML §9.2.6: one space after the colon is not part of the value.
const SPACE: u8 = b' ';
/// HTML §9.2.5: the UTF-8 byte order mark a stream may open with.
const BOM: &[u8; 3] = b"\xEF\xBB\xBF";
/// The longest field name that means anything (`retry`, `event`).
const MAX_NAME: usize = 5;
/// The type of an event without an `event` field (HTML §9.2.6).
pub const DEFAULT_EVENT_TYPE: &str = "message";

/// The bounds on what a parser buffers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The most bytes of data one event may carry (and of one `id`, `event` or `retry`
    /// value).
    pub max_data: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_data: 1024 * 1024,
        }
    }
}

/// The fields the format defines (HTML §9.2.6).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// `data`: a line of the event's data.
    Data,
    /// `event`: the event's type.
    Event,
    /// `id`: the last event ID.
    Id,
    /// `retry`: the reconnection time in milliseconds.
    Retry,
    /// Any other name: ignored.
    Other,
}

impl Field {
    fn from_name(name: &[u8]) -> Field {
        match name {
            b"data" => Field::Data,
            b"event" => Field::Event,
            b"id" => Field::Id,
            b"retry" => Field::Retry,
            _ => Field::Other,
        }
    }
}

/// Which part of a line some bytes are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The byte order mark at the start of the stream.
    Bom,
    /// A field's name.
    Name,
    /// The colon after the name.
    Colon,
    /// The one space after the colon that is not part of the value.
    Space,
    /// A field's value.
    Value(Field),
    /// A comment line, its colon included (a keep-alive, say).
    Comment,
}

/// An event the stream dispatched (HTML §9.2.6).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// `message` unless an `event` field said otherwise.
    pub event_type: String,
    /// The data lines, joined by LF.
    pub data: String,
    /// The last event ID at the time it fired.
    pub last_event_id: String,
}

/// What a step of the parser took.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unit {
    /// Bytes of one part of a line, and where they lie in the stream.
    Bytes {
        /// Which part.
        part: Part,
        /// Their first byte and one past their last.
        range: Range<u64>,
    },
    /// A line end (CR LF, CR or LF; the LF of a CR LF that came in a later piece is a line
    /// end of its own, dispatching nothing), and the event a blank line dispatched.
    LineEnd {
        /// Where it lies.
        range: Range<u64>,
        /// The event, when the line was blank and the data buffer was not empty.
        dispatched: Option<Event>,
    },
    /// A buffer went past [`Limits::max_data`]: the parser stops here and takes the rest
    /// without looking at it.
    Lost {
        /// Where the stream was when it stopped.
        at: u64,
    },
}

impl Unit {
    /// Where the bytes of the step lie.
    pub fn range(&self) -> Range<u64> {
        match self {
            Unit::Bytes { range, .. } | Unit::LineEnd { range, .. } => range.clone(),
            Unit::Lost { at } => *at..*at,
        }
    }
}

/// Where in a line the parser is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// The stream's first bytes, which could be the byte order mark: how many match it.
    Start(usize),
    /// The start of a line.
    LineStart,
    /// In a field's name.
    Name,
    /// Just after the colon: a space here is dropped.
    AfterColon(Field),
    /// In a field's value.
    Value(Field),
    /// In a comment.
    Comment,
    /// Stopped.
    Lost,
}

/// Reads an event stream (see the module docs).
#[derive(Debug, Clone)]
pub struct Parser {
    limits: Limits,
    place: Place,
    /// Stream offset of the next byte.
    offset: u64,
    /// The line ended with a CR: a LF right after it belongs to the same line end.
    after_cr: bool,
    /// The first bytes of the field name being read (longer names mean nothing).
    name: Vec<u8>,
    name_len: usize,
    /// The value of the `id`, `event` or `retry` field being read.
    value: Vec<u8>,
    data: Vec<u8>,
    event_type: String,
    last_event_id_buffer: String,
    last_event_id: String,
    retry: Option<u64>,
}

impl Default for Parser {
    fn default() -> Self {
        Parser::new(Limits::default())
    }
}

impl Parser {
    /// A parser at the start of a stream.
    pub fn new(limits: Limits) -> Parser {
        Parser {
            limits,
            place: Place::Start(0),
            offset: 0,
            after_cr: false,
            name: Vec::new(),
            name_len: 0,
            value: Vec::new(),
            data: Vec::new(),
            event_type: String::new(),
            last_event_id_buffer: String::new(),
            last_event_id: String::new(),
            retry: None,
        }
    }

    /// The last event ID: what an `EventSource` sends as `Last-Event-ID` when it
    /// reconnects (HTML §9.2.4).
    pub fn last_event_id(&self) -> &str {
        &self.last_event_id
    }

    /// The reconnection time the stream asked for, in milliseconds.
    pub fn retry(&self) -> Option<u64> {
        self.retry
    }

    /// How many bytes have been taken.
    pub fn position(&self) -> u64 {
        self.offset
    }

    /// Bytes held: the data buffer and the value being read; at most twice
    /// [`Limits::max_data`] plus a name.
    pub fn buffered(&self) -> usize {
        self.data.len() + self.value.len() + self.name.len()
    }

    fn bytes(&mut self, part: Part, n: usize) -> (usize, Option<Unit>) {
        let start = self.offset;
        self.offset += n as u64;
        (
            n,
            Some(Unit::Bytes {
                part,
                range: start..self.offset,
            }),
        )
    }

    fn lost(&mut self, n: usize) -> (usize, Option<Unit>) {
        self.place = Place::Lost;
        self.data = Vec::new();
        self.value = Vec::new();
        let at = self.offset;
        self.offset += n as u64;
        (n, Some(Unit::Lost { at }))
    }

    /// The line ends: its field takes effect, or a blank line dispatches.
    fn end_line(&mut self, n: usize) -> (usize, Option<Unit>) {
        let field = match self.place {
            Place::Name => Some(self.field_of_name()),
            Place::AfterColon(field) | Place::Value(field) => Some(field),
            _ => None,
        };
        // A `data` line adds a LF to the buffer: that byte counts against the limit too.
        if field == Some(Field::Data) && self.data.len() >= self.limits.max_data {
            return self.lost(n);
        }
        let dispatched = match (self.place, field) {
            (_, Some(field)) => {
                // A line without a colon is a field with an empty value.
                self.apply(field);
                None
            }
            (Place::LineStart | Place::Start(_), None) => self.dispatch(),
            _ => None,
        };
        self.place = Place::LineStart;
        let start = self.offset;
        self.offset += n as u64;
        (
            n,
            Some(Unit::LineEnd {
                range: start..self.offset,
                dispatched,
            }),
        )
    }

    fn field_of_name(&self) -> Field {
        if self.name_len > MAX_NAME {
            Field::Other
        } else {
            Field::from_name(&self.name)
        }
    }

    /// A field's value is whole: HTML §9.2.6's steps for its name.
    fn apply(&mut self, field: Field) {
        let value = std::mem::take(&mut self.value);
        self.name.clear();
        self.name_len = 0;
        match field {
            Field::Data => self.data.push(LF),
            Field::Event => self.event_type = String::from_utf8_lossy(&value).into_owned(),
            Field::Id if !value.contains(&0) => {
                self.last_event_id_buffer = String::from_utf8_lossy(&value).into_owned();
            }
            Field::Retry if !value.is_empty() && value.iter().all(u8::is_ascii_digit) => {
                self.retry = std::str::from_utf8(&value)
                    .ok()
                    .and_then(|v| v.parse().ok());
            }
            Field::Id | Field::Retry | Field::Other => {}
        }
    }

    /// A blank line: HTML §9.2.6's "dispatch the event".
    fn dispatch(&mut self) -> Option<Event> {
        self.last_event_id = self.last_event_id_buffer.clone();
        if self.data.is_empty() {
            self.event_type.clear();
            return None;
        }
        let mut data = std::mem::take(&mut self.data);
        if data.last() == Some(&LF) {
            data.pop();
        }
        let event_type = match std::mem::take(&mut self.event_type) {
            t if t.is_empty() => DEFAULT_EVENT_TYPE.to_owned(),
            t => t,
        };
        Some(Event {
            event_type,
            data: String::from_utf8_lossy(&data).into_owned(),
            last_event_id: self.last_event_id.clone(),
        })
    }

    /// How many bytes from the front of `data` precede a line end.
    fn until_eol(data: &[u8]) -> usize {
        data.iter()
            .position(|&b| b == CR || b == LF)
            .unwrap_or(data.len())
    }

    fn value_bytes(&mut self, field: Field, data: &[u8]) -> (usize, Option<Unit>) {
        let n = Self::until_eol(data);
        let chunk = &data[..n];
        let buffer = match field {
            Field::Data => &mut self.data,
            Field::Event | Field::Id | Field::Retry => &mut self.value,
            Field::Other => return self.bytes(Part::Value(field), n),
        };
        if buffer.len() + n > self.limits.max_data {
            return self.lost(data.len());
        }
        buffer.extend_from_slice(chunk);
        self.bytes(Part::Value(field), n)
    }
}

impl Framer for Parser {
    type Unit = Unit;

    fn take(&mut self, data: &[u8]) -> (usize, Option<Unit>) {
        let Some(&first) = data.first() else {
            return (0, None);
        };
        if self.place == Place::Lost {
            self.offset += data.len() as u64;
            return (data.len(), None);
        }
        // The LF of a CR LF split over two pieces (or two steps).
        if std::mem::take(&mut self.after_cr) && first == LF {
            return self.bytes_line_end_tail();
        }
        match first {
            CR => {
                let n = if data.get(1) == Some(&LF) { 2 } else { 1 };
                self.after_cr = n == 1;
                return self.end_line(n);
            }
            LF => return self.end_line(1),
            _ => {}
        }
        match self.place {
            Place::Start(matched) => {
                let want = BOM.len() - matched;
                let n = want.min(data.len());
                if data[..n] == BOM[matched..matched + n] {
                    self.place = if matched + n == BOM.len() {
                        Place::LineStart
                    } else {
                        Place::Start(matched + n)
                    };
                    return self.bytes(Part::Bom, n);
                }
                // Not a byte order mark: the bytes matched so far (0-2, reported as `Bom`
                // when they came in an earlier piece) were the start of the first line's
                // name (neither can be a colon).
                self.name.extend_from_slice(&BOM[..matched]);
                self.name_len = matched;
                self.place = if matched == 0 {
                    Place::LineStart
                } else {
                    Place::Name
                };
                self.take(data)
            }
            Place::LineStart if first == COLON => {
                self.place = Place::Comment;
                self.bytes(Part::Comment, 1)
            }
            Place::LineStart | Place::Name => {
                self.place = Place::Name;
                let n = data
                    .iter()
                    .position(|&b| b == CR || b == LF || b == COLON)
                    .unwrap_or(data.len());
                if n == 0 {
                    // The colon after the name.
                    self.place = Place::AfterColon(self.field_of_name());
                    return self.bytes(Part::Colon, 1);
                }
                let room = MAX_NAME.saturating_sub(self.name.len()).min(n);
                self.name.extend_from_slice(&data[..room]);
                self.name_len += n;
                self.bytes(Part::Name, n)
            }
            Place::AfterColon(field) => {
                self.place = Place::Value(field);
                if first == SPACE {
                    return self.bytes(Part::Space, 1);
                }
                self.value_bytes(field, data)
            }
            Place::Value(field) => self.value_bytes(field, data),
            Place::Comment => {
                let n = Self::until_eol(data);
                self.bytes(Part::Comment, n)
            }
            Place::Lost => (data.len(), None),
        }
    }
}

impl Parser {
    /// The LF that completes a CR LF whose CR ended the line in an earlier step.
    fn bytes_line_end_tail(&mut self) -> (usize, Option<Unit>) {
        let start = self.offset;
        self.offset += 1;
        (
            1,
            Some(Unit::LineEnd {
                range: start..self.offset,
                dispatched: None,
            }),
        )
    }
}

#[cfg(test)]
mod tests;
