//! Exercise 06: reassembling fragmented messages, with UTF-8 checked across fragments
//! (RFC 6455 §5.4, §5.6, §8.1).
//!
//! Read TASK.md first; check with `wiretrail exercises check 06-reassemble`.

/// What a frame completed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// A whole text message (opcode 1 and its continuations), valid UTF-8.
    Text(String),
    /// A whole binary message (opcode 2 and its continuations).
    Binary(Vec<u8>),
    /// A control frame (8 close, 9 ping, 10 pong) with its payload. Control frames may
    /// arrive *between* the fragments of a message (§5.4) and do not disturb it.
    Control(u8, Vec<u8>),
}

/// A rule the sequence of frames broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReassemblyError {
    /// A continuation frame (opcode 0) with no message in progress.
    UnexpectedContinuation,
    /// A new text or binary frame while a fragmented message is still in progress.
    ExpectedContinuation,
    /// A control frame with FIN = 0: "Control frames MUST NOT be fragmented" (§5.5).
    FragmentedControl,
    /// Opcodes 3-7 and 11-15 are reserved (§5.2).
    ReservedOpcode(u8),
    /// The text so far can never become valid UTF-8 (§8.1), or the final fragment ended
    /// in the middle of a character.
    InvalidUtf8,
}

impl ReassemblyError {
    /// The close code to answer with: 1007 for bad UTF-8, 1002 for the rest.
    pub fn close_code(self) -> u16 {
        // TODO: match on self.
        todo!("1002 or 1007")
    }
}

/// Collects fragments until a message is whole.
#[derive(Debug)]
pub struct Reassembler {
    // TODO: the fields you need: which kind of message is in progress (if any), and the
    //       bytes collected so far.
}

impl Reassembler {
    /// A reassembler with no message in progress.
    pub fn new() -> Self {
        // TODO
        todo!("create an empty reassembler")
    }

    /// Feeds one frame's (already unmasked) payload.
    ///
    /// Returns `Ok(Some(message))` when this frame completes a message or is a control
    /// frame, `Ok(None)` when more fragments are needed, and an error when a rule is
    /// broken. Text is checked as it arrives: fail as soon as the bytes so far can never
    /// be valid UTF-8, do not wait for the last fragment.
    pub fn push(
        &mut self,
        fin: bool,
        opcode: u8,
        payload: &[u8],
    ) -> Result<Option<Message>, ReassemblyError> {
        // TODO 1: control opcodes (8, 9, 10): FIN must be set; return them at once.
        // TODO 2: opcode 0 needs a message in progress; opcodes 1 and 2 need none.
        //         Anything else is reserved.
        // TODO 3: append the payload. For text, check the bytes so far with
        //         `std::str::from_utf8`: its error's `error_len()` tells "invalid" (Some)
        //         apart from "cut in the middle of a character" (None).
        // TODO 4: on FIN, hand back the whole message and get ready for the next one.
        let _ = (fin, opcode, payload); // delete this line once you use the arguments
        todo!("reassemble")
    }
}
