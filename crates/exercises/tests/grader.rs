//! The grader against real cargo runs: the answer key is restored and the tampering
//! reported, an infinite loop is stopped at the time limit, a passing run unlocks the
//! solution, and statuses follow the learner's edits. Plus hints and `init`'s refusals,
//! which need no cargo.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use exercises::{CheckOptions, Error, Outcome, Status, Workbook};

const EX: &str = "03-unmask";

/// The tests that run cargo share one build directory, and cargo names an exercise's
/// artifacts by its path *relative to the workspace root*, the same in every workbook; its
/// freshness check compares mtimes. So these tests take turns, each from `init` to its last
/// check: then every workbook's files are newer than the previous one's build.
static CARGO: Mutex<()> = Mutex::new(());

fn take_turn() -> MutexGuard<'static, ()> {
    CARGO
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn workbook(name: &str) -> PathBuf {
    let dir = common::fresh_dir(&format!("grader-{name}"));
    exercises::init(&dir).unwrap();
    dir
}

fn options(limit: Duration) -> CheckOptions {
    CheckOptions {
        time_limit: limit,
        target_dir: Some(common::grader_target()),
        ..CheckOptions::default()
    }
}

fn write_lib(dir: &Path, id: &str, code: &str) {
    fs::write(dir.join(id).join("src/lib.rs"), code).unwrap();
}

fn status_of(dir: &Path, id: &str) -> Status {
    exercises::status(dir)
        .unwrap()
        .into_iter()
        .find(|s| s.exercise.id == id)
        .unwrap()
        .status
}

#[test]
fn the_stub_fails_with_readable_diffs() {
    let _turn = take_turn();
    let dir = workbook("stub");
    let report = exercises::check_with(&dir, EX, &options(Duration::from_secs(120))).unwrap();
    assert_eq!(report.outcome, Outcome::Failed, "{report}");
    assert_eq!(report.passed, 0);
    assert_eq!(report.failed, 3);
    assert!(report.restored.is_empty());
    let text = report.to_string();
    assert!(text.contains("-old snapshot (the answer key"), "{text}");
    assert!(text.contains("not yet implemented"), "{text}");
    assert!(text.contains("FAILED: 0 of 3 tests pass"), "{text}");
    assert_eq!(status_of(&dir, EX), Status::Failing);
}

#[test]
fn tampering_is_flagged_and_undone() {
    let _turn = take_turn();
    let dir = workbook("tamper");
    let ex = dir.join(EX);
    // A learner "fixes" the answer key to match a wrong solution, accepts a snapshot with
    // `cargo insta accept`, adds a test of their own, and leaves a pending snapshot.
    let snap = ex.join("tests/snapshots/check__rfc6455_hello.snap");
    fs::write(
        &snap,
        "---\nsource: tests/check.rs\n---\nwhatever I produce\n",
    )
    .unwrap();
    let check_rs = ex.join("tests/check.rs");
    let pristine = fs::read_to_string(&check_rs).unwrap();
    fs::write(&check_rs, "#[test]\nfn always() {}\n").unwrap();
    fs::write(ex.join("tests/mine.rs"), "#[test]\nfn mine() {}\n").unwrap();
    fs::write(
        ex.join("tests/snapshots/check__in_two_pieces.snap.new"),
        "x",
    )
    .unwrap();
    let e = Workbook::embedded().get(EX).unwrap();
    write_lib(&dir, EX, e.solution());

    let report = exercises::check_with(&dir, EX, &options(Duration::from_secs(120))).unwrap();
    assert_eq!(report.outcome, Outcome::Passed, "{report}");
    assert_eq!(
        report.restored,
        [
            "03-unmask/tests/check.rs",
            "03-unmask/tests/snapshots/check__rfc6455_hello.snap",
            "03-unmask/tests/mine.rs (added; removed)",
        ]
    );
    assert!(
        report
            .to_string()
            .contains("the answer key was changed; restored")
    );
    assert_eq!(fs::read_to_string(&check_rs).unwrap(), pristine);
    assert!(!ex.join("tests/mine.rs").exists());
    assert!(
        !ex.join("tests/snapshots/check__in_two_pieces.snap.new")
            .exists()
    );
    assert!(report.pending.is_empty());
}

#[test]
fn an_infinite_loop_hits_the_time_limit() {
    let _turn = take_turn();
    let dir = workbook("timeout");
    write_lib(
        &dir,
        EX,
        "pub fn apply_mask(data: &mut [u8], key: [u8; 4], offset: usize) {\n    let _ = (data, key, offset);\n    #[allow(clippy::empty_loop)]\n    loop {}\n}\n",
    );
    let report = exercises::check_with(&dir, EX, &options(Duration::from_secs(3))).unwrap();
    assert_eq!(report.outcome, Outcome::TimedOut, "{report}");
    assert!(!report.passed());
    let text = report.to_string();
    assert!(text.contains("TIME LIMIT EXCEEDED"), "{text}");
    assert!(
        text.contains("is there an infinite loop?") || text.contains("Is there an infinite loop?"),
        "{text}"
    );
    assert!(!report.unfinished.is_empty(), "{text}");
    assert_eq!(status_of(&dir, EX), Status::Failing);
}

