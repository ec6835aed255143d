//! The Markdown lab report: the recorded connections, then each event in order with its
//! time on the session's clock; a frame's line gives its summary and its bytes in hex (the
//! excerpt the lab kept).

use std::fmt::Write;
use std::sync::Arc;

use serde_json::Value;

use crate::labs::events::Logged;
use crate::labs::recording::Recording;

/// Bytes of hex written per frame at most.
const MAX_HEX_BYTES: usize = 256;

/// A table cell or a line: no pipes, no line breaks.
fn cell(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\r', '\n'], " ")
}

pub fn markdown(title: &str, id: &str, events: &[Arc<Logged>], recording: &Recording) -> String {
    let mut out = format!(
        "# {title}\n\nSession `{id}`, exported {} by wiretrail. {} events; times are since the \
         session began, and the bytes are the bytes on the wire.\n\n## Connections\n\n",
        super::iso8601(std::time::SystemTime::now()),
        events.len()
    );
    if recording.conns.is_empty() {
        out.push_str("None recorded.\n");
    } else {
        out.push_str("| # | client | server | client → server | server → client | closed |\n|---|---|---|---|---|---|\n");
        for c in &recording.conns {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} B | {} B | {} |",
                c.n,
                c.client,
                c.server,
                c.sent(true).len(),
                c.sent(false).len(),
                if c.closed.is_some() { "yes" } else { "no" }
            );
        }
    }
    if recording.capped {
        out.push_str(
            "\nThe recording stopped at its bound: the pcap export lacks the later bytes.\n",
        );
    }
    out.push_str("\n## Events\n\n");
    for logged in events {
        let Ok(ev) = serde_json::from_str::<Value>(logged.json().get()) else {
            continue;
        };
        let text = |k: &str| ev.get(k).and_then(Value::as_str).unwrap_or_default();
        let t = ev.get("t_ms").and_then(Value::as_f64).unwrap_or_default();
        let mut line = format!("- `#{}` +{t:.3} ms **{}**", logged.seq, text("kind"));
        if let Some(n) = ev.get("connection").and_then(Value::as_u64) {
            let _ = write!(line, " (connection {n})");
        }
        if !text("direction").is_empty() {
            let arrow = if text("direction") == "client" {
                "client → server"
            } else {
                "server → client"
            };
            let _ = write!(line, " {arrow}");
        }
        if !text("frame_type").is_empty() {
            let _ = write!(
                line,
                " {} on stream {}",
                text("frame_type"),
                ev["stream_id"]
            );
        }
        let d = ev.get("dissection");
        let summary = d.and_then(|d| d.get("summary")).and_then(Value::as_str);
        if let Some(summary) = summary {
            let _ = write!(line, ": {}", cell(summary));
        } else if !text("text").is_empty() {
            let _ = write!(line, ": {}", cell(text("text")));
        }
        if let Some(t) = ev.get("truncated").filter(|t| !t.is_null()) {
            let _ = write!(
                line,
                " (payload: first {} of {} bytes shown)",
                t["shown"], t["total"]
            );
        }
        out.push_str(&line);
        out.push('\n');
        if let Some(hex) = d.and_then(|d| d.get("bytes")).and_then(Value::as_str)
            && text("kind") == "frame"
        {
            let shown = &hex[..hex.len().min(2 * MAX_HEX_BYTES)];
            let spaced: Vec<&str> = (0..shown.len())
                .step_by(2)
                .filter_map(|i| shown.get(i..i + 2))
                .collect();
            let more = if shown.len() < hex.len() { " …" } else { "" };
            let _ = writeln!(out, "\n  ```text\n  {}{more}\n  ```", spaced.join(" "));
        }
    }
    out
}
