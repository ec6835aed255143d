//! Cutting one direction of an HTTP/1.1 connection into its messages' parts, for a reader
//! that follows both directions itself (the push lab's meter): a head, gathered from pieces
//! of any size up to the empty line that ends it (RFC 9112 §2.1), and a body of known
//! length, counted down without being copied (RFC 9112 §6.3 item 5).
//!
//! ```text
//!   HTTP/1.1 200 OK␍␊ Content-Length: 5␍␊ ␍␊ hello HTTP/1.1 204 …
//!   └──────────── HeadCollector ──────────────┘└Remaining┘└ HeadCollector …
//! ```
//!
//! [`HeadReader`](crate::HeadReader) does the same for the client's side alone, deciding
//! each body's length itself; here the caller decides (a response's length depends on the
//! request it answers, RFC 9112 §6.3 items 1-2), and the chunked coding has its own
//! [`Decoder`](crate::chunked::Decoder).

use crate::head::{DEFAULT_MAX_HEAD_LEN, find_end_from};

/// The head was longer than the collector's limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a head longer than {max} bytes")]
pub struct TooLarge {
    /// The limit.
    pub max: usize,
}

/// Gathers one head, its empty line included, from pieces of any size.
#[derive(Debug, Clone)]
pub struct HeadCollector {
    bytes: Vec<u8>,
    /// How much of `bytes` has been scanned for the end of the head.
    scanned: usize,
    max: usize,
}

impl Default for HeadCollector {
    fn default() -> Self {
        HeadCollector::new(DEFAULT_MAX_HEAD_LEN)
    }
}

impl HeadCollector {
    /// A collector that refuses heads longer than `max` bytes.
    pub fn new(max: usize) -> HeadCollector {
        HeadCollector {
            bytes: Vec::new(),
            scanned: 0,
            max,
        }
    }

    /// Takes bytes of the head from `data`: how many it took, and the head once it is whole
    /// (the bytes after it are left for the caller). `Err` once the head has reached the
    /// limit without ending; the collector is then empty again.
    pub fn take(&mut self, data: &[u8]) -> Result<(usize, Option<Vec<u8>>), TooLarge> {
        let n = self.max.saturating_sub(self.bytes.len()).min(data.len());
        self.bytes
            .extend_from_slice(data.get(..n).unwrap_or_default());
        match find_end_from(&self.bytes, self.scanned) {
            Some(end) => {
                // Bytes past the end came from this piece: hand them back.
                let used = n - (self.bytes.len() - end);
                self.bytes.truncate(end);
                self.scanned = 0;
                Ok((used, Some(std::mem::take(&mut self.bytes))))
            }
            None if self.bytes.len() >= self.max => {
                self.bytes = Vec::new();
                self.scanned = 0;
                Err(TooLarge { max: self.max })
            }
            None => {
                self.scanned = self.bytes.len();
                Ok((n, None))
            }
        }
    }

    /// Bytes held: the head read so far.
    pub fn buffered(&self) -> usize {
        self.bytes.len()
    }
}

/// A body of known length still to pass (RFC 9112 §6.3 item 5: Content-Length).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Remaining(pub u64);

impl Remaining {
    /// Takes body bytes from a piece of `available` bytes: how many are the body's, and
    /// whether the body is now over.
    pub fn take(&mut self, available: usize) -> (usize, bool) {
        let n = usize::try_from(self.0).map_or(available, |left| left.min(available));
        self.0 -= n as u64;
        (n, self.0 == 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Cuts `bytes` into heads and `Content-Length: 5` bodies, fed in pieces of `piece`.
    fn cut(bytes: &[u8], piece: usize) -> Vec<Vec<u8>> {
        let mut out = Vec::new();
        let mut head = HeadCollector::new(64);
        let mut body: Option<(Remaining, Vec<u8>)> = None;
        for mut chunk in bytes.chunks(piece) {
            while !chunk.is_empty() {
                if let Some((left, kept)) = &mut body {
                    let (n, over) = left.take(chunk.len());
                    kept.extend_from_slice(&chunk[..n]);
                    chunk = &chunk[n..];
                    if over {
                        out.push(std::mem::take(kept));
                        body = None;
                    }
                    continue;
                }
                let (n, whole) = head.take(chunk).unwrap();
                chunk = &chunk[n..];
                if let Some(h) = whole {
                    out.push(h);
                    body = Some((Remaining(5), Vec::new()));
                }
            }
        }
        out
    }

    #[test]
    fn heads_and_bodies_whole_byte_by_byte_and_in_pieces() {
        let bytes =
            b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhelloHTTP/1.1 200 OK\r\n\r\nworld";
        let want = vec![
            b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n".to_vec(),
            b"hello".to_vec(),
            b"HTTP/1.1 200 OK\r\n\r\n".to_vec(),
            b"world".to_vec(),
        ];
        for piece in [bytes.len(), 1, 7] {
            assert_eq!(cut(bytes, piece), want, "pieces of {piece}");
        }
        // Trailing bytes of an unfinished head are held, not lost.
        let mut head = HeadCollector::default();
        assert_eq!(head.take(b"GET / HTTP/1.1\r\n").unwrap(), (16, None));
        assert_eq!(head.buffered(), 16);
    }

    #[test]
    fn a_head_past_the_limit_is_refused_and_bounded() {
        let mut head = HeadCollector::new(16);
        assert_eq!(head.take(&[b'a'; 10]).unwrap(), (10, None));
        assert_eq!(head.take(&[b'a'; 10]), Err(TooLarge { max: 16 }));
        assert_eq!(head.buffered(), 0);
    }

    #[test]
    fn remaining_counts_down_and_takes_no_more_than_is_left() {
        let mut left = Remaining(u64::MAX);
        assert_eq!(left.take(10), (10, false));
        let mut left = Remaining(3);
        assert_eq!(left.take(10), (3, true));
        assert_eq!(left.take(10), (0, true));
    }
}
