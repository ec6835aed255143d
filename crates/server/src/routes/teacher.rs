//! The teacher's view: `/teacher` and its API, `/api/teacher/…`, for the teacher alone.
//!
//! ```text
//!   GET  /teacher?token=T          sets the teacher's cookie, then 303 to /teacher
//!   GET  /teacher                  the page (students connected, rooms' traffic, controls)
//!   GET  /api/teacher/rooms        every room and its members (nickname, browser, since)
//!   POST /api/teacher/broadcast    {"text"}: a message from "teacher" to every room
//!   POST /api/teacher/ping         a Ping frame to every student's socket (RFC 6455 §5.5.2)
//!   POST /api/teacher/close        {"code", "reason"}: Close every student's socket with it
//! ```
//!
//! The teacher is a loopback client or whoever holds the token ([`crate::classroom`]);
//! outside classroom mode only a loopback client is. The close code must be one an endpoint
//! may send (RFC 6455 §7.4: not 1005, 1006 or 1015), so each student sees that very code
//! arrive in their own lab.

use std::net::SocketAddr;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{ConnectInfo, Query, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;
use websocket::close::CloseCode;

use crate::classroom::{TEACHER_COOKIE, Who};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/teacher", get(page))
        .route("/api/teacher/rooms", get(rooms))
        .route("/api/teacher/broadcast", post(broadcast))
        .route("/api/teacher/ping", post(ping))
        .route("/api/teacher/close", post(close))
}

/// Not the teacher: 403 with a sentence.
#[derive(Debug)]
pub struct NotTeacher;

impl IntoResponse for NotTeacher {
    fn into_response(self) -> Response {
        (
            StatusCode::FORBIDDEN,
            Json(json!({"error": "The teacher's view needs the teacher's link (printed in the terminal that started the classroom)."})),
        )
            .into_response()
    }
}

/// Whether `req` comes from the teacher.
fn teacher(state: &AppState, req: &Request) -> Result<(), NotTeacher> {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0);
    match state.classroom.as_deref() {
        Some(c) if c.who(peer, req.headers()) == Who::Teacher => Ok(()),
        None if peer.is_some_and(|p| p.ip().is_loopback()) => Ok(()),
        _ => Err(NotTeacher),
    }
}

#[derive(Debug, Deserialize)]
struct TokenQuery {
    token: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "teacher.html")]
struct TeacherPage {
    classroom: bool,
}

async fn page(
    State(state): State<AppState>,
    Query(query): Query<TokenQuery>,
    req: Request,
) -> Result<Response, NotTeacher> {
    if let (Some(token), Some(c)) = (query.token, state.classroom.as_deref()) {
        if !c.is_token(&token) {
            return Err(NotTeacher);
        }
        // The token leaves the address bar (which may be on the projector) for a cookie.
        let mut response = Redirect::to("/teacher").into_response();
        if let Ok(v) = HeaderValue::from_str(&format!(
            "{TEACHER_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict"
        )) {
            response.headers_mut().insert(header::SET_COOKIE, v);
        }
        return Ok(response);
    }
    teacher(&state, &req)?;
    Ok(TeacherPage {
        classroom: state.classroom.is_some(),
    }
    .into_response())
}

async fn rooms(State(state): State<AppState>, req: Request) -> Result<Response, NotTeacher> {
    teacher(&state, &req)?;
    let rooms = state.rooms.list();
    let students: usize = rooms.iter().map(|r| r.members.len()).sum();
    Ok(Json(json!({"students": students, "rooms": rooms})).into_response())
}

/// The bodies of the POSTs, read by hand after the teacher check (at most 4 KiB).
async fn body<T: serde::de::DeserializeOwned>(req: Request) -> Result<T, Response> {
    let bytes = axum::body::to_bytes(req.into_body(), 4096)
        .await
        .map_err(|_| (StatusCode::PAYLOAD_TOO_LARGE, "at most 4 KiB").into_response())?;
    serde_json::from_slice(&bytes).map_err(|e| {
        (
            StatusCode::BAD_REQUEST,
            Json(json!({"error": format!("cannot read the JSON body: {e}")})),
        )
            .into_response()
    })
}

#[derive(Debug, Deserialize)]
struct Broadcast {
    text: String,
}

async fn broadcast(State(state): State<AppState>, req: Request) -> Response {
    if let Err(e) = teacher(&state, &req) {
        return e.into_response();
    }
    let b: Broadcast = match body(req).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    let text: String = b
        .text
        .chars()
        .take(crate::classroom::room::MAX_TEXT / 4)
        .collect();
    Json(json!({"reached": state.rooms.broadcast(&text)})).into_response()
}

async fn ping(State(state): State<AppState>, req: Request) -> Response {
    if let Err(e) = teacher(&state, &req) {
        return e.into_response();
    }
    Json(json!({"reached": state.rooms.ping_all(b"teacher")})).into_response()
}

#[derive(Debug, Deserialize)]
struct Close {
    code: u16,
    #[serde(default)]
    reason: String,
}

async fn close(State(state): State<AppState>, req: Request) -> Response {
    if let Err(e) = teacher(&state, &req) {
        return e.into_response();
    }
    let c: Close = match body(req).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let code = CloseCode::from(c.code);
    if !code.is_sendable() || !(1000..5000).contains(&c.code) {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({"error": format!("{} may not be sent in a Close frame (RFC 6455 §7.4)", c.code)})),
        )
            .into_response();
    }
    Json(json!({"reached": state.rooms.close_all(code, &c.reason)})).into_response()
}
