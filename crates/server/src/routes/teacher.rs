//! The teacher's view: `/teacher` and its API, `/api/teacher/…`, for the teacher alone.
//!
//! ```text
//!   GET  /teacher?token=T          sets the teacher's cookie, then 303 to /teacher
//!   GET  /teacher                  the page (students connected, rooms' traffic, controls)
//!   GET  /ko/teacher               the same page in Korean (?token=T too)
//!   GET  /api/teacher/rooms        every room and its members (nickname, browser, since)
//!   POST /api/teacher/broadcast    {"text"}: a message from "teacher" to every room
//!   POST /api/teacher/ping         a Ping frame to every student's socket (RFC 6455 §5.5.2)
//!   POST /api/teacher/close        {"code", "reason"}: Close every student's socket with it
//!   GET  /api/teacher/traffic      each room's last envelopes (messages, joins, leaves)
//!   GET  /api/teacher/quizzes      the chapters' MultipleChoice questions, to ask live
//!   GET  /api/teacher/question     the live question with its anonymous distribution
//!   POST /api/teacher/question     {"chapter", "n"}: ask question n of chapter's quiz.toml
//!   POST /api/teacher/question/close   no more answers
//!   POST /api/teacher/question/reveal  the right answer and the counts, to every student
//!   GET  /api/teacher/notes?chapter=08-websocket   that chapter's speaker notes (notes.md;
//!                                                  `&lang=ko`: po/ko-notes/, when current)
//! ```
//!
//! The speaker notes are the book's `chapters/NN-…/notes.md`: Markdown that SUMMARY.md does
//! not list, so neither mdBook nor the app's book shows them; only this API does.
//!
//! The teacher is a loopback client or whoever holds the token ([`crate::classroom`]);
//! outside classroom mode only a loopback client is. The close code must be one an endpoint
//! may send (RFC 6455 §7.4: not 1005, 1006 or 1015), so each student sees that very code
//! arrive in their own lab.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Query, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;
use websocket::close::CloseCode;

use crate::classroom::question::{Asked, Phase};
use crate::classroom::{TEACHER_COOKIE, Who};
use crate::site::lang::Lang;
use crate::site::pages::Page;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/teacher", get(page))
        .route("/ko/teacher", get(ko_page))
        .route("/api/teacher/rooms", get(rooms))
        .route("/api/teacher/broadcast", post(broadcast))
        .route("/api/teacher/ping", post(ping))
        .route("/api/teacher/close", post(close))
        .route("/api/teacher/traffic", get(traffic))
        .route("/api/teacher/quizzes", get(quizzes))
        .route("/api/teacher/question", get(tally).post(ask))
        .route("/api/teacher/question/close", post(close_question))
        .route("/api/teacher/question/reveal", post(reveal))
        .route("/api/teacher/notes", get(notes))
}

/// Not the teacher: 403 with a sentence.
#[derive(Debug)]
pub struct NotTeacher;

impl IntoResponse for NotTeacher {
    fn into_response(self) -> Response {
        (
            StatusCode::FORBIDDEN,
            Json(json!({"error": "The teacher's view needs the teacher's link (printed in the terminal that started the classroom)."})),
        )
            .into_response()
    }
}

/// Whether `req` comes from the teacher.
fn teacher(state: &AppState, req: &Request) -> Result<(), NotTeacher> {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0);
    match state.classroom.as_deref() {
        Some(c) if c.who(peer, req.headers()) == Who::Teacher => Ok(()),
        None if peer.is_some_and(|p| p.ip().is_loopback()) => Ok(()),
        _ => Err(NotTeacher),
    }
}

#[derive(Debug, Deserialize)]
struct TokenQuery {
    token: Option<String>,
}

/// `/teacher` (`templates/teacher.html`, built once: [`crate::site::pages`]).
async fn page(
    state: State<AppState>,
    query: Query<TokenQuery>,
    req: Request,
) -> Result<Response, NotTeacher> {
    page_in(Lang::En, state, query, req)
}

/// `/ko/teacher`: the same view in Korean.
async fn ko_page(
    state: State<AppState>,
    query: Query<TokenQuery>,
    req: Request,
) -> Result<Response, NotTeacher> {
    page_in(Lang::Ko, state, query, req)
}

fn page_in(
    lang: Lang,
    State(state): State<AppState>,
    Query(query): Query<TokenQuery>,
    req: Request,
) -> Result<Response, NotTeacher> {
    let here = if lang == Lang::Ko {
        "/ko/teacher"
    } else {
        "/teacher"
    };
    if let (Some(token), Some(c)) = (query.token, state.classroom.as_deref()) {
        if !c.is_token(&token) {
            return Err(NotTeacher);
        }
        // The token leaves the address bar (which may be on the projector) for a cookie.
        let mut response = Redirect::to(here).into_response();
        if let Ok(v) = HeaderValue::from_str(&format!(
            "{TEACHER_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict"
        )) {
            response.headers_mut().insert(header::SET_COOKIE, v);
        }
        return Ok(response);
    }
    teacher(&state, &req)?;
    let classroom = state.classroom.is_some();
    Ok(super::pages::page(
        &state,
        lang,
        Page::Teacher { classroom },
        &req,
    ))
}

