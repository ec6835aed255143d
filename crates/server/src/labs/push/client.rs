//! The server's own client for each technique, over loopback: what `POST /api/push/run` and
//! `wiretrail push` run against the server itself.
//!
//! It asks exactly what the lab page asks, on connections the server's accept loop taps
//! like any other (so the headless figures and the page's come from the same meter), and it
//! reads what arrives with the same [`Content`] readers the meter uses: an event counts as
//! received when its last byte has been parsed here, on the session's clock. The HTTP
//! techniques go through hyper's HTTP/1.1 client (which takes the chunked coding off); the
//! WebSocket is this module's own loop around the `websocket` crate's client-role
//! [`Connection`] — the one client side of a WebSocket in the server, as `net::driver` is
//! the one server side.
//!
//! Each client behaves like the page's: polling waits `poll_ms` after each answer; long
//! polling asks again at once; Server-Sent Events reconnects after the `retry` time the
//! stream set, sending `Last-Event-ID`, and stops on 204 (HTML §9.2.3); the WebSocket
//! answers the server's Close. Every wait ends at the feed's deadline.

use std::net::SocketAddr;
use std::time::Duration;

use http_body_util::{BodyExt, Empty};
use hyper::body::{Bytes, Incoming};
use hyper::client::conn::http1::SendRequest;
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::timeout_at;
use websocket::connection::{Config, Connection, Event, Message, Role};

use super::Technique;
use super::feed::{Feed, counter};
use super::measure::content::Content;
use super::session::PushSession;

/// How long the client waits for the reconnection time an event stream did not set.
const DEFAULT_RETRY: Duration = Duration::from_millis(200);
/// The longest reconnection wait it accepts from a stream.
const MAX_RETRY: Duration = Duration::from_secs(2);
/// The most times it reconnects an event stream.
const MAX_RECONNECTS: usize = 10;
/// The most bytes of a WebSocket handshake response it reads.
const MAX_HANDSHAKE: usize = 16 * 1024;

/// Why the client could not receive the feed, in a sentence.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    #[error("cannot connect to the server: {0}")]
    Connect(std::io::Error),
    #[error("the HTTP exchange failed: {0}")]
    Http(#[from] hyper::Error),
    #[error("the request could not be built: {0}")]
    Request(#[from] hyper::http::Error),
    #[error("the server answered {0}")]
    Status(u16),
    #[error("the WebSocket handshake failed: {0}")]
    Handshake(&'static str),
    #[error("reading or writing the socket failed: {0}")]
    Io(std::io::Error),
    #[error("the feed's deadline passed")]
    TimedOut,
}

/// One event as the client received it.
#[derive(Debug, Clone, PartialEq)]
pub struct Got {
    /// Its counter.
    pub n: Option<u32>,
    /// When its last byte was parsed, on the session's clock.
    pub at_ms: f64,
    /// Its bytes are the ones the feed published for that counter.
    pub payload_ok: bool,
}

/// Where to ask, and what for.
#[derive(Debug, Clone)]
pub struct Target {
    pub addr: SocketAddr,
    pub session: String,
    pub run: u32,
}

/// What the client has received so far.
struct Inbox<'a> {
    feed: &'a Feed,
    session: &'a PushSession,
    got: Vec<Got>,
    last: u32,
}

impl Inbox<'_> {
    fn take(&mut self, payload: &[u8]) {
        let at_ms = self.session.now_ms();
        let n = counter(payload);
        let payload_ok = n.is_some_and(|n| self.feed.payload(n) == payload);
        if let Some(n) = n {
            self.last = self.last.max(n);
        }
        self.got.push(Got {
            n,
            at_ms,
            payload_ok,
        });
    }

    fn done(&self) -> bool {
        self.last >= self.feed.params().events
    }
}

