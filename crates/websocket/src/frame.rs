//! The base framing protocol (RFC 6455 §5.2): the frame header, decoded and encoded.
//!
//! ```text
//!   0                   1                   2                   3
//!   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//!  +-+-+-+-+-------+-+-------------+-------------------------------+
//!  |F|R|R|R| opcode|M| Payload len |    Extended payload length    |
//!  |I|S|S|S|  (4)  |A|     (7)     |             (16/64)           |
//!  |N|V|V|V|       |S|             |   (if payload len==126/127)   |
//!  | |1|2|3|       |K|             |                               |
//!  +-+-+-+-+-------+-+-------------+ - - - - - - - - - - - - - - - +
//!  |     Extended payload length continued, if payload len == 127  |
//!  + - - - - - - - - - - - - - - - +-------------------------------+
//!  |                               |Masking-key, if MASK set to 1  |
//!  +-------------------------------+-------------------------------+
//!  | Masking-key (continued)       |          Payload Data         |
//!  +-------------------------------- - - - - - - - - - - - - - - - +
//!  :                     Payload Data continued ...                :
//!  + - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - +
//!  |                     Payload Data continued ...                |
//!  +---------------------------------------------------------------+
//! ```
//!
//! Walk-through of [`FrameHeader::parse`]:
//!
//! 1. Byte 0: FIN, RSV1-3, and the opcode.
//! 2. Byte 1: MASK and a 7-bit length. 0-125 is the length itself; 126 means "the next
//!    2 bytes hold it"; 127 means "the next 8 bytes hold it" (and their top bit must be 0).
//! 3. If MASK is set, 4 bytes of masking key follow.
//!
//! So a header is 2 to 14 bytes long. If `buf` holds fewer bytes than the header needs,
//! `parse` returns `Ok(None)` and the caller waits for more: incomplete input is normal,
//! not an error. The parser checks structure only; the rules that depend on the
//! connection (RSV bits without extensions, reserved opcodes, who must mask, control
//! frame limits) are the [`Connection`](crate::Connection)'s job, so a dissector can still
//! show a frame that breaks them.
//!
//! The RFC says the *minimal* length encoding MUST be used (§5.2), but it gives receivers
//! no instruction to reject a longer one, and common implementations accept it; so does
//! this parser. [`FrameHeader::encode`] always writes the minimal form.

use crate::error::Error;
use crate::mask::{MASKING_KEY_LEN, mask_into};
use crate::opcode::{OPCODE_BITS, Opcode};

/// RFC 6455 §5.2: FIN, the first bit of byte 0: this is the final fragment of a message.
pub const FIN_BIT: u8 = 0b1000_0000;
/// RFC 6455 §5.2: RSV1, reserved for extensions (permessage-deflate uses it).
pub const RSV1_BIT: u8 = 0b0100_0000;
/// RFC 6455 §5.2: RSV2, reserved for extensions.
pub const RSV2_BIT: u8 = 0b0010_0000;
/// RFC 6455 §5.2: RSV3, reserved for extensions.
pub const RSV3_BIT: u8 = 0b0001_0000;
/// RFC 6455 §5.2: MASK, the first bit of byte 1: a masking key follows the length.
pub const MASK_BIT: u8 = 0b1000_0000;
/// RFC 6455 §5.2: the 7-bit "Payload len" field in byte 1.
pub const PAYLOAD_LEN_BITS: u8 = 0b0111_1111;
/// RFC 6455 §5.2: "If 126, the following 2 bytes interpreted as a 16-bit unsigned integer
/// are the payload length."
pub const PAYLOAD_LEN_16: u8 = 126;
/// RFC 6455 §5.2: "If 127, the following 8 bytes interpreted as a 64-bit unsigned integer
/// (the most significant bit MUST be 0) are the payload length."
pub const PAYLOAD_LEN_64: u8 = 127;
/// RFC 6455 §5.2: the largest length that fits in the 7-bit field itself.
pub const MAX_PAYLOAD_LEN_7: u64 = 125;
/// RFC 6455 §5.2: the most significant bit of the 64-bit length, which MUST be 0.
pub const PAYLOAD_LEN_64_TOP_BIT: u64 = 1 << 63;
/// RFC 6455 §5.5: "All control frames MUST have a payload length of 125 bytes or less."
pub const MAX_CONTROL_PAYLOAD_LEN: usize = 125;
/// RFC 6455 §5.2: 2 fixed bytes + 8 bytes of extended length + 4 bytes of masking key.
pub const MAX_HEADER_LEN: usize = 14;
/// RFC 6455 §5.2: the fixed part of every header (byte 0 and byte 1).
pub const BASE_HEADER_LEN: usize = 2;

