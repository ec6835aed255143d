//! Every exercise, both ways: the stub compiles without warnings and FAILS its tests; the
//! reference solution PASSES them in check mode and leaves no unreferenced or pending
//! snapshot. So an exercise that passes unsolved, or an answer key the solution does not
//! meet, cannot land.
//!
//! One `cargo test --workspace --no-fail-fast --locked` over all the stubs, then one over all
//! the solutions, in a workbook written by `init`, sharing one build directory under
//! `target/exercises-check/` so reruns only rebuild the exercise crates.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use exercises::Workbook;

/// `cargo test --workspace --no-fail-fast --locked` in check mode, warnings denied.
fn cargo_test(dir: &Path, references: &Path, pending: &Path) -> Output {
    Command::new(common::cargo())
        .current_dir(dir)
        .args(["test", "--workspace", "--no-fail-fast", "--locked"])
        .env(
            "CARGO_TARGET_DIR",
            common::check_root().join("both-ways-target"),
        )
        .env("RUSTFLAGS", "-D warnings")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env("CI", "true")
        .env("INSTA_UPDATE", "no")
        .env("INSTA_FORCE_PASS", "0")
        .env("INSTA_WORKSPACE_ROOT", dir)
        .env("INSTA_PENDING_DIR", pending)
        .env("INSTA_SNAPSHOT_REFERENCES_FILE", references)
        .env("RUST_BACKTRACE", "0")
        .env("CARGO_TERM_COLOR", "never")
        .output()
        .unwrap()
}

fn snapshots_in(dir: &Path) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap().flatten() {
            let path = entry.path();
            let name = path.to_string_lossy().into_owned();
            if path.is_dir() {
                if !name.ends_with(".wiretrail") && !name.ends_with("target") {
                    stack.push(path);
                }
            } else if name.ends_with(".snap")
                || name.ends_with(".snap.new")
                || name.ends_with(".pending-snap")
            {
                found.insert(name);
            }
        }
    }
    found
}

#[test]
fn every_exercise_both_ways() {
    let book = Workbook::embedded();
    let dir = common::fresh_dir("both-ways");
    exercises::init(&dir).unwrap();
    let pending = common::fresh_dir("both-ways-pending");
    let references = common::check_root().join("both-ways-references.txt");

    // 1. The stubs: they must compile with -D warnings (a compile error would fail every
    //    package at once, before any test runs) and every exercise must fail.
    let out = cargo_test(&dir, &references, &pending);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "the stubs passed?\n{stderr}");
    assert!(
        !stderr.contains("error: could not compile") && !stderr.contains("warning:"),
        "a stub does not compile cleanly with -D warnings:\n{stderr}"
    );
    for e in book.exercises() {
        assert!(
            stderr.contains(&format!("-p {} --test check`", e.package)),
            "the stub of {} does not fail its tests:\n{stderr}",
            e.id
        );
    }

    // 2. The reference solutions: all pass, in check mode.
    for e in book.exercises() {
        fs::write(dir.join(e.id).join("src/lib.rs"), e.solution()).unwrap();
    }
    let _ = fs::remove_file(&references);
    let out = cargo_test(&dir, &references, &pending);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "a reference solution fails its tests:\n{stdout}\n{stderr}"
    );
    assert!(!stderr.contains("warning:"), "{stderr}");

    // 3. No unreferenced snapshot (every .snap of the answer key was asserted), none pending.
    let referenced: BTreeSet<String> = fs::read_to_string(&references)
        .unwrap_or_default()
        .lines()
        .map(|l| fs::canonicalize(l).unwrap().to_string_lossy().into_owned())
        .collect();
    let on_disk: BTreeSet<String> = snapshots_in(&dir)
        .into_iter()
        .map(|p| fs::canonicalize(p).unwrap().to_string_lossy().into_owned())
        .collect();
    let unreferenced: Vec<_> = on_disk.difference(&referenced).collect();
    assert!(
        unreferenced.is_empty(),
        "unreferenced or pending snapshots: {unreferenced:#?}"
    );
    let mut pending_files = Vec::new();
    if pending.exists() {
        pending_files.extend(fs::read_dir(&pending).unwrap().flatten().map(|e| e.path()));
    }
    assert!(
        pending_files.is_empty(),
        "pending snapshots: {pending_files:?}"
    );
    for e in book.exercises() {
        let expected = e.files.iter().filter(|f| f.path.ends_with(".snap")).count();
        let seen = referenced
            .iter()
            .filter(|p| p.contains(&format!("/{}/tests/snapshots/", e.id)))
            .count();
        assert_eq!(seen, expected, "{}: every snapshot asserted once", e.id);
    }
}
