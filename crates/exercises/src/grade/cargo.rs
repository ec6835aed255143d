//! The grader's cargo: started from a directory outside the workbook, with an environment
//! that neutralises what the learner's shell or configuration could add, building the
//! grading workspace with `--locked` (and `--offline` while the cache has everything).
//!
//! Neutralised by the environment, whatever a configuration file says:
//!
//! - every `CARGO_*` variable but `CARGO_HOME`, `CARGO_NET_*` and `CARGO_HTTP_*` (network
//!   settings), every `RUST*` but `RUSTUP_*` (the toolchain), every `__CARGO*`, every
//!   `INSTA_*`, removed;
//! - `CARGO_ENCODED_RUSTFLAGS` and `CARGO_ENCODED_RUSTDOCFLAGS` set empty: Cargo reads them
//!   before `RUSTFLAGS` and every `rustflags` setting, and an empty one means no flags;
//! - `RUSTC_WRAPPER` and `RUSTC_WORKSPACE_WRAPPER` set empty: an empty wrapper is no wrapper;
//! - the dev and test profiles' `overflow-checks` and `debug-assertions` pinned on
//!   (`CARGO_PROFILE_*`), so arithmetic that overflows panics as in a learner's own run;
//! - `CARGO_TARGET_DIR` set to the grader's build directory.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use crate::process::{Ran, run_with_limit};

/// How the grader runs cargo.
#[derive(Debug, Clone)]
pub struct Cargo {
    /// The cargo program (`$CARGO`, or `cargo` on the PATH).
    pub program: OsString,
    /// Where cargo starts: outside the workbook, so the workbook's `.cargo/` is not read.
    pub cwd: PathBuf,
    /// The build directory.
    pub target: PathBuf,
    /// Whether compiler messages keep their colours.
    pub color: bool,
}

/// The environment variables of the learner's shell that the grader's children keep.
fn kept(name: &str) -> bool {
    if name.starts_with("__CARGO") || name.starts_with("INSTA_") {
        return false;
    }
    if let Some(rest) = name.strip_prefix("CARGO_") {
        return rest == "HOME" || rest.starts_with("NET_") || rest.starts_with("HTTP_");
    }
    if name == "CARGO" {
        return false;
    }
    if name.starts_with("RUST") {
        return name.starts_with("RUSTUP_");
    }
    true
}

/// Removes from `cmd`'s environment what [`kept`] refuses.
pub fn sanitise(cmd: &mut Command) {
    for (name, _) in std::env::vars_os() {
        if !kept(&name.to_string_lossy()) {
            cmd.env_remove(&name);
        }
    }
}

impl Cargo {
    /// `cargo ARGS` with the grader's environment.
    pub fn command(&self) -> Command {
        let mut cmd = Command::new(&self.program);
        cmd.current_dir(&self.cwd);
        sanitise(&mut cmd);
        let color = if self.color { "always" } else { "never" };
        cmd.env("CARGO_TARGET_DIR", &self.target)
            .env("CARGO_ENCODED_RUSTFLAGS", "")
            .env("CARGO_ENCODED_RUSTDOCFLAGS", "")
            .env("RUSTC_WRAPPER", "")
            .env("RUSTC_WORKSPACE_WRAPPER", "")
            .env("CARGO_TERM_COLOR", color)
            .env("CARGO_TERM_PROGRESS_WHEN", "never");
        for profile in ["DEV", "TEST"] {
            cmd.env(format!("CARGO_PROFILE_{profile}_OVERFLOW_CHECKS"), "true")
                .env(format!("CARGO_PROFILE_{profile}_DEBUG_ASSERTIONS"), "true");
        }
        cmd
    }

    /// `cargo test --no-run` of `package`'s `targets` in the workspace at `manifest`, with
    /// `--locked`: offline first, then online if the offline cache lacks a crate.
    pub fn build(
        &self,
        manifest: &Path,
        package: &str,
        targets: &[&str],
        limit: Duration,
    ) -> std::io::Result<Ran> {
        let attempt = |offline: bool| {
            let mut cmd = self.command();
            cmd.arg("test")
                .arg("--manifest-path")
                .arg(manifest)
                .args(["-p", package, "--no-run", "--locked"])
                .args(targets)
                .arg("--message-format=json-render-diagnostics")
                .arg(if self.color {
                    "--color=always"
                } else {
                    "--color=never"
                });
            if offline {
                cmd.arg("--offline");
            }
            run_with_limit(cmd, limit)
        };
        let offline = attempt(true)?;
        if offline.status.is_some() && !offline.success() && needs_network(&offline.stderr) {
            return attempt(false);
        }
        Ok(offline)
    }
}

/// Whether an offline build failed only because a crate is not in the local cache.
fn needs_network(stderr: &str) -> bool {
    stderr.contains("--offline") || stderr.contains("offline mode")
}

/// A test executable cargo built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Executable {
    /// The target's name: `check` for the answer key's tests, `ex01_accept_key` for the
    /// library's own unit tests, or a learner's test file's name.
    pub target: String,
    /// Whether it is the library's unit-test harness.
    pub lib: bool,
    /// Where it is.
    pub path: PathBuf,
}

