//! Pages and assets: the page about this server (`/server.html`; `/` is the book), the two
//! labs' pages and their Korean editions (`/ko/server.html`, `/ko/labs/websocket`,
//! `/ko/labs/http2`), `/healthz`, the embedded `/static/` files and the scripts' Korean
//! (`/static/generated/ui.ko.json`). All are bytes built once
//! ([`crate::site`]), sent with their ETag, a 304 when the browser has them, and gzip or
//! brotli when it asks.

use axum::Router;
use axum::extract::{Path, Request, State};
use axum::response::Response;
use axum::routing::get;

use crate::assets;
use crate::error::AppError;
use crate::site::lang::Lang;
use crate::site::pages::Page;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/server.html", get(home))
        .route("/labs/websocket", get(lab_websocket))
        .route("/labs/http2", get(lab_http2))
        .route("/ko/server.html", get(ko_home))
        .route("/ko/labs/websocket", get(ko_lab_websocket))
        .route("/ko/labs/http2", get(ko_lab_http2))
        .route("/static/generated/ui.ko.json", get(ui_ko_json))
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

/// One of the server's pages in one edition.
pub fn page(state: &AppState, lang: Lang, page: Page, req: &Request) -> Response {
    state.pages.edition(lang).get(page).respond(req.headers())
}

async fn home(State(state): State<AppState>, req: Request) -> Response {
    page(&state, Lang::En, Page::Home, &req)
}

async fn lab_websocket(State(state): State<AppState>, req: Request) -> Response {
    page(&state, Lang::En, Page::LabWebSocket, &req)
}

async fn lab_http2(State(state): State<AppState>, req: Request) -> Response {
    page(&state, Lang::En, Page::LabHttp2, &req)
}

async fn ko_home(State(state): State<AppState>, req: Request) -> Response {
    page(&state, Lang::Ko, Page::Home, &req)
}

async fn ko_lab_websocket(State(state): State<AppState>, req: Request) -> Response {
    page(&state, Lang::Ko, Page::LabWebSocket, &req)
}

async fn ko_lab_http2(State(state): State<AppState>, req: Request) -> Response {
    page(&state, Lang::Ko, Page::LabHttp2, &req)
}

async fn ui_ko_json(State(state): State<AppState>, req: Request) -> Response {
    state.pages.ui_ko_json.respond(req.headers())
}

/// 200 once the server is ready (it is, if it answers).
async fn healthz() -> &'static str {
    "ok\n"
}

async fn static_file(Path(path): Path<String>, req: Request) -> Result<Response, AppError> {
    let asset = assets::cached(&path).ok_or(AppError::NotFound(path))?;
    Ok(asset.respond(req.headers()))
}
