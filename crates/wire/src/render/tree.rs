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
    let pad = INDENT.repeat(depth);
    out.push_str(&pad);
    if let Some(mask) = bitmask(&d.bytes, f.bits) {
        out.push_str(&mask);
        out.push_str(" = ");
    }
    out.push_str(&f.name);
    let shown = shown_value(f);
    if !shown.is_empty() {
        out.push_str(": ");
        out.push_str(&shown);
    }
    out.push('\n');
    if !f.meaning.is_empty() {
        let _ = writeln!(out, "{pad}{INDENT}# {}", f.meaning);
    }
    if let Some(p) = &f.problem {
        let _ = writeln!(
            out,
            "{pad}{INDENT}[!] {}: {}{}",
            p.rule,
            p.message,
            answer(p.answer.as_deref())
        );
    }
    for child in &f.children {
        field_lines(out, d, child, depth + 1);
    }
}

/// The value as the tree prints it: the decoded value, then the raw bytes in hex (once, if
/// the decoded value already is that hex).
fn shown_value(f: &Field) -> String {
    let Raw::Bytes(bytes) = &f.raw else {
        return f.value.clone();
    };
    if bytes.is_empty() {
        return f.value.clone();
    }
    let value = f.value.trim();
    // The value quotes the bytes as text (an HTTP header line): hex would only repeat them.
    if !value.is_empty() && std::str::from_utf8(bytes).is_ok_and(|text| text.contains(value)) {
        return f.value.clone();
    }
    let hex = hex_preview(bytes);
    if value.is_empty() || value == crate::to_hex(bytes) || value == hex {
        hex
    } else {
        format!("{value} [{hex}]")
    }
}

/// Space-separated hex, cut after [`HEX_LIMIT`] bytes: `48 65 6c 6c 6f`.
pub(crate) fn hex_preview(bytes: &[u8]) -> String {
    let shown: Vec<String> = bytes
        .iter()
        .take(HEX_LIMIT)
        .map(|b| format!("{b:02x}"))
        .collect();
    let mut s = shown.join(" ");
    if bytes.len() > HEX_LIMIT {
        let _ = write!(s, " … ({})", count(bytes.len(), "byte"));
    }
    s
}

/// Wireshark's bitmask for a field that is not whole bytes: every bit of the bytes that hold
/// it, the field's own as `0`/`1` (`?` past the end of the input), the rest as `.`, in
/// nibbles. `None` for whole-byte fields, empty ranges, and fields wider than 8 bytes.
// `u64::is_multiple_of` is Rust 1.87; the workspace's rust-version is 1.85.
#[allow(clippy::manual_is_multiple_of)]
pub(crate) fn bitmask(bytes: &[u8], bits: BitRange) -> Option<String> {
    if bits.len == 0 || bits.is_byte_aligned() {
        return None;
    }
    let span = bits.byte_span();
    if span.len() > BITMASK_MAX_BYTES {
        return None;
    }
    let first = span.start as u64 * 8;
    let last = span.end as u64 * 8;
    let mut s = String::new();
    for bit in first..last {
        if bit > first && (bit - first) % 4 == 0 {
            s.push(' ');
        }
        if bit < bits.start || bit >= bits.end() {
            s.push('.');
        } else {
            s.push(match super::bit_at(bytes, bit) {
                Some(1) => '1',
                Some(_) => '0',
                None => '?',
            });
        }
    }
    Some(s)
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
