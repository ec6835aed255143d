//! The chunked transfer coding (RFC 9112 §7.1), sans-IO: a body cut into chunks, each
//! announced by its size in hex, ended by a chunk of size zero and a trailer section.
//!
//! ```text
//!   chunked-body   = *chunk
//!                    last-chunk
//!                    trailer-section
//!                    CRLF
//!
//!   chunk          = chunk-size [ chunk-ext ] CRLF
//!                    chunk-data CRLF
//!   chunk-size     = 1*HEXDIG
//!   last-chunk     = 1*("0") [ chunk-ext ] CRLF
//!
//!   chunk-data     = 1*OCTET ; a sequence of chunk-size octets      (RFC 9112 §7.1)
//! ```
//!
//! On the wire, a server streaming `Wiki` and then `pedia` writes:
//!
//! ```text
//!   4\r\n Wiki \r\n 5\r\n pedia \r\n 0\r\n \r\n
//!   └size┘└data┘└end┘└size┘└data─┘└end┘└size┘└trailer┘
//! ```
//!
//! A [`Decoder`] is fed the body's bytes in pieces of any size ([`Framer::take`]); each step
//! says which [`Part`] the bytes it took belong to, so a lab can count what the coding costs
//! (the size lines and line ends) apart from what it carries (the data). It does not copy
//! the data: a caller that wants it slices the piece it fed by the step's range. Once the
//! trailer section's empty line has passed, the body is over and the decoder takes no more
//! bytes: what follows is the next message on the connection.
//!
//! Walk-through of the rules it applies:
//!
//! - a size line is hex digits (at least one, §7.1), then optional extensions (`;name=value`,
//!   §7.1.1, whose bytes are taken and not interpreted), then the line end; a size too large
//!   for 64 bits is an error, not a wrap-around (§7.1: "recipients MUST anticipate
//!   potentially large hexadecimal numerals");
//! - the chunk data is followed by a line end;
//! - a size of zero is the last chunk; the trailer section's field lines follow (§7.1.2),
//!   then an empty line;
//! - a line end is CR LF, or a bare LF, as RFC 9112 §2.2 lets a recipient accept for the
//!   lines of a message's framing.
//!
//! Bounds: a size line (extensions included) of at most [`MAX_SIZE_LINE`] bytes and a trailer
//! section of at most [`MAX_TRAILER`]; the decoder itself holds a few numbers, never bytes.

use std::ops::Range;

use wire::Framer;

/// RFC 9112 §2.2: the LF that ends a line.
const LF: u8 = b'\n';
/// RFC 9112 §2.2: the CR before it.
const CR: u8 = b'\r';
/// The longest size line accepted, extensions and line end included (hyper refuses
/// extensions past a few KiB too).
pub const MAX_SIZE_LINE: usize = 4096;
/// The most bytes of trailer section accepted (RFC 9112 §7.1.2).
pub const MAX_TRAILER: usize = 16 * 1024;

/// Which part of a chunked body some bytes are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// A chunk-size line: the size in hex, its extensions and its line end (the last
    /// chunk's `0` line too).
    SizeLine,
    /// Chunk data: the bytes the coding carries.
    Data,
    /// The line end after a chunk's data.
    DataEnd,
    /// The trailer section (§7.1.2) and the empty line that ends the body.
    Trailer,
}

impl Part {
    /// True for the bytes the coding carries; false for what it costs.
    pub fn is_data(self) -> bool {
        self == Part::Data
    }
}

/// What one step of a [`Decoder`] took: bytes of one part, and where they lie in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// Which part they belong to.
    pub part: Part,
    /// Their first byte and one past their last, counted from the body's start.
    pub range: Range<u64>,
}

impl Span {
    /// How many bytes the step took.
    pub fn len(&self) -> u64 {
        self.range.end - self.range.start
    }

    /// True when the step took no byte.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Why a chunked body cannot be read on: the framing is broken, and nothing after it can be
/// told apart. The answer to such a request is 400 (RFC 9112 §7.1); a client closes the
/// connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ChunkError {
    /// RFC 9112 §7.1: `chunk-size = 1*HEXDIG`, and this line starts with something else.
    #[error("a chunk-size line without hex digits")]
    NoSize,
    /// RFC 9112 §7.1: the size does not fit in 64 bits.
    #[error("a chunk size too large to represent")]
    SizeOverflow,
    /// RFC 9112 §7.1.1: a byte that cannot be in a size line (a control character).
    #[error("a byte that cannot be in a chunk-size line")]
    BadSizeLine,
    /// The size line is longer than [`MAX_SIZE_LINE`].
    #[error("a chunk-size line longer than {max} bytes")]
    SizeLineTooLong {
        /// The limit.
        max: usize,
    },
    /// RFC 9112 §7.1: `chunk-data CRLF`, and the data is followed by something else.
    #[error("chunk data not followed by a line end")]
    NoDataEnd,
    /// RFC 9112 §2.2: a CR that is not followed by LF.
    #[error("a CR not followed by LF")]
    BareCr,
    /// The trailer section is longer than [`MAX_TRAILER`].
    #[error("a trailer section longer than {max} bytes")]
    TrailerTooLarge {
        /// The limit.
        max: usize,
    },
}

