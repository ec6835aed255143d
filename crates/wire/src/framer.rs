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
