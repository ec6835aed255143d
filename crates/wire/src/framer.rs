//! The shape every sans-IO stream cutter here shares: bytes of one direction in, whole units
//! out.
//!
//! A TCP read hands over whatever the network delivered: half a frame, two frames and a bit,
//! one byte. A [`Framer`] takes those bytes in order and says, step by step, how many it took
//! and which unit (a head, a frame, a preface) they completed:
//!
//! ```text
//!   read 1: [ frame A | frame B | first half of C ]   take → A, take → B, take → (none)
//!   read 2: [ second half of C ]                      take → C
//! ```
//!
//! [`Framer::feed`] turns that into an iterator over the units one read completes. Taking a
//! step at a time (rather than queueing every unit of a read) keeps memory bounded by one
//! unit, whatever a read holds: 64 KiB of two-byte frames does not become 32,768 queued
//! values. The protocol crates implement it: `websocket::observe::Observer`,
//! `http2::observe::Observer`, `http1::reader::HeadReader`.
//!
//! Frames whose header says how long they are (WebSocket's, HTTP/2's) are all cut the same
//! way — gather the header, count the payload down, keep an excerpt — so that is written once
//! here, as [`Cutter`]; a protocol says only how its header reads ([`Layout`]).

/// Cuts one direction of a byte stream into units, a step at a time.
pub trait Framer {
    /// What a step can complete.
    type Unit;

    /// Takes bytes from the front of `data`: how many it took, and the unit they completed,
    /// if any. Takes at least one byte of a non-empty `data`, or completes a unit.
    fn take(&mut self, data: &[u8]) -> (usize, Option<Self::Unit>);

    /// Every unit `data` completes, in order. The iterator takes all of `data`: dropping it
    /// early still takes the rest (its units are skipped), so the framer stays in step with
    /// the stream.
    fn feed<'a>(&'a mut self, data: &'a [u8]) -> Feed<'a, Self>
    where
        Self: Sized,
    {
        Feed { framer: self, data }
    }
}

/// The units one piece of a stream completes; see [`Framer::feed`].
#[derive(Debug)]
pub struct Feed<'a, F: Framer> {
    framer: &'a mut F,
    data: &'a [u8],
}

impl<F: Framer> Iterator for Feed<'_, F> {
    type Item = F::Unit;

    fn next(&mut self) -> Option<F::Unit> {
        while !self.data.is_empty() {
            let (used, unit) = self.framer.take(self.data);
            if used == 0 && unit.is_none() {
                // A framer that neither moves nor completes anything: stop rather than spin.
                self.data = &[];
                return None;
            }
            self.data = self.data.get(used..).unwrap_or_default();
            if unit.is_some() {
                return unit;
            }
        }
        None
    }
}

impl<F: Framer> Drop for Feed<'_, F> {
    fn drop(&mut self) {
        for _ in self.by_ref() {}
    }
}

/// How one protocol lays out a frame: a header that says how long the payload after it is.
/// [`Cutter`] does the rest, the same for every protocol.
pub trait Layout {
    /// The parsed header.
    type Header: Copy;
    /// Why a header cannot be read (a structural rule it breaks).
    type Error;
    /// The most bytes a header takes.
    const MAX_HEADER_LEN: usize;

    /// Reads a header from the start of `buf`: `Ok(None)` until it is all there, then the
    /// header and its length. An error comes with how many bytes of `buf` it took to see
    /// it (the header up to the field that breaks the rule).
    fn parse(&self, buf: &[u8]) -> Parsed<Self::Header, Self::Error>;

    /// The payload length the header announces.
    fn payload_len(&self, header: &Self::Header) -> u64;

    /// How many bytes of that payload to keep (the rest is counted, not kept).
    fn keep(&self, header: &Self::Header) -> usize;
}

/// What [`Layout::parse`] returns: `Ok(None)` (incomplete), `Ok(Some((header, its
/// length)))`, or `Err((error, bytes it took to see it))`.
pub type Parsed<H, E> = Result<Option<(H, usize)>, (E, usize)>;

/// What a [`Cutter`] step completes: a frame, or the header that broke.
pub type CutUnit<H, E> = Result<Cut<H>, Broken<E>>;

