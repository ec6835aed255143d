//! Exercise 18, reference solution: parse a Server-Sent Events stream (WHATWG HTML §9.2,
//! "Interpreting an event stream").

/// Reads a stream piece by piece.
#[derive(Debug, Default)]
pub struct Parser {
    /// What has not made a whole line yet.
    pending: String,
    /// The previous piece ended with a CR: a LF first in this one ends nothing more.
    after_cr: bool,
    /// Something of the stream was seen (a byte order mark counts only before that).
    started: bool,
    data: String,
    event_type: String,
    last_event_id: String,
    retry: Option<u64>,
}

impl Parser {
    /// A parser at the start of a stream.
    pub fn new() -> Self {
        Self::default()
    }

    /// Feeds the next piece of the stream; returns the events it completed, in order.
    pub fn feed(&mut self, piece: &str) -> Vec<Event> {
        let mut piece = piece;
        if !self.started && !piece.is_empty() {
            piece = piece.strip_prefix('\u{feff}').unwrap_or(piece);
            self.started = true;
        }
        self.pending.push_str(piece);
        let mut events = Vec::new();
        while let Some(line) = take_line(&mut self.pending, &mut self.after_cr) {
            if let Some(event) = self.line(&line) {
                events.push(event);
            }
        }
        events
    }

    /// The last event ID buffer.
    pub fn last_event_id(&self) -> &str {
        &self.last_event_id
    }

    /// The reconnection time the stream set, in milliseconds.
    pub fn retry(&self) -> Option<u64> {
        self.retry
    }

    /// One line: an empty one dispatches, a comment is skipped, the rest are fields.
    fn line(&mut self, line: &str) -> Option<Event> {
        if line.is_empty() {
            return self.dispatch();
        }
        if line.starts_with(':') {
            return None;
        }
        let (name, value) = field(line);
        match name {
            "data" => {
                self.data.push_str(value);
                self.data.push('\n');
            }
            "event" => self.event_type = value.to_owned(),
            "id" if !value.contains('\0') => self.last_event_id = value.to_owned(),
            "retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                // Past u64, there is no sensible time to keep; the last one stays.
                if let Ok(ms) = value.parse() {
                    self.retry = Some(ms);
                }
            }
            _ => {}
        }
        None
    }

    /// "Dispatch the event": nothing if the data buffer is empty; the buffers emptied.
    fn dispatch(&mut self) -> Option<Event> {
        let data = std::mem::take(&mut self.data);
        let event_type = std::mem::take(&mut self.event_type);
        if data.is_empty() {
            return None;
        }
        Some(Event {
            event_type: if event_type.is_empty() {
                "message".to_owned()
            } else {
                event_type
            },
            data: data.strip_suffix('\n').unwrap_or(&data).to_owned(),
            last_event_id: self.last_event_id.clone(),
        })
    }
}

/// Takes the first whole line off `pending` (CRLF, LF or CR ends it), or `None` if there is
/// none yet. `after_cr`: the last line ended with a CR at the very end of what had come, so
/// a LF that comes first now is that line end's second half.
fn take_line(pending: &mut String, after_cr: &mut bool) -> Option<String> {
    if *after_cr && !pending.is_empty() {
        *after_cr = false;
        if pending.starts_with('\n') {
            pending.remove(0);
        }
    }
    let end = pending.find(['\r', '\n'])?;
    let line = pending[..end].to_owned();
    let crlf = pending[end..].starts_with("\r\n");
    *after_cr = !crlf && pending[end..] == *"\r";
    pending.drain(..end + if crlf { 2 } else { 1 });
    Some(line)
}

/// `field:value`, one leading space of the value dropped; no colon: the line, and "".
fn field(line: &str) -> (&str, &str) {
    let (name, value) = line.split_once(':').unwrap_or((line, ""));
    (name, value.strip_prefix(' ').unwrap_or(value))
}
