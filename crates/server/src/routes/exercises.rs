//! The workbook in the chapter pages: `static/exercises.js` asks for the exercises of the page
//! it is on and draws a card for each, with a Check button and the hints.
//!
//! - `GET /api/exercises?page=08-websocket/frames.html`: the exercises whose card belongs on
//!   that page (title, level, time, task as HTML, status, the hints shown so far), and
//!   whether the app knows a workbook; `?chapter=08-websocket` gives the whole chapter's;
//! - `POST /api/exercises/{id}/check`: grades one exercise in the workbook (the same
//!   [`exercises::check_with`] as `wiretrail exercises check`), one run at a time;
//! - `POST /api/exercises/{id}/hint`: the next hint.
//!
//! Each takes `lang=ko` (the Korean pages' cards send it): the title, task and hints are then
//! the Korean ones where they are current (`task_lang` says which was sent; `task_note`, a
//! sentence, says why the English is shown when it is), and the report's `text` and the
//! errors are in Korean. The JSON's keys and its values meant for code (`status`,
//! `outcome`, `difficulty`) stay the same in every language, and so does the grading.
//!
//! An exercise's card belongs on the page its metadata names, if the book has that page, and
//! on its chapter's first page otherwise (so a reorganised chapter never loses a card). The
//! workbook is `Settings::workbook` (`--workbook DIR`, or the current directory when it is
//! one). Without it, the POSTs answer 409 with the two commands that make one. An id is looked
//! up in the embedded workbook and only the embedded exercise's own id is used from then on:
//! nothing from the request becomes a path. Every answer is bounded (the captured outputs are
//! cut), and a check runs on a blocking thread under the grader's own time limits; a second
//! check while one runs gets 409.
//!
//! The POSTs refuse a page of another origin (403). On a LAN (the server listening on an
//! address that is not loopback) they also refuse a request with no `Origin` at all: every
//! browser sends one with a POST, so only a script would leave it out.

use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, header};
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use book::Book;
use exercises::i18n::{Localized, Translation};
use exercises::{CheckOptions, Exercise, Lang, Msg, Outcome, Report, Status, Workbook};
use serde::Deserialize;
use serde_json::{Value, json};
use tokio::sync::Mutex;

use crate::error::AppError;
use crate::state::AppState;

/// The longest id or chapter name looked up (the real ones are under 30 characters).
const MAX_NAME: usize = 64;
/// The most text of one captured output (a failing test's, the compiler's) sent back.
pub const MAX_OUTPUT: usize = 32 * 1024;
/// The most failing tests listed in a report.
pub const MAX_FAILURES: usize = 32;

/// Held while a check runs: at most one at a time (the workbook's build directory is shared).
#[derive(Debug, Clone, Default)]
struct Grader(Arc<Mutex<()>>);

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/exercises", get(list))
        .route("/api/exercises/{id}/check", post(check))
        .route("/api/exercises/{id}/hint", post(hint))
        .layer(Extension(Grader::default()))
}

#[derive(Debug, Deserialize)]
struct ListQuery {
    chapter: Option<String>,
    page: Option<String>,
    lang: Option<String>,
}

/// `?lang=ko` on a POST.
#[derive(Debug, Deserialize)]
struct LangQuery {
    lang: Option<String>,
}

/// The language asked for: `ko` (or `ko-KR`) is Korean, anything else English.
fn lang_of(asked: Option<&str>) -> Lang {
    asked.and_then(Lang::from_code).unwrap_or(Lang::En)
}

/// Why the card shows the English task when Korean was asked for.
fn task_note(e: &Exercise, shown: &Localized, lang: Lang) -> Option<String> {
    shown.fallback.then(|| {
        match e.task_translation() {
            Translation::Missing => Msg::TaskUntranslated,
            _ => Msg::TaskStale,
        }
        .text(lang)
    })
}

/// The workbook directory, or the 409 the pages turn into "how to start one".
fn workbook(state: &AppState) -> Result<PathBuf, AppError> {
    match &state.settings.workbook {
        Some(dir) if exercises::workspace::ensure_workbook(dir).is_ok() => Ok(dir.clone()),
        dir => Err(AppError::NoWorkbook(dir.clone())),
    }
}

