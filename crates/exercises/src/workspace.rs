//! The learner's workbook on disk: `init` writes it; `status`, `hint`, `solution` and
//! `reset` read and update it; [`sync`] brings the grader's files back before a check.
//!
//! ```text
//! my-labs/
//!   Cargo.toml          [workspace] members = every exercise and grading/ (generated)
//!   Cargo.lock          pinned: insta 1.49, sha1 0.10, base64 0.22 (the project's own)
//!   README.md           the loop: check, read the diff, hint, solve
//!   .gitignore
//!   grading/            the grading tests' helpers (the grader's)
//!   .wiretrail/         state.txt (the records), target/ and grade/ (the grader's build),
//!                       backup/ (timestamped copies of anything replaced)
//!   01-accept-key/      Cargo.toml, TASK.md, src/lib.rs, tests/check.rs, tests/snapshots/
//!   ...
//! ```
//!
//! **Invariant:** the reference solutions, the wrong solutions and the hints are never written
//! into the learner's tree; they come out one at a time through [`solution`] (after a pass)
//! and [`hint`].
//!
//! **Invariant:** nothing the learner wrote is replaced or removed without a copy in
//! `.wiretrail/backup/` ([`crate::backup`]).

use std::fs;
use std::path::{Path, PathBuf};

use crate::backup::Backup;
use crate::book::{BookFile, Exercise, Workbook};
use crate::error::Error;
use crate::i18n::{Lang, Localized};
use crate::state::{STATE_DIR, State, fingerprint};

/// Where an exercise stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// `src/` is still the stub, and no run says otherwise.
    NotStarted,
    /// `src/` changed since the last grading run (or was never graded).
    InProgress,
    /// The last run, on this very `src/`, failed.
    Failing,
    /// The last run, on this very `src/`, passed.
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
    /// The hint, in English.
    pub text: String,
    /// Its Korean, if it has one.
    pub ko: Option<String>,
}

impl Hint {
    /// The hint in `lang`, or the English (with `fallback` set) where it has no translation.
    pub fn text_in(&self, lang: Lang) -> Localized {
        match (lang, &self.ko) {
            (Lang::Ko, Some(ko)) => Localized {
                text: ko.clone(),
                lang: Lang::Ko,
                fallback: false,
            },
            _ => Localized {
                text: self.text.clone(),
                lang: Lang::En,
                fallback: lang != Lang::En,
            },
        }
    }
}

/// A workbook found from some directory inside it.
#[derive(Debug, Clone)]
pub struct Located {
    /// The workbook's root (the directory holding `.wiretrail/`).
    pub root: PathBuf,
    /// The exercise whose folder the search started in, if any.
    pub exercise: Option<&'static Exercise>,
}

/// What [`sync`] did to the learner's tree before a check.
#[derive(Debug, Clone, Default)]
pub struct Synced {
    /// Grader files the learner had changed (or added), put back; relative to the workbook.
    pub restored: Vec<String>,
    /// The exercises a newer wiretrail brought, by id, when the workbook was older.
    pub updated: Vec<String>,
    /// Where the replaced files were saved, if any were.
    pub backup: Option<PathBuf>,
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

/// The workbook `start` is in (`start` itself or one of its parents), and the exercise whose
/// folder `start` is in, so that commands work from inside `01-accept-key/src/`.
pub fn locate(start: &Path) -> Result<Located, Error> {
    let start_abs = std::path::absolute(start).map_err(Error::io(start))?;
    for dir in start_abs.ancestors() {
        if dir.join(STATE_DIR).is_dir() {
            let exercise = start_abs
                .strip_prefix(dir)
                .ok()
                .and_then(|rest| rest.components().next())
                .and_then(|c| c.as_os_str().to_str())
                .and_then(|folder| {
                    Workbook::embedded()
                        .exercises()
                        .iter()
                        .find(|e| e.id == folder)
                });
            return Ok(Located {
                root: dir.to_path_buf(),
                exercise,
            });
        }
    }
    Err(Error::NotAWorkbook(start.to_path_buf()))
}

pub(crate) fn write(path: &Path, contents: &[u8]) -> Result<(), Error> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(Error::io(parent))?;
    }
    fs::write(path, contents).map_err(Error::io(path))
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
    write(&dir.join("Cargo.toml"), book.root_manifest().as_bytes())?;
    for f in book.workspace_files() {
        write(&dir.join(f.path), f.contents.as_bytes())?;
    }
    write(
        &dir.join(".gitignore"),
        b"/target\n/.wiretrail/target\n/.wiretrail/grade\n",
    )?;
    let mut nothing_to_save = Backup::new(dir, "init");
    for e in book.exercises() {
        write_exercise(dir, e, &mut nothing_to_save)?;
    }
    let state_dir = dir.join(STATE_DIR);
    fs::create_dir_all(&state_dir).map_err(Error::io(&state_dir))?;
    State {
        book: Some(book.version()),
        ..State::default()
    }
    .save(dir)
}

