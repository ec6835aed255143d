//! Pages and assets: the page about this server (`/server.html`; `/` is the book), the two
//! labs' pages, `/healthz`, and the embedded `/static/` files. All are bytes built once
//! ([`crate::site`]), sent with their ETag, a 304 when the browser has them, and gzip or
//! brotli when it asks.

use axum::Router;
use axum::extract::{Path, Request, State};
use axum::response::Response;
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
        .route("/favicon.ico", get(favicon))
}

/// `/favicon.ico`, which a browser asks for where a page names no icon (a download, a
/// file it shows by itself): the one icon, `/static/favicon.svg`, that every page names.
async fn favicon() -> axum::response::Redirect {
    axum::response::Redirect::permanent("/static/favicon.svg")
}

// The handlers take the whole request rather than a `HeaderMap`, which axum would clone.

async fn home(State(state): State<AppState>, req: Request) -> Response {
    state.pages.home.respond(req.headers())
}

async fn lab_websocket(State(state): State<AppState>, req: Request) -> Response {
    state.pages.lab_websocket.respond(req.headers())
}

async fn lab_http2(State(state): State<AppState>, req: Request) -> Response {
    state.pages.lab_http2.respond(req.headers())
}

/// 200 once the server is ready (it is, if it answers).
async fn healthz() -> &'static str {
    "ok\n"
}

async fn static_file(Path(path): Path<String>, req: Request) -> Result<Response, AppError> {
    let asset = assets::cached(&path).ok_or(AppError::NotFound(path))?;
    Ok(asset.respond(req.headers()))
}
