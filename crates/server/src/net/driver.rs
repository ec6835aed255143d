//! The one place that drives a WebSocket over a socket.
//!
//! The `websocket` crate is sans-IO: it is fed bytes and hands back events and bytes to send.
//! This loop is the I/O around it:
//!
//! ```text
//!   socket ──read──▶ Connection::feed_in_place ──▶ Responder (echo, lab…)
//!      ▲          (whole messages borrowed from          │
//!      │           the read buffer; the rest queued)     │
//!      └──────write, in the same poll ◀── per-thread write buffer
//!                 (what the socket does not take now: the connection's own `out`)
//! ```
//!
//! and the timers RFC 6455 leaves to the implementation: a Ping after a quiet spell (§5.5.2),
//! a Close 1001 when the peer stays silent, a bounded wait for the peer's Close after ours
//! (§7.1.1), and Close 1001 on server shutdown.
//!
//! Endings follow RFC 6455 §7: when the peer sends Close we answer with Close and then close
//! the TCP connection first (§7.1.1: the server closes first); when the peer breaks a rule we
//! *fail the WebSocket connection* (§7.1.7): send Close with the rule's code (1002, 1007,
//! 1009), then close. Either way we half-close our side and read until the peer's FIN, so the
//! kernel never resets the connection with our Close still unread on the other side.
//!
//! Memory and speed: an idle connection owns no buffer. Reads go into one read buffer per
//! thread and are answered in the same poll, before any await: a message that lies whole in
//! the read buffer is unmasked there and handed to the [`Responder`] as a borrowed
//! [`MessageRef`] (no copy, no allocation); the answers go into one write buffer per thread,
//! written to the socket in that same poll. An echo of at least `SPLICE_MIN` (4 KiB) is not
//! even copied into it: its header is, and the payload is written from the read buffer
//! where it was unmasked, header and payload in one vectored write (`writev`, as
//! fastwebsockets writes its frames). A message begun at the front of a read whose rest
//! has already come (the peer wrote it at once, the kernel delivered it in two segments)
//! is read to its end in the same poll, so it too lies whole in the read buffer. Only
//! what the socket does not take at once (a
//! peer that reads slowly) is copied into the connection's own `out` and awaited. The
//! timers cost nothing per message: the quiet timer is a single `Sleep`, moved only when it
//! fires early (a read came since), and the shutdown signal's future is made once.

use std::cell::RefCell;
use std::future::poll_fn;
use std::io::IoSlice;
use std::pin::Pin;
use std::task::Poll;
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::sync::mpsc;
use tokio::time::{Instant, sleep_until, timeout};
use tokio_util::sync::CancellationToken;
use websocket::close::CloseCode;
use websocket::connection::{Config, Connection, Event, Fed, Message, MessageRef, Role, State};
use websocket::opcode::Opcode;

use crate::config::Settings;
use crate::net::budget::Reservation;

/// What to do with each message; the echo endpoint and the labs differ only here.
pub trait Responder: Send {
    /// Called for every complete message from the peer. Write any reply with `conn.send_*`
    /// into `out`.
    fn on_message(&mut self, message: Message, conn: &mut Connection, out: &mut Vec<u8>);

    /// The same, for a message read where it lay in the read buffer; by default it is
    /// copied into a [`Message`] for [`Responder::on_message`].
    fn on_message_ref(
        &mut self,
        message: MessageRef<'_>,
        conn: &mut Connection,
        out: &mut Vec<u8>,
    ) {
        self.on_message(message.to_message(), conn, out);
    }

