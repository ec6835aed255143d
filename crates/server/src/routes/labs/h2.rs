//! The HTTP/2 lab's endpoints:
//!
//! - `POST /api/lab/h2/sessions`: a fresh session (201 with its id);
//! - `GET /lab/h2/events/{id}`: its inspector stream (Server-Sent Events, replayed from the
//!   history on reconnect, by `Last-Event-ID`), as in the WebSocket lab;
//! - `POST /api/lab/h2/{id}/request` with `{"paths": […], "concurrent": bool}`: GETs made by
//!   the server's own HTTP/2 client on the session's connection;
//! - `POST /api/lab/h2/{id}/ping`, `…/abort`: a hand-written PING, or a request cancelled
//!   with RST_STREAM, on a short raw connection; `POST /api/lab/h2/{id}/close`: the lab's
//!   connection closed (GOAWAY);
//! - `GET /api/lab/h2/captures`: the recent h2c sessions of other clients (curl), newest
//!   first; `GET /api/lab/h2/captures/{n}`: one capture's events;
//! - `GET /api/lab/h2/big/{n}`: `n` KiB of text written in 4 KiB pieces with a short pause
//!   between them, what "three requests at once" asks for: while three such bodies are being
//!   written, the server's HTTP/2 connection sends each piece as it comes, so DATA frames of
//!   the three streams alternate on the one connection (RFC 9113 §5: "streams … can be
//!   interleaved"), which small files answered in one frame each never show.

use std::sync::Arc;
use std::time::Duration;

use axum::Json;
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Extension, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};
use serde_json::json;
use serde_json::value::RawValue;

use super::{Lab, mount};
use crate::classroom::guard::Student;
use crate::error::AppError;
use crate::labs::h2::client::{self, MAX_PATHS, Raw};
use crate::labs::h2::session::{H2Session, Summary};
use crate::labs::registry::Registry;
use crate::labs::session::Session;
use crate::state::AppState;

/// The most bytes of a request call's JSON body.
const MAX_BODY: usize = 16 * 1024;
/// The longest path the lab requests.
const MAX_PATH_LEN: usize = 256;

impl Lab for H2Session {
    const NAME: &'static str = "h2";
    fn registry(state: &AppState) -> &Registry<Self> {
        &state.h2.sessions
    }
}

pub fn router() -> Router<AppState> {
    let api = Router::new()
        .route("/sessions", post(create_session))
        .route("/{id}/request", post(request))
        .route("/{id}/ping", post(ping))
        .route("/{id}/abort", post(abort))
        .route("/{id}/close", post(close))
        .route("/{id}/export", get(super::export::export::<H2Session>))
        .route("/captures", get(captures))
        .route("/captures/{n}", get(capture))
        .route("/big/{n}", get(big));
    mount::<H2Session>(api).layer(axum::extract::DefaultBodyLimit::max(MAX_BODY))
}

fn session(state: &AppState, id: &str) -> Result<Arc<H2Session>, AppError> {
    super::session::<H2Session>(state, id)
}

