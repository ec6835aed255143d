//! Interop with a real client library: Python's `websockets` echoing through `/ws/echo`.
//!
//! The Python comes from `WIRETRAIL_PYTHON`, or the venv `tests/run-all` makes at
//! `target/interop-venv`. Under CI (`CI=true`) a missing interpreter or library is a failure,
//! never a skip.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::process::Command;

use crate::common::Server;

fn python() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("WIRETRAIL_PYTHON") {
        return Some(PathBuf::from(p));
    }
    let venv =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/interop-venv/bin/python");
    venv.exists().then_some(venv)
}

#[test]
fn python_websockets_echo() {
    let in_ci = std::env::var("CI").is_ok_and(|v| v == "true");
    let Some(python) = python() else {
        assert!(
            !in_ci,
            "CI=true but no Python with `websockets`: run tests/run-all"
        );
        eprintln!("skipped: no Python with `websockets` (tests/run-all makes one)");
        return;
    };
    let server = Server::start(&["--max-message", "1000000"]);
    let script =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/interop/echo_client.py");
    let small = Server::start(&["--max-message", "1000"]);
    let out = Command::new(&python)
        .arg(&script)
        .arg(format!("ws://{}/ws/echo", server.addr))
        .arg(format!("ws://{}/ws/echo", small.addr))
        .output()
        .expect("python runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "stdout:\n{stdout}\nstderr:\n{stderr}");
    assert!(stdout.contains("interop with websockets: ok"), "{stdout}");
}
