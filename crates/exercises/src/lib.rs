//! # The workbook: exercises a learner solves in their own crate, graded by insta
//!
//! The book's exercises live under `crates/exercises/book/` as data: one folder per exercise
//! with a stub (`src/lib.rs`: `todo!()` and `// TODO`s), grading tests that print an
//! annotated dump and pin it with a snapshot (`tests/check.rs`), the answer key
//! (`tests/snapshots/*.snap`), the task (`TASK.md`), progressive hints (`hints.toml`), a
//! reference solution (`solution/lib.rs`) and wrong solutions that must fail (`wrong/*.rs`);
//! `book/grading/` is the tests' helper crate. `build.rs` embeds every file in the binary.
//!
//! Reading order:
//!
//! 1. [`book`] — [`Workbook::embedded`], the exercises in book order and their files;
//! 2. [`workspace`] — [`init`] writes a Cargo workspace for the learner; [`status`], [`hint`],
//!    [`solution`] and [`reset`] read and update its `.wiretrail/` records ([`state`]),
//!    never replacing a file without a copy ([`backup`]);
//! 3. [`grade`] — [`check`]: build the learner's `src/` in a workspace the grader writes
//!    itself, run each test of the answer key alone under a time limit, check what each
//!    produced against the answer key, and turn it all into a [`Report`];
//! 4. [`i18n`] — the Korean: `TASK.ko.md` and the hints' `ko` (current or stale), and every
//!    sentence of the report and the CLI as a [`Msg`] in both languages.
//!
//! Why a grader around plain `cargo test`: a learner's `cargo test` is the real thing, but
//! everything in the learner's tree can be edited — the snapshots, the manifests, a
//! `build.rs`, a `.cargo/config.toml`, and the code under test itself, which runs inside the
//! test process. The grader trusts the learner's tree for `src/` only, and trusts the test
//! process for the dump it produced, which it compares with the answer key itself.

#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

pub mod backup;
pub mod book;
pub mod compose;
pub mod error;
pub mod grade;
pub mod i18n;
mod process;
pub mod state;
pub mod workspace;

pub use book::{Difficulty, Exercise, Workbook};
pub use error::Error;
pub use grade::{
    CheckOptions, Outcome, OwnTests, Report, TestFailure, TestOutcome, TestResult, check,
    check_all, check_with,
};
pub use i18n::{Lang, Msg};
pub use workspace::{
    ExerciseStatus, Hint, Located, Status, hint, hint_all, init, locate, reset, solution, status,
};