/// One frame cut from a stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cut<H> {
    /// Where it lies in the stream: its first byte and one past its last.
    pub range: std::ops::Range<u64>,
    /// Its header.
    pub header: H,
    /// How many bytes the header took.
    pub header_len: usize,
    /// The header's bytes, then the first payload bytes the layout keeps.
    pub kept: Vec<u8>,
}

impl<H> Cut<H> {
    /// The frame's real size, header included.
    pub fn total_len(&self) -> u64 {
        self.range.end - self.range.start
    }

    /// The payload's real size.
    pub fn payload_len(&self) -> u64 {
        self.total_len() - self.header_len as u64
    }

    /// The payload bytes kept.
    pub fn kept_payload(&self) -> &[u8] {
        self.kept.get(self.header_len..).unwrap_or_default()
    }

    /// True when every byte of the frame was kept.
    pub fn is_whole(&self) -> bool {
        self.kept.len() as u64 == self.total_len()
    }
}

/// Bytes of a stream that form one unit (a head, a preface), and where they lie.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// Its first byte and one past its last, counted from the stream's start.
    pub range: std::ops::Range<u64>,
    /// The bytes.
    pub bytes: Vec<u8>,
}

impl Piece {
    /// The piece of `bytes` that starts at stream offset `at`.
    pub fn at(at: u64, bytes: Vec<u8>) -> Piece {
        Piece {
            range: at..at + bytes.len() as u64,
            bytes,
        }
    }
}

/// A header that broke a structural rule: the frames after it cannot be told apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken<E> {
    /// Where the broken header lies: its first byte and one past the byte that broke it.
    pub range: std::ops::Range<u64>,
    /// Those bytes.
    pub bytes: Vec<u8>,
    /// The rule.
    pub error: E,
}

/// One step of a [`Cutter`]: bytes taken, and what they completed.
type Step<L> = (
    usize,
    Option<CutUnit<<L as Layout>::Header, <L as Layout>::Error>>,
);

/// Where the frame being read stands.
#[derive(Debug, Clone, Copy)]
struct Current<H> {
    header: H,
    header_len: usize,
    /// Header plus payload.
    total: u64,
    /// How much of it has been taken.
    seen: u64,
    /// How many bytes of it to keep.
    keep: usize,
}

/// Cuts a stream of frames of one [`Layout`] into [`Cut`]s, holding at most one header and
/// the payload bytes the layout keeps: a 1 MiB frame costs what its excerpt costs. After a
/// [`Broken`] header it takes bytes without looking at them.
#[derive(Debug)]
pub struct Cutter<L: Layout> {
    layout: L,
    /// Stream offset of the next byte.
    offset: u64,
    /// Stream offset of the frame being read.
    start: u64,
    kept: Vec<u8>,
    current: Option<Current<L::Header>>,
    broken: bool,
}

impl<L: Layout> Cutter<L> {
    /// A cutter whose first frame starts at stream offset `offset`.
    pub fn new(layout: L, offset: u64) -> Self {
        Cutter {
            layout,
            offset,
            start: offset,
            kept: Vec::new(),
            current: None,
            broken: false,
        }
    }

    /// The layout (and its policy).
    pub fn layout(&self) -> &L {
        &self.layout
    }

    /// The stream offset of the next byte.
    pub fn position(&self) -> u64 {
        self.offset
    }

    /// The frame being read, if any of it has arrived: its first byte, and one past its last
    /// once its header is whole.
    pub fn pending(&self) -> Option<(u64, Option<u64>)> {
        match self.current {
            Some(c) => Some((self.start, Some(self.start + c.total))),
            None if !self.kept.is_empty() => Some((self.start, None)),
            None => None,
        }
    }

    /// Bytes held for the frame being read (its header and kept payload so far).
    pub fn buffered(&self) -> usize {
        self.kept.len()
    }

    /// Lets `n` bytes of the stream go by that are not frames — a head or a preface before
    /// them, bytes after the protocol stopped being framed — so that positions stay
    /// positions in the whole stream. Between frames only: while a frame is being read it
    /// does nothing.
    pub fn pass(&mut self, n: usize) {
        if self.current.is_none() && self.kept.is_empty() {
            self.offset += n as u64;
            self.start = self.offset;
        }
    }

