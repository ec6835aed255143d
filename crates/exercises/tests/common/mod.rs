//! Shared by the workbook's integration tests: where they build, fresh directories, and the
//! turns the tests that run cargo take.

#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use exercises::CheckOptions;

/// `$CARGO_TARGET_DIR/exercises-check` (or the repository's `target/exercises-check`): one
/// place for every workbook these tests write and build, so reruns are incremental.
pub fn check_root() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"));
    let root = std::path::absolute(target.join("exercises-check")).unwrap();
    fs::create_dir_all(&root).unwrap();
    root
}

/// An empty directory `check_root()/name`, removed first if a previous run left it.
pub fn fresh_dir(name: &str) -> PathBuf {
    let dir = check_root().join(name);
    if dir.exists() {
        fs::remove_dir_all(&dir).unwrap();
    }
    dir
}

/// A new workbook at `check_root()/name`.
pub fn workbook(name: &str) -> PathBuf {
    let dir = fresh_dir(name);
    exercises::init(&dir).unwrap();
    dir
}

/// The build directory the grader's tests share (the both-ways test builds the learners'
/// own way, with `-D warnings`, in another: a change of flags would rebuild everything).
pub fn grader_target() -> PathBuf {
    check_root().join("grader-target")
}

/// The grader's options for these tests: the shared build directory.
pub fn options(limit: Duration) -> CheckOptions {
    CheckOptions {
        time_limit: limit,
        target_dir: Some(grader_target()),
        ..CheckOptions::default()
    }
}

/// The tests that run the grader share one build directory, and cargo names an exercise's
/// artifacts by its path *relative to the workspace root*, the same in every workbook; its
/// freshness check compares file times. So these tests take turns (the grader writes the
/// graded exercise afresh, so each check is newer than the last build).
static CARGO: Mutex<()> = Mutex::new(());

pub fn take_turn() -> MutexGuard<'static, ()> {
    CARGO
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Writes `code` as exercise `id`'s `src/lib.rs`.
pub fn write_lib(dir: &Path, id: &str, code: &str) {
    fs::write(dir.join(id).join("src/lib.rs"), code).unwrap();
}

/// The cargo that runs these tests.
pub fn cargo() -> std::ffi::OsString {
    std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into())
}
