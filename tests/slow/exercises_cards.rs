//! The workbook's cards in the chapter pages, through their API against the real binary:
//! each page's exercises (and a chapter's) with their levels, times and statuses, a failing
//! check with its diff and honest counts, the reference solution passing, hints in order,
//! an unknown id, a foreign origin, and the app without a workbook. (The rule that a LAN
//! needs an Origin is tested in `routes/exercises.rs`.)
//!
//! The workbook and its build directory live in the repository's `target/exercises-cards`,
//! kept between runs so the grader's builds are incremental. One test drives every check,
//! in turn: two workbooks must not share a build directory while either is being graded.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use common::{Server, http, read_head};
use exercises::Workbook;
use serde_json::Value;

const EX: &str = "03-unmask";

fn cards_root() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/exercises-cards");
    fs::create_dir_all(&root).unwrap();
    std::path::absolute(root).unwrap()
}

fn get(server: &Server, path: &str) -> (u16, Value) {
    let (head, body) = http(
        server,
        &format!(
            "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            server.addr
        ),
    );
    (
        head.status,
        serde_json::from_str(&body).unwrap_or(Value::Null),
    )
}

/// A POST; the grader may build for minutes (the first build compiles insta), so this waits
/// longer than `common::http`.
fn post(server: &Server, path: &str, extra: &str) -> (u16, Value) {
    let mut s = server.connect();
    s.set_read_timeout(Some(Duration::from_secs(900))).unwrap();
    write!(
        s,
        "POST {path} HTTP/1.1\r\nHost: {}\r\nX-Wiretrail: 1\r\nContent-Length: 0\r\n{extra}Connection: close\r\n\r\n",
        server.addr
    )
    .unwrap();
    let head = read_head(&mut s);
    let mut body = String::new();
    s.read_to_string(&mut body).unwrap();
    let json = serde_json::from_str(&body).unwrap_or_else(|_| panic!("not JSON: {body:?}"));
    (head.status, json)
}

fn card<'a>(list: &'a Value, id: &str) -> &'a Value {
    list["exercises"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == id)
        .unwrap_or_else(|| panic!("no card for {id} in {list}"))
}

