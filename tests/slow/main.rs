//! The slow black-box tier: the pages in headless Chromium ([`browser`]) and the workbook's
//! loop, whose checks build a learner's crate with cargo ([`exercises_cli`],
//! [`exercises_cards`]). One test binary; `tests/run-all` runs it, `tests/run-all --quick`
//! does not. The fast tier is `tests/suite/`.

#[path = "../common/mod.rs"]
mod common;

mod browser;
// Loaded by path so that its own `mod common;` (from when it was a binary of its own) finds
// `common.rs` beside this file, which re-exports the shared module.
#[path = "exercises_cards.rs"]
mod exercises_cards;
mod exercises_cli;
