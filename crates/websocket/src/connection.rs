//! The connection state machine: bytes in, events out; calls in, bytes out (RFC 6455 §5,
//! §7). No sockets here: the caller reads from its socket, hands the bytes to
//! [`Connection::feed`], takes [`Event`]s from [`Connection::next_event`], and writes the
//! bytes the `send_*` methods append to its buffer.
//!
//! ```text
//!                feed(bytes)                    send_*(.., &mut out)
//!   socket ──────────────────▶ ┌────────────┐ ─────────────────────▶ socket
//!                              │ Connection │
//!   app    ◀────────────────── └────────────┘ ◀───────────────────── app
//!              next_event()                      send_text / send_close
//! ```
//!
//! A message may be split into fragments (RFC 6455 §5.4): a Text or Binary frame with
//! FIN=0, then Continuation frames, the last with FIN=1. Control frames (Ping, Pong, Close)
//! may appear *between* fragments and are delivered as their own events. The RFC's example
//! (§5.7), "Hello" in two fragments:
//!
//! ```text
//!   0x01 0x03 0x48 0x65 0x6c   (FIN=0, Text, "Hel")
//!   0x80 0x02 0x6c 0x6f        (FIN=1, Continuation, "lo")
//! ```
//!
//! The closing handshake (§7.1.2-§7.1.4, §5.5.1), as [`State`]s (this diagram is ours; the
//! RFC describes it in prose):
//!
//! ```text
//!                      Open
//!        send_close() /    \ peer's Close received
//!                    v      v
//!            CloseSent      CloseReceived
//!  peer's Close      \      / send_close()
//!   received          v    v
//!                     Closed
//! ```
//!
//! Walk-through of [`Connection::feed`]:
//!
//! 1. **Header.** Parse the 2-14 header bytes with [`FrameHeader::parse`]. If they are not
//!    all there, stash the few that are (a fixed 14-byte array, no heap) and wait.
//! 2. **Judge the header before any payload** (§5.1-§5.5): RSV bits (1002), reserved
//!    opcodes (1002), masking by the right side (1002), control frames short and unfragmented
//!    (1002), continuation only inside a message (1002), and the size limits (1009) — a
//!    frame announcing 2 GiB is refused after 10 bytes, not after 2 GiB.
//! 3. **Payload.** Copy what has arrived straight from the caller's slice into the message
//!    (or control-frame) buffer, unmasking it on the way with the running offset
//!    ([`mask_into_at`], one pass). Text is UTF-8-checked right
//!    there, so an impossible byte fails the connection with 1007 the moment it arrives,
//!    even mid-frame (§8.1).
//! 4. **End of frame.** A Ping, Pong or Close becomes an event; a final fragment completes
//!    a message. After the peer's Close, further bytes are ignored (§5.5.1).
//!
//! [`Connection::feed_in_place`] takes the same steps one at a time, with one shortcut: a
//! whole unfragmented message lying in the caller's (mutable) buffer, with nothing else in
//! progress, is judged by the same rules, unmasked where it lies and handed back as a
//! [`MessageRef`] that borrows the buffer: no copy into a message buffer, no allocation.
//! An echo server reads, answers from the borrowed payload, and never owns the message.
//!
//! Errors are sticky: once the peer broke a rule, the events completed before it are
//! still delivered, then every call to [`Connection::next_event`] returns the error. The
//! caller's answer is [`Error::close_code`] in a Close frame, then closing TCP (§7.1.7).
//!
//! Cost at rest: an idle connection holds no heap memory for reading. Buffers are taken
//! by the events they become, and the event queue is released once drained.

use std::collections::VecDeque;
use std::hash::{BuildHasher, Hasher};

use crate::close::{CloseCode, CloseFrame, encode_close_payload, parse_close_payload};
use crate::error::Error;
use crate::frame::{FrameHeader, MAX_CONTROL_PAYLOAD_LEN, MAX_HEADER_LEN, encode_frame};
use crate::mask::{MASKING_KEY_LEN, apply_mask, mask_into_at};
use crate::opcode::Opcode;
use crate::utf8::{Utf8Error, Utf8Validator};

