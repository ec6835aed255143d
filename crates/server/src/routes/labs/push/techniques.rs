//! The six techniques' answers (RFC 6202's names where it has them): a poll (200 with the
//! events published since `after`, or 204), a long poll held until there is one (§2), one
//! chunked body streamed (§3.1), the forever frame with its own nonce policy, an
//! event stream (WHATWG HTML §9.2), and a WebSocket with a text frame per event — each
//! after the same first steps ([`begin`](super::begin)).

use super::*;

/// The events after `after` published so far, as newline-delimited JSON.
fn published_after(feed: &Feed, after: u32) -> Vec<u8> {
    let upto = feed.count();
    (after.saturating_add(1)..=upto)
        .flat_map(|k| format::line(&feed.payload(k)))
        .collect()
}

/// A poll's answer: 200 with events, or 204 when there are none.
fn poll_answer(body: Vec<u8>) -> Response {
    let mut response = if body.is_empty() {
        StatusCode::NO_CONTENT.into_response()
    } else {
        ([(header::CONTENT_TYPE, NDJSON)], body).into_response()
    };
    no_store(&mut response);
    response
}

/// `GET /api/lab/push/{id}/{technique}?run=R&after=K`: the five HTTP techniques, each
/// after the same first steps ([`begin`]).
pub(super) async fn technique(
    State(state): State<AppState>,
    Path((id, name)): Path<(String, String)>,
    Query(q): Query<RunQuery>,
    req: Request,
) -> Result<Response, AppError> {
    let technique = Technique::from_name(&name)
        .filter(|t| *t != Technique::WebSocket)
        .ok_or_else(|| AppError::NotFound(format!("no technique {name:?} here")))?;
    let tap = req.extensions().get::<TapHandle>();
    let (run, serving) = begin(&state, &id, q.run, technique, tap)?;
    let feed = run.feed.clone();
    let delay = feed.params().delay();
    let rest = q.after.saturating_add(1)..=feed.params().events;
    Ok(match technique {
        Technique::Poll => {
            let body = published_after(&feed, q.after);
            tokio::time::sleep(delay).await;
            drop(serving);
            poll_answer(body)
        }
        Technique::LongPoll => {
            // RFC 6202 §2.1: held until there is an event to send, or a timeout.
            let _ = tokio::time::timeout(LONG_POLL_HOLD, feed.wait_for(*rest.start())).await;
            let body = published_after(&feed, q.after);
            tokio::time::sleep(delay).await;
            drop(serving);
            poll_answer(body)
        }
        Technique::Streaming => {
            let body = pushed(
                feed.clone(),
                rest,
                serving,
                |_, p| format::line(p),
                Vec::new(),
                Duration::ZERO,
            );
            stream_response(&feed, NDJSON, body).await
        }
        Technique::Iframe => iframe(feed, rest, serving).await?,
        Technique::Sse => sse(feed, q.after, serving, req.headers()).await,
        Technique::WebSocket => return Err(AppError::NotFound(name)),
    })
}

/// A body that writes events `range` as they are published, each `delay` after its
/// publication, wrapped by `wrap`; then `tail`, after `linger`. It holds `serving` while it
/// lives.
fn pushed(
    feed: Arc<Feed>,
    range: RangeInclusive<u32>,
    serving: Serving,
    wrap: impl Fn(u32, &[u8]) -> Vec<u8> + Send + 'static,
    tail: Vec<u8>,
    linger: Duration,
) -> Body {
    let delay = feed.params().delay();
    let (first, last) = range.into_inner();
    let events = stream::unfold(
        (first, feed, serving, wrap),
        move |(k, feed, serving, wrap)| async move {
            if k > last {
                return None;
            }
            let at = feed.wait_for(k).await?;
            tokio::time::sleep_until(at + delay).await;
            let bytes = Bytes::from(wrap(k, &feed.payload(k)));
            Some((Ok::<_, Infallible>(bytes), (k + 1, feed, serving, wrap)))
        },
    );
    let end = stream::once(async move {
        tokio::time::sleep(linger).await;
        Ok::<_, Infallible>(Bytes::from(tail))
    });
    Body::from_stream(futures_util::StreamExt::chain(events, end))
}

/// A streaming response's head: written `delay` after the request, like every write.
async fn stream_response(feed: &Feed, content_type: &'static str, body: Body) -> Response {
    tokio::time::sleep(feed.params().delay()).await;
    let mut response = ([(header::CONTENT_TYPE, content_type)], body).into_response();
    no_store(&mut response);
    response
}