/// Writes the learner's files of `e` (saving any file of that name that was there).
fn write_exercise(dir: &Path, e: &Exercise, backup: &mut Backup) -> Result<(), Error> {
    put_files(dir, e, e.learner_files(), backup, &mut Vec::new())
}

/// [`put`]s each of `files` of exercise `e` in its folder.
fn put_files<'a>(
    dir: &Path,
    e: &Exercise,
    files: impl Iterator<Item = &'a BookFile>,
    backup: &mut Backup,
    changed: &mut Vec<String>,
) -> Result<(), Error> {
    for f in files {
        let rel = format!("{}/{}", e.id, f.path);
        put(dir, &rel, f.contents.as_bytes(), backup, changed)?;
    }
    Ok(())
}

/// The fingerprint of the learner's `src/`: of `src/lib.rs` alone when it is the only file
/// (as every workbook's records were written), else of every file under `src/` with its
/// path. `None` if there is no `src/lib.rs`.
pub fn source_fingerprint(dir: &Path, e: &Exercise) -> Option<u64> {
    let src = dir.join(e.id).join("src");
    let lib = fs::read(src.join("lib.rs")).ok()?;
    let mut files = Vec::new();
    list_files(&src, &mut files);
    if files.len() <= 1 {
        return Some(fingerprint(&lib));
    }
    files.sort();
    let mut bytes = Vec::new();
    for path in files {
        bytes.extend_from_slice(
            path.strip_prefix(&src)
                .unwrap_or(&path)
                .to_string_lossy()
                .as_bytes(),
        );
        bytes.push(0);
        bytes.extend(fs::read(&path).unwrap_or_default());
        bytes.push(0);
    }
    Some(fingerprint(&bytes))
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
                _ if current.is_none()
                    || fs::read(dir.join(e.id).join("src/lib.rs")).ok().as_deref()
                        == Some(e.stub().as_bytes()) =>
                {
                    Status::NotStarted
                }
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
    let hints = e.hint_texts();
    let mut state = State::load(dir);
    let record = state.record(e.id);
    let number = (record.hints + 1).min(hints.len()).max(1);
    record.hints = number;
    state.save(dir)?;
    let hint = hints.get(number - 1).cloned().unwrap_or_default();
    Ok(Hint {
        number,
        total: hints.len(),
        text: hint.en,
        ko: hint.ko,
    })
}

/// Every hint for `id` at once (`hint ID --all`); all of them count as seen.
pub fn hint_all(dir: &Path, id: &str) -> Result<Vec<Hint>, Error> {
    ensure_workbook(dir)?;
    let e = exercise(id)?;
    let hints = e.hint_texts();
    let mut state = State::load(dir);
    state.record(e.id).hints = hints.len();
    state.save(dir)?;
    let total = hints.len();
    Ok(hints
        .into_iter()
        .enumerate()
        .map(|(i, hint)| Hint {
            number: i + 1,
            total,
            text: hint.en,
            ko: hint.ko,
        })
        .collect())
}