/// The largest frame whose header makes the message buffer reserve room for its payload
/// before the payload arrives.
const MAX_RESERVE: usize = 256 * 1024;

/// The default limit on a message and on a frame: 16 MiB.
pub const DEFAULT_MAX_SIZE: usize = 16 * 1024 * 1024;

/// Limits (RFC 6455 §10.4: "implementations SHOULD impose a limit on frame sizes and
/// the total message size"). Past them the connection fails with 1009.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Config {
    /// The largest message, in bytes, summed over its fragments. Default 16 MiB.
    pub max_message_size: usize,
    /// The largest single frame payload, in bytes. Default 16 MiB.
    pub max_frame_size: u64,
}

impl Config {
    /// One bound for both: messages and frames of at most `bytes` (a frame can never be
    /// larger than the message it carries, so one number says it all).
    pub const fn at_most(bytes: usize) -> Config {
        Config {
            max_message_size: bytes,
            max_frame_size: bytes as u64,
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            max_message_size: DEFAULT_MAX_SIZE,
            max_frame_size: DEFAULT_MAX_SIZE as u64,
        }
    }
}

/// Which end of the connection we are (RFC 6455 §5.1, §5.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Receives masked frames, sends unmasked ones.
    Server,
    /// Receives unmasked frames, sends masked ones.
    Client,
}

/// A complete data message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// A Text message: valid UTF-8.
    Text(String),
    /// A Binary message.
    Binary(Vec<u8>),
}

/// A complete single-frame message read where it lay (see [`Connection::feed_in_place`]):
/// its payload, unmasked in the caller's buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageRef<'a> {
    /// A Text message: valid UTF-8.
    Text(&'a str),
    /// A Binary message.
    Binary(&'a [u8]),
}

impl MessageRef<'_> {
    /// The owned message, as [`Connection::next_event`] would have given it.
    pub fn to_message(self) -> Message {
        match self {
            MessageRef::Text(text) => Message::Text(text.to_owned()),
            MessageRef::Binary(data) => Message::Binary(data.to_vec()),
        }
    }
}

/// What [`Connection::feed_in_place`] did with the front of the buffer it was given.
#[derive(Debug, PartialEq, Eq)]
pub enum Fed<'a> {
    /// The first `used` bytes were one whole single-frame message, judged, unmasked in
    /// place and (for Text) UTF-8-checked: here it is, with no copy.
    Message {
        message: MessageRef<'a>,
        used: usize,
    },
    /// The first `used` bytes went the way [`Connection::feed`] takes them: a header, or a
    /// piece of payload up to the end of its frame. Whatever they completed is queued for
    /// [`Connection::next_event`].
    Queued { used: usize },
}

/// What the peer sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A complete message (all its fragments).
    Message(Message),
    /// A Ping; answer with [`Connection::send_pong`] and the same payload (§5.5.2).
    Ping(Vec<u8>),
    /// A Pong.
    Pong(Vec<u8>),
    /// The peer's Close; answer with [`Connection::send_close`] echoing the code (§5.5.1).
    Close(Option<CloseFrame>),
}

/// Where the closing handshake stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Neither side has sent Close.
    Open,
    /// We sent Close and await the peer's.
    CloseSent,
    /// The peer sent Close; we must reply with ours.
    CloseReceived,
    /// Both Close frames have been exchanged; the TCP connection can be closed.
    Closed,
}

/// The frame whose payload is being read.
#[derive(Debug, Clone, Copy)]
struct Incoming {
    header: FrameHeader,
    /// Payload bytes still to come.
    remaining: u64,
    /// Payload bytes already read: where the masking key stands.
    offset: usize,
}

/// A data message being assembled from its fragments.
#[derive(Debug)]
struct Assembly {
    text: bool,
    data: Vec<u8>,
    utf8: Utf8Validator,
}

