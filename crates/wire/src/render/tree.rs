//! The Wireshark-style text tree.
//!
//! ```text
//! WebSocket (11 bytes): Text frame (FIN), masked, payload 5 bytes: "Hello"
//!     1... .... = FIN: true (final fragment)
//!         # The last fragment of a message has FIN set (RFC 6455 §5.2).
//!     .... 0001 = Opcode: Text (1)
//!         # ...
//!     Masking-key: 37 fa 21 3d
//!         # ...
//! ```
//!
//! - The first line names the protocol, the byte count and the summary.
//! - Every field is one line, indented 4 spaces per level of depth (top-level fields sit one
//!   level under the summary line, as in Wireshark's details pane).
//! - A field that is not whole bytes (a flag, an opcode, a 7-bit length) starts with a
//!   *bitmask*: the bits of the byte(s) that hold it, its own bits shown as they are on the
//!   wire and every other bit as a dot, in groups of four (`.000 0101 = Payload length: 5`).
//! - A field whose raw value is bytes ends with those bytes in hex, at most
//!   [`HEX_LIMIT`] of them (`… (300 bytes)` after that) — unless its value already quotes
//!   them as text (an HTTP header line, `Host: example.com`), where hex would only repeat it.
//! - The field's meaning follows on its own line, one level deeper, after `# ` — a sentence is
//!   too long to share a line with the value in an 80-column terminal, and the `#` keeps it
//!   apart from the children that sit at the same depth.
//! - A broken rule follows as `[!] RULE: message (answer: …)`, and every problem is listed
//!   again at the end under `Problems:` with where it lies.

use std::fmt::Write as _;

use crate::{BitRange, Dissection, Field, Raw};

/// How many bytes of a byte run the tree shows before it says `… (N bytes)`.
pub const HEX_LIMIT: usize = 16;

/// The widest field, in bytes, that still gets a bitmask line (a 64-bit number).
const BITMASK_MAX_BYTES: usize = 8;

/// One level of depth.
const INDENT: &str = "    ";

/// The Wireshark-style text tree of a dissection, one line per field, ending in a newline.
pub fn tree(d: &Dissection) -> String {
    let mut out = String::new();
    let n = d.bytes.len();
    let _ = writeln!(out, "{} ({}): {}", d.protocol, count(n, "byte"), d.summary);
    for field in &d.fields {
        field_lines(&mut out, d, field, 1);
    }
    if !d.problems.is_empty() {
        out.push_str("\nProblems:\n");
        for p in &d.problems {
            let _ = writeln!(
                out,
                "{INDENT}[!] {} ({}): {}{}",
                p.rule,
                location(p.at, n),
                p.message,
                answer(p.answer.as_deref())
            );
        }
    }
    out
}

fn field_lines(out: &mut String, d: &Dissection, f: &Field, depth: usize) {
    // Written straight into `out`, a piece at a time: a dissection of a few kilobytes has
    // thousands of fields, and a `String` per piece (or `format!` per hex byte) made the tree
    // the larger half of a dissect call's cost.
    indent(out, depth);
    if bitmask_into(out, &d.bytes, f.bits) {
        out.push_str(" = ");
    }
    out.push_str(&f.name);
    shown_value(out, f);
    out.push('\n');
    if !f.meaning.is_empty() {
        indent(out, depth + 1);
        out.push_str("# ");
        out.push_str(&f.meaning);
        out.push('\n');
    }
    if let Some(p) = &f.problem {
        indent(out, depth + 1);
        out.push_str("[!] ");
        out.push_str(&p.rule);
        out.push_str(": ");
        out.push_str(&p.message);
        out.push_str(&answer(p.answer.as_deref()));
        out.push('\n');
    }
    for child in &f.children {
        field_lines(out, d, child, depth + 1);
    }
}

fn indent(out: &mut String, depth: usize) {
    for _ in 0..depth {
        out.push_str(INDENT);
    }
}

/// The value as the tree prints it, after `: ` (nothing when there is none): the decoded
/// value, then the raw bytes in hex (once, if the decoded value already is that hex).
fn shown_value(out: &mut String, f: &Field) {
    let whole = |out: &mut String| {
        if !f.value.is_empty() {
            out.push_str(": ");
            out.push_str(&f.value);
        }
    };
    let Raw::Bytes(bytes) = &f.raw else {
        return whole(out);
    };
    if bytes.is_empty() {
        return whole(out);
    }
    let value = f.value.trim();
    // The value quotes the bytes as text (an HTTP header line): hex would only repeat them.
    if !value.is_empty() && std::str::from_utf8(bytes).is_ok_and(|text| text.contains(value)) {
        return whole(out);
    }
    out.push_str(": ");
    let at = out.len();
    hex_preview_into(out, bytes);
    if !(value.is_empty() || is_hex_of(value, bytes) || value == &out[at..]) {
        out.insert_str(at, " [");
        out.insert_str(at, value);
        out.push(']');
    }
}