/// Every room and its members; each member with the lab sessions its browser made and
/// whether each is still open (classroom mode only: the guard writes owners down), with
/// the export links of its captures.
async fn rooms(State(state): State<AppState>, req: Request) -> Result<Response, NotTeacher> {
    teacher(&state, &req)?;
    let rooms = state.rooms.list();
    let students: usize = rooms.iter().map(|r| r.members.len()).sum();
    let rooms: Vec<serde_json::Value> = rooms
        .iter()
        .map(|r| {
            let members: Vec<serde_json::Value> = r
                .members
                .iter()
                .map(|m| {
                    let labs = m.owner.as_deref().map(|o| labs_of(&state, o)).unwrap_or_default();
                    let mut v = json!(m);
                    v["labs"] = json!(labs);
                    v
                })
                .collect();
            json!({"room": r.room, "messages": r.messages, "slow_closed": r.slow_closed, "members": members})
        })
        .collect();
    Ok(Json(json!({"students": students, "rooms": rooms})).into_response())
}

/// The lab sessions a browser made that are still open, with their export links.
fn labs_of(state: &AppState, owner: &str) -> Vec<serde_json::Value> {
    use crate::classroom::guard::LabKind;
    state
        .owners
        .of(owner)
        .into_iter()
        .filter_map(|(id, kind)| {
            let (open, export) = match kind {
                LabKind::Ws => (state.ws.get(&id).is_some(), Some("ws")),
                LabKind::H2 => (state.h2.sessions.get(&id).is_some(), Some("h2")),
                LabKind::Push => (true, None),
            };
            open.then(|| {
                let exports = export.map(|lab| {
                    ["pcap", "har", "json", "md"]
                        .map(|f| json!({"format": f, "href": format!("/api/lab/{lab}/{id}/export?format={f}")}))
                });
                json!({"id": id, "lab": kind, "exports": exports})
            })
        })
        .collect()
}

async fn traffic(State(state): State<AppState>, req: Request) -> Result<Response, NotTeacher> {
    teacher(&state, &req)?;
    Ok(Json(json!({"rooms": state.rooms.logs()})).into_response())
}

/// The chapters with a quiz: folder, title, and each question (its number, prompt, and
/// whether it can be asked live — MultipleChoice only).
async fn quizzes(State(state): State<AppState>, req: Request) -> Result<Response, NotTeacher> {
    teacher(&state, &req)?;
    let site = state.book.current();
    let chapters: Vec<serde_json::Value> = chapters(&site.book)
        .into_iter()
        .map(|(folder, title)| {
            let questions: Vec<serde_json::Value> = quiz_of(&site.book, &folder)
                .map(|quiz| {
                    quiz.questions
                        .iter()
                        .enumerate()
                        .map(|(n, q)| json!({"n": n, "prompt": q.prompt.prompt, "live": q.kind == "MultipleChoice"}))
                        .collect()
                })
                .unwrap_or_default();
            let notes = site.book.speaker_notes(&folder).is_some();
            json!({"chapter": folder, "title": title, "questions": questions, "notes": notes})
        })
        .collect();
    Ok(Json(json!({"chapters": chapters})).into_response())
}

/// The chapters' folders (`08-websocket`) and titles, in the book's order.
fn chapters(book: &book::Book) -> Vec<(String, String)> {
    book.pages
        .iter()
        .filter_map(|p| {
            let folder = p.url.strip_suffix("/index.html")?;
            (!folder.contains('/')).then(|| (folder.to_owned(), p.title.clone()))
        })
        .collect()
}

fn quiz_of(book: &book::Book, folder: &str) -> Option<book::quiz::Quiz> {
    let bytes = book.asset(&format!("{folder}/quiz.toml"))?;
    book::quiz::parse(&String::from_utf8_lossy(bytes)).ok()
}

fn no_question() -> Response {
    (
        StatusCode::NOT_FOUND,
        Json(json!({"error": "No question is being asked: start one first."})),
    )
        .into_response()
}

async fn tally(State(state): State<AppState>, req: Request) -> Result<Response, NotTeacher> {
    teacher(&state, &req)?;
    Ok(match state.poll.tally() {
        Some(t) => Json(t).into_response(),
        None => Json(json!({"phase": "none"})).into_response(),
    })
}

#[derive(Debug, Deserialize)]
struct Ask {
    chapter: String,
    n: usize,
}