/// A sans-IO RFC 6455 endpoint after the opening handshake.
#[derive(Debug)]
pub struct Connection {
    role: Role,
    config: Config,
    state: State,
    /// An incomplete header carried between `feed` calls.
    header_buf: [u8; MAX_HEADER_LEN],
    header_len: usize,
    frame: Option<Incoming>,
    message: Option<Assembly>,
    control: Vec<u8>,
    events: VecDeque<Event>,
    error: Option<Error>,
    /// The peer's Close has been received: ignore everything after it.
    read_closed: bool,
    /// xorshift64 state for client-role masking keys.
    mask_state: u64,
}

impl Connection {
    /// A connection in the `Open` state.
    ///
    /// In the client role, masking keys come from a small generator seeded from the
    /// standard library's per-process random hash keys: unpredictable enough for the
    /// intermediary problem masking addresses (§10.3), but not a cryptographic RNG. Use
    /// [`Connection::set_mask_seed`] for reproducible output in tests.
    pub fn new(role: Role, config: Config) -> Self {
        let seed = std::collections::hash_map::RandomState::new()
            .build_hasher()
            .finish();
        Connection {
            role,
            config,
            state: State::Open,
            header_buf: [0; MAX_HEADER_LEN],
            header_len: 0,
            frame: None,
            message: None,
            control: Vec::new(),
            events: VecDeque::new(),
            error: None,
            read_closed: false,
            mask_state: seed | 1,
        }
    }

    /// Seeds the generator of client-role masking keys (zero is replaced by one).
    pub fn set_mask_seed(&mut self, seed: u64) {
        self.mask_state = seed.max(1);
    }

    /// Our role.
    pub fn role(&self) -> Role {
        self.role
    }

    /// The limits in force.
    pub fn config(&self) -> Config {
        self.config
    }

    /// Where the closing handshake stands.
    pub fn state(&self) -> State {
        self.state
    }

    /// Both Close frames have been exchanged.
    pub fn is_closed(&self) -> bool {
        self.state == State::Closed
    }

    /// The protocol error that stopped reading, if any.
    pub fn error(&self) -> Option<&Error> {
        self.error.as_ref()
    }

    /// Heap bytes held for reading (buffers and queue capacity); 0 when idle.
    pub fn read_buffer_capacity(&self) -> usize {
        self.control.capacity()
            + self.message.as_ref().map_or(0, |m| m.data.capacity())
            + self.events.capacity() * std::mem::size_of::<Event>()
    }

    // ------------------------------------------------------------------ reading

    /// Processes `data` eagerly: complete frames become events, a partial payload goes
    /// into its buffer, a partial header is stashed. Bytes after the peer's Close or after
    /// an error are ignored.
    pub fn feed(&mut self, mut data: &[u8]) {
        while !data.is_empty() && self.error.is_none() && !self.read_closed {
            self.feed_step(&mut data);
        }
    }

