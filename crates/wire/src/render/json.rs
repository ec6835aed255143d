//! The JSON view: the [`Dissection`] exactly as serde sees it — every field with its bit
//! range, raw value (numbers as numbers, bytes as lowercase hex), decoded value, meaning,
//! children and problem, plus the input bytes and the problem list. Nothing is dropped, so the
//! browser can draw the same tree and diagram the terminal shows.
//!
//! Two ways to the same bytes: [`json`] goes through serde (a [`serde_json::Value`] to embed
//! in a larger document), and [`write`] writes the text by hand for the labs' inspector
//! stream, where a long frame's excerpt is in the JSON four times (the input, the payload
//! field, its masked and unmasked views). Hex digits never need escaping, so [`write`] puts
//! them straight into the output, and a field whose bytes are the input's own at its range
//! copies the input's digits already written instead of encoding them again. A test here holds
//! the two to the same bytes for every shape of field, and the server's i18n tests do so over
//! one in sixteen dissections of its corpus (RFC examples, fuzz seeds, noise).

use serde::Serialize;

use crate::{Dissection, Field, Raw};

/// The dissection as JSON, with nothing left out.
///
/// Shape: `{"protocol", "summary", "bytes" (hex), "fields": [{"name", "bits": {"start",
/// "len"}, "raw": {"kind": "uint"|"bytes"|"none", "value"}, "value", "meaning",
/// "children"?, "problem"?}], "problems": [{"rule", "message", "at", "answer"?}],
/// "header_bits"}`. Empty `children` and absent `problem`/`answer` are omitted.
pub fn json(d: &Dissection) -> serde_json::Value {
    // Serializing these plain structs cannot fail (no maps with non-string keys, no
    // fallible `Serialize` impls); `Null` is only a never-taken fallback, not a panic.
    serde_json::to_value(d).unwrap_or(serde_json::Value::Null)
}

/// Appends the dissection's compact JSON to `out`: the same bytes as
/// `serde_json::to_vec(d)`, written faster (see the module docs).
pub fn write(d: &Dissection, out: &mut Vec<u8>) {
    out.extend_from_slice(b"{\"protocol\":");
    serde(out, &d.protocol);
    out.extend_from_slice(b",\"summary\":");
    serde(out, &d.summary);
    out.extend_from_slice(b",\"bytes\":\"");
    let input = Input {
        bytes: &d.bytes,
        hex_at: out.len(),
    };
    crate::hex_into(out, &d.bytes);
    out.extend_from_slice(b"\",\"fields\":");
    fields(out, &d.fields, &input);
    out.extend_from_slice(b",\"problems\":");
    serde(out, &d.problems);
    out.extend_from_slice(b",\"header_bits\":");
    serde(out, &d.header_bits);
    out.push(b'}');
}

/// The input and where its hex digits start in the output.
struct Input<'a> {
    bytes: &'a [u8],
    hex_at: usize,
}

fn fields(out: &mut Vec<u8>, fields: &[Field], input: &Input<'_>) {
    out.push(b'[');
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        field(out, f, input);
    }
    out.push(b']');
}

fn field(out: &mut Vec<u8>, f: &Field, input: &Input<'_>) {
    out.extend_from_slice(b"{\"name\":");
    serde(out, &f.name);
    out.extend_from_slice(b",\"bits\":");
    serde(out, &f.bits);
    out.extend_from_slice(b",\"raw\":");
    match &f.raw {
        Raw::Uint(n) => {
            out.extend_from_slice(b"{\"kind\":\"uint\",\"value\":");
            serde(out, n);
            out.push(b'}');
        }
        Raw::Bytes(bytes) => {
            out.extend_from_slice(b"{\"kind\":\"bytes\",\"value\":\"");
            let span = f.bits.byte_span();
            let own = f.bits.is_byte_aligned() && input.bytes.get(span.clone()) == Some(bytes);
            if own {
                // The input's digits for these bytes, already in `out`.
                let from = input.hex_at + 2 * span.start;
                out.extend_from_within(from..from + 2 * bytes.len());
            } else {
                crate::hex_into(out, bytes);
            }
            out.extend_from_slice(b"\"}");
        }
        Raw::None => out.extend_from_slice(b"{\"kind\":\"none\"}"),
    }
    out.extend_from_slice(b",\"value\":");
    serde(out, &f.value);
    out.extend_from_slice(b",\"meaning\":");
    serde(out, &f.meaning);
    if !f.children.is_empty() {
        out.extend_from_slice(b",\"children\":");
        fields(out, &f.children, input);
    }
    if let Some(problem) = &f.problem {
        out.extend_from_slice(b",\"problem\":");
        serde(out, problem);
    }
    out.push(b'}');
}

/// A small value as serde writes it (strings escaped as serde escapes them).
fn serde<T: Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) {
    // Writing these plain values into a Vec cannot fail.
    let _ = serde_json::to_writer(&mut *out, value);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{BitRange, Problem};

    fn same(d: &Dissection) {
        let mut fast = Vec::new();
        write(d, &mut fast);
        let slow = serde_json::to_vec(d).unwrap();
        assert_eq!(
            String::from_utf8_lossy(&fast),
            String::from_utf8_lossy(&slow)
        );
    }

    #[test]
    fn write_is_serdes_json_byte_for_byte() {
        let mut d = Dissection::new(
            "Test",
            "a \"quoted\"\nsummary\u{1}é",
            vec![0x81, 0x05, 0xff],
        );
        d.header_bits = 16;
        let problem = Problem {
            rule: "RFC 0 §1".into(),
            message: "bad \\ byte".into(),
            at: BitRange::bits(3, 5),
            answer: Some("close 1002".into()),
        };
        let mut payload = Field::new(
            "Payload",
            BitRange::bytes(1, 2),
            Raw::Bytes(vec![0x05, 0xff]),
            "2 bytes",
            "",
        );
        payload.children = vec![
            // The input's own bytes (copied from its digits), other bytes (encoded), bytes
            // at an unaligned range, and a range past the input.
            Field::new(
                "Same",
                BitRange::bytes(1, 2),
                Raw::Bytes(vec![5, 0xff]),
                "",
                "",
            ),
            Field::new(
                "Other",
                BitRange::bytes(1, 2),
                Raw::Bytes(vec![0xab, 1]),
                "",
                "",
            ),
            Field::new("Odd", BitRange::bits(9, 8), Raw::Bytes(vec![0x0b]), "", ""),
            Field::new(
                "Past",
                BitRange::bytes(2, 4),
                Raw::Bytes(vec![0xff; 4]),
                "",
                "",
            ),
            Field::new("Empty", BitRange::bytes(3, 0), Raw::Bytes(vec![]), "", ""),
        ];
        let mut flag = Field::new("F", BitRange::bits(0, 1), Raw::Uint(1), "1", "m\t");
        flag.problem = Some(problem.clone());
        d.fields = vec![
            flag,
            payload,
            Field::new("N", BitRange::bits(24, 0), Raw::None, "", ""),
        ];
        d.problems = vec![problem];
        same(&d);
        same(&Dissection::new("Empty", "", vec![]));
    }
}
