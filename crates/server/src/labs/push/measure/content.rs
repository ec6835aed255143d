//! What the bytes of a response's content are, technique by technique: the event payloads,
//! and the framing each technique wraps them in (once the chunked coding, if any, is taken
//! off). The meter and the server's own clients read content with the same [`Content`], so
//! what the lab counts is what a client parses.
//!
//! ```text
//!   poll, long-poll, streaming   {"n":1,…}\n{"n":2,…}\n           payload, then LF
//!   sse                          id: 1\ndata: {"n":1,…}\n\n        HTML §9.2.5 lines;
//!                                                                  the data value is payload
//!   iframe                       <!doctype html>…<script nonce=…>parent.wtPush('{"n":1,…}')
//!                                </script>                         all markup but the quoted
//!                                                                  payload
//! ```

use http1::event_stream::{self, Field, Part};
use wire::Framer;

use crate::labs::push::{PAYLOAD_BYTES, Technique};

/// What the forever iframe's scripts call in the parent page, up to the payload's quote.
pub const IFRAME_CALL: &[u8] = b"parent.wtPush('";
/// What follows the payload in each script.
pub const IFRAME_CALL_END: &[u8] = b"')";
/// RFC 8259-style newline-delimited JSON: the LF after each event.
const LF: u8 = b'\n';
/// The most payload bytes kept of one event (the largest payload a run has).
const MAX_KEEP: usize = PAYLOAD_BYTES.1 as usize;

/// What a byte is, for the cards (each has a [`Kind`] for the totals).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    /// A chunk-size line of the chunked coding (RFC 9112 §7.1).
    ChunkSize,
    /// The line end after a chunk's data.
    ChunkEnd,
    /// The chunked coding's trailer section and final line end.
    Trailer,
    /// An event's payload.
    Payload,
    /// The LF that ends an event of newline-delimited JSON.
    LineEnd,
    /// The forever iframe's HTML and the `<script>` around each payload.
    Markup,
    /// Part of an event-stream line other than a `data` value (HTML §9.2.5).
    Sse(Part),
    /// An event-stream line end.
    SseLineEnd,
    /// Content that carries no event (a response of another kind, or past a broken stream).
    Other,
}

/// The three kinds every byte on the wire is counted as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The start line and header fields of an HTTP message (RFC 9112 §2-§5).
    Header,
    /// Everything that delimits or wraps the events: chunk-size lines, line ends, `data:`,
    /// `id:`, markup, WebSocket frame headers, control frames.
    Framing,
    /// The events' payloads.
    Payload,
}

impl Label {
    /// How the totals count it.
    pub fn kind(self) -> Kind {
        match self {
            Label::Payload => Kind::Payload,
            _ => Kind::Framing,
        }
    }

    /// Its name on a card.
    pub fn name(self) -> &'static str {
        match self {
            Label::ChunkSize => "chunk-size line",
            Label::ChunkEnd => "CRLF after the chunk data",
            Label::Trailer => "last chunk's trailer section",
            Label::Payload => "event payload",
            Label::LineEnd => "LF between events",
            Label::Markup => "HTML and script markup",
            Label::Sse(Part::Bom) => "byte order mark",
            Label::Sse(Part::Name) => "field name",
            Label::Sse(Part::Colon) => "colon",
            Label::Sse(Part::Space) => "space after the colon",
            Label::Sse(Part::Value(_)) => "field value",
            Label::Sse(Part::Comment) => "comment line",
            Label::SseLineEnd => "line end",
            Label::Other => "other content",
        }
    }

    /// One sentence: what it is for, and where the rule comes from.
    pub fn meaning(self) -> &'static str {
        match self {
            Label::ChunkSize => {
                "The size of the chunk that follows, in hex, then CRLF: the chunked transfer \
                 coding (RFC 9112 §7.1) that lets a response be sent before its length is known."
            }
            Label::ChunkEnd => "Each chunk's data is followed by CRLF (RFC 9112 §7.1).",
            Label::Trailer => {
                "After the last chunk (size 0), the trailer section and an empty line end the \
                 body (RFC 9112 §7.1.2)."
            }
            Label::Payload => "The event itself: the bytes the feed published.",
            Label::LineEnd => {
                "The LF the server writes after each event, so the client can tell events \
                 apart: chunk boundaries are not message boundaries (RFC 6202 §3.2)."
            }
            Label::Markup => {
                "The forever frame's HTML: a page that never ends, each event wrapped in a \
                 <script> that calls the parent page."
            }
            Label::Sse(Part::Bom) => "A UTF-8 byte order mark, ignored (HTML §9.2.5).",
            Label::Sse(Part::Name) => {
                "A field name: data, id, event or retry (HTML §9.2.6); others are ignored."
            }
            Label::Sse(Part::Colon) => "The colon between the field name and its value.",
            Label::Sse(Part::Space) => "One space after the colon is not part of the value.",
            Label::Sse(Part::Value(Field::Id)) => {
                "The event's id: the browser sends the last one back as Last-Event-ID when it \
                 reconnects (HTML §9.2.4)."
            }
            Label::Sse(Part::Value(Field::Retry)) => {
                "How long the browser waits before reconnecting, in ms (HTML §9.2.6)."
            }
            Label::Sse(Part::Value(_)) => "A field's value.",
            Label::Sse(Part::Comment) => {
                "A line starting with a colon: a comment, often a keep-alive (HTML §9.2.6)."
            }
            Label::SseLineEnd => "A line end; a blank line dispatches the event (HTML §9.2.6).",
            Label::Other => "Content that carries no event.",
        }
    }
}

