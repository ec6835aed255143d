//! The grader: one exercise, built and tested in the learner's workspace, under a time limit,
//! with the answer key protected.
//!
//! Walk-through of [`check_with`]:
//!
//! 1. **Restore the answer key.** `tests/`, the snapshots and the exercise's `Cargo.toml`
//!    are compared with the embedded copies and rewritten if they differ; the report lists
//!    them ("the answer key was changed; restored").
//! 2. **Build** with `cargo test -p PKG --no-run --message-format=json-render-diagnostics`:
//!    compiler errors go to stderr as usual text, and the JSON on stdout names the test
//!    executables. The build directory is shared (`.wiretrail/target`), so insta and the
//!    other dependencies compile once for all exercises.
//! 3. **Run** each test executable directly, not through cargo, so that killing it at the
//!    time limit kills the test threads too (a `loop {}` in the learner's code spins inside
//!    the test binary; killing cargo would leave it running).
//! 4. **Read libtest's output**: `test NAME ... ok|FAILED` lines, and the captured output of
//!    each failing test between `---- NAME stdout ----` and the next section; that captured
//!    output holds insta's diff.
//!
//! insta runs in check mode: `INSTA_UPDATE=no` (never write a snapshot), `CI=true`,
//! `INSTA_FORCE_PASS=0` (overrides an `insta.yaml` that would force passes),
//! `INSTA_WORKSPACE_ROOT` (no `cargo metadata` per test binary), and `INSTA_PENDING_DIR`
//! pointing outside the learner's tree: should a pending snapshot be written anyway, the
//! grader collects and deletes it.
//!
//! Reading what cargo and libtest print (steps 2 and 4) is `output.rs`.

use std::fmt;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::thread;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

mod output;

use output::{compiler_errors, executables, parse_libtest};

use crate::book::Exercise;
use crate::error::Error;
use crate::state::{STATE_DIR, State};
use crate::workspace::{
    ensure_workbook, exercise, list_files, restore_answer_key, source_fingerprint,
};

/// How a grading run is limited and where it builds.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// How long the tests may run (the build not included). Default 120 s.
    pub time_limit: Duration,
    /// How long the build may take (the first one compiles insta). Default 10 min.
    pub build_time_limit: Duration,
    /// The build directory; default `DIR/.wiretrail/target`.
    pub target_dir: Option<PathBuf>,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            time_limit: Duration::from_secs(120),
            build_time_limit: Duration::from_secs(600),
            target_dir: None,
        }
    }
}

/// How a grading run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Every test passed (and there was at least one).
    Passed,
    /// Some test failed: see the failures' diffs.
    Failed,
    /// The code does not compile.
    BuildFailed,
    /// The tests ran past the time limit and were stopped.
    TimedOut,
}

/// One failing test and what it printed (insta's diff included).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestFailure {
    /// The test function's name.
    pub name: String,
    /// Its captured output, cleaned up.
    pub output: String,
}

/// A pending snapshot a run left behind, collected and then deleted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingSnapshot {
    /// Where it was written.
    pub path: PathBuf,
    /// Its contents.
    pub contents: String,
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
    /// Tests that passed.
    pub passed: usize,
    /// Tests that failed.
    pub failed: usize,
    /// Each failing test with its diff.
    pub failures: Vec<TestFailure>,
    /// Answer-key files that had been edited (or added) and were restored before the run.
    pub restored: Vec<String>,
    /// Pending snapshots the run left, collected and deleted.
    pub pending: Vec<PendingSnapshot>,
    /// The compiler's errors, when the build failed.
    pub build_output: String,
    /// Tests still running when the time limit struck.
    pub unfinished: Vec<String>,
    /// The limit that applied to the tests.
    pub time_limit: Duration,
    /// How long the whole check took.
    pub elapsed: Duration,
}

impl Report {
    /// Whether the exercise passed.
    pub fn passed(&self) -> bool {
        self.outcome == Outcome::Passed
    }
}

/// Grades exercise `id` in the workbook at `dir` with the default limits.
pub fn check(dir: &Path, id: &str) -> Result<Report, Error> {
    check_with(dir, id, &CheckOptions::default())
}

