//! An echo server on tokio-websockets, as its own example (`examples/echo_server.rs`)
//! writes it: `ServerBuilder::accept` on the TCP stream, each Text or Binary message sent
//! back, a current-thread runtime and an unconstrained task per connection. Prints
//! `listening on ws://127.0.0.1:PORT`.

use futures_util::{SinkExt, StreamExt};
use tokio::net::TcpListener;
use tokio_websockets::{Config, Limits, ServerBuilder};

fn main() -> std::io::Result<()> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    rt.block_on(async {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        println!("listening on ws://{}", listener.local_addr()?);
        loop {
            let (stream, _) = listener.accept().await?;
            let _ = stream.set_nodelay(true);
            tokio::spawn(tokio::task::unconstrained(async move {
                let Ok((_request, mut server)) = ServerBuilder::new()
                    .config(Config::default().frame_size(usize::MAX))
                    .limits(Limits::unlimited())
                    .accept(stream)
                    .await
                else {
                    return;
                };
                while let Some(Ok(message)) = server.next().await {
                    if (message.is_text() || message.is_binary())
                        && server.send(message).await.is_err()
                    {
                        break;
                    }
                }
            }));
        }
    })
}