/// The test executables cargo reported (`"executable":"..."` in its JSON messages).
pub fn executables(json_lines: &str) -> Vec<Executable> {
    json_lines
        .lines()
        .filter(|l| l.contains("\"reason\":\"compiler-artifact\""))
        .filter_map(|l| {
            let path = json_string_after(l, "\"executable\":\"")?;
            let target = l
                .find("\"target\":{")
                .and_then(|at| json_string_after(&l[at..], "\"name\":\""))
                .unwrap_or_default();
            let lib = l
                .find("\"target\":{\"kind\":[")
                .is_some_and(|at| l[at..].starts_with("\"target\":{\"kind\":[\"lib\""));
            Some(Executable {
                target,
                lib,
                path: PathBuf::from(path),
            })
        })
        .collect()
}

/// The JSON string value starting right after `key` (which includes the opening quote).
pub fn json_string_after(line: &str, key: &str) -> Option<String> {
    let start = line.find(key)? + key.len();
    let mut out = String::new();
    let mut chars = line[start..].chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(out),
            '\\' => match chars.next()? {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'r' => out.push('\r'),
                'u' => {
                    let hex: String = chars.by_ref().take(4).collect();
                    out.push(
                        u32::from_str_radix(&hex, 16)
                            .ok()
                            .and_then(char::from_u32)
                            .unwrap_or('\u{fffd}'),
                    );
                }
                other => out.push(other),
            },
            c => out.push(c),
        }
    }
    None
}

/// `text` without ANSI colour sequences (`ESC [ … m`).
pub fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for d in chars.by_ref() {
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Compiler output without cargo's progress lines (`Compiling`, `Finished`, …), colours kept.
pub fn compiler_output(stderr: &str) -> String {
    stderr
        .lines()
        .filter(|l| {
            let plain = strip_ansi(l);
            let t = plain.trim_start();
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
                "Executable ",
            ]
            .iter()
            .any(|p| t.starts_with(p))
        })
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_executables_in_cargo_json() {
        let json = r#"{"reason":"compiler-artifact","package_id":"x","target":{"kind":["test"],"crate_types":["bin"],"name":"check","src_path":"/w/tests/check.rs"},"executable":"/t/debug/deps/check-1a2b","fresh":true}
{"reason":"compiler-artifact","target":{"kind":["lib"],"crate_types":["lib"],"name":"ex01_accept_key"},"executable":"/t/debug/deps/ex01_accept_key-99"}
{"reason":"compiler-artifact","target":{"kind":["lib"],"name":"insta"},"executable":null}
{"reason":"build-finished","success":true}"#;
        assert_eq!(
            executables(json),
            [
                Executable {
                    target: "check".into(),
                    lib: false,
                    path: PathBuf::from("/t/debug/deps/check-1a2b")
                },
                Executable {
                    target: "ex01_accept_key".into(),
                    lib: true,
                    path: PathBuf::from("/t/debug/deps/ex01_accept_key-99")
                },
            ]
        );
        assert_eq!(
            json_string_after(r#""executable":"C:\\t\\a \"b\".exe""#, "\"executable\":\""),
            Some(r#"C:\t\a "b".exe"#.to_owned())
        );
        assert_eq!(
            json_string_after(r#""r":"\u001b[1mx\u00e9""#, "\"r\":\""),
            Some("\u{1b}[1mxé".to_owned())
        );
    }

    #[test]
    fn strips_cargo_progress_even_in_colour() {
        let stderr = "   Compiling ex01 v0.1.0\n\u{1b}[1m\u{1b}[32m    Finished\u{1b}[0m x\nerror[E0308]: mismatched types\n --> src/lib.rs:3:5\n";
        assert_eq!(
            compiler_output(stderr),
            "error[E0308]: mismatched types\n --> src/lib.rs:3:5"
        );
        assert_eq!(
            strip_ansi("\u{1b}[1m\u{1b}[33mwarning\u{1b}[0m: x"),
            "warning: x"
        );
    }

    #[test]
    fn the_learners_shell_does_not_reach_cargo() {
        for name in [
            "RUSTFLAGS",
            "RUSTC",
            "RUSTC_WRAPPER",
            "RUSTC_BOOTSTRAP",
            "RUST_TEST_NOCAPTURE",
            "CARGO_BUILD_RUSTFLAGS",
            "CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_LINKER",
            "CARGO_PROFILE_DEV_OVERFLOW_CHECKS",
            "CARGO_ENCODED_RUSTFLAGS",
            "CARGO",
            "__CARGO_TEST_CHANNEL_OVERRIDE_DO_NOT_USE_THIS",
            "INSTA_FORCE_PASS",
            "INSTA_UPDATE",
        ] {
            assert!(!kept(name), "{name}");
        }
        for name in [
            "PATH",
            "HOME",
            "CARGO_HOME",
            "CARGO_HTTP_PROXY",
            "RUSTUP_TOOLCHAIN",
            "TMPDIR",
        ] {
            assert!(kept(name), "{name}");
        }
    }
}
