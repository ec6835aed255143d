//! Padding, shared by DATA, HEADERS and PUSH_PROMISE (RFC 9113 §6.1, §6.2, §6.6).
//!
//! ```text
//!  +---------------+
//!  |Pad Length? (8)|          only when the PADDED flag is set
//!  +---------------+-----------------------------------------------+
//!  |          ... the frame's own fields and data ...              |
//!  +---------------------------------------------------------------+
//!  |                           Padding (*)                     ... |
//!  +---------------------------------------------------------------+
//! ```
//!
//! Padding hides the true size of a message from an observer (§10.7). Its length is the
//! Pad Length byte; the padding bytes MUST be sent as zero, and a receiver MAY treat
//! non-zero padding as a connection error. Padding as long as the rest of the payload, or
//! longer, is a connection error of type PROTOCOL_ERROR.

use crate::error::Error;
use crate::frame::{FrameHeader, PADDED};

/// RFC 9113 §6.1: the Pad Length field is one byte.
pub const PAD_LENGTH_LEN: usize = 1;

/// A payload with its padding taken off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Unpadded<'a> {
    /// The Pad Length, when PADDED is set.
    pub pad_length: Option<u8>,
    /// What lies between the Pad Length byte and the padding.
    pub body: &'a [u8],
}

/// Removes the Pad Length byte and the padding from `payload`. `fixed` is how many bytes the
/// frame's own fields need after the Pad Length (5 for HEADERS with PRIORITY, 4 for
/// PUSH_PROMISE), which the padding may not eat into.
pub(crate) fn strip_padding<'a>(
    header: &FrameHeader,
    payload: &'a [u8],
    fixed: usize,
) -> Result<Unpadded<'a>, Error> {
    if !header.has(PADDED) {
        if payload.len() < fixed {
            return Err(too_short(header, fixed));
        }
        return Ok(Unpadded {
            pad_length: None,
            body: payload,
        });
    }
    let Some((&pad_length, rest)) = payload.split_first() else {
        return Err(too_short(header, PAD_LENGTH_LEN + fixed));
    };
    if rest.len() < fixed {
        return Err(too_short(header, PAD_LENGTH_LEN + fixed));
    }
    let available = rest.len() - fixed;
    if usize::from(pad_length) > available {
        return Err(Error::PaddingTooLong {
            frame_type: header.frame_type,
            pad_length,
            available: u32::try_from(available).unwrap_or(u32::MAX),
        });
    }
    Ok(Unpadded {
        pad_length: Some(pad_length),
        body: rest
            .get(..rest.len() - usize::from(pad_length))
            .unwrap_or_default(),
    })
}

fn too_short(header: &FrameHeader, needed: usize) -> Error {
    Error::PayloadTooShort {
        frame_type: header.frame_type,
        length: header.length,
        needed: u32::try_from(needed).unwrap_or(u32::MAX),
    }
}

/// The payload length of `body` once padded with `pad_length` (Pad Length byte included).
pub(crate) fn padded_len(body_len: usize, pad_length: Option<u8>) -> usize {
    match pad_length {
        Some(n) => PAD_LENGTH_LEN + body_len + usize::from(n),
        None => body_len,
    }
}

/// Appends the Pad Length byte (if any).
pub(crate) fn encode_pad_length(pad_length: Option<u8>, out: &mut Vec<u8>) {
    if let Some(n) = pad_length {
        out.push(n);
    }
}

/// Appends the padding: zeros, as §6.1 requires.
pub(crate) fn encode_padding(pad_length: Option<u8>, out: &mut Vec<u8>) {
    if let Some(n) = pad_length {
        out.resize(out.len() + usize::from(n), 0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frame::FrameType;

    fn header(flags: u8, len: usize) -> FrameHeader {
        FrameHeader::new(FrameType::Data, flags, 1, len as u32)
    }

    #[test]
    fn padding_is_stripped() {
        let p = [2, b'h', b'i', 0, 0];
        let u = strip_padding(&header(PADDED, p.len()), &p, 0).unwrap();
        assert_eq!(u.pad_length, Some(2));
        assert_eq!(u.body, b"hi");
    }

    #[test]
    fn padding_may_fill_all_but_the_pad_length_byte() {
        let p = [4, 0, 0, 0, 0];
        let u = strip_padding(&header(PADDED, p.len()), &p, 0).unwrap();
        assert_eq!(u.body, b"");
        let p = [5, 0, 0, 0, 0];
        assert!(matches!(
            strip_padding(&header(PADDED, p.len()), &p, 0),
            Err(Error::PaddingTooLong { pad_length: 5, .. })
        ));
    }

    #[test]
    fn padded_with_no_payload_is_a_size_error() {
        assert!(matches!(
            strip_padding(&header(PADDED, 0), &[], 0),
            Err(Error::PayloadTooShort { needed: 1, .. })
        ));
    }
}
