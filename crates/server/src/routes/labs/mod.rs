//! The live labs' endpoints, side by side, in one pattern:
//!
//! ```text
//!   POST /api/lab/{lab}/sessions         a fresh session (201 with its id and limits)
//!   GET  /lab/{lab}/events/{id}          its inspector stream (Server-Sent Events)
//!   POST /api/lab/{lab}/{id}/{action}    what the page asks the server to do
//! ```
//!
//! with `{lab}` `ws` ([`ws`], the WebSocket lab), `h2` ([`h2`], the HTTP/2 lab) or `push`
//! ([`push`], the push lab, whose page reads a run's report instead of a stream); [`mount`]
//! puts a lab's API router and its stream at those places. The WebSocket lab's first URLs
//! (`/api/lab/sessions`, `/lab/events/{id}`, `/api/lab/{id}/…`) answer too: saved links and
//! tests outside the repository use them.

pub mod export;
pub mod h2;
pub mod push;
pub mod ws;

use std::convert::Infallible;
use std::io::Write;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::stream;
use tokio::sync::broadcast;

use crate::error::AppError;
use crate::labs::events::Logged;
use crate::labs::registry::Registry;
use crate::labs::session::{MAX_STREAMS_PER_SESSION, Refused, Session, Streams, Subscription};
use crate::state::AppState;

/// Both labs' routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .merge(ws::router())
        .merge(h2::router())
        .merge(push::router())
}

/// A lab as the routes see it: its name in the URLs and its sessions in the state.
pub trait Lab: Session + Sized {
    /// `ws`, `h2` or `push`.
    const NAME: &'static str;
    /// The lab's open sessions.
    fn registry(state: &AppState) -> &Registry<Self>;
}

/// A lab's `api` router at `/api/lab/{lab}` and its inspector stream at
/// `/lab/{lab}/events/{id}`.
pub fn mount<L: Lab>(api: Router<AppState>) -> Router<AppState> {
    Router::new()
        .nest(&format!("/api/lab/{}", L::NAME), api)
        .route(&format!("/lab/{}/events/{{id}}", L::NAME), get(events::<L>))
}

/// The session with this id, or the JSON 404.
pub fn session<L: Lab>(state: &AppState, id: &str) -> Result<Arc<L>, AppError> {
    L::registry(state).get(id).ok_or(AppError::NoLabSession)
}

/// `GET /lab/{lab}/events/{id}`
pub async fn events<L: Lab>(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    inspector_stream(session::<L>(&state, &id)?, &state.streams, &headers)
}

/// Where a stream is: replaying the history up to `upto` (the newest event when it
/// subscribed), then live.
struct Cursor {
    receiver: broadcast::Receiver<Arc<Logged>>,
    guard: Subscription,
    /// The last `seq` sent in the replay (or the client's `Last-Event-ID`).
    sent: Option<u64>,
    /// The replay ends at this `seq`; `None` once it has.
    upto: Option<u64>,
    /// Live events at or before this `seq` were in the replay.
    newest: Option<u64>,
    /// The stream fell behind or its session ended: what was gathered goes out, then it ends.
    ended: bool,
}

/// An idle stream sends a comment this often, so that proxies and the browser keep it open
/// (what axum's `KeepAlive::default()` sends, as often).
const KEEP_ALIVE: Duration = Duration::from_secs(15);
/// The most bytes of events one write of a stream gathers (an event past it goes whole).
const MAX_CHUNK: usize = 256 * 1024;