    /// The same, where the answer may take its payload from the read buffer: return
    /// `Some(bytes)` (a part of `message`'s payload) to have the driver write those bytes
    /// right after what is in `out` now, with one vectored write and no copy. `splice` is
    /// false when that cannot be done this time; then answer as `on_message_ref` does (the
    /// default, always).
    fn on_message_spliced<'a>(
        &mut self,
        message: MessageRef<'a>,
        conn: &mut Connection,
        out: &mut Vec<u8>,
        splice: bool,
    ) -> Option<&'a [u8]> {
        let _ = splice;
        self.on_message_ref(message, conn, out);
        None
    }
    /// The bytes of one read, as they came (still masked), before the connection sees
    /// them; only the room's relay ([`run_relayed`]) calls it, for its copy of each
    /// member's frames.
    fn on_read(&mut self, _bytes: &[u8]) {}
}

/// Sends every message back as it came: text as text, binary as binary.
#[derive(Debug, Clone, Copy)]
pub struct Echo;

impl Responder for Echo {
    fn on_message(&mut self, message: Message, conn: &mut Connection, out: &mut Vec<u8>) {
        // An error here only means we already sent Close; then nothing more may be sent.
        let _ = match message {
            Message::Text(text) => conn.send_text(&text, out),
            Message::Binary(data) => conn.send_binary(&data, out),
        };
    }

    fn on_message_ref(
        &mut self,
        message: MessageRef<'_>,
        conn: &mut Connection,
        out: &mut Vec<u8>,
    ) {
        let _ = match message {
            MessageRef::Text(text) => conn.send_text(text, out),
            MessageRef::Binary(data) => conn.send_binary(data, out),
        };
    }

    fn on_message_spliced<'a>(
        &mut self,
        message: MessageRef<'a>,
        conn: &mut Connection,
        out: &mut Vec<u8>,
        splice: bool,
    ) -> Option<&'a [u8]> {
        let (opcode, payload) = match message {
            MessageRef::Text(text) => (Opcode::Text, text.as_bytes()),
            MessageRef::Binary(data) => (Opcode::Binary, data),
        };
        if splice
            && payload.len() >= SPLICE_MIN
            && conn.send_data_header(opcode, payload.len(), out) == Ok(true)
        {
            return Some(payload);
        }
        self.on_message_ref(message, conn, out);
        None
    }
}

/// An echo this long is written from the read buffer (header from the write buffer,
/// payload from where it was read: `writev`) rather than copied after its header: below
/// it, the copy costs less than another slice for the kernel to walk.
const SPLICE_MIN: usize = 4096;

/// At most this many payloads are spliced into one write (the kernel's `IOV_MAX` is 1024,
/// and each splice takes two slices); past it, answers are copied.
const MAX_SPLICES: usize = 256;

/// A payload written from the read buffer: after the first `at` bytes of the answers, the
/// read buffer's bytes `start..end`.
#[derive(Debug, Clone, Copy)]
struct Splice {
    at: usize,
    start: usize,
    end: usize,
}

/// Something the server side of a lab asks its socket to do, run between reads: it may send
/// frames through the connection or push raw bytes (a deliberately broken frame) into `out`.
pub type Command = Box<dyn FnOnce(&mut Connection, &mut Vec<u8>) + Send>;

/// How big the per-thread read buffer is: big enough that a 64 KiB message and its header
/// fit whole many times over, so that a peer sending many messages is read in few system
/// calls (`crates/bench/run echo`: a 16 KiB echo took a quarter less CPU than with 256 KiB).
const SCRATCH_SIZE: usize = 1024 * 1024;

/// The per-thread write buffer keeps at most this much capacity between reads.
const KEEP_WRITE_CAPACITY: usize = 2 * SCRATCH_SIZE;

/// An outgoing buffer larger than this is freed after it is flushed, so one big message does
/// not leave an idle connection holding megabytes.
const KEEP_OUT_CAPACITY: usize = 16 * 1024;

/// The buffers every connection on a thread shares, each used within one poll.
struct Scratch {
    read: Box<[u8]>,
    write: Vec<u8>,
    /// The payloads the answers in `write` take from `read`, in order.
    splices: Vec<Splice>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch {
        read: vec![0; SCRATCH_SIZE].into_boxed_slice(),
        write: Vec::new(),
        splices: Vec::new(),
    });
}