impl ChunkError {
    /// The rule broken.
    pub fn rule(&self) -> &'static str {
        match self {
            ChunkError::BadSizeLine => "RFC 9112 §7.1.1",
            ChunkError::BareCr => "RFC 9112 §2.2",
            ChunkError::TrailerTooLarge { .. } => "RFC 9112 §7.1.2",
            _ => "RFC 9112 §7.1",
        }
    }
}

/// What a step completes: bytes of a part, or the point where the framing broke.
pub type Unit = Result<Span, ChunkError>;

/// Where a decoder is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// In a size line: the size so far, whether its digits have ended (extensions or
    /// whitespace began), the line's length so far, and whether a CR was just taken.
    Size {
        size: u64,
        digits: bool,
        after_digits: bool,
        line: usize,
        cr: bool,
    },
    /// In chunk data: how many bytes are left.
    Data(u64),
    /// After the data: the line end, whether its CR was taken.
    DataEnd { cr: bool },
    /// In the trailer section: the current line's length, the section's so far, and
    /// whether a CR was just taken.
    Trailer { line: usize, total: usize, cr: bool },
    /// The body is over.
    Done,
    /// The framing broke: bytes are taken and not looked at.
    Broken,
}

const NEW_SIZE: State = State::Size {
    size: 0,
    digits: false,
    after_digits: false,
    line: 0,
    cr: false,
};

/// Reads a chunked body (see the module docs).
#[derive(Debug, Clone)]
pub struct Decoder {
    state: State,
    /// Body offset of the next byte.
    offset: u64,
    /// The size of the chunk whose data is being read, once its line is whole.
    chunk: Option<u64>,
}

impl Default for Decoder {
    fn default() -> Self {
        Decoder::new()
    }
}

impl Decoder {
    /// A decoder at the start of a chunked body.
    pub fn new() -> Decoder {
        Decoder {
            state: NEW_SIZE,
            offset: 0,
            chunk: None,
        }
    }

    /// True once the body's last byte (the trailer section's empty line) has been taken.
    pub fn is_done(&self) -> bool {
        self.state == State::Done
    }

    /// True after the framing broke.
    pub fn is_broken(&self) -> bool {
        self.state == State::Broken
    }

    /// How many bytes of the body have been taken.
    pub fn position(&self) -> u64 {
        self.offset
    }

    /// The size of the latest chunk whose size line is whole (0 for the last chunk).
    pub fn chunk_size(&self) -> Option<u64> {
        self.chunk
    }

    fn span(&mut self, part: Part, n: usize) -> (usize, Option<Unit>) {
        let start = self.offset;
        self.offset += n as u64;
        let range = start..self.offset;
        (n, Some(Ok(Span { part, range })))
    }

    fn broken(&mut self, error: ChunkError, n: usize) -> (usize, Option<Unit>) {
        self.state = State::Broken;
        self.offset += n as u64;
        (n, Some(Err(error)))
    }

    /// The framing broke at byte `i` of the piece: the bytes before it are a span of
    /// `part` (the state `resume` is theirs), and the next step takes the byte that broke
    /// it with the error, so where a piece ends changes nothing.
    fn stop_at(
        &mut self,
        i: usize,
        resume: State,
        part: Part,
        error: ChunkError,
    ) -> (usize, Option<Unit>) {
        if i > 0 {
            self.state = resume;
            return self.span(part, i);
        }
        self.broken(error, 1)
    }

