//! The grader: one exercise, built from the learner's `src/` and nothing else of theirs,
//! each test of the answer key run on its own under a time limit, and each result checked
//! against the answer key by the grader itself.
//!
//! Walk-through of [`check_with`]:
//!
//! 1. **Put the grader's files back** in the learner's tree (`workspace::sync`): the root
//!    manifest, the lock file, `grading/`, the exercise's `Cargo.toml`, tests and
//!    snapshots, each replaced file saved first. The report lists what the learner had
//!    changed. This keeps a plain `cargo test` honest; the grade does not depend on it.
//! 2. **Refuse a Cargo setting that would decide the result** (`config`): a `[patch]`,
//!    `paths` or source replacement in a configuration file the grader's cargo reads.
//! 3. **Write the grading workspace** (`sandbox`): `.wiretrail/grade/`, everything from the
//!    binary but the learner's `src/` and their own test files.
//! 4. **Build** it with the grader's cargo (`cargo`): started outside the workbook so the
//!    workbook's `.cargo/` is never read, `--locked`, `--offline` while the cache allows, in
//!    an environment that empties `RUSTFLAGS`-like settings and wrappers. Compiler errors
//!    fail the check; warnings are shown.
//! 5. **List the tests** of the answer key's binary (`--list`) and run each one alone
//!    (`NAME --exact`), in source order, under one time limit (`libtest`). A test passes
//!    only if libtest says ok *and* the dump it handed the grader (`WIRETRAIL_RECEIPTS`,
//!    written by `grading::snapshot!`) is the answer key's snapshot: printing "ok" and
//!    exiting, telling insta to pass, or rewriting a snapshot at run time all fail.
//! 6. **Run the learner's own tests**, if any, and report them apart.
//!
//! insta runs in check mode: `INSTA_UPDATE=no`, `CI=true`, `INSTA_FORCE_PASS=0`, and
//! `INSTA_WORKSPACE_ROOT` and `INSTA_PENDING_DIR` inside the grader's own folders.

mod cargo;
pub mod config;
mod libtest;
mod report;
mod sandbox;

use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

pub(crate) use report::REMOVED;
pub use report::{Outcome, OwnTests, Report, TestFailure, TestOutcome, TestResult};

use crate::book::{Exercise, Workbook, normalise};
use crate::error::Error;
use crate::state::{STATE_DIR, State};
use crate::workspace::{ensure_workbook, exercise, source_fingerprint, sync};
use cargo::{Cargo, compiler_output, executables};

/// Where a test hands its dump to the grader (the helper crate's `grading::RECEIPTS_VAR`).
const RECEIPTS_VAR: &str = "WIRETRAIL_RECEIPTS";

/// The most of a crashed test's output a report keeps.
const MAX_CRASH_OUTPUT: usize = 4096;

/// How a grading run is limited and where it builds.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// How long the tests may run, all together (the build not included). Default 120 s.
    pub time_limit: Duration,
    /// How long the build may take (the first one compiles insta). Default 10 min.
    pub build_time_limit: Duration,
    /// The build directory; default `DIR/.wiretrail/target`.
    pub target_dir: Option<PathBuf>,
    /// Keep the compiler's colours (for a terminal).
    pub color: bool,
    /// Where cargo starts; default the system's temporary directory (never inside the
    /// workbook, whose `.cargo/` must not be read).
    pub cargo_cwd: Option<PathBuf>,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            time_limit: Duration::from_secs(120),
            build_time_limit: Duration::from_secs(600),
            target_dir: None,
            color: false,
            cargo_cwd: None,
        }
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
    // One grade at a time per workbook: the CLI and the chapter page's Check button share
    // `.wiretrail/grade/`. The lock is the operating system's, so a grader that dies frees it.
    let lock_path = dir.join(STATE_DIR).join("grade.lock");
    let lock = std::fs::File::create(&lock_path).map_err(Error::io(&lock_path))?;
    lock.lock().map_err(Error::io(&lock_path))?;
    let mut report = Report::new(e.id, &e.title, options.time_limit);
    report.tests = e
        .tests()
        .into_iter()
        .map(|name| TestResult {
            name: name.to_owned(),
            outcome: TestOutcome::NotRun,
            output: String::new(),
        })
        .collect();

    let synced = sync(&dir, e)?;
    report.restored = synced.restored;
    report.updated = synced.updated;
    report.backup = synced.backup;

    let cargo = Cargo {
        program: std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()),
        cwd: cargo_cwd(options, &dir)?,
        target: options
            .target_dir
            .clone()
            .unwrap_or_else(|| dir.join(STATE_DIR).join("target")),
        color: options.color,
    };
    report.ignored = sandbox::ignored(&dir, e, &cargo.cwd);
    if let Some(why) = config::refused(&cargo.cwd) {
        report.outcome = Outcome::Refused;
        report.refusal = why;
        return finish(report, &dir, e, started);
    }

    let written = sandbox::write_for(&dir, e)?;
    let grade = sandbox::root(&dir);
    let manifest = grade.join("Cargo.toml");
    let built = cargo
        .build(
            &manifest,
            &e.package,
            &["--test", "check"],
            options.build_time_limit,
        )
        .map_err(Error::Cargo)?;
    let key_binary = executables(&built.stdout)
        .into_iter()
        .find(|x| x.target == "check" && !x.lib);
    let Some(key_binary) = key_binary.filter(|_| built.success()) else {
        report.outcome = Outcome::BuildFailed;
        report.build_output = if built.status.is_none() {
            format!(
                "the build ran past {} s and was stopped",
                options.build_time_limit.as_secs()
            )
        } else {
            compiler_output(&built.stderr)
        };
        return finish(report, &dir, e, started);
    };
    report.warnings = compiler_output(&built.stderr);

    let scratch = std::env::temp_dir().join(format!(
        "wiretrail-grade-{}-{}",
        std::process::id(),
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos())
    ));
    let deadline = Instant::now() + options.time_limit;
    let runner = Runner {
        exercise: e,
        cwd: grade.join(e.id),
        workspace: grade.clone(),
        scratch: scratch.clone(),
    };
    let ran = runner.answer_key(&key_binary.path, &mut report.tests, deadline);
    let left = deadline.saturating_duration_since(Instant::now());
    if ran.is_ok() && !left.is_zero() && (written.unit_tests || !written.own_tests.is_empty()) {
        report.own_tests = Some(runner.own_tests(&cargo, &manifest, options, left));
    }
    let _ = fs::remove_dir_all(&scratch);
    ran?;
    report.tally();
    finish(report, &dir, e, started)
}