/// What one read came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Answered {
    /// End of stream.
    Eof,
    /// Bytes arrived and were answered; `Some(code)` if the peer broke a rule and we sent
    /// Close with that code.
    Read { failed: Option<u16> },
}

/// Reads what the socket has, answers it (see the module docs) and writes the answers, all
/// in one poll. What the socket does not take at once is left in `out`, which must be
/// empty on entry (earlier answers are written before the next read).
async fn read_and_answer<IO: AsyncRead + AsyncWrite + Unpin, R: Responder>(
    io: &mut IO,
    conn: &mut Connection,
    app: &mut R,
    out: &mut Vec<u8>,
) -> std::io::Result<Answered> {
    poll_fn(|cx| {
        SCRATCH.with_borrow_mut(|scratch| {
            let mut buf = ReadBuf::new(&mut scratch.read);
            match Pin::new(&mut *io).poll_read(cx, &mut buf) {
                Poll::Ready(Ok(())) => {}
                Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
                Poll::Pending => return Poll::Pending,
            }
            let mut n = buf.filled().len();
            if n == 0 {
                return Poll::Ready(Ok(Answered::Eof));
            }
            // A message begun at the front of the read but not ended (a 64 KiB message is
            // two TCP segments): read its rest right after it, in this poll, if it has come
            // (it usually has: the peer wrote it at once), so it too is answered where it
            // lies instead of being copied into a message buffer. If not yet (or on an
            // error or the end, which the next read sees again), what there is goes on.
            let room = scratch.read.len();
            if let Some(need) = scratch
                .read
                .get(..n)
                .and_then(|read| conn.message_needs(read))
                .filter(|&need| need <= room)
            {
                while let Some(rest) = scratch.read.get_mut(n..need) {
                    let mut more = ReadBuf::new(rest);
                    match Pin::new(&mut *io).poll_read(cx, &mut more) {
                        Poll::Ready(Ok(())) if !more.filled().is_empty() => {
                            n += more.filled().len();
                        }
                        _ => break,
                    }
                    if n >= need {
                        break;
                    }
                }
            }
            let Scratch {
                read,
                write,
                splices,
            } = scratch;
            let base = read.as_ptr() as usize;
            let input = read.get_mut(..n).unwrap_or_default();
            let failed = if out.is_empty() {
                // The answers go to the write buffer, taking payloads from the read buffer.
                answer(
                    input,
                    conn,
                    app,
                    write,
                    Some((base..base + n, &mut *splices)),
                )
            } else {
                answer(input, conn, app, out, None)
            };
            if out.is_empty() {
                let written = if splices.is_empty() {
                    let written = write_now(io, cx, write);
                    if let Ok(written) = written {
                        out.extend_from_slice(write.get(written..).unwrap_or_default());
                    }
                    written.map(drop)
                } else {
                    let written = write_spliced(io, cx, write, read, splices, out);
                    splices.clear();
                    written
                };
                write.clear();
                if write.capacity() > KEEP_WRITE_CAPACITY {
                    *write = Vec::new();
                }
                if let Err(e) = written {
                    return Poll::Ready(Err(e));
                }
            }
            Poll::Ready(Ok(Answered::Read { failed }))
        })
    })
    .await
}

/// Writes as much of `bytes` as the socket takes without waiting; how much that was.
fn write_now<IO: AsyncWrite + Unpin>(
    io: &mut IO,
    cx: &mut std::task::Context<'_>,
    bytes: &[u8],
) -> std::io::Result<usize> {
    let mut written = 0;
    while let Some(rest) = bytes.get(written..).filter(|r| !r.is_empty()) {
        match Pin::new(&mut *io).poll_write(cx, rest) {
            Poll::Ready(Ok(0)) => return Err(std::io::ErrorKind::WriteZero.into()),
            Poll::Ready(Ok(n)) => written += n,
            Poll::Ready(Err(e)) => return Err(e),
            Poll::Pending => break,
        }
    }
    Ok(written)
}