    fn size_line(&mut self, data: &[u8]) -> (usize, Option<Unit>) {
        let State::Size {
            mut size,
            mut digits,
            mut after_digits,
            mut line,
            mut cr,
        } = self.state
        else {
            return (0, None);
        };
        for (i, &b) in data.iter().enumerate() {
            let here = State::Size {
                size,
                digits,
                after_digits,
                line,
                cr,
            };
            let error = if line + 1 > MAX_SIZE_LINE {
                Some(ChunkError::SizeLineTooLong { max: MAX_SIZE_LINE })
            } else if cr && b != LF {
                Some(ChunkError::BareCr)
            } else {
                match b {
                    LF if !digits => Some(ChunkError::NoSize),
                    LF => {
                        self.chunk = Some(size);
                        self.state = if size == 0 {
                            State::Trailer {
                                line: 0,
                                total: 0,
                                cr: false,
                            }
                        } else {
                            State::Data(size)
                        };
                        return self.span(Part::SizeLine, i + 1);
                    }
                    CR => {
                        cr = true;
                        None
                    }
                    _ if !after_digits && b.is_ascii_hexdigit() => {
                        let digit = u64::from(hex_value(b));
                        match size.checked_mul(16).and_then(|s| s.checked_add(digit)) {
                            Some(s) => {
                                size = s;
                                digits = true;
                                None
                            }
                            None => Some(ChunkError::SizeOverflow),
                        }
                    }
                    // Extensions (`;name=value`, §7.1.1) and the whitespace around them: any
                    // visible byte, space or tab, once the size has begun.
                    b'\t' | b' '..=b'~' | 0x80..=0xff if digits => {
                        after_digits = true;
                        None
                    }
                    b'\t' | b' '..=b'~' | 0x80..=0xff => Some(ChunkError::NoSize),
                    _ => Some(ChunkError::BadSizeLine),
                }
            };
            if let Some(error) = error {
                return self.stop_at(i, here, Part::SizeLine, error);
            }
            line += 1;
        }
        self.state = State::Size {
            size,
            digits,
            after_digits,
            line,
            cr,
        };
        self.span(Part::SizeLine, data.len())
    }

    fn data_end(&mut self, data: &[u8], cr: bool) -> (usize, Option<Unit>) {
        match (data.first(), cr) {
            (Some(&CR), false) => {
                self.state = State::DataEnd { cr: true };
                self.span(Part::DataEnd, 1)
            }
            (Some(&LF), _) => {
                self.state = NEW_SIZE;
                self.span(Part::DataEnd, 1)
            }
            (Some(_), true) => self.broken(ChunkError::BareCr, 1),
            (Some(_), false) => self.broken(ChunkError::NoDataEnd, 1),
            (None, _) => (0, None),
        }
    }

    fn trailer(&mut self, data: &[u8]) -> (usize, Option<Unit>) {
        let State::Trailer {
            mut line,
            mut total,
            mut cr,
        } = self.state
        else {
            return (0, None);
        };
        for (i, &b) in data.iter().enumerate() {
            let here = State::Trailer { line, total, cr };
            let error = if total + 1 > MAX_TRAILER {
                Some(ChunkError::TrailerTooLarge { max: MAX_TRAILER })
            } else if cr && b != LF {
                Some(ChunkError::BareCr)
            } else {
                None
            };
            if let Some(error) = error {
                return self.stop_at(i, here, Part::Trailer, error);
            }
            total += 1;
            match b {
                LF if line == 0 => {
                    self.state = State::Done;
                    return self.span(Part::Trailer, i + 1);
                }
                LF => {
                    line = 0;
                    cr = false;
                }
                CR => cr = true,
                _ => line += 1,
            }
        }
        self.state = State::Trailer { line, total, cr };
        self.span(Part::Trailer, data.len())
    }
}

/// The value of a hex digit (the caller has checked it is one).
fn hex_value(b: u8) -> u8 {
    match b {
        b'0'..=b'9' => b - b'0',
        b'a'..=b'f' => b - b'a' + 10,
        _ => b.wrapping_sub(b'A').wrapping_add(10),
    }
}

impl Framer for Decoder {
    type Unit = Unit;

    /// Takes bytes of one part from the front of `data`. After the body (or after the
    /// framing broke, when every byte is taken unseen) it says so: `(0, None)` once done.
    fn take(&mut self, data: &[u8]) -> (usize, Option<Unit>) {
        if data.is_empty() {
            return (0, None);
        }
        match self.state {
            State::Size { .. } => self.size_line(data),
            State::Data(left) => {
                let n = usize::try_from(left).map_or(data.len(), |l| l.min(data.len()));
                let left = left - n as u64;
                self.state = if left == 0 {
                    State::DataEnd { cr: false }
                } else {
                    State::Data(left)
                };
                self.span(Part::Data, n)
            }
            State::DataEnd { cr } => self.data_end(data, cr),
            State::Trailer { .. } => self.trailer(data),
            State::Done => (0, None),
            State::Broken => {
                self.offset += data.len() as u64;
                (data.len(), None)
            }
        }
    }
}

#[cfg(test)]
mod tests;
