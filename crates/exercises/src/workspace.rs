//! The learner's workbook on disk: `init` writes it; `status`, `hint`, `solution` and
//! `reset` read and update it.
//!
//! ```text
//! my-labs/
//!   Cargo.toml          [workspace] members = every exercise
//!   Cargo.lock          pinned: insta 1.49, sha1 0.10, base64 0.22 (the project's own)
//!   README.md           the loop: check, read the diff, hint, solve
//!   .gitignore
//!   .wiretrail/         state.txt (the records), target/ (shared build), backup/
//!   01-accept-key/      Cargo.toml, TASK.md, src/lib.rs, tests/check.rs, tests/snapshots/
//!   ...
//! ```
//!
//! **Invariant:** the reference solutions and the hints are never written into the learner's
//! tree; they come out one at a time through [`solution`] (after a pass) and [`hint`].

use std::fs;
use std::path::{Path, PathBuf};

use crate::book::{Exercise, Workbook};
use crate::error::Error;
use crate::state::{STATE_DIR, State, fingerprint};

/// Where an exercise stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// `src/lib.rs` is still the stub, and no run says otherwise.
    NotStarted,
    /// `src/lib.rs` changed since the last grading run (or was never graded).
    InProgress,
    /// The last run, on this very `src/lib.rs`, failed.
    Failing,
    /// The last run, on this very `src/lib.rs`, passed.
    Passed,
}

impl Status {
    /// The label `wiretrail exercises list` prints.
    pub fn label(self) -> &'static str {
        match self {
            Status::NotStarted => "not started",
            Status::InProgress => "in progress (not checked since the last edit)",
            Status::Failing => "failing",
            Status::Passed => "passed",
        }
    }
}

/// One exercise's status, for `list` and the chapter pages.
#[derive(Debug, Clone)]
pub struct ExerciseStatus {
    /// The exercise.
    pub exercise: &'static Exercise,
    /// Where it stands.
    pub status: Status,
    /// Hints shown so far.
    pub hints_seen: usize,
    /// Hints there are.
    pub hints_total: usize,
}

/// One hint, and where it sits in the sequence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hint {
    /// 1-based.
    pub number: usize,
    /// How many there are.
    pub total: usize,
    /// The hint.
    pub text: String,
}

/// Finds an exercise by id (see [`Exercise::matches`]).
pub fn exercise(id: &str) -> Result<&'static Exercise, Error> {
    Workbook::embedded()
        .get(id)
        .ok_or_else(|| Error::UnknownExercise(id.to_owned()))
}

/// Fails unless `dir` was written by [`init`].
pub fn ensure_workbook(dir: &Path) -> Result<(), Error> {
    if dir.join(STATE_DIR).is_dir() {
        Ok(())
    } else {
        Err(Error::NotAWorkbook(dir.to_path_buf()))
    }
}

fn write(path: &Path, contents: &str) -> Result<(), Error> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(Error::io(parent))?;
    }
    fs::write(path, contents).map_err(Error::io(path))
}

/// The root `Cargo.toml` of a learner's workspace.
fn root_manifest(book: &Workbook) -> String {
    let members: Vec<String> = book
        .exercises()
        .iter()
        .map(|e| format!("    \"{}\",", e.id))
        .collect();
    format!(
        "# Written by `wiretrail exercises init`. One crate per exercise, in book order.\n\
         [workspace]\n\
         resolver = \"3\"\n\
         members = [\n{}\n]\n",
        members.join("\n")
    )
}

/// Writes a new workbook into `dir`, which must be empty or missing.
pub fn init(dir: &Path) -> Result<(), Error> {
    if dir.exists() {
        let mut entries = fs::read_dir(dir).map_err(Error::io(dir))?;
        if entries.next().is_some() {
            return Err(Error::NotEmpty(dir.to_path_buf()));
        }
    }
    let book = Workbook::embedded();
    write(&dir.join("Cargo.toml"), &root_manifest(book))?;
    for name in ["Cargo.lock", "README.md"] {
        if let Some(contents) = book.workspace_file(name) {
            write(&dir.join(name), contents)?;
        }
    }
    write(&dir.join(".gitignore"), "/target\n/.wiretrail/target\n")?;
    for e in book.exercises() {
        for f in e.learner_files() {
            write(&dir.join(e.id).join(f.path), f.contents)?;
        }
    }
    let state_dir = dir.join(STATE_DIR);
    fs::create_dir_all(&state_dir).map_err(Error::io(&state_dir))?;
    State::default().save(dir)
}