/// A decoded frame header (RFC 6455 §5.2). The payload follows it on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FrameHeader {
    /// FIN: this is the last fragment of the message.
    pub fin: bool,
    /// RSV1: reserved for extensions.
    pub rsv1: bool,
    /// RSV2: reserved for extensions.
    pub rsv2: bool,
    /// RSV3: reserved for extensions.
    pub rsv3: bool,
    /// What the frame carries.
    pub opcode: Opcode,
    /// The masking key, present iff MASK is set.
    pub masking_key: Option<[u8; MASKING_KEY_LEN]>,
    /// The payload length in bytes.
    pub payload_len: u64,
}

impl FrameHeader {
    /// A header for an unmasked final frame, no RSV bits.
    pub fn new(opcode: Opcode, payload_len: u64) -> FrameHeader {
        FrameHeader {
            fin: true,
            rsv1: false,
            rsv2: false,
            rsv3: false,
            opcode,
            masking_key: None,
            payload_len,
        }
    }

    /// Decodes a header from the start of `buf`.
    ///
    /// `Ok(None)`: not enough bytes yet (nothing consumed). `Ok(Some((header, n)))`: the
    /// header took the first `n` bytes. The only error is structural: a 64-bit length
    /// with its top bit set (1002).
    pub fn parse(buf: &[u8]) -> Result<Option<(FrameHeader, usize)>, Error> {
        let Some((&[b0, b1], rest)) = buf.split_first_chunk::<BASE_HEADER_LEN>() else {
            return Ok(None);
        };
        let masked = b1 & MASK_BIT != 0;
        let (payload_len, rest) = match b1 & PAYLOAD_LEN_BITS {
            PAYLOAD_LEN_16 => match rest.split_first_chunk::<2>() {
                Some((len, rest)) => (u64::from(u16::from_be_bytes(*len)), rest),
                None => return Ok(None),
            },
            PAYLOAD_LEN_64 => match rest.split_first_chunk::<8>() {
                Some((len, rest)) => {
                    let len = u64::from_be_bytes(*len);
                    if len & PAYLOAD_LEN_64_TOP_BIT != 0 {
                        return Err(Error::LengthTopBitSet);
                    }
                    (len, rest)
                }
                None => return Ok(None),
            },
            short => (u64::from(short), rest),
        };
        let masking_key = if masked {
            match rest.first_chunk::<MASKING_KEY_LEN>() {
                Some(key) => Some(*key),
                None => return Ok(None),
            }
        } else {
            None
        };
        let header = FrameHeader {
            fin: b0 & FIN_BIT != 0,
            rsv1: b0 & RSV1_BIT != 0,
            rsv2: b0 & RSV2_BIT != 0,
            rsv3: b0 & RSV3_BIT != 0,
            opcode: Opcode::from_nibble(b0 & OPCODE_BITS),
            masking_key,
            payload_len,
        };
        let used = buf.len() - rest.len() + if masked { MASKING_KEY_LEN } else { 0 };
        Ok(Some((header, used)))
    }

    /// The length of this header in its minimal encoding.
    pub fn encoded_len(&self) -> usize {
        let extended = if self.payload_len <= MAX_PAYLOAD_LEN_7 {
            0
        } else if self.payload_len <= u64::from(u16::MAX) {
            2
        } else {
            8
        };
        let key = if self.masking_key.is_some() {
            MASKING_KEY_LEN
        } else {
            0
        };
        BASE_HEADER_LEN + extended + key
    }

