//! The book's live cells: small, stateless APIs, each computed by the same code the rest of
//! the app uses, so a learner changes an input and sees the real result.
//!
//! - `POST /api/cells/ipv4`: header fields → `{bytes, checksum, dissection}` (`sim::ipv4`).
//! - `POST /api/cells/tcp-handshake`: ports, ISNs, data → the steps (`sim::handshake`).
//! - `GET /api/cells/ncp-icp`: socket and link numbers → the steps of RFC 165's ICP and the
//!   rules the numbers break (`sim::ncp`).
//! - `GET /api/my-request`: the exact head of *this* request, from the connection tap →
//!   `{bytes_hex, dissection}` (`http1::dissect::request`, the lenient dissector beside the
//!   parser the tap read the head with); 409 when the tap has none (HTTP/2, a chunked body
//!   before it).
//! - `POST /api/accept-key`: a key as the text body → the derivation, step by step.
//! - `POST /api/cells/hpack-encode`: up to 10 header lists encoded one after another with one
//!   HPACK encoder, each block decoded and dissected with one decoder, so the dynamic table at
//!   work shows. Stateless: the client sends the earlier lists again.
//! - `POST /api/cells/hpack-decode`: up to 10 hex blocks decoded with one decoder.
//! - `POST /api/cells/qpack`: one header list encoded as the first request of a connection
//!   twice — HPACK (RFC 7541) and QPACK with its static table (RFC 9204) — each dissected.
//!
//! Every input is bounded (body size, list lengths, string lengths); bad input is a 400 with
//! a JSON `{"error": …}` naming the field.
//!
//! The `sim` crate's packet cells are in [`packets`], the HPACK cells in [`hpack`]; the two
//! that read this request or this key are here.

pub mod hpack;
pub mod packets;

use std::net::Ipv4Addr;

use axum::extract::rejection::{JsonRejection, StringRejection};
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{Value, json};
use wire::{Dissection, render, to_hex};

use crate::error::AppError;
use crate::net::tap::TapHandle;
use crate::state::AppState;

/// The largest body a cell may post.
pub const MAX_CELL_BODY: usize = 64 * 1024;
/// The most header lists `hpack-encode` replays, and blocks `hpack-decode` decodes.
pub const MAX_HPACK_LISTS: usize = 10;
/// The most fields in one header list.
pub const MAX_HPACK_FIELDS: usize = 64;
/// The longest header name, and value, in bytes.
pub const MAX_HPACK_NAME: usize = 256;
pub const MAX_HPACK_VALUE: usize = 4096;
/// The longest data each side of the simulated TCP connection may send.
pub const MAX_TCP_DATA: usize = 1460;
/// The longest Sec-WebSocket-Key the accept-key cell takes.
pub const MAX_KEY_LEN: usize = 256;

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(packets::router())
        .merge(hpack::router())
        .route("/api/my-request", get(my_request))
        .route("/api/accept-key", post(accept_key))
        .layer(DefaultBodyLimit::max(MAX_CELL_BODY))
}

fn bad(message: impl Into<String>) -> AppError {
    AppError::BadRequest(message.into())
}

/// The JSON body, or a 400 that says what was wrong with it.
fn body<T>(r: Result<Json<T>, JsonRejection>) -> Result<T, AppError> {
    r.map(|Json(v)| v).map_err(|e| {
        if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
            AppError::BodyTooLarge(MAX_CELL_BODY)
        } else {
            bad(format!("cannot read the JSON body: {}", e.body_text()))
        }
    })
}

fn dissection(d: &Dissection) -> Value {
    render::json(d)
}

fn address(field: &str, text: &str) -> Result<[u8; 4], AppError> {
    text.trim()
        .parse::<Ipv4Addr>()
        .map(|a| a.octets())
        .map_err(|_| {
            bad(format!(
                "{field}: {text:?} is not an IPv4 address like 192.0.2.1"
            ))
        })
}

fn at_most(field: &str, value: u64, max: u64) -> Result<(), AppError> {
    if value > max {
        return Err(bad(format!(
            "{field} is {value}; it has room for at most {max}"
        )));
    }
    Ok(())
}

// ---- the learner's own request ----

async fn my_request(req: Request) -> Response {
    let head = req
        .extensions()
        .get::<TapHandle>()
        .map(TapHandle::head)
        .unwrap_or_default();
    let mut response = if head.is_empty() {
        AppError::NoRequestHead.into_response()
    } else {
        Json(json!({
            "bytes_hex": to_hex(&head),
            "length": head.len(),
            "dissection": dissection(&http1::dissect::request(&head)),
        }))
        .into_response()
    };
    // Each request is different: never from a cache.
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

// ---- the accept key ----

async fn accept_key(key: Result<String, StringRejection>) -> Result<Json<Value>, AppError> {
    let key = key.map_err(|e| bad(format!("cannot read the key: {}", e.body_text())))?;
    // A server reads the header value without its surrounding whitespace.
    let key = key.trim_matches([' ', '\t', '\r', '\n']);
    if key.len() > MAX_KEY_LEN {
        return Err(bad(format!(
            "the key is {} bytes; this cell takes at most {MAX_KEY_LEN} (a real one is 24)",
            key.len()
        )));
    }
    let steps = websocket::handshake::accept_steps(key);
    Ok(Json(json!({
        "key": key,
        "accept": steps.accept,
        "dissection": dissection(&websocket::dissect::accept_key_steps(key)),
    })))
}