/// Grades exercise `id` in the workbook at `dir`.
pub fn check_with(dir: &Path, id: &str, options: &CheckOptions) -> Result<Report, Error> {
    let started = Instant::now();
    ensure_workbook(dir)?;
    let dir = std::path::absolute(dir).map_err(Error::io(dir))?;
    let e = exercise(id)?;
    let restored = restore_answer_key(&dir, e)?;
    let target = options
        .target_dir
        .clone()
        .unwrap_or_else(|| dir.join(STATE_DIR).join("target"));
    let pending_dir = std::env::temp_dir().join(format!(
        "wiretrail-pending-{}-{}",
        std::process::id(),
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos())
    ));

    let mut report = Report {
        id: e.id.to_owned(),
        title: e.title.clone(),
        outcome: Outcome::Failed,
        passed: 0,
        failed: 0,
        failures: Vec::new(),
        restored,
        pending: Vec::new(),
        build_output: String::new(),
        unfinished: Vec::new(),
        time_limit: options.time_limit,
        elapsed: Duration::ZERO,
    };

    let mut build = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    build.current_dir(&dir).args([
        "test",
        "-p",
        &e.package,
        "--no-run",
        "--message-format=json-render-diagnostics",
    ]);
    check_mode(&mut build, &dir, &target, &pending_dir);
    let built = run_with_limit(build, options.build_time_limit).map_err(Error::Cargo)?;
    if !built.status.is_some_and(|s| s.success()) {
        report.outcome = Outcome::BuildFailed;
        report.build_output = if built.status.is_none() {
            format!(
                "the build ran past {} s and was stopped",
                options.build_time_limit.as_secs()
            )
        } else {
            compiler_errors(&built.stderr)
        };
    } else {
        let deadline = Instant::now() + options.time_limit;
        let mut finished = Vec::new();
        for exe in executables(&built.stdout) {
            let left = deadline.saturating_duration_since(Instant::now());
            let mut run = Command::new(&exe);
            run.current_dir(dir.join(e.id)).arg("--color=never");
            check_mode(&mut run, &dir, &target, &pending_dir);
            let ran = run_with_limit(run, left).map_err(Error::Cargo)?;
            let parsed = parse_libtest(&ran.stdout);
            report.passed += parsed.passed.len();
            report.failed += parsed.failed.len();
            report.failures.extend(parsed.failures);
            finished.extend(parsed.passed);
            finished.extend(parsed.failed);
            if ran.status.is_none() {
                report.outcome = Outcome::TimedOut;
                report.unfinished = list_tests(&exe, &dir.join(e.id))
                    .into_iter()
                    .filter(|t| !finished.contains(t))
                    .collect();
                break;
            }
            // A test binary that failed without reporting a failure (a crash, an abort):
            // count it, so that it cannot pass.
            if !ran.status.is_some_and(|s| s.success()) && parsed.summary_failed == 0 {
                report.failed += 1;
                report.failures.push(TestFailure {
                    name: "(the test binary itself)".into(),
                    output: format!("{}{}", ran.stdout, ran.stderr).trim().to_owned(),
                });
            }
        }
        if report.outcome != Outcome::TimedOut {
            report.outcome = if report.failed == 0 && report.passed > 0 {
                Outcome::Passed
            } else {
                Outcome::Failed
            };
        }
    }

    report.pending = collect_pending(&pending_dir, &dir.join(e.id));
    record(&dir, e, report.passed())?;
    report.elapsed = started.elapsed();
    Ok(report)
}

