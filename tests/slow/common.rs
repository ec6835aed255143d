//! `exercises_cards.rs` still declares `mod common;`; this is that module: the shared
//! `tests/common`, re-exported.

pub use crate::common::*;