/// Records the run in `.wiretrail/state.txt` and stamps the time.
fn finish(mut report: Report, dir: &Path, e: &Exercise, started: Instant) -> Result<Report, Error> {
    let mut state = State::load(dir);
    let record = state.record(e.id);
    record.last = Some(report.passed());
    record.source = source_fingerprint(dir, e);
    record.passed_once |= report.passed();
    state.save(dir)?;
    report.elapsed = started.elapsed();
    Ok(report)
}

/// Where cargo starts: the option, else the temporary directory; never inside the workbook.
fn cargo_cwd(options: &CheckOptions, dir: &Path) -> Result<PathBuf, Error> {
    let mut cwd = options.cargo_cwd.clone().unwrap_or_else(std::env::temp_dir);
    cwd = std::path::absolute(&cwd).map_err(Error::io(&cwd))?;
    if cwd.starts_with(dir) {
        cwd = dir
            .parent()
            .map_or_else(|| PathBuf::from("/"), Path::to_path_buf);
    }
    fs::create_dir_all(&cwd).map_err(Error::io(&cwd))?;
    Ok(cwd)
}

/// Runs an exercise's test binaries in the grading workspace.
struct Runner<'a> {
    exercise: &'a Exercise,
    cwd: PathBuf,
    workspace: PathBuf,
    scratch: PathBuf,
}