/// True when `value` is `bytes` in lowercase hex without spaces ([`crate::to_hex`]).
fn is_hex_of(value: &str, bytes: &[u8]) -> bool {
    value.len() == bytes.len() * 2
        && value
            .as_bytes()
            .chunks_exact(2)
            .zip(bytes)
            .all(|(pair, &b)| pair == crate::HEX_PAIRS[usize::from(b)])
}

/// Space-separated hex, cut after [`HEX_LIMIT`] bytes: `48 65 6c 6c 6f`.
#[cfg(test)]
pub(crate) fn hex_preview(bytes: &[u8]) -> String {
    let mut s = String::new();
    hex_preview_into(&mut s, bytes);
    s
}

/// [`hex_preview`], appended to `out`.
fn hex_preview_into(out: &mut String, bytes: &[u8]) {
    for (i, &b) in bytes.iter().take(HEX_LIMIT).enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let [hi, lo] = crate::HEX_PAIRS[usize::from(b)];
        out.push(char::from(hi));
        out.push(char::from(lo));
    }
    if bytes.len() > HEX_LIMIT {
        out.push_str(" … (");
        out.push_str(&count(bytes.len(), "byte"));
        out.push(')');
    }
}

/// Wireshark's bitmask for a field that is not whole bytes: every bit of the bytes that hold
/// it, the field's own as `0`/`1` (`?` past the end of the input), the rest as `.`, in
/// nibbles. `None` for whole-byte fields, empty ranges, and fields wider than 8 bytes.
#[cfg(test)]
pub(crate) fn bitmask(bytes: &[u8], bits: BitRange) -> Option<String> {
    let mut s = String::new();
    bitmask_into(&mut s, bytes, bits).then_some(s)
}

/// [`bitmask`], appended to `out`; false (and nothing written) where there is none.
// `u64::is_multiple_of` is Rust 1.87; the workspace's rust-version is 1.85.
#[allow(clippy::manual_is_multiple_of)]
fn bitmask_into(out: &mut String, bytes: &[u8], bits: BitRange) -> bool {
    if bits.len == 0 || bits.is_byte_aligned() {
        return false;
    }
    let span = bits.byte_span();
    if span.len() > BITMASK_MAX_BYTES {
        return false;
    }
    let first = span.start as u64 * 8;
    let last = span.end as u64 * 8;
    for bit in first..last {
        if bit > first && (bit - first) % 4 == 0 {
            out.push(' ');
        }
        if bit < bits.start || bit >= bits.end() {
            out.push('.');
        } else {
            out.push(match super::bit_at(bytes, bit) {
                Some(1) => '1',
                Some(_) => '0',
                None => '?',
            });
        }
    }
    true
}

/// Where a problem lies, for a learner: `byte 2`, `bytes 2-5`, `bit 9`, `bits 4-7`, or
/// `end of input (byte 11)`.
pub(crate) fn location(at: BitRange, input_len: usize) -> String {
    if at.len == 0 {
        let byte = at.start / 8;
        return if byte >= input_len as u64 {
            format!("end of input, byte {byte}")
        } else {
            format!("byte {byte}")
        };
    }
    let last = at.end() - 1;
    if at.is_byte_aligned() {
        let (a, b) = (at.start / 8, last / 8);
        if a == b {
            format!("byte {a}")
        } else {
            format!("bytes {a}-{b}")
        }
    } else if at.len == 1 {
        format!("bit {}", at.start)
    } else {
        format!("bits {}-{last}", at.start)
    }
}

fn answer(a: Option<&str>) -> String {
    a.map(|a| format!(" (answer: {a})")).unwrap_or_default()
}

/// `1 byte`, `11 bytes`.
pub(crate) fn count(n: usize, unit: &str) -> String {
    if n == 1 {
        format!("1 {unit}")
    } else {
        format!("{n} {unit}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bitmasks() {
        let b = [0x81, 0x85];
        assert_eq!(bitmask(&b, BitRange::bits(0, 1)).unwrap(), "1... ....");
        assert_eq!(bitmask(&b, BitRange::bits(4, 4)).unwrap(), ".... 0001");
        assert_eq!(bitmask(&b, BitRange::bits(9, 7)).unwrap(), ".000 0101");
        assert_eq!(
            bitmask(&b, BitRange::bits(7, 2)).unwrap(),
            ".... ...1 1... ...."
        );
        assert_eq!(
            bitmask(&b, BitRange::bits(15, 2)).unwrap(),
            ".... ...1 ?... ...."
        );
        assert!(bitmask(&b, BitRange::bytes(0, 1)).is_none());
    }

    #[test]
    fn locations() {
        assert_eq!(location(BitRange::bytes(2, 1), 11), "byte 2");
        assert_eq!(location(BitRange::bytes(2, 4), 11), "bytes 2-5");
        assert_eq!(location(BitRange::bits(4, 4), 11), "bits 4-7");
        assert_eq!(location(BitRange::bits(9, 1), 11), "bit 9");
        assert_eq!(location(BitRange::bits(88, 0), 11), "end of input, byte 11");
    }

    #[test]
    fn long_runs_are_cut() {
        let s = hex_preview(&[0xab; 20]);
        assert!(s.ends_with("ab … (20 bytes)"), "{s}");
    }
}
