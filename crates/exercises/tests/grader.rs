//! The grader against real cargo runs: readable diffs with one panic line a step, failures
//! in the answer key's order, the answer key restored and the tampering reported (with a
//! backup), the learner's own tests allowed and reported apart, warnings shown, an infinite
//! loop stopped with honest counts, a passing run unlocking the solution, timestamped
//! backups on reset, an older workbook brought up to date. Plus hints, `init` and `locate`,
//! which need no cargo.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::fs;
use std::path::Path;
use std::time::Duration;

use common::{options, take_turn, workbook, write_lib};
use exercises::{Error, Outcome, Status, TestOutcome, Workbook};

const EX: &str = "03-unmask";

fn status_of(dir: &Path, id: &str) -> Status {
    exercises::status(dir)
        .unwrap()
        .into_iter()
        .find(|s| s.exercise.id == id)
        .unwrap()
        .status
}

#[test]
fn the_stub_fails_with_readable_diffs_in_source_order() {
    let _turn = take_turn();
    let dir = workbook("grader-stub");
    let report = exercises::check_with(&dir, EX, &options(Duration::from_secs(120))).unwrap();
    assert_eq!(report.outcome, Outcome::Failed, "{report}");
    assert_eq!((report.passed, report.failed, report.total()), (0, 4, 4));
    assert!(report.restored.is_empty(), "{:?}", report.restored);
    let names: Vec<&str> = report.failures.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, Workbook::embedded().get(EX).unwrap().tests());
    for f in &report.failures {
        // One line a failing step, in the dump; nothing printed on the side.
        assert!(
            f.output.contains("<panicked at 03-unmask/src/lib.rs:"),
            "{}",
            f.output
        );
        assert!(!f.output.contains("thread '"), "{}", f.output);
    }
    let text = report.to_string();
    assert!(text.contains("-old snapshot (the answer key"), "{text}");
    assert!(text.contains("not yet implemented"), "{text}");
    assert!(text.contains("FAILED: 0 of 4 tests pass."), "{text}");
    assert_eq!(status_of(&dir, EX), Status::Failing);
}

#[test]
fn tampering_is_flagged_undone_and_backed_up() {
    let _turn = take_turn();
    let dir = workbook("grader-tamper");
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
    write_lib(&dir, EX, &e.solution());

    let report = exercises::check_with(&dir, EX, &options(Duration::from_secs(120))).unwrap();
    assert_eq!(report.outcome, Outcome::Passed, "{report}");
    assert_eq!(
        report.restored,
        [
            "03-unmask/tests/check.rs",
            "03-unmask/tests/snapshots/check__rfc6455_hello.snap",
        ]
    );
    let text = report.to_string();
    assert!(
        text.contains("the answer key was changed; restored"),
        "{text}"
    );
    assert_eq!(fs::read_to_string(&check_rs).unwrap(), pristine);
    assert!(
        !ex.join("tests/snapshots/check__in_two_pieces.snap.new")
            .exists()
    );
    // The edited files were kept, in a timestamped folder.
    let backup = report.backup.clone().unwrap();
    assert!(
        backup.starts_with(dir.join(".wiretrail/backup")),
        "{}",
        backup.display()
    );
    assert_eq!(
        fs::read_to_string(backup.join("03-unmask/tests/check.rs")).unwrap(),
        "#[test]\nfn always() {}\n"
    );
    // The learner's own test stays, runs, and is reported apart.
    assert!(ex.join("tests/mine.rs").exists());
    let own = report.own_tests.clone().unwrap();
    assert!(
        own.built && own.passed == 1 && own.failed.is_empty(),
        "{own:?}"
    );
    assert!(text.contains("Your own tests: 1 pass."), "{text}");
}

