//! The pages in a real browser: each test starts the real binary and runs one file of
//! `tests/browser/*.test.mjs` (node's test runner, playwright-core driving Debian's headless
//! Chromium) against it.
//!
//! Needs `/usr/bin/chromium` (or `CHROMIUM_PATH`), `node`, and `npm ci --prefix tests/browser`.
//! When one is missing the tests are skipped with a message, except under `CI=true`, where
//! they fail: CI must run them. On failure the browser tests save screenshots to
//! `target/browser-artifacts/`. The tests take turns: one Chromium at a time is plenty for
//! two cores.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

use crate::common::Server;

/// One browser at a time.
static BROWSER: Mutex<()> = Mutex::new(());

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn chromium() -> PathBuf {
    PathBuf::from(std::env::var("CHROMIUM_PATH").unwrap_or_else(|_| "/usr/bin/chromium".to_owned()))
}

/// What the browser tests need that is not here, if anything.
fn missing(browser_dir: &Path) -> Vec<String> {
    let mut missing = Vec::new();
    if !chromium().exists() {
        missing.push(format!(
            "{} (apt-get install -y chromium)",
            chromium().display()
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

/// Starts the server with `server_args` and runs `tests/browser/{file}` against it, with
/// `env` added to node's environment.
fn run(file: &str, server_args: &[&str], env: &[(&str, &str)]) {
    run_with_server_env(file, server_args, &[], env);
}

/// [`run`], with `server_env` added to the server's environment.
fn run_with_server_env(
    file: &str,
    server_args: &[&str],
    server_env: &[(&str, &str)],
    env: &[(&str, &str)],
) {
    let root = repo_root();
    let browser_dir = root.join("tests/browser");
    let missing = missing(&browser_dir);
    if !missing.is_empty() {
        let list = missing.join(", ");
        assert!(
            !std::env::var("CI").is_ok_and(|v| v == "true"),
            "the browser tests cannot run under CI: missing {list}"
        );
        eprintln!("{file} skipped: missing {list}");
        return;
    }
    let _turn = BROWSER
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let server = Server::start_with_env(server_args, server_env);
    let output = Command::new("node")
        .args(["--test", "--test-timeout=120000", file])
        .current_dir(&browser_dir)
        .env("WIRETRAIL_URL", server.url(""))
        .env("CHROMIUM_PATH", chromium())
        .env("WIRETRAIL_ARTIFACTS", root.join("target/browser-artifacts"))
        .envs(env.iter().copied())
        .output()
        .expect("node runs");
    // Through the test harness's capture: shown on failure (or with --nocapture).
    println!("{}", String::from_utf8_lossy(&output.stdout));
    println!("{}", String::from_utf8_lossy(&output.stderr));
    assert!(
        output.status.success(),
        "{file} failed ({}); screenshots in target/browser-artifacts/",
        output.status
    );
}

/// static/i18n.js in node alone (no server, no browser): `t()`, `tn()` and `lang` on an
/// English and a Korean page, the catalog fetched once, English on every kind of failure.
#[test]
fn i18n_js() {
    let browser_dir = repo_root().join("tests/browser");
    let node = Command::new("node")
        .args(["--test", "i18n.test.mjs"])
        .current_dir(&browser_dir)
        .output();
    let Ok(output) = node else {
        assert!(
            !std::env::var("CI").is_ok_and(|v| v == "true"),
            "i18n.test.mjs cannot run under CI: missing node"
        );
        eprintln!("i18n.test.mjs skipped: missing node (apt-get install -y nodejs)");
        return;
    };
    println!("{}", String::from_utf8_lossy(&output.stdout));
    println!("{}", String::from_utf8_lossy(&output.stderr));
    assert!(
        output.status.success(),
        "i18n.test.mjs failed ({})",
        output.status
    );
}

/// The Korean edition on a fixture book and catalog: the switch keeps page and section,
/// the choice is remembered, keep-all line breaking, a Korean search.
#[test]
fn korean_edition() {
    let book = repo_root().join("tests/browser/ko-book/chapters");
    run("ko.test.mjs", &["--book", &book.to_string_lossy()], &[]);
}

/// The live WebSocket lab: handshake, frames both ways, asks, closing, XSS, session log.
#[test]
fn websocket_lab() {
    run("lab.test.mjs", &[], &[]);
}

/// The WebSocket lab's truth (issue 11): one clock and causal order, hints from the frames
/// observed, real card sizes.
#[test]
fn websocket_lab_truth() {
    run("lab-truth.test.mjs", &[], &[]);
}

/// The WebSocket lab's workbench sends what was built (predict, then the server's real answer
/// scored), and the timeline's keys, collapse, one-line mode and fragment groups (issue 11).
#[test]
fn websocket_lab_send_and_navigate() {
    run("lab-send.test.mjs", &[], &[]);
}

/// The HTTP/2 lab: a real h2c conversation, frame cards, HPACK.
#[test]
fn http2_lab() {
    run("http2.test.mjs", &[], &[]);
}

/// The push lab: six techniques in the page, its table checked against the tap.
#[test]
fn push_lab() {
    run("push.test.mjs", &[], &[]);
}

/// The protocol cells: accept-key, IPv4 header, my-request, and every other cell draws.
#[test]
fn protocol_cells() {
    run("cells.test.mjs", &[], &[]);
}

/// The history cells and the book's reading comfort: topology, timeline, polling cost,
/// quiz memory, search, arrow keys.
#[test]
fn book_cells_and_navigation() {
    run("book-cells.test.mjs", &[], &[]);
}

/// Every page at a phone's width and a laptop's: nothing wider than the screen, no script
/// errors, no CSP violations, no missing resources.
#[test]
fn every_page_fits_and_runs_clean() {
    run("layout.test.mjs", &[], &[]);
}

/// Classroom mode (issue 12): three browser contexts in one chat room, each seeing the
/// others' relayed frames and its own masked ones; the teacher's page broadcasts, runs a live
/// question and closes every socket with 4000. `WIRETRAIL_SCREENSHOT=PATH` saves the teacher's
/// view (static/screenshots/teacher.png is made so).
#[test]
fn classroom() {
    const TOKEN: &str = "feedc0defeedc0defeedc0defeedc0de";
    run(
        "classroom.test.mjs",
        &[
            "--classroom",
            "--teacher-token",
            TOKEN,
            "--loopback-is-student",
        ],
        &[("WIRETRAIL_TEACHER_TOKEN", TOKEN)],
    );
}

/// The workbook's cards in a chapter page: status, task, Check with insta's diff, hints.
#[test]
fn workbook_cards() {
    let root = repo_root();
    let workbook = root.join("target/browser-workbook");
    let _ = std::fs::remove_dir_all(&workbook);
    let status = Command::new(env!("CARGO_BIN_EXE_wiretrail"))
        .arg("exercises")
        .arg("init")
        .arg(&workbook)
        .status()
        .expect("wiretrail exercises init runs");
    assert!(status.success());
    let workbook = workbook.to_string_lossy().into_owned();
    // A build directory of its own that survives runs, so the grader's builds are incremental.
    let builds = root
        .join("target/exercises-browser")
        .to_string_lossy()
        .into_owned();
    run_with_server_env(
        "exercises.test.mjs",
        &["--workbook", &workbook],
        &[("WIRETRAIL_EXERCISES_TARGET_DIR", &builds)],
        &[("WIRETRAIL_WORKBOOK", &workbook)],
    );
}
