//! The JSON view: the [`Dissection`] exactly as serde sees it — every field with its bit
//! range, raw value (numbers as numbers, bytes as lowercase hex), decoded value, meaning,
//! children and problem, plus the input bytes and the problem list. Nothing is dropped, so the
//! browser can draw the same tree and diagram the terminal shows.

use crate::Dissection;

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
