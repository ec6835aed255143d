//! Just enough HTTP/1.1 (RFC 9112) for the benchmarks' own set-up: fetch a page's exact
//! bytes and headers, create a lab session, and read an event stream as a page would.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::oneshot;

use crate::Result;

/// The most bytes of a response head the tools accept.
const MAX_HEAD: usize = 64 * 1024;
/// The most bytes of a response body the tools accept.
const MAX_BODY: usize = 64 << 20;
/// How long a set-up request may take.
const TIMEOUT: Duration = Duration::from_secs(10);

/// A response, as read from the wire.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    /// Header names in lower case, values as sent.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Reads a response head (up to the blank line); returns it and the bytes after it.
pub async fn read_head(stream: &mut TcpStream) -> Result<(String, Vec<u8>)> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let rest = buf.split_off(end + 4);
            return Ok((String::from_utf8_lossy(&buf).into_owned(), rest));
        }
        if buf.len() > MAX_HEAD {
            return Err("response head too long".into());
        }
        let n = tokio::time::timeout(TIMEOUT, stream.read(&mut chunk))
            .await
            .map_err(|_| "no response head in time")??;
        if n == 0 {
            return Err("connection closed before the response head".into());
        }
        buf.extend_from_slice(&chunk[..n]);
    }
}

/// Sends one request (with `Connection: close`) and reads the whole response, whose body
/// must have a Content-Length.
pub async fn request(
    host: &str,
    method: &str,
    path: &str,
    extra_headers: &[(&str, &str)],
    body: &[u8],
) -> Result<Response> {
    let mut stream = TcpStream::connect(host).await?;
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n");
    for (name, value) in extra_headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    if method == "POST" {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
        // wiretrail refuses a POST to /api/ without it (what a cross-site page cannot send).
        head.push_str("X-Wiretrail: 1\r\n");
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).await?;
    stream.write_all(body).await?;
    let (head, mut rest) = read_head(&mut stream).await?;
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .ok_or("no status line")?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let len: usize = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    if len > MAX_BODY {
        return Err("response body too long".into());
    }
    let mut chunk = vec![0u8; 64 * 1024];
    while rest.len() < len {
        let n = tokio::time::timeout(TIMEOUT, stream.read(&mut chunk))
            .await
            .map_err(|_| "no response body in time")??;
        if n == 0 {
            break;
        }
        rest.extend_from_slice(&chunk[..n]);
    }
    rest.truncate(len);
    Ok(Response {
        status,
        headers,
        body: rest,
    })
}

/// `GET path` with these request headers.
pub async fn get(host: &str, path: &str, headers: &[(&str, &str)]) -> Result<Response> {
    request(host, "GET", path, headers, b"").await
}

/// Creates a WebSocket lab session (`POST /api/lab/sessions`) and returns its id.
pub async fn lab_session(host: &str) -> Result<String> {
    let origin = format!("http://{host}");
    let response = request(
        host,
        "POST",
        "/api/lab/sessions",
        &[("Content-Type", "application/json"), ("Origin", &origin)],
        b"{}",
    )
    .await?;
    if response.status != 201 {
        return Err(format!("POST /api/lab/sessions: {}", response.status).into());
    }
    let body = String::from_utf8_lossy(&response.body);
    // {"id":"…",…}: the id is the first string value after "id".
    let id = body
        .split_once("\"id\":\"")
        .and_then(|(_, rest)| rest.split_once('"'))
        .map(|(id, _)| id.to_owned())
        .ok_or("no id in the session")?;
    Ok(id)
}

/// A page reading a lab's event stream: it reads and discards until stopped.
#[derive(Debug)]
pub struct EventReader {
    stop: Option<oneshot::Sender<()>>,
    done: tokio::task::JoinHandle<u64>,
}

impl EventReader {
    /// Opens `GET /lab/events/{id}` and starts reading it.
    pub async fn open(host: &str, id: &str) -> Result<EventReader> {
        let mut stream = TcpStream::connect(host).await?;
        let request = format!(
            "GET /lab/events/{id} HTTP/1.1\r\nHost: {host}\r\nAccept: text/event-stream\r\n\r\n"
        );
        stream.write_all(request.as_bytes()).await?;
        let (head, rest) = read_head(&mut stream).await?;
        if !head.starts_with("HTTP/1.1 200") {
            return Err(format!("the event stream answered {head:?}").into());
        }
        let (stop, mut stopped) = oneshot::channel();
        let done = tokio::spawn(async move {
            let mut read = rest.len() as u64;
            let mut chunk = vec![0u8; 64 * 1024];
            loop {
                tokio::select! {
                    _ = &mut stopped => break,
                    n = stream.read(&mut chunk) => match n {
                        Ok(n) if n > 0 => read += n as u64,
                        _ => break,
                    },
                }
            }
            read
        });
        Ok(EventReader {
            stop: Some(stop),
            done,
        })
    }

    /// Stops reading; returns how many bytes of events it read.
    pub async fn stop(mut self) -> u64 {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        (&mut self.done).await.unwrap_or(0)
    }
}
