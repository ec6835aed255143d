//! The push lab's endpoints:
//!
//! ```text
//!   GET  /labs/push                          the page
//!   POST /api/lab/push/sessions              a session (201, its id and the bounds)
//!   GET  /api/lab/push/{id}/clock            the session's clock, for the page's offset
//!   POST /api/lab/push/{id}/runs             a run: {techniques, events, interval_ms,
//!                                            payload_bytes, poll_ms, delay_ms} → {run}
//!   GET  /api/lab/push/{id}/runs/{run}       what the tap measured (waits until settled)
//!   GET  /api/lab/push/{id}/poll?run=R&after=K        200 with the new events, or 204
//!   GET  /api/lab/push/{id}/long-poll?run=R&after=K   held until there is one
//!   GET  /api/lab/push/{id}/streaming?run=R           one chunked body
//!   GET  /api/lab/push/{id}/iframe?run=R              the forever frame
//!   GET  /api/lab/push/{id}/sse?run=R                 text/event-stream
//!   GET  /ws/push?session={id}&run=R                  a WebSocket, a frame per event
//!   POST /api/push/run                       a headless run, {technique, …} → the summary
//! ```
//!
//! Each technique's handler claims its connection for the lab's tap ([`PushSink`]) before
//! it answers, and waits the run's `delay_ms` before each write: before the response of a
//! poll, before the head of a stream and after each event's publication for each event.
//! The forever frame's one response carries its own Content-Security-Policy, which allows
//! its scripts by a nonce made for that response (and lets the lab page frame it); no other
//! page's policy is loosened.
//!
//! Here are the session and run endpoints; the six techniques' answers are in
//! `push/techniques.rs`.

use std::convert::Infallible;
use std::ops::RangeInclusive;
use std::sync::Arc;
use std::time::Duration;

use axum::Json;
use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use futures_util::stream;
use hyper::body::Bytes;
use serde::Deserialize;
use serde_json::json;
use tokio::sync::mpsc;
use websocket::close::CloseCode;
use websocket::connection::{Config, Connection, Message};

use super::{Lab, mount};

mod techniques;

use crate::error::AppError;
use crate::labs::push::feed::Feed;
use crate::labs::push::run::{self, RunError, SETTLE_WAIT};
use crate::labs::push::session::{PushSession, Run, Serving};
use crate::labs::push::sink::PushSink;
use crate::labs::push::{
    self as push, LONG_POLL_HOLD, MAX_OPEN_PER_TECHNIQUE, Params, Technique, format, report,
};
use crate::labs::registry::Registry;
use crate::net::driver::{self, Command, Responder};
use crate::net::tap::TapHandle;
use crate::net::upgrade;
use crate::site::lang::Lang;
use crate::site::pages::Page;
use crate::state::AppState;
use techniques::{socket, technique};

/// The most bytes of a run's JSON body.
const MAX_BODY: usize = 4 * 1024;
/// How long the last event stream of a run stays open after its last event, for the client
/// to close it (an `EventSource` whose stream ends reconnects).
const SSE_LINGER: Duration = Duration::from_secs(2);
/// The content type of newline-delimited JSON.
const NDJSON: &str = "application/x-ndjson";

impl Lab for PushSession {
    const NAME: &'static str = "push";
    fn registry(state: &AppState) -> &Registry<Self> {
        &state.push.sessions
    }
}

pub fn router() -> Router<AppState> {
    let api = Router::new()
        .route("/sessions", post(create_session))
        .route("/{id}/clock", get(clock))
        .route("/{id}/runs", post(start_run))
        .route("/{id}/runs/{run}", get(run_report))
        .route("/{id}/{technique}", get(technique));
    mount::<PushSession>(api)
        .route("/ws/push", get(socket))
        .route("/api/push/run", post(headless))
        .route("/labs/push", get(page))
        .route("/ko/labs/push", get(ko_page))
        .layer(DefaultBodyLimit::max(MAX_BODY))
}

/// The push lab's page (`templates/lab_push.html`, built once: [`crate::site::pages`]).
async fn page(State(state): State<AppState>, req: Request) -> Response {
    crate::routes::pages::page(&state, Lang::En, Page::LabPush, &req)
}

/// `/ko/labs/push`: the same page in Korean.
async fn ko_page(State(state): State<AppState>, req: Request) -> Response {
    crate::routes::pages::page(&state, Lang::Ko, Page::LabPush, &req)
}

fn bad(why: impl Into<String>) -> AppError {
    AppError::BadRequest(why.into())
}