/// Writes the answers in `write` with the payloads `splices` take from `read` in between,
/// as much as the socket takes without waiting (one vectored write, or a few when it takes
/// part); what it does not take is copied into `rest`.
fn write_spliced<IO: AsyncWrite + Unpin>(
    io: &mut IO,
    cx: &mut std::task::Context<'_>,
    write: &[u8],
    read: &[u8],
    splices: &[Splice],
    rest: &mut Vec<u8>,
) -> std::io::Result<()> {
    let mut slices: Vec<IoSlice<'_>> = Vec::with_capacity(2 * splices.len() + 1);
    let mut from = 0;
    for s in splices {
        slices.push(IoSlice::new(write.get(from..s.at).unwrap_or_default()));
        slices.push(IoSlice::new(read.get(s.start..s.end).unwrap_or_default()));
        from = s.at;
    }
    slices.push(IoSlice::new(write.get(from..).unwrap_or_default()));
    slices.retain(|s| !s.is_empty());
    let mut bufs = &mut slices[..];
    let mut result = Ok(());
    while !bufs.is_empty() {
        match Pin::new(&mut *io).poll_write_vectored(cx, bufs) {
            Poll::Ready(Ok(0)) => {
                result = Err(std::io::ErrorKind::WriteZero.into());
                break;
            }
            Poll::Ready(Ok(n)) => IoSlice::advance_slices(&mut bufs, n),
            Poll::Ready(Err(e)) => {
                result = Err(e);
                break;
            }
            Poll::Pending => break,
        }
    }
    if result.is_ok() {
        for b in bufs.iter() {
            rest.extend_from_slice(b);
        }
    }
    result
}

/// Runs `input` through the connection in the peer's order, answering every event into
/// `out`. Returns `Some(code)` if the peer broke a rule (our Close is in `out`). With
/// `splices` (the read buffer's addresses, and where to note them), answers may take their
/// payloads from `input` where it lies ([`Responder::on_message_spliced`]).
fn answer<R: Responder>(
    mut input: &mut [u8],
    conn: &mut Connection,
    app: &mut R,
    out: &mut Vec<u8>,
    mut splices: Option<(std::ops::Range<usize>, &mut Vec<Splice>)>,
) -> Option<u16> {
    loop {
        match take_events(conn, app, out) {
            Taken::More => {}
            Taken::Closed => return None,
            Taken::Failed(code) => return Some(code),
        }
        if input.is_empty() {
            return None;
        }
        let used = match conn.feed_in_place(input) {
            Fed::Message { message, used } => {
                match &mut splices {
                    Some((read, splices)) => {
                        let room = splices.len() < MAX_SPLICES;
                        if let Some(payload) = app.on_message_spliced(message, conn, out, room) {
                            // Where the payload lies in the read buffer (it borrows from it;
                            // bytes from anywhere else are copied).
                            let start = (payload.as_ptr() as usize).wrapping_sub(read.start);
                            match start.checked_add(payload.len()) {
                                Some(end) if end <= read.end - read.start => {
                                    splices.push(Splice {
                                        at: out.len(),
                                        start,
                                        end,
                                    });
                                }
                                _ => out.extend_from_slice(payload),
                            }
                        }
                    }
                    None => app.on_message_ref(message, conn, out),
                }
                used
            }
            Fed::Queued { used } => used,
        };
        input = std::mem::take(&mut input)
            .get_mut(used..)
            .unwrap_or_default();
    }
}

/// How [`take_events`] ended.
enum Taken {
    /// The queue is empty; more input may follow.
    More,
    /// The peer's Close was answered.
    Closed,
    /// The peer broke a rule; Close with this code was sent.
    Failed(u16),
}

