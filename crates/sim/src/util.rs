//! Small helpers the dissectors share: reading bits, making problems.

use wire::{BitRange, Field, Problem, Raw};

/// The unsigned number in `len` bits (at most 64) starting at bit `start` of `bytes`, or
/// `None` when the input ends before them.
pub(crate) fn bits(bytes: &[u8], start: u64, len: u64) -> Option<u64> {
    if len > 64 || start.checked_add(len)? > bytes.len() as u64 * 8 {
        return None;
    }
    let mut v: u64 = 0;
    for i in start..start + len {
        let byte = *bytes.get(usize::try_from(i / 8).ok()?)?;
        let bit = (byte >> (7 - (i % 8))) & 1;
        v = (v << 1) | u64::from(bit);
    }
    Some(v)
}

/// A problem with a rule, a message, where, and an optional answer.
pub(crate) fn problem(
    rule: &str,
    message: impl Into<String>,
    at: BitRange,
    answer: Option<&str>,
) -> Problem {
    Problem {
        rule: rule.to_owned(),
        message: message.into(),
        at,
        answer: answer.map(str::to_owned),
    }
}

/// A numeric field, or a field with the problem "the input ends" when the bits are missing.
pub(crate) fn uint_field(
    bytes: &[u8],
    name: &str,
    at: BitRange,
    rule: &str,
    describe: impl FnOnce(u64) -> (String, String),
) -> (Field, Option<u64>) {
    match bits(bytes, at.start, at.len) {
        Some(v) => {
            let (value, meaning) = describe(v);
            (Field::new(name, at, Raw::Uint(v), value, meaning), Some(v))
        }
        None => (missing(bytes, name, at, rule), None),
    }
}

/// A field the input ended before.
pub(crate) fn missing(bytes: &[u8], name: &str, at: BitRange, rule: &str) -> Field {
    let end = bytes.len() as u64 * 8;
    let have = end.saturating_sub(at.start).min(at.len);
    Field::new(
        name,
        BitRange::bits(at.start.min(end), 0),
        Raw::None,
        "(missing)",
        "",
    )
    .with_problem(problem(
        rule,
        format!(
            "the input ends before {name}: it needs {} bits, {have} are here",
            at.len
        ),
        BitRange::bits(end, 0),
        None,
    ))
}

/// `192.0.2.1`.
pub(crate) fn dotted(a: [u8; 4]) -> String {
    format!("{}.{}.{}.{}", a[0], a[1], a[2], a[3])
}

/// `n byte`/`n bytes`.
pub(crate) fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Four bytes at `at`, if there.
pub(crate) fn four(bytes: &[u8], at: usize) -> Option<[u8; 4]> {
    bytes.get(at..at + 4)?.try_into().ok()
}