/// What one step of [`Content::take`] took.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// What the bytes are.
    pub label: Label,
    /// The payload of the event these bytes completed, if they completed one (at most the
    /// largest payload a run has, [`PAYLOAD_BYTES`]).
    pub event: Option<Vec<u8>>,
}

impl Step {
    fn of(label: Label) -> Step {
        Step { label, event: None }
    }
}

/// Where the forever frame's scanner is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Script {
    /// In markup: how many bytes of [`IFRAME_CALL`] match so far.
    Markup(usize),
    /// In a payload.
    Payload,
}

/// A technique's content reader.
#[derive(Debug)]
pub enum Content {
    /// Newline-delimited events (poll, long-poll, streaming).
    Lines {
        /// The event being read.
        payload: Vec<u8>,
    },
    /// An event stream (SSE).
    Sse(Box<event_stream::Parser>),
    /// The forever frame's HTML.
    Iframe {
        /// In markup or in a payload.
        at: Script,
        /// The event being read.
        payload: Vec<u8>,
    },
    /// Content with no events.
    Opaque,
}

impl Content {
    /// The reader for a technique's response content.
    pub fn new(technique: Technique) -> Content {
        match technique {
            Technique::Poll | Technique::LongPoll | Technique::Streaming => Content::Lines {
                payload: Vec::new(),
            },
            Technique::Sse => Content::Sse(Box::default()),
            Technique::Iframe => Content::Iframe {
                at: Script::Markup(0),
                payload: Vec::new(),
            },
            Technique::WebSocket => Content::Opaque,
        }
    }

    /// Takes bytes of one label from the front of `data` (at least one of a non-empty
    /// `data`).
    pub fn take(&mut self, data: &[u8]) -> (usize, Step) {
        if data.is_empty() {
            return (0, Step::of(Label::Other));
        }
        match self {
            Content::Lines { payload } => {
                if data.first() == Some(&LF) {
                    let event = (!payload.is_empty()).then(|| std::mem::take(payload));
                    return (
                        1,
                        Step {
                            label: Label::LineEnd,
                            event,
                        },
                    );
                }
                let n = data.iter().position(|&b| b == LF).unwrap_or(data.len());
                keep(payload, &data[..n]);
                (n, Step::of(Label::Payload))
            }
            Content::Sse(parser) => match parser.take(data) {
                (n, Some(event_stream::Unit::Bytes { part, .. })) => {
                    let label = match part {
                        Part::Value(Field::Data) => Label::Payload,
                        part => Label::Sse(part),
                    };
                    (n, Step::of(label))
                }
                (n, Some(event_stream::Unit::LineEnd { dispatched, .. })) => (
                    n,
                    Step {
                        label: Label::SseLineEnd,
                        event: dispatched.map(|e| e.data.into_bytes()),
                    },
                ),
                (n, _) => (n.max(1).min(data.len()), Step::of(Label::Other)),
            },
            Content::Iframe { at, payload } => match *at {
                Script::Markup(mut matched) => {
                    for (i, &b) in data.iter().enumerate() {
                        matched = match IFRAME_CALL.get(matched) {
                            Some(&want) if want == b => matched + 1,
                            _ if IFRAME_CALL.first() == Some(&b) => 1,
                            _ => 0,
                        };
                        if matched == IFRAME_CALL.len() {
                            *at = Script::Payload;
                            return (i + 1, Step::of(Label::Markup));
                        }
                    }
                    *at = Script::Markup(matched);
                    (data.len(), Step::of(Label::Markup))
                }
                Script::Payload => {
                    let quote = IFRAME_CALL_END.first().copied().unwrap_or(b'\'');
                    match data.iter().position(|&b| b == quote) {
                        Some(0) => {
                            *at = Script::Markup(0);
                            let event = Some(std::mem::take(payload));
                            (
                                1,
                                Step {
                                    label: Label::Markup,
                                    event,
                                },
                            )
                        }
                        found => {
                            let n = found.unwrap_or(data.len());
                            keep(payload, &data[..n]);
                            (n, Step::of(Label::Payload))
                        }
                    }
                }
            },
            Content::Opaque => (data.len(), Step::of(Label::Other)),
        }
    }

