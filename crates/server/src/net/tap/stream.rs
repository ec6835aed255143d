//! [`Tap`]: the `AsyncRead + AsyncWrite` around every accepted socket, which hands what it
//! reads to the sniffer or the sink and what it writes to the sink, in the same poll that
//! moved the bytes (the modes are in [the module above](super)).

use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::Ordering;
use std::sync::{Arc, PoisonError};
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

use super::{CLAIMED, Direction, H2Capture, OFF, SNIFFING, Shared, TapHandle, TapSink};

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
    use std::sync::Mutex;
    use std::sync::atomic::AtomicU8;

    use http2::frame::PREFACE;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    use super::*;

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
