//! The one error type of the frame layer, and the answer each error carries.
//!
//! RFC 6455 §7.1.7 ("Fail the WebSocket Connection") says what an endpoint does when
//! the peer breaks the protocol: send a Close frame with a fitting status code, then
//! drop the TCP connection. So every variant here knows two things besides its message:
//!
//! - [`Error::close_code`]: the code to put in that Close frame (§7.4.1):
//!   1002 *Protocol Error* for broken framing, 1007 *Invalid Payload Data* for bad UTF-8,
//!   1009 *Message Too Big* for a frame or message past the configured limits;
//! - [`Error::rule`]: the section of the RFC the bytes broke, so a learner can look it up.
//!
//! Two families live side by side, and [`Error::is_peer_error`] tells them apart:
//!
//! - **the peer broke the protocol** (everything returned by
//!   [`Connection::next_event`](crate::Connection::next_event) and the parsers);
//! - **the caller misused the API** (returned by the `send_*` methods: sending after
//!   Close, a Ping payload over 125 bytes, an unsendable close code). These never come
//!   from the network; their close code is 1011 *Internal Error*, because if the server
//!   must say something to the peer, the fault was on the server's side.
//!
//! The opening handshake has its own error type, [`HandshakeError`](crate::HandshakeError),
//! because its answer is an HTTP status (400, 426), not a close code.

use crate::close::CloseCode;
use crate::utf8::Utf8Error;

/// Everything that can go wrong after the handshake.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    // ---- the peer broke the protocol: 1002 Protocol Error ----
    /// RFC 6455 §5.2: RSV1-3 MUST be 0 unless an extension defining them was negotiated
    /// (this crate negotiates none).
    #[error(
        "reserved bit set (RSV1={rsv1}, RSV2={rsv2}, RSV3={rsv3}) but no extension was negotiated"
    )]
    ReservedBitsSet {
        /// RSV1 as received.
        rsv1: bool,
        /// RSV2 as received.
        rsv2: bool,
        /// RSV3 as received.
        rsv3: bool,
    },
    /// RFC 6455 §5.2: opcodes 0x3-0x7 and 0xB-0xF are reserved; a receiver MUST fail the connection.
    #[error("reserved opcode {0:#x}")]
    ReservedOpcode(u8),
    /// RFC 6455 §5.1: a client MUST mask every frame it sends to the server.
    #[error("frame from the client is not masked")]
    UnmaskedFrame,
    /// RFC 6455 §5.1: a server MUST NOT mask any frame it sends to the client.
    #[error("frame from the server is masked")]
    MaskedFrame,
    /// RFC 6455 §5.5: control frames carry at most 125 bytes of payload.
    #[error("control frame with a {0}-byte payload (at most 125 allowed)")]
    ControlFrameTooLong(u64),
    /// RFC 6455 §5.5: control frames MUST NOT be fragmented (FIN must be 1).
    #[error("fragmented control frame (FIN=0)")]
    FragmentedControlFrame,
    /// RFC 6455 §5.4: a Continuation frame is only valid while a fragmented message is open.
    #[error("continuation frame with no message in progress")]
    UnexpectedContinuation,
    /// RFC 6455 §5.4: the fragments of one message MUST NOT be interleaved with another message.
    #[error("new data frame while a fragmented message is still in progress")]
    ExpectedContinuation,
    /// RFC 6455 §5.2: in the 64-bit length form, the most significant bit MUST be 0.
    #[error("64-bit payload length with the most significant bit set")]
    LengthTopBitSet,
    /// RFC 6455 §5.5.1: a Close payload is empty or starts with a 2-byte status code.
    #[error("close frame with a 1-byte payload")]
    CloseCodeTruncated,
    /// RFC 6455 §7.4.1, §7.4.2: codes such as 1005, 1006, 1015, <1000 and unassigned ranges
    /// MUST NOT appear in a Close frame.
    #[error("close code {0} may not be sent in a close frame")]
    CloseCodeNotSendable(u16),

    // ---- the peer broke the protocol: 1007 Invalid Payload Data ----
    /// RFC 6455 §5.6, §8.1: the payload of a Text message MUST be valid UTF-8.
    #[error("text message is not valid UTF-8 ({0})")]
    InvalidUtf8(Utf8Error),
    /// RFC 6455 §5.5.1: the reason in a Close frame MUST be valid UTF-8.
    #[error("close reason is not valid UTF-8")]
    InvalidCloseReason,

    // ---- the peer broke the protocol: 1009 Message Too Big ----
    /// RFC 6455 §7.4.1 (1009): a frame longer than the configured `max_frame_size`.
    #[error("frame of {len} bytes exceeds the limit of {max} bytes")]
    FrameTooBig {
        /// Payload length announced in the header.
        len: u64,
        /// The configured limit.
        max: u64,
    },
    /// RFC 6455 §7.4.1 (1009): a message longer than the configured `max_message_size`.
    #[error("message of at least {len} bytes exceeds the limit of {max} bytes")]
    MessageTooBig {
        /// Bytes so far plus the announced length of this frame.
        len: u64,
        /// The configured limit.
        max: u64,
    },

    // ---- the caller misused the API ----
    /// RFC 6455 §5.5.1: after sending a Close frame, an endpoint sends no more frames.
    #[error("cannot send: a close frame was already sent")]
    SendAfterClose,
    /// RFC 6455 §5.5: the caller asked to send a control frame with more than 125 bytes.
    #[error("cannot send a control frame with a {0}-byte payload (at most 125)")]
    ControlPayloadTooLong(usize),
    /// RFC 6455 §5.5: the caller asked to send a fragmented (FIN=0) control frame.
    #[error("cannot send a fragmented control frame")]
    FragmentedControlSend,
    /// RFC 6455 §5.2: the caller asked to send a reserved opcode.
    #[error("cannot send reserved opcode {0:#x}")]
    ReservedOpcodeSend(u8),
    /// RFC 6455 §7.4.1: the caller asked to send a code that may not appear on the wire.
    #[error("cannot send close code {0}: it may not appear in a close frame")]
    UnsendableCloseCode(u16),
}

