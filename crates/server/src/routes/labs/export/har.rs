//! The WebSocket lab's session as an HTTP Archive (HAR 1.2, W3C Web Performance WG draft),
//! with the extension Chrome's DevTools writes for WebSockets: each socket is an entry whose
//! request is the opening handshake and whose response is the 101, and whose
//! `_webSocketMessages` list each data frame: `{"type": "send" | "receive", "time": seconds
//! since the epoch, "opcode": 1 | 2 | 0, "data": text, or base64 for binary}`.
//!
//! Read back from the recording, not the events: the events keep 4 KiB of a payload, the
//! recording every byte (up to its bound). Each direction is framed again with
//! [`websocket::observe::Observer`], the head first, then frames; a frame's time is that of
//! the read or write that completed it.

use base64::Engine;
use serde_json::{Value, json};
use websocket::mask::apply_mask;
use websocket::observe::{Observer, Start, Unit};
use websocket::opcode::Opcode;
use wire::Framer;

use crate::labs::recording::{RecConn, Recording};
use crate::labs::ws::LAB_MAX_MESSAGE;

/// The most messages an entry lists.
const MAX_MESSAGES: usize = 10_000;

pub fn har(recording: &Recording) -> Value {
    let entries: Vec<Value> = recording
        .conns
        .iter()
        .map(|c| entry(recording, c))
        .collect();
    json!({ "log": {
        "version": "1.2",
        "creator": { "name": "wiretrail", "version": env!("CARGO_PKG_VERSION") },
        "pages": [],
        "entries": entries,
    }})
}

/// An HTTP head's start line and header fields.
fn head_parts(head: &[u8]) -> (String, Vec<Value>) {
    let text = String::from_utf8_lossy(head);
    let mut lines = text.split("\r\n");
    let start = lines.next().unwrap_or_default().to_owned();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| json!({ "name": n.trim(), "value": v.trim() }))
        .collect();
    (start, headers)
}

fn entry(recording: &Recording, conn: &RecConn) -> Value {
    let mut client = Observer::new(Start::Request, LAB_MAX_MESSAGE);
    let mut server = Observer::new(Start::Response, LAB_MAX_MESSAGE);
    let (mut request, mut response) = (Vec::new(), Vec::new());
    let mut messages = Vec::new();
    for chunk in &conn.chunks {
        let observer = if chunk.from_client {
            &mut client
        } else {
            &mut server
        };
        for unit in observer.feed(&chunk.bytes) {
            match unit {
                Unit::Head(head) if chunk.from_client => request = head.bytes,
                Unit::Head(head) => response = head.bytes,
                Unit::Frame(frame) if messages.len() < MAX_MESSAGES => {
                    let h = &frame.header;
                    if h.opcode.is_control() {
                        continue;
                    }
                    let mut payload = frame.kept_payload().to_vec();
                    if let Some(key) = h.masking_key {
                        apply_mask(&mut payload, key);
                    }
                    let data = match h.opcode {
                        Opcode::Binary => {
                            base64::engine::general_purpose::STANDARD.encode(&payload)
                        }
                        _ => String::from_utf8_lossy(&payload).into_owned(),
                    };
                    messages.push(json!({
                        "type": if chunk.from_client { "send" } else { "receive" },
                        "time": recording.wall(chunk.at).as_secs_f64(),
                        "opcode": h.opcode.as_u8(),
                        "data": data,
                    }));
                }
                _ => {}
            }
        }
    }
    let (request_line, request_headers) = head_parts(&request);
    let (status_line, response_headers) = head_parts(&response);
    let path = request_line.split(' ').nth(1).unwrap_or("/");
    let mut status = status_line.splitn(3, ' ');
    let _version = status.next();
    let code: u16 = status.next().and_then(|s| s.parse().ok()).unwrap_or(0);
    let status_text = status.next().unwrap_or_default();
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    let open_ms = conn
        .chunks
        .iter()
        .find(|c| !c.from_client)
        .map_or(0.0, |c| ms(c.at) - ms(conn.opened));
    json!({
        "startedDateTime": super::iso8601_since_epoch(recording.wall(conn.opened)),
        "time": open_ms,
        "request": {
            "method": "GET",
            "url": format!("ws://{}{path}", conn.server),
            "httpVersion": "HTTP/1.1",
            "headers": request_headers,
            "queryString": [],
            "cookies": [],
            "headersSize": request.len(),
            "bodySize": 0,
        },
        "response": {
            "status": code,
            "statusText": status_text,
            "httpVersion": "HTTP/1.1",
            "headers": response_headers,
            "cookies": [],
            "content": { "size": 0, "mimeType": "x-unknown" },
            "redirectURL": "",
            "headersSize": response.len(),
            "bodySize": 0,
        },
        "cache": {},
        "timings": { "send": 0, "wait": open_ms, "receive": 0 },
        "serverIPAddress": conn.server.ip().to_string(),
        "connection": conn.client.port().to_string(),
        "_resourceType": "websocket",
        "_webSocketMessages": messages,
    })
}
