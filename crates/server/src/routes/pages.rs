//! Pages and assets: the page about this server (`/server.html`; `/` is the book), the live WebSocket lab's page, `/healthz`, and the
//! embedded `/static/` files.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::assets;
use crate::error::AppError;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/server.html", get(home))
        .route("/labs/websocket", get(lab_websocket))
        .route("/labs/http2", get(lab_http2))
        .route("/healthz", get(healthz))
        .route("/static/{*path}", get(static_file))
}

#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
struct Home {
    addr: String,
    max_message: usize,
    handshake_secs: u64,
}

async fn home(State(state): State<AppState>) -> Home {
    let s = &state.settings;
    Home {
        addr: s.addr.to_string(),
        max_message: s.max_message,
        handshake_secs: s.handshake_timeout.as_secs(),
    }
}

/// The live WebSocket lab (`templates/lab_websocket.html`, `static/lab/`): the page explains
/// the lab without JavaScript; its scripts open the lab session, the event stream and the
/// learner's socket.
#[derive(Template, WebTemplate)]
#[template(path = "lab_websocket.html")]
struct LabWebSocket {
    addr: String,
    max_message: usize,
    handshake_secs: u64,
}

async fn lab_websocket(State(state): State<AppState>) -> LabWebSocket {
    let s = &state.settings;
    LabWebSocket {
        addr: s.addr.to_string(),
        max_message: s.max_message,
        handshake_secs: s.handshake_timeout.as_secs(),
    }
}

/// The HTTP/2 lab (`templates/lab_http2.html`, `static/lab/h2.js`): the server's own h2c
/// conversation and the captured sessions of other clients, frame by frame.
#[derive(Template, WebTemplate)]
#[template(path = "lab_http2.html")]
struct LabHttp2 {
    addr: String,
    max_captures: usize,
    capture_kib: usize,
}

async fn lab_http2(State(state): State<AppState>) -> LabHttp2 {
    LabHttp2 {
        addr: state.settings.addr.to_string(),
        max_captures: crate::labs::h2::captures::MAX_CAPTURES,
        capture_kib: crate::labs::h2::session::MAX_CAPTURE_BYTES / 1024,
    }
}

/// 200 once the server is ready (it is, if it answers).
async fn healthz() -> &'static str {
    "ok\n"
}

async fn static_file(Path(path): Path<String>) -> Result<Response, AppError> {
    let asset = assets::get(&path).ok_or(AppError::NotFound(path))?;
    let mut response = asset.body.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(asset.content_type),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    Ok(response)
}