async fn ask(State(state): State<AppState>, req: Request) -> Response {
    if let Err(e) = teacher(&state, &req) {
        return e.into_response();
    }
    let a: Ask = match body(req).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    let site = state.book.current();
    let known = chapters(&site.book).iter().any(|(f, _)| *f == a.chapter);
    let asked = known
        .then(|| quiz_of(&site.book, &a.chapter))
        .flatten()
        .and_then(|quiz| Asked::from_quiz(&quiz, &format!("{}/quiz.toml", a.chapter), a.n));
    let Some(asked) = asked else {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({"error": format!("{} has no MultipleChoice question {}", a.chapter, a.n + 1)})),
        )
            .into_response();
    };
    let envelope = state.poll.start(asked);
    let reached = state.rooms.announce(&envelope);
    Json(json!({"reached": reached, "question": envelope})).into_response()
}

fn advance(state: &AppState, req: &Request, phase: Phase) -> Response {
    if let Err(e) = teacher(state, req) {
        return e.into_response();
    }
    let Some(envelope) = state.poll.advance(phase) else {
        return no_question();
    };
    let reached = state.rooms.announce(&envelope);
    Json(json!({"reached": reached, "question": envelope})).into_response()
}

async fn close_question(State(state): State<AppState>, req: Request) -> Response {
    advance(&state, &req, Phase::Closed)
}

async fn reveal(State(state): State<AppState>, req: Request) -> Response {
    advance(&state, &req, Phase::Revealed)
}

#[derive(Debug, Deserialize)]
struct NotesQuery {
    chapter: String,
    /// `ko` for the Korean notes (`po/ko-notes/`); English otherwise.
    #[serde(default)]
    lang: Option<String>,
}

/// A chapter's speaker notes as HTML (the book's Markdown options), in the language asked
/// for when a current translation exists; a stale one gives the English with `"stale":
/// true`, so the view marks it rather than show Korean for other English.
async fn notes(
    State(state): State<AppState>,
    Query(q): Query<NotesQuery>,
    req: Request,
) -> Result<Response, NotTeacher> {
    teacher(&state, &req)?;
    let site = state.book.current();
    let known = chapters(&site.book)
        .into_iter()
        .find(|(f, _)| *f == q.chapter);
    Ok(
        match known.and_then(|(f, title)| Some((site.book.speaker_notes(&f)?, title))) {
            Some((md, title)) => {
                use book::i18n::notes::{Translated, speaker_notes};
                let korean = match q.lang.as_deref() {
                    Some("ko") => speaker_notes("ko", &q.chapter, &md),
                    _ => Translated::Missing,
                };
                let (lang, stale, md) = match korean {
                    Translated::Current(ko) => ("ko", false, ko),
                    Translated::Stale => ("en", true, md),
                    Translated::Missing => ("en", false, md),
                };
                let html = book::markdown::render(&md, |_| None).html;
                Json(json!({
                    "chapter": q.chapter, "title": title, "html": html,
                    "lang": lang, "stale": stale,
                }))
                .into_response()
            }
            None => (
                StatusCode::NOT_FOUND,
                Json(json!({"error": format!("no speaker notes for {:?}", q.chapter)})),
            )
                .into_response(),
        },
    )
}

/// The bodies of the POSTs, read by hand after the teacher check (at most 4 KiB).
async fn body<T: serde::de::DeserializeOwned>(req: Request) -> Result<T, Response> {
    let bytes = axum::body::to_bytes(req.into_body(), 4096)
        .await
        .map_err(|_| (StatusCode::PAYLOAD_TOO_LARGE, "at most 4 KiB").into_response())?;
    serde_json::from_slice(&bytes).map_err(|e| {
        (
            StatusCode::BAD_REQUEST,
            Json(json!({"error": format!("cannot read the JSON body: {e}")})),
        )
            .into_response()
    })
}

#[derive(Debug, Deserialize)]
struct Broadcast {
    text: String,
}

async fn broadcast(State(state): State<AppState>, req: Request) -> Response {
    if let Err(e) = teacher(&state, &req) {
        return e.into_response();
    }
    let b: Broadcast = match body(req).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    let text: String = b
        .text
        .chars()
        .take(crate::classroom::room::MAX_TEXT / 4)
        .collect();
    Json(json!({"reached": state.rooms.broadcast(&text)})).into_response()
}

async fn ping(State(state): State<AppState>, req: Request) -> Response {
    if let Err(e) = teacher(&state, &req) {
        return e.into_response();
    }
    Json(json!({"reached": state.rooms.ping_all(b"teacher")})).into_response()
}

#[derive(Debug, Deserialize)]
struct Close {
    code: u16,
    #[serde(default)]
    reason: String,
}

async fn close(State(state): State<AppState>, req: Request) -> Response {
    if let Err(e) = teacher(&state, &req) {
        return e.into_response();
    }
    let c: Close = match body(req).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let code = CloseCode::from(c.code);
    if !code.is_sendable() || !(1000..5000).contains(&c.code) {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({"error": format!("{} may not be sent in a Close frame (RFC 6455 §7.4)", c.code)})),
        )
            .into_response();
    }
    Json(json!({"reached": state.rooms.close_all(code, &c.reason)})).into_response()
}