/// The environment of every grading command: insta in check mode, no colours, the shared
/// build directory.
fn check_mode(cmd: &mut Command, dir: &Path, target: &Path, pending: &Path) {
    for var in [
        "INSTA_FORCE_UPDATE",
        "INSTA_FORCE_UPDATE_SNAPSHOTS",
        "INSTA_GLOB_FILTER",
        "INSTA_SNAPSHOT_REFERENCES_FILE",
        "INSTA_DIFF_TOOL",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("CARGO_TARGET_DIR", target)
        .env("INSTA_UPDATE", "no")
        .env("INSTA_FORCE_PASS", "0")
        .env("INSTA_REQUIRE_FULL_MATCH", "0")
        .env("INSTA_OUTPUT", "diff")
        .env("INSTA_WORKSPACE_ROOT", dir)
        .env("INSTA_PENDING_DIR", pending)
        .env("CI", "true")
        .env("RUST_BACKTRACE", "0")
        .env("CARGO_TERM_COLOR", "never")
        .env("CLICOLOR", "0")
        .env("NO_COLOR", "1");
}

/// What a finished (or stopped) child printed.
struct Ran {
    /// `None`: stopped at the time limit.
    status: Option<ExitStatus>,
    stdout: String,
    stderr: String,
}

/// Runs `cmd`, killing it when `limit` passes.
fn run_with_limit(mut cmd: Command, limit: Duration) -> std::io::Result<Ran> {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn()?;
    let readers = [
        child
            .stdout
            .take()
            .map(|s| Box::new(s) as Box<dyn Read + Send>),
        child
            .stderr
            .take()
            .map(|s| Box::new(s) as Box<dyn Read + Send>),
    ]
    .map(|pipe| {
        thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            String::from_utf8_lossy(&bytes).into_owned()
        })
    });
    let deadline = Instant::now() + limit;
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break Some(status);
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        thread::sleep(Duration::from_millis(20));
    };
    let [stdout, stderr] = readers.map(|r| r.join().unwrap_or_default());
    Ok(Ran {
        status,
        stdout,
        stderr,
    })
}

/// The names of all tests in a test executable (`--list --format terse`).
fn list_tests(exe: &Path, cwd: &Path) -> Vec<String> {
    let mut cmd = Command::new(exe);
    cmd.current_dir(cwd).args(["--list", "--format", "terse"]);
    run_with_limit(cmd, Duration::from_secs(10))
        .map(|ran| {
            ran.stdout
                .lines()
                .filter_map(|l| l.strip_suffix(": test"))
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// Collects and deletes pending snapshots: the pending folder, and any `.snap.new` or
/// `.pending-snap` that still landed in the exercise's tree.
fn collect_pending(pending_dir: &Path, exercise_dir: &Path) -> Vec<PendingSnapshot> {
    let mut files = Vec::new();
    list_files(pending_dir, &mut files);
    let mut in_tree = Vec::new();
    list_files(exercise_dir, &mut in_tree);
    files.extend(in_tree.into_iter().filter(|p| {
        let name = p.to_string_lossy();
        name.ends_with(".snap.new") || name.ends_with(".pending-snap")
    }));
    let found = files
        .into_iter()
        .map(|path| {
            let contents = fs::read_to_string(&path).unwrap_or_default();
            let _ = fs::remove_file(&path);
            PendingSnapshot { path, contents }
        })
        .collect();
    let _ = fs::remove_dir_all(pending_dir);
    found
}

/// Remembers the run in `.wiretrail/state.txt`.
fn record(dir: &Path, e: &Exercise, passed: bool) -> Result<(), Error> {
    let mut state = State::load(dir);
    let record = state.record(e.id);
    record.last = Some(passed);
    record.source = source_fingerprint(dir, e);
    record.passed_once |= passed;
    state.save(dir)
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} — {}", self.id, self.title)?;
        if !self.restored.is_empty() {
            writeln!(f, "\n! the answer key was changed; restored:")?;
            for path in &self.restored {
                writeln!(f, "    {path}")?;
            }
            writeln!(
                f,
                "  Edit only src/lib.rs: the tests and snapshots belong to the grader."
            )?;
        }
        let total = self.passed + self.failed;
        match self.outcome {
            Outcome::Passed => {
                writeln!(f, "\nPASSED: all {total} tests pass.")?;
                writeln!(
                    f,
                    "Compare with the reference: `wiretrail exercises solution {}`",
                    self.id
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
                writeln!(f, "\nFAILED: {} of {total} tests pass.", self.passed)?;
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
        for p in &self.pending {
            writeln!(
                f,
                "\n(a pending snapshot was written and removed: {})",
                p.path.display()
            )?;
        }
        Ok(())
    }
}
