//! The accept loop: our own, instead of `axum::serve`, so that every connection goes through
//! hyper-util's `auto::Builder` with upgrades on (HTTP/1.1 upgrades to WebSocket, and HTTP/2
//! with prior knowledge, share one port) and so that later a lab can tap a connection's bytes.
//!
//! Shutdown (Ctrl-C or SIGTERM): stop accepting, tell every WebSocket to send Close 1001
//! (Going Away), let HTTP connections finish their current request, and wait — boundedly —
//! for both.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use hyper::Request;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio_util::task::TaskTracker;
use tower::ServiceExt;

use crate::app::app;
use crate::config::Settings;
use crate::net::tap::{H2Capture, Tap};
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
        let _ = stream.set_nodelay(true);
        let router = router.clone();
        let builder = builder.clone();
        let shutdown = state.shutdown.clone();
        let h2_capture = h2_capture.clone();
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
            // Every connection goes through a tap; each of its requests carries the handle, so
            // a lab's handler can claim the connection's bytes (see `tap`); h2c connections
            // from other clients go to the HTTP/2 lab's captures.
            let (stream, tap) = Tap::with_capture(stream, h2_capture, peer);
            let service =
                TowerToHyperService::new(router.map_request(move |mut req: Request<Incoming>| {
                    req.extensions_mut().insert(tap.clone());
                    // Who is asking, for classroom mode's rules.
                    req.extensions_mut()
                        .insert(axum::extract::ConnectInfo(peer));
                    req
                }));
            let conn = builder.serve_connection_with_upgrades(TokioIo::new(stream), service);
            tokio::pin!(conn);
            let result = tokio::select! {
                result = conn.as_mut() => result,
                () = shutdown.cancelled() => {
                    conn.as_mut().graceful_shutdown();
                    conn.await
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
