//! # wiretrail's load tools
//!
//! Benchmarks that put wiretrail next to something else *in the same run*, on this machine,
//! each server pinned to one core (`taskset -c 0`) and the load on the other (`taskset -c 1`):
//!
//! - `bench echo`: wiretrail's `/ws/echo` against echo servers built here on
//!   tokio-tungstenite, fastwebsockets and tokio-websockets (`src/bin/echo-*.rs`, each the
//!   peer's own example echo loop), messages per second per size on one connection;
//! - `bench lab`: the lab socket `/ws/lab?session=…`, with and without a page reading its
//!   event stream, against `/ws/echo`;
//! - `bench pages`: a chapter page and `/print.html` from wiretrail against nginx serving
//!   the same bytes with the same headers, requests per second by `wrk`.
//!
//! The WebSocket load client ([`client`]) speaks raw RFC 6455 over tokio: one connection,
//! masked binary frames built once, a bounded number in flight, the echoes checked, bounded
//! in count and in time. Every figure is the median of several runs taken in
//! turn (server A, B, C, then A, B, C again), printed with the spread and the machine
//! ([`report`]): the machine is shared, so the spread says how far to trust a median.

pub mod client;
pub mod http;
pub mod report;
pub mod spawn;

/// What every peer's echo server shares: a current-thread runtime (as the peers' own
/// examples use), a listener on a free loopback port announced as
/// `listening on ws://127.0.0.1:PORT`, and one task per connection, each given to `each`.
pub fn serve_peer<F, Fut>(each: F) -> std::io::Result<()>
where
    F: Fn(tokio::net::TcpStream) -> Fut,
    Fut: std::future::Future<Output = ()> + 'static,
{
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let local = tokio::task::LocalSet::new();
    local.block_on(&rt, async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        println!("listening on ws://{}", listener.local_addr()?);
        loop {
            let (stream, _) = listener.accept().await?;
            let _ = stream.set_nodelay(true);
            tokio::task::spawn_local(each(stream));
        }
    })
}

/// Errors are reported, not recovered from: a benchmark that cannot run says why and stops.
pub type Result<T> = std::result::Result<T, Box<dyn std::error::Error + Send + Sync>>;
