//! `POST /api/dissect/{ws|h2|hpack}`: hex in the body, the dissection as JSON out — the same
//! dissectors as `wiretrail dissect`, for the browser pages.
//!
//! Within [`wire::Budget::api`]: 1 MiB of hex is half a MiB of bytes, which as 2-byte
//! frames would be 262,144 dissections (hundreds of MiB of JSON); past the budget the
//! answer ends with one dissection saying where it stopped, so a response is at most a few
//! MiB whatever the body.

use axum::extract::{DefaultBodyLimit, Path};
use axum::routing::post;
use axum::{Json, Router};
use wire::{Budget, Dissection};

use crate::error::AppError;
use crate::state::AppState;

/// The most hex a client may post: 1 MiB of text, half a MiB of bytes.
pub const MAX_HEX_BODY: usize = 1024 * 1024;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/dissect/{protocol}", post(dissect))
        .layer(DefaultBodyLimit::max(MAX_HEX_BODY))
}

async fn dissect(
    Path(protocol): Path<String>,
    body: String,
) -> Result<Json<Vec<Dissection>>, AppError> {
    let bytes = wire::parse_hex(&body).map_err(AppError::BadHex)?;
    let budget = &mut Budget::api();
    let dissections = match protocol.as_str() {
        "ws" => websocket::dissect::frames_within(&bytes, None, budget),
        "h2" => http2::dissect::Dissector::new().frames_within(&bytes, budget),
        "hpack" => vec![http2::dissect::header_block_within(
            &bytes,
            &mut http2::hpack::Decoder::new(),
            budget,
        )],
        other => return Err(AppError::NoDissector(other.to_owned())),
    };
    // Serialized straight from the dissections (as `wire::render::json` shows them), with
    // no `serde_json::Value` tree in between.
    Ok(Json(dissections))
}