/// Answers the events the connection has queued.
fn take_events<R: Responder>(conn: &mut Connection, app: &mut R, out: &mut Vec<u8>) -> Taken {
    loop {
        match conn.next_event() {
            Ok(None) => return Taken::More,
            Ok(Some(Event::Message(message))) => app.on_message(message, conn, out),
            Ok(Some(Event::Ping(payload))) => {
                let _ = conn.send_pong(&payload, out);
            }
            Ok(Some(Event::Pong(_))) => {}
            Ok(Some(Event::Close(frame))) => {
                if conn.state() == State::CloseReceived {
                    // RFC 6455 §5.5.1: answer with Close, echoing the status code.
                    let code = frame.as_ref().map(|f| f.code);
                    let _ = conn.send_close(code, "", out);
                }
                return Taken::Closed;
            }
            Err(e) => {
                let code = e.close_code();
                tracing::warn!(
                    rule = e.rule(),
                    code = code.as_u16(),
                    "peer broke the protocol: {e}"
                );
                let _ = conn.send_close(Some(code), &short_reason(&e.to_string()), out);
                return Taken::Failed(code.as_u16());
            }
        }
    }
}

/// The next command, or `None` when there is no receiver or its senders are gone.
async fn recv(commands: &mut Option<mpsc::Receiver<Command>>) -> Option<Command> {
    match commands {
        Some(rx) => rx.recv().await,
        None => None,
    }
}

/// Reads and discards until the peer's end of stream, an error, or the deadline.
async fn drain<IO: AsyncRead + Unpin>(io: &mut IO, deadline: Instant) {
    let _ = tokio::time::timeout_at(deadline, async {
        loop {
            let n = poll_fn(|cx| {
                SCRATCH.with_borrow_mut(|scratch| {
                    let mut buf = ReadBuf::new(&mut scratch.read);
                    match Pin::new(&mut *io).poll_read(cx, &mut buf) {
                        Poll::Ready(Ok(())) => Poll::Ready(Ok(buf.filled().len())),
                        Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
                        Poll::Pending => Poll::Pending,
                    }
                })
            })
            .await;
            if !matches!(n, Ok(n) if n > 0) {
                break;
            }
        }
    })
    .await;
}

/// Why the loop ended (for the log line).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ending {
    /// The closing handshake completed.
    Closed,
    /// The peer broke a rule; we sent Close with this code.
    Failed(u16),
    /// The peer closed TCP without a Close frame (what RFC 6455 §7.1.5 calls 1006).
    Dropped,
    /// The peer did not answer our Close in time, or stayed silent after a Ping.
    TimedOut,
    /// Reading or writing the socket failed.
    IoError,
}

