//! The app: one [`AppState`], the routes merged in one place, and the headers every response
//! carries.
//!
//! `app()` is apart from `main` so tests can build the router and call it without a socket.

use std::sync::Arc;

use axum::Router;
use axum::http::{HeaderName, HeaderValue, header};
use book::Book;
use tokio::sync::Semaphore;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::config::Settings;
use crate::lab::Labs;
use crate::lab::h2::H2Labs;
use crate::routes;

/// What every handler may need. Cheap to clone.
#[derive(Debug, Clone)]
pub struct AppState {
    pub settings: Arc<Settings>,
    /// One permit per open WebSocket connection; none left means 503.
    pub ws_permits: Arc<Semaphore>,
    /// Cancelled on Ctrl-C: every open socket then sends Close 1001 (Going Away).
    pub shutdown: CancellationToken,
    /// The WebSocket tasks, so shutdown can wait for their closing handshakes.
    pub ws_tasks: TaskTracker,
    /// The open lab sessions.
    pub labs: Labs,
    /// The HTTP/2 lab's sessions and its ring of captured h2c connections.
    pub h2: H2Labs,
    /// The history notebook, rendered at start-up.
    pub book: Arc<Book>,
    /// The book's search index as JSON, built once.
    pub search_index: Arc<str>,
}

impl AppState {
    pub fn new(settings: Settings) -> Self {
        let book = match &settings.book_dir {
            Some(dir) => Book::from_dir(dir).unwrap_or_else(|e| {
                tracing::error!(dir = %dir.display(), error = %e, "cannot read the book; using the embedded one");
                Book::embedded()
            }),
            None => Book::embedded(),
        };
        for problem in &book.problems {
            tracing::warn!("book: {problem}");
        }
        let search_index = serde_json::to_string(&book.search_index())
            .unwrap_or_else(|_| "[]".to_owned())
            .into();
        Self {
            book: Arc::new(book),
            search_index,
            ws_permits: Arc::new(Semaphore::new(settings.max_connections)),
            settings: Arc::new(settings),
            shutdown: CancellationToken::new(),
            ws_tasks: TaskTracker::new(),
            labs: Labs::default(),
            h2: H2Labs::default(),
        }
    }
}

/// The Content-Security-Policy of every page: scripts only from our own `/static/`, never
/// inline; nothing from any other host (the app works offline).
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; \
     base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The whole app.
pub fn app(state: AppState) -> Router {
    Router::new()
        .merge(routes::pages::router())
        .merge(routes::api::router())
        .merge(routes::cells::router())
        .merge(routes::ws::router())
        .merge(routes::lab::router())
        .merge(routes::lab_h2::router())
        .merge(routes::exercises::router())
        .merge(routes::book::router())
        .merge(routes::tables::router())
        .with_state(state)
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static("cross-origin-opener-policy"),
            HeaderValue::from_static("same-origin"),
        ))
}
