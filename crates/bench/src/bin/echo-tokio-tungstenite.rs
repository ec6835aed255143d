//! An echo server on tokio-tungstenite, as its own example (`examples/echo-server.rs`)
//! writes it: `accept_async`, then the Text and Binary messages of the read half forwarded
//! to the write half; on a current-thread runtime like the other peers. Prints
//! `listening on ws://127.0.0.1:PORT`.

use futures_util::{StreamExt, TryStreamExt, future};
use tokio::net::TcpListener;

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
            tokio::spawn(async move {
                let Ok(ws) = tokio_tungstenite::accept_async(stream).await else {
                    return;
                };
                let (write, read) = ws.split();
                let _ = read
                    .try_filter(|m| future::ready(m.is_text() || m.is_binary()))
                    .forward(write)
                    .await;
            });
        }
    })
}
