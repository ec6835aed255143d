//! `AppError`: every way a request can fail, and the response each one becomes.
//!
//! Every handler returns `Result<_, AppError>`; the client gets a status and one sentence,
//! never an internal detail. Each error is logged once, here. Two shapes, by who reads them:
//!
//! - the JSON APIs (and the labs' streams) answer `{"error": sentence}` — the dissect API's
//!   bad hex adds `"at"`, the character where reading stopped — which every page reads the
//!   same way;
//! - the WebSocket opening handshake's refusals and a missing page answer plain text, with
//!   the headers the RFC asks for (`Sec-WebSocket-Version` on 426, `Retry-After` on 503).

use axum::Json;
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::labs::h2::client::ClientError;
use crate::labs::ws::raw::RawError;

/// What the pages say when the app knows no workbook.
pub const NO_WORKBOOK: &str = "No workbook here: run `wiretrail exercises init my-labs` and start the app in it (`cd my-labs && wiretrail`), or pass `--workbook my-labs`.";

#[derive(Debug)]
pub enum AppError {
    /// The client's hex could not be read.
    BadHex(wire::HexError),
    /// A WebSocket opening handshake broke a rule of RFC 6455 §4.2.1.
    Handshake(websocket::handshake::HandshakeError),
    /// A browser page of another origin asked for a WebSocket (RFC 6455 §10.2).
    ForeignOrigin(String),
    /// A browser page of another origin posted to an API that changes something (`what`).
    ForeignPage { what: &'static str },
    /// On a LAN, a request with no Origin at all to an API that changes something (`what`):
    /// only the app's own pages may use it there.
    NoOriginOnLan { what: &'static str },
    /// The WebSocket connection cap is reached.
    TooManyConnections,
    /// The lab session cap is reached.
    TooManyLabs,
    /// A request the API cannot carry out as asked; the sentence says why.
    BadRequest(String),
    /// The lab session has no open socket to act on.
    NotConnected,
    /// The HTTP/2 lab's own client could not do what was asked.
    H2Client(ClientError),
    /// The WebSocket lab's raw send could not be made.
    RawSend(RawError),
    /// No lab session has this id (never made, or ended).
    NoLabSession,
    /// No capture with this number is kept.
    NoCapture,
    /// The dissect API has no dissector by this name.
    NoDissector(String),
    /// No exercise has this id.
    NoExercise,
    /// The app knows no workbook (none given), or the one given is not one.
    NoWorkbook(Option<std::path::PathBuf>),
    /// One check at a time: another is running.
    GraderBusy,
    /// The workbook could not be graded or read; the `exercises` crate's sentence, cut to fit.
    Workbook(String),
    /// The tap kept no head for this request (HTTP/2, or after a chunked body).
    NoRequestHead,
    /// No page or file at this path.
    NotFound(String),
    /// The server could not do what it should have been able to (the push lab's own client
    /// failed); the sentence says what.
    Internal(String),
    /// A POST to `/api/...` without `X-Wiretrail: 1` or a JSON content type: what a page of
    /// another site can send without asking (a "simple" request), so it is refused.
    NotFromAPage,
    /// A request body past the API's cap (the cap in bytes).
    BodyTooLarge(usize),
    /// This lab session has as many inspector streams open as it may (the cap).
    TooManyStreams(usize),
    /// All labs together have as many inspector streams open as they may.
    StreamsFull,
}

/// The body of every JSON error.
#[derive(Debug, Serialize)]
struct ErrorBody<'a> {
    error: &'a str,
    /// Where the hex stopped being readable (bad hex only).
    #[serde(skip_serializing_if = "Option::is_none")]
    at: Option<usize>,
}

impl AppError {
    /// The HTTP status this error becomes.
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::BadHex(_) | AppError::BadRequest(_) | AppError::H2Client(_) => {
                StatusCode::BAD_REQUEST
            }
            AppError::Handshake(e) => {
                StatusCode::from_u16(e.status()).unwrap_or(StatusCode::BAD_REQUEST)
            }
            AppError::ForeignOrigin(_)
            | AppError::ForeignPage { .. }
            | AppError::NoOriginOnLan { .. } => StatusCode::FORBIDDEN,
            AppError::TooManyConnections | AppError::TooManyLabs => StatusCode::SERVICE_UNAVAILABLE,
            AppError::RawSend(e) => match e {
                RawError::Empty => StatusCode::BAD_REQUEST,
                RawError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
                RawError::Busy => StatusCode::CONFLICT,
                RawError::Connect(_) | RawError::Refused(_) => StatusCode::INTERNAL_SERVER_ERROR,
            },
            AppError::NotConnected
            | AppError::NoWorkbook(_)
            | AppError::GraderBusy
            | AppError::NoRequestHead => StatusCode::CONFLICT,
            AppError::NoLabSession
            | AppError::NoCapture
            | AppError::NoDissector(_)
            | AppError::NoExercise
            | AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::Workbook(_) | AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            AppError::NotFromAPage => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::BodyTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::TooManyStreams(_) => StatusCode::TOO_MANY_REQUESTS,
            AppError::StreamsFull => StatusCode::SERVICE_UNAVAILABLE,
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
            AppError::ForeignPage { what } => {
                format!("A page of another origin may not use {what}.")
            }
            AppError::NoOriginOnLan { what } => format!(
                "On a LAN, {what}'s actions need the page's Origin: use the buttons on the \
                 chapter page."
            ),
            AppError::TooManyConnections => {
                "Too many WebSocket connections are open; try again shortly.".to_owned()
            }
            AppError::TooManyLabs => {
                "Too many lab sessions are open; try again shortly.".to_owned()
            }
            AppError::BadRequest(why) | AppError::Workbook(why) | AppError::Internal(why) => {
                why.clone()
            }
            AppError::NotConnected => {
                "This lab session has no open WebSocket: connect first.".to_owned()
            }
            AppError::H2Client(e) => e.to_string(),
            AppError::RawSend(e) => e.to_string(),
            AppError::NoLabSession => {
                "No lab session has this id: it has ended, or never began. Reload the lab page \
                 for a new one."
                    .to_owned()
            }
            AppError::NoCapture => {
                "No capture has this number: only the most recent are kept.".to_owned()
            }
            AppError::NoDissector(name) => {
                format!("There is no dissector for {name:?}: use ws, h2 or hpack.")
            }
            AppError::NoExercise => {
                "There is no such exercise: `wiretrail exercises list` shows them.".to_owned()
            }
            AppError::NoWorkbook(None) => NO_WORKBOOK.to_owned(),
            AppError::NoWorkbook(Some(dir)) => format!(
                "{} is not a workbook (no .wiretrail/ inside). {NO_WORKBOOK}",
                dir.display()
            ),
            AppError::GraderBusy => {
                "A check is already running; its result comes first. Try again when it is done."
                    .to_owned()
            }
            AppError::NoRequestHead => {
                "The server has no copy of this request's bytes: the connection tap keeps the \
                 head of HTTP/1.1 requests only (not HTTP/2, and not after a chunked body). \
                 Reload over HTTP/1.1 to see it."
                    .to_owned()
            }
            AppError::NotFound(what) => format!("Not found: {what}"),
            AppError::NotFromAPage => "A POST to /api/ needs the header `X-Wiretrail: 1` (or \
                 `Content-Type: application/json`): a page of another site cannot send either \
                 without the server's consent, so this keeps other sites out. With curl: \
                 curl -H 'X-Wiretrail: 1' --data-binary ..."
                .to_owned(),
            AppError::BodyTooLarge(max) => {
                format!("The request body is larger than this API takes ({max} bytes).")
            }
            AppError::TooManyStreams(max) => format!(
                "This lab session already has {max} inspector streams open; close a tab that \
                 shows it, or start a new session."
            ),
            AppError::StreamsFull => {
                "Too many inspector streams are open on this server; try again shortly.".to_owned()
            }
        }
    }

    /// Plain text for a WebSocket client or a browser tab; JSON for the APIs.
    fn is_text(&self) -> bool {
        matches!(
            self,
            AppError::Handshake(_)
                | AppError::ForeignOrigin(_)
                | AppError::TooManyConnections
                | AppError::NotFound(_)
        )
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
            AppError::TooManyConnections
            | AppError::TooManyLabs
            | AppError::Workbook(_)
            | AppError::Internal(_) => {
                tracing::warn!("{message}");
            }
            _ => tracing::debug!(%status, "{message}"),
        }
        let mut response = if self.is_text() {
            (status, format!("{message}\n")).into_response()
        } else {
            let at = match &self {
                AppError::BadHex(e) => Some(e.at),
                _ => None,
            };
            let body = ErrorBody {
                error: &message,
                at,
            };
            (status, Json(body)).into_response()
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
            AppError::TooManyConnections
            | AppError::TooManyLabs
            | AppError::TooManyStreams(_)
            | AppError::StreamsFull => {
                headers.insert("retry-after", HeaderValue::from_static("5"));
            }
            _ => {}
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn body(e: AppError) -> (StatusCode, String) {
        let response = e.into_response();
        let status = response.status();
        let bytes = axum::body::to_bytes(response.into_body(), 1 << 16)
            .await
            .unwrap();
        (status, String::from_utf8(bytes.to_vec()).unwrap())
    }

    #[tokio::test]
    async fn api_errors_are_json_of_one_shape() {
        let hex = wire::parse_hex("zz").unwrap_err();
        let (status, text) = body(AppError::BadHex(hex)).await;
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(status, 400);
        assert!(v["error"].is_string() && v["at"] == 0, "{v}");
        for e in [
            AppError::NoLabSession,
            AppError::NoExercise,
            AppError::GraderBusy,
            AppError::NoWorkbook(None),
            AppError::ForeignPage {
                what: "the workbook",
            },
            AppError::H2Client(ClientError::NotOpen),
        ] {
            let (_, text) = body(e).await;
            let v: serde_json::Value = serde_json::from_str(&text).unwrap();
            assert!(v["error"].is_string() && v.get("at").is_none(), "{v}");
        }
        let (status, text) = body(AppError::NotFound("x.html".into())).await;
        assert_eq!(
            (status.as_u16(), text.as_str()),
            (404, "Not found: x.html\n")
        );
    }
}
