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
    /// The WebSocket connection cap is reached.
    TooManyConnections,
    /// The lab session cap is reached.
    TooManyLabs,
    /// A request the API cannot carry out as asked (JSON `{"error": …}`).
    BadRequest(String),
    /// The lab session has no open socket to act on.
    NotConnected,
    /// No such thing here.
    NotFound(String),
}

impl AppError {
    /// The HTTP status this error becomes.
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::BadHex(_) | AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Handshake(e) => {
                StatusCode::from_u16(e.status()).unwrap_or(StatusCode::BAD_REQUEST)
            }
            AppError::ForeignOrigin(_) => StatusCode::FORBIDDEN,
            AppError::TooManyConnections | AppError::TooManyLabs => StatusCode::SERVICE_UNAVAILABLE,
            AppError::NotConnected => StatusCode::CONFLICT,
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
        }
    }

    /// One sentence for the client.
    pub fn message(&self) -> String {
        match self {
            AppError::BadHex(e) => format!("cannot read the hex {e}"),
            AppError::Handshake(e) => {
                format!(
                    "WebSocket handshake refused ({}): {}",
                    e.rule(),
                    e.message()
                )
            }
            AppError::ForeignOrigin(origin) => format!(
                "WebSocket refused: a page of another origin ({origin}) may not open a socket \
                 here (RFC 6455 §10.2). Start the server with --allow-origin to allow it."
            ),
            AppError::TooManyConnections => {
                "Too many WebSocket connections are open; try again shortly.".to_owned()
            }
            AppError::TooManyLabs => {
                "Too many lab sessions are open; try again shortly.".to_owned()
            }
            AppError::BadRequest(why) => why.clone(),
            AppError::NotConnected => {
                "This lab session has no open WebSocket: connect first.".to_owned()
            }
            AppError::NotFound(what) => format!("Not found: {what}"),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status();
        let message = self.message();
        match &self {
            AppError::Handshake(e) => {
                tracing::warn!(
                    status = e.status(),
                    rule = e.rule(),
                    "refused WebSocket handshake: {}",
                    e.message()
                );
            }
            AppError::ForeignOrigin(origin) => {
                tracing::warn!(%origin, "refused WebSocket from a page of another origin");
            }
            AppError::TooManyConnections | AppError::TooManyLabs => {
                tracing::warn!("{message}");
            }
            _ => tracing::debug!(%status, "{message}"),
        }
        let mut response = match &self {
            // The API speaks JSON; the hex error says where the fault is.
            AppError::BadHex(e) => {
                (status, Json(json!({ "error": e.message, "at": e.at }))).into_response()
            }
            AppError::BadRequest(_) | AppError::NotConnected | AppError::TooManyLabs => {
                (status, Json(json!({ "error": message }))).into_response()
            }
            _ => (status, format!("{message}\n")).into_response(),
        };
        let headers = response.headers_mut();
        match &self {
            AppError::Handshake(e) => {
                for (name, value) in e.extra_headers() {
                    // `from_bytes` lowercases the RFC's spelling (`Sec-WebSocket-Version`).
                    if let (Ok(name), Ok(value)) = (
                        HeaderName::from_bytes(name.as_bytes()),
                        HeaderValue::from_str(&value),
                    ) {
                        headers.insert(name, value);
                    }
                }
            }
            AppError::TooManyConnections | AppError::TooManyLabs => {
                headers.insert("retry-after", HeaderValue::from_static("5"));
            }
            _ => {}
        }
        response
    }
}