/// The hash of the learner's `src/lib.rs` (`None` if it is missing).
pub fn source_fingerprint(dir: &Path, e: &Exercise) -> Option<u64> {
    fs::read(dir.join(e.id).join("src/lib.rs"))
        .ok()
        .map(|b| fingerprint(&b))
}

/// Every exercise's status, in book order.
pub fn status(dir: &Path) -> Result<Vec<ExerciseStatus>, Error> {
    ensure_workbook(dir)?;
    let state = State::load(dir);
    let book = Workbook::embedded();
    Ok(book
        .exercises()
        .iter()
        .map(|e| {
            let record = state.records.get(e.id).cloned().unwrap_or_default();
            let current = source_fingerprint(dir, e);
            let status = match (record.last, record.source) {
                (Some(passed), Some(source)) if Some(source) == current => {
                    if passed {
                        Status::Passed
                    } else {
                        Status::Failing
                    }
                }
                _ if current == Some(fingerprint(e.stub().as_bytes())) => Status::NotStarted,
                _ => Status::InProgress,
            };
            ExerciseStatus {
                exercise: e,
                status,
                hints_seen: record.hints,
                hints_total: e.hints().len(),
            }
        })
        .collect())
}

/// The next hint for `id` (the last one again once all were shown), remembered in
/// `.wiretrail/`.
pub fn hint(dir: &Path, id: &str) -> Result<Hint, Error> {
    ensure_workbook(dir)?;
    let e = exercise(id)?;
    let hints = e.hints();
    let mut state = State::load(dir);
    let record = state.record(e.id);
    let number = (record.hints + 1).min(hints.len()).max(1);
    record.hints = number;
    state.save(dir)?;
    Ok(Hint {
        number,
        total: hints.len(),
        text: hints.get(number - 1).cloned().unwrap_or_default(),
    })
}

/// The reference solution of `id`, once a grading run of it passed.
pub fn solution(dir: &Path, id: &str) -> Result<&'static str, Error> {
    ensure_workbook(dir)?;
    let e = exercise(id)?;
    if State::load(dir)
        .records
        .get(e.id)
        .is_some_and(|r| r.passed_once)
    {
        Ok(e.solution())
    } else {
        Err(Error::NotPassedYet(e.id.to_owned()))
    }
}

/// Puts the stub (and the pristine tests) back. The learner's `src/lib.rs` is kept in
/// `.wiretrail/backup/ID.lib.rs`, whose path is returned.
pub fn reset(dir: &Path, id: &str) -> Result<Option<PathBuf>, Error> {
    ensure_workbook(dir)?;
    let e = exercise(id)?;
    let lib = dir.join(e.id).join("src/lib.rs");
    let backup = match fs::read_to_string(&lib) {
        Ok(current) if current != e.stub() => {
            let path = dir
                .join(STATE_DIR)
                .join("backup")
                .join(format!("{}.lib.rs", e.id));
            write(&path, &current)?;
            Some(path)
        }
        _ => None,
    };
    write(&lib, e.stub())?;
    restore_answer_key(dir, e)?;
    let mut state = State::load(dir);
    let record = state.record(e.id);
    record.last = None;
    record.source = None;
    state.save(dir)?;
    Ok(backup)
}

/// Makes the exercise's tests, snapshots and `Cargo.toml` identical to the embedded answer
/// key. Returns the files that had been changed or removed, and removes files the learner
/// added under `tests/` (an extra `.snap.new` or `.pending-snap` left by a plain
/// `cargo test` is removed silently: insta writes those itself).
pub fn restore_answer_key(dir: &Path, e: &Exercise) -> Result<Vec<String>, Error> {
    let root = dir.join(e.id);
    let mut changed = Vec::new();
    for f in e.answer_key() {
        let path = root.join(f.path);
        if fs::read_to_string(&path).ok().as_deref() != Some(f.contents) {
            changed.push(format!("{}/{}", e.id, f.path));
            write(&path, f.contents)?;
        }
    }
    let mut extra = Vec::new();
    list_files(&root.join("tests"), &mut extra);
    for path in extra {
        let rel = path
            .strip_prefix(&root)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        if e.answer_key().any(|f| f.path == rel) {
            continue;
        }
        let name = path.to_string_lossy();
        if !(name.ends_with(".snap.new") || name.ends_with(".pending-snap")) {
            changed.push(format!("{}/{rel} (added; removed)", e.id));
        }
        fs::remove_file(&path).map_err(Error::io(&path))?;
    }
    Ok(changed)
}

/// Every file under `dir`, recursively (nothing if it does not exist).
pub(crate) fn list_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            list_files(&path, out);
        } else {
            out.push(path);
        }
    }
}
