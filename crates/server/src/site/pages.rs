//! The server's own pages: the page about this server and the two labs' pages. Their
//! content depends only on the settings, so each is rendered once, when the app is built.

use askama::Template;

use super::{Cached, HTML, render};
use crate::config::Settings;

#[derive(Template)]
#[template(path = "home.html")]
struct Home {
    addr: String,
    max_message: usize,
    handshake_secs: u64,
}

/// The live WebSocket lab (`templates/lab_websocket.html`, `static/lab/`): the page explains
/// the lab without JavaScript; its scripts open the lab session, the event stream and the
/// learner's socket.
#[derive(Template)]
#[template(path = "lab_websocket.html")]
struct LabWebSocket {
    addr: String,
    max_message: usize,
    handshake_secs: u64,
}

/// The HTTP/2 lab (`templates/lab_http2.html`, `static/lab/h2.js`): the server's own h2c
/// conversation and the captured sessions of other clients, frame by frame.
#[derive(Template)]
#[template(path = "lab_http2.html")]
struct LabHttp2 {
    addr: String,
    max_captures: usize,
    capture_kib: usize,
}

/// The pages, rendered.
#[derive(Debug)]
pub struct Pages {
    /// `/server.html`.
    pub home: Cached,
    /// `/labs/websocket`.
    pub lab_websocket: Cached,
    /// `/labs/http2`.
    pub lab_http2: Cached,
}

impl Pages {
    pub fn new(s: &Settings) -> Pages {
        let home = Home {
            addr: s.addr.to_string(),
            max_message: s.max_message,
            handshake_secs: s.handshake_timeout.as_secs(),
        };
        let lab_websocket = LabWebSocket {
            addr: s.addr.to_string(),
            max_message: s.max_message,
            handshake_secs: s.handshake_timeout.as_secs(),
        };
        let lab_http2 = LabHttp2 {
            addr: s.addr.to_string(),
            max_captures: crate::labs::h2::captures::MAX_CAPTURES,
            capture_kib: crate::labs::h2::session::MAX_CAPTURE_BYTES / 1024,
        };
        Pages {
            home: Cached::new(HTML, render(&home)),
            lab_websocket: Cached::new(HTML, render(&lab_websocket)),
            lab_http2: Cached::new(HTML, render(&lab_http2)),
        }
    }
}
