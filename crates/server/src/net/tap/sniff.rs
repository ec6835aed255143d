//! What the tap sniffs from the bytes a connection reads: the HTTP/1.1 request heads, each
//! kept whole until the next, and, at the very start, the HTTP/2 client preface (RFC 9113
//! §3.4), which turns the connection over to the HTTP/2 lab.
//!
//! The reading is `http1`'s [`HeadReader`], the one follower of a keep-alive connection
//! (heads found as RFC 9112 §2.1 ends them, bodies skipped by the length §6.3 gives them);
//! this module only decides what the tap does with what it reports:
//!
//! ```text
//!   PRI * HTTP/2.0 ...            → Http2 (the first 24 bytes, held back until they settle it)
//!   GET / HTTP/1.1 ... CRLF CRLF  → the latest head; More
//!   a chunked body                → Stop, and no head (the next request's head is unknown)
//!   PRI after a request, a head that is not one or past MAX_SNIFF → Stop (the last head kept)
//! ```
//!
//! The preface costs an HTTP/1.1 connection one comparison of its first byte with the
//! preface's `P` (two for `POST`, `PUT` and `PATCH`, whose second byte settles it).

use http1::Limits;
use http1::reader::{Event, HeadReader, Stop};
use wire::Framer;

/// The most bytes sniffed for a request head (hyper refuses larger heads anyway).
pub const MAX_SNIFF: usize = 16 * 1024;

/// What sniffing a read decided.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Sniffed {
    /// Go on sniffing.
    More,
    /// Stop: the tap turns off.
    Stop,
    /// The connection began with the HTTP/2 client preface: these are its bytes so far.
    Http2(Vec<u8>),
}

/// What sniffing keeps: the reader's place in the connection and the last whole head.
pub(super) struct Sniff {
    reader: HeadReader,
    /// The latest whole head.
    pub(super) last: Vec<u8>,
}

impl Default for Sniff {
    fn default() -> Self {
        Sniff {
            reader: HeadReader::new(Limits {
                max_head_len: MAX_SNIFF,
                ..Limits::default()
            }),
            last: Vec::new(),
        }
    }
}

impl Sniff {
    /// Takes in bytes read: a step of the reader for each head they complete.
    pub(super) fn read(&mut self, mut data: &[u8]) -> Sniffed {
        while !data.is_empty() {
            let (used, event) = self.reader.take(data);
            let rest = data.get(used..).unwrap_or_default();
            match event {
                Some(Event::Head(head)) => self.last = head,
                Some(Event::Http2Preface(mut bytes)) => {
                    bytes.extend_from_slice(rest);
                    return Sniffed::Http2(bytes);
                }
                None if used == 0 => break,
                None => {}
            }
            match self.reader.stopped() {
                None => data = rest,
                Some(Stop::Chunked) => {
                    // The next request starts where the chunks end, which is not followed:
                    // no handler after this one may be handed a stale head.
                    self.last = Vec::new();
                    return Sniffed::Stop;
                }
                Some(_) => return Sniffed::Stop,
            }
        }
        Sniffed::More
    }
}

#[cfg(test)]
mod tests {
    use http2::frame::PREFACE;

    use super::*;

    #[test]
    fn sniffing_keeps_the_latest_head_and_skips_bodies() {
        let mut s = Sniff::default();
        assert_eq!(
            s.read(b"POST /a HTTP/1.1\r\nContent-Length: 5\r\n\r\nhel"),
            Sniffed::More
        );
        assert!(s.last.starts_with(b"POST /a"));
        assert_eq!(s.read(b"loGET /b HTTP/1.1\r\n"), Sniffed::More);
        assert!(
            s.last.starts_with(b"POST /a"),
            "the GET head is not whole yet"
        );
        assert_eq!(s.read(b"Host: x\r\n\r\n"), Sniffed::More);
        assert_eq!(s.last, b"GET /b HTTP/1.1\r\nHost: x\r\n\r\n");
        // One byte at a time works too.
        for b in b"GET /c HTTP/1.1\r\n\r\n" {
            assert_eq!(s.read(&[*b]), Sniffed::More);
        }
        assert_eq!(s.last, b"GET /c HTTP/1.1\r\n\r\n");
        let chunked = b"POST /d HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
        assert_eq!(s.read(chunked), Sniffed::Stop);
        assert!(s.last.is_empty(), "after a chunked body no head is known");
        // The preface's request line after a request stops sniffing, keeping the request.
        let mut h2 = Sniff::default();
        assert_eq!(h2.read(b"GET / HTTP/1.1\r\n\r\n"), Sniffed::More);
        assert_eq!(h2.read(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"), Sniffed::Stop);
        assert_eq!(h2.last, b"GET / HTTP/1.1\r\n\r\n");
        // The preface at the start of a connection is found, one byte at a time too.
        let mut h2 = Sniff::default();
        for b in &PREFACE[..23] {
            assert_eq!(h2.read(&[*b]), Sniffed::More);
        }
        assert_eq!(
            h2.read(&[b'\n', 0, 0, 0]),
            Sniffed::Http2([&PREFACE[..], &[0, 0, 0]].concat())
        );
        // Whole, with the first frame in the same read.
        assert_eq!(
            Sniff::default().read(&[&PREFACE[..], &[0, 0, 0]].concat()),
            Sniffed::Http2([&PREFACE[..], &[0, 0, 0]].concat())
        );
        // POST shares the first byte with PRI; its head is still sniffed.
        let mut post = Sniff::default();
        assert_eq!(post.read(b"P"), Sniffed::More);
        assert_eq!(post.read(b"OST / HTTP/1.1\r\n\r\n"), Sniffed::More);
        assert_eq!(post.last, b"POST / HTTP/1.1\r\n\r\n");
        let mut huge = Sniff::default();
        assert_eq!(huge.read(&vec![b'a'; MAX_SNIFF + 1]), Sniffed::Stop);
    }
}
