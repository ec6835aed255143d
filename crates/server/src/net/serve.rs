//! The accept loop: our own, instead of `axum::serve`, so that every connection goes through
//! hyper-util's `auto::Builder` with upgrades on (HTTP/1.1 upgrades to WebSocket, and HTTP/2
//! with prior knowledge, share one port) and so that later a lab can tap a connection's bytes.
//!
//! Each accepted connection takes a permit of the one connection cap (`conn`; 503 past it),
//! each request has its `Host` judged against the allow-list (`host`; 421, 400), its body a
//! read deadline and its response a send deadline (`deadline`; 408, close), and a connection
//! with no request in flight for `--keep-alive-timeout` is closed.
//!
//! Shutdown (Ctrl-C or SIGTERM): stop accepting, tell every WebSocket to send Close 1001
//! (Going Away), let HTTP connections finish their current request, and wait — boundedly,
//! `--close-timeout` plus a second in all — for both; whatever is still open then is dropped.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use std::convert::Infallible;
use std::sync::atomic::{AtomicBool, Ordering};

use axum::body::Body;
use axum::http::{HeaderValue, Response, StatusCode, Version, header};
use hyper::Request;
use hyper::body::{Body as _, Incoming};
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tokio_util::task::TaskTracker;
use tower::ServiceExt;

use crate::app::app;
use crate::config::Settings;
use crate::net::conn::{self, Permitted, Refusals};
use crate::net::deadline::{self, Expired, TimedBody, Watch};
use crate::net::host::{self, HostList, Verdict};
use crate::net::tap::{H2Capture, Tap, TapHandle};
use crate::state::AppState;

/// The largest HTTP/1.1 request head hyper will buffer (it refuses bigger ones with 431).
const MAX_HTTP1_BUF: usize = 64 * 1024;

/// Binds, prints the URL, and serves until Ctrl-C.
pub async fn serve(settings: Settings) -> std::io::Result<()> {
    let (listener, state) = bind(settings).await?;
    // Tests and scripts read this line to learn the port (with --addr 127.0.0.1:0).
    println!("wiretrail listening on http://{}", state.settings.addr);
    tracing::info!(addr = %state.settings.addr, "listening");
    if let Some(classroom) = &state.classroom {
        // Written, not `println!`: a closed stdout (a script that read the first line and
        // went) must not stop the server.
        use std::io::Write as _;
        let text = crate::classroom::lan::announcement(state.settings.addr, classroom.token());
        let _ = writeln!(std::io::stdout(), "{text}");
    }
    run(listener, state, shutdown_signal()).await;
    Ok(())
}

/// Binds `settings.addr` and builds the state, its address the one bound (a port 0 made
/// real): what `serve` and `wiretrail push`, which serves itself quietly, share.
pub async fn bind(mut settings: Settings) -> std::io::Result<(TcpListener, AppState)> {
    let listener = TcpListener::bind(settings.addr).await?;
    settings.addr = listener.local_addr()?;
    Ok((listener, AppState::new(settings)))
}