/// Receives the run's feed by `technique`, until its last event or its deadline.
pub async fn receive(
    technique: Technique,
    target: &Target,
    feed: &Feed,
    session: &PushSession,
) -> Result<Vec<Got>, ClientError> {
    let mut inbox = Inbox {
        feed,
        session,
        got: Vec::new(),
        last: 0,
    };
    let deadline = feed.deadline();
    let work = async {
        match technique {
            Technique::Poll | Technique::LongPoll => polls(technique, target, &mut inbox).await,
            Technique::Iframe | Technique::Streaming => {
                let mut http = Http::connect(target.addr).await?;
                let path = path(target, technique, "");
                let body = http.get(&path, &[]).await?;
                // Read to the body's end, as a browser does: the exchange then ends whole.
                read(body, &mut Content::new(technique), &mut inbox, true).await
            }
            Technique::Sse => sse(target, &mut inbox).await,
            Technique::WebSocket => websocket(target, &mut inbox).await,
        }
    };
    match timeout_at(deadline, work).await {
        Ok(result) => result?,
        Err(_) if !inbox.got.is_empty() => {}
        Err(_) => return Err(ClientError::TimedOut),
    }
    Ok(inbox.got)
}

fn path(target: &Target, technique: Technique, extra: &str) -> String {
    format!(
        "/api/lab/push/{}/{}?run={}{extra}",
        target.session,
        technique.name(),
        target.run
    )
}

/// An HTTP/1.1 client connection (kept alive from request to request).
struct Http {
    send: SendRequest<Empty<Bytes>>,
    host: String,
}

