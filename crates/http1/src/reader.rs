//! Following one direction of a keep-alive HTTP/1.1 connection: each request head, exactly
//! as it arrived.
//!
//! A persistent connection (RFC 9112 §9.3) carries request after request; between two
//! heads lies the first one's body, whose length its head gave (RFC 9112 §6.3). A
//! [`HeadReader`] is fed the client's bytes in pieces of any size and hands back each head;
//! the bodies it skips without copying:
//!
//! ```text
//!   POST /a HTTP/1.1 … Content-Length: 5 ␍␊␍␊ hello GET /b HTTP/1.1 … ␍␊␍␊
//!   └──────────── head ─────────────────────┘└skip┘└──────── head ──────┘
//! ```
//!
//! It stops (and from then on takes bytes without looking at them) where it could no
//! longer tell heads apart, and [`HeadReader::stopped`] says why:
//!
//! - a chunked body (RFC 9112 §7.1): following chunks is not this reader's job;
//! - a head whose body length cannot be known (RFC 9112 §6.3), or that is not a request
//!   head at all, or longer than [`Limits::max_head_len`];
//! - HTTP/2: a connection that *opens* with the client preface (RFC 9113 §3.4, prior
//!   knowledge) is reported once as [`Event::Http2Preface`] with its bytes; a preface
//!   later on (after an upgrade) simply stops the reader.
//!
//! While a connection's first bytes could still be the preface they are held back; the
//! first byte that differs (the second, for `POST`, `PUT` and `PATCH`, whose first byte is
//! the preface's `P`) ends the wait, and they are read as the start of a head.

use wire::Framer;

use crate::body::{BodyError, BodyLength};
use crate::head::{self, Limits, find_end_from, parse_request};

/// RFC 9113 §3.4: the HTTP/2 client connection preface. Its first 18 bytes are shaped like
/// an HTTP/1.1 request head with the method `PRI` and version `HTTP/2.0`, so a server that
/// speaks only HTTP/1.1 refuses it instead of mistaking it for a request.
pub const HTTP2_PREFACE: &[u8; 24] = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
/// The request line of the preface (RFC 9113 §3.4).
const HTTP2_REQUEST_LINE: &[u8] = b"PRI * HTTP/2.0";

/// What reading completed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A request head, its empty line included, exactly as it arrived.
    Head(Vec<u8>),
    /// The connection opened with the HTTP/2 client preface: the bytes held back so far (the
    /// whole preface). The rest of the piece being read comes after them; the reader has
    /// stopped ([`Stop::Http2`]).
    Http2Preface(Vec<u8>),
}

/// Why a reader stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// A chunked body follows the last head.
    Chunked,
    /// The connection speaks HTTP/2 from here on.
    Http2,
    /// A head that is not a request head, or too large.
    Head(head::Error),
    /// A head whose body length cannot be known.
    Body(BodyError),
}

/// Where a reader is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// The connection's first bytes, which could still be the HTTP/2 preface.
    Start,
    /// Reading a head.
    Head,
    /// Skipping this many body bytes.
    Body(u64),
    /// Stopped: bytes are taken and not looked at.
    Stopped(Stop),
}

/// Follows the client's side of an HTTP/1.1 connection, head by head (see the module docs).
#[derive(Debug, Clone)]
pub struct HeadReader {
    limits: Limits,
    state: State,
    /// The head (or preface) read so far.
    buf: Vec<u8>,
    /// How much of `buf` has been scanned for the end of the head.
    scanned: usize,
}

impl Default for HeadReader {
    fn default() -> Self {
        HeadReader::new(Limits::default())
    }
}

impl HeadReader {
    /// A reader at the start of a connection.
    pub fn new(limits: Limits) -> HeadReader {
        HeadReader {
            limits,
            state: State::Start,
            buf: Vec::new(),
            scanned: 0,
        }
    }

    /// Why the reader stopped, once it has.
    pub fn stopped(&self) -> Option<Stop> {
        match self.state {
            State::Stopped(why) => Some(why),
            _ => None,
        }
    }

    /// Bytes held: the head (or preface) read so far; at most `limits.max_head_len`.
    pub fn buffered(&self) -> usize {
        self.buf.len()
    }

    fn stop(&mut self, why: Stop) {
        self.state = State::Stopped(why);
        self.buf = Vec::new();
        self.scanned = 0;
    }

