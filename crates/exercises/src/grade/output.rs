//! Reading what the build and the tests print: the test executables in cargo's JSON
//! messages, the compiler's errors without cargo's progress lines, and libtest's report —
//! each test's verdict and the captured output of each failure (insta's diff, its two sides
//! named for the learner).

use std::path::PathBuf;

use super::TestFailure;

/// The test executables cargo reported (`"executable":"..."` in its JSON messages).
pub(super) fn executables(json_lines: &str) -> Vec<PathBuf> {
    json_lines
        .lines()
        .filter(|l| l.contains("\"reason\":\"compiler-artifact\""))
        .filter_map(|l| json_string_after(l, "\"executable\":\""))
        .map(PathBuf::from)
        .collect()
}

/// The JSON string value starting right after `key` (which includes the opening quote).
fn json_string_after(line: &str, key: &str) -> Option<String> {
    let start = line.find(key)? + key.len();
    let mut out = String::new();
    let mut chars = line[start..].chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(out),
            '\\' => match chars.next()? {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                other => out.push(other),
            },
            c => out.push(c),
        }
    }
    None
}

/// Compiler output without cargo's progress lines.
pub(super) fn compiler_errors(stderr: &str) -> String {
    stderr
        .lines()
        .filter(|l| {
            let t = l.trim_start();
            ![
                "Compiling ",
                "Finished ",
                "Blocking ",
                "Downloading ",
                "Downloaded ",
                "Updating ",
                "Locking ",
                "Adding ",
                "Checking ",
            ]
            .iter()
            .any(|p| t.starts_with(p))
        })
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_owned()
}

/// What libtest printed, read back.
#[derive(Debug, Default)]
pub(super) struct Libtest {
    pub(super) passed: Vec<String>,
    pub(super) failed: Vec<String>,
    pub(super) failures: Vec<TestFailure>,
    pub(super) summary_failed: usize,
}

pub(super) fn parse_libtest(stdout: &str) -> Libtest {
    let mut out = Libtest::default();
    let mut section: Option<(String, Vec<&str>)> = None;
    for line in stdout.lines() {
        if let Some(rest) = line.strip_prefix("test ") {
            if let Some(name) = rest.strip_suffix(" ... ok") {
                out.passed.push(name.to_owned());
                continue;
            }
            if let Some(name) = rest.strip_suffix(" ... FAILED") {
                out.failed.push(name.to_owned());
                continue;
            }
        }
        if let Some(rest) = line.strip_prefix("test result: ") {
            out.summary_failed += rest
                .split(';')
                .find_map(|part| part.trim().strip_suffix(" failed"))
                .and_then(|n| n.parse::<usize>().ok())
                .unwrap_or(0);
        }
        let header = line
            .strip_prefix("---- ")
            .and_then(|l| l.strip_suffix(" stdout ----"));
        if header.is_some() || line == "failures:" {
            if let Some((name, lines)) = section.take() {
                out.failures.push(TestFailure {
                    name,
                    output: clean_output(&lines),
                });
            }
            section = header.map(|name| (name.to_owned(), Vec::new()));
            continue;
        }
        if let Some((_, lines)) = &mut section {
            lines.push(line);
        }
    }
    if let Some((name, lines)) = section {
        out.failures.push(TestFailure {
            name,
            output: clean_output(&lines),
        });
    }
    out
}

/// A failing test's output, with the noise removed and insta's legend made explicit.
fn clean_output(lines: &[&str]) -> String {
    lines
        .iter()
        .filter(|l| {
            let noise = l.starts_with("note: run with `RUST_BACKTRACE=1`")
                || l.starts_with("Stopped on the first failure.")
                || l.starts_with("To update snapshots run")
                // insta's own panic after the diff: the diff already said it.
                || l.starts_with("snapshot assertion for '")
                || (l.contains("panicked at") && l.contains("/insta-"));
            !noise
        })
        .map(|l| match *l {
            "-old snapshot" => "-old snapshot (the answer key: what the protocol requires)",
            "+new results" => "+new results (what your code produced)",
            l => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIBTEST: &str = "\nrunning 3 tests\ntest a ... ok\ntest b ... FAILED\ntest c ... FAILED\n\nfailures:\n\n---- b stdout ----\nline 1\n-old snapshot\n+new results\nnote: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n\n---- c stdout ----\nboom\n\nfailures:\n    b\n    c\n\ntest result: FAILED. 1 passed; 2 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.01s\n";

    #[test]
    fn reads_libtest_output() {
        let t = parse_libtest(LIBTEST);
        assert_eq!(t.passed, ["a"]);
        assert_eq!(t.failed, ["b", "c"]);
        assert_eq!(t.summary_failed, 2);
        assert_eq!(t.failures.len(), 2);
        assert_eq!(t.failures[0].name, "b");
        assert_eq!(
            t.failures[0].output,
            "line 1\n-old snapshot (the answer key: what the protocol requires)\n+new results (what your code produced)"
        );
        assert_eq!(t.failures[1].output, "boom");
    }

    #[test]
    fn finds_executables_in_cargo_json() {
        let json = r#"{"reason":"compiler-artifact","target":{"kind":["test"]},"executable":"/t/debug/deps/check-1a2b","fresh":true}
{"reason":"compiler-artifact","target":{"kind":["lib"]},"executable":null}
{"reason":"build-finished","success":true}"#;
        assert_eq!(
            executables(json),
            [PathBuf::from("/t/debug/deps/check-1a2b")]
        );
        assert_eq!(
            json_string_after(r#""executable":"C:\\t\\a \"b\".exe""#, "\"executable\":\""),
            Some(r#"C:\t\a "b".exe"#.to_owned())
        );
    }

    #[test]
    fn strips_cargo_progress() {
        let stderr = "   Compiling ex01 v0.1.0\nerror[E0308]: mismatched types\n --> src/lib.rs:3:5\n    Finished x\n";
        assert_eq!(
            compiler_errors(stderr),
            "error[E0308]: mismatched types\n --> src/lib.rs:3:5"
        );
    }
}