/// The accept loop on `listener` until `stop`, then the bounded shutdown.
pub async fn run(listener: TcpListener, state: AppState, stop: impl Future<Output = ()>) {
    let router = app(state.clone());
    // Lab sessions whose page is gone are dropped every half minute.
    let ws_labs = state.ws.clone();
    let h2_labs = state.h2.clone();
    let push_labs = state.push.sessions.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(30));
        loop {
            tick.tick().await;
            ws_labs.reap();
            h2_labs.reap();
            push_labs.reap();
        }
    });
    // Taps hand connections that open with the HTTP/2 preface to the HTTP/2 lab's ring.
    let h2_capture: Arc<dyn H2Capture> = Arc::new(state.h2.captures.clone());
    let handshake_timeout = state.settings.handshake_timeout;

    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(handshake_timeout)
        .max_buf_size(MAX_HTTP1_BUF);
    builder
        .http2()
        .timer(TokioTimer::new())
        .max_concurrent_streams(100)
        .keep_alive_interval(Some(state.settings.ping_interval));
    let builder = Arc::new(builder);

    // One cap on every connection (`net::conn`); the names this server answers to
    // (`net::host`); the waits hyper leaves open (`net::deadline`).
    let permits = Arc::new(Semaphore::new(state.settings.max_connections));
    let refusals = Arc::new(Refusals::default());
    let limits = Arc::new(Limits::new(&state));

    let http_tasks = TaskTracker::new();
    tokio::pin!(stop);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                Err(e) => {
                    // Out of file descriptors, most likely: wait rather than spin.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut stop => break,
        };
        let Ok(permit) = permits.clone().try_acquire_owned() else {
            tracing::debug!(%peer, "connection cap reached: 503 and close");
            conn::refuse(stream, refusals.clone());
            continue;
        };
        let _ = stream.set_nodelay(true);
        let router = router.clone();
        let builder = builder.clone();
        let shutdown = state.shutdown.clone();
        let h2_capture = h2_capture.clone();
        let limits = limits.clone();
        http_tasks.spawn(async move {
            // The handshake deadline starts at accept: auto::Builder waits for the first bytes
            // (to tell HTTP/1.1 from the HTTP/2 preface) before hyper's own header timer runs.
            let mut first = [0u8; 1];
            match tokio::time::timeout(handshake_timeout, stream.peek(&mut first)).await {
                Ok(Ok(n)) if n > 0 => {}
                _ => {
                    tracing::debug!(%peer, "closed a connection that sent nothing in time");
                    return;
                }
            }
            // The permit goes with the socket, through an upgrade or a capture, and comes
            // back when the socket is dropped.
            let stream = Permitted::new(stream, permit);
            // Every connection goes through a tap; each of its requests carries the handle, so
            // a lab's handler can claim the connection's bytes (see `tap`); h2c connections
            // from other clients go to the HTTP/2 lab's captures.
            let (stream, tap) = Tap::with_capture(stream, h2_capture, peer);
            let watch = Arc::new(Watch::default());
            let service = {
                let watch = watch.clone();
                let limits = limits.clone();
                tower::service_fn(move |req: Request<Incoming>| {
                    let router = router.clone();
                    let tap = tap.clone();
                    let watch = watch.clone();
                    let limits = limits.clone();
                    async move {
                        Ok::<_, Infallible>(answer(router, req, &limits, &watch, tap, peer).await)
                    }
                })
            };
            let service = TowerToHyperService::new(service);
            let conn = builder.serve_connection_with_upgrades(TokioIo::new(stream), service);
            tokio::pin!(conn);
            let mut tick = tokio::time::interval(limits.tick);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            // Once a close is asked for, when it must be done by.
            let mut closing: Option<tokio::time::Instant> = None;
            let result = loop {
                tokio::select! {
                    result = conn.as_mut() => break result,
                    () = shutdown.cancelled(), if closing.is_none() => {
                        conn.as_mut().graceful_shutdown();
                        closing = Some(tokio::time::Instant::now() + limits.close);
                    }
                    _ = tick.tick() => {
                        if let Some(deadline) = closing {
                            if tokio::time::Instant::now() >= deadline {
                                tracing::debug!(%peer, "closed: the connection did not finish in time");
                                break Ok(());
                            }
                            continue;
                        }
                        match watch.expired(limits.keep_alive, limits.send) {
                            Some(Expired::Idle) => {
                                tracing::debug!(%peer, "closing an idle connection (--keep-alive-timeout)");
                                conn.as_mut().graceful_shutdown();
                                closing = Some(tokio::time::Instant::now() + IDLE_CLOSE_GRACE);
                            }
                            Some(Expired::Stalled) => {
                                tracing::info!(
                                    %peer,
                                    "closed a connection whose peer took no response bytes \
                                     for --send-timeout (a flow-control window left at zero?)"
                                );
                                break Ok(());
                            }
                            None => {}
                        }
                    }
                }
            };
            if let Err(e) = result {
                tracing::debug!(%peer, error = %e, "HTTP connection ended with an error");
            }
        });
    }

    tracing::info!("shutting down: sending Close 1001 to every WebSocket");
    state.shutdown.cancel();
    state.ws_tasks.close();
    http_tasks.close();
    let grace = state.settings.close_timeout + Duration::from_secs(1);
    let _ = tokio::time::timeout(grace, async {
        state.ws_tasks.wait().await;
        http_tasks.wait().await;
    })
    .await;
}

