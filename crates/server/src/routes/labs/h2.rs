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
//!   first; `GET /api/lab/h2/captures/{n}`: one capture's events.

use std::sync::Arc;

use axum::Json;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};
use serde_json::json;
use serde_json::value::RawValue;

use super::{Lab, mount};
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
        .route("/captures/{n}", get(capture));
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

async fn captures(State(state): State<AppState>) -> Json<serde_json::Value> {
    let list: Vec<Listed> = state
        .h2
        .captures
        .list()
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
    Path(n): Path<String>,
) -> Result<Response, AppError> {
    let (n, session) = n
        .parse()
        .ok()
        .and_then(|n| Some((n, state.h2.captures.get(n)?)))
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
