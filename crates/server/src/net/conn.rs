//! One cap on every TCP connection, and the answers written raw when there is no room
//! (RFC 9110 §15.6.4 503 Service Unavailable, §10.2.3 Retry-After).
//!
//! Each accepted connection takes a permit from one semaphore of `--max-connections`
//! permits. The permit travels *inside* the connection's I/O ([`Permitted`]), so it is held
//! for as long as the socket is open — through hyper, through a WebSocket upgrade, through
//! an h2c capture — and given back when the socket is dropped, whoever drops it.
//!
//! Past the cap the accept loop still accepts (the kernel's queue would otherwise fill and
//! every client would hang), writes a whole
//!
//! ```text
//! HTTP/1.1 503 Service Unavailable
//! Retry-After: 1
//! Connection: close
//! ```
//!
//! and closes: a client learns the server is full rather than waiting. Those answers are
//! bounded too: at most [`MAX_REFUSING`] at once, each within [`REFUSE_DEADLINE`]; past that
//! the connection is dropped unanswered.
//!
//! The default cap follows the process's file-descriptor limit (`RLIMIT_NOFILE`, read from
//! `/proc/self/limits`): every connection is one descriptor, and the server needs some for
//! itself (the listener, epoll, files, the labs' own client connections, which cost two).

use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::TcpStream;
use tokio::sync::OwnedSemaphorePermit;

/// The most connections being answered 503 at once.
pub const MAX_REFUSING: usize = 64;

/// How long a refused connection may take to be answered and closed.
pub const REFUSE_DEADLINE: Duration = Duration::from_secs(1);

/// How long a refused connection is read from after its 503, before it is closed.
pub const REFUSE_LINGER: Duration = Duration::from_millis(200);

/// The cap when the descriptor limit cannot be read.
pub const FALLBACK_MAX_CONNECTIONS: usize = 896;

/// The most connections by default, whatever the limit.
pub const MAX_DEFAULT_CONNECTIONS: usize = 10_000;

/// A connection's I/O with its permit: the permit is released when the I/O is dropped.
#[derive(Debug)]
pub struct Permitted<IO> {
    io: IO,
    _permit: OwnedSemaphorePermit,
}

impl<IO> Permitted<IO> {
    pub fn new(io: IO, permit: OwnedSemaphorePermit) -> Self {
        Self {
            io,
            _permit: permit,
        }
    }
}

impl<IO: AsyncRead + Unpin> AsyncRead for Permitted<IO> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.io).poll_read(cx, buf)
    }
}

impl<IO: AsyncWrite + Unpin> AsyncWrite for Permitted<IO> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.io).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.io).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.io).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx)
    }
}

/// A raw HTTP/1.1 answer that ends the connection: the status line, a plain-text body,
/// `Connection: close`, `X-Content-Type-Options: nosniff` and any `extra` header lines
/// (each ending in CRLF).
pub fn raw_response(status: &str, extra: &str, body: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/plain; charset=utf-8\r\n\
         Content-Length: {len}\r\nConnection: close\r\nX-Content-Type-Options: nosniff\r\n\
         {extra}\r\n{body}",
        len = body.len()
    )
    .into_bytes()
}

/// The 503 a connection past the cap gets.
pub fn full_response() -> Vec<u8> {
    raw_response(
        "503 Service Unavailable",
        "Retry-After: 1\r\n",
        "503 Service Unavailable: this server has as many connections open as it allows \
         (--max-connections). Try again in a moment.\n",
    )
}

/// Counts the refusals under way, so that they are bounded too.
#[derive(Debug, Default)]
pub struct Refusals(AtomicUsize);

/// Answers a connection past the cap with [`full_response`] and closes it, within
/// [`REFUSE_DEADLINE`] (reading what it sent for [`REFUSE_LINGER`]); drops it unanswered when [`MAX_REFUSING`] are under way.
pub fn refuse(mut stream: TcpStream, refusals: Arc<Refusals>) {
    if refusals.0.fetch_add(1, Ordering::AcqRel) >= MAX_REFUSING {
        refusals.0.fetch_sub(1, Ordering::AcqRel);
        return;
    }
    tokio::spawn(async move {
        let _ = tokio::time::timeout(REFUSE_DEADLINE, async {
            stream.write_all(&full_response()).await?;
            stream.shutdown().await?;
            // Read what the client sent, for a moment, so that closing with unread bytes
            // does not reset the connection before it read the 503.
            let _ = tokio::time::timeout(REFUSE_LINGER, async {
                let mut sink = [0u8; 4096];
                while stream.read(&mut sink).await? > 0 {}
                Ok::<(), std::io::Error>(())
            })
            .await;
            Ok::<(), std::io::Error>(())
        })
        .await;
        refusals.0.fetch_sub(1, Ordering::AcqRel);
    });
}

/// The default `--max-connections`: the descriptor limit less headroom, at most
/// [`MAX_DEFAULT_CONNECTIONS`].
pub fn default_max_connections() -> usize {
    let limit = std::fs::read_to_string("/proc/self/limits")
        .ok()
        .and_then(|text| soft_open_files(&text));
    match limit {
        Some(limit) => fit_to_descriptors(limit),
        None => FALLBACK_MAX_CONNECTIONS,
    }
}

/// The soft "Max open files" of a `/proc/PID/limits` text ("unlimited" as `u64::MAX`).
pub fn soft_open_files(limits: &str) -> Option<u64> {
    let line = limits.lines().find(|l| l.starts_with("Max open files"))?;
    let soft = line
        .trim_start_matches("Max open files")
        .split_whitespace()
        .next()?;
    if soft == "unlimited" {
        return Some(u64::MAX);
    }
    soft.parse().ok()
}

/// Connections that fit in `limit` descriptors: an eighth (at least 64) kept for the
/// server itself.
pub fn fit_to_descriptors(limit: u64) -> usize {
    let headroom = (limit / 8).max(64);
    let fit = usize::try_from(limit.saturating_sub(headroom)).unwrap_or(usize::MAX);
    fit.clamp(16, MAX_DEFAULT_CONNECTIONS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_fits_the_descriptor_limit() {
        let limits = "Limit                     Soft Limit           Hard Limit           Units     \n\
                      Max cpu time              unlimited            unlimited            seconds   \n\
                      Max open files            1024                 1048576              files     \n";
        assert_eq!(soft_open_files(limits), Some(1024));
        assert_eq!(fit_to_descriptors(1024), 896);
        assert_eq!(fit_to_descriptors(256), 192);
        assert_eq!(fit_to_descriptors(1 << 20), MAX_DEFAULT_CONNECTIONS);
        assert_eq!(fit_to_descriptors(10), 16);
        assert!(default_max_connections() >= 16);
    }

    #[test]
    fn the_503_is_whole() {
        let text = String::from_utf8(full_response()).unwrap();
        let (head, body) = text.split_once("\r\n\r\n").unwrap();
        assert!(head.starts_with("HTTP/1.1 503 Service Unavailable\r\n"));
        assert!(head.contains("\r\nRetry-After: 1"));
        assert!(head.contains("\r\nConnection: close"));
        assert!(head.contains("\r\nX-Content-Type-Options: nosniff"));
        assert!(head.contains(&format!("\r\nContent-Length: {}", body.len())));
    }
}
