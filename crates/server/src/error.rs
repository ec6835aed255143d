//! `AppError`: every way a request can fail, and the response each one becomes.
//!
//! Handlers return `Result<_, AppError>`; the client gets a status and a plain sentence,
//! never an internal detail. Each error is logged once, here.

use axum::Json;
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

#[derive(Debug)]
pub enum AppError {
    /// The client's hex could not be read.
    BadHex(wire::HexError),
    /// A WebSocket opening handshake broke a rule of RFC 6455 §4.2.1.
    Handshake(websocket::handshake::HandshakeError),
    /// A browser page of another origin asked for a WebSocket (RFC 6455 §10.2).
    ForeignOrigin(String),
    /// The connection cap is reached.
    TooManyConnections,
    /// No such thing here.
    NotFound(String),
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        match self {
            AppError::BadHex(e) => {
                tracing::debug!(error = %e, "bad hex from client");
                let body = json!({ "error": e.message, "at": e.at });
                (StatusCode::BAD_REQUEST, Json(body)).into_response()
            }
            AppError::Handshake(e) => {
                tracing::warn!(
                    status = e.status(),
                    rule = e.rule(),
                    "refused WebSocket handshake: {}",
                    e.message()
                );
                let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::BAD_REQUEST);
                let mut response = (
                    status,
                    format!(
                        "WebSocket handshake refused ({}): {}\n",
                        e.rule(),
                        e.message()
                    ),
                )
                    .into_response();
                for (name, value) in e.extra_headers() {
                    // `from_bytes` lowercases the RFC's spelling (`Sec-WebSocket-Version`).
                    if let (Ok(name), Ok(value)) = (
                        HeaderName::from_bytes(name.as_bytes()),
                        HeaderValue::from_str(&value),
                    ) {
                        response.headers_mut().insert(name, value);
                    }
                }
                response
            }
            AppError::ForeignOrigin(origin) => {
                tracing::warn!(%origin, "refused WebSocket from a page of another origin");
                (
                    StatusCode::FORBIDDEN,
                    "WebSocket refused: a page of another origin may not open a socket here \
                     (RFC 6455 §10.2). Start the server with --allow-origin to allow it.\n",
                )
                    .into_response()
            }
            AppError::TooManyConnections => {
                tracing::warn!("connection cap reached: 503");
                let mut r = (
                    StatusCode::SERVICE_UNAVAILABLE,
                    "Too many WebSocket connections are open; try again shortly.\n",
                )
                    .into_response();
                r.headers_mut()
                    .insert("retry-after", HeaderValue::from_static("5"));
                r
            }
            AppError::NotFound(what) => {
                (StatusCode::NOT_FOUND, format!("Not found: {what}\n")).into_response()
            }
        }
    }
}