#[test]
fn the_cards_loop() {
    let root = cards_root();
    let dir = root.join("labs");
    if dir.exists() {
        fs::remove_dir_all(&dir).unwrap();
    }
    let out = Command::new(env!("CARGO_BIN_EXE_wiretrail"))
        .args(["exercises", "init", dir.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let target = root.join("target");
    let server = Server::start(&[
        "--workbook",
        dir.to_str().unwrap(),
        "--exercises-target-dir",
        target.to_str().unwrap(),
    ]);

    // The chapter's exercises, not started, no hints yet, the task as HTML.
    let (status, list) = get(&server, "/api/exercises?chapter=08-websocket");
    assert_eq!(status, 200, "{list}");
    assert_eq!(list["workbook"], dir.to_str().unwrap());
    let expected: Vec<&str> = Workbook::embedded()
        .chapter("08-websocket")
        .map(|e| e.id)
        .collect();
    let ids: Vec<&str> = list["exercises"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, expected);
    // Each card on its own page: frames.html has the frame exercises, not the handshake's.
    let on = |page: &str| -> Vec<String> {
        let (status, list) = get(&server, &format!("/api/exercises?page={page}"));
        assert_eq!(status, 200, "{list}");
        list["exercises"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["id"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        on("08-websocket/frames.html"),
        [
            "02-frame-header",
            "03-unmask",
            "04-encode-frame",
            "06-reassemble"
        ]
    );
    assert_eq!(
        on("08-websocket/handshake.html"),
        ["01-accept-key", "07-handshake"]
    );
    assert_eq!(on("08-websocket/closing.html"), ["05-close-payload"]);
    assert!(on("08-websocket/api-and-h2.html").is_empty());
    assert_eq!(on("09-http2/hpack.html").len(), 4);
    for e in Workbook::embedded().exercises() {
        assert!(
            on(&e.page).contains(&e.id.to_owned()),
            "{}: on {}",
            e.id,
            e.page
        );
        let (head, _) = http(
            &server,
            &format!(
                "GET /{} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
                e.page, server.addr
            ),
        );
        assert_eq!(head.status, 200, "{}: its page {} exists", e.id, e.page);
    }

    let unmask = card(&list, EX);
    assert_eq!(unmask["difficulty"], "easy");
    assert_eq!(unmask["minutes"], 10);
    assert_eq!(unmask["page"], "08-websocket/frames.html");
    assert_eq!(unmask["status"], "not started");
    assert_eq!(unmask["hints"].as_array().unwrap().len(), 0);
    assert!(
        unmask["task_html"].as_str().unwrap().contains("<h1"),
        "{unmask}"
    );
    assert_eq!(
        unmask["check_command"],
        "wiretrail exercises check 03-unmask"
    );
    let (_, other) = get(&server, "/api/exercises?chapter=01-before-arpanet");
    assert_eq!(other["exercises"].as_array().unwrap().len(), 0);

    // The stub fails, and the report carries insta's diff as text.
    let (status, report) = post(&server, &format!("/api/exercises/{EX}/check"), "");
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["passed"], false, "{report}");
    assert_eq!(report["outcome"], "failed", "{report}");
    assert_eq!(report["status"], "failing");
    assert_eq!(report["tests_total"], 4, "{report}");
    assert_eq!(report["tests_failed"], 4, "{report}");
    assert_eq!(report["tests_not_run"], 0, "{report}");
    let failures = report["failures"].as_array().unwrap();
    assert!(!failures.is_empty(), "{report}");
    assert!(
        failures
            .iter()
            .any(|f| f["output"].as_str().unwrap().contains("-old snapshot")),
        "{report}"
    );
    let (_, list) = get(&server, "/api/exercises?chapter=08-websocket");
    assert_eq!(card(&list, EX)["status"], "failing");

    // Hints come in order and are remembered.
    let hints = Workbook::embedded().get(EX).unwrap().hints();
    for (i, text) in hints.iter().enumerate() {
        let (status, hint) = post(&server, &format!("/api/exercises/{EX}/hint"), "");
        assert_eq!(status, 200, "{hint}");
        assert_eq!(hint["number"], i + 1);
        assert_eq!(hint["total"], hints.len());
        assert_eq!(hint["text"], text.as_str());
        assert_eq!(hint["last"], i + 1 == hints.len());
    }
    let (_, list) = get(&server, "/api/exercises?chapter=08-websocket");
    assert_eq!(
        card(&list, EX)["hints"].as_array().unwrap().len(),
        hints.len()
    );

    // The reference solution passes.
    let solution = Workbook::embedded().get(EX).unwrap().solution();
    fs::write(dir.join(EX).join("src/lib.rs"), solution).unwrap();
    let (status, report) = post(&server, &format!("/api/exercises/{EX}/check"), "");
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["passed"], true, "{report}");
    assert_eq!(report["status"], "passed");
    assert_eq!(report["failures"].as_array().unwrap().len(), 0);
    let (_, list) = get(&server, "/api/exercises?chapter=08-websocket");
    assert_eq!(card(&list, EX)["status"], "passed");

    // Ids come from the embedded list only; another site's page may not post.
    for bad in ["99-nope", "..%2F..%2Fetc", "x"] {
        let (status, body) = post(&server, &format!("/api/exercises/{bad}/check"), "");
        assert_eq!(status, 404, "{bad}: {body}");
        let (status, _) = post(&server, &format!("/api/exercises/{bad}/hint"), "");
        assert_eq!(status, 404, "{bad}");
    }
    let (status, _) = post(
        &server,
        &format!("/api/exercises/{EX}/hint"),
        "Origin: http://evil.example\r\n",
    );
    assert_eq!(status, 403);
    drop(server);

    // Without a workbook: the list still answers (no statuses, how to start one); the
    // actions answer 409 with the commands.
    let bare = Server::start(&[]);
    let (status, list) = get(&bare, "/api/exercises?chapter=08-websocket");
    assert_eq!(status, 200);
    assert_eq!(list["workbook"], Value::Null);
    assert_eq!(card(&list, EX)["status"], Value::Null);
    assert!(
        list["setup"]
            .as_str()
            .unwrap()
            .contains("wiretrail exercises init my-labs")
    );
    for action in ["check", "hint"] {
        let (status, body) = post(&bare, &format!("/api/exercises/{EX}/{action}"), "");
        assert_eq!(status, 409, "{body}");
        assert!(
            body["error"]
                .as_str()
                .unwrap()
                .contains("run `wiretrail exercises init my-labs` and start the app in it"),
            "{body}"
        );
    }
}