    /// The connection's first bytes: held back while they are a prefix of the preface.
    fn start(&mut self, data: &[u8]) -> (usize, Option<Event>) {
        let n = (HTTP2_PREFACE.len() - self.buf.len()).min(data.len());
        let piece = data.get(..n).unwrap_or_default();
        let expected = HTTP2_PREFACE.get(self.buf.len()..).unwrap_or_default();
        // Byte by byte up to the first that differs: `GET` costs one comparison, `POST` two.
        let same = piece
            .iter()
            .zip(expected)
            .take_while(|(a, b)| a == b)
            .count();
        self.buf.extend_from_slice(piece);
        if same < piece.len() {
            self.state = State::Head;
            return self.end_of_head(n);
        }
        if self.buf.len() < HTTP2_PREFACE.len() {
            return (n, None);
        }
        let preface = std::mem::take(&mut self.buf);
        self.stop(Stop::Http2);
        (n, Some(Event::Http2Preface(preface)))
    }

    /// Looks for the end of the head in `buf`, whose last `n` bytes came from the piece
    /// being read; returns how many bytes of that piece the head took.
    fn end_of_head(&mut self, n: usize) -> (usize, Option<Event>) {
        let Some(end) = find_end_from(&self.buf, self.scanned) else {
            self.scanned = self.buf.len();
            if self.buf.len() >= self.limits.max_head_len {
                let max = self.limits.max_head_len;
                self.stop(Stop::Head(head::Error::TooLarge { max }));
            }
            return (n, None);
        };
        // Bytes past the head that this piece brought are handed back: they are the body's
        // or the next head's. (Held-back bytes past it can only follow the preface's own
        // request line, which stops the reader below.)
        let past = self.buf.len() - end;
        let given_back = past.min(n);
        self.buf.truncate(self.buf.len() - given_back);
        // Nearly always the head is all the buffer holds: hand the buffer over, uncopied.
        let head: Vec<u8> = if end == self.buf.len() {
            std::mem::take(&mut self.buf)
        } else {
            self.buf.drain(..end).collect()
        };
        self.scanned = 0;
        let used = n - given_back;
        let opening = head
            .get(head::leading_empty_lines(&head)..)
            .unwrap_or_default();
        // A reader that stops takes the whole piece: it looks at no byte after this.
        if opening.starts_with(HTTP2_REQUEST_LINE) {
            self.stop(Stop::Http2);
            return (n, None);
        }
        let length = match parse_request(&head, self.limits) {
            Ok(Some(req)) => req.body_length().map_err(Stop::Body),
            Ok(None) => Err(Stop::Head(head::Error::TooLarge {
                max: self.limits.max_head_len,
            })),
            Err(e) => Err(Stop::Head(e)),
        };
        match length {
            Ok(BodyLength::Length(0)) => self.state = State::Head,
            Ok(BodyLength::Length(n)) => self.state = State::Body(n),
            // A request is never framed by the connection's end, nor a tunnel by itself.
            Ok(BodyLength::Chunked | BodyLength::UntilClose | BodyLength::Tunnel) => {
                self.stop(Stop::Chunked)
            }
            Err(why) => {
                self.stop(why);
                return (n, None);
            }
        }
        (used, Some(Event::Head(head)))
    }
}

impl Framer for HeadReader {
    type Unit = Event;

