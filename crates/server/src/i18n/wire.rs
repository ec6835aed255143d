//! The `wire` domain's messages: the field meanings, summaries and problems the protocol
//! crates produce, normalised (`crates/wire/src/i18n.rs`).
//!
//! A stub: replaced by the wire task, which observes the dissectors over a corpus.

/// Every normalised wire message (none until the wire task lands).
pub fn messages() -> Vec<super::Message> {
    Vec::new()
}