    /// Like [`Connection::feed`], one step at a time, and without copying a message that
    /// lies whole in `data`.
    ///
    /// When nothing is half-read (no stashed header, no frame or fragmented message in
    /// progress) and no event is waiting, and `data` begins with a whole unfragmented Text
    /// or Binary frame, that frame is judged by the same rules as in `feed`, unmasked where
    /// it lies (so `data` is changed) and returned as a [`MessageRef`] borrowing `data`.
    /// Otherwise one step of `feed` is taken (a header, or payload up to the end of its
    /// frame) and its events are queued. Either way the result says how many bytes were
    /// used; call again with the rest, after taking the queued events, to keep the order
    /// in which the peer sent them. The events and errors are exactly those of `feed`.
    pub fn feed_in_place<'a>(&mut self, data: &'a mut [u8]) -> Fed<'a> {
        if self.error.is_some() || self.read_closed {
            return Fed::Queued { used: data.len() };
        }
        if let Some((header, start, end)) = self.whole_message_at_front(data) {
            if let (Some(payload), Some(key)) = (data.get_mut(start..end), header.masking_key) {
                apply_mask(payload, key);
            }
            let payload = data.get(start..end).unwrap_or_default();
            let message = if header.opcode == Opcode::Text {
                match std::str::from_utf8(payload) {
                    Ok(text) => MessageRef::Text(text),
                    Err(_) => {
                        // The same error `feed` would give: the validator says where.
                        let mut utf8 = Utf8Validator::new();
                        let error = utf8.feed(payload).and_then(|()| utf8.finish());
                        self.fail(Error::InvalidUtf8(error.err().unwrap_or(Utf8Error {
                            valid_up_to: 0,
                            incomplete: false,
                        })));
                        return Fed::Queued { used: data.len() };
                    }
                }
            } else {
                MessageRef::Binary(payload)
            };
            return Fed::Message { message, used: end };
        }
        let mut rest: &[u8] = data;
        self.feed_step(&mut rest);
        if self.error.is_some() {
            // As in `feed`: nothing after an error is read.
            rest = &[];
        }
        Fed::Queued {
            used: data.len() - rest.len(),
        }
    }

    /// The header and payload range of a whole, valid, unfragmented Text or Binary frame at
    /// the front of `data`, when nothing else is in progress.
    fn whole_message_at_front(&self, data: &[u8]) -> Option<(FrameHeader, usize, usize)> {
        let (header, used, end) = self.message_at_front(data)?;
        (end <= data.len()).then_some((header, used, end))
    }

    /// How many bytes `data` would need for [`Connection::feed_in_place`] to hand back the
    /// message it begins with, borrowed: `Some(n)`, with `n` past `data.len()`, when
    /// nothing is half-read and `data` begins with the whole header of a valid unfragmented
    /// Text or Binary frame whose payload has not all arrived. A caller that can read the
    /// rest into the same buffer, right after `data`, avoids copying the payload into a
    /// message buffer of the connection's own.
    pub fn message_needs(&self, data: &[u8]) -> Option<usize> {
        let (_, _, end) = self.message_at_front(data)?;
        (end > data.len()).then_some(end)
    }

    /// The header and payload range of a valid, unfragmented Text or Binary frame whose
    /// header is whole at the front of `data` (its payload may not be), when nothing else
    /// is in progress.
    fn message_at_front(&self, data: &[u8]) -> Option<(FrameHeader, usize, usize)> {
        if self.header_len != 0
            || self.frame.is_some()
            || self.message.is_some()
            || !self.events.is_empty()
        {
            return None;
        }
        let (header, used) = FrameHeader::parse(data).ok()??;
        if !header.fin || !matches!(header.opcode, Opcode::Text | Opcode::Binary) {
            return None;
        }
        let end = used.checked_add(usize::try_from(header.payload_len).ok()?)?;
        // A frame that breaks a rule goes the slow way, which fails the connection.
        self.judge(&header).is_ok().then_some((header, used, end))
    }

    /// One step of [`Connection::feed`]: a header, or payload up to the end of its frame.
    #[inline]
    fn feed_step(&mut self, data: &mut &[u8]) {
        let step = match self.frame {
            Some(frame) => {
                let n = usize::try_from(frame.remaining)
                    .unwrap_or(usize::MAX)
                    .min(data.len());
                let (chunk, rest) = data.split_at_checked(n).unwrap_or((data, &[]));
                *data = rest;
                self.on_payload(chunk)
            }
            None => match self.read_header(data) {
                Ok(Some(header)) => self.on_header(header),
                Ok(None) => Ok(()),
                Err(e) => Err(e),
            },
        };
        if let Err(e) = step {
            self.fail(e);
        }
    }

    /// The next event, `Ok(None)` when more bytes are needed, or the error that failed the
    /// connection (returned again on every later call).
    pub fn next_event(&mut self) -> Result<Option<Event>, Error> {
        if let Some(event) = self.events.pop_front() {
            if self.events.is_empty() {
                // Release the queue's buffer: idle connections hold no heap memory.
                self.events = VecDeque::new();
            }
            return Ok(Some(event));
        }
        match &self.error {
            Some(e) => Err(e.clone()),
            None => Ok(None),
        }
    }

    /// Takes a header from the stash plus `data`, advancing `data` past what it used.
    fn read_header(&mut self, data: &mut &[u8]) -> Result<Option<FrameHeader>, Error> {
        if self.header_len == 0 {
            return match FrameHeader::parse(data)? {
                Some((header, used)) => {
                    *data = data.get(used..).unwrap_or_default();
                    Ok(Some(header))
                }
                None => {
                    self.stash(data);
                    *data = &[];
                    Ok(None)
                }
            };
        }
        // Top up the stash (a header is at most 14 bytes) and try again.
        let stashed = self.header_len;
        let take = (MAX_HEADER_LEN - stashed).min(data.len());
        let (head, _) = data.split_at_checked(take).unwrap_or((data, &[]));
        self.stash(head);
        match FrameHeader::parse(self.header_buf.get(..self.header_len).unwrap_or_default())? {
            Some((header, used)) => {
                self.header_len = 0;
                *data = data.get(used.saturating_sub(stashed)..).unwrap_or_default();
                Ok(Some(header))
            }
            None => {
                *data = data.get(take..).unwrap_or_default();
                Ok(None)
            }
        }
    }

    fn stash(&mut self, bytes: &[u8]) {
        let start = self.header_len;
        if let Some(slots) = self.header_buf.get_mut(start..start + bytes.len()) {
            slots.copy_from_slice(bytes);
            self.header_len += bytes.len();
        }
    }

    /// Judges a header before its payload (§5.1-§5.5, limits), then starts reading it.
    fn on_header(&mut self, header: FrameHeader) -> Result<(), Error> {
        self.judge(&header)?;
        let len = header.payload_len;
        if !header.opcode.is_control() && header.opcode != Opcode::Continuation {
            self.message = Some(Assembly {
                text: header.opcode == Opcode::Text,
                data: Vec::new(),
                utf8: Utf8Validator::new(),
            });
        }
        if let Some(msg) = self
            .message
            .as_mut()
            .filter(|_| !header.opcode.is_control())
        {
            // Room for this frame's payload, if it is small enough: a header alone must not
            // make us reserve megabytes that may never come (a bigger frame grows its buffer
            // as its bytes arrive).
            let frame = usize::try_from(len).unwrap_or(usize::MAX);
            if frame <= MAX_RESERVE {
                msg.data.reserve(frame);
            }
        }
        self.frame = Some(Incoming {
            header,
            remaining: len,
            offset: 0,
        });
        if len == 0 {
            self.end_of_frame()?;
        }
        Ok(())
    }

    /// The rules a header must pass before its payload is read (§5.1-§5.5, the limits).
    fn judge(&self, header: &FrameHeader) -> Result<(), Error> {
        if header.rsv1 || header.rsv2 || header.rsv3 {
            return Err(Error::ReservedBitsSet {
                rsv1: header.rsv1,
                rsv2: header.rsv2,
                rsv3: header.rsv3,
            });
        }
        if let Opcode::Reserved(n) = header.opcode {
            return Err(Error::ReservedOpcode(n));
        }
        match (self.role, header.masking_key) {
            (Role::Server, None) => return Err(Error::UnmaskedFrame),
            (Role::Client, Some(_)) => return Err(Error::MaskedFrame),
            _ => {}
        }
        let len = header.payload_len;
        if header.opcode.is_control() {
            if !header.fin {
                return Err(Error::FragmentedControlFrame);
            }
            if len > MAX_CONTROL_PAYLOAD_LEN as u64 {
                return Err(Error::ControlFrameTooLong(len));
            }
            return Ok(());
        }
        match (header.opcode, &self.message) {
            (Opcode::Continuation, None) => return Err(Error::UnexpectedContinuation),
            (Opcode::Text | Opcode::Binary, Some(_)) => {
                return Err(Error::ExpectedContinuation);
            }
            _ => {}
        }
        if len > self.config.max_frame_size {
            return Err(Error::FrameTooBig {
                len,
                max: self.config.max_frame_size,
            });
        }
        let so_far = self.message.as_ref().map_or(0, |m| m.data.len()) as u64;
        let total = so_far.saturating_add(len);
        if total > self.config.max_message_size as u64 {
            return Err(Error::MessageTooBig {
                len: total,
                max: self.config.max_message_size as u64,
            });
        }
        Ok(())
    }

    /// Copies a piece of payload into its buffer, unmasks it there, checks UTF-8.
    fn on_payload(&mut self, chunk: &[u8]) -> Result<(), Error> {
        let Some(frame) = self.frame.as_mut() else {
            return Ok(());
        };
        let offset = frame.offset;
        frame.offset += chunk.len();
        frame.remaining = frame.remaining.saturating_sub(chunk.len() as u64);
        let done = frame.remaining == 0;
        let key = frame.header.masking_key;

        if frame.header.opcode.is_control() {
            append_unmasked(&mut self.control, chunk, key, offset);
        } else if let Some(msg) = self.message.as_mut() {
            let new = append_unmasked(&mut msg.data, chunk, key, offset);
            if msg.text {
                msg.utf8.feed(new).map_err(Error::InvalidUtf8)?;
            }
        }
        if done {
            self.end_of_frame()?;
        }
        Ok(())
    }

    /// A frame's payload is complete: emit what it completes.
    fn end_of_frame(&mut self) -> Result<(), Error> {
        let Some(frame) = self.frame.take() else {
            return Ok(());
        };
        match frame.header.opcode {
            Opcode::Ping => self
                .events
                .push_back(Event::Ping(std::mem::take(&mut self.control))),
            Opcode::Pong => self
                .events
                .push_back(Event::Pong(std::mem::take(&mut self.control))),
            Opcode::Close => {
                let payload = std::mem::take(&mut self.control);
                let close = parse_close_payload(&payload)?;
                self.read_closed = true;
                self.state = match self.state {
                    State::Open => State::CloseReceived,
                    _ => State::Closed,
                };
                self.events.push_back(Event::Close(close));
            }
            _ if frame.header.fin => {
                if let Some(msg) = self.message.take() {
                    self.events.push_back(Event::Message(finish_message(msg)?));
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn fail(&mut self, e: Error) {
        self.error = Some(e);
        // Nothing more will be read: free the buffers now.
        self.frame = None;
        self.message = None;
        self.control = Vec::new();
        self.header_len = 0;
    }

    // ------------------------------------------------------------------ writing

    /// Appends a Text message (one frame).
    pub fn send_text(&mut self, text: &str, out: &mut Vec<u8>) -> Result<(), Error> {
        self.send_frame(true, Opcode::Text, text.as_bytes(), out)
    }

    /// Appends a Binary message (one frame).
    pub fn send_binary(&mut self, data: &[u8], out: &mut Vec<u8>) -> Result<(), Error> {
        self.send_frame(true, Opcode::Binary, data, out)
    }

    /// Appends only the header of a one-frame data message (FIN set) of `payload_len`
    /// bytes; the caller writes the payload right after it, from wherever it lies (a
    /// vectored write: an echo answers from its read buffer without copying the payload).
    /// For the server role only, since a server's frames are not masked (§5.1): a client's
    /// payload must be masked into the frame, so for a client nothing is written and the
    /// answer is `Ok(false)` (use [`Connection::send_binary`]); so too for an opcode other
    /// than Text or Binary. Text's bytes must be UTF-8 (they are, when they come from a
    /// [`MessageRef::Text`]).
    pub fn send_data_header(
        &mut self,
        opcode: Opcode,
        payload_len: usize,
        out: &mut Vec<u8>,
    ) -> Result<bool, Error> {
        self.check_can_send()?;
        if self.role == Role::Client || !matches!(opcode, Opcode::Text | Opcode::Binary) {
            return Ok(false);
        }
        FrameHeader::new(opcode, payload_len as u64).encode(out);
        Ok(true)
    }

    /// Appends a Ping; the payload is at most 125 bytes (§5.5).
    pub fn send_ping(&mut self, payload: &[u8], out: &mut Vec<u8>) -> Result<(), Error> {
        self.send_frame(true, Opcode::Ping, payload, out)
    }

    /// Appends a Pong; to answer a Ping, echo its payload (§5.5.3).
    pub fn send_pong(&mut self, payload: &[u8], out: &mut Vec<u8>) -> Result<(), Error> {
        self.send_frame(true, Opcode::Pong, payload, out)
    }

    /// Appends a Close frame and moves the closing handshake on (§5.5.1, §7.1.2).
    ///
    /// `None` sends an empty payload (and ignores `reason`). The reason is cut to fit
    /// 123 bytes at a char boundary. Errors (API misuse): a second Close, or a code that
    /// may not be sent (1005, 1006, 1015, ...).
    pub fn send_close(
        &mut self,
        code: Option<CloseCode>,
        reason: &str,
        out: &mut Vec<u8>,
    ) -> Result<(), Error> {
        self.check_can_send()?;
        let mut payload = Vec::new();
        if let Some(code) = code {
            if !code.is_sendable() {
                return Err(Error::UnsendableCloseCode(code.as_u16()));
            }
            encode_close_payload(code, reason, &mut payload);
        }
        self.write(true, Opcode::Close, &payload, out);
        Ok(())
    }

    /// Appends one raw frame: lets a lab send fragments (`fin = false`, then
    /// [`Opcode::Continuation`]s). Checked: not after our Close, no reserved opcode, control
    /// frames unfragmented and at most 125 bytes. Fragment order is the caller's business.
    /// Sending [`Opcode::Close`] here moves the closing handshake on like `send_close`.
    pub fn send_frame(
        &mut self,
        fin: bool,
        opcode: Opcode,
        payload: &[u8],
        out: &mut Vec<u8>,
    ) -> Result<(), Error> {
        self.check_can_send()?;
        if let Opcode::Reserved(n) = opcode {
            return Err(Error::ReservedOpcodeSend(n));
        }
        if opcode.is_control() {
            if !fin {
                return Err(Error::FragmentedControlSend);
            }
            if payload.len() > MAX_CONTROL_PAYLOAD_LEN {
                return Err(Error::ControlPayloadTooLong(payload.len()));
            }
        }
        self.write(fin, opcode, payload, out);
        Ok(())
    }

    fn check_can_send(&self) -> Result<(), Error> {
        match self.state {
            State::CloseSent | State::Closed => Err(Error::SendAfterClose),
            State::Open | State::CloseReceived => Ok(()),
        }
    }

    fn write(&mut self, fin: bool, opcode: Opcode, payload: &[u8], out: &mut Vec<u8>) {
        let key = match self.role {
            Role::Server => None,
            Role::Client => Some(self.next_mask_key()),
        };
        encode_frame(fin, opcode, key, payload, out);
        if opcode == Opcode::Close {
            self.state = match self.state {
                State::CloseReceived => State::Closed,
                _ => State::CloseSent,
            };
        }
    }

    /// xorshift64 (Marsaglia 2003): cheap and never zero once seeded non-zero.
    fn next_mask_key(&mut self) -> [u8; MASKING_KEY_LEN] {
        let mut x = self.mask_state;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.mask_state = x;
        ((x >> 32) as u32).to_be_bytes()
    }
}

/// Appends `chunk` to `buf`, unmasking it on the way, and returns the new bytes.
fn append_unmasked<'b>(
    buf: &'b mut Vec<u8>,
    chunk: &[u8],
    key: Option<[u8; MASKING_KEY_LEN]>,
    offset: usize,
) -> &'b mut [u8] {
    let start = buf.len();
    match key {
        Some(key) => {
            buf.resize(start + chunk.len(), 0);
            let new = buf.get_mut(start..).unwrap_or_default();
            mask_into_at(new, chunk, key, offset);
            new
        }
        None => {
            buf.extend_from_slice(chunk);
            buf.get_mut(start..).unwrap_or_default()
        }
    }
}

/// The last fragment arrived: the message is complete.
fn finish_message(msg: Assembly) -> Result<Message, Error> {
    if !msg.text {
        return Ok(Message::Binary(msg.data));
    }
    msg.utf8.finish().map_err(Error::InvalidUtf8)?;
    String::from_utf8(msg.data).map(Message::Text).map_err(|e| {
        Error::InvalidUtf8(Utf8Error {
            valid_up_to: e.utf8_error().valid_up_to(),
            incomplete: false,
        })
    })
}

#[cfg(test)]
mod tests;
