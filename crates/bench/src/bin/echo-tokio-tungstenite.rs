//! An echo server on tokio-tungstenite, as its own example (`examples/echo-server.rs`)
//! writes it: `accept_async`, then the Text and Binary messages of the read half forwarded
//! to the write half (the runtime: [`serve_peer`], current-thread like the other peers').

use futures_util::{StreamExt, TryStreamExt, future};
use wiretrail_bench::serve_peer;

fn main() -> std::io::Result<()> {
    serve_peer(|stream| async move {
        let Ok(ws) = tokio_tungstenite::accept_async(stream).await else {
            return;
        };
        let (write, read) = ws.split();
        let _ = read
            .try_filter(|m| future::ready(m.is_text() || m.is_binary()))
            .forward(write)
            .await;
    })
}