impl Http {
    async fn connect(addr: SocketAddr) -> Result<Http, ClientError> {
        let stream = TcpStream::connect(addr)
            .await
            .map_err(ClientError::Connect)?;
        let _ = stream.set_nodelay(true);
        let (send, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
        tokio::spawn(async move {
            if let Err(e) = conn.await {
                tracing::debug!(error = %e, "a push lab client connection ended");
            }
        });
        Ok(Http {
            send,
            host: addr.to_string(),
        })
    }

    /// A GET; the response if its status is 200 or 204 (which `read` sees as empty).
    async fn get(
        &mut self,
        path: &str,
        headers: &[(&str, &str)],
    ) -> Result<hyper::Response<Incoming>, ClientError> {
        let mut request = hyper::Request::get(path).header("host", &self.host);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let request = request.body(Empty::new())?;
        self.send.ready().await?;
        let response = self.send.send_request(request).await?;
        match response.status().as_u16() {
            200 | 204 => Ok(response),
            other => Err(ClientError::Status(other)),
        }
    }
}

/// Reads a body as it arrives, event by event, until it ends (`to_end`), or until it ends
/// or the feed is all here.
async fn read(
    response: hyper::Response<Incoming>,
    content: &mut Content,
    inbox: &mut Inbox<'_>,
    to_end: bool,
) -> Result<(), ClientError> {
    let mut body = response.into_body();
    while let Some(frame) = body.frame().await {
        if let Some(data) = frame?.data_ref() {
            for (_, step) in content.steps(data) {
                if let Some(payload) = step.event {
                    inbox.take(&payload);
                }
            }
        }
        if inbox.done() && !to_end {
            break;
        }
    }
    Ok(())
}

/// Polling and long polling: a GET for what came after the last event, again and again.
async fn polls(
    technique: Technique,
    target: &Target,
    inbox: &mut Inbox<'_>,
) -> Result<(), ClientError> {
    let mut http = Http::connect(target.addr).await?;
    let wait = inbox.feed.params().poll();
    while !inbox.done() {
        let path = path(target, technique, &format!("&after={}", inbox.last));
        let response = http.get(&path, &[]).await?;
        read(response, &mut Content::new(technique), inbox, true).await?;
        if technique == Technique::Poll && !inbox.done() {
            tokio::time::sleep(wait).await;
        }
    }
    Ok(())
}

/// Server-Sent Events: reconnects with `Last-Event-ID` when the stream ends early.
async fn sse(target: &Target, inbox: &mut Inbox<'_>) -> Result<(), ClientError> {
    let mut last_id = String::new();
    let mut retry = DEFAULT_RETRY;
    for _ in 0..=MAX_RECONNECTS {
        let mut http = Http::connect(target.addr).await?;
        let path = path(target, Technique::Sse, "");
        let mut headers = vec![("accept", "text/event-stream")];
        if !last_id.is_empty() {
            headers.push(("last-event-id", last_id.as_str()));
        }
        let response = http.get(&path, &headers).await?;
        if response.status() == 204 {
            // HTML §9.2.3: 204 No Content tells the client to stop reconnecting.
            return Ok(());
        }
        let mut content = Content::new(Technique::Sse);
        // An EventSource closes once it has what it wants (the page does).
        read(response, &mut content, inbox, false).await?;
        if let Content::Sse(parser) = &content {
            if !parser.last_event_id().is_empty() {
                last_id = parser.last_event_id().to_owned();
            }
            if let Some(ms) = parser.retry() {
                retry = Duration::from_millis(ms).min(MAX_RETRY);
            }
        }
        if inbox.done() {
            return Ok(());
        }
        tokio::time::sleep(retry).await;
    }
    Ok(())
}

/// A WebSocket: the opening handshake by hand (RFC 6455 §4.1), then the frames through the
/// `websocket` crate's client-role connection, answering the server's Close (§5.5.1).
async fn websocket(target: &Target, inbox: &mut Inbox<'_>) -> Result<(), ClientError> {
    let mut stream = TcpStream::connect(target.addr)
        .await
        .map_err(ClientError::Connect)?;
    let _ = stream.set_nodelay(true);
    let mut key = [0u8; 16];
    getrandom::fill(&mut key).map_err(|_| ClientError::Handshake("no randomness"))?;
    let key = base64_key(&key);
    let request = format!(
        "GET /ws/push?session={}&run={} HTTP/1.1\r\nHost: {}\r\nUpgrade: websocket\r\n\
         Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n",
        target.session, target.run, target.addr
    );
    stream
        .write_all(request.as_bytes())
        .await
        .map_err(ClientError::Io)?;
    let mut buf = Vec::new();
    let mut chunk = vec![0u8; 16 * 1024];
    let end = loop {
        let n = stream.read(&mut chunk).await.map_err(ClientError::Io)?;
        if n == 0 {
            return Err(ClientError::Handshake("the server closed the connection"));
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(end) = http1::find_end(&buf) {
            break end;
        }
        if buf.len() > MAX_HANDSHAKE {
            return Err(ClientError::Handshake("the response head is too long"));
        }
    };
    let head = http1::parse_response(&buf[..end], http1::Limits::default())
        .ok()
        .flatten()
        .ok_or(ClientError::Handshake("the response is not HTTP/1.1"))?;
    if head.status != 101 {
        return Err(ClientError::Status(head.status));
    }
    let accept = websocket::handshake::accept_key(key.as_bytes());
    if head.values("sec-websocket-accept").next() != Some(accept.as_bytes()) {
        return Err(ClientError::Handshake(
            "Sec-WebSocket-Accept is not the key's (RFC 6455 §4.1)",
        ));
    }
    let mut conn = Connection::new(Role::Client, Config::default());
    conn.feed(&buf[end..]);
    let mut out = Vec::new();
    loop {
        while let Some(event) = conn.next_event().ok().flatten() {
            match event {
                Event::Message(Message::Text(text)) => inbox.take(text.as_bytes()),
                Event::Message(Message::Binary(data)) => inbox.take(&data),
                Event::Ping(payload) => {
                    let _ = conn.send_pong(&payload, &mut out);
                }
                Event::Pong(_) => {}
                Event::Close(frame) => {
                    let _ = conn.send_close(frame.map(|f| f.code), "", &mut out);
                }
            }
        }
        if !out.is_empty() {
            stream.write_all(&out).await.map_err(ClientError::Io)?;
            out.clear();
        }
        if conn.is_closed() || conn.error().is_some() {
            return Ok(());
        }
        let n = stream.read(&mut chunk).await.map_err(ClientError::Io)?;
        if n == 0 {
            return Ok(());
        }
        conn.feed(&chunk[..n]);
    }
}

/// 16 bytes in base64, as `Sec-WebSocket-Key` wants them (RFC 6455 §4.1).
fn base64_key(key: &[u8; 16]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(key)
}

#[cfg(test)]
mod tests {
    use super::base64_key;

    #[test]
    fn the_key_is_base64_of_16_bytes() {
        // RFC 6455 §4.1's example key is the base64 of "the sample nonce".
        assert_eq!(base64_key(b"the sample nonce"), "dGhlIHNhbXBsZSBub25jZQ==");
    }
}
