//! The three views of a [`Dissection`](crate::Dissection), all drawn from the same tree:
//!
//! - [`tree`] — a Wireshark-style text tree for the terminal. Fields that are not whole bytes
//!   get Wireshark's bitmask line, so the learner sees *which* bits of the byte they are:
//!
//!   ```text
//!   1... .... = FIN: true (final fragment)
//!   .... 0001 = Opcode: Text (1)
//!   ```
//!
//! - [`diagram`] — the fixed header as an RFC-style bit diagram, 32 bits a row, the way
//!   RFC 6455 §5.2 and RFC 9113 §4.1 draw their frames, with a second row holding the bits
//!   that were actually on the wire:
//!
//!   ```text
//!   +-+-+-+-+-------+-+-------------+
//!   |F|R|R|R| Opcode|M| Payload len |
//!   |1|0|0|0|0 0 0 1|1|0 0 0 0 1 0 1|
//!   +-+-+-+-+-------+-+-------------+
//!   ```
//!
//! - [`json`] — the whole dissection, lossless, for the browser pages and `--json`.
//!
//! Reading order: `tree.rs` (the shared helpers for bit positions live there too), then
//! `diagram.rs`, then `json.rs`.

mod diagram;
mod json;
mod tree;

pub use diagram::diagram;
pub use json::{json, write as write_json};
pub use tree::tree;

/// The bit at absolute position `bit` of `bytes` (bit 0 is the most significant bit of byte
/// 0), or `None` when the input ends before it.
pub(crate) fn bit_at(bytes: &[u8], bit: u64) -> Option<u8> {
    let byte = usize::try_from(bit / 8).ok()?;
    let b = *bytes.get(byte)?;
    Some((b >> (7 - bit % 8)) & 1)
}
