//! What a grading run found, and how the terminal shows it.

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use crate::book::Workbook;
use crate::i18n::{Lang, Msg};

/// How a restored path that the answer key does not have (and was removed) ends, so the
/// report can say it in the reader's language.
pub(crate) const REMOVED: &str = " (not in the answer key; removed)";

/// How a grading run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Every test of the answer key passed.
    Passed,
    /// Some test failed: see the failures' diffs.
    Failed,
    /// The code does not compile.
    BuildFailed,
    /// A test ran past the time limit and was stopped.
    TimedOut,
    /// A Cargo setting outside the workbook would decide the result (see `refusal`).
    Refused,
}

impl Outcome {
    /// Every outcome, in the order a report's reader meets them.
    pub const ALL: [Outcome; 5] = [
        Outcome::Passed,
        Outcome::Failed,
        Outcome::BuildFailed,
        Outcome::TimedOut,
        Outcome::Refused,
    ];
}

/// How one test of the answer key ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TestOutcome {
    /// libtest said ok, and the dump the grader received is the answer key.
    Passed,
    /// It failed, crashed, or said ok without producing the answer key's dump.
    Failed,
    /// It was running when the time limit struck.
    TimedOut,
    /// The time limit struck before it started.
    NotRun,
}

/// One test of the answer key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestResult {
    /// The test function's name.
    pub name: String,
    /// How it ended.
    pub outcome: TestOutcome,
    /// What it printed (insta's diff), cleaned; empty when it passed.
    pub output: String,
}

/// One failing test and what it printed (insta's diff included).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestFailure {
    /// The test function's name.
    pub name: String,
    /// Its captured output, cleaned up.
    pub output: String,
}

/// The learner's own tests (unit tests in `src/`, extra files under `tests/`): run after
/// the answer key's, reported apart, never part of the verdict.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OwnTests {
    /// Tests that passed.
    pub passed: usize,
    /// The names of those that failed.
    pub failed: Vec<String>,
    /// Their failures' output, or the compiler's errors when they do not compile.
    pub output: String,
    /// Whether they compiled.
    pub built: bool,
}

/// The result of grading one exercise.
#[derive(Debug, Clone)]
pub struct Report {
    /// The exercise id, e.g. `01-accept-key`.
    pub id: String,
    /// Its title.
    pub title: String,
    /// How the run ended.
    pub outcome: Outcome,
    /// Every test of the answer key, in the order `tests/check.rs` defines them.
    pub tests: Vec<TestResult>,
    /// Tests that passed.
    pub passed: usize,
    /// Tests that failed or were stopped.
    pub failed: usize,
    /// Tests the time limit kept from running.
    pub not_run: usize,
    /// Each failing (or stopped) test with its diff, in source order.
    pub failures: Vec<TestFailure>,
    /// Grader files in the learner's tree that had been edited (or added) and were put back
    /// before the run, relative to the workbook.
    pub restored: Vec<String>,
    /// The exercises a newer wiretrail brought to an older workbook before the run, by id.
    pub updated: Vec<String>,
    /// Where the replaced files were saved.
    pub backup: Option<PathBuf>,
    /// Files in the learner's tree the grader does not read (a `build.rs`, a
    /// `.cargo/config.toml`, an `insta.yaml`, …).
    pub ignored: Vec<String>,
    /// Why the grader refused to build (with [`Outcome::Refused`]).
    pub refusal: String,
    /// The compiler's errors, when the build failed.
    pub build_output: String,
    /// The compiler's warnings, when it built.
    pub warnings: String,
    /// The learner's own tests, if there are any.
    pub own_tests: Option<OwnTests>,
    /// Tests still running when the time limit struck.
    pub unfinished: Vec<String>,
    /// The limit that applied to the tests.
    pub time_limit: Duration,
    /// How long the whole check took.
    pub elapsed: Duration,
}

impl Report {
    pub(crate) fn new(id: &str, title: &str, time_limit: Duration) -> Report {
        Report {
            id: id.to_owned(),
            title: title.to_owned(),
            outcome: Outcome::Failed,
            tests: Vec::new(),
            passed: 0,
            failed: 0,
            not_run: 0,
            failures: Vec::new(),
            restored: Vec::new(),
            updated: Vec::new(),
            backup: None,
            ignored: Vec::new(),
            refusal: String::new(),
            build_output: String::new(),
            warnings: String::new(),
            own_tests: None,
            unfinished: Vec::new(),
            time_limit,
            elapsed: Duration::ZERO,
        }
    }

    /// Whether the exercise passed.
    pub fn passed(&self) -> bool {
        self.outcome == Outcome::Passed
    }

    /// The total of the answer key's tests.
    pub fn total(&self) -> usize {
        self.tests.len()
    }