/// Speaks WebSocket on `io` until the connection ends. `limits` are the codec's size limits;
/// `commands`, when given, are run as they arrive (the lab's buttons).
pub async fn run<IO, R>(
    mut io: IO,
    settings: &Settings,
    limits: Config,
    shutdown: CancellationToken,
    mut app: R,
    mut commands: Option<mpsc::Receiver<Command>>,
) where
    IO: AsyncRead + AsyncWrite + Unpin,
    R: Responder,
{
    let mut conn = Connection::new(Role::Server, limits);
    let mut out: Vec<u8> = Vec::new();
    // This connection's share of the budget for messages being put together.
    let mut reservation = settings.message_budget.reservation();
    // When the next timer is due: a Ping after `ping_interval` of silence, then Close 1001
    // after `idle_timeout` more; once we sent Close, the end of the wait for the peer's.
    let mut last_read = Instant::now();
    let mut pinged_at: Option<Instant> = None;
    let mut close_deadline: Option<Instant> = None;
    let due = |last_read: Instant, pinged_at: Option<Instant>, close: Option<Instant>| {
        close.unwrap_or(match pinged_at {
            Some(at) => at + settings.idle_timeout,
            None => last_read + settings.ping_interval,
        })
    };
    // One timer for the whole connection. Reads only ever make the due time later, so the
    // timer is left where it is and, when it fires early, moved to the new due time.
    let timer = sleep_until(due(last_read, pinged_at, close_deadline));
    tokio::pin!(timer);
    let cancelled = shutdown.cancelled();
    tokio::pin!(cancelled);
    // Writes get a deadline too: a peer that stops reading must not hold the task forever.
    let write_limit = settings.ping_interval + settings.idle_timeout;

    let ending = loop {
        let wake_at = due(last_read, pinged_at, close_deadline);
        if wake_at < timer.deadline() {
            timer.as_mut().reset(wake_at);
        }

        let mut failed = None;
        tokio::select! {
            biased;
            () = &mut cancelled, if close_deadline.is_none() => {
                let _ = conn.send_close(Some(CloseCode::GoingAway), "server shutting down", &mut out);
                close_deadline = Some(Instant::now() + settings.close_timeout);
            }
            command = recv(&mut commands), if commands.is_some() => match command {
                Some(command) => command(&mut conn, &mut out),
                None => commands = None,
            },
            read = read_and_answer(&mut io, &mut conn, &mut app, &mut out) => match read {
                Ok(Answered::Eof) => break if conn.is_closed() { Ending::Closed } else { Ending::Dropped },
                Ok(Answered::Read { failed: f }) => {
                    last_read = Instant::now();
                    pinged_at = None;
                    failed = f.or_else(|| over_budget(&mut reservation, &mut conn, &mut out));
                }
                Err(_) => break Ending::IoError,
            },
            () = &mut timer => {
                let now = Instant::now();
                let wake_at = due(last_read, pinged_at, close_deadline);
                if now < wake_at {
                    // A read came since the timer was set: not due yet.
                    timer.as_mut().reset(wake_at);
                } else if close_deadline.is_some() {
                    break Ending::TimedOut;
                } else if pinged_at.is_none() {
                    let _ = conn.send_ping(b"wiretrail", &mut out);
                    pinged_at = Some(now);
                    timer.as_mut().reset(due(last_read, pinged_at, close_deadline));
                } else {
                    let _ = conn.send_close(Some(CloseCode::GoingAway), "no answer to ping", &mut out);
                    close_deadline = Some(now + settings.close_timeout);
                    timer.as_mut().reset(due(last_read, pinged_at, close_deadline));
                }
            }
        }

        if !out.is_empty() {
            match timeout(write_limit, io.write_all(&out)).await {
                Ok(Ok(())) => {}
                Ok(Err(_)) => break Ending::IoError,
                Err(_) => break Ending::TimedOut,
            }
            if out.capacity() > KEEP_OUT_CAPACITY {
                out = Vec::new();
            } else {
                out.clear();
            }
        }
        if let Some(code) = failed {
            break Ending::Failed(code);
        }
        if conn.is_closed() {
            break Ending::Closed;
        }
        if conn.state() == State::CloseSent && close_deadline.is_none() {
            close_deadline = Some(Instant::now() + settings.close_timeout);
        }
    };

    tracing::debug!(?ending, "WebSocket connection ended");
    // Close our side first (RFC 6455 §7.1.1), then wait for the peer's FIN.
    let grace = Instant::now() + settings.close_timeout.min(Duration::from_secs(2));
    let _ = tokio::time::timeout_at(grace, io.shutdown()).await;
    if !matches!(ending, Ending::Dropped | Ending::IoError) {
        drain(&mut io, grace).await;
    }
}

