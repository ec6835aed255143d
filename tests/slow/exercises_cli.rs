//! `wiretrail exercises ...` against the real binary: init, list in book order with levels
//! and times (and `--pending`), a failing check run from inside the exercise's folder, hints
//! one at a time and all at once, the locked solution, a passing check, progress, resets
//! that each keep a copy, `check --all`, the learner's shell unable to make a stub pass,
//! and watch: its Enter fallback, and moving on to the next exercise when one passes. The
//! grader builds into the shared `exercises-check/grader-target`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Mutex, MutexGuard, mpsc};
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

/// The tests that grade share one build directory and the same exercises: they take turns
/// (see crates/exercises/tests/common).
static CARGO: Mutex<()> = Mutex::new(());

fn take_turn() -> MutexGuard<'static, ()> {
    CARGO
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn wiretrail(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_wiretrail"));
    cmd.current_dir(dir).args(args).env(
        "WIRETRAIL_EXERCISES_TARGET_DIR",
        check_root().join("grader-target"),
    );
    cmd
}

fn output(mut cmd: Command) -> (Output, String) {
    let out = cmd.output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out, text)
}

fn run(dir: &Path, args: &[&str]) -> (Output, String) {
    output(wiretrail(dir, args))
}

/// The line of `text` that starts with `start`.
fn line_of<'a>(text: &'a str, start: &str) -> &'a str {
    text.lines()
        .find(|l| l.starts_with(start))
        .unwrap_or_default()
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
    let _turn = take_turn();
    let root = check_root();
    let dir = fresh("cli-labs");
    let book = Workbook::embedded();
    let total = book.exercises().len();
    let (out, text) = run(&root, &["exercises", "init", dir.to_str().unwrap()]);
    assert!(out.status.success(), "{text}");
    assert!(
        text.contains(&format!("Wrote a workbook of {total} exercises")),
        "{text}"
    );
    let (out, text) = run(&root, &["exercises", "init", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text.contains("is not empty"), "{text}");

    // Outside a workbook, a clear error.
    let (out, text) = run(&root, &["exercises", "list"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text.contains("is not a workbook"), "{text}");

    // In book order (chapter 3's NCP first), with a level and a time each.
    let (out, text) = run(&dir, &["exercises", "list"]);
    assert!(out.status.success(), "{text}");
    let ids: Vec<&str> = text
        .lines()
        .skip(1)
        .take(total)
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    let expected: Vec<&str> = book.exercises().iter().map(|e| e.id).collect();
    assert_eq!(ids, expected, "{text}");
    assert_eq!(ids.first(), Some(&"13-ncp-sockets"));
    let accept = line_of(&text, "01-accept-key");
    assert!(
        accept.contains("not started  0/3    easy    15 min  08-websocket"),
        "{text}"
    );
    assert!(text.contains(&format!("0/{total} passed")), "{text}");
    assert!(
        text.contains("Next: wiretrail exercises check 13-ncp-sockets"),
        "{text}"
    );

    // The stub fails, with insta's diff and the legend; from inside the exercise's folder
    // the exercise needs no name.
    let (out, text) = run(&dir.join("03-unmask/src"), &["exercises", "check"]);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("-old snapshot (the answer key"), "{text}");
    assert!(text.contains("FAILED: 0 of 4 tests pass"), "{text}");
    assert!(
        text.contains("wiretrail exercises hint 03-unmask"),
        "{text}"
    );
    // ... and elsewhere in the workbook, named.
    let (out, text) = run(&dir.join("01-accept-key"), &["exercises", "hint", "03"]);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("03-unmask — hint 1 of 3"), "{text}");
    let (out, text) = run(&dir, &["exercises", "hint"]);
    assert_eq!(out.status.code(), Some(2), "{text}");
    assert!(text.contains("which exercise?"), "{text}");
    let (out, text) = run(&dir.join("03-unmask"), &["exercises", "hint", "--all"]);
    assert!(out.status.success(), "{text}");
    for n in 1..=3 {
        assert!(
            text.contains(&format!("03-unmask — hint {n} of 3")),
            "{text}"
        );
    }

    let (out, text) = run(&dir, &["exercises", "solution", "03"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text.contains("opens once your own code passes"), "{text}");

    // Solve it (with the reference, from `--dir` elsewhere this time).
    let e = book.get("03").unwrap();
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
    assert!(text.contains("PASSED: all 4 tests pass"), "{text}");

    let (out, text) = run(&dir, &["exercises", "solution", "unmask"]);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("pub fn apply_mask"), "{text}");

    let (_, text) = run(&dir, &["exercises", "list"]);
    assert!(
        line_of(&text, "03-unmask").contains("passed       3/3"),
        "{text}"
    );
    assert!(text.contains(&format!("1/{total} passed")), "{text}");
    let (_, text) = run(&dir, &["exercises", "list", "--pending"]);
    assert!(line_of(&text, "03-unmask").is_empty(), "{text}");
    assert!(!line_of(&text, "01-accept-key").is_empty(), "{text}");

    // Two resets, two copies.
    let (out, first) = run(&dir, &["exercises", "reset", "3"]);
    assert!(out.status.success(), "{first}");
    assert!(first.contains(".wiretrail/backup/"), "{first}");
    assert!(
        first.contains("-reset-03-unmask/03-unmask/src/lib.rs"),
        "{first}"
    );
    assert_eq!(
        fs::read_to_string(dir.join("03-unmask/src/lib.rs")).unwrap(),
        e.stub()
    );
    fs::write(dir.join("03-unmask/src/lib.rs"), "// try again\n").unwrap();
    let (_, second) = run(&dir, &["exercises", "reset", "3"]);
    let backups = fs::read_dir(dir.join(".wiretrail/backup"))
        .unwrap()
        .filter(|d| {
            d.as_ref()
                .is_ok_and(|d| d.file_name().to_string_lossy().contains("reset-03-unmask"))
        })
        .count();
    assert_eq!(backups, 2, "{first}\n{second}");

    let (out, text) = run(&dir, &["exercises", "check", "99"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text.contains("there is no exercise \"99\""), "{text}");
}