/// The embedded exercise `id` names, or 404. Only its `id` is used afterwards.
fn exercise(id: &str) -> Result<&'static Exercise, AppError> {
    (id.len() <= MAX_NAME)
        .then(|| Workbook::embedded().get(id))
        .flatten()
        .ok_or(AppError::NoExercise)
}

/// What a workbook POST checks first: the page's origin, then the exercise and the workbook.
fn posted_to(
    state: &AppState,
    headers: &HeaderMap,
    id: &str,
) -> Result<(&'static Exercise, PathBuf), AppError> {
    same_origin(state, headers)?;
    Ok((exercise(id)?, workbook(state)?))
}

/// Refuses a POST from a page of another origin (a browser sends Origin with every POST),
/// so another site cannot run the grader or spend the learner's hints; and on a LAN, one
/// with no Origin at all.
fn same_origin(state: &AppState, headers: &HeaderMap) -> Result<(), AppError> {
    // On a LAN, only the app's own pages (which send Origin) may drive the grader.
    if headers.get(header::ORIGIN).is_none() && !state.settings.addr.ip().is_loopback() {
        return Err(AppError::NoOriginOnLan {
            what: "the workbook",
        });
    }
    state.origins.check_page(headers, "the workbook")
}

/// The page an exercise's card shows on: its own, if the book has it, else its chapter's
/// first page.
fn card_page(book: &Book, e: &Exercise) -> String {
    if book.page(&e.page).is_some() {
        e.page.clone()
    } else {
        format!("{}/index.html", e.chapter)
    }
}

fn status_label(status: Status) -> &'static str {
    match status {
        Status::NotStarted => "not started",
        Status::InProgress => "in progress",
        Status::Failing => "failing",
        Status::Passed => "passed",
    }
}

/// Cuts `text` to at most [`MAX_OUTPUT`] bytes, on a character boundary, saying so.
fn bounded(text: &str) -> String {
    if text.len() <= MAX_OUTPUT {
        return text.to_owned();
    }
    let mut end = MAX_OUTPUT;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!(
        "{}\n… ({} more bytes; `wiretrail exercises check` prints it all)",
        &text[..end],
        text.len() - end
    )
}

