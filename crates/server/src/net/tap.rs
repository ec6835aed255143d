//! The connection tap: the exact bytes of a connection that a lab claims, both ways.
//!
//! Every accepted TCP stream is wrapped in a [`Tap`] before hyper sees it. A tap has three
//! modes:
//!
//! - **sniffing** (while the connection speaks HTTP/1.1): the head of each request read is
//!   copied (at most [`MAX_SNIFF`] bytes; a `Content-Length` body is skipped, not copied), so
//!   a handler can have the exact bytes of the request it is answering: the lab's WebSocket
//!   handshake, or the page request the Web chapter's live cell shows. A chunked body or an
//!   oversized head turns the tap **off**.
//! - **HTTP/2 with prior knowledge**: while the first 24 bytes of a connection could still be
//!   the client preface (`PRI * HTTP/2.0…`, RFC 9113 §3.4) they are held back from sniffing;
//!   if they are the preface and the tap has a [`H2Capture`], it hands the tap a sink (the
//!   HTTP/2 lab's ring of recent h2c sessions), which gets the preface and every byte after,
//!   as if claimed. Otherwise (no capture, or the ring declines) the tap turns **off**. An
//!   HTTP/1.1 connection pays one comparison of its first byte (two for `POST`, `PUT` and
//!   `PATCH`) with the preface.
//! - **off**: one relaxed atomic load per read or write, nothing else. This is the mode of
//!   every connection no lab claims: pages, `/ws/echo`, benchmarks.
//! - **claimed**: a lab's handler took the sniffed head and installed a [`TapSink`]; from
//!   then on every byte read (client → server) and written (server → client) is handed to
//!   the sink, in order, in the same poll that moved it. The 101 response is the first
//!   thing written after the claim, so the lab sees it too.
//!
//! The bytes are the bytes on the wire: masked client frames as received, server frames as
//! sent, never a re-encoding.

use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};

use http2::frame::PREFACE;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// The most bytes sniffed for the first request head (hyper refuses larger heads anyway).
pub const MAX_SNIFF: usize = 16 * 1024;

const SNIFFING: u8 = 0;
const OFF: u8 = 1;
const CLAIMED: u8 = 2;

/// Which way bytes went, seen from the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Read by the server: sent by the client.
    ClientToServer,
    /// Written by the server.
    ServerToClient,
}

/// Where a tap that saw the HTTP/2 client preface may deliver the connection's bytes: the
/// HTTP/2 lab's ring of captured h2c sessions. Called once per HTTP/2 connection, in the
/// I/O path.
pub trait H2Capture: Send + Sync {
    /// A sink for a new HTTP/2 connection from `peer`, or `None` to leave it alone.
    fn start(&self, peer: SocketAddr) -> Option<Arc<dyn TapSink>>;
}

/// Where a claimed tap delivers bytes. Called in the I/O path: keep it quick.
pub trait TapSink: Send + Sync {
    /// Bytes that just went `direction`.
    fn bytes(&self, direction: Direction, data: &[u8]);
    /// The connection is gone (the tap was dropped).
    fn closed(&self);
}

#[derive(Default)]
struct Shared {
    mode: AtomicU8,
    head: Mutex<Sniff>,
    sink: Mutex<Option<Arc<dyn TapSink>>>,
    capture: Option<(Arc<dyn H2Capture>, SocketAddr)>,
}

/// What sniffing a read decided.
#[derive(Debug, PartialEq, Eq)]
enum Sniffed {
    /// Go on sniffing.
    More,
    /// Stop: the tap turns off.
    Stop,
    /// The connection began with the HTTP/2 client preface: these are its bytes so far.
    Http2(Vec<u8>),
}

/// What sniffing keeps: the bytes of the head being read, the last whole head, and how many
/// body bytes to skip before the next head starts.
#[derive(Default)]
struct Sniff {
    partial: Vec<u8>,
    last: Vec<u8>,
    skip: u64,
    /// The connection's first bytes while they could still be the HTTP/2 client preface.
    start: Vec<u8>,
    /// The first bytes were not the preface: sniff heads.
    not_h2: bool,
}

impl Sniff {
    /// Takes in bytes read, looking for the HTTP/2 preface first, then request heads.
    fn read(&mut self, data: &[u8]) -> Sniffed {
        if !self.not_h2 {
            let want = PREFACE.len().saturating_sub(self.start.len());
            let n = want.min(data.len());
            self.start.extend_from_slice(&data[..n]);
            if !PREFACE.starts_with(&self.start) {
                self.not_h2 = true;
                let start = std::mem::take(&mut self.start);
                let more = self.take(&start) && self.take(&data[n..]);
                return if more { Sniffed::More } else { Sniffed::Stop };
            }
            if self.start.len() < PREFACE.len() {
                return Sniffed::More;
            }
            let mut bytes = std::mem::take(&mut self.start);
            bytes.extend_from_slice(&data[n..]);
            return Sniffed::Http2(bytes);
        }
        if self.take(data) {
            Sniffed::More
        } else {
            Sniffed::Stop
        }
    }

