//! Exercise 06, reference solution: reassembling fragmented messages (RFC 6455 §5.4, §8.1).

/// What a frame completed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    Text(String),
    Binary(Vec<u8>),
    Control(u8, Vec<u8>),
}

/// A rule the sequence of frames broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReassemblyError {
    UnexpectedContinuation,
    ExpectedContinuation,
    FragmentedControl,
    ReservedOpcode(u8),
    InvalidUtf8,
}

impl ReassemblyError {
    /// The close code to answer with.
    pub fn close_code(self) -> u16 {
        match self {
            ReassemblyError::InvalidUtf8 => 1007,
            _ => 1002,
        }
    }
}

/// Collects fragments until a message is whole.
#[derive(Debug, Default)]
pub struct Reassembler {
    /// The data opcode of the message being assembled (1 or 2), if any.
    current: Option<u8>,
    buffer: Vec<u8>,
}

impl Reassembler {
    pub fn new() -> Self {
        Self::default()
    }

    /// Feeds one frame's (already unmasked) payload.
    pub fn push(
        &mut self,
        fin: bool,
        opcode: u8,
        payload: &[u8],
    ) -> Result<Option<Message>, ReassemblyError> {
        match opcode {
            0x8..=0xa => {
                if !fin {
                    return Err(ReassemblyError::FragmentedControl);
                }
                return Ok(Some(Message::Control(opcode, payload.to_vec())));
            }
            0x0 => {
                if self.current.is_none() {
                    return Err(ReassemblyError::UnexpectedContinuation);
                }
            }
            0x1 | 0x2 => {
                if self.current.is_some() {
                    return Err(ReassemblyError::ExpectedContinuation);
                }
                self.current = Some(opcode);
            }
            other => return Err(ReassemblyError::ReservedOpcode(other)),
        }
        self.buffer.extend_from_slice(payload);
        let is_text = self.current == Some(0x1);
        if is_text {
            check_text(&self.buffer, fin)?;
        }
        if !fin {
            return Ok(None);
        }
        self.current = None;
        let data = std::mem::take(&mut self.buffer);
        if is_text {
            String::from_utf8(data)
                .map(|s| Some(Message::Text(s)))
                .map_err(|_| ReassemblyError::InvalidUtf8)
        } else {
            Ok(Some(Message::Binary(data)))
        }
    }
}

/// §8.1: fail as soon as the text so far can never become valid UTF-8; and once the message
/// is whole, it must be whole characters too.
fn check_text(text: &[u8], fin: bool) -> Result<(), ReassemblyError> {
    match std::str::from_utf8(text) {
        Ok(_) => Ok(()),
        // error_len() is None when the bytes end in the middle of a character that the next
        // fragment may complete.
        Err(e) if e.error_len().is_none() && !fin => Ok(()),
        Err(_) => Err(ReassemblyError::InvalidUtf8),
    }
}
