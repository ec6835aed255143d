//! Exercise 04: encode a frame with the minimal length (RFC 6455 §5.2).
//!
//! Read TASK.md first; check with `wiretrail exercises check 04-encode-frame`.

/// Encodes one whole frame: the header, then the payload.
///
/// - byte 0: FIN (0x80 when `fin`) and the 4-bit `opcode`;
/// - byte 1: MASK (0x80 when `mask` is `Some`) and the 7-bit length or 126/127;
/// - the 16- or 64-bit extended length, big-endian, when needed;
/// - the 4-byte masking key, when `mask` is `Some`;
/// - the payload, XORed with the key when masked (RFC 6455 §5.3).
///
/// §5.2: "the minimal number of bytes MUST be used to encode the length".
pub fn encode_frame(fin: bool, opcode: u8, mask: Option<[u8; 4]>, payload: &[u8]) -> Vec<u8> {
    // TODO 1: push byte 0 from `fin` and `opcode`.
    // TODO 2: choose the length form: 0..=125 fits in byte 1; up to 65535 takes 126 plus a
    //         big-endian u16 (`u16::to_be_bytes`); anything longer takes 127 plus a
    //         big-endian u64.
    // TODO 3: with a mask: write the key, then each payload byte XOR key[i % 4].
    //         Without one: copy the payload as it is.
    let _ = (fin, opcode, mask, payload); // delete this line once you use the arguments
    todo!("encode the frame")
}