    /// Takes in bytes read; returns false when sniffing cannot go on.
    fn take(&mut self, mut data: &[u8]) -> bool {
        while !data.is_empty() {
            if self.skip > 0 {
                let n = usize::try_from(self.skip).map_or(data.len(), |s| s.min(data.len()));
                self.skip -= n as u64;
                data = &data[n..];
                continue;
            }
            let scan_from = self.partial.len().saturating_sub(3);
            let room = MAX_SNIFF.saturating_sub(self.partial.len());
            let take = data.len().min(room);
            self.partial.extend_from_slice(&data[..take]);
            let Some(end) = find_head_end(&self.partial[scan_from..]).map(|e| e + scan_from) else {
                // A head longer than MAX_SNIFF (hyper refuses those anyway).
                return take == data.len() && self.partial.len() < MAX_SNIFF;
            };
            let head: Vec<u8> = self.partial.drain(..end).collect();
            // Bytes read past the head were copied into `partial`: hand them back.
            let extra = self.partial.len();
            self.partial.clear();
            data = &data[take - extra..];
            if head.starts_with(b"PRI * HTTP/2.0") {
                return false; // HTTP/2 after a request: frames follow, not heads.
            }
            match body_length(&head) {
                Some(n) => self.skip = n,
                None => return false, // a chunked (or unknowable) body
            }
            self.last = head;
        }
        true
    }
}

/// The length of the body that follows a request head: `Content-Length`, or 0; `None` when
/// the body is chunked (the tap does not follow chunked framing).
fn body_length(head: &[u8]) -> Option<u64> {
    let text = std::str::from_utf8(head).ok()?;
    let mut length = 0;
    for line in text.split("\r\n").skip(1) {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let name = name.trim();
        if name.eq_ignore_ascii_case("transfer-encoding") {
            return None;
        }
        if name.eq_ignore_ascii_case("content-length") {
            length = value.trim().parse().ok()?;
        }
    }
    Some(length)
}

/// The handle a request carries (as an extension) to claim its connection's tap.
#[derive(Clone, Default)]
pub struct TapHandle(Arc<Shared>);

impl std::fmt::Debug for TapHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TapHandle")
            .field("mode", &self.0.mode.load(Ordering::Relaxed))
            .finish()
    }
}

impl TapHandle {
    /// The head of the latest request read on this connection, exactly as it arrived (for a
    /// handler, the request it is answering). Empty when sniffing has stopped.
    pub fn head(&self) -> Vec<u8> {
        self.0
            .head
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .last
            .clone()
    }

    /// Starts delivering this connection's bytes to `sink`; returns the sniffed request head.
    pub fn claim(&self, sink: Arc<dyn TapSink>) -> Vec<u8> {
        let head = self.head();
        *self.0.sink.lock().unwrap_or_else(PoisonError::into_inner) = Some(sink);
        self.0.mode.store(CLAIMED, Ordering::Release);
        head
    }

    /// Stops sniffing or delivering (the echo endpoint calls this after its upgrade).
    pub fn off(&self) {
        self.0.mode.store(OFF, Ordering::Release);
        *self.0.head.lock().unwrap_or_else(PoisonError::into_inner) = Sniff::default();
    }

    fn sink(&self) -> Option<Arc<dyn TapSink>> {
        self.0
            .sink
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn sniff(&self, data: &[u8]) {
        let mut sniff = self.0.head.lock().unwrap_or_else(PoisonError::into_inner);
        match sniff.read(data) {
            Sniffed::More => {}
            Sniffed::Stop => {
                // Keep the last head for a claim; stop copying.
                let _ = self.0.mode.compare_exchange(
                    SNIFFING,
                    OFF,
                    Ordering::AcqRel,
                    Ordering::Relaxed,
                );
            }
            Sniffed::Http2(bytes) => {
                *sniff = Sniff::default();
                drop(sniff);
                let sink = self.0.capture.as_ref().and_then(|(c, peer)| c.start(*peer));
                match sink {
                    Some(sink) => {
                        *self.0.sink.lock().unwrap_or_else(PoisonError::into_inner) =
                            Some(sink.clone());
                        self.0.mode.store(CLAIMED, Ordering::Release);
                        sink.bytes(Direction::ClientToServer, &bytes);
                    }
                    None => self.0.mode.store(OFF, Ordering::Release),
                }
            }
        }
    }
}

/// One past the `\r\n\r\n` that ends an HTTP head.
fn find_head_end(bytes: &[u8]) -> Option<usize> {
    bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|i| i + 4)
}

