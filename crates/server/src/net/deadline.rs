//! The waits hyper leaves open, each given an end: the request body's read deadline
//! (RFC 9110 §15.5.9 408 Request Timeout), an idle connection's timeout (RFC 9112 §9.8, RFC
//! 9113 §9.1 — either side may close an idle connection), and a response stalled on the
//! peer (RFC 9113 §5.2: a receiver that never opens its flow-control window).
//!
//! ```text
//!   request head ──▶ body … (--body-timeout)      ──▶ 408, Connection: close
//!   no request in flight for --keep-alive-timeout ──▶ graceful close (GOAWAY on h2c)
//!   a response the peer does not take for --send-timeout ──▶ the connection is closed
//! ```
//!
//! Each connection has one [`Watch`]: how many of its requests are in flight (a request is
//! in flight from its head until its response body is dropped) and, for each, since when it
//! has been waiting on the peer. A response body is "waiting on the peer" from the moment
//! the response is handed to hyper until hyper next asks for bytes; when the body itself has
//! nothing yet (a quiet event stream) it is waiting on us, which is no stall. hyper's HTTP/2
//! side asks a body for bytes only when the stream's flow-control window has room, so a
//! window held at zero shows here as a body never asked again. HTTP/2 response bodies are
//! handed over in pieces of at most [`H2_PIECE`] bytes, so what a stalled stream has queued
//! inside hyper stays small.
//!
//! The serve loop looks at the watch on a timer ([`Watch::expired`]) and acts.

use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use hyper::body::{Body as HttpBody, Frame, SizeHint};
use tokio::time::Sleep;

/// The error a body yields when its deadline passed.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The largest piece of an HTTP/2 response body handed to hyper at once.
pub const H2_PIECE: usize = 16 * 1024;

/// A request body that fails once `deadline` has passed, and says so in `timed_out`.
#[derive(Debug)]
pub struct TimedBody<B> {
    inner: B,
    deadline: tokio::time::Instant,
    /// Made on the first wait, so a body that is read at once costs no timer.
    sleep: Option<Pin<Box<Sleep>>>,
    timed_out: Arc<AtomicBool>,
}

impl<B> TimedBody<B> {
    /// `inner`, to be read within `limit` from now; `timed_out` is set if it is not.
    pub fn new(inner: B, limit: Duration, timed_out: Arc<AtomicBool>) -> Self {
        Self {
            inner,
            deadline: tokio::time::Instant::now() + limit,
            sleep: None,
            timed_out,
        }
    }
}