#[test]
fn an_infinite_loop_hits_the_time_limit_with_honest_counts() {
    let _turn = take_turn();
    let dir = workbook("grader-timeout");
    write_lib(
        &dir,
        EX,
        "pub fn apply_mask(data: &mut [u8], key: [u8; 4], offset: usize) {\n    let _ = (data, key, offset);\n    #[allow(clippy::empty_loop)]\n    loop {}\n}\n",
    );
    let report = exercises::check_with(&dir, EX, &options(Duration::from_secs(3))).unwrap();
    assert_eq!(report.outcome, Outcome::TimedOut, "{report}");
    assert!(!report.passed());
    assert_eq!(report.unfinished, ["rfc6455_hello"]);
    assert_eq!((report.passed, report.failed, report.not_run), (0, 1, 3));
    assert_eq!(report.tests[1].outcome, TestOutcome::NotRun);
    let text = report.to_string();
    assert!(text.contains("TIME LIMIT EXCEEDED"), "{text}");
    assert!(text.contains("Is there an infinite loop?"), "{text}");
    assert!(
        text.contains("FAILED: 0 of 4 tests pass, 1 stopped, 3 not run."),
        "{text}"
    );
    assert_eq!(status_of(&dir, EX), Status::Failing);
}

#[test]
fn compile_errors_fail_and_warnings_show() {
    let _turn = take_turn();
    let dir = workbook("grader-build");
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

    // A passing solution with a warning: the warning shows.
    let e = Workbook::embedded().get(EX).unwrap();
    write_lib(
        &dir,
        EX,
        &e.solution()
            .replace("{\n    for", "{\n    let unused_here = 1;\n    for"),
    );
    let report = exercises::check_with(&dir, EX, &options(Duration::from_secs(60))).unwrap();
    assert_eq!(report.outcome, Outcome::Passed, "{report}");
    assert!(
        report.warnings.contains("unused variable: `unused_here`"),
        "{report}"
    );
    assert!(report.to_string().contains("warnings:"), "{report}");
}

#[test]
fn solution_opens_after_a_pass_status_follows_edits_resets_keep_backups() {
    let _turn = take_turn();
    let dir = workbook("grader-solution");
    assert_eq!(status_of(&dir, EX), Status::NotStarted);
    assert!(matches!(
        exercises::solution(&dir, EX),
        Err(Error::NotPassedYet(id)) if id == EX
    ));

    let e = Workbook::embedded().get(EX).unwrap();
    write_lib(&dir, EX, &e.solution());
    assert_eq!(status_of(&dir, EX), Status::InProgress);
    let report = exercises::check_with(&dir, EX, &options(Duration::from_secs(120))).unwrap();
    assert!(report.passed(), "{report}");
    assert_eq!(report.passed, 4);
    assert!(report.warnings.is_empty(), "{}", report.warnings);
    assert_eq!(status_of(&dir, EX), Status::Passed);
    assert_eq!(exercises::solution(&dir, EX).unwrap(), e.solution());

    // Edited after passing: no longer "passed" until checked again; the solution stays open.
    write_lib(&dir, EX, &format!("{}\n// tidying up\n", e.solution()));
    assert_eq!(status_of(&dir, EX), Status::InProgress);
    assert!(exercises::solution(&dir, EX).is_ok());

    // Two resets keep two versions; a learner's extra files are never removed.
    fs::write(dir.join(EX).join("src/notes.rs"), "// mine\n").unwrap();
    fs::write(
        dir.join(EX).join("tests/mine.rs"),
        "#[test]\nfn mine() {}\n",
    )
    .unwrap();
    let first = exercises::reset(&dir, EX).unwrap().unwrap();
    write_lib(&dir, EX, "// second attempt\n");
    let second = exercises::reset(&dir, EX).unwrap().unwrap();
    assert_ne!(first, second);
    assert!(
        fs::read_to_string(&first)
            .unwrap()
            .contains("// tidying up")
    );
    assert_eq!(fs::read_to_string(&second).unwrap(), "// second attempt\n");
    assert!(dir.join(EX).join("src/notes.rs").exists());
    assert!(dir.join(EX).join("tests/mine.rs").exists());
    assert_eq!(
        fs::read_to_string(dir.join(EX).join("src/lib.rs")).unwrap(),
        e.stub()
    );
    assert_eq!(status_of(&dir, EX), Status::NotStarted);
    // A reset of the stub saves nothing.
    assert_eq!(exercises::reset(&dir, EX).unwrap(), None);
}

