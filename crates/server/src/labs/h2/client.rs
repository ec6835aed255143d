//! The lab's own HTTP/2 client: the server opens a TCP connection to its own address and
//! speaks HTTP/2 with prior knowledge (h2c, RFC 9113 §3.3) through hyper's real client, its
//! socket wrapped in a [`Tap`] claimed by the session from the first byte.
//!
//! hyper keeps the connection, so a second request reuses it (and both ends' HPACK dynamic
//! tables), and requests made at once share it as streams 1, 3, 5… What hyper's client does
//! not expose — sending a PING on demand, cancelling a stream at once — goes over a short
//! raw connection whose frames are encoded with the `http2` crate ([`raw`]).

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use http_body_util::{BodyExt, Empty};
use http2::error_code::ErrorCode;
use http2::frame::{GoAway, Headers, Ping, RstStream, Settings};
use http2::hpack::{Encoder, HeaderField};
use hyper::body::Bytes;
use hyper::client::conn::http2::SendRequest;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::H2Labs;
use super::session::{ConnSink, H2Session};
use crate::labs::event::{LabEvent, Side};
use crate::net::tap::{Tap, TapSink};

/// The longest the lab waits to connect, for a response, or for a body.
const WAIT: Duration = Duration::from_secs(10);
/// The most body bytes the lab's client reads of a response (the rest is dropped).
const MAX_BODY: usize = 256 * 1024;
/// The lab client's stream flow-control window: small (the RFC's default is 65,535), so
/// that a page of a few tens of KiB arrives in several DATA frames, the server waits for
/// credit, and the client's WINDOW_UPDATE frames refill the window (RFC 9113 §5.2, §6.9).
const STREAM_WINDOW: u32 = 16 * 1024;
/// The lab client's connection window: the RFC's initial 65,535 bytes, left as it is.
const CONNECTION_WINDOW: u32 = 65_535;
/// The most paths one request call may name.
pub const MAX_PATHS: usize = 8;

/// What the lab's client could not do, in a sentence for the page.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// Another call holds the session's connection for longer than the lab waits.
    #[error("the session is busy")]
    Busy,
    /// The TCP connection to the server's own address did not complete in time.
    #[error("connecting took too long")]
    ConnectTimeout,
    /// The TCP connection to the server's own address failed.
    #[error("cannot connect: {0}")]
    Connect(std::io::Error),
    /// The operating system would not say which address the client's socket has.
    #[error("cannot read the client socket's address: {0}")]
    LocalAddr(std::io::Error),
    /// A session follows a few connections at most.
    #[error("too many connections in this session")]
    TooManyConnections,
    /// hyper's client could not start HTTP/2 on the connection.
    #[error("the HTTP/2 handshake failed: {0}")]
    Handshake(hyper::Error),
    /// `close` on a session without an open connection.
    #[error("this session has no open HTTP/2 connection")]
    NotOpen,
    /// A request could not be built from the path.
    #[error("bad request: {0}")]
    Request(hyper::http::Error),
    /// hyper's client failed a request (the connection broke, or the server reset the
    /// stream); hyper's sentence.
    #[error("{0}")]
    Http(hyper::Error),
    /// The server sent no (whole) answer within the lab's wait.
    #[error("no answer in time")]
    NoAnswer,
    /// A hand-written frame could not be encoded (the `http2` crate's sentence).
    #[error("{0}")]
    Encode(http2::error::Error),
    /// Writing the hand-written frames failed.
    #[error("cannot write to the server: {0}")]
    Write(std::io::Error),
}

/// The lab's open HTTP/2 client connection.
#[derive(Debug)]
pub struct ClientConn {
    send: SendRequest<Empty<Bytes>>,
    n: u32,
}