/// An `AsyncRead + AsyncWrite` that reports its bytes to a [`TapHandle`]'s sink.
#[derive(Debug)]
pub struct Tap<IO> {
    io: IO,
    handle: TapHandle,
}

impl<IO> Tap<IO> {
    pub fn new(io: IO) -> (Self, TapHandle) {
        Self::with_handle(io, TapHandle::default())
    }

    /// A tap that hands a connection from `peer` starting with the HTTP/2 preface to
    /// `capture`.
    pub fn with_capture(
        io: IO,
        capture: Arc<dyn H2Capture>,
        peer: SocketAddr,
    ) -> (Self, TapHandle) {
        let shared = Shared {
            capture: Some((capture, peer)),
            ..Shared::default()
        };
        Self::with_handle(io, TapHandle(Arc::new(shared)))
    }

    /// A tap claimed from the start by `sink` (the HTTP/2 lab's own client connection).
    pub fn claimed(io: IO, sink: Arc<dyn TapSink>) -> Self {
        let (tap, handle) = Self::new(io);
        *handle.0.sink.lock().unwrap_or_else(PoisonError::into_inner) = Some(sink);
        handle.0.mode.store(CLAIMED, Ordering::Release);
        tap
    }

    fn with_handle(io: IO, handle: TapHandle) -> (Self, TapHandle) {
        (
            Self {
                io,
                handle: handle.clone(),
            },
            handle,
        )
    }
}

impl<IO> Drop for Tap<IO> {
    fn drop(&mut self) {
        if self.handle.0.mode.load(Ordering::Acquire) == CLAIMED
            && let Some(sink) = self.handle.sink()
        {
            sink.closed();
        }
    }
}

impl<IO: AsyncRead + Unpin> AsyncRead for Tap<IO> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let poll = Pin::new(&mut self.io).poll_read(cx, buf);
        if let Poll::Ready(Ok(())) = poll {
            let mode = self.handle.0.mode.load(Ordering::Acquire);
            if mode != OFF {
                let new = &buf.filled()[before..];
                if !new.is_empty() {
                    if mode == SNIFFING {
                        self.handle.sniff(new);
                    } else if let Some(sink) = self.handle.sink() {
                        sink.bytes(Direction::ClientToServer, new);
                    }
                }
            }
        }
        poll
    }
}

impl<IO: AsyncWrite + Unpin> AsyncWrite for Tap<IO> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let poll = Pin::new(&mut self.io).poll_write(cx, buf);
        if let Poll::Ready(Ok(n)) = poll {
            self.written(&[io::IoSlice::new(&buf[..n.min(buf.len())])], n);
        }
        poll
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let poll = Pin::new(&mut self.io).poll_write_vectored(cx, bufs);
        if let Poll::Ready(Ok(n)) = poll {
            self.written(bufs, n);
        }
        poll
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx)
    }
}

