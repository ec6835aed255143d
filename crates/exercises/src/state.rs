//! The grader's records in the learner's workspace: `.wiretrail/state.txt`.
//!
//! A small INI-like text file, so a curious learner can read it and nothing needs serde:
//!
//! ```text
//! [01-accept-key]
//! last = failed
//! source = 6d1f0c5b2a9e8d47
//! passed_once = false
//! hints = 2
//! ```
//!
//! `last` is the result of the last grading run and `source` the FNV-1a hash of
//! `src/lib.rs` at that run, so a status can tell "passed" from "passed, then edited".
//! Above the sections, `book = …` is the fingerprint of the answer key the workbook was last
//! brought up to date with ([`crate::Workbook::version`]), so a newer wiretrail can tell its
//! own changes from a learner's edits. Unknown lines are ignored; a missing or damaged file
//! is an empty record.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use crate::error::Error;

/// The folder of the grader's records and build directory, inside the workbook.
pub const STATE_DIR: &str = ".wiretrail";
/// The records file, inside [`STATE_DIR`].
pub const STATE_FILE: &str = "state.txt";

/// What the grader remembers about one exercise.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Record {
    /// The last grading run: `Some(true)` passed, `Some(false)` failed.
    pub last: Option<bool>,
    /// The hash of `src/lib.rs` at that run.
    pub source: Option<u64>,
    /// Whether any run ever passed (this unlocks the solution).
    pub passed_once: bool,
    /// How many hints were shown.
    pub hints: usize,
}

/// All records of a workbook, by exercise id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct State {
    /// The answer key's fingerprint when the workbook was last brought up to date.
    pub book: Option<u64>,
    /// By exercise id.
    pub records: BTreeMap<String, Record>,
}

/// `DIR/.wiretrail/state.txt`.
pub fn state_path(dir: &Path) -> PathBuf {
    dir.join(STATE_DIR).join(STATE_FILE)
}

impl State {
    /// Reads the records; a missing file is an empty state.
    pub fn load(dir: &Path) -> State {
        fs::read_to_string(state_path(dir))
            .map(|text| State::parse(&text))
            .unwrap_or_default()
    }

    /// Writes the records.
    pub fn save(&self, dir: &Path) -> Result<(), Error> {
        let path = state_path(dir);
        fs::write(&path, self.render()).map_err(Error::io(path))
    }

    /// The record of `id`, created empty if needed.
    pub fn record(&mut self, id: &str) -> &mut Record {
        self.records.entry(id.to_owned()).or_default()
    }

    fn parse(text: &str) -> State {
        let mut state = State::default();
        let mut current: Option<String> = None;
        for line in text.lines().map(str::trim) {
            if let Some(id) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                current = Some(id.to_owned());
                state.record(id);
                continue;
            }
            let Some((key, value)) = line.split_once('=') else {
                continue;
            };
            let Some(id) = &current else {
                if key.trim() == "book" {
                    state.book = u64::from_str_radix(value.trim(), 16).ok();
                }
                continue;
            };
            let value = value.trim();
            let record = state.records.entry(id.clone()).or_default();
            match key.trim() {
                "last" => record.last = Some(value == "passed"),
                "source" => record.source = u64::from_str_radix(value, 16).ok(),
                "passed_once" => record.passed_once = value == "true",
                "hints" => record.hints = value.parse().unwrap_or(0),
                _ => {}
            }
        }
        state
    }

    fn render(&self) -> String {
        let mut out = String::from(
            "# wiretrail's records for this workbook (written by `wiretrail exercises`).\n",
        );
        if let Some(book) = self.book {
            let _ = writeln!(out, "book = {book:016x}");
        }
        for (id, r) in &self.records {
            let _ = writeln!(out, "\n[{id}]");
            if let Some(last) = r.last {
                let _ = writeln!(out, "last = {}", if last { "passed" } else { "failed" });
            }
            if let Some(source) = r.source {
                let _ = writeln!(out, "source = {source:016x}");
            }
            let _ = writeln!(out, "passed_once = {}", r.passed_once);
            let _ = writeln!(out, "hints = {}", r.hints);
        }
        out
    }
}

/// FNV-1a, 64 bits: enough to notice that a file changed.
pub fn fingerprint(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, b| {
        (hash ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let mut state = State::default();
        *state.record("01-accept-key") = Record {
            last: Some(true),
            source: Some(0xdead_beef),
            passed_once: true,
            hints: 2,
        };
        state.record("02-frame-header").hints = 1;
        state.book = Some(0x1234);
        assert_eq!(State::parse(&state.render()), state);
    }

    #[test]
    fn damaged_files_are_forgiven() {
        let state = State::parse("garbage\nlast = passed\n[x]\nhints = lots\nsource = zz\n");
        assert_eq!(state.records.len(), 1);
        assert_eq!(state.records["x"], Record::default());
    }

    #[test]
    fn fingerprints_differ() {
        assert_ne!(fingerprint(b"todo!()"), fingerprint(b"todo!( )"));
        assert_eq!(fingerprint(b""), 0xcbf2_9ce4_8422_2325);
    }
}