impl Error {
    /// The status code to send in the Close frame that fails the connection (RFC 6455 §7.4.1).
    pub fn close_code(&self) -> CloseCode {
        match self {
            Error::InvalidUtf8(_) | Error::InvalidCloseReason => CloseCode::InvalidPayloadData,
            Error::FrameTooBig { .. } | Error::MessageTooBig { .. } => CloseCode::MessageTooBig,
            Error::SendAfterClose
            | Error::ControlPayloadTooLong(_)
            | Error::FragmentedControlSend
            | Error::ReservedOpcodeSend(_)
            | Error::UnsendableCloseCode(_) => CloseCode::InternalError,
            Error::ReservedBitsSet { .. }
            | Error::ReservedOpcode(_)
            | Error::UnmaskedFrame
            | Error::MaskedFrame
            | Error::ControlFrameTooLong(_)
            | Error::FragmentedControlFrame
            | Error::UnexpectedContinuation
            | Error::ExpectedContinuation
            | Error::LengthTopBitSet
            | Error::CloseCodeTruncated
            | Error::CloseCodeNotSendable(_) => CloseCode::ProtocolError,
        }
    }

    /// The RFC section whose rule was broken, e.g. `"RFC 6455 §5.2"`.
    pub fn rule(&self) -> &'static str {
        match self {
            Error::ReservedBitsSet { .. }
            | Error::ReservedOpcode(_)
            | Error::LengthTopBitSet
            | Error::ReservedOpcodeSend(_) => "RFC 6455 §5.2",
            Error::UnmaskedFrame | Error::MaskedFrame => "RFC 6455 §5.1",
            Error::ControlFrameTooLong(_)
            | Error::FragmentedControlFrame
            | Error::ControlPayloadTooLong(_)
            | Error::FragmentedControlSend => "RFC 6455 §5.5",
            Error::UnexpectedContinuation | Error::ExpectedContinuation => "RFC 6455 §5.4",
            Error::CloseCodeTruncated | Error::InvalidCloseReason | Error::SendAfterClose => {
                "RFC 6455 §5.5.1"
            }
            Error::CloseCodeNotSendable(_) | Error::UnsendableCloseCode(_) => "RFC 6455 §7.4",
            Error::InvalidUtf8(_) => "RFC 6455 §8.1",
            Error::FrameTooBig { .. } | Error::MessageTooBig { .. } => "RFC 6455 §7.4.1",
        }
    }

    /// `true` when the peer broke the protocol, `false` when the caller misused the API.
    pub fn is_peer_error(&self) -> bool {
        self.close_code() != CloseCode::InternalError
    }

    /// A short reason for the Close frame (always ASCII and well under 123 bytes).
    pub fn close_reason(&self) -> &'static str {
        match self.close_code() {
            CloseCode::InvalidPayloadData => "invalid UTF-8",
            CloseCode::MessageTooBig => "message too big",
            CloseCode::InternalError => "internal error",
            _ => "protocol error",
        }
    }
}
