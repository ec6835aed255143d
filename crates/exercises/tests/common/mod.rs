//! Shared by the workbook's integration tests: where they build, and fresh directories.

#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

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

/// The build directory the grader tests share (not the both-ways one: that one builds with
/// `-D warnings`, and a change of RUSTFLAGS would rebuild everything each time).
pub fn grader_target() -> PathBuf {
    check_root().join("grader-target")
}

/// The cargo that runs these tests.
pub fn cargo() -> std::ffi::OsString {
    std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into())
}