/// `GET /api/exercises?page=…` (or `?chapter=…`)
async fn list(
    State(state): State<AppState>,
    Query(q): Query<ListQuery>,
) -> Result<Json<Value>, AppError> {
    let lang = lang_of(q.lang.as_deref());
    let (page, chapter) = match (q.page, q.chapter) {
        (Some(page), _) => {
            let chapter = page.split_once('/').map_or("", |(c, _)| c).to_owned();
            (Some(page), chapter)
        }
        (None, chapter) => (None, chapter.unwrap_or_default()),
    };
    if chapter.len() > MAX_NAME || page.as_ref().is_some_and(|p| p.len() > MAX_NAME) {
        return Err(AppError::BadRequest(
            "That chapter or page name is too long.".to_owned(),
        ));
    }
    let book = state.book.current();
    let chosen: Vec<(&'static Exercise, String)> = Workbook::embedded()
        .exercises()
        .iter()
        .filter(|e| e.chapter == chapter)
        .map(|e| (e, card_page(&book.book, e)))
        .filter(|(_, on)| page.as_ref().is_none_or(|p| p == on))
        .collect();
    let dir = workbook(&state).ok();
    let statuses = match &dir {
        Some(dir) => {
            let dir = dir.clone();
            tokio::task::spawn_blocking(move || exercises::status(&dir).ok())
                .await
                .ok()
                .flatten()
        }
        None => None,
    };
    let items: Vec<Value> = chosen
        .iter()
        .map(|(e, on)| {
            let s = statuses
                .as_ref()
                .and_then(|all| all.iter().find(|s| s.exercise.id == e.id));
            let hints = e.hints_in(lang);
            let seen = s.map_or(0, |s| s.hints_seen.min(hints.len()));
            let task = e.task_in(lang);
            json!({
                "id": e.id,
                "number": e.number,
                "title": e.title_in(lang),
                "chapter": e.chapter,
                "page": on,
                "difficulty": e.difficulty.label(),
                "minutes": e.minutes,
                "task_html": book::markdown::render(&task.text, |_| None).html,
                "task_lang": task.lang.code(),
                "task_note": task_note(e, &task, lang),
                "status": s.map(|s| status_label(s.status)),
                "hints": hints[..seen].iter().map(|h| h.text.as_str()).collect::<Vec<_>>(),
                "hints_in_english": hints[..seen].iter().map(|h| h.fallback).collect::<Vec<_>>(),
                "hints_total": hints.len(),
                "check_command": format!("wiretrail exercises check {}", e.id),
                "hint_command": format!("wiretrail exercises hint {}", e.id),
            })
        })
        .collect();
    // What the 409 of a POST would say, so the cards can say it first.
    let setup = dir.is_none().then(|| match lang {
        Lang::En => AppError::NoWorkbook(state.settings.workbook.clone()).message(),
        Lang::Ko => {
            let given = state
                .settings
                .workbook
                .as_ref()
                .map(|d| d.display().to_string());
            Msg::NoWorkbookHere {
                dir: given.as_deref(),
            }
            .text(lang)
        }
    });
    Ok(Json(json!({
        "chapter": chapter,
        "page": page,
        "workbook": dir.map(|d| d.display().to_string()),
        "setup": setup,
        "exercises": items,
    })))
}

/// The report as the card shows it.
fn report_json(report: &Report, status: Option<Status>, lang: Lang) -> Value {
    let outcome = match report.outcome {
        Outcome::Passed => "passed",
        Outcome::Failed => "failed",
        Outcome::BuildFailed => "build_failed",
        Outcome::TimedOut => "timed_out",
        Outcome::Refused => "refused",
    };
    let failures: Vec<Value> = report
        .failures
        .iter()
        .take(MAX_FAILURES)
        .map(|f| json!({ "name": f.name, "output": bounded(&f.output) }))
        .collect();
    json!({
        "id": report.id,
        "title": Workbook::embedded()
            .get(&report.id)
            .map_or_else(|| report.title.clone(), |e| e.title_in(lang)),
        "passed": report.passed(),
        "outcome": outcome,
        "tests_passed": report.passed,
        "tests_failed": report.failed,
        "tests_not_run": report.not_run,
        "tests_total": report.total(),
        "failures": failures,
        "failures_omitted": report.failures.len().saturating_sub(MAX_FAILURES),
        "restored": report.restored.iter().take(MAX_FAILURES).collect::<Vec<_>>(),
        "build_output": bounded(&report.build_output),
        "refusal": bounded(&report.refusal),
        "warnings": bounded(&report.warnings),
        "ignored": report.ignored.iter().take(MAX_FAILURES).collect::<Vec<_>>(),
        "own_tests": report.own_tests.as_ref().map(|own| json!({
            "built": own.built,
            "passed": own.passed,
            "failed": own.failed.iter().take(MAX_FAILURES).collect::<Vec<_>>(),
        })),
        "unfinished": report.unfinished.iter().take(MAX_FAILURES).collect::<Vec<_>>(),
        "time_limit_secs": report.time_limit.as_secs_f64(),
        "elapsed_ms": u64::try_from(report.elapsed.as_millis()).unwrap_or(u64::MAX),
        "status": status.map(status_label),
        "text": bounded(&report.render(lang)),
    })
}

/// `POST /api/exercises/{id}/check`
async fn check(
    State(state): State<AppState>,
    Extension(grader): Extension<Grader>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(q): Query<LangQuery>,
) -> Result<Json<Value>, AppError> {
    let lang = lang_of(q.lang.as_deref());
    let (e, dir) = posted_to(&state, &headers, &id)?;
    let Ok(turn) = grader.0.clone().try_lock_owned() else {
        return Err(AppError::GraderBusy);
    };
    let options = CheckOptions {
        target_dir: state.settings.exercises_target_dir.clone(),
        ..CheckOptions::default()
    };
    // The turn moves into the blocking task: should the page go away, the check still
    // finishes (it is bounded by the grader's limits) before the next may start.
    let graded = tokio::task::spawn_blocking(move || {
        let _turn = turn;
        let report = exercises::check_with(&dir, e.id, &options)?;
        let status = exercises::status(&dir)
            .ok()
            .and_then(|all| all.into_iter().find(|s| s.exercise.id == e.id))
            .map(|s| s.status);
        Ok::<_, exercises::Error>((report, status))
    })
    .await;
    match graded {
        Ok(Ok((report, status))) => Ok(Json(report_json(&report, status, lang))),
        Ok(Err(err)) => {
            tracing::warn!(exercise = e.id, error = %err, "grading failed");
            Err(AppError::Workbook(bounded(&err.message(lang))))
        }
        Err(join) => {
            tracing::error!(exercise = e.id, error = %join, "the grading task failed");
            Err(AppError::Workbook(
                "The grader stopped unexpectedly.".to_owned(),
            ))
        }
    }
}

/// `POST /api/exercises/{id}/hint`
async fn hint(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(q): Query<LangQuery>,
) -> Result<Json<Value>, AppError> {
    let lang = lang_of(q.lang.as_deref());
    let (e, dir) = posted_to(&state, &headers, &id)?;
    match tokio::task::spawn_blocking(move || exercises::hint(&dir, e.id)).await {
        Ok(Ok(h)) => {
            let shown = h.text_in(lang);
            Ok(Json(json!({
                "id": e.id,
                "number": h.number,
                "total": h.total,
                "text": shown.text,
                "in_english": shown.fallback,
                "last": h.number == h.total,
            })))
        }
        Ok(Err(err)) => {
            tracing::warn!(exercise = e.id, error = %err, "hint failed");
            Err(AppError::Workbook(bounded(&err.message(lang))))
        }
        Err(_) => Err(AppError::Workbook("The hint could not be read.".to_owned())),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use axum::http::StatusCode;

    #[test]
    fn outputs_are_cut_on_a_char_boundary() {
        let long = "é".repeat(MAX_OUTPUT);
        let cut = bounded(&long);
        assert!(cut.len() < MAX_OUTPUT + 100);
        assert!(cut.contains("more bytes"));
        assert_eq!(bounded("short"), "short");
    }

    /// The app listening at `addr` with a fresh workbook, and a POST to it.
    async fn post_hint(addr: &str, origin: Option<&str>, dir: &std::path::Path) -> StatusCode {
        use clap::Parser as _;
        use tower::ServiceExt as _;
        let cli = crate::cmd::cli::Cli::parse_from([
            "wiretrail",
            "serve",
            "--addr",
            addr,
            "--workbook",
            dir.to_str().unwrap_or_default(),
        ]);
        let Some(crate::cmd::cli::Command::Serve(args)) = cli.command else {
            panic!("serve args");
        };
        let app = crate::app::app(AppState::new(crate::config::Settings::from(args)));
        let mut request = axum::http::Request::post("/api/exercises/03/hint")
            .header(header::HOST, addr.replace("0.0.0.0", "192.0.2.7"))
            .header("x-wiretrail", "1");
        if let Some(origin) = origin {
            request = request.header(header::ORIGIN, origin);
        }
        let response = app
            .oneshot(request.body(axum::body::Body::empty()).unwrap())
            .await
            .unwrap();
        response.status()
    }

    #[tokio::test]
    async fn on_a_lan_a_post_needs_a_same_origin_origin() {
        let dir = std::env::temp_dir().join(format!("wiretrail-origin-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        exercises::init(&dir).unwrap();
        // Loopback: curl from the learner's own machine may leave Origin out.
        assert_eq!(
            post_hint("127.0.0.1:8080", None, &dir).await,
            StatusCode::OK
        );
        // A classroom: no Origin is refused, the page's own is not, another site's never.
        assert_eq!(
            post_hint("0.0.0.0:8080", None, &dir).await,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            post_hint("0.0.0.0:8080", Some("http://192.0.2.7:8080"), &dir).await,
            StatusCode::OK
        );
        for addr in ["0.0.0.0:8080", "127.0.0.1:8080"] {
            assert_eq!(
                post_hint(addr, Some("http://evil.example"), &dir).await,
                StatusCode::FORBIDDEN
            );
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn each_card_has_a_page_of_the_book() {
        let book = Book::embedded();
        for e in Workbook::embedded().exercises() {
            assert!(book.page(&e.page).is_some(), "{}: no page {}", e.id, e.page);
            assert_eq!(card_page(&book, e), e.page);
        }
        let mut moved = Workbook::embedded().exercises()[0].clone();
        moved.page = format!("{}/gone.html", moved.chapter);
        assert_eq!(
            card_page(&book, &moved),
            format!("{}/index.html", moved.chapter)
        );
    }

    /// The cards of a Korean page: `lang=ko` gives the Korean title and task where the
    /// translation is current (else the English with the note), the Korean setup sentence,
    /// and the same keys and machine values as English.
    #[tokio::test]
    async fn korean_cards() {
        use clap::Parser as _;
        use tower::ServiceExt as _;
        let cli = crate::cmd::cli::Cli::parse_from(["wiretrail", "serve"]);
        let Some(crate::cmd::cli::Command::Serve(args)) = cli.command else {
            panic!("serve args");
        };
        let mut settings = crate::config::Settings::from(args);
        settings.workbook = None;
        let app = crate::app::app(AppState::new(settings));
        let get = |lang: &'static str| {
            let app = app.clone();
            async move {
                let uri = format!("/api/exercises?page=08-websocket/handshake.html&lang={lang}");
                let response = app
                    .oneshot(
                        axum::http::Request::get(uri)
                            .header(header::HOST, "127.0.0.1:8080")
                            .body(axum::body::Body::empty())
                            .unwrap(),
                    )
                    .await
                    .unwrap();
                assert_eq!(response.status(), StatusCode::OK);
                let body = axum::body::to_bytes(response.into_body(), 1 << 20)
                    .await
                    .unwrap();
                serde_json::from_slice::<Value>(&body).unwrap()
            }
        };
        let (en, ko) = (get("en").await, get("ko").await);
        let hangul = |v: &Value| {
            v.as_str()
                .unwrap_or_default()
                .chars()
                .any(|c| ('가'..='힣').contains(&c))
        };
        assert!(hangul(&ko["setup"]), "{}", ko["setup"]);
        assert!(!hangul(&en["setup"]), "{}", en["setup"]);
        let cards = |v: &Value| v["exercises"].as_array().cloned().unwrap_or_default();
        assert!(!cards(&ko).is_empty());
        for (en, ko) in cards(&en).iter().zip(cards(&ko).iter()) {
            assert_eq!(en["id"], ko["id"]);
            assert_eq!(en["difficulty"], ko["difficulty"], "machine values stay");
            let e = Workbook::embedded()
                .get(en["id"].as_str().unwrap())
                .unwrap();
            assert_eq!(en["task_lang"], "en");
            assert_eq!(en["task_note"], Value::Null);
            if e.task_translation() == Translation::Current {
                assert_eq!(ko["task_lang"], "ko");
                assert!(hangul(&ko["title"]) && hangul(&ko["task_html"]), "{ko}");
                assert_eq!(ko["task_note"], Value::Null);
            } else {
                assert_eq!(ko["task_lang"], "en");
                assert_eq!(ko["task_html"], en["task_html"]);
                assert!(hangul(&ko["task_note"]), "{ko}");
            }
        }
        assert_eq!(lang_of(Some("ko-KR")), Lang::Ko);
        assert_eq!(lang_of(Some("fr")), Lang::En);
        assert_eq!(lang_of(None), Lang::En);
    }

    #[test]
    fn ids_are_looked_up_never_used_raw() {
        assert_eq!(exercise("03-unmask").map(|e| e.id).ok(), Some("03-unmask"));
        assert!(exercise("../../etc/passwd").is_err());
        assert!(exercise(&"1".repeat(100)).is_err());
    }
}