async fn create_session(State(state): State<AppState>) -> Result<Response, AppError> {
    let (id, _) = state
        .h2
        .sessions
        .create(H2Session::new(None))
        .ok_or(AppError::TooManyLabs)?;
    let body = json!({ "id": id, "max_paths": MAX_PATHS });
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RequestBody {
    paths: Vec<String>,
    #[serde(default)]
    concurrent: bool,
}

async fn request(
    State(state): State<AppState>,
    Path(id): Path<String>,
    body: String,
) -> Result<Response, AppError> {
    let session = session(&state, &id)?;
    let body: RequestBody = serde_json::from_str(&body)
        .map_err(|e| AppError::BadRequest(format!("bad request body: {e}")))?;
    if body.paths.is_empty() || body.paths.len() > MAX_PATHS {
        return Err(AppError::BadRequest(format!(
            "name between 1 and {MAX_PATHS} paths"
        )));
    }
    if body.paths.iter().any(|p| {
        !p.starts_with('/') || p.len() > MAX_PATH_LEN || p.parse::<axum::http::Uri>().is_err()
    }) {
        return Err(AppError::BadRequest(
            "each path starts with / and is at most 256 bytes".into(),
        ));
    }
    client::request(
        &state.h2,
        &session,
        state.settings.addr,
        &body.paths,
        body.concurrent,
    )
    .await
    .map_err(AppError::H2Client)?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

async fn ping(State(state): State<AppState>, Path(id): Path<String>) -> Result<Response, AppError> {
    raw(state, id, Raw::Ping).await
}

async fn abort(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    raw(state, id, Raw::Abort).await
}

async fn raw(state: AppState, id: String, what: Raw) -> Result<Response, AppError> {
    let session = session(&state, &id)?;
    client::raw(&state.h2, &session, state.settings.addr, what)
        .await
        .map_err(AppError::H2Client)?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

async fn close(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let session = session(&state, &id)?;
    client::close(&session).await.map_err(AppError::H2Client)?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// The largest body `GET /api/lab/h2/big/{n}` writes, in KiB.
pub const BIG_MAX_KIB: usize = 256;
/// The size of each piece of that body: a quarter of the lab client's 16 KiB stream window.
const BIG_PIECE: usize = 4 * 1024;
/// The pause before each piece after the first: long enough that the other streams' pieces
/// get written in between, short enough that 256 KiB take under a second.
const BIG_PAUSE: Duration = Duration::from_millis(2);

/// `GET /api/lab/h2/big/{n}`: `n` KiB (1 to [`BIG_MAX_KIB`]) of plain text, one
/// [`BIG_PIECE`] at a time.
async fn big(Path(n): Path<String>) -> Result<Response, AppError> {
    let kib: usize = n
        .parse()
        .ok()
        .filter(|k| (1..=BIG_MAX_KIB).contains(k))
        .ok_or_else(|| {
            AppError::BadRequest(format!(
                "the size is a number of KiB from 1 to {BIG_MAX_KIB}"
            ))
        })?;
    let pieces = (kib * 1024).div_ceil(BIG_PIECE);
    let total = kib * 1024;
    let body = futures_util::stream::unfold(0usize, move |i| async move {
        if i >= pieces {
            return None;
        }
        if i > 0 {
            tokio::time::sleep(BIG_PAUSE).await;
        }
        let len = BIG_PIECE.min(total - i * BIG_PIECE);
        Some((
            Ok::<_, std::convert::Infallible>(big_piece(i + 1, pieces, len)),
            i + 1,
        ))
    });
    Ok((
        [
            (
                axum::http::header::CONTENT_TYPE,
                "text/plain; charset=utf-8".to_owned(),
            ),
            (axum::http::header::CACHE_CONTROL, "no-store".to_owned()),
            (axum::http::header::CONTENT_LENGTH, total.to_string()),
        ],
        Body::from_stream(body),
    )
        .into_response())
}

/// Piece `i` of `of`: a line saying which, then dots, `len` bytes in all, ending in a newline.
fn big_piece(i: usize, of: usize, len: usize) -> Bytes {
    let mut text = format!("piece {i} of {of}, written on its own by the server\n").into_bytes();
    text.truncate(len);
    text.resize(len, b'.');
    if let Some(last) = text.last_mut() {
        *last = b'\n';
    }
    Bytes::from(text)
}

/// A capture as the list shows it: its number and summary.
#[derive(Debug, Serialize)]
struct Listed {
    n: u64,
    #[serde(flatten)]
    summary: Summary,
}

/// One capture: its summary and every event kept, as the inspector stream sent them.
#[derive(Debug, Serialize)]
struct Detail<'a> {
    #[serde(flatten)]
    listed: Listed,
    events: Vec<&'a RawValue>,
}

/// In classroom mode a student's request carries [`Student`]: then only the captures made
/// from that student's address are listed or found.
async fn captures(
    State(state): State<AppState>,
    student: Option<Extension<Student>>,
) -> Json<serde_json::Value> {
    let list: Vec<Listed> = state
        .h2
        .captures
        .list_for(student.map(|s| s.0.0))
        .into_iter()
        .map(|(n, s)| Listed {
            n,
            summary: s.summary(),
        })
        .collect();
    Json(json!({ "captures": list }))
}

async fn capture(
    State(state): State<AppState>,
    student: Option<Extension<Student>>,
    Path(n): Path<String>,
) -> Result<Response, AppError> {
    let viewer = student.map(|s| s.0.0);
    let (n, session) = n
        .parse()
        .ok()
        .and_then(|n| Some((n, state.h2.captures.get_for(n, viewer)?)))
        .ok_or(AppError::NoCapture)?;
    let events = session.shared().events();
    let events: Vec<_> = events.iter().map(|e| e.json()).collect();
    let detail = Detail {
        listed: Listed {
            n,
            summary: session.summary(),
        },
        events: events.iter().map(|e| &**e).collect(),
    };
    Ok(Json(detail).into_response())
}