/// A session's events as Server-Sent Events (`event: lab`, `id: seq`, `data: json`): the
/// history after the client's `Last-Event-ID`, then the live ones. The replay walks the
/// session's log as the client reads (no copy of the history), and the stream holds a
/// [`Subscription`] while it lives (the session counts its watchers with it; 429 past
/// [`MAX_STREAMS_PER_SESSION`](crate::labs::session::MAX_STREAMS_PER_SESSION) on the
/// session, 503 past [`MAX_STREAMS`](crate::labs::session::MAX_STREAMS) on the server).
/// A stream that falls behind ends, and so does the stream of an evicted session; the
/// browser reconnects and replays what it missed.
///
/// Each write carries every event ready when it is made (up to [`MAX_CHUNK`]): a message
/// through the lab's socket is four or five events (its reads, its frame, the echo's write
/// and frame), and a page that follows them costs one write of the stream, not five. The
/// events are framed here, each written straight into the write's buffer (a lazy frame's
/// JSON by hand, [`Logged::write_json`]), as axum's `Sse` would frame them.
pub fn inspector_stream<S: Session>(
    session: Arc<S>,
    streams: &Arc<Streams>,
    headers: &HeaderMap,
) -> Result<Response, AppError> {
    let (newest, receiver, guard) = Subscription::new(session, streams).map_err(|r| match r {
        Refused::Session => AppError::TooManyStreams(MAX_STREAMS_PER_SESSION),
        Refused::Server => AppError::StreamsFull,
    })?;
    let last_seen: Option<u64> = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse().ok());
    let cursor = Cursor {
        receiver,
        guard,
        sent: last_seen,
        upto: newest,
        newest,
        ended: false,
    };
    let chunks = stream::unfold(cursor, |mut c| async move {
        if c.ended {
            return None;
        }
        let mut chunk = Vec::new();
        if let Some(upto) = c.upto {
            while chunk.len() < MAX_CHUNK {
                match c.guard.next_after(c.sent, upto) {
                    Some(event) => {
                        c.sent = Some(event.seq);
                        sse_frame(&event, &mut chunk);
                    }
                    None => {
                        c.upto = None;
                        break;
                    }
                }
            }
            if !chunk.is_empty() {
                return Some((Ok::<_, Infallible>(Bytes::from(chunk)), c));
            }
        }
        // Wait for the next live event (or send a keep-alive comment after a quiet spell).
        loop {
            match tokio::time::timeout(KEEP_ALIVE, c.receiver.recv()).await {
                Err(_) => return Some((Ok(Bytes::from_static(b":\n\n")), c)),
                Ok(Ok(event)) if c.newest.is_none_or(|n| event.seq > n) => {
                    c.newest = Some(event.seq);
                    sse_frame(&event, &mut chunk);
                    break;
                }
                Ok(Ok(_)) => continue,
                Ok(Err(broadcast::error::RecvError::Lagged(_)))
                | Ok(Err(broadcast::error::RecvError::Closed)) => return None,
            }
        }
        // And every one that is ready behind it.
        while chunk.len() < MAX_CHUNK {
            match c.receiver.try_recv() {
                Ok(event) if c.newest.is_none_or(|n| event.seq > n) => {
                    c.newest = Some(event.seq);
                    sse_frame(&event, &mut chunk);
                }
                Ok(_) => continue,
                Err(broadcast::error::TryRecvError::Empty) => break,
                Err(_) => {
                    c.ended = true;
                    break;
                }
            }
        }
        Some((Ok(Bytes::from(chunk)), c))
    });
    Ok((
        [
            (header::CONTENT_TYPE, "text/event-stream"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        Body::from_stream(chunks),
    )
        .into_response())
}

/// One event as Server-Sent Events frame it (WHATWG HTML §9.2): `event: lab`, `id: seq`,
/// `data: json` and a blank line. The JSON is compact (a newline inside a string is written
/// `\n`), so it is one `data` line.
fn sse_frame(event: &Logged, out: &mut Vec<u8>) {
    out.extend_from_slice(b"event: lab\nid: ");
    let _ = write!(out, "{}", event.seq);
    out.extend_from_slice(b"\ndata: ");
    event.write_json(out);
    out.extend_from_slice(b"\n\n");
}

#[cfg(test)]
mod tests {
    use axum::body::Body;
    use axum::http::{Method, Request, header};
    use clap::Parser;
    use tower::ServiceExt;

    use crate::app::app;
    use crate::cmd::cli::Cli;
    use crate::state::AppState;

    /// The app with the default settings, as `wiretrail` with no flags builds it.
    fn test_app() -> axum::Router {
        let cli = Cli::parse_from(["wiretrail"]);
        app(AppState::new(cli.serve.into()))
    }

    async fn call(app: &axum::Router, method: Method, uri: &str, body: &str) -> (u16, String) {
        let request = Request::builder()
            .method(method)
            .uri(uri)
            .header(header::CONTENT_TYPE, "application/json")
            .header("x-wiretrail", "1")
            .body(Body::from(body.to_owned()))
            .unwrap();
        let response = app.clone().oneshot(request).await.unwrap();
        let status = response.status().as_u16();
        let kind = response
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        if kind.starts_with("text/event-stream") {
            // An inspector stream never ends: its head is the answer.
            return (status, kind);
        }
        let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
            .await
            .unwrap();
        (status, String::from_utf8_lossy(&bytes).into_owned())
    }

    async fn new_session(app: &axum::Router, uri: &str) -> String {
        let (status, body) = call(app, Method::POST, uri, "").await;
        assert_eq!(status, 201, "{uri}: {body}");
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        v["id"].as_str().unwrap().to_owned()
    }

    #[tokio::test]
    async fn the_websocket_labs_first_urls_and_canonical_ones_both_answer() {
        let app = test_app();
        for (create, events, ask) in [
            ("/api/lab/sessions", "/lab/events", "/api/lab"),
            ("/api/lab/ws/sessions", "/lab/ws/events", "/api/lab/ws"),
        ] {
            let id = new_session(&app, create).await;
            // A session made at either URL is the same session at both.
            for (events, ask) in [
                (events, ask),
                ("/lab/events", "/api/lab"),
                ("/lab/ws/events", "/api/lab/ws"),
            ] {
                let (status, kind) = call(&app, Method::GET, &format!("{events}/{id}"), "").await;
                assert_eq!(
                    (status, kind.as_str()),
                    (200, "text/event-stream"),
                    "{events}"
                );
                let ping = r#"{"action":"ping","payload":"hi"}"#;
                let uri = format!("{ask}/{id}/ask");
                let (status, body) = call(&app, Method::POST, &uri, ping).await;
                assert_eq!(status, 409, "{uri}: no socket yet: {body}");
                let (status, body) =
                    call(&app, Method::POST, &format!("{ask}/nope/ask"), ping).await;
                assert_eq!(status, 404, "{body}");
                assert!(body.contains("\"error\""), "{body}");
                let (status, _) = call(&app, Method::GET, &format!("{events}/nope"), "").await;
                assert_eq!(status, 404);
            }
            // The learner's socket has one URL; without an upgrade it is refused as the RFC says.
            let (status, _) = call(&app, Method::GET, &format!("/ws/lab?session={id}"), "").await;
            assert_eq!(status, 400);
        }
    }

    /// The stream frames each event as SSE does (`event`, `id`, one `data` line, a blank
    /// line), sends the replay and every live event that is ready in one write each, resumes
    /// after `Last-Event-ID`, and writes a lazy frame's JSON as its export (serde) does.
    #[tokio::test]
    async fn the_stream_frames_events_and_gathers_the_ready_ones_in_one_write() {
        use std::sync::Arc;

        use axum::http::HeaderMap;
        use futures_util::StreamExt;

        use crate::labs::event::{FrameBytes, LabEvent, Side};
        use crate::labs::session::{Session, Streams};
        use crate::labs::ws::WsSession;

        let session = Arc::new(WsSession::default());
        let frame = || LabEvent::WsFrame {
            connection: None,
            direction: Side::Client,
            dissection: FrameBytes {
                kept: wire::parse_hex("818537fa213d7f9f4d5158").unwrap(),
                from_client: true,
                whole: true,
            },
            truncated: None,
            range: [0, 11],
        };
        session.shared().emit(&LabEvent::note("first"));
        session.shared().emit_owned(frame());
        let streams = Arc::new(Streams::default());
        let mut headers = HeaderMap::new();
        let response = super::inspector_stream(session.clone(), &streams, &headers).unwrap();
        assert_eq!(response.headers()["content-type"], "text/event-stream");
        assert_eq!(response.headers()["cache-control"], "no-cache");
        let mut body = response.into_body().into_data_stream();
        let next = |body: &mut axum::body::BodyDataStream| {
            let chunk = futures_util::FutureExt::now_or_never(body.next());
            String::from_utf8(chunk.unwrap().unwrap().unwrap().to_vec()).unwrap()
        };
        // The replay: both events in one write.
        let replay = next(&mut body);
        let events: Vec<&str> = replay.split_terminator("\n\n").collect();
        assert_eq!(events.len(), 2, "{replay}");
        assert!(
            events[0].starts_with("event: lab\nid: 0\ndata: {\"seq\":0,"),
            "{replay}"
        );
        let exported = session.shared().events()[1].json().get().to_owned();
        assert_eq!(events[1], format!("event: lab\nid: 1\ndata: {exported}"));
        // Three live events emitted together go out in one write.
        for _ in 0..3 {
            session.shared().emit_owned(frame());
        }
        let live = next(&mut body);
        let ids: Vec<&str> = live
            .lines()
            .filter_map(|l| l.strip_prefix("id: "))
            .collect();
        assert_eq!(ids, ["2", "3", "4"], "{live}");
        assert!(live.ends_with("}\n\n") && live.matches("\ndata: ").count() == 3);
        // A reconnecting page replays only what it missed.
        headers.insert("last-event-id", "3".parse().unwrap());
        let response = super::inspector_stream(session, &streams, &headers).unwrap();
        let mut body = response.into_body().into_data_stream();
        let missed = next(&mut body);
        assert!(missed.starts_with("event: lab\nid: 4\n") && missed.matches("id: ").count() == 1);
    }

    #[tokio::test]
    async fn the_http2_lab_follows_the_same_pattern() {
        let app = test_app();
        let id = new_session(&app, "/api/lab/h2/sessions").await;
        let (status, kind) = call(&app, Method::GET, &format!("/lab/h2/events/{id}"), "").await;
        assert_eq!((status, kind.as_str()), (200, "text/event-stream"));
        let (status, body) = call(&app, Method::POST, &format!("/api/lab/h2/{id}/close"), "").await;
        assert_eq!(status, 400, "no connection yet: {body}");
        let (status, body) = call(&app, Method::POST, "/api/lab/h2/nope/ping", "").await;
        assert_eq!(status, 404, "{body}");
        let (status, body) = call(&app, Method::POST, "/api/lab/h2/nope/request", "{}").await;
        assert_eq!(status, 404, "{body}");
        let (status, body) = call(&app, Method::GET, "/api/lab/h2/captures", "").await;
        assert_eq!((status, body.as_str()), (200, r#"{"captures":[]}"#));
        for n in ["1", "x"] {
            let uri = format!("/api/lab/h2/captures/{n}");
            let (status, body) = call(&app, Method::GET, &uri, "").await;
            assert_eq!(status, 404, "{body}");
        }
        // The HTTP/2 lab's ids are not the WebSocket lab's.
        let (status, _) = call(&app, Method::GET, &format!("/lab/ws/events/{id}"), "").await;
        assert_eq!(status, 404);
    }
}
