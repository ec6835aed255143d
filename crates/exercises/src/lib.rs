//! # The workbook: exercises a learner solves in their own crate, graded by insta
//!
//! The book's exercises live under `crates/exercises/book/` as data: one folder per exercise
//! with a stub (`src/lib.rs`: `todo!()` and `// TODO`s), grading tests that print an
//! annotated dump and pin it with `insta::assert_snapshot!` (`tests/check.rs`), the answer
//! key (`tests/snapshots/*.snap`), the task (`TASK.md`), progressive hints (`hints.toml`)
//! and a reference solution (`solution/lib.rs`). `build.rs` embeds every file in the binary.
//!
//! Reading order:
//!
//! 1. [`book`] — [`Workbook::embedded`], the exercises and their files, the hints;
//! 2. [`workspace`] — [`init`] writes a Cargo workspace for the learner; [`status`], [`hint`],
//!    [`solution`] and [`reset`] read and update its `.wiretrail/` records ([`state`]);
//! 3. [`grade`] — [`check`]: restore the answer key, build, run the tests under a time
//!    limit with insta in check mode, and turn the output into a [`Report`].
//!
//! Why a grader around plain `cargo test`: a learner's `cargo test` is the real thing, but
//! snapshots are easy to "fix" by accepting them. The grader restores the embedded answer key
//! before every run, runs insta with `INSTA_UPDATE=no` and `INSTA_FORCE_PASS=0` (so an
//! `insta.yaml` cannot turn failures into passes), sends any pending snapshot to a folder
//! outside the learner's tree (`INSTA_PENDING_DIR`), and stops a test that loops forever.

#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

pub mod book;
pub mod error;
pub mod grade;
pub mod state;
pub mod workspace;

pub use book::{Exercise, Workbook};
pub use error::Error;
pub use grade::{CheckOptions, Outcome, Report, TestFailure, check, check_with};
pub use workspace::{ExerciseStatus, Hint, Status, hint, init, reset, solution, status};
