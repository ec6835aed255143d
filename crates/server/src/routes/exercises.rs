//! The workbook in the chapter pages: `static/exercises.js` asks for a chapter's exercises
//! and draws a card for each, with a Check button and the hints.
//!
//! - `GET /api/exercises?chapter=08-websocket`: the chapter's exercises (title, task as HTML,
//!   status, the hints shown so far), and whether the app knows a workbook;
//! - `POST /api/exercises/{id}/check`: grades one exercise in the workbook (the same
//!   [`exercises::check_with`] as `wiretrail exercises check`), one run at a time;
//! - `POST /api/exercises/{id}/hint`: the next hint.
//!
//! The workbook is `Settings::workbook` (`--workbook DIR`, or the current directory when it
//! is one). Without it, the POSTs answer 409 with the two commands that make one. An id is
//! looked up in the embedded workbook and only the embedded exercise's own id is used from
//! then on: nothing from the request becomes a path. Every answer is bounded (the captured
//! outputs are cut), and a check runs on a blocking thread under the grader's own time
//! limits; a second check while one runs gets 409.

use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, header};
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use exercises::{CheckOptions, Exercise, Outcome, Report, Status, Workbook};
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
struct ChapterQuery {
    chapter: Option<String>,
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
/// so another site cannot run the grader or spend the learner's hints.
fn same_origin(state: &AppState, headers: &HeaderMap) -> Result<(), AppError> {
    let Some(origin) = headers.get(header::ORIGIN) else {
        return Ok(());
    };
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    match origin.to_str() {
        Ok(origin) if state.origins.allows(origin, host) => Ok(()),
        _ => Err(AppError::ForeignPage {
            what: "the workbook",
        }),
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

/// `GET /api/exercises?chapter=…`
async fn list(
    State(state): State<AppState>,
    Query(q): Query<ChapterQuery>,
) -> Result<Json<Value>, AppError> {
    let chapter = q.chapter.unwrap_or_default();
    if chapter.len() > MAX_NAME {
        return Err(AppError::BadRequest(
            "That chapter name is too long.".to_owned(),
        ));
    }
    let chosen: Vec<&'static Exercise> = Workbook::embedded()
        .exercises()
        .iter()
        .filter(|e| e.chapter == chapter)
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
        .map(|e| {
            let s = statuses
                .as_ref()
                .and_then(|all| all.iter().find(|s| s.exercise.id == e.id));
            let hints = e.hints();
            let seen = s.map_or(0, |s| s.hints_seen.min(hints.len()));
            json!({
                "id": e.id,
                "number": e.number,
                "title": e.title,
                "chapter": e.chapter,
                "task_html": book::markdown::render(e.task(), |_| None).html,
                "status": s.map(|s| status_label(s.status)),
                "hints": &hints[..seen],
                "hints_total": hints.len(),
                "check_command": format!("wiretrail exercises check {}", e.id),
                "hint_command": format!("wiretrail exercises hint {}", e.id),
            })
        })
        .collect();
    // What the 409 of a POST would say, so the cards can say it first.
    let setup = dir
        .is_none()
        .then(|| AppError::NoWorkbook(state.settings.workbook.clone()).message());
    Ok(Json(json!({
        "chapter": chapter,
        "workbook": dir.map(|d| d.display().to_string()),
        "setup": setup,
        "exercises": items,
    })))
}

/// The report as the card shows it.
fn report_json(report: &Report, status: Option<Status>) -> Value {
    let outcome = match report.outcome {
        Outcome::Passed => "passed",
        Outcome::Failed => "failed",
        Outcome::BuildFailed => "build_failed",
        Outcome::TimedOut => "timed_out",
    };
    let failures: Vec<Value> = report
        .failures
        .iter()
        .take(MAX_FAILURES)
        .map(|f| json!({ "name": f.name, "output": bounded(&f.output) }))
        .collect();
    json!({
        "id": report.id,
        "title": report.title,
        "passed": report.passed(),
        "outcome": outcome,
        "tests_passed": report.passed,
        "tests_failed": report.failed,
        "failures": failures,
        "failures_omitted": report.failures.len().saturating_sub(MAX_FAILURES),
        "restored": report.restored.iter().take(MAX_FAILURES).collect::<Vec<_>>(),
        "build_output": bounded(&report.build_output),
        "unfinished": report.unfinished.iter().take(MAX_FAILURES).collect::<Vec<_>>(),
        "time_limit_secs": report.time_limit.as_secs_f64(),
        "elapsed_ms": u64::try_from(report.elapsed.as_millis()).unwrap_or(u64::MAX),
        "status": status.map(status_label),
        "text": bounded(&report.to_string()),
    })
}

/// `POST /api/exercises/{id}/check`
async fn check(
    State(state): State<AppState>,
    Extension(grader): Extension<Grader>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<Value>, AppError> {
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
        Ok(Ok((report, status))) => Ok(Json(report_json(&report, status))),
        Ok(Err(err)) => {
            tracing::warn!(exercise = e.id, error = %err, "grading failed");
            Err(AppError::Workbook(bounded(&err.to_string())))
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
) -> Result<Json<Value>, AppError> {
    let (e, dir) = posted_to(&state, &headers, &id)?;
    match tokio::task::spawn_blocking(move || exercises::hint(&dir, e.id)).await {
        Ok(Ok(h)) => Ok(Json(json!({
            "id": e.id,
            "number": h.number,
            "total": h.total,
            "text": h.text,
            "last": h.number == h.total,
        }))),
        Ok(Err(err)) => {
            tracing::warn!(exercise = e.id, error = %err, "hint failed");
            Err(AppError::Workbook(bounded(&err.to_string())))
        }
        Err(_) => Err(AppError::Workbook("The hint could not be read.".to_owned())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outputs_are_cut_on_a_char_boundary() {
        let long = "é".repeat(MAX_OUTPUT);
        let cut = bounded(&long);
        assert!(cut.len() < MAX_OUTPUT + 100);
        assert!(cut.contains("more bytes"));
        assert_eq!(bounded("short"), "short");
    }

    #[test]
    fn ids_are_looked_up_never_used_raw() {
        assert_eq!(exercise("03-unmask").map(|e| e.id).ok(), Some("03-unmask"));
        assert!(exercise("../../etc/passwd").is_err());
        assert!(exercise(&"1".repeat(100)).is_err());
    }
}
