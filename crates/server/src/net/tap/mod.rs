//! The connection tap: the exact bytes of a connection that a lab claims, both ways.
//!
//! Every accepted TCP stream is wrapped in a [`Tap`] before hyper sees it, and every request
//! read on it carries a [`TapHandle`] (an `Arc` clone, put in its extensions by the accept
//! loop). A tap is in one of three modes:
//!
//! - **sniffing**, from the start and while the connection speaks HTTP/1.1: the head of each
//!   request read is copied ([`sniff`], with `http1`'s `HeadReader`; at most [`MAX_SNIFF`]
//!   bytes; a `Content-Length` body is skipped, not copied), so a handler can have the exact
//!   bytes of the request it is answering: the lab's WebSocket handshake, or the page
//!   request the Web chapter's live cell shows. A chunked body, a head that is not a request
//!   head or an oversized one turns the tap **off**. While the first 24 bytes of a
//!   connection could still be the HTTP/2 client preface (`PRI * HTTP/2.0…`, RFC 9113 §3.4)
//!   they are held back; if they are the preface and the tap has an [`H2Capture`], that
//!   hands the tap a sink (the HTTP/2 lab's captures), which gets the preface and every byte
//!   after, as if claimed; otherwise the tap turns **off**. An HTTP/1.1 connection pays one
//!   comparison of its first byte (two for `POST`, `PUT` and `PATCH`) with the preface.
//! - **off**: nothing is looked at. The echo endpoint turns its tap off at the upgrade.
//! - **claimed**: a lab's handler took the sniffed head and installed a [`TapSink`]; from
//!   then on every byte read (client → server) and written (server → client) is handed to
//!   the sink, in order, in the same poll that moved it. The 101 response is the first
//!   thing written after the claim, so the lab sees it too.
//!
//! The bytes are the bytes on the wire: masked client frames as received, server frames as
//! sent, never a re-encoding.
//!
//! What the tap costs on each read or write that moved bytes ([`Tap`]'s `poll_read` and
//! `poll_write`; a read or write that is pending costs nothing):
//!
//! | mode     | read                                                 | write        |
//! |----------|------------------------------------------------------|--------------|
//! | sniffing | an acquire load; the sniff mutex; a head's bytes copied, scanned for its end a word at a time, and parsed once by `httparse` for its body length (a body's bytes only counted) | an acquire load |
//! | off      | an acquire load                                      | an acquire load |
//! | claimed  | an acquire load; the sink mutex and an `Arc` clone; the sink's call | the same |
//!
//! So a page's keep-alive connection, which no lab claims and which stays sniffing, pays per
//! read an uncontended mutex and, per request, one copy, one scan and one parse of its head
//! (two allocations: the head's copy, which becomes the kept head as it is, and the list of
//! its header ranges; `httparse`'s header slots are on the stack); an echo socket pays one
//! atomic load per read and per write.

pub mod sniff;
pub mod stream;

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

pub use sniff::MAX_SNIFF;
use sniff::{Sniff, Sniffed};
pub use stream::Tap;

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

/// What the tap and its handles share.
#[derive(Default)]
struct Shared {
    mode: AtomicU8,
    head: Mutex<Sniff>,
    sink: Mutex<Option<Arc<dyn TapSink>>>,
    capture: Option<(Arc<dyn H2Capture>, SocketAddr)>,
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

    /// The client's address, when the accept loop made this tap.
    pub fn peer(&self) -> Option<SocketAddr> {
        self.0.capture.as_ref().map(|(_, peer)| *peer)
    }

    /// Starts delivering this connection's bytes to `sink`; returns the sniffed request head.
    pub fn claim(&self, sink: Arc<dyn TapSink>) -> Vec<u8> {
        let head = self.head();
        *self.0.sink.lock().unwrap_or_else(PoisonError::into_inner) = Some(sink);
        self.0.mode.store(CLAIMED, Ordering::Release);
        head
    }

    /// Claims the connection for `sink` only while the tap is still sniffing, so that the
    /// head it returns is the request being answered; `None` when it is claimed already,
    /// was taken by an h2c capture, or stopped sniffing (the push lab claims each
    /// keep-alive connection once, on its first request of the lab).
    pub fn claim_sniffing(&self, sink: Arc<dyn TapSink>) -> Option<Vec<u8>> {
        let sniff = self.0.head.lock().unwrap_or_else(PoisonError::into_inner);
        if self.0.mode.load(Ordering::Acquire) != SNIFFING || sniff.last.is_empty() {
            return None;
        }
        *self.0.sink.lock().unwrap_or_else(PoisonError::into_inner) = Some(sink);
        self.0.mode.store(CLAIMED, Ordering::Release);
        Some(sniff.last.clone())
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