impl Runner<'_> {
    /// A test binary with insta in check mode and the receipts going to `receipts`.
    fn binary(&self, exe: &Path, receipts: &Path) -> std::process::Command {
        let pending = self.scratch.join("pending");
        libtest::binary(
            exe,
            &self.cwd,
            &[
                ("INSTA_UPDATE", OsStr::new("no")),
                ("INSTA_FORCE_PASS", OsStr::new("0")),
                ("INSTA_REQUIRE_FULL_MATCH", OsStr::new("0")),
                ("INSTA_OUTPUT", OsStr::new("diff")),
                ("INSTA_WORKSPACE_ROOT", self.workspace.as_os_str()),
                ("INSTA_PENDING_DIR", pending.as_os_str()),
                ("CI", OsStr::new("true")),
                ("RUST_BACKTRACE", OsStr::new("0")),
                ("CLICOLOR", OsStr::new("0")),
                ("NO_COLOR", OsStr::new("1")),
                (RECEIPTS_VAR, receipts.as_os_str()),
            ],
        )
    }

    /// Runs every test of the answer key alone, in order, until `deadline`.
    fn answer_key(
        &self,
        exe: &Path,
        tests: &mut [TestResult],
        deadline: Instant,
    ) -> Result<(), Error> {
        let listed = libtest::list(self.binary(exe, &self.scratch));
        let listed = match listed {
            Ok(names) => names,
            Err(why) => {
                for t in tests.iter_mut() {
                    t.outcome = TestOutcome::Failed;
                    t.output = format!("the test binary could not list its tests: {why}");
                }
                return Ok(());
            }
        };
        let mut stopped = false;
        for t in tests.iter_mut() {
            if stopped {
                t.outcome = TestOutcome::NotRun;
                continue;
            }
            if !listed.contains(&t.name) {
                t.outcome = TestOutcome::Failed;
                t.output = "this test of the answer key is not in the test binary".to_owned();
                continue;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                stopped = true;
                t.outcome = TestOutcome::NotRun;
                continue;
            }
            let receipts = self.scratch.join("receipts").join(&t.name);
            fs::create_dir_all(&receipts).map_err(Error::io(&receipts))?;
            let ran = libtest::run_one(self.binary(exe, &receipts), &t.name, left)
                .map_err(Error::Cargo)?;
            if ran.status.is_none() {
                stopped = true;
                t.outcome = TestOutcome::TimedOut;
                t.output = libtest::failure_output(&ran.stdout, &t.name).unwrap_or_else(|| {
                    "(still running when the time limit struck: is there an infinite loop?)"
                        .to_owned()
                });
                continue;
            }
            let expected = self.exercise.expected(&t.name).unwrap_or_default();
            let got = fs::read_to_string(receipts.join(format!("{}.txt", t.name)))
                .ok()
                .map(|r| normalise(&r));
            (t.outcome, t.output) = judge(&ran, &t.name, &expected, got);
        }
        Ok(())
    }

    /// Builds and runs the learner's own tests (their unit tests, their files under
    /// `tests/`), within what is left of the time.
    fn own_tests(
        &self,
        cargo: &Cargo,
        manifest: &Path,
        options: &CheckOptions,
        left: Duration,
    ) -> OwnTests {
        let mut own = OwnTests::default();
        let built = match cargo.build(
            manifest,
            &self.exercise.package,
            &["--tests"],
            options.build_time_limit,
        ) {
            Ok(built) => built,
            Err(e) => {
                own.output = e.to_string();
                return own;
            }
        };
        if !built.success() {
            own.output = compiler_output(&built.stderr);
            return own;
        }
        own.built = true;
        let deadline = Instant::now() + left;
        let mut outputs = Vec::new();
        for exe in executables(&built.stdout)
            .into_iter()
            .filter(|x| x.lib || x.target != "check")
        {
            let left = deadline.saturating_duration_since(Instant::now());
            let mut cmd = self.binary(&exe.path, &self.scratch);
            cmd.args(["--test-threads=1", "--color=never"]);
            match crate::process::run_with_limit(cmd, left) {
                Ok(ran) => {
                    let (passed, failed) = libtest::tally(&ran.stdout);
                    own.passed += passed.len();
                    for name in &failed {
                        if let Some(out) = libtest::failure_output(&ran.stdout, name) {
                            outputs.push(format!("──── {name} ────\n{out}"));
                        }
                    }
                    own.failed.extend(failed);
                    if ran.status.is_none() {
                        outputs.push(format!("({} was stopped at the time limit)", exe.target));
                    }
                }
                Err(e) => outputs.push(e.to_string()),
            }
        }
        own.output = outputs.join("\n");
        own
    }
}

/// The verdict on one test: libtest's word, checked against the dump the grader received.
fn judge(
    ran: &crate::process::Ran,
    name: &str,
    expected: &str,
    got: Option<String>,
) -> (TestOutcome, String) {
    match (libtest::reported_ok(ran, name), got) {
        (true, Some(got)) if got == expected => (TestOutcome::Passed, String::new()),
        (true, Some(got)) => (
            TestOutcome::Failed,
            format!(
                "libtest said ok, but what your code produced is not the answer key (was insta told to pass, or a snapshot rewritten?). `-` is the answer key, `+` your code's:\n{}",
                libtest::line_diff(expected, &got)
            ),
        ),
        (true, None) => (
            TestOutcome::Failed,
            "libtest said ok, but the test never reached its snapshot: the process ended before the test did (did your code print test results, or call std::process::exit?)".to_owned(),
        ),
        (false, _) => {
            let output = libtest::failure_output(&ran.stdout, name).unwrap_or_else(|| {
                let status = ran
                    .status
                    .map_or_else(|| "stopped".to_owned(), |s| s.to_string());
                let mut printed = format!("{}{}", ran.stdout, ran.stderr).trim().to_owned();
                if printed.len() > MAX_CRASH_OUTPUT {
                    let mut end = MAX_CRASH_OUTPUT;
                    while !printed.is_char_boundary(end) {
                        end -= 1;
                    }
                    printed.truncate(end);
                    printed.push_str("\n…");
                }
                format!("the test process ended without a result ({status}). It printed:\n{printed}")
            });
            (TestOutcome::Failed, output)
        }
    }
}

/// The workbook's exercises in book order, for `check --all`: each graded in turn, `each`
/// called with every report as it comes.
pub fn check_all(
    dir: &Path,
    options: &CheckOptions,
    mut each: impl FnMut(&Report),
) -> Result<Vec<Report>, Error> {
    let mut reports = Vec::new();
    for e in Workbook::embedded().exercises() {
        let report = check_with(dir, e.id, options)?;
        each(&report);
        reports.push(report);
    }
    Ok(reports)
}