/// How long an idle connection asked to close (GOAWAY) may take to do so.
const IDLE_CLOSE_GRACE: Duration = Duration::from_secs(1);

/// What every connection's task needs to know of the settings.
#[derive(Debug)]
struct Limits {
    hosts: HostList,
    body: Duration,
    keep_alive: Duration,
    send: Duration,
    /// How long a connection may take to close at shutdown.
    close: Duration,
    /// How often a connection's watch is looked at.
    tick: Duration,
}

impl Limits {
    fn new(state: &AppState) -> Self {
        let s = &state.settings;
        let tick = (s.keep_alive_timeout.min(s.send_timeout) / 4)
            .clamp(Duration::from_millis(50), Duration::from_secs(1));
        Self {
            hosts: state.origins.hosts().clone(),
            body: s.body_timeout,
            keep_alive: s.keep_alive_timeout,
            send: s.send_timeout,
            close: s.close_timeout,
            tick,
        }
    }
}

/// One request: its `Host` judged (421, 400), its body given a deadline (408), its response
/// body watched for stalls, and then the app.
async fn answer(
    router: axum::Router,
    mut req: Request<Incoming>,
    limits: &Limits,
    watch: &Arc<Watch>,
    tap: TapHandle,
    peer: std::net::SocketAddr,
) -> Response<Body> {
    let version = req.version();
    let verdict = limits.hosts.check(
        version == Version::HTTP_11,
        req.headers()
            .get_all(header::HOST)
            .iter()
            .map(HeaderValue::as_bytes),
        req.uri().authority().map(|a| a.as_str()),
    );
    match verdict {
        Verdict::Allowed => {}
        Verdict::Unknown(host) => {
            tracing::info!(%peer, %host, "421: a Host not on the allow-list (DNS rebinding?)");
            return refusal(
                version,
                StatusCode::MISDIRECTED_REQUEST,
                host::misdirected_text(&host),
            );
        }
        bad => {
            let why = match bad {
                Verdict::Missing => "an HTTP/1.1 request must carry exactly one Host",
                Verdict::Duplicate => "a request must not carry two Host header lines",
                _ => "the Host is not a host name with an optional port",
            };
            tracing::info!(%peer, ?bad, "400: {why} (RFC 9112 §3.2)");
            return refusal(
                version,
                StatusCode::BAD_REQUEST,
                format!("400 Bad Request: {why} (RFC 9112 §3.2).\n"),
            );
        }
    }
    req.extensions_mut().insert(tap);
    // Who is asking, for classroom mode's rules.
    req.extensions_mut()
        .insert(axum::extract::ConnectInfo(peer));
    let flight = watch.begin();
    let timed_out = Arc::new(AtomicBool::new(false));
    let req = if req.body().is_end_stream() {
        req.map(Body::new)
    } else {
        let (limit, flag) = (limits.body, timed_out.clone());
        req.map(|body| Body::new(TimedBody::new(body, limit, flag)))
    };
    let response = match router.oneshot(req).await {
        Ok(response) => response,
        Err(never) => match never {},
    };
    if timed_out.load(Ordering::Acquire) {
        tracing::info!(%peer, "408: the request body did not arrive within --body-timeout");
        return refusal(
            version,
            StatusCode::REQUEST_TIMEOUT,
            "408 Request Timeout: the request body did not arrive in time (--body-timeout).\n"
                .to_owned(),
        );
    }
    let piece = (version == Version::HTTP_2).then_some(deadline::H2_PIECE);
    response.map(|body| flight.watch_body(body, piece))
}

/// A short plain-text answer written before (or instead of) the app's, which also ends an
/// HTTP/1.x connection.
fn refusal(version: Version, status: StatusCode, text: String) -> Response<Body> {
    let mut response = Response::new(Body::from(text));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if version < Version::HTTP_2 {
        headers.insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    response
}

/// Ctrl-C, or SIGTERM where there is such a thing.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