/// Resizes the connection's share of the message budget to what its codec holds; when the
/// budget has no room for it, sends Close 1013 (Try Again Later) and returns its code.
fn over_budget(
    reservation: &mut Reservation,
    conn: &mut Connection,
    out: &mut Vec<u8>,
) -> Option<u16> {
    let held = conn.read_buffer_capacity();
    if reservation.hold(held) {
        return None;
    }
    tracing::warn!(
        held,
        reserved = reservation.held(),
        "the global message budget (--message-budget) is spent: closing with 1013"
    );
    let code = CloseCode::TryAgainLater;
    let _ = conn.send_close(Some(code), "server busy: message budget spent", out);
    Some(code.as_u16())
}

/// A close reason must fit a control frame (125 bytes, 2 of them the code).
fn short_reason(text: &str) -> String {
    const MAX_REASON: usize = 123;
    if text.len() <= MAX_REASON {
        return text.to_owned();
    }
    let mut end = MAX_REASON;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].to_owned()
}

// ---------------------------------------------------------------------------------------
// Relayed sockets: a connection fed by others as well as by its peer (the classroom's chat
// rooms, `crate::classroom::room`).

/// Frames relayed to one socket: whole server frames, encoded once for every receiver (a
/// server's frames are not masked, RFC 6455 §5.1, so the same bytes serve every member), from
/// a bounded queue; and a kick, which closes the socket with its code.
#[derive(Debug)]
pub struct Relayed {
    /// The frames, in the order they are to be sent.
    pub frames: mpsc::Receiver<std::sync::Arc<[u8]>>,
    /// Close now, with this code and reason.
    pub kick: tokio::sync::oneshot::Receiver<(CloseCode, String)>,
}

/// At most this many bytes of relayed frames wait in the socket's write buffer; past it the
/// queue fills up, which is how the relay learns of a slow reader.
const RELAY_HIGH_WATER: usize = 64 * 1024;

