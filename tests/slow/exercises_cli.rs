//! `wiretrail exercises ...` against the real binary: init, list, a failing check with its
//! diff, hints, the locked solution, a passing check, progress, reset, and watch's Enter
//! fallback. The grader builds into the shared `exercises-check/grader-target`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use exercises::Workbook;

fn check_root() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"));
    let root = std::path::absolute(target.join("exercises-check")).unwrap();
    fs::create_dir_all(&root).unwrap();
    root
}

fn wiretrail(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_wiretrail"));
    cmd.current_dir(dir).args(args).env(
        "WIRETRAIL_EXERCISES_TARGET_DIR",
        check_root().join("grader-target"),
    );
    cmd
}

fn run(dir: &Path, args: &[&str]) -> (Output, String) {
    let out = wiretrail(dir, args).output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out, text)
}

fn fresh(name: &str) -> PathBuf {
    let dir = check_root().join(name);
    if dir.exists() {
        fs::remove_dir_all(&dir).unwrap();
    }
    dir
}

#[test]
fn the_whole_loop() {
    let root = check_root();
    let dir = fresh("cli-labs");
    let (out, text) = run(&root, &["exercises", "init", dir.to_str().unwrap()]);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("Wrote a workbook of 13 exercises"), "{text}");
    let (out, text) = run(&root, &["exercises", "init", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text.contains("is not empty"), "{text}");

    // Outside a workbook, a clear error.
    let (out, text) = run(&root, &["exercises", "list"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text.contains("is not a workbook"), "{text}");

    let (out, text) = run(&dir, &["exercises", "list"]);
    assert!(out.status.success(), "{text}");
    assert!(
        text.contains("01-accept-key          not started  0/3"),
        "{text}"
    );
    assert!(text.contains("0/13 passed"), "{text}");
    assert!(
        text.contains("Next: wiretrail exercises check 01-accept-key"),
        "{text}"
    );

    // The stub fails, with insta's diff and the legend.
    let (out, text) = run(&dir, &["exercises", "check", "03"]);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("-old snapshot (the answer key"), "{text}");
    assert!(text.contains("FAILED: 0 of 3 tests pass"), "{text}");
    assert!(
        text.contains("wiretrail exercises hint 03-unmask"),
        "{text}"
    );

    let (out, text) = run(&dir, &["exercises", "hint", "03"]);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("03-unmask — hint 1 of 3"), "{text}");

    let (out, text) = run(&dir, &["exercises", "solution", "03"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text.contains("opens once your own code passes"), "{text}");

    // Solve it (with the reference, from `--dir` elsewhere this time).
    let e = Workbook::embedded().get("03").unwrap();
    fs::write(dir.join("03-unmask/src/lib.rs"), e.solution()).unwrap();
    let (out, text) = run(
        &root,
        &[
            "exercises",
            "check",
            "03-unmask",
            "--dir",
            dir.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{text}");
    assert!(text.contains("PASSED: all 3 tests pass"), "{text}");

    let (out, text) = run(&dir, &["exercises", "solution", "unmask"]);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("pub fn apply_mask"), "{text}");

    let (_, text) = run(&dir, &["exercises", "list"]);
    assert!(
        text.contains("03-unmask              passed       1/3"),
        "{text}"
    );
    assert!(text.contains("1/13 passed"), "{text}");

    let (out, text) = run(&dir, &["exercises", "reset", "3"]);
    assert!(out.status.success(), "{text}");
    assert!(
        text.contains(".wiretrail/backup/03-unmask.lib.rs"),
        "{text}"
    );
    assert_eq!(
        fs::read_to_string(dir.join("03-unmask/src/lib.rs")).unwrap(),
        e.stub()
    );

    let (out, text) = run(&dir, &["exercises", "check", "99"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text.contains("there is no exercise \"99\""), "{text}");
}

#[test]
fn watch_regrades_on_enter() {
    let dir = fresh("cli-watch");
    exercises::init(&dir).unwrap();
    let mut child = wiretrail(&dir, &["exercises", "watch", "13"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            if tx.send(line.unwrap_or_default()).is_err() {
                break;
            }
        }
    });
    let wait_for = |needle: &str| {
        let mut seen = String::new();
        loop {
            match rx.recv_timeout(Duration::from_secs(120)) {
                Ok(line) => {
                    seen.push_str(&line);
                    seen.push('\n');
                    if line.contains(needle) {
                        return seen;
                    }
                }
                Err(_) => panic!("no {needle:?} in:\n{seen}"),
            }
        }
    };
    let first = wait_for("(watching:");
    assert!(
        first.contains("════ checking 13-ncp-sockets ════"),
        "{first}"
    );
    assert!(first.contains("press Enter"), "{first}");
    child.stdin.as_mut().unwrap().write_all(b"\n").unwrap();
    let second = wait_for("(watching:");
    assert!(
        second.contains("════ checking 13-ncp-sockets ════"),
        "{second}"
    );
    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
fn help_texts_teach_the_loop() {
    let (out, text) = run(Path::new("."), &["exercises", "--help"]);
    assert!(out.status.success(), "{text}");
    for cmd in [
        "init", "list", "check", "hint", "watch", "solution", "reset",
    ] {
        assert!(text.contains(cmd), "{cmd} missing:\n{text}");
    }
    let (_, text) = run(Path::new("."), &["exercises", "watch", "--help"]);
    assert!(text.contains("press Enter"), "{text}");
    let (_, text) = run(Path::new("."), &["exercises", "check", "--help"]);
    assert!(text.contains("infinite loop"), "{text}");
}
