//! An echo server on tokio-websockets, as its own example (`examples/echo_server.rs`)
//! writes it: `ServerBuilder::accept` on the TCP stream, each Text or Binary message sent
//! back, an unconstrained task per connection (the runtime: [`serve_peer`]).

use futures_util::{SinkExt, StreamExt};
use tokio_websockets::{Config, Limits, ServerBuilder};
use wiretrail_bench::serve_peer;

fn main() -> std::io::Result<()> {
    serve_peer(|stream| {
        tokio::task::unconstrained(async move {
            let Ok((_request, mut server)) = ServerBuilder::new()
                .config(Config::default().frame_size(usize::MAX))
                .limits(Limits::unlimited())
                .accept(stream)
                .await
            else {
                return;
            };
            while let Some(Ok(message)) = server.next().await {
                if (message.is_text() || message.is_binary()) && server.send(message).await.is_err()
                {
                    break;
                }
            }
        })
    })
}