#[test]
fn an_older_workbook_is_brought_up_to_date() {
    let _turn = take_turn();
    let dir = workbook("grader-older");
    // What wiretrail's first workbook looked like: thirteen exercises, no grading/, its
    // own root manifest and lock file, the old tests, no answer-key fingerprint.
    let book = Workbook::embedded();
    // (It had no 14 onwards; and this learner deleted 12.)
    for e in book
        .exercises()
        .iter()
        .filter(|e| e.number > 13 || e.number == 12)
    {
        fs::remove_dir_all(dir.join(e.id)).unwrap();
    }
    fs::remove_dir_all(dir.join("grading")).unwrap();
    fs::write(
        dir.join("Cargo.toml"),
        "# Written by `wiretrail exercises init`. One crate per exercise, in book order.\n[workspace]\nresolver = \"3\"\nmembers = [\n    \"01-accept-key\",\n]\n",
    )
    .unwrap();
    fs::write(
        dir.join("01-accept-key/tests/check.rs"),
        "// the old tests\n",
    )
    .unwrap();
    fs::write(
        dir.join(".wiretrail/state.txt"),
        "[01-accept-key]\nhints = 2\n",
    )
    .unwrap();
    write_lib(&dir, "01-accept-key", &book.get("01").unwrap().solution());

    let report = exercises::check_with(&dir, "01", &options(Duration::from_secs(120))).unwrap();
    assert!(report.passed(), "{report}");
    assert!(
        report.restored.is_empty(),
        "not the learner's edits: {:?}",
        report.restored
    );
    assert!(
        report
            .updated
            .iter()
            .any(|u| u.contains("12-ipv4-checksum")),
        "{:?}",
        report.updated
    );
    for e in book.exercises() {
        assert!(dir.join(e.id).join("src/lib.rs").is_file(), "{}", e.id);
    }
    assert_eq!(
        fs::read_to_string(dir.join("Cargo.toml")).unwrap(),
        book.root_manifest()
    );
    let hints = exercises::status(&dir).unwrap();
    assert_eq!(
        hints
            .iter()
            .find(|s| s.exercise.id == "01-accept-key")
            .unwrap()
            .hints_seen,
        2
    );
}

#[test]
fn hints_come_one_at_a_time_or_all_at_once() {
    let dir = workbook("grader-hints");
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
    // Another exercise's hints are counted apart; --all shows them all and counts them.
    assert_eq!(exercises::hint(&dir, "01").unwrap().number, 1);
    let every = exercises::hint_all(&dir, "02").unwrap();
    assert_eq!(
        every.len(),
        Workbook::embedded().get("02").unwrap().hints().len()
    );
    let seen = exercises::status(&dir).unwrap();
    let s = seen
        .iter()
        .find(|s| s.exercise.id == "02-frame-header")
        .unwrap();
    assert_eq!(s.hints_seen, every.len());
}

#[test]
fn init_locate_and_refusals() {
    let dir = workbook("grader-init");
    let book = Workbook::embedded();
    for e in book.exercises() {
        assert!(dir.join(e.id).join("src/lib.rs").is_file());
        assert!(dir.join(e.id).join("TASK.md").is_file());
        for hidden in ["solution", "wrong", "hints.toml"] {
            assert!(
                !dir.join(e.id).join(hidden).exists(),
                "{}: {hidden} stays embedded",
                e.id
            );
        }
    }
    let manifest = fs::read_to_string(dir.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("\"13-ncp-sockets\","), "{manifest}");
    assert!(manifest.contains("\"grading\","), "{manifest}");
    assert!(dir.join("Cargo.lock").is_file());
    assert!(dir.join("grading/src/lib.rs").is_file());
    assert!(dir.join(".wiretrail/state.txt").is_file());
    assert!(matches!(exercises::init(&dir), Err(Error::NotEmpty(_))));

    // From inside an exercise's folder, the workbook and the exercise are found.
    let found = exercises::locate(&dir.join("01-accept-key/src")).unwrap();
    assert_eq!(found.root, dir);
    assert_eq!(found.exercise.map(|e| e.id), Some("01-accept-key"));
    let found = exercises::locate(&dir).unwrap();
    assert!(found.exercise.is_none());

    let elsewhere = common::fresh_dir("grader-not-a-workbook");
    fs::create_dir_all(&elsewhere).unwrap();
    assert!(matches!(
        exercises::status(&elsewhere),
        Err(Error::NotAWorkbook(_))
    ));
    assert!(matches!(
        exercises::locate(&elsewhere),
        Err(Error::NotAWorkbook(_))
    ));
    assert!(matches!(
        exercises::hint(&dir, "99-nope"),
        Err(Error::UnknownExercise(_))
    ));
}