#[test]
fn the_learners_shell_cannot_make_a_stub_pass() {
    let _turn = take_turn();
    let dir = fresh("cli-shell");
    exercises::init(&dir).unwrap();
    let mut cmd = wiretrail(&dir, &["exercises", "check", "03"]);
    for (k, v) in [
        ("INSTA_FORCE_PASS", "1"),
        ("INSTA_UPDATE", "always"),
        ("INSTA_FORCE_UPDATE", "1"),
        ("RUSTFLAGS", "--cfg wiretrail_cheat"),
        ("RUSTC_WRAPPER", "/bin/true"),
        ("CARGO_BUILD_RUSTC_WRAPPER", "/bin/true"),
        ("RUST_TEST_NOCAPTURE", "1"),
    ] {
        cmd.env(k, v);
    }
    let (out, text) = output(cmd);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("FAILED: 0 of 4 tests pass"), "{text}");
}

#[test]
fn check_all_grades_every_exercise_in_book_order() {
    let _turn = take_turn();
    let dir = fresh("cli-all");
    exercises::init(&dir).unwrap();
    let book = Workbook::embedded();
    let ncp = book.get("13").unwrap();
    fs::write(dir.join(ncp.id).join("src/lib.rs"), ncp.solution()).unwrap();
    let (out, text) = run(&dir, &["exercises", "check", "--all"]);
    assert_eq!(out.status.code(), Some(1), "{text}");
    let lines: Vec<&str> = text.lines().filter(|l| l.starts_with(['✓', '✗'])).collect();
    assert_eq!(lines.len(), book.exercises().len(), "{text}");
    assert!(lines[0].starts_with("✓ 13-ncp-sockets"), "{text}");
    assert!(lines[0].contains("2/2 pass"), "{text}");
    assert!(
        lines[1].starts_with("✗ 12-ipv4-checksum")
            && lines[1].contains("wiretrail exercises check 12-ipv4-checksum"),
        "{text}"
    );
    assert!(
        text.contains(&format!("1/{} passed", book.exercises().len())),
        "{text}"
    );
}

/// A `watch` child whose output lines arrive on a channel.
struct Watch {
    child: Child,
    lines: mpsc::Receiver<String>,
}

impl Watch {
    fn start(dir: &Path, args: &[&str]) -> Watch {
        let mut child = wiretrail(dir, args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                if tx.send(line.unwrap_or_default()).is_err() {
                    break;
                }
            }
        });
        Watch { child, lines }
    }

    /// Everything up to and including the first line containing `needle`.
    fn wait_for(&self, needle: &str) -> String {
        let mut seen = String::new();
        loop {
            match self.lines.recv_timeout(Duration::from_secs(120)) {
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
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn watch_regrades_on_enter() {
    let _turn = take_turn();
    let dir = fresh("cli-watch");
    exercises::init(&dir).unwrap();
    let mut watch = Watch::start(&dir, &["exercises", "watch", "13"]);
    let first = watch.wait_for("(watching:");
    assert!(
        first.contains("════ checking 13-ncp-sockets ════"),
        "{first}"
    );
    assert!(first.contains("press Enter"), "{first}");
    watch
        .child
        .stdin
        .as_mut()
        .unwrap()
        .write_all(b"\n")
        .unwrap();
    let second = watch.wait_for("(watching:");
    assert!(
        second.contains("════ checking 13-ncp-sockets ════"),
        "{second}"
    );
}

#[test]
fn watch_moves_on_when_one_passes() {
    let _turn = take_turn();
    let dir = fresh("cli-watch-next");
    exercises::init(&dir).unwrap();
    let ncp = Workbook::embedded().get("13").unwrap();
    fs::write(dir.join(ncp.id).join("src/lib.rs"), ncp.solution()).unwrap();
    // Started inside the exercise's folder: that one first.
    let watch = Watch::start(&dir.join("13-ncp-sockets"), &["exercises", "watch"]);
    let text = watch.wait_for("(watching:");
    assert!(text.contains("════ checking 13-ncp-sockets ════"), "{text}");
    assert!(text.contains("PASSED: all 2 tests pass."), "{text}");
    assert!(
        text.contains("✓ 13-ncp-sockets passes. Next: 12-ipv4-checksum — The IPv4 header checksum"),
        "{text}"
    );
    assert!(
        text.contains("════ checking 12-ipv4-checksum ════"),
        "{text}"
    );
    assert!(text.contains("re-grade 12-ipv4-checksum"), "{text}");
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
    assert!(text.contains("moves on to the next exercise"), "{text}");
    let (_, text) = run(Path::new("."), &["exercises", "check", "--help"]);
    assert!(text.contains("infinite loop"), "{text}");
    assert!(text.contains("--all"), "{text}");
    let (_, text) = run(Path::new("."), &["exercises", "list", "--help"]);
    assert!(text.contains("--pending"), "{text}");
    let (_, text) = run(Path::new("."), &["exercises", "hint", "--help"]);
    assert!(text.contains("--all"), "{text}");
}