#[test]
fn a_compile_error_is_reported_as_such() {
    let _turn = take_turn();
    let dir = workbook("build");
    write_lib(
        &dir,
        EX,
        "pub fn apply_mask(data: &mut [u8], key: [u8; 4], offset: usize) -> u8 {\n    let _ = (data, key, offset);\n}\n",
    );
    let report = exercises::check_with(&dir, EX, &options(Duration::from_secs(60))).unwrap();
    assert_eq!(report.outcome, Outcome::BuildFailed, "{report}");
    assert!(
        report.build_output.contains("error[E0308]"),
        "{}",
        report.build_output
    );
    assert!(!report.build_output.contains("Compiling"));
}

#[test]
fn solution_opens_after_a_pass_and_status_follows_edits() {
    let _turn = take_turn();
    let dir = workbook("solution");
    assert_eq!(status_of(&dir, EX), Status::NotStarted);
    assert!(matches!(
        exercises::solution(&dir, EX),
        Err(Error::NotPassedYet(id)) if id == EX
    ));

    let e = Workbook::embedded().get(EX).unwrap();
    write_lib(&dir, EX, e.solution());
    assert_eq!(status_of(&dir, EX), Status::InProgress);
    let report = exercises::check_with(&dir, EX, &options(Duration::from_secs(120))).unwrap();
    assert!(report.passed(), "{report}");
    assert_eq!(report.passed, 3);
    assert_eq!(status_of(&dir, EX), Status::Passed);
    assert_eq!(exercises::solution(&dir, EX).unwrap(), e.solution());

    // Edited after passing: no longer "passed" until checked again; the solution stays open.
    write_lib(&dir, EX, &format!("{}\n// tidying up\n", e.solution()));
    assert_eq!(status_of(&dir, EX), Status::InProgress);
    assert!(exercises::solution(&dir, EX).is_ok());

    // Reset: the stub is back, the learner's file is kept.
    let backup = exercises::reset(&dir, EX).unwrap().unwrap();
    assert!(
        fs::read_to_string(backup)
            .unwrap()
            .contains("// tidying up")
    );
    assert_eq!(
        fs::read_to_string(dir.join(EX).join("src/lib.rs")).unwrap(),
        e.stub()
    );
    assert_eq!(status_of(&dir, EX), Status::NotStarted);
}

#[test]
fn hints_come_one_at_a_time_and_are_remembered() {
    let dir = workbook("hints");
    let e = Workbook::embedded().get("06").unwrap();
    let all = e.hints();
    for (i, text) in all.iter().enumerate() {
        let hint = exercises::hint(&dir, "06").unwrap();
        assert_eq!((hint.number, hint.total), (i + 1, all.len()));
        assert_eq!(&hint.text, text);
    }
    // Past the last one, the last one again.
    assert_eq!(exercises::hint(&dir, "06").unwrap().number, all.len());
    let seen = exercises::status(&dir).unwrap();
    let s = seen.iter().find(|s| s.exercise.id == e.id).unwrap();
    assert_eq!((s.hints_seen, s.hints_total), (all.len(), all.len()));
    // Another exercise's hints are counted apart.
    assert_eq!(exercises::hint(&dir, "01").unwrap().number, 1);
}

#[test]
fn init_writes_a_workbook_and_refuses_a_non_empty_dir() {
    let dir = workbook("init");
    let book = Workbook::embedded();
    for e in book.exercises() {
        assert!(dir.join(e.id).join("src/lib.rs").is_file());
        assert!(dir.join(e.id).join("TASK.md").is_file());
        assert!(
            !dir.join(e.id).join("solution").exists(),
            "solutions stay embedded"
        );
        assert!(
            !dir.join(e.id).join("hints.toml").exists(),
            "hints stay embedded"
        );
    }
    let manifest = fs::read_to_string(dir.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("\"13-ncp-sockets\","), "{manifest}");
    assert!(dir.join("Cargo.lock").is_file());
    assert!(dir.join(".wiretrail/state.txt").is_file());
    assert!(matches!(exercises::init(&dir), Err(Error::NotEmpty(_))));

    let elsewhere = common::fresh_dir("grader-not-a-workbook");
    fs::create_dir_all(&elsewhere).unwrap();
    assert!(matches!(
        exercises::status(&elsewhere),
        Err(Error::NotAWorkbook(_))
    ));
    assert!(matches!(
        exercises::hint(&dir, "99-nope"),
        Err(Error::UnknownExercise(_))
    ));
}