    /// Appends the header, always in the minimal length form.
    pub fn encode(&self, out: &mut Vec<u8>) {
        let mut b0 = self.opcode.as_u8();
        for (set, bit) in [
            (self.fin, FIN_BIT),
            (self.rsv1, RSV1_BIT),
            (self.rsv2, RSV2_BIT),
            (self.rsv3, RSV3_BIT),
        ] {
            if set {
                b0 |= bit;
            }
        }
        let mask = if self.masking_key.is_some() {
            MASK_BIT
        } else {
            0
        };
        let len = self.payload_len;
        if len <= MAX_PAYLOAD_LEN_7 {
            // Fits in 7 bits: the cast cannot truncate.
            out.extend_from_slice(&[b0, mask | len as u8]);
        } else if let Ok(len16) = u16::try_from(len) {
            out.extend_from_slice(&[b0, mask | PAYLOAD_LEN_16]);
            out.extend_from_slice(&len16.to_be_bytes());
        } else {
            out.extend_from_slice(&[b0, mask | PAYLOAD_LEN_64]);
            // A length this large cannot exist in memory, but keep the top bit clear anyway.
            out.extend_from_slice(&(len & !PAYLOAD_LEN_64_TOP_BIT).to_be_bytes());
        }
        if let Some(key) = self.masking_key {
            out.extend_from_slice(&key);
        }
    }
}