/// Makes `paths` as GET requests on the session's connection (opened if there is none): one
/// after the other, or all at once.
pub async fn request(
    labs: &H2Labs,
    session: &Arc<H2Session>,
    listening: SocketAddr,
    paths: &[String],
    concurrent: bool,
) -> Result<(), ClientError> {
    let addr = reachable(listening);
    let mut conn = tokio::time::timeout(WAIT, session.client.lock())
        .await
        .map_err(|_| ClientError::Busy)?;
    let (send, n) = match conn.as_ref() {
        Some(c) if !c.send.is_closed() => (c.send.clone(), c.n),
        _ => {
            let c = connect(labs, session, addr).await?;
            let pair = (c.send.clone(), c.n);
            *conn = Some(c);
            pair
        }
    };
    drop(conn);
    let how = if concurrent && paths.len() > 1 {
        "at once, each on its own stream of the same connection"
    } else {
        "one after the other on the same connection"
    };
    session.event(LabEvent::Request {
        connection: n,
        direction: Side::Client,
        paths: Some(paths.to_vec()),
        text: format!("GET {} — {how}", paths.join(", ")),
    });
    if concurrent {
        let all = paths.iter().map(|p| get(send.clone(), addr, p));
        for (path, result) in paths.iter().zip(futures_util::future::join_all(all).await) {
            report(session, n, path, result);
        }
    } else {
        for path in paths {
            let result = get(send.clone(), addr, path).await;
            report(session, n, path, result);
        }
    }
    Ok(())
}

/// The address to connect to: the listening one, with loopback for "every interface".
pub fn reachable(listening: SocketAddr) -> SocketAddr {
    let mut addr = listening;
    if addr.ip().is_unspecified() {
        addr.set_ip(match addr {
            SocketAddr::V4(_) => std::net::Ipv4Addr::LOCALHOST.into(),
            SocketAddr::V6(_) => std::net::Ipv6Addr::LOCALHOST.into(),
        });
    }
    addr
}

/// Closes the lab's connection: hyper's client sends GOAWAY and the TCP connection ends.
pub async fn close(session: &H2Session) -> Result<(), ClientError> {
    let mut conn = tokio::time::timeout(WAIT, session.client.lock())
        .await
        .map_err(|_| ClientError::Busy)?;
    conn.take().map(drop).ok_or(ClientError::NotOpen)
}

fn report(session: &H2Session, n: u32, path: &str, result: Result<(u16, usize), ClientError>) {
    let text = match result {
        Ok((status, len)) => format!("{path}: {status}, {len} bytes of body"),
        Err(e) => format!("{path}: {e}"),
    };
    session.event(LabEvent::conn_note(n, Some(Side::Server), text));
}

async fn connect(
    labs: &H2Labs,
    session: &Arc<H2Session>,
    addr: SocketAddr,
) -> Result<ClientConn, ClientError> {
    let (stream, local, sink, n) = open(session, addr).await?;
    // Before the first byte: the accept loop must not take it for another client's h2c.
    labs.captures.own(local);
    session.event(LabEvent::conn_note(
        n,
        None,
        format!(
            "Connection {n}: a new TCP connection from {local} to {addr}. No Upgrade and no \
             TLS: the client knows the server speaks HTTP/2 (prior knowledge, RFC 9113 §3.3), \
             so its first bytes are the preface."
        ),
    ));
    let tap = Tap::claimed(stream, sink as Arc<dyn TapSink>);
    let (send, connection) = hyper::client::conn::http2::Builder::new(TokioExecutor::new())
        .timer(TokioTimer::new())
        .initial_stream_window_size(STREAM_WINDOW)
        .initial_connection_window_size(CONNECTION_WINDOW)
        .handshake::<_, Empty<Bytes>>(TokioIo::new(tap))
        .await
        .map_err(ClientError::Handshake)?;
    let labs = labs.clone();
    tokio::spawn(async move {
        if let Err(e) = connection.await {
            tracing::debug!(error = %e, "the lab's HTTP/2 client connection ended");
        }
        labs.captures.forget(local);
    });
    Ok(ClientConn { send, n })
}

/// A TCP connection to the server's own address, and a sink of the session for it.
async fn open(
    session: &Arc<H2Session>,
    addr: SocketAddr,
) -> Result<(TcpStream, SocketAddr, Arc<ConnSink>, u32), ClientError> {
    let stream = tokio::time::timeout(WAIT, TcpStream::connect(addr))
        .await
        .map_err(|_| ClientError::ConnectTimeout)?
        .map_err(ClientError::Connect)?;
    let _ = stream.set_nodelay(true);
    let local = stream.local_addr().map_err(ClientError::LocalAddr)?;
    let (sink, n) = session
        .connection(true, Some((local, addr)))
        .ok_or(ClientError::TooManyConnections)?;
    Ok((stream, local, sink, n))
}

