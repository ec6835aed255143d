//! What a grading run found, and how the terminal shows it.

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

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
    /// What a newer wiretrail brought to an older workbook before the run.
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
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} — {}", self.id, self.title)?;
        for line in &self.updated {
            writeln!(f, "\n* wiretrail brought this workbook up to date: {line}")?;
        }
        if !self.restored.is_empty() {
            writeln!(f, "\n! the answer key was changed; restored:")?;
            for path in &self.restored {
                writeln!(f, "    {path}")?;
            }
            if let Some(backup) = &self.backup {
                writeln!(f, "  Your versions are kept in {}.", backup.display())?;
            }
            writeln!(
                f,
                "  Edit only src/: the tests, the snapshots and the manifests belong to the grader."
            )?;
        }
        if !self.ignored.is_empty() {
            writeln!(
                f,
                "\n! ignored (the grader builds only src/ and the tests): {}",
                self.ignored.join(", ")
            )?;
        }
        if !self.warnings.is_empty() {
            writeln!(f, "\nwarnings:\n{}", self.warnings)?;
        }
        let total = self.total();
        match self.outcome {
            Outcome::Passed => {
                writeln!(f, "\nPASSED: all {total} tests pass.")?;
                writeln!(
                    f,
                    "Compare with the reference: `wiretrail exercises solution {}`",
                    self.id
                )?;
            }
            Outcome::Refused => {
                writeln!(f, "\nNOT GRADED: {}", self.refusal)?;
                writeln!(
                    f,
                    "That setting could replace the code that is built, so no result would mean anything. Remove it (or move it aside) and check again."
                )?;
            }
            Outcome::BuildFailed => {
                writeln!(f, "\nDOES NOT COMPILE:\n\n{}", self.build_output)?;
            }
            Outcome::Failed | Outcome::TimedOut => {
                for failure in &self.failures {
                    writeln!(f, "\n──── {} ────\n{}", failure.name, failure.output)?;
                }
                if self.outcome == Outcome::TimedOut {
                    writeln!(
                        f,
                        "\nTIME LIMIT EXCEEDED: the tests ran past {} s and were stopped. Is there an infinite loop?",
                        self.time_limit.as_secs_f32()
                    )?;
                    if !self.unfinished.is_empty() {
                        writeln!(f, "Still running: {}", self.unfinished.join(", "))?;
                    }
                }
                let mut counts = format!("{} of {total} tests pass", self.passed);
                if !self.unfinished.is_empty() {
                    counts.push_str(&format!(", {} stopped", self.unfinished.len()));
                }
                if self.not_run > 0 {
                    counts.push_str(&format!(", {} not run", self.not_run));
                }
                writeln!(f, "\nFAILED: {counts}.")?;
                if self
                    .failures
                    .iter()
                    .any(|x| x.output.contains("-old snapshot"))
                {
                    writeln!(
                        f,
                        "In the diffs, `-` lines are the answer key (what the protocol requires) and `+` lines what your code produced."
                    )?;
                }
                writeln!(f, "Stuck? `wiretrail exercises hint {}`", self.id)?;
            }
        }
        if let Some(own) = &self.own_tests {
            if !own.built {
                writeln!(
                    f,
                    "\nYour own tests do not compile (this does not change the verdict):\n{}",
                    own.output
                )?;
            } else if own.failed.is_empty() {
                writeln!(f, "\nYour own tests: {} pass.", own.passed)?;
            } else {
                writeln!(
                    f,
                    "\nYour own tests: {} pass, {} fail ({}); they do not change the verdict.\n{}",
                    own.passed,
                    own.failed.len(),
                    own.failed.join(", "),
                    own.output
                )?;
            }
        }
        Ok(())
    }
}