/// Appends a whole frame (no RSV bits). With a key, the payload is copied and masked in
/// `out`; `payload` itself is left untouched.
pub fn encode_frame(
    fin: bool,
    opcode: Opcode,
    masking_key: Option<[u8; MASKING_KEY_LEN]>,
    payload: &[u8],
    out: &mut Vec<u8>,
) {
    let header = FrameHeader {
        fin,
        masking_key,
        ..FrameHeader::new(opcode, payload.len() as u64)
    };
    out.reserve(header.encoded_len() + payload.len());
    header.encode(out);
    let Some(key) = masking_key else {
        out.extend_from_slice(payload);
        return;
    };
    // One pass: read the payload, XOR, write the output (no copy-then-mask second pass).
    let start = out.len();
    out.resize(start + payload.len(), 0);
    if let Some(body) = out.get_mut(start..) {
        mask_into(body, payload, key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Decodes `hex` three ways — whole, every strict prefix (must be `Ok(None)`), and with
    /// trailing bytes — and checks the results agree; returns the header.
    fn check(bytes: &[u8]) -> (FrameHeader, usize) {
        let (header, used) = FrameHeader::parse(bytes).unwrap().unwrap();
        for cut in 0..used {
            assert_eq!(FrameHeader::parse(&bytes[..cut]), Ok(None), "prefix {cut}");
        }
        let mut trailing = bytes.to_vec();
        trailing.extend_from_slice(&[0xFF; 20]);
        assert_eq!(FrameHeader::parse(&trailing), Ok(Some((header, used))));
        // Round trip: the minimal encoding of the header is the header we read.
        let mut out = Vec::new();
        header.encode(&mut out);
        assert_eq!(out, bytes[..used], "encode");
        assert_eq!(header.encoded_len(), used);
        (header, used)
    }

    #[test]
    fn rfc_5_7_unmasked_text() {
        let (h, n) = check(&[0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f]);
        assert_eq!(n, 2);
        assert_eq!(h, FrameHeader::new(Opcode::Text, 5));
        let mut out = Vec::new();
        encode_frame(true, Opcode::Text, None, b"Hello", &mut out);
        assert_eq!(out, [0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f]);
    }

    #[test]
    fn rfc_5_7_masked_text() {
        let wire = [
            0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58,
        ];
        let (h, n) = check(&wire);
        assert_eq!(n, 6);
        assert_eq!(h.masking_key, Some([0x37, 0xfa, 0x21, 0x3d]));
        let mut out = Vec::new();
        encode_frame(
            true,
            Opcode::Text,
            Some([0x37, 0xfa, 0x21, 0x3d]),
            b"Hello",
            &mut out,
        );
        assert_eq!(out, wire);
    }

    #[test]
    fn rfc_5_7_fragments() {
        let (h, _) = check(&[0x01, 0x03, 0x48, 0x65, 0x6c]);
        assert!(!h.fin);
        assert_eq!(h.opcode, Opcode::Text);
        let (h, _) = check(&[0x80, 0x02, 0x6c, 0x6f]);
        assert!(h.fin);
        assert_eq!(h.opcode, Opcode::Continuation);
        let mut out = Vec::new();
        encode_frame(false, Opcode::Text, None, b"Hel", &mut out);
        encode_frame(true, Opcode::Continuation, None, b"lo", &mut out);
        assert_eq!(out, [0x01, 0x03, 0x48, 0x65, 0x6c, 0x80, 0x02, 0x6c, 0x6f]);
    }

    #[test]
    fn rfc_5_7_ping_pong() {
        let (h, _) = check(&[0x89, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f]);
        assert_eq!(h.opcode, Opcode::Ping);
        let pong = [
            0x8a, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58,
        ];
        let (h, _) = check(&pong);
        assert_eq!(h.opcode, Opcode::Pong);
        let mut out = Vec::new();
        encode_frame(
            true,
            Opcode::Pong,
            Some([0x37, 0xfa, 0x21, 0x3d]),
            b"Hello",
            &mut out,
        );
        assert_eq!(out, pong);
    }

    #[test]
    fn rfc_5_7_lengths_16_and_64() {
        let (h, n) = check(&[0x82, 0x7E, 0x01, 0x00]);
        assert_eq!((h.payload_len, n), (256, 4));
        let (h, n) = check(&[0x82, 0x7F, 0, 0, 0, 0, 0, 1, 0, 0]);
        assert_eq!((h.payload_len, n), (65536, 10));
        let mut out = Vec::new();
        encode_frame(true, Opcode::Binary, None, &[0xAB; 256], &mut out);
        assert_eq!(out[..4], [0x82, 0x7E, 0x01, 0x00]);
        assert_eq!(out.len(), 4 + 256);
        let mut out = Vec::new();
        encode_frame(true, Opcode::Binary, None, &[0xAB; 65536], &mut out);
        assert_eq!(out[..10], [0x82, 0x7F, 0, 0, 0, 0, 0, 1, 0, 0]);
        assert_eq!(out.len(), 10 + 65536);
    }

    #[test]
    fn length_boundaries_are_minimal() {
        for (len, header_len) in [(0u64, 2), (125, 2), (126, 4), (65535, 4), (65536, 10)] {
            let h = FrameHeader::new(Opcode::Binary, len);
            let mut out = Vec::new();
            h.encode(&mut out);
            assert_eq!(out.len(), header_len, "{len}");
            assert_eq!(check(&out), (h, header_len));
        }
    }

    #[test]
    fn masked_14_byte_header() {
        let h = FrameHeader {
            masking_key: Some([9, 8, 7, 6]),
            ..FrameHeader::new(Opcode::Binary, 1 << 40)
        };
        let mut out = Vec::new();
        h.encode(&mut out);
        assert_eq!(out.len(), MAX_HEADER_LEN);
        assert_eq!(check(&out), (h, MAX_HEADER_LEN));
    }

    #[test]
    fn rsv_bits_and_reserved_opcodes_are_parsed_not_judged() {
        let (h, _) = check(&[0xF3, 0x00]);
        assert!(h.fin && h.rsv1 && h.rsv2 && h.rsv3);
        assert_eq!(h.opcode, Opcode::Reserved(3));
    }

    #[test]
    fn top_bit_of_64_bit_length_is_an_error() {
        let bytes = [0x82, 0x7F, 0x80, 0, 0, 0, 0, 0, 0, 1];
        let err = FrameHeader::parse(&bytes).unwrap_err();
        assert_eq!(err, Error::LengthTopBitSet);
        assert_eq!(err.close_code().as_u16(), 1002);
    }

    #[test]
    fn non_minimal_lengths_are_accepted() {
        let (h, n) = FrameHeader::parse(&[0x82, 0x7E, 0x00, 0x05])
            .unwrap()
            .unwrap();
        assert_eq!((h.payload_len, n), (5, 4));
    }
}
