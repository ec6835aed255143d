//! The three views of a [`Dissection`](crate::Dissection): a Wireshark-style text tree, an
//! RFC-style bit diagram, and JSON for the browser.

use crate::Dissection;

/// The Wireshark-style text tree (placeholder: being written).
pub fn tree(d: &Dissection) -> String {
    format!("{}\n", d.summary)
}

/// The RFC-style bit diagram of the header (placeholder: being written).
pub fn diagram(_d: &Dissection) -> String {
    String::new()
}

/// The dissection as JSON.
pub fn json(d: &Dissection) -> serde_json::Value {
    serde_json::to_value(d).unwrap_or(serde_json::Value::Null)
}