    fn take(&mut self, data: &[u8]) -> (usize, Option<Event>) {
        match self.state {
            State::Stopped(_) => (data.len(), None),
            State::Start => self.start(data),
            State::Body(left) => {
                let n = usize::try_from(left).map_or(data.len(), |l| l.min(data.len()));
                let left = left - n as u64;
                self.state = if left == 0 {
                    State::Head
                } else {
                    State::Body(left)
                };
                (n, None)
            }
            State::Head => {
                let room = self.limits.max_head_len.saturating_sub(self.buf.len());
                let n = room.min(data.len());
                self.buf
                    .extend_from_slice(data.get(..n).unwrap_or_default());
                self.end_of_head(n)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Feeds `bytes` whole, byte by byte and in pieces of 7, and checks the three agree.
    fn read(bytes: &[u8]) -> (Vec<Event>, Option<Stop>) {
        let mut runs = Vec::new();
        for piece in [bytes.len().max(1), 1, 7] {
            let mut reader = HeadReader::default();
            let mut events = Vec::new();
            for chunk in bytes.chunks(piece) {
                events.extend(reader.feed(chunk));
                assert!(reader.buffered() <= Limits::default().max_head_len);
            }
            runs.push((events, reader.stopped()));
        }
        assert_eq!(runs[0], runs[1]);
        assert_eq!(runs[0], runs[2]);
        runs.swap_remove(0)
    }

    fn heads(events: &[Event]) -> Vec<&[u8]> {
        events
            .iter()
            .filter_map(|e| match e {
                Event::Head(h) => Some(&h[..]),
                Event::Http2Preface(_) => None,
            })
            .collect()
    }

    #[test]
    fn keep_alive_heads_with_bodies_skipped() {
        let a = b"POST /a HTTP/1.1\r\nContent-Length: 5\r\n\r\n";
        let b = b"GET /b HTTP/1.1\r\nHost: x\r\n\r\n";
        let c = b"GET /c HTTP/1.1\n\n";
        let stream = [&a[..], b"hello", b, c].concat();
        let (events, stop) = read(&stream);
        assert_eq!(heads(&events), [&a[..], b, c]);
        assert_eq!(stop, None);
        // With trailing bytes (a head not yet ended), the same heads.
        let (events, stop) = read(&[&stream[..], b"GET /d HTT"].concat());
        assert_eq!(heads(&events).len(), 3);
        assert_eq!(stop, None);
    }

    #[test]
    fn stops_on_chunked_and_broken_framing() {
        let chunked = b"POST /d HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n";
        let (events, stop) = read(chunked);
        assert_eq!(
            heads(&events).len(),
            1,
            "the chunked request's head is still a head"
        );
        assert_eq!(stop, Some(Stop::Chunked));
        let conflicting = b"POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n";
        let (events, stop) = read(conflicting);
        assert!(events.is_empty());
        assert_eq!(stop, Some(Stop::Body(BodyError::ConflictingLengths)));
        let (_, stop) = read(b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n");
        assert!(matches!(stop, Some(Stop::Head(head::Error::Malformed(_)))));
        let (_, stop) = read(&vec![b'a'; DEFAULT_MAX + 1]);
        assert_eq!(
            stop,
            Some(Stop::Head(head::Error::TooLarge { max: DEFAULT_MAX }))
        );
    }

    const DEFAULT_MAX: usize = head::DEFAULT_MAX_HEAD_LEN;

    #[test]
    fn the_http2_preface_opening_a_connection() {
        let settings = [0u8, 0, 0, 4, 0, 0, 0, 0, 0];
        let mut reader = HeadReader::default();
        for b in &HTTP2_PREFACE[..23] {
            assert_eq!(reader.take(&[*b]), (1, None));
        }
        let rest = [&b"\n"[..], &settings].concat();
        assert_eq!(
            reader.take(&rest),
            (1, Some(Event::Http2Preface(HTTP2_PREFACE.to_vec())))
        );
        assert_eq!(reader.stopped(), Some(Stop::Http2));
        // Whole, and with the first frame after it.
        let (events, stop) = read(&[&HTTP2_PREFACE[..], &settings].concat());
        assert_eq!(events, [Event::Http2Preface(HTTP2_PREFACE.to_vec())]);
        assert_eq!(stop, Some(Stop::Http2));
    }

    /// The server tap's own sniffing test (crates/server/src/tap.rs), step for step: the
    /// reader does what the tap's `Sniff` does, so the tap can be built on it.
    #[test]
    fn what_the_taps_sniffing_does() {
        let mut r = HeadReader::default();
        let last = |r: &mut HeadReader, data: &[u8]| r.feed(data).last();
        let head = last(&mut r, b"POST /a HTTP/1.1\r\nContent-Length: 5\r\n\r\nhel");
        assert!(matches!(head, Some(Event::Head(h)) if h.starts_with(b"POST /a")));
        assert_eq!(
            last(&mut r, b"loGET /b HTTP/1.1\r\n"),
            None,
            "not whole yet"
        );
        let head = last(&mut r, b"Host: x\r\n\r\n");
        assert_eq!(
            head,
            Some(Event::Head(b"GET /b HTTP/1.1\r\nHost: x\r\n\r\n".to_vec()))
        );
        let mut heads = Vec::new();
        for b in b"GET /c HTTP/1.1\r\n\r\n" {
            heads.extend(r.feed(&[*b]));
        }
        assert_eq!(heads, [Event::Head(b"GET /c HTTP/1.1\r\n\r\n".to_vec())]);
        r.feed(b"POST /d HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n")
            .for_each(drop);
        assert_eq!(r.stopped(), Some(Stop::Chunked));
        let mut huge = HeadReader::default();
        huge.feed(&vec![b'a'; DEFAULT_MAX + 1]).for_each(drop);
        assert!(matches!(
            huge.stopped(),
            Some(Stop::Head(head::Error::TooLarge { .. }))
        ));
    }

    #[test]
    fn post_shares_the_prefaces_first_byte() {
        let (events, stop) = read(b"POST / HTTP/1.1\r\n\r\nPUT / HTTP/1.1\r\n\r\n");
        assert_eq!(heads(&events).len(), 2);
        assert_eq!(stop, None);
        // The preface's request line after a request (an upgrade to h2c) stops the reader.
        let (events, stop) = read(&[&b"GET / HTTP/1.1\r\n\r\n"[..], HTTP2_PREFACE].concat());
        assert_eq!(heads(&events).len(), 1);
        assert_eq!(stop, Some(Stop::Http2));
        // So does a connection that opens like the preface and then differs from it.
        let (events, stop) = read(b"PRI * HTTP/2.0\r\n\r\nXY\r\n\r\n");
        assert!(events.is_empty());
        assert_eq!(stop, Some(Stop::Http2));
    }
}
