//! The option list IPv4 and TCP share: after the fixed 20-byte header, up to 40 bytes of
//! options, each in one of two forms (RFC 791 §3.1, which RFC 9293 §3.1 repeats for TCP):
//!
//! ```text
//!   a single byte:          kind 0 (End of Option List), kind 1 (No-Operation)
//!   kind, length, data:     +--------+--------+---...---+
//!                           |  kind  | length |  data   |   length counts all three
//!                           +--------+--------+---...---+
//! ```
//!
//! After End of Option List come only zeros, padding the header to a 32-bit boundary. A
//! length below 2, or one that runs past the header's end, breaks the list: what follows
//! cannot be read, and the receiver's answer is the protocol's own (IPv4 discards the
//! datagram, TCP resets the connection).
//!
//! [`field`] walks the list once for both; a protocol says, in an [`OptionWords`], what its
//! RFC calls each thing and how it reads its own options. Where the list ends is the other
//! thing the two headers share: a 4-bit length in 32-bit words (IPv4's IHL, TCP's Data
//! Offset), at least 5 — the fixed 20 bytes — checked by [`WordLength::problem`];
//! [`push`] adds the list to a dissection and says where the header ends.

use wire::{BitRange, Dissection, Field, Problem, Raw};

use crate::util::{plural, problem};

/// A one-byte option (End of Option List, No-Operation) as a protocol words it.
#[derive(Debug)]
pub(crate) struct Single {
    pub name: &'static str,
    pub value: &'static str,
    pub meaning: &'static str,
}

/// What a protocol calls the parts of its option list, and how it reads one option.
#[derive(Debug)]
pub(crate) struct OptionWords {
    /// The rule a broken list breaks.
    pub rule: &'static str,
    /// The RFC's word for the first byte: "type" (RFC 791) or "kind" (RFC 9293).
    pub kind: &'static str,
    /// Kind 0 and kind 1.
    pub end: Single,
    pub nop: Single,
    /// What the zeros after End of Option List are.
    pub padding: &'static str,
    /// What the whole list is.
    pub options: &'static str,
    /// What a receiver does with a broken list.
    pub answer: &'static str,
    /// The name of the option a broken length belongs to.
    pub name: fn(u8) -> &'static str,
    /// One whole kind-length-data option: its kind, its bytes (kind and length included),
    /// and the offset of its first byte in the header.
    pub option: fn(u8, &[u8], usize) -> Field,
}

/// A header-length field counted in 32-bit words, and what its RFC answers when it is wrong.
#[derive(Debug)]
pub(crate) struct WordLength {
    /// `IHL`, `Data Offset`.
    pub name: &'static str,
    pub at: BitRange,
    pub rule: &'static str,
    /// The sentence that states the minimum of 5 words.
    pub minimum: &'static str,
    /// The receiver's answer to a length below the minimum, and to one past the input.
    pub too_short: &'static str,
    pub past_end: Option<&'static str>,
}

impl WordLength {
    /// What is wrong with a header of `len` bytes (the field times 4) when `available`
    /// bytes are there, if anything.
    pub(crate) fn problem(&self, len: usize, available: usize) -> Option<Problem> {
        let name = self.name;
        if len < FIXED_LEN {
            Some(problem(
                self.rule,
                format!("{name} is {}; {}", len / 4, self.minimum),
                self.at,
                Some(self.too_short),
            ))
        } else if len > available {
            Some(problem(
                self.rule,
                format!("{name} says the header is {len} bytes; only {available} are here"),
                self.at,
                self.past_end,
            ))
        } else {
            None
        }
    }
}

/// The fixed part of an IPv4 or TCP header, before the options: 5 words.
pub(crate) const FIXED_LEN: usize = 20;

/// Pushes the options of a header of `header_len` bytes (as its length field says) onto
/// `d`, and returns where the header ends: the fixed part's end when the length is missing
/// or below it.
pub(crate) fn push(
    d: &mut Dissection,
    bytes: &[u8],
    header_len: Option<usize>,
    words: &OptionWords,
) -> usize {
    let end = header_len.unwrap_or(FIXED_LEN).min(bytes.len());
    if let Some(f) = field(bytes, FIXED_LEN, end, words) {
        d.push(f);
    }
    header_len.filter(|h| *h >= FIXED_LEN).unwrap_or(FIXED_LEN)
}

fn single(s: &Single, kind: u8, at: usize) -> Field {
    Field::new(
        s.name,
        BitRange::bytes(at, 1),
        Raw::Uint(u64::from(kind)),
        s.value,
        s.meaning,
    )
}

/// The options between byte `start` and the header's `end`, one child field each; `None`
/// when there are none.
pub(crate) fn field(bytes: &[u8], start: usize, end: usize, words: &OptionWords) -> Option<Field> {
    let region = bytes.get(start..end)?;
    if region.is_empty() {
        return None;
    }
    let mut children = Vec::new();
    let mut i = 0;
    while let Some(&kind) = region.get(i) {
        let at = start + i;
        let rest = region.len() - i;
        match kind {
            0 => {
                children.push(single(&words.end, 0, at));
                if rest > 1 {
                    children.push(Field::new(
                        "Padding",
                        BitRange::bytes(at + 1, rest - 1),
                        Raw::Bytes(region.get(i + 1..).unwrap_or_default().to_vec()),
                        plural(rest - 1, "byte"),
                        words.padding,
                    ));
                }
                break;
            }
            1 => {
                children.push(single(&words.nop, 1, at));
                i += 1;
            }
            _ => match region.get(i + 1).map(|&l| usize::from(l)) {
                Some(len) if len >= 2 && len <= rest => {
                    let option = region.get(i..i + len).unwrap_or_default();
                    children.push((words.option)(kind, option, at));
                    i += len;
                }
                _ => {
                    let word = words.kind;
                    children.push(
                        Field::new(
                            (words.name)(kind),
                            BitRange::bytes(at, rest),
                            Raw::Bytes(region.get(i..).unwrap_or_default().to_vec()),
                            format!("{word} {kind}, bad length"),
                            format!("An option of the form {word}, length, data."),
                        )
                        .with_problem(problem(
                            words.rule,
                            "the option's length is below 2 or runs past the header's end",
                            BitRange::bytes(at, rest),
                            Some(words.answer),
                        )),
                    );
                    break;
                }
            },
        }
    }
    Some(
        Field::new(
            "Options",
            BitRange::bytes(start, region.len()),
            Raw::Bytes(region.to_vec()),
            plural(region.len(), "byte"),
            words.options,
        )
        .with_children(children),
    )
}
