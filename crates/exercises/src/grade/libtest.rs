//! Running a test binary the way libtest allows it to be checked: `--list` to see which
//! tests it holds, then each test alone (`NAME --exact`) in a process of its own, and what
//! libtest printed read back.
//!
//! A process per test costs a few milliseconds and buys three things: a crash or an
//! `exit()` in the learner's code ends one test, not the run; the tests' results come out in
//! the answer key's order, not in the order threads finish; and at the time limit the grader
//! knows exactly which test was running and which never ran.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use crate::process::{Ran, run_with_limit};

/// The names of the tests in a test executable (`--list --format terse`), or why not.
pub fn list(mut cmd: Command) -> Result<Vec<String>, String> {
    cmd.args(["--list", "--format", "terse"]);
    let ran = run_with_limit(cmd, Duration::from_secs(30)).map_err(|e| e.to_string())?;
    if !ran.success() {
        return Err(format!("{}{}", ran.stdout, ran.stderr).trim().to_owned());
    }
    Ok(ran
        .stdout
        .lines()
        .filter_map(|l| l.strip_suffix(": test"))
        .map(str::to_owned)
        .collect())
}

/// `EXE NAME --exact --test-threads=1 --color=never`, in `cwd`, for at most `limit`.
pub fn run_one(mut cmd: Command, name: &str, limit: Duration) -> std::io::Result<Ran> {
    cmd.args([name, "--exact", "--test-threads=1", "--color=never"]);
    run_with_limit(cmd, limit)
}

/// Whether libtest itself said that test `name`, run alone, passed: the line `test NAME ...
/// ok`, a summary of exactly one passed and none failed, and a successful exit.
pub fn reported_ok(ran: &Ran, name: &str) -> bool {
    let ok_line = format!("test {name} ... ok");
    ran.success()
        && ran.stdout.lines().any(|l| l == ok_line)
        && ran
            .stdout
            .lines()
            .any(|l| l.starts_with("test result: ok. 1 passed; 0 failed;"))
}

/// What libtest printed for a failing test: its captured output between `---- NAME stdout
/// ----` and the next section, cleaned.
pub fn failure_output(stdout: &str, name: &str) -> Option<String> {
    let header = format!("---- {name} stdout ----");
    let start = stdout.find(&header)? + header.len();
    let rest = &stdout[start..];
    let end = ["\n---- ", "\nfailures:\n", "\n\nfailures:"]
        .iter()
        .filter_map(|m| rest.find(m))
        .min()
        .unwrap_or(rest.len());
    Some(clean_output(&rest[..end]))
}

/// A failing test's output, with the noise removed and insta's legend made explicit.
pub fn clean_output(text: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    for l in text.lines() {
        let noise = l.starts_with("note: run with `RUST_BACKTRACE=1`")
            || l.starts_with("Stopped on the first failure.")
            || l.starts_with("To update snapshots run")
            || l.starts_with("To update snapshots,")
            // insta's own panic after the diff: the diff already said it.
            || l.starts_with("snapshot assertion for '")
            || (l.contains("panicked at") && l.contains("/insta-"))
            // insta's banner around the diff: the test's name is already the heading.
            || l.starts_with('━')
            || l.starts_with("Snapshot: ")
            || l.starts_with("Source: ")
            || l.starts_with("Expression: ")
            || (!l.is_empty() && l.chars().all(|c| c == '─'));
        if noise {
            continue;
        }
        // The same panic message twice in a row says nothing new.
        if l.starts_with("thread '") && out.last() == Some(&l) {
            continue;
        }
        out.push(match l {
            "-old snapshot" => "-old snapshot (the answer key: what the protocol requires)",
            "+new results" => "+new results (what your code produced)",
            l => l,
        });
    }
    out.join("\n").trim().to_owned()
}

/// The `PASSED/FAILED` counts of a whole binary run (the learner's own tests): libtest's
/// `test NAME ... ok|FAILED` lines.
pub fn tally(stdout: &str) -> (Vec<String>, Vec<String>) {
    let mut passed = Vec::new();
    let mut failed = Vec::new();
    for line in stdout.lines() {
        if let Some(rest) = line.strip_prefix("test ") {
            if let Some(name) = rest.strip_suffix(" ... ok") {
                passed.push(name.to_owned());
            } else if let Some(name) = rest.strip_suffix(" ... FAILED") {
                failed.push(name.to_owned());
            }
        }
    }
    (passed, failed)
}

/// A line-by-line comparison of the answer key and a dump, for when libtest said "ok" but the
/// dump the grader received is not the answer key: `-` lines the key, `+` lines the dump.
pub fn line_diff(expected: &str, got: &str) -> String {
    let (e, g): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), got.lines().collect());
    let mut out = Vec::new();
    for i in 0..e.len().max(g.len()) {
        match (e.get(i), g.get(i)) {
            (Some(a), Some(b)) if a == b => out.push(format!(" {a}")),
            (a, b) => {
                if let Some(a) = a {
                    out.push(format!("-{a}"));
                }
                if let Some(b) = b {
                    out.push(format!("+{b}"));
                }
            }
        }
    }
    out.join("\n")
}

/// A test binary run in `cwd`, with `envs` on top of the grader's environment.
pub fn binary(exe: &Path, cwd: &Path, envs: &[(&str, &std::ffi::OsStr)]) -> Command {
    let mut cmd = Command::new(exe);
    cmd.current_dir(cwd);
    super::cargo::sanitise(&mut cmd);
    for (k, v) in envs {
        cmd.env(k, v);
    }
    cmd
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIBTEST: &str = "\nrunning 1 test\ntest b ... FAILED\n\nfailures:\n\n---- b stdout ----\n━━━ Snapshot Summary ━━━\nSnapshot: b\nSource: t.rs:3\n────\nExpression: out\n────\nline 1\n-old snapshot\n+new results\nthread 'b' panicked at x\nthread 'b' panicked at x\nnote: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n\n\nfailures:\n    b\n\ntest result: FAILED. 0 passed; 1 failed; 0 ignored; 0 measured; 2 filtered out; finished in 0.01s\n";

    #[test]
    fn reads_a_failure() {
        assert_eq!(
            failure_output(LIBTEST, "b").unwrap(),
            "line 1\n-old snapshot (the answer key: what the protocol requires)\n+new results (what your code produced)\nthread 'b' panicked at x"
        );
        assert_eq!(failure_output(LIBTEST, "c"), None);
        assert_eq!(tally(LIBTEST), (vec![], vec!["b".to_owned()]));
    }

    #[test]
    fn diffs_line_by_line() {
        assert_eq!(line_diff("a\nb\nc", "a\nx\nc\nd"), " a\n-b\n+x\n c\n+d");
    }
}
