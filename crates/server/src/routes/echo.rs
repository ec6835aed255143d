//! `GET /ws/echo`: the plain RFC 6455 echo endpoint, for conformance suites, benchmarks and
//! any client a learner brings. No inspection, no tap: just the codec and the socket.
//!
//! The upgrade is done by hand on the `websocket` crate, so every rule of the opening
//! handshake (RFC 6455 §4.2) is ours to show and test:
//!
//! 1. [`upgrade::accept`] validates the request and checks its Origin;
//! 2. a permit is taken from the connection cap (503 past it);
//! 3. the 101 response goes back through hyper, which hands us the raw connection;
//! 4. [`driver::run`] speaks WebSocket on it until the closing handshake.

use axum::Router;
use axum::extract::{Request, State};
use axum::response::Response;
use axum::routing::get;

use crate::error::AppError;
use crate::net::driver::{self, Echo};
use crate::net::tap::TapHandle;
use crate::net::upgrade;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/ws/echo", get(echo))
}

async fn echo(State(state): State<AppState>, req: Request) -> Result<Response, AppError> {
    // No lab watches this connection: stop the tap's sniffing for good.
    if let Some(tap) = req.extensions().get::<TapHandle>() {
        tap.off();
    }
    let upgrade = upgrade::accept(&state, req, &[])?;
    let settings = state.settings.clone();
    let shutdown = state.shutdown.clone();
    let socket = upgrade.socket;
    state.ws_tasks.spawn(async move {
        if let Some((io, permit)) = socket.await {
            let limits = settings.ws_config();
            driver::run(io, &settings, limits, shutdown, Echo, None).await;
            drop(permit);
        }
    });
    Ok(upgrade.response)
}