    /// True after a broken header.
    pub fn is_broken(&self) -> bool {
        self.broken
    }

    /// The frame is complete: hand it over.
    fn finish(&mut self, c: Current<L::Header>) -> Cut<L::Header> {
        self.current = None;
        let range = self.start..self.start + c.total;
        self.start = range.end;
        Cut {
            range,
            header: c.header,
            header_len: c.header_len,
            kept: std::mem::take(&mut self.kept),
        }
    }

    fn read_header(&mut self, data: &[u8]) -> Step<L> {
        let before = self.kept.len();
        let take = L::MAX_HEADER_LEN.saturating_sub(before).min(data.len());
        self.kept
            .extend_from_slice(data.get(..take).unwrap_or_default());
        match self.layout.parse(&self.kept) {
            Ok(None) => (take, None),
            Ok(Some((header, header_len))) => {
                // Bytes gathered past the header are the payload's: hand them back.
                self.kept.truncate(header_len);
                let used = header_len.saturating_sub(before);
                let payload = self.layout.payload_len(&header);
                let keep = header_len + self.layout.keep(&header).min(clamp(payload));
                self.kept.reserve_exact(keep.saturating_sub(header_len));
                let c = Current {
                    header,
                    header_len,
                    total: header_len as u64 + payload,
                    seen: header_len as u64,
                    keep,
                };
                if payload == 0 {
                    return (used, Some(Ok(self.finish(c))));
                }
                self.current = Some(c);
                (used, None)
            }
            Err((error, len)) => {
                let len = len.clamp(before.min(self.kept.len()), self.kept.len());
                self.kept.truncate(len);
                self.broken = true;
                let bytes = std::mem::take(&mut self.kept);
                let range = self.start..self.start + bytes.len() as u64;
                (
                    len.saturating_sub(before),
                    Some(Err(Broken {
                        range,
                        bytes,
                        error,
                    })),
                )
            }
        }
    }
}

/// `n` as a `usize`, saturating.
fn clamp(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

impl<L: Layout> Framer for Cutter<L> {
    type Unit = CutUnit<L::Header, L::Error>;

    fn take(&mut self, data: &[u8]) -> (usize, Option<Self::Unit>) {
        if self.broken {
            self.offset += data.len() as u64;
            return (data.len(), None);
        }
        let (used, unit) = match self.current {
            None => self.read_header(data),
            Some(mut c) => {
                let n = clamp(c.total - c.seen).min(data.len());
                let room = c.keep.saturating_sub(self.kept.len()).min(n);
                self.kept
                    .extend_from_slice(data.get(..room).unwrap_or_default());
                c.seen += n as u64;
                if c.seen == c.total {
                    (n, Some(Ok(self.finish(c))))
                } else {
                    self.current = Some(c);
                    (n, None)
                }
            }
        };
        self.offset += used as u64;
        (used, unit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Units are runs of bytes ended by a zero.
    #[derive(Default)]
    struct Zeros(Vec<u8>);

    impl Framer for Zeros {
        type Unit = Vec<u8>;
        fn take(&mut self, data: &[u8]) -> (usize, Option<Vec<u8>>) {
            match data.iter().position(|&b| b == 0) {
                Some(i) => {
                    self.0.extend_from_slice(&data[..i]);
                    (i + 1, Some(std::mem::take(&mut self.0)))
                }
                None => {
                    self.0.extend_from_slice(data);
                    (data.len(), None)
                }
            }
        }
    }

    #[test]
    fn units_across_pieces_and_an_early_drop() {
        let mut z = Zeros::default();
        assert_eq!(
            z.feed(b"ab\0c\0d").collect::<Vec<_>>(),
            [b"ab".to_vec(), b"c".to_vec()]
        );
        assert_eq!(z.feed(b"e\0").collect::<Vec<_>>(), [b"de".to_vec()]);
        // Dropped after one unit: the rest is still taken.
        assert_eq!(z.feed(b"f\0g\0h").next(), Some(b"f".to_vec()));
        assert_eq!(z.feed(b"\0").collect::<Vec<_>>(), [b"h".to_vec()]);
    }
}
