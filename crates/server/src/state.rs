//! [`AppState`]: what every handler may need — the settings, the connection cap, the
//! shutdown signal, the labs' sessions and the book — in one cheap-to-clone value.
//!
//! Apart from [`crate::app`], so that a route module imports the state without importing the
//! router that merges it.

use std::sync::Arc;

use book::Book;
use tokio::sync::Semaphore;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use crate::config::Settings;
use crate::labs::h2::H2Labs;
use crate::labs::push::PushLabs;
use crate::labs::ws::WsLabs;
use crate::origin::OriginCheck;

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
    /// The WebSocket lab's sessions.
    pub ws: WsLabs,
    /// The HTTP/2 lab's sessions and its ring of captured h2c connections.
    pub h2: H2Labs,
    /// The push lab's sessions and its headless runs.
    pub push: PushLabs,
    /// Which pages may open sockets and post (RFC 6455 §10.2).
    pub origins: Arc<OriginCheck>,
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
            origins: Arc::new(OriginCheck::new(settings.allow_origins.clone())),
            settings: Arc::new(settings),
            shutdown: CancellationToken::new(),
            ws_tasks: TaskTracker::new(),
            ws: WsLabs::default(),
            h2: H2Labs::default(),
            push: PushLabs::default(),
        }
    }
}
