//! The two live labs' endpoints, side by side, in one pattern:
//!
//! ```text
//!   POST /api/lab/{lab}/sessions         a fresh session (201 with its id and limits)
//!   GET  /lab/{lab}/events/{id}          its inspector stream (Server-Sent Events)
//!   POST /api/lab/{lab}/{id}/{action}    what the page asks the server to do
//! ```
//!
//! with `{lab}` `ws` ([`ws`], the WebSocket lab) or `h2` ([`h2`], the HTTP/2 lab). Both serve
//! their stream with [`inspector_stream`].

pub mod h2;
pub mod ws;

use std::convert::Infallible;
use std::sync::Arc;

use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::{StreamExt, stream};
use tokio::sync::broadcast;

use crate::labs::events::Logged;
use crate::labs::session::{Session, Subscription};

/// A session's events as Server-Sent Events (`event: lab`, `id: seq`, `data: json`): the
/// history after the client's `Last-Event-ID`, then the live ones. The stream holds a
/// [`Subscription`] while it lives (the session counts its watchers with it). A stream that
/// falls behind ends; the browser reconnects and replays what it missed.
pub fn inspector_stream<S: Session>(session: Arc<S>, headers: &HeaderMap) -> Response {
    let (history, receiver, guard) = Subscription::new(session);
    let last_seen: Option<u64> = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse().ok());
    let newest = history.last().map(|e| e.seq);
    let replay: Vec<_> = history
        .iter()
        .filter(|e| last_seen.is_none_or(|seen| e.seq > seen))
        .map(|e| sse_event(e))
        .collect();
    let live = stream::unfold(
        (receiver, guard, newest),
        |(mut receiver, guard, mut newest)| async move {
            loop {
                match receiver.recv().await {
                    Ok(event) if newest.is_none_or(|n| event.seq > n) => {
                        newest = Some(event.seq);
                        let item = sse_event(&event);
                        return Some((item, (receiver, guard, newest)));
                    }
                    Ok(_) => continue,
                    Err(broadcast::error::RecvError::Lagged(_))
                    | Err(broadcast::error::RecvError::Closed) => return None,
                }
            }
        },
    );
    Sse::new(stream::iter(replay).chain(live))
        .keep_alive(KeepAlive::default())
        .into_response()
}

fn sse_event(event: &Logged) -> Result<Event, Infallible> {
    Ok(Event::default()
        .event("lab")
        .id(event.seq.to_string())
        .data(event.json.get()))
}