/// [`run`] for a relayed socket: the peer's messages go to `app` as in `run`, and the frames
/// of `relayed` are written between them; a kick sends Close with its code at once (after
/// the frames already taken), and a peer that reads nothing for the write limit is dropped.
/// Reading and writing are independent here (the socket is split), so a peer that stops
/// reading never stops the relay from taking its messages, and a kick is seen even while a
/// write waits.
pub async fn run_relayed<IO, R>(
    io: IO,
    settings: &Settings,
    limits: Config,
    shutdown: CancellationToken,
    mut app: R,
    mut relayed: Relayed,
) where
    IO: AsyncRead + AsyncWrite + Unpin,
    R: Responder,
{
    let (mut rd, mut wr) = tokio::io::split(io);
    let mut conn = Connection::new(Role::Server, limits);
    let mut reservation = settings.message_budget.reservation();
    // `writing` is being written, from `written` on; new frames wait in `pending`.
    let mut writing: Vec<u8> = Vec::new();
    let mut written = 0usize;
    let mut pending: Vec<u8> = Vec::new();
    let mut last_read = Instant::now();
    let mut last_write = Instant::now();
    let mut pinged_at: Option<Instant> = None;
    let mut close_deadline: Option<Instant> = None;
    let mut kicked = false;
    let mut frames_open = true;
    let mut failed: Option<u16> = None;
    let write_limit = settings.ping_interval + settings.idle_timeout;
    let cancelled = shutdown.cancelled();
    tokio::pin!(cancelled);

    let ending = loop {
        if written == writing.len() {
            writing.clear();
            written = 0;
            std::mem::swap(&mut writing, &mut pending);
            if pending.capacity() > KEEP_OUT_CAPACITY {
                pending = Vec::new();
            }
            last_write = Instant::now();
        }
        let flushed = writing.is_empty();
        if flushed && let Some(code) = failed {
            break Ending::Failed(code);
        }
        if flushed && conn.is_closed() {
            break Ending::Closed;
        }
        if conn.state() == State::CloseSent && close_deadline.is_none() {
            close_deadline = Some(Instant::now() + settings.close_timeout);
        }
        let due = close_deadline.unwrap_or(match pinged_at {
            Some(at) => at + settings.idle_timeout,
            None => last_read + settings.ping_interval,
        });
        let due = if flushed {
            due
        } else {
            due.min(last_write + write_limit)
        };
        let backlog = pending.len() + writing.len() - written;
        tokio::select! {
            biased;
            () = &mut cancelled, if close_deadline.is_none() => {
                let _ = conn.send_close(Some(CloseCode::GoingAway), "server shutting down", &mut pending);
            }
            kick = &mut relayed.kick, if !kicked => {
                kicked = true;
                if let Ok((code, reason)) = kick {
                    let _ = conn.send_close(Some(code), &reason, &mut pending);
                }
            }
            n = wr.write(writing.get(written..).unwrap_or_default()), if !flushed => match n {
                Ok(0) | Err(_) => break Ending::IoError,
                Ok(n) => {
                    written += n;
                    last_write = Instant::now();
                }
            },
            frame = relayed.frames.recv(), if frames_open && conn.state() == State::Open && backlog < RELAY_HIGH_WATER => match frame {
                Some(frame) => pending.extend_from_slice(&frame),
                None => frames_open = false,
            },
            read = read_relayed(&mut rd, &mut conn, &mut app, &mut pending), if failed.is_none() && backlog < 2 * RELAY_HIGH_WATER => match read {
                Ok(Answered::Eof) => break if conn.is_closed() { Ending::Closed } else { Ending::Dropped },
                Ok(Answered::Read { failed: f }) => {
                    last_read = Instant::now();
                    pinged_at = None;
                    failed = f.or_else(|| over_budget(&mut reservation, &mut conn, &mut pending));
                }
                Err(_) => break Ending::IoError,
            },
            () = tokio::time::sleep_until(due) => {
                let now = Instant::now();
                if (!flushed && now >= last_write + write_limit)
                    || close_deadline.is_some_and(|d| now >= d)
                {
                    break Ending::TimedOut;
                } else if close_deadline.is_none() && now >= due {
                    if pinged_at.is_none() {
                        let _ = conn.send_ping(b"wiretrail", &mut pending);
                        pinged_at = Some(now);
                    } else {
                        let _ = conn.send_close(Some(CloseCode::GoingAway), "no answer to ping", &mut pending);
                    }
                }
            }
        }
    };

    tracing::debug!(?ending, "relayed WebSocket connection ended");
    let grace = Instant::now() + settings.close_timeout.min(Duration::from_secs(2));
    let _ = tokio::time::timeout_at(grace, wr.shutdown()).await;
    if !matches!(ending, Ending::Dropped | Ending::IoError) {
        drain(&mut rd, grace).await;
    }
}

/// One read of a relayed socket, answered into `out` (which may hold frames not yet written:
/// answers are whole frames, so they go after them).
async fn read_relayed<IO: AsyncRead + Unpin, R: Responder>(
    io: &mut IO,
    conn: &mut Connection,
    app: &mut R,
    out: &mut Vec<u8>,
) -> std::io::Result<Answered> {
    poll_fn(|cx| {
        SCRATCH.with_borrow_mut(|scratch| {
            let mut buf = ReadBuf::new(&mut scratch.read);
            match Pin::new(&mut *io).poll_read(cx, &mut buf) {
                Poll::Ready(Ok(())) => {}
                Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
                Poll::Pending => return Poll::Pending,
            }
            let n = buf.filled().len();
            if n == 0 {
                return Poll::Ready(Ok(Answered::Eof));
            }
            let input = scratch.read.get_mut(..n).unwrap_or_default();
            app.on_read(input);
            let failed = answer(input, conn, app, out, None);
            Poll::Ready(Ok(Answered::Read { failed }))
        })
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::short_reason;

    #[test]
    fn reasons_fit_a_control_frame() {
        assert_eq!(short_reason("bad"), "bad");
        let long = "é".repeat(100);
        let r = short_reason(&long);
        assert!(r.len() <= 123);
        assert!(long.starts_with(&r));
    }
}
