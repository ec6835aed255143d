//! What the tap sniffs from the bytes a connection reads: the HTTP/1.1 request heads
//! (RFC 9112 §2.1: a head ends at the empty line, `CRLF CRLF`), each kept whole until the
//! next, with `Content-Length` bodies skipped (§6.2), and, at the very start, the HTTP/2
//! client preface (RFC 9113 §3.4), which turns the connection over to the HTTP/2 lab.
//!
//! ```text
//!   PRI * HTTP/2.0 ...        → Http2 (the first 24 bytes, held back until they settle it)
//!   GET / HTTP/1.1 ... CRLF CRLF  → the latest head; More
//!   Transfer-Encoding, PRI after a request, a head past MAX_SNIFF → Stop
//! ```

use http2::frame::PREFACE;

/// The most bytes sniffed for the first request head (hyper refuses larger heads anyway).
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

/// What sniffing keeps: the bytes of the head being read, the last whole head, and how many
/// body bytes to skip before the next head starts.
#[derive(Default)]
pub(super) struct Sniff {
    partial: Vec<u8>,
    /// The latest whole head.
    pub(super) last: Vec<u8>,
    skip: u64,
    /// The connection's first bytes while they could still be the HTTP/2 client preface.
    start: Vec<u8>,
    /// The first bytes were not the preface: sniff heads.
    not_h2: bool,
}

impl Sniff {
    /// Takes in bytes read, looking for the HTTP/2 preface first, then request heads.
    pub(super) fn read(&mut self, data: &[u8]) -> Sniffed {
        if !self.not_h2 {
            let want = PREFACE.len().saturating_sub(self.start.len());
            let n = want.min(data.len());
            self.start.extend_from_slice(&data[..n]);
            if !PREFACE.starts_with(&self.start) {
                self.not_h2 = true;
                let start = std::mem::take(&mut self.start);
                let more = self.take(&start) && self.take(&data[n..]);
                return if more { Sniffed::More } else { Sniffed::Stop };
            }
            if self.start.len() < PREFACE.len() {
                return Sniffed::More;
            }
            let mut bytes = std::mem::take(&mut self.start);
            bytes.extend_from_slice(&data[n..]);
            return Sniffed::Http2(bytes);
        }
        if self.take(data) {
            Sniffed::More
        } else {
            Sniffed::Stop
        }
    }

    /// Takes in bytes read; returns false when sniffing cannot go on.
    fn take(&mut self, mut data: &[u8]) -> bool {
        while !data.is_empty() {
            if self.skip > 0 {
                let n = usize::try_from(self.skip).map_or(data.len(), |s| s.min(data.len()));
                self.skip -= n as u64;
                data = &data[n..];
                continue;
            }
            let scan_from = self.partial.len().saturating_sub(3);
            let room = MAX_SNIFF.saturating_sub(self.partial.len());
            let take = data.len().min(room);
            self.partial.extend_from_slice(&data[..take]);
            let Some(end) = find_head_end(&self.partial[scan_from..]).map(|e| e + scan_from) else {
                // A head longer than MAX_SNIFF (hyper refuses those anyway).
                return take == data.len() && self.partial.len() < MAX_SNIFF;
            };
            let head: Vec<u8> = self.partial.drain(..end).collect();
            // Bytes read past the head were copied into `partial`: hand them back.
            let extra = self.partial.len();
            self.partial.clear();
            data = &data[take - extra..];
            if head.starts_with(b"PRI * HTTP/2.0") {
                return false; // HTTP/2 after a request: frames follow, not heads.
            }
            match body_length(&head) {
                Some(n) => self.skip = n,
                None => return false, // a chunked (or unknowable) body
            }
            self.last = head;
        }
        true
    }
}

/// The length of the body that follows a request head: `Content-Length`, or 0; `None` when
/// the body is chunked (the tap does not follow chunked framing).
fn body_length(head: &[u8]) -> Option<u64> {
    let text = std::str::from_utf8(head).ok()?;
    let mut length = 0;
    for line in text.split("\r\n").skip(1) {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let name = name.trim();
        if name.eq_ignore_ascii_case("transfer-encoding") {
            return None;
        }
        if name.eq_ignore_ascii_case("content-length") {
            length = value.trim().parse().ok()?;
        }
    }
    Some(length)
}

/// One past the `\r\n\r\n` that ends an HTTP head.
fn find_head_end(bytes: &[u8]) -> Option<usize> {
    bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|i| i + 4)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffing_keeps_the_latest_head_and_skips_bodies() {
        let mut s = Sniff::default();
        assert!(s.take(b"POST /a HTTP/1.1\r\nContent-Length: 5\r\n\r\nhel"));
        assert!(s.last.starts_with(b"POST /a"));
        assert!(s.take(b"loGET /b HTTP/1.1\r\n"));
        assert!(
            s.last.starts_with(b"POST /a"),
            "the GET head is not whole yet"
        );
        assert!(s.take(b"Host: x\r\n\r\n"));
        assert_eq!(s.last, b"GET /b HTTP/1.1\r\nHost: x\r\n\r\n");
        // One byte at a time works too.
        for b in b"GET /c HTTP/1.1\r\n\r\n" {
            assert!(s.take(&[*b]));
        }
        assert_eq!(s.last, b"GET /c HTTP/1.1\r\n\r\n");
        assert!(!s.take(b"POST /d HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"));
        let mut h2 = Sniff::default();
        assert!(!h2.take(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"));
        // The preface at the start of a connection is found, one byte at a time too.
        let mut h2 = Sniff::default();
        for b in &PREFACE[..23] {
            assert_eq!(h2.read(&[*b]), Sniffed::More);
        }
        assert_eq!(
            h2.read(&[b'\n', 0, 0, 0]),
            Sniffed::Http2([&PREFACE[..], &[0, 0, 0]].concat())
        );
        // POST shares the first byte with PRI; its head is still sniffed.
        let mut post = Sniff::default();
        assert_eq!(post.read(b"P"), Sniffed::More);
        assert_eq!(post.read(b"OST / HTTP/1.1\r\n\r\n"), Sniffed::More);
        assert_eq!(post.last, b"POST / HTTP/1.1\r\n\r\n");
        let mut huge = Sniff::default();
        assert!(!huge.take(&vec![b'a'; MAX_SNIFF + 1]));
    }
}