    /// Every step of `data`, in order.
    pub fn steps(&mut self, mut data: &[u8]) -> Vec<(usize, Step)> {
        let mut out = Vec::new();
        while !data.is_empty() {
            let (n, step) = self.take(data);
            let n = n.clamp(1, data.len());
            data = &data[n..];
            out.push((n, step));
        }
        out
    }
}

/// Appends to the event being read, up to [`MAX_KEEP`] bytes.
fn keep(payload: &mut Vec<u8>, bytes: &[u8]) {
    let room = MAX_KEEP.saturating_sub(payload.len()).min(bytes.len());
    payload.extend_from_slice(&bytes[..room]);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The events of `content` fed whole and byte by byte (which must agree), and the bytes
    /// of each kind.
    fn read(technique: Technique, content: &[u8]) -> (Vec<Vec<u8>>, [usize; 2]) {
        let mut runs = Vec::new();
        for piece in [content.len(), 1] {
            let mut reader = Content::new(technique);
            let mut events = Vec::new();
            let mut kinds = [0usize; 2];
            for chunk in content.chunks(piece.max(1)) {
                for (n, step) in reader.steps(chunk) {
                    kinds[usize::from(step.label.kind() == Kind::Payload)] += n;
                    events.extend(step.event);
                }
            }
            runs.push((events, kinds));
        }
        assert_eq!(runs[0], runs[1], "whole and byte by byte agree");
        runs.swap_remove(0)
    }

    const A: &[u8] = br#"{"n":1,"t":100,"p":"ab"}"#;
    const B: &[u8] = br#"{"n":2,"t":200,"p":"ab"}"#;

    #[test]
    fn lines_sse_and_the_forever_frame_carry_the_same_payloads() {
        let lines = [A, b"\n", B, b"\n"].concat();
        assert_eq!(
            read(Technique::Streaming, &lines),
            (vec![A.to_vec(), B.to_vec()], [2, 48])
        );
        let sse = [
            &b"retry: 200\n\nid: 1\ndata: "[..],
            A,
            b"\n\nid: 2\ndata: ",
            B,
            b"\n\n",
        ]
        .concat();
        let (events, kinds) = read(Technique::Sse, &sse);
        assert_eq!(events, [A, B]);
        assert_eq!(kinds, [sse.len() - 48, 48]);
        let html = [
            &b"<!doctype html><p>w wt wtPush<script nonce=\"x\">parent.wtPush('"[..],
            A,
            b"')</script>\n<script nonce=\"x\">parent.wtPush('",
            B,
            b"')</script>\n</body>",
        ]
        .concat();
        let (events, kinds) = read(Technique::Iframe, &html);
        assert_eq!(events, [A, B]);
        assert_eq!(kinds, [html.len() - 48, 48]);
    }

    #[test]
    fn labels_say_what_their_bytes_are() {
        for label in [
            Label::ChunkSize,
            Label::Payload,
            Label::Sse(Part::Value(Field::Id)),
            Label::Other,
        ] {
            assert!(!label.name().is_empty() && label.meaning().ends_with('.'));
        }
        assert_eq!(Label::Payload.kind(), Kind::Payload);
        assert_eq!(Label::Sse(Part::Name).kind(), Kind::Framing);
        // An empty line is framing, not an event.
        assert_eq!(read(Technique::Poll, b"\n\n").0.len(), 0);
        assert_eq!(read(Technique::WebSocket, b"xyz").1, [3, 0]);
    }
}
