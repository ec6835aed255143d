//! The grading workspace, `.wiretrail/grade/`: a copy of the workbook in which everything but
//! the learner's `src/` (and their own extra tests) comes from the binary.
//!
//! ```text
//! .wiretrail/grade/
//!   Cargo.toml       the generated root manifest: the members, no [patch], no [profile]
//!   Cargo.lock       the embedded lock file (cargo runs with --locked)
//!   grading/         the embedded helper crate
//!   NN-name/         every exercise: the embedded Cargo.toml (build = false, no binaries)
//!                    and a src/lib.rs (the stub, for the ones not being graded)
//!   ID/              the exercise graded: embedded Cargo.toml, tests/check.rs, snapshots;
//!                    the learner's src/ and their own tests/*.rs, copied
//! ```
//!
//! So a `[patch]` in the workbook's root manifest, a `build.rs` next to the exercise, an
//! `insta.yaml` or a `.cargo/config.toml` in the workbook never reach the build: they are
//! reported as ignored. The graded exercise's folder is written afresh each time (its files'
//! new times make cargo rebuild it, whichever workbook used the build directory last).

use std::fs;
use std::path::{Path, PathBuf};

use crate::book::{Exercise, Workbook};
use crate::error::Error;
use crate::state::STATE_DIR;
use crate::workspace::{list_files, write};

/// The most files, and bytes, copied from the learner's `src/` and `tests/`.
pub const MAX_FILES: usize = 256;
/// See [`MAX_FILES`].
pub const MAX_BYTES: u64 = 8 * 1024 * 1024;

/// Files in the learner's tree that would change a plain `cargo test` but that the grader
/// never reads.
const IGNORED: &[&str] = &[
    "build.rs",
    ".cargo/config.toml",
    ".cargo/config",
    "insta.yaml",
    ".config/insta.yaml",
    "rust-toolchain",
    "rust-toolchain.toml",
];

/// The grading workspace of the workbook at `dir`.
pub fn root(dir: &Path) -> PathBuf {
    dir.join(STATE_DIR).join("grade")
}

/// The learner's own test files copied, relative to the exercise (`tests/mine.rs`).
#[derive(Debug, Default)]
pub struct Written {
    /// The learner's extra files under `tests/`.
    pub own_tests: Vec<String>,
    /// Whether the learner's `src/` has `#[test]`s of its own.
    pub unit_tests: bool,
}

/// Writes the grading workspace for exercise `e` of the workbook at `dir`.
pub fn write_for(dir: &Path, e: &Exercise) -> Result<Written, Error> {
    let book = Workbook::embedded();
    let grade = root(dir);
    update(&grade.join("Cargo.toml"), book.root_manifest().as_bytes())?;
    for f in book.grader_files() {
        update(&grade.join(f.path), f.contents.as_bytes())?;
    }
    for other in book.exercises().iter().filter(|o| o.id != e.id) {
        update(
            &grade.join(other.id).join("Cargo.toml"),
            other.file("Cargo.toml").unwrap_or_default().as_bytes(),
        )?;
        let lib = grade.join(other.id).join("src/lib.rs");
        if !lib.exists() {
            write(&lib, other.stub().as_bytes())?;
        }
    }
    let target = grade.join(e.id);
    if target.exists() {
        fs::remove_dir_all(&target).map_err(Error::io(&target))?;
    }
    for f in e.answer_key() {
        write(&target.join(f.path), f.contents.as_bytes())?;
    }
    let mut written = Written::default();
    let mut budget = (MAX_FILES, MAX_BYTES);
    let source = dir.join(e.id);
    for path in files_under(&source.join("src")) {
        let text = copy(&source, &target, &path, &mut budget)?;
        written.unit_tests |= text.contains("#[test]");
    }
    for path in files_under(&source.join("tests")) {
        let rel = path.strip_prefix(&source).unwrap_or(&path);
        let rel_text = rel.to_string_lossy().replace('\\', "/");
        let theirs = rel_text != "tests/check.rs"
            && !rel_text.starts_with("tests/check/")
            && !rel_text.starts_with("tests/snapshots/check__");
        if theirs {
            copy(&source, &target, &path, &mut budget)?;
            if rel_text.ends_with(".rs") {
                written.own_tests.push(rel_text);
            }
        }
    }
    Ok(written)
}

/// The files under `dir`, sorted.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    list_files(dir, &mut files);
    files.sort();
    files
}

/// Copies `path` (under `from`) to the same place under `to`, within the budget; returns its
/// text (lossily) so the caller can look at it.
fn copy(from: &Path, to: &Path, path: &Path, budget: &mut (usize, u64)) -> Result<String, Error> {
    let bytes = fs::read(path).map_err(Error::io(path))?;
    let size = bytes.len() as u64;
    if budget.0 == 0 || size > budget.1 {
        return Err(Error::TooBig(from.to_path_buf()));
    }
    budget.0 -= 1;
    budget.1 -= size;
    let rel = path.strip_prefix(from).unwrap_or(path);
    write(&to.join(rel), &bytes)?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Writes `contents` unless the file already holds them (so cargo sees no change).
fn update(path: &Path, contents: &[u8]) -> Result<(), Error> {
    if fs::read(path).ok().as_deref() == Some(contents) {
        return Ok(());
    }
    write(path, contents)
}

/// What the learner's tree holds that the grader does not read, relative to the workbook;
/// and the Cargo configuration files above the workbook that a plain `cargo test` in it
/// would read but the grader's cargo (started in `cargo_cwd`) does not, by their full path.
pub fn ignored(dir: &Path, e: &Exercise, cargo_cwd: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for base in [String::new(), format!("{}/", e.id)] {
        for name in IGNORED {
            let rel = format!("{base}{name}");
            if dir.join(&rel).is_file() {
                found.push(rel);
            }
        }
    }
    let read = super::config::files(cargo_cwd);
    for above in super::config::files(dir) {
        if !above.starts_with(dir) && !read.contains(&above) {
            found.push(above.display().to_string());
        }
    }
    found
}