async fn create_session(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    state.origins.check_page(&headers, "the push lab")?;
    let (id, _) = state
        .push
        .sessions
        .create(PushSession::default())
        .ok_or(AppError::TooManyLabs)?;
    let body = json!({
        "id": id,
        "techniques": Technique::ALL,
        "defaults": Params::default(),
        "max_events": push::MAX_EVENTS,
        "interval_ms": push::INTERVAL_MS,
        "payload_bytes": push::PAYLOAD_BYTES,
        "poll_ms": push::POLL_MS,
        "max_delay_ms": push::MAX_DELAY_MS,
        "max_run_ms": push::MAX_RUN_MS,
        "max_feed_bytes": push::MAX_FEED_BYTES,
    });
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

fn session(state: &AppState, id: &str) -> Result<Arc<PushSession>, AppError> {
    super::session::<PushSession>(state, id)
}

/// `GET …/clock`: now on the session's clock. The page asks a few times and keeps the
/// answer with the shortest round trip: the offset is then known within half of it.
async fn clock(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let t_ms = session(&state, &id)?.now_ms();
    let mut response = Json(json!({ "t_ms": t_ms })).into_response();
    no_store(&mut response);
    Ok(response)
}

fn no_store(response: &mut Response) {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
}

/// Reads a run's JSON body whatever its declared type: the field `key` (the techniques,
/// or the technique) as a `T`, and the rest as the choices of [`Params`], each defaulted,
/// none unknown.
fn parse<T: serde::de::DeserializeOwned>(body: &str, key: &str) -> Result<(T, Params), AppError> {
    let bad_run = |e: serde_json::Error| bad(format!("bad run: {e}"));
    let mut fields: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(body).map_err(bad_run)?;
    let named = fields
        .remove(key)
        .ok_or_else(|| bad(format!("bad run: name the {key}")))?;
    let named = serde_json::from_value(named).map_err(bad_run)?;
    let params = serde_json::from_value(serde_json::Value::Object(fields)).map_err(bad_run)?;
    Ok((named, params))
}

async fn start_run(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: String,
) -> Result<Response, AppError> {
    state.origins.check_page(&headers, "the push lab")?;
    let session = session(&state, &id)?;
    let (techniques, params): (Vec<Technique>, Params) = parse(&body, "techniques")?;
    let run = session
        .start_run(params, techniques)
        .map_err(|e| bad(e.to_string()))?;
    let body = json!({ "run": run.id, "params": params, "techniques": run.feed.techniques() });
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

async fn run_report(
    State(state): State<AppState>,
    Path((id, n)): Path<(String, u32)>,
) -> Result<Response, AppError> {
    let run = session(&state, &id)?
        .run(n)
        .ok_or_else(|| bad(format!("this session keeps no run {n}")))?;
    let settled = run.settled(SETTLE_WAIT).await;
    let mut response = Json(report::run_json(&run, settled)).into_response();
    no_store(&mut response);
    Ok(response)
}

/// What a technique's request names.
#[derive(Debug, Deserialize)]
struct RunQuery {
    run: u32,
    #[serde(default)]
    after: u32,
}

/// What every technique's handler does first: find the run, claim the connection for the
/// tap, and count the request as served.
fn begin(
    state: &AppState,
    id: &str,
    run: u32,
    technique: Technique,
    tap: Option<&TapHandle>,
) -> Result<(Arc<Run>, Serving), AppError> {
    let session = session(state, id)?;
    let run = session
        .run(run)
        .ok_or_else(|| bad(format!("this session keeps no run {run}")))?;
    if !run.feed.techniques().contains(&technique) {
        return Err(bad(format!(
            "run {} is not a {} run",
            run.id,
            technique.name()
        )));
    }
    if let Some(tap) = tap {
        PushSink::claim(tap, &state.push.sessions);
    }
    let serving = session.serve(&run, technique).ok_or_else(|| {
        bad(format!(
            "at most {MAX_OPEN_PER_TECHNIQUE} {} requests of one run may be open at once",
            technique.name()
        ))
    })?;
    Ok((run, serving))
}

/// `POST /api/push/run`: a headless run of one technique (see [`run::headless`]).
async fn headless(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: String,
) -> Result<Response, AppError> {
    state.origins.check_page(&headers, "the push lab")?;
    let (technique, params): (Technique, Params) = parse(&body, "technique")?;
    match run::headless(&state.push, state.settings.addr, technique, params).await {
        Ok(outcome) => Ok(Json(outcome).into_response()),
        Err(RunError::Client(e)) => Err(AppError::Internal(format!(
            "the server's own {} client failed: {e}",
            technique.name()
        ))),
        // Every bound, and more than MAX_HEADLESS_RUNS at once: 400, as the API promises.
        Err(e) => Err(bad(e.to_string())),
    }
}
