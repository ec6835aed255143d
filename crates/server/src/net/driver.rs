//! The one place that drives a WebSocket over a socket.
//!
//! The `websocket` crate is sans-IO: it is fed bytes and hands back events and bytes to send.
//! This loop is the I/O around it:
//!
//! ```text
//!   socket ──read──▶ Connection::feed ──next_event──▶ Responder (echo, lab…)
//!      ▲                                                   │
//!      └────────────write_all◀──── out: Vec<u8> ◀──────────┘
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
//! Memory: an idle connection owns no read buffer. Reads go into one scratch buffer per
//! thread, which is handed to [`Connection::feed`] in the same poll, before any await.

use std::cell::RefCell;
use std::future::poll_fn;
use std::pin::Pin;
use std::task::Poll;
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::sync::mpsc;
use tokio::time::{Instant, sleep_until, timeout};
use tokio_util::sync::CancellationToken;
use websocket::close::CloseCode;
use websocket::connection::{Config, Connection, Event, Message, Role, State};

use crate::config::Settings;

/// What to do with each message; the echo endpoint and the labs differ only here.
pub trait Responder: Send {
    /// Called for every complete message from the peer. Write any reply with `conn.send_*`
    /// into `out`.
    fn on_message(&mut self, message: Message, conn: &mut Connection, out: &mut Vec<u8>);
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
}

/// Something the server side of a lab asks its socket to do, run between reads: it may send
/// frames through the connection or push raw bytes (a deliberately broken frame) into `out`.
pub type Command = Box<dyn FnOnce(&mut Connection, &mut Vec<u8>) + Send>;

/// How big the per-thread read buffer is.
const SCRATCH_SIZE: usize = 64 * 1024;

/// An outgoing buffer larger than this is freed after it is flushed, so one big message does
/// not leave an idle connection holding megabytes.
const KEEP_OUT_CAPACITY: usize = 16 * 1024;

thread_local! {
    static SCRATCH: RefCell<Box<[u8]>> = RefCell::new(vec![0; SCRATCH_SIZE].into_boxed_slice());
}

/// Reads what the socket has and feeds it to the connection. Returns how many bytes arrived
/// (0 at end of stream).
async fn read_into<IO: AsyncRead + Unpin>(
    io: &mut IO,
    conn: &mut Connection,
) -> std::io::Result<usize> {
    poll_fn(|cx| {
        SCRATCH.with_borrow_mut(|scratch| {
            let mut buf = ReadBuf::new(scratch);
            match Pin::new(&mut *io).poll_read(cx, &mut buf) {
                Poll::Ready(Ok(())) => {
                    let filled = buf.filled();
                    conn.feed(filled);
                    Poll::Ready(Ok(filled.len()))
                }
                Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
                Poll::Pending => Poll::Pending,
            }
        })
    })
    .await
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
                    let mut buf = ReadBuf::new(scratch);
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
    // When the next timer fires: a Ping after `ping_interval` of silence, then Close 1001
    // after `idle_timeout` more.
    let mut quiet_deadline = Instant::now() + settings.ping_interval;
    let mut pinged = false;
    let mut close_deadline: Option<Instant> = None;
    // Writes get a deadline too: a peer that stops reading must not hold the task forever.
    let write_limit = settings.ping_interval + settings.idle_timeout;

    let ending = loop {
        let wake_at = close_deadline.unwrap_or(quiet_deadline);

        tokio::select! {
            biased;
            () = shutdown.cancelled(), if close_deadline.is_none() => {
                let _ = conn.send_close(Some(CloseCode::GoingAway), "server shutting down", &mut out);
                close_deadline = Some(Instant::now() + settings.close_timeout);
            }
            command = recv(&mut commands), if commands.is_some() => match command {
                Some(command) => command(&mut conn, &mut out),
                None => commands = None,
            },
            read = read_into(&mut io, &mut conn) => match read {
                Ok(0) => break if conn.is_closed() { Ending::Closed } else { Ending::Dropped },
                Ok(_) => {
                    quiet_deadline = Instant::now() + settings.ping_interval;
                    pinged = false;
                }
                Err(_) => break Ending::IoError,
            },
            () = sleep_until(wake_at) => {
                if close_deadline.is_some() {
                    break Ending::TimedOut;
                } else if !pinged {
                    let _ = conn.send_ping(b"wiretrail", &mut out);
                    pinged = true;
                    quiet_deadline = Instant::now() + settings.idle_timeout;
                } else {
                    let _ = conn.send_close(Some(CloseCode::GoingAway), "no answer to ping", &mut out);
                    close_deadline = Some(Instant::now() + settings.close_timeout);
                }
            }
        }

        let mut failed = None;
        loop {
            match conn.next_event() {
                Ok(None) => break,
                Ok(Some(Event::Message(message))) => app.on_message(message, &mut conn, &mut out),
                Ok(Some(Event::Ping(payload))) => {
                    let _ = conn.send_pong(&payload, &mut out);
                }
                Ok(Some(Event::Pong(_))) => {}
                Ok(Some(Event::Close(frame))) => {
                    if conn.state() == State::CloseReceived {
                        // RFC 6455 §5.5.1: answer with Close, echoing the status code.
                        let code = frame.as_ref().map(|f| f.code);
                        let _ = conn.send_close(code, "", &mut out);
                    }
                    break;
                }
                Err(e) => {
                    let code = e.close_code();
                    tracing::warn!(
                        rule = e.rule(),
                        code = code.as_u16(),
                        "peer broke the protocol: {e}"
                    );
                    let _ = conn.send_close(Some(code), &short_reason(&e.to_string()), &mut out);
                    failed = Some(code.as_u16());
                    break;
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
