//! `POST /api/dissect/{ws|h2|hpack}`: hex in the body, the dissection as JSON out — the same
//! dissectors as `wiretrail dissect`, for the browser pages.

use axum::extract::{DefaultBodyLimit, Path};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::Value;

use crate::error::AppError;
use crate::state::AppState;

/// The most hex a client may post: 1 MiB of text, half a MiB of bytes.
pub const MAX_HEX_BODY: usize = 1024 * 1024;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/dissect/{protocol}", post(dissect))
        .layer(DefaultBodyLimit::max(MAX_HEX_BODY))
}

async fn dissect(Path(protocol): Path<String>, body: String) -> Result<Json<Value>, AppError> {
    let bytes = wire::parse_hex(&body).map_err(AppError::BadHex)?;
    let dissections = match protocol.as_str() {
        "ws" => websocket::dissect::frames(&bytes, None),
        "h2" => http2::dissect::Dissector::new().frames(&bytes),
        "hpack" => vec![http2::dissect::header_block(
            &bytes,
            &mut http2::hpack::Decoder::new(),
        )],
        other => return Err(AppError::NoDissector(other.to_owned())),
    };
    Ok(Json(Value::Array(
        dissections.iter().map(wire::render::json).collect(),
    )))
}