impl<B> HttpBody for TimedBody<B>
where
    B: HttpBody<Data = Bytes> + Unpin,
    B::Error: Into<BoxError>,
{
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        let this = &mut *self;
        match Pin::new(&mut this.inner).poll_frame(cx) {
            Poll::Ready(frame) => Poll::Ready(frame.map(|f| f.map_err(Into::into))),
            Poll::Pending => {
                let deadline = this.deadline;
                let sleep = this
                    .sleep
                    .get_or_insert_with(|| Box::pin(tokio::time::sleep_until(deadline)));
                match sleep.as_mut().poll(cx) {
                    Poll::Ready(()) => {
                        this.timed_out.store(true, Ordering::Release);
                        Poll::Ready(Some(Err("the request body did not arrive in time".into())))
                    }
                    Poll::Pending => Poll::Pending,
                }
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

/// What a connection's watch found past its limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expired {
    /// No request in flight for the keep-alive timeout.
    Idle,
    /// A response waited on the peer for longer than the send timeout.
    Stalled,
}

/// One connection's requests in flight and their waits (see the module docs).
#[derive(Debug)]
pub struct Watch {
    start: Instant,
    in_flight: AtomicUsize,
    /// Milliseconds since `start` when the last request ended (or the connection opened).
    idle_since: AtomicU64,
    streams: Mutex<Vec<Arc<Clock>>>,
}

/// Since when (milliseconds since the watch's start, plus one) a response has waited on
/// the peer; 0 while it is not waiting on the peer.
#[derive(Debug, Default)]
pub struct Clock(AtomicU64);

impl Default for Watch {
    fn default() -> Self {
        Self {
            start: Instant::now(),
            in_flight: AtomicUsize::new(0),
            idle_since: AtomicU64::new(0),
            streams: Mutex::new(Vec::new()),
        }
    }
}

impl Watch {
    fn now_ms(&self) -> u64 {
        u64::try_from(self.start.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    /// A request's head arrived: it is in flight until the returned guard is dropped.
    pub fn begin(self: &Arc<Self>) -> InFlight {
        self.in_flight.fetch_add(1, Ordering::AcqRel);
        let clock = Arc::new(Clock::default());
        if let Ok(mut streams) = self.streams.lock() {
            streams.push(clock.clone());
        }
        InFlight {
            watch: self.clone(),
            clock,
        }
    }

    /// Requests in flight now.
    pub fn in_flight(&self) -> usize {
        self.in_flight.load(Ordering::Acquire)
    }

    /// Whether the connection is past one of its limits now.
    pub fn expired(&self, keep_alive: Duration, send: Duration) -> Option<Expired> {
        let now = self.now_ms();
        let ms = |d: Duration| u64::try_from(d.as_millis()).unwrap_or(u64::MAX);
        if self.in_flight() == 0 {
            let idle = now.saturating_sub(self.idle_since.load(Ordering::Acquire));
            return (idle >= ms(keep_alive)).then_some(Expired::Idle);
        }
        let streams = self.streams.lock().ok()?;
        let stalled = streams.iter().any(|c| {
            let since = c.0.load(Ordering::Acquire);
            since != 0 && now.saturating_sub(since - 1) >= ms(send)
        });
        stalled.then_some(Expired::Stalled)
    }
}

/// A request in flight (see [`Watch::begin`]); dropped with its response body.
#[derive(Debug)]
pub struct InFlight {
    watch: Arc<Watch>,
    clock: Arc<Clock>,
}

impl InFlight {
    fn waiting_on_peer(&self) {
        self.clock
            .0
            .store(self.watch.now_ms() + 1, Ordering::Release);
    }

    fn not_waiting(&self) {
        self.clock.0.store(0, Ordering::Release);
    }

    /// Wraps the response body: the request stays in flight while it lives, and its waits
    /// on the peer are timed; `piece` bounds each data frame handed over (HTTP/2).
    pub fn watch_body(self, body: Body, piece: Option<usize>) -> Body {
        self.waiting_on_peer();
        Body::new(WatchedBody {
            inner: body,
            rest: None,
            piece,
            flight: self,
        })
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        if let Ok(mut streams) = self.watch.streams.lock() {
            streams.retain(|c| !Arc::ptr_eq(c, &self.clock));
        }
        if self.watch.in_flight.fetch_sub(1, Ordering::AcqRel) == 1 {
            self.watch
                .idle_since
                .store(self.watch.now_ms(), Ordering::Release);
        }
    }
}

/// A response body whose waits on the peer are timed.
struct WatchedBody {
    inner: Body,
    /// What is left of a data frame cut into pieces.
    rest: Option<Bytes>,
    piece: Option<usize>,
    flight: InFlight,
}

impl WatchedBody {
    fn cut(&mut self, mut data: Bytes) -> Bytes {
        match self.piece {
            Some(piece) if data.len() > piece => {
                let head = data.split_to(piece);
                self.rest = Some(data);
                head
            }
            _ => data,
        }
    }
}

impl HttpBody for WatchedBody {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let this = &mut *self;
        if let Some(rest) = this.rest.take() {
            let piece = this.cut(rest);
            this.flight.waiting_on_peer();
            return Poll::Ready(Some(Ok(Frame::data(piece))));
        }
        match Pin::new(&mut this.inner).poll_frame(cx) {
            Poll::Ready(Some(Ok(frame))) => {
                this.flight.waiting_on_peer();
                let frame = match frame.into_data() {
                    Ok(data) => Frame::data(this.cut(data)),
                    Err(frame) => frame,
                };
                Poll::Ready(Some(Ok(frame)))
            }
            Poll::Ready(other) => {
                this.flight.not_waiting();
                Poll::Ready(other)
            }
            Poll::Pending => {
                this.flight.not_waiting();
                Poll::Pending
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.rest.is_none() && self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        let rest = self.rest.as_ref().map_or(0, |r| r.len() as u64);
        let inner = self.inner.size_hint();
        let mut hint = SizeHint::new();
        hint.set_lower(inner.lower().saturating_add(rest));
        if let Some(upper) = inner.upper() {
            hint.set_upper(upper.saturating_add(rest));
        }
        hint
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idle_after_the_last_request_and_stalled_while_waiting_on_the_peer() {
        let watch = Arc::new(Watch::default());
        let long = Duration::from_secs(3600);
        assert_eq!(watch.expired(Duration::ZERO, long), Some(Expired::Idle));
        assert_eq!(watch.expired(long, long), None);
        let flight = watch.begin();
        assert_eq!(watch.expired(Duration::ZERO, long), None, "in flight");
        flight.waiting_on_peer();
        assert_eq!(watch.expired(long, Duration::ZERO), Some(Expired::Stalled));
        flight.not_waiting();
        assert_eq!(watch.expired(long, Duration::ZERO), None, "waiting on us");
        drop(flight);
        assert_eq!(watch.in_flight(), 0);
        assert_eq!(watch.expired(long, Duration::ZERO), None);
    }

    #[tokio::test]
    async fn a_body_is_cut_into_pieces_and_its_guard_lives_with_it() {
        use http_body_util::BodyExt;
        let watch = Arc::new(Watch::default());
        let body = watch
            .begin()
            .watch_body(Body::from(vec![7u8; 40_000]), Some(H2_PIECE));
        let mut body = Box::pin(body);
        let mut sizes = Vec::new();
        while let Some(frame) = body.frame().await {
            sizes.push(frame.unwrap().into_data().unwrap().len());
        }
        assert_eq!(sizes, [16_384, 16_384, 7_232]);
        assert_eq!(watch.in_flight(), 1);
        drop(body);
        assert_eq!(watch.in_flight(), 0);
    }

    #[tokio::test]
    async fn a_late_body_fails_and_says_so() {
        use http_body_util::BodyExt;
        let (_tx, rx) = tokio::sync::mpsc::channel::<Result<Frame<Bytes>, BoxError>>(1);
        let never = http_body_util::StreamBody::new(tokio_stream_from(rx));
        let flag = Arc::new(AtomicBool::new(false));
        let mut body = TimedBody::new(never, Duration::from_millis(20), flag.clone());
        let frame = body.frame().await;
        assert!(matches!(frame, Some(Err(_))));
        assert!(flag.load(Ordering::Acquire));
    }

    /// A stream of the receiver's items (no tokio-stream here).
    fn tokio_stream_from<T: Send + 'static>(
        mut rx: tokio::sync::mpsc::Receiver<T>,
    ) -> impl futures_util::Stream<Item = T> + Unpin {
        Box::pin(futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx)))
    }
}