/// The reference solution of `id`, once a grading run of it passed.
pub fn solution(dir: &Path, id: &str) -> Result<String, Error> {
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

/// Puts the stub (and the pristine tests) back. The learner's `src/lib.rs` is copied first
/// into a new timestamped folder under `.wiretrail/backup/`; the copy's path is returned.
/// Other files under `src/` are left where they are.
pub fn reset(dir: &Path, id: &str) -> Result<Option<PathBuf>, Error> {
    ensure_workbook(dir)?;
    let e = exercise(id)?;
    let mut backup = Backup::new(dir, &format!("reset-{}", e.id));
    let lib = format!("{}/src/lib.rs", e.id);
    put(dir, &lib, e.stub().as_bytes(), &mut backup, &mut Vec::new())?;
    let saved = backup.dir().map(|d| d.join(&lib));
    write_exercise(dir, e, &mut backup)?;
    restore_exercise(dir, e, &mut backup, &mut Vec::new())?;
    let mut state = State::load(dir);
    let record = state.record(e.id);
    record.last = None;
    record.source = None;
    state.save(dir)?;
    Ok(saved)
}

/// Brings the grader's files in the learner's tree back before a check of `graded`: the root
/// manifest, the lock file, `grading/`, and the exercise's `Cargo.toml`, tests and snapshots.
/// Replaced files are saved first. A workbook written by an older wiretrail is brought up to
/// date instead (every exercise's answer key, and any exercise it lacks, reported as
/// `updated`, not as the learner's edits).
pub fn sync(dir: &Path, graded: &Exercise) -> Result<Synced, Error> {
    let book = Workbook::embedded();
    let mut state = State::load(dir);
    let older = state.book != Some(book.version());
    let mut backup = Backup::new(dir, &format!("check-{}", graded.id));
    let mut synced = Synced::default();
    let mut changes = Vec::new();
    put(
        dir,
        "Cargo.toml",
        book.root_manifest().as_bytes(),
        &mut backup,
        &mut changes,
    )?;
    for f in book.grader_files() {
        put(
            dir,
            f.path,
            f.contents.as_bytes(),
            &mut backup,
            &mut changes,
        )?;
    }
    if older {
        for e in book.exercises() {
            if dir.join(e.id).join("src/lib.rs").exists() {
                restore_exercise(dir, e, &mut backup, &mut Vec::new())?;
            } else {
                write_exercise(dir, e, &mut backup)?;
                synced.updated.push(e.id.to_owned());
            }
        }
        state.book = Some(book.version());
        state.save(dir)?;
    } else {
        synced.restored = changes;
        restore_exercise(dir, graded, &mut backup, &mut synced.restored)?;
    }
    synced.backup = backup.dir().map(Path::to_path_buf);
    Ok(synced)
}

/// Writes `contents` at `dir/rel` unless it is there already, saving what it replaces, and
/// notes `rel` in `changed`.
fn put(
    dir: &Path,
    rel: &str,
    contents: &[u8],
    backup: &mut Backup,
    changed: &mut Vec<String>,
) -> Result<(), Error> {
    let path = dir.join(rel);
    if fs::read(&path).ok().as_deref() == Some(contents) {
        return Ok(());
    }
    backup.save(&path)?;
    write(&path, contents)?;
    changed.push(rel.to_owned());
    Ok(())
}

/// Makes the exercise's `Cargo.toml`, tests and snapshots identical to the embedded answer
/// key, noting each file put back in `changed`. A `check__*` snapshot the key does not have
/// is saved and removed (noted), as are the pending `check__*.snap.new` and `.pending-snap`
/// a plain `cargo test` leaves (not noted: insta wrote those). The learner's own files under
/// `tests/` stay: their tests are allowed, and the grader reports them apart.
fn restore_exercise(
    dir: &Path,
    e: &Exercise,
    backup: &mut Backup,
    changed: &mut Vec<String>,
) -> Result<(), Error> {
    put_files(dir, e, e.answer_key(), backup, changed)?;
    let snapshots = dir.join(e.id).join("tests/snapshots");
    let Ok(entries) = fs::read_dir(&snapshots) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let rel = format!("tests/snapshots/{name}");
        if !name.starts_with("check__") || e.file(&rel).is_some() {
            continue;
        }
        let path = entry.path();
        backup.save(&path)?;
        fs::remove_file(&path).map_err(Error::io(&path))?;
        if !(name.ends_with(".snap.new") || name.ends_with(".pending-snap")) {
            changed.push(format!("{}/{rel}{}", e.id, crate::grade::REMOVED));
        }
    }
    Ok(())
}

/// Every file under `dir`, recursively (nothing if it does not exist). Symbolic links are
/// not followed into directories.
pub(crate) fn list_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        match entry.file_type() {
            Ok(t) if t.is_dir() => list_files(&path, out),
            Ok(_) => out.push(path),
            Err(_) => {}
        }
    }
}
