//! How the server wraps each event, technique by technique: the writing side of
//! [`super::measure::content`], which reads exactly this.
//!
//! ```text
//!   poll, long-poll, streaming   PAYLOAD \n
//!   sse                          retry: 200 \n   (once, first)
//!                                id: k \n data: PAYLOAD \n \n
//!   iframe                       <!doctype html>… (once, first)
//!                                <script nonce="N">parent.wtPush('PAYLOAD')</script> \n
//!                                </body></html> (once, last)
//! ```
//!
//! A payload is ASCII JSON without a quote mark of its own (`'`), a backslash or a `<`, so it
//! sits in a JavaScript string and in an HTML `<script>` as it is.

use super::measure::content::{IFRAME_CALL, IFRAME_CALL_END};

/// How long an `EventSource` waits before reconnecting (the `retry` field, HTML §9.2.6).
pub const SSE_RETRY_MS: u32 = 200;
/// What ends the forever frame's page.
pub const IFRAME_END: &[u8] = b"</body></html>\n";

/// An event of newline-delimited JSON.
pub fn line(payload: &[u8]) -> Vec<u8> {
    [payload, b"\n"].concat()
}

/// The first bytes of an event stream: the reconnection time.
pub fn sse_start() -> Vec<u8> {
    format!("retry: {SSE_RETRY_MS}\n").into_bytes()
}

/// Event `k` of an event stream: its id (sent back as `Last-Event-ID`) and its data.
pub fn sse_event(k: u32, payload: &[u8]) -> Vec<u8> {
    [format!("id: {k}\ndata: ").as_bytes(), payload, b"\n\n"].concat()
}

/// The forever frame's page, up to its first script.
pub fn iframe_start() -> Vec<u8> {
    b"<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>forever frame</title>\
      </head><body>\n"
        .to_vec()
}

/// One event of the forever frame: a script, allowed by this response's own nonce, that
/// hands the payload to the parent page.
pub fn iframe_script(nonce: &str, payload: &[u8]) -> Vec<u8> {
    [
        format!("<script nonce=\"{nonce}\">").as_bytes(),
        IFRAME_CALL,
        payload,
        IFRAME_CALL_END,
        b"</script>\n",
    ]
    .concat()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::labs::push::Technique;
    use crate::labs::push::feed::payload;
    use crate::labs::push::measure::content::{Content, Kind};

    /// What the meter's reader finds in what the server writes: the payloads, and how many
    /// bytes are payload.
    fn read_back(technique: Technique, bytes: &[u8]) -> (Vec<Vec<u8>>, usize) {
        let mut content = Content::new(technique);
        let mut events = Vec::new();
        let mut payload_bytes = 0;
        for (n, step) in content.steps(bytes) {
            if step.label.kind() == Kind::Payload {
                payload_bytes += n;
            }
            events.extend(step.event);
        }
        (events, payload_bytes)
    }

    #[test]
    fn what_the_server_writes_the_meter_reads() {
        let p: Vec<Vec<u8>> = (1..=3).map(|k| payload(k, 100, 40)).collect();
        let lines: Vec<u8> = p.iter().flat_map(|x| line(x)).collect();
        assert_eq!(read_back(Technique::Streaming, &lines), (p.clone(), 120));
        let mut sse = sse_start();
        for (k, x) in p.iter().enumerate() {
            sse.extend(sse_event(k as u32 + 1, x));
        }
        assert_eq!(read_back(Technique::Sse, &sse), (p.clone(), 120));
        let mut html = iframe_start();
        for x in &p {
            html.extend(iframe_script("abc123", x));
        }
        html.extend_from_slice(IFRAME_END);
        assert_eq!(read_back(Technique::Iframe, &html), (p.clone(), 120));
        // Nothing in a payload could end the string or the script early.
        assert!(
            p.iter()
                .flatten()
                .all(|b| b.is_ascii() && !b"'\\<".contains(b))
        );
    }
}