/// One GET; the status and how many body bytes came (at most [`MAX_BODY`] are read).
async fn get(
    mut send: SendRequest<Empty<Bytes>>,
    addr: SocketAddr,
    path: &str,
) -> Result<(u16, usize), ClientError> {
    let request = hyper::Request::get(format!("http://{addr}{path}"))
        .body(Empty::new())
        .map_err(ClientError::Request)?;
    let work = async {
        send.ready().await.map_err(ClientError::Http)?;
        let response = send
            .send_request(request)
            .await
            .map_err(ClientError::Http)?;
        let status = response.status().as_u16();
        let mut body = response.into_body();
        let mut len = 0;
        while len < MAX_BODY {
            match body.frame().await {
                Some(Ok(frame)) => len += frame.data_ref().map_or(0, Bytes::len),
                Some(Err(e)) => return Err(ClientError::Http(e)),
                None => break,
            }
        }
        Ok((status, len))
    };
    tokio::time::timeout(WAIT, work)
        .await
        .map_err(|_| ClientError::NoAnswer)?
}

/// What the raw connection does after the preface and SETTINGS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Raw {
    /// A PING; the server answers with the same 8 bytes and ACK (RFC 9113 §6.7).
    Ping,
    /// A GET on stream 1, cancelled at once with RST_STREAM CANCEL (RFC 9113 §6.4).
    Abort,
}

/// A short connection of hand-encoded frames: preface, SETTINGS, then a PING or a cancelled
/// request; it reads the server's answers for a moment and ends with GOAWAY.
pub async fn raw(
    labs: &H2Labs,
    session: &Arc<H2Session>,
    listening: SocketAddr,
    what: Raw,
) -> Result<(), ClientError> {
    let addr = reachable(listening);
    let (stream, local, sink, n) = open(session, addr).await?;
    labs.captures.own(local);
    let text = match what {
        Raw::Ping => "a PING: hyper's client sends PINGs only on its keep-alive timer",
        Raw::Abort => "a request on stream 1 cancelled at once with RST_STREAM",
    };
    session.event(LabEvent::Request {
        connection: n,
        direction: Side::Client,
        paths: None,
        text: format!("Connection {n}: frames written by hand with the http2 crate — {text}."),
    });
    let mut tap = Tap::claimed(stream, sink as Arc<dyn TapSink>);
    let result = raw_frames(&mut tap, addr, what).await;
    labs.captures.forget(local);
    result
}

async fn raw_frames(
    tap: &mut Tap<TcpStream>,
    addr: SocketAddr,
    what: Raw,
) -> Result<(), ClientError> {
    let enc = ClientError::Encode;
    let mut out = http2::frame::PREFACE.to_vec();
    Settings::new(Vec::new()).encode(&mut out).map_err(enc)?;
    match what {
        Raw::Ping => Ping {
            ack: false,
            data: *b"wiretrl!",
        }
        .encode(&mut out)
        .map_err(enc)?,
        Raw::Abort => {
            let mut block = Vec::new();
            let authority = addr.to_string();
            Encoder::new().encode(
                &[
                    HeaderField::new(":method", "GET"),
                    HeaderField::new(":scheme", "http"),
                    HeaderField::new(":authority", authority.as_bytes()),
                    HeaderField::new(":path", "/static/lab.css"),
                ],
                &mut block,
            );
            Headers {
                stream_id: 1,
                end_stream: true,
                end_headers: true,
                pad_length: None,
                priority: None,
                fragment: block,
            }
            .encode(&mut out)
            .map_err(enc)?;
            RstStream {
                stream_id: 1,
                error_code: ErrorCode::Cancel,
            }
            .encode(&mut out)
            .map_err(enc)?;
        }
    }
    tap.write_all(&out).await.map_err(ClientError::Write)?;
    // Read what the server answers for a moment (its SETTINGS, ACKs, the PING's echo).
    let mut buf = vec![0u8; 16 * 1024];
    let deadline = tokio::time::Instant::now() + Duration::from_millis(400);
    while let Ok(Ok(n)) = tokio::time::timeout_at(deadline, tap.read(&mut buf)).await {
        if n == 0 {
            break;
        }
    }
    let mut out = Vec::new();
    Settings::ack().encode(&mut out).map_err(enc)?;
    GoAway {
        last_stream_id: 0,
        error_code: ErrorCode::NoError,
        debug_data: Vec::new(),
    }
    .encode(&mut out)
    .map_err(enc)?;
    tap.write_all(&out).await.map_err(ClientError::Write)?;
    let _ = tap.shutdown().await;
    let _ = tokio::time::timeout(Duration::from_millis(400), tap.read(&mut buf)).await;
    Ok(())
}