impl<IO> Tap<IO> {
    /// Reports the first `n` bytes of `bufs` as written, when claimed.
    fn written(&self, bufs: &[io::IoSlice<'_>], mut n: usize) {
        if self.handle.0.mode.load(Ordering::Acquire) != CLAIMED || n == 0 {
            return;
        }
        let Some(sink) = self.handle.sink() else {
            return;
        };
        for b in bufs {
            if n == 0 {
                break;
            }
            let take = n.min(b.len());
            sink.bytes(Direction::ServerToClient, &b[..take]);
            n -= take;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    #[derive(Default)]
    struct Record(Mutex<Vec<(Direction, Vec<u8>)>>, AtomicU8);

    impl TapSink for Record {
        fn bytes(&self, direction: Direction, data: &[u8]) {
            self.0.lock().unwrap().push((direction, data.to_vec()));
        }
        fn closed(&self) {
            self.1.store(1, Ordering::Relaxed);
        }
    }

    #[tokio::test]
    async fn sniffs_the_first_head_then_records_both_ways_once_claimed() {
        let (client, server) = tokio::io::duplex(1024);
        let (mut tap, handle) = Tap::new(server);
        let mut client = client;
        client
            .write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            .await
            .unwrap();
        let mut buf = [0u8; 64];
        let n = tap.read(&mut buf).await.unwrap();
        assert_eq!(n, 27);

        let record = Arc::new(Record::default());
        let head = handle.claim(record.clone());
        assert_eq!(head, b"GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        tap.write_all(b"HTTP/1.1 101\r\n\r\n").await.unwrap();
        client.write_all(&[0x81, 0x80]).await.unwrap();
        let _ = tap.read(&mut buf).await.unwrap();
        drop(tap);
        let got = record.0.lock().unwrap().clone();
        assert_eq!(
            got,
            vec![
                (Direction::ServerToClient, b"HTTP/1.1 101\r\n\r\n".to_vec()),
                (Direction::ClientToServer, vec![0x81, 0x80]),
            ]
        );
        assert_eq!(record.1.load(Ordering::Relaxed), 1);
    }

    #[test]
    fn sniffing_keeps_the_latest_head_and_skips_bodies() {
        let mut s = Sniff::default();
        assert!(s.take(b"POST /a HTTP/1.1\r\nContent-Length: 5\r\n\r\nhel"));
        assert!(s.last.starts_with(b"POST /a"));
        assert!(s.take(b"loGET /b HTTP/1.1\r\n"));
        assert!(
            s.last.starts_with(b"POST /a"),
            "the GET head is not whole yet"
        );
        assert!(s.take(b"Host: x\r\n\r\n"));
        assert_eq!(s.last, b"GET /b HTTP/1.1\r\nHost: x\r\n\r\n");
        // One byte at a time works too.
        for b in b"GET /c HTTP/1.1\r\n\r\n" {
            assert!(s.take(&[*b]));
        }
        assert_eq!(s.last, b"GET /c HTTP/1.1\r\n\r\n");
        assert!(!s.take(b"POST /d HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"));
        let mut h2 = Sniff::default();
        assert!(!h2.take(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"));
        // The preface at the start of a connection is found, one byte at a time too.
        let mut h2 = Sniff::default();
        for b in &PREFACE[..23] {
            assert_eq!(h2.read(&[*b]), Sniffed::More);
        }
        assert_eq!(
            h2.read(&[b'\n', 0, 0, 0]),
            Sniffed::Http2([&PREFACE[..], &[0, 0, 0]].concat())
        );
        // POST shares the first byte with PRI; its head is still sniffed.
        let mut post = Sniff::default();
        assert_eq!(post.read(b"P"), Sniffed::More);
        assert_eq!(post.read(b"OST / HTTP/1.1\r\n\r\n"), Sniffed::More);
        assert_eq!(post.last, b"POST / HTTP/1.1\r\n\r\n");
        let mut huge = Sniff::default();
        assert!(!huge.take(&vec![b'a'; MAX_SNIFF + 1]));
    }

    struct Catch(Arc<Record>);

    impl H2Capture for Catch {
        fn start(&self, _peer: SocketAddr) -> Option<Arc<dyn TapSink>> {
            Some(self.0.clone())
        }
    }

    #[tokio::test]
    async fn a_connection_opening_with_the_preface_is_handed_to_the_capture() {
        let (mut client, server) = tokio::io::duplex(1024);
        let record = Arc::new(Record::default());
        let peer: SocketAddr = "127.0.0.1:1".parse().unwrap();
        let (mut tap, _handle) = Tap::with_capture(server, Arc::new(Catch(record.clone())), peer);
        let settings = [0u8, 0, 0, 4, 0, 0, 0, 0, 0];
        // The preface in two pieces, the second with the first frame after it.
        client.write_all(&PREFACE[..10]).await.unwrap();
        let mut buf = [0u8; 64];
        let n = tap.read(&mut buf).await.unwrap();
        assert_eq!(n, 10);
        assert!(record.0.lock().unwrap().is_empty());
        client
            .write_all(&[&PREFACE[10..], &settings[..]].concat())
            .await
            .unwrap();
        let _ = tap.read(&mut buf).await.unwrap();
        tap.write_all(&settings).await.unwrap();
        drop(tap);
        let got = record.0.lock().unwrap().clone();
        assert_eq!(
            got,
            vec![
                (
                    Direction::ClientToServer,
                    [&PREFACE[..], &settings[..]].concat()
                ),
                (Direction::ServerToClient, settings.to_vec()),
            ]
        );
        assert_eq!(record.1.load(Ordering::Relaxed), 1, "closed");

        // An HTTP/1.1 connection is not.
        let (mut client, server) = tokio::io::duplex(1024);
        let record = Arc::new(Record::default());
        let (mut tap, handle) = Tap::with_capture(server, Arc::new(Catch(record.clone())), peer);
        client.write_all(b"GET / HTTP/1.1\r\n\r\n").await.unwrap();
        let _ = tap.read(&mut buf).await.unwrap();
        assert_eq!(handle.head(), b"GET / HTTP/1.1\r\n\r\n");
        tap.write_all(b"HTTP/1.1 200 OK\r\n\r\n").await.unwrap();
        assert!(record.0.lock().unwrap().is_empty());
    }

    #[tokio::test]
    async fn an_unclaimed_tap_records_nothing_after_the_head() {
        let (mut client, server) = tokio::io::duplex(1024);
        let (mut tap, handle) = Tap::new(server);
        client
            .write_all(b"GET / HTTP/1.1\r\n\r\nmore")
            .await
            .unwrap();
        let mut buf = [0u8; 64];
        let _ = tap.read(&mut buf).await.unwrap();
        handle.off();
        assert!(handle.head().is_empty());
        tap.write_all(b"x").await.unwrap();
    }
}
