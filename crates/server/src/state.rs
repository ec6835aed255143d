//! [`AppState`]: what every handler may need — the settings, the connection cap, the
//! shutdown signal, the labs' sessions, the book and the pages — in one cheap-to-clone
//! value.
//!
//! Apart from [`crate::app`], so that a route module imports the state without importing the
//! router that merges it.

use std::sync::Arc;

use tokio::sync::Semaphore;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use crate::classroom::Classroom;
use crate::classroom::guard::Owners;
use crate::classroom::question::Poll;
use crate::classroom::room::Rooms;
use crate::config::Settings;
use crate::labs::h2::H2Labs;
use crate::labs::push::PushLabs;
use crate::labs::session::Streams;
use crate::labs::ws::WsLabs;
use crate::origin::OriginCheck;
use crate::site::book::BookSite;
use crate::site::pages::Pages;

/// What every handler may need. Cheap to clone: one reference count (axum clones the state
/// for every request, so its fields are shared behind one `Arc` rather than cloned one by
/// one). Derefs to [`Shared`], so `state.settings` reads as a field.
#[derive(Debug, Clone)]
pub struct AppState(Arc<Shared>);

impl std::ops::Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// The state's fields.
#[derive(Debug)]
pub struct Shared {
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
    /// The labs' open inspector streams, against one cap for the server.
    pub streams: Arc<Streams>,
    /// Which pages may open sockets and post (RFC 6455 §10.2).
    pub origins: Arc<OriginCheck>,
    /// The history notebook: its pages as bytes, built once (read again on change with
    /// `--book DIR`).
    pub book: Arc<BookSite>,
    /// The server's own pages, rendered once.
    pub pages: Arc<Pages>,
    /// Classroom mode's token and limits (`wiretrail classroom`); `None` when serving alone.
    pub classroom: Option<Arc<Classroom>>,
    /// The chat-room lab's rooms.
    pub rooms: Rooms,
    /// Which client made which lab session (classroom mode binds sessions to their maker).
    pub owners: Owners,
    /// The teacher's live question, if one is being asked.
    pub poll: Poll,
}

impl AppState {
    pub fn new(settings: Settings) -> Self {
        Self(Arc::new(Shared {
            book: Arc::new(BookSite::new(settings.book_dir.as_deref())),
            pages: Arc::new(Pages::new(&settings)),
            ws_permits: Arc::new(Semaphore::new(settings.max_connections)),
            origins: Arc::new(OriginCheck::from_settings(&settings)),
            classroom: settings.classroom.then(|| {
                Arc::new(Classroom::new(
                    settings.teacher_token.clone(),
                    !settings.loopback_is_student,
                ))
            }),
            settings: Arc::new(settings),
            shutdown: CancellationToken::new(),
            ws_tasks: TaskTracker::new(),
            ws: WsLabs::default(),
            h2: H2Labs::default(),
            push: PushLabs::default(),
            streams: Arc::default(),
            rooms: Rooms::default(),
            owners: Owners::default(),
            poll: Poll::default(),
        }))
    }
}