/// The forever frame: an HTML page that never ends, a `<script>` per event.
async fn iframe(
    feed: Arc<Feed>,
    range: RangeInclusive<u32>,
    serving: Serving,
) -> Result<Response, AppError> {
    let mut nonce = [0u8; 16];
    getrandom::fill(&mut nonce).map_err(|_| AppError::Internal("no randomness".into()))?;
    let nonce = wire::to_hex(&nonce);
    let script_nonce = nonce.clone();
    let first = *range.start();
    let body = pushed(
        feed.clone(),
        range,
        serving,
        move |k, p| {
            let script = format::iframe_script(&script_nonce, p);
            if k == first {
                [format::iframe_start(), script].concat()
            } else {
                script
            }
        },
        format::IFRAME_END.to_vec(),
        Duration::ZERO,
    );
    let mut response = stream_response(&feed, "text/html; charset=utf-8", body).await;
    // This response's own policy: its scripts run by this nonce only, and only the lab's
    // own page may frame it. Every other page keeps the app's policy.
    let policy = format!(
        "default-src 'none'; script-src 'nonce-{nonce}'; base-uri 'none'; \
         form-action 'none'; frame-ancestors 'self'"
    );
    if let Ok(policy) = HeaderValue::from_str(&policy) {
        response
            .headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    Ok(response)
}

/// Server-Sent Events, resumed after the `Last-Event-ID` a reconnecting browser sends.
async fn sse(feed: Arc<Feed>, after: u32, serving: Serving, headers: &HeaderMap) -> Response {
    let last = feed.params().events;
    // HTML §9.2.4: a reconnecting EventSource names the last event it saw.
    let resumed: Option<u32> = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse().ok());
    let first = resumed.unwrap_or(after).saturating_add(1);
    if first > last {
        // HTML §9.2.3: 204 No Content tells the EventSource to stop reconnecting.
        tokio::time::sleep(feed.params().delay()).await;
        drop(serving);
        return StatusCode::NO_CONTENT.into_response();
    }
    // The first stream of a run ends halfway, so the reconnect with Last-Event-ID shows;
    // the stream that resumes runs to the end, then lingers for the client to close it.
    let (until, linger) = if resumed.is_none() && last >= 2 {
        (last.div_ceil(2), Duration::ZERO)
    } else {
        (last, SSE_LINGER)
    };
    let start = first;
    let body = pushed(
        feed.clone(),
        first..=until,
        serving,
        move |k, p| {
            let event = format::sse_event(k, p);
            if k == start {
                [format::sse_start(), event].concat()
            } else {
                event
            }
        },
        Vec::new(),
        linger,
    );
    stream_response(&feed, "text/event-stream", body).await
}

/// What the server does with the messages a push socket's client sends: nothing.
#[derive(Debug, Clone, Copy)]
struct Ignore;

impl Responder for Ignore {
    fn on_message(&mut self, _: Message, _: &mut Connection, _: &mut Vec<u8>) {}
}

#[derive(Debug, Deserialize)]
pub(super) struct SocketQuery {
    session: String,
    run: u32,
}

/// `GET /ws/push`: a WebSocket on which the server sends each event as a text frame, each
/// `delay` after its publication, then Close 1000.
pub(super) async fn socket(
    State(state): State<AppState>,
    Query(q): Query<SocketQuery>,
    req: Request,
) -> Result<Response, AppError> {
    let tap = req.extensions().get::<TapHandle>().cloned();
    let (run, serving) = begin(
        &state,
        &q.session,
        q.run,
        Technique::WebSocket,
        tap.as_ref(),
    )?;
    let upgrade = upgrade::accept(&state, req, &[])?;
    let (commands, receiver) = mpsc::channel::<Command>(16);
    let settings = state.settings.clone();
    let shutdown = state.shutdown.clone();
    let socket = upgrade.socket;
    state.ws_tasks.spawn(async move {
        if let Some((io, permit)) = socket.await {
            driver::run(
                io,
                &settings,
                Config::default(),
                shutdown,
                Ignore,
                Some(receiver),
            )
            .await;
            drop(permit);
        }
    });
    let feed = run.feed.clone();
    tokio::spawn(async move {
        let _serving = serving;
        let delay = feed.params().delay();
        for k in 1..=feed.params().events {
            let Some(at) = feed.wait_for(k).await else {
                break;
            };
            tokio::time::sleep_until(at + delay).await;
            let text = String::from_utf8_lossy(&feed.payload(k)).into_owned();
            let send: Command = Box::new(move |conn, out| {
                let _ = conn.send_text(&text, out);
            });
            if commands.send(send).await.is_err() {
                return;
            }
        }
        let close: Command = Box::new(|conn, out| {
            let _ = conn.send_close(Some(CloseCode::NormalClosure), "the feed is over", out);
        });
        let _ = commands.send(close).await;
    });
    tokio::time::sleep(run.feed.params().delay()).await;
    Ok(upgrade.response)
}
