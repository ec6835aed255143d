//! # qpack — RFC 9204 QPACK, the field compression of HTTP/3, sans-IO
//!
//! HPACK (RFC 7541) keeps one dynamic table that both ends update in the order header
//! blocks arrive; that works on HTTP/2 because TCP delivers every block in order. HTTP/3's
//! streams travel independently over QUIC (RFC 9000), so a block on one stream could refer to
//! a table entry whose insertion is still in flight on another. QPACK keeps the tables but
//! moves every insertion onto a dedicated encoder stream, tells the decoder in each field
//! section how many insertions it needs (the Required Insert Count), and lets an encoder
//! avoid that wait entirely by referring only to entries already acknowledged — or to the
//! static table, which needs no state at all.
//!
//! This crate does the part a page can show honestly without a QUIC stack: the 99-entry
//! static table of Appendix A, an encoder that uses only it (which is what every connection
//! does until the decoder grants the dynamic table a capacity, RFC 9204 §3.2.3), and a
//! dissector of encoded field sections for all five representations.
//!
//! Reading order:
//!
//! 1. [`static_table`] — Appendix A, indexed from 0.
//! 2. [`encode`] — a field section as static references and literals (§4.5), with HPACK's
//!    prefixed integers and Huffman code (§4.1, borrowed from `http2::hpack`).
//! 3. [`dissect`](mod@dissect) — bytes → [`wire::Dissection`], never failing.
//!
//! **Invariant:** no I/O, no async, no serde; nothing a peer sends can panic it.

#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

pub mod dissect;
pub mod encode;
pub mod static_table;

pub use dissect::{PROTOCOL, dissect};
pub use encode::{Encoded, Line, Representation, encode};

#[cfg(test)]
mod tests;
