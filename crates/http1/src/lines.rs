//! The lines of a head, split leniently, for dissectors that explain any bytes.
//!
//! A parser refuses what breaks the grammar; a dissector must still show it. So this
//! splitter accepts everything: a line ends at LF, with or without the CR before it (RFC
//! 9112 §2.2), and the last line may have no ending at all (the input stopped mid-line).
//! Each [`Line`] knows where it starts, so every field a dissector builds points at exact
//! bytes; [`Line::field`] splits a field line at its colon (RFC 9112 §5), leaving the name
//! as sent and the value without the optional whitespace around it (RFC 9110 §5.6.3: OWS is
//! spaces and horizontal tabs).

use std::ops::Range;

/// RFC 9112 §2.2: the LF that ends a line.
const LF: u8 = b'\n';
/// RFC 9112 §2.2: the CR before it.
const CR: u8 = b'\r';
/// RFC 9112 §5: a field line is `field-name ":" OWS field-value OWS`.
const COLON: u8 = b':';

/// How a line ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// CR LF, as RFC 9112 §2.2 asks of senders.
    Crlf,
    /// A bare LF, which a recipient may accept (RFC 9112 §2.2).
    Lf,
    /// None: the input stops in the middle of the line.
    None,
}

impl Ending {
    /// The ending's length in bytes.
    pub fn len(self) -> usize {
        match self {
            Ending::Crlf => 2,
            Ending::Lf => 1,
            Ending::None => 0,
        }
    }

    /// True for [`Ending::None`].
    pub fn is_empty(self) -> bool {
        self == Ending::None
    }
}

/// One line of a head.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line<'a> {
    /// Where it starts in the input.
    pub start: usize,
    /// Its bytes without the ending.
    pub text: &'a [u8],
    /// How it ended.
    pub ending: Ending,
}

/// A field line split at its colon; ranges are in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldParts {
    /// The name, as sent (whitespace before the colon included, so it can be flagged).
    pub name: Range<usize>,
    /// The colon.
    pub colon: usize,
    /// The optional whitespace after the colon.
    pub leading_ows: Range<usize>,
    /// The value, without optional whitespace around it.
    pub value: Range<usize>,
}

fn is_ows(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

impl<'a> Line<'a> {
    /// Its length, ending included.
    pub fn len(&self) -> usize {
        self.text.len() + self.ending.len()
    }

    /// True for a line of no bytes at all (not even an ending).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// True for the empty line that ends a head (an ending and nothing else).
    pub fn is_blank(&self) -> bool {
        self.text.is_empty() && !self.ending.is_empty()
    }

    /// Where it lies in the input, ending included.
    pub fn range(&self) -> Range<usize> {
        self.start..self.start + self.len()
    }

    /// Where its ending lies in the input.
    pub fn ending_at(&self) -> Range<usize> {
        let at = self.start + self.text.len();
        at..at + self.ending.len()
    }

    /// The line as text (invalid UTF-8 replaced).
    pub fn lossy(&self) -> String {
        String::from_utf8_lossy(self.text).into_owned()
    }

    /// The line split at its first colon, or `None` when it has none.
    pub fn field(&self) -> Option<FieldParts> {
        let colon = self.text.iter().position(|&b| b == COLON)?;
        let after = self.text.get(colon + 1..)?;
        let lead = after.iter().take_while(|&&b| is_ows(b)).count();
        let trail = after
            .get(lead..)?
            .iter()
            .rev()
            .take_while(|&&b| is_ows(b))
            .count();
        let value_start = self.start + colon + 1 + lead;
        let value_end = self.start + self.text.len() - trail;
        Some(FieldParts {
            name: self.start..self.start + colon,
            colon: self.start + colon,
            leading_ows: self.start + colon + 1..value_start,
            value: value_start..value_end.max(value_start),
        })
    }
}

/// The lines of `input`, in order (see the module docs).
pub fn lines(input: &[u8]) -> Lines<'_> {
    Lines { input, pos: 0 }
}

/// The iterator [`lines`] returns.
#[derive(Debug, Clone)]
pub struct Lines<'a> {
    input: &'a [u8],
    pos: usize,
}

impl<'a> Iterator for Lines<'a> {
    type Item = Line<'a>;

    fn next(&mut self) -> Option<Line<'a>> {
        let rest = self.input.get(self.pos..).filter(|r| !r.is_empty())?;
        let line = match rest.iter().position(|&b| b == LF) {
            Some(nl) => {
                let with_cr = rest.get(..nl).unwrap_or_default();
                match with_cr.split_last() {
                    Some((&CR, text)) => Line {
                        start: self.pos,
                        text,
                        ending: Ending::Crlf,
                    },
                    _ => Line {
                        start: self.pos,
                        text: with_cr,
                        ending: Ending::Lf,
                    },
                }
            }
            None => Line {
                start: self.pos,
                text: rest,
                ending: Ending::None,
            },
        };
        self.pos += line.len();
        Some(line)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_ending_and_a_field() {
        let input = b"GET / HTTP/1.1\r\nHost:  x \nbare";
        let got: Vec<_> = lines(input).collect();
        assert_eq!(got.len(), 3);
        assert_eq!((got[0].ending, got[0].range()), (Ending::Crlf, 0..16));
        assert_eq!((got[1].ending, got[1].range()), (Ending::Lf, 16..26));
        assert_eq!((got[2].ending, got[2].text), (Ending::None, &b"bare"[..]));
        let f = got[1].field().unwrap();
        assert_eq!(&input[f.name.clone()], b"Host");
        assert_eq!(&input[f.value.clone()], b"x");
        assert_eq!(f.leading_ows, 21..23);
        assert!(got[2].field().is_none());
        // An empty value, and a line of whitespace after the colon.
        let f = lines(b"A: \t\r\n").next().unwrap().field().unwrap();
        assert!(f.value.is_empty());
        assert!(lines(b"\r\n").next().unwrap().is_blank());
    }
}
