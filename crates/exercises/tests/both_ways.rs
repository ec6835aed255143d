//! Every exercise, every way: the stub compiles without warnings and FAILS its tests; the
//! reference solution PASSES the grader (every test of the answer key, each dump checked,
//! no warning); every wrong solution kept beside it (`wrong/*.rs`) compiles without warnings
//! and FAILS. So an exercise that passes unsolved, an answer key the solution does not meet,
//! or one that a plausible mistake gets through, cannot land.
//!
//! The stubs and the wrong solutions go through one `cargo test --workspace --no-fail-fast
//! --locked` each round, as a learner's own `cargo test` would run them, in a workbook
//! written by `init`, sharing one build directory (`target/exercises-check/`) so reruns only
//! rebuild the exercise crates. The solutions go through the grader itself.
//!
//! Both languages: a grading run never asks for one (the answer keys are data), so each
//! report the grader returns is rendered in English and in Korean (`--lang ko`) from the
//! same build — the verdict and the counts must agree, and the Korean must be Korean. One
//! wrong solution also goes through the grader (not only through cargo), so a failing
//! report is checked in both languages too.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::fs;
use std::path::Path;
use std::process::{Command, Output};
use std::time::Duration;

use exercises::{Exercise, Lang, Msg, Outcome, Report, Workbook};

/// `cargo test --workspace --no-fail-fast --locked` in check mode, warnings denied.
fn cargo_test(dir: &Path) -> Output {
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
        .env("RUST_BACKTRACE", "0")
        .env("CARGO_TERM_COLOR", "never")
        .output()
        .unwrap()
}

/// Whether cargo reported `e`'s grading tests as failing.
fn failed(stderr: &str, e: &Exercise) -> bool {
    stderr.contains(&format!("-p {} --test check`", e.package))
}

/// The report in both languages from one grading run: each names the same verdict and the
/// same counts in its own words, and the Korean holds Korean and not the English verdict.
fn both_languages(report: &Report) {
    let (en, ko) = (report.render(Lang::En), report.render(Lang::Ko));
    assert_eq!(en, report.to_string());
    let verdict = |lang| Msg::Verdict(report.outcome).text(lang);
    assert!(en.contains(&verdict(Lang::En)), "{en}");
    assert!(ko.contains(&verdict(Lang::Ko)), "{ko}");
    assert!(
        !ko.contains(&verdict(Lang::En)),
        "English verdict in Korean:\n{ko}"
    );
    let known = if report.passed() { "통과" } else { "실패" };
    assert!(ko.contains(known), "{ko}");
    if report.outcome == Outcome::Failed {
        let counts = |lang| {
            Msg::Counts {
                passed: report.passed,
                total: report.total(),
                stopped: report.unfinished.len(),
                not_run: report.not_run,
            }
            .text(lang)
        };
        assert!(
            en.contains(&counts(Lang::En)) && ko.contains(&counts(Lang::Ko)),
            "{ko}"
        );
    }
    // What the tests printed (the diffs) is data: the same lines in both.
    for failure in &report.failures {
        assert!(
            ko.contains(failure.output.trim()),
            "{}: the diff differs",
            failure.name
        );
    }
}

/// Runs a round in which `code(e)` is each exercise's `src/lib.rs`, and checks that the
/// exercises in `must_fail` (and only they) fail, all compiling cleanly.
fn plain_round(dir: &Path, what: &str, code: impl Fn(&Exercise) -> String, must_fail: &[&str]) {
    let book = Workbook::embedded();
    for e in book.exercises() {
        fs::write(dir.join(e.id).join("src/lib.rs"), code(e)).unwrap();
    }
    let out = cargo_test(dir);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("error: could not compile") && !stderr.contains("warning:"),
        "{what}: does not compile cleanly with -D warnings:\n{stderr}"
    );
    for e in book.exercises() {
        let should = must_fail.contains(&e.id);
        assert_eq!(
            failed(&stderr, e),
            should,
            "{what}: {} {}:\n{stderr}",
            e.id,
            if should { "passes" } else { "fails" }
        );
    }
}

#[test]
fn every_exercise_every_way() {
    let _turn = common::take_turn();
    let book = Workbook::embedded();
    let dir = common::workbook("both-ways");
    let all: Vec<&str> = book.exercises().iter().map(|e| e.id).collect();

    // 1. The stubs: each compiles with -D warnings (a compile error would fail every
    //    package at once, before any test runs) and fails.
    plain_round(&dir, "the stubs", |e| e.stub().to_owned(), &all);

    // 2. The reference solutions pass the grader, without a warning.
    for e in book.exercises() {
        fs::write(dir.join(e.id).join("src/lib.rs"), e.solution()).unwrap();
        let report =
            exercises::check_with(&dir, e.id, &common::options(Duration::from_secs(120))).unwrap();
        assert!(report.passed(), "the reference solution fails:\n{report}");
        assert_eq!(report.passed, e.tests().len(), "{report}");
        assert!(report.warnings.is_empty(), "{report}");
        assert!(report.restored.is_empty(), "{report}");
        both_languages(&report);
    }

    // 2b. One wrong solution through the grader too: it fails, in both languages alike.
    if let Some((e, wrong)) = book
        .exercises()
        .iter()
        .find_map(|e| e.wrong_solutions().next().map(|w| (e, w)))
    {
        fs::write(dir.join(e.id).join("src/lib.rs"), e.wrong_solution(wrong)).unwrap();
        let report =
            exercises::check_with(&dir, e.id, &common::options(Duration::from_secs(120))).unwrap();
        assert_eq!(
            report.outcome,
            Outcome::Failed,
            "{} passes:\n{report}",
            wrong.path
        );
        assert!(report.failed > 0, "{report}");
        both_languages(&report);
        fs::write(dir.join(e.id).join("src/lib.rs"), e.solution()).unwrap();
    }

    // 3. The wrong solutions, one round for the first of each exercise's, one for the
    //    second, ...: each fails; the others run their reference solution and pass.
    // (A wrong solution holds only its mistaken items, put on top of the reference.)
    let rounds = book
        .exercises()
        .iter()
        .map(|e| e.wrong_solutions().count())
        .max()
        .unwrap_or(0);
    for round in 0..rounds {
        let wrong = |e: &Exercise| e.wrong_solutions().nth(round).map(|w| e.wrong_solution(w));
        let must_fail: Vec<&str> = book
            .exercises()
            .iter()
            .filter(|e| wrong(e).is_some())
            .map(|e| e.id)
            .collect();
        plain_round(
            &dir,
            &format!("wrong solutions, round {}", round + 1),
            |e| wrong(e).unwrap_or_else(|| e.solution()),
            &must_fail,
        );
    }
}
