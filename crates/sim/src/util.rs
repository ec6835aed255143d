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
    name: &'static str,
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
/// What a checksum field is checked against, as [`checksum_field`] takes it.
pub(crate) struct ChecksumCheck<'a> {
    /// The field's name (`Header Checksum`, `Checksum`).
    pub name: &'static str,
    pub at: BitRange,
    pub meaning: &'static str,
    /// What the sum covers, for the problem: "the header's words".
    pub covers: &'a str,
    pub rule: &'a str,
    /// What a receiver does with a wrong checksum.
    pub answer: &'a str,
}

/// A checksum field (IPv4's and TCP's share the RFC 1071 sum): its value, and, when the
/// `expected` checksum could be computed, whether it is right, with a problem when not.
/// `Err(why)` says why it could not be verified. Returns the field and the verdict.
pub(crate) fn checksum_field(
    check: &ChecksumCheck<'_>,
    value: u64,
    expected: Result<u16, &str>,
) -> (Field, Option<bool>) {
    let want = match expected {
        Ok(want) => want,
        Err(why) => {
            let value_text = format!("0x{value:04x} (not verified: {why})");
            let f = Field::new(
                check.name,
                check.at,
                Raw::Uint(value),
                value_text,
                check.meaning,
            );
            return (f, None);
        }
    };
    let ok = u64::from(want) == value;
    let value_text = if ok {
        format!("0x{value:04x} (correct)")
    } else {
        format!("0x{value:04x} (wrong: should be 0x{want:04x})")
    };
    let mut f = Field::new(
        check.name,
        check.at,
        Raw::Uint(value),
        value_text,
        check.meaning,
    );
    if !ok {
        let what = check.name.to_lowercase();
        f = f.with_problem(problem(
            check.rule,
            format!(
                "the {what} is 0x{value:04x}; {} give 0x{want:04x}",
                check.covers
            ),
            check.at,
            Some(check.answer),
        ));
    }
    (f, Some(ok))
}

pub(crate) fn missing(bytes: &[u8], name: &'static str, at: BitRange, rule: &str) -> Field {
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
