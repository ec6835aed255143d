//! The book's live cells in a real browser: starts the real binary and runs
//! `tests/browser/cells.test.mjs` (node's test runner; playwright-core driving Debian's headless
//! Chromium) against it: the accept-key, IPv4 and my-request cells, and every other cell draws.
//!
//! Needs `/usr/bin/chromium` (or `CHROMIUM_PATH`), `node`, and `npm ci --prefix tests/browser`.
//! When one is missing the test is skipped with a message, except under `CI=true`, where it
//! fails: CI must run it. On failure the browser test saves screenshots to
//! `target/browser-artifacts/`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::Server;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// What the browser test needs that is not here, if anything.
fn missing(browser_dir: &Path, chromium: &Path) -> Vec<String> {
    let mut missing = Vec::new();
    if !chromium.exists() {
        missing.push(format!(
            "{} (apt-get install -y chromium)",
            chromium.display()
        ));
    }
    let node = Command::new("node").arg("--version").output();
    if !node.is_ok_and(|o| o.status.success()) {
        missing.push("node (apt-get install -y nodejs npm)".to_owned());
    }
    if !browser_dir.join("node_modules/playwright-core").exists() {
        missing.push("tests/browser/node_modules (npm ci --prefix tests/browser)".to_owned());
    }
    missing
}

#[test]
fn book_cells_in_headless_chromium() {
    let root = repo_root();
    let browser_dir = root.join("tests/browser");
    let chromium = PathBuf::from(
        std::env::var("CHROMIUM_PATH").unwrap_or_else(|_| "/usr/bin/chromium".to_owned()),
    );
    let missing = missing(&browser_dir, &chromium);
    if !missing.is_empty() {
        let list = missing.join(", ");
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("the browser test cannot run under CI: missing {list}");
        }
        eprintln!("browser_cells skipped: missing {list}");
        return;
    }

    let server = Server::start(&[]);
    let output = Command::new("node")
        .args(["--test", "--test-timeout=120000", "cells.test.mjs"])
        .current_dir(&browser_dir)
        .env("WIRETRAIL_URL", server.url(""))
        .env("CHROMIUM_PATH", &chromium)
        .env("WIRETRAIL_ARTIFACTS", root.join("target/browser-artifacts"))
        .output()
        .expect("node runs");
    // Through the test harness's capture: shown on failure (or with --nocapture).
    println!("{}", String::from_utf8_lossy(&output.stdout));
    println!("{}", String::from_utf8_lossy(&output.stderr));
    assert!(
        output.status.success(),
        "the browser test failed ({}); screenshots in target/browser-artifacts/",
        output.status
    );
}