    /// Counts the tests and collects the failures, once every test has a result.
    pub(crate) fn tally(&mut self) {
        let count = |o: TestOutcome| self.tests.iter().filter(|t| t.outcome == o).count();
        self.passed = count(TestOutcome::Passed);
        self.failed = count(TestOutcome::Failed) + count(TestOutcome::TimedOut);
        self.not_run = count(TestOutcome::NotRun);
        self.unfinished = self
            .tests
            .iter()
            .filter(|t| t.outcome == TestOutcome::TimedOut)
            .map(|t| t.name.clone())
            .collect();
        self.failures = self
            .tests
            .iter()
            .filter(|t| matches!(t.outcome, TestOutcome::Failed | TestOutcome::TimedOut))
            .map(|t| TestFailure {
                name: t.name.clone(),
                output: t.output.clone(),
            })
            .collect();
        self.outcome = if !self.unfinished.is_empty() {
            Outcome::TimedOut
        } else if self.failed == 0 && self.not_run == 0 && self.passed > 0 {
            Outcome::Passed
        } else {
            Outcome::Failed
        };
    }
}

impl fmt::Display for Report {
    /// The report in English (see [`Report::render`]).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write(f, Lang::En)
    }
}

impl Report {
    /// The report as the terminal shows it, in `lang`: the verdict and everything around
    /// the diffs translated, the diffs and the compiler's output as they were printed.
    pub fn render(&self, lang: Lang) -> String {
        struct In<'a>(&'a Report, Lang);
        impl fmt::Display for In<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.write(f, self.1)
            }
        }
        In(self, lang).to_string()
    }

    fn write(&self, f: &mut fmt::Formatter<'_>, lang: Lang) -> fmt::Result {
        let say = |m: Msg<'_>| m.text(lang);
        let exercise = Workbook::embedded()
            .get(&self.id)
            .filter(|e| e.id == self.id);
        let title = exercise.map_or_else(|| self.title.clone(), |e| e.title_in(lang));
        writeln!(f, "{} — {title}", self.id)?;
        for id in &self.updated {
            let title = Workbook::embedded()
                .get(id)
                .map_or_else(String::new, |e| e.title_in(lang));
            writeln!(f, "\n{}", say(Msg::NewExercise { id, title: &title }))?;
        }
        if !self.restored.is_empty() {
            writeln!(f, "\n{}", say(Msg::KeyRestored))?;
            for path in &self.restored {
                match path.strip_suffix(REMOVED) {
                    Some(path) => writeln!(f, "    {}", say(Msg::RemovedFromKey { path }))?,
                    None => writeln!(f, "    {path}")?,
                }
            }
            if let Some(backup) = &self.backup {
                let path = backup.display().to_string();
                writeln!(f, "  {}", say(Msg::KeptIn { path: &path }))?;
            }
            writeln!(f, "  {}", say(Msg::EditOnlySrc))?;
        }
        if !self.ignored.is_empty() {
            let files = self.ignored.join(", ");
            writeln!(f, "\n{}", say(Msg::Ignored { files: &files }))?;
        }
        if !self.warnings.is_empty() {
            writeln!(f, "\n{}\n{}", say(Msg::Warnings), self.warnings)?;
        }
        let total = self.total();
        let verdict = say(Msg::Verdict(self.outcome));
        match self.outcome {
            Outcome::Passed => {
                writeln!(f, "\n{verdict} {}", say(Msg::AllPass { total }))?;
                writeln!(f, "{}", say(Msg::CompareWithReference { id: &self.id }))?;
            }
            Outcome::Refused => {
                writeln!(f, "\n{verdict} {}", self.refusal)?;
                writeln!(f, "{}", say(Msg::SettingCouldReplace))?;
            }
            Outcome::BuildFailed => {
                writeln!(f, "\n{verdict}\n\n{}", self.build_output)?;
            }
            Outcome::Failed | Outcome::TimedOut => {
                for failure in &self.failures {
                    writeln!(f, "\n──── {} ────\n{}", failure.name, failure.output)?;
                }
                if self.outcome == Outcome::TimedOut {
                    let secs = self.time_limit.as_secs_f32();
                    writeln!(f, "\n{verdict} {}", say(Msg::RanPastLimit { secs }))?;
                    if !self.unfinished.is_empty() {
                        let names = self.unfinished.join(", ");
                        writeln!(f, "{}", say(Msg::StillRunning { names: &names }))?;
                    }
                }
                let counts = say(Msg::Counts {
                    passed: self.passed,
                    total,
                    stopped: self.unfinished.len(),
                    not_run: self.not_run,
                });
                writeln!(f, "\n{} {counts}.", say(Msg::Verdict(Outcome::Failed)))?;
                if self
                    .failures
                    .iter()
                    .any(|x| x.output.contains("-old snapshot"))
                {
                    writeln!(f, "{}", say(Msg::DiffLegend))?;
                }
                writeln!(f, "{}", say(Msg::Stuck { id: &self.id }))?;
            }
        }
        if let Some(own) = &self.own_tests {
            if !own.built {
                writeln!(f, "\n{}\n{}", say(Msg::OwnTestsDoNotCompile), own.output)?;
            } else if own.failed.is_empty() {
                writeln!(f, "\n{}", say(Msg::OwnTestsPass { passed: own.passed }))?;
            } else {
                let names = own.failed.join(", ");
                let line = say(Msg::OwnTestsFail {
                    passed: own.passed,
                    failed: own.failed.len(),
                    names: &names,
                });
                writeln!(f, "\n{line}\n{}", own.output)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(outcome: Outcome) -> Report {
        let mut r = Report::new(
            "01-accept-key",
            "Compute Sec-WebSocket-Accept",
            Duration::from_secs(2),
        );
        r.tests = vec![
            TestResult {
                name: "rfc_example".into(),
                outcome: TestOutcome::Passed,
                output: String::new(),
            },
            TestResult {
                name: "steps".into(),
                outcome: TestOutcome::Failed,
                output: "-old snapshot\n+new results\n    1       │-key\n          1 │+yours"
                    .into(),
            },
        ];
        r.tally();
        r.outcome = outcome;
        r.restored = vec![
            "01-accept-key/tests/check.rs".into(),
            format!("01-accept-key/tests/snapshots/check__x.snap{REMOVED}"),
        ];
        r.backup = Some(PathBuf::from("/w/.wiretrail/backup/1-check-01"));
        r.updated = vec!["19-hpack-dynamic-table".into()];
        r.ignored = vec!["build.rs".into()];
        r.refusal = "`[patch]` replaces dependencies".into();
        r.build_output = "error[E0308]: mismatched types".into();
        r.own_tests = Some(OwnTests {
            passed: 1,
            failed: vec!["mine".into()],
            output: "assertion failed".into(),
            built: true,
        });
        r
    }

    #[test]
    fn the_english_report_reads_as_before() {
        let text = report(Outcome::Failed).to_string();
        for line in [
            "01-accept-key — Compute Sec-WebSocket-Accept",
            "* wiretrail brought this workbook up to date: new exercise 19-hpack-dynamic-table — ",
            "! the answer key was changed; restored:",
            "    01-accept-key/tests/snapshots/check__x.snap (not in the answer key; removed)",
            "  Your versions are kept in /w/.wiretrail/backup/1-check-01.",
            "──── steps ────",
            "FAILED: 1 of 2 tests pass.",
            "In the diffs, `-` lines are the answer key",
            "Stuck? `wiretrail exercises hint 01-accept-key`",
            "Your own tests: 1 pass, 1 fail (mine); they do not change the verdict.",
        ] {
            assert!(text.contains(line), "{line:?} not in\n{text}");
        }
    }

    #[test]
    fn every_outcome_in_korean_keeps_the_data() {
        let hangul = |s: &str| s.chars().any(|c| ('가'..='힣').contains(&c));
        for outcome in [
            Outcome::Passed,
            Outcome::Failed,
            Outcome::BuildFailed,
            Outcome::TimedOut,
            Outcome::Refused,
        ] {
            let r = report(outcome);
            let ko = r.render(Lang::Ko);
            assert!(ko.contains(&Msg::Verdict(outcome).text(Lang::Ko)), "{ko}");
            assert!(!ko.contains(&Msg::Verdict(outcome).text(Lang::En)), "{ko}");
            // No line of the frame is left in English: every line is Korean, or data.
            for line in ko.lines() {
                let data = line.is_empty()
                    || line.starts_with("    ")
                    || line.starts_with("──── ")
                    || line.starts_with("-old")
                    || line.starts_with("+new")
                    || line.starts_with("01-accept-key — ")
                    || line.starts_with("error[")
                    || line == "assertion failed";
                assert!(
                    data || hangul(line),
                    "{outcome:?}: English left in {line:?}"
                );
            }
            match outcome {
                Outcome::Failed | Outcome::TimedOut => {
                    assert!(ko.contains("│-key") && ko.contains("│+yours"), "{ko}");
                }
                Outcome::BuildFailed => assert!(ko.contains("error[E0308]"), "{ko}"),
                Outcome::Refused => assert!(ko.contains("`[patch]`"), "{ko}"),
                Outcome::Passed => {
                    assert!(ko.contains("`wiretrail exercises solution 01-accept-key`"))
                }
            }
        }
        let ko = report(Outcome::Failed).render(Lang::Ko);
        assert!(ko.contains("실패: 테스트 2개 중 1개 통과."), "{ko}");
        assert!(ko.contains("(정답 키에 없는 파일이라 지웠어요)"), "{ko}");
    }
}
