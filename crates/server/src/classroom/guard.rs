//! The LAN rules of classroom mode, as one middleware in front of every route.
//!
//! ```text
//!   request ──▶ who? (loopback or token: the teacher; else a student, by address)
//!            ──▶ teacher-only path?          a student gets 403
//!            ──▶ the student's bucket empty?  429 Too Many Requests (RFC 6585 §4)
//!            ──▶ names another client's lab session?  404, as if there were none
//!            ──▶ the route; a new session's id is written down as this client's
//! ```
//!
//! A client is its `wt_client` cookie (128 random bits, set on the first response,
//! `HttpOnly; SameSite=Strict`): a session id seen on the projector is useless in another
//! browser. The guard keeps its own table of ids and owners, so the labs need not know about
//! classrooms: it reads the `id` of each `201 Created` the session endpoints answer.

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::Mutex;

use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::limits::Kind;
use super::{CLIENT_COOKIE, Classroom, Who, cookie, random_hex};
use crate::state::AppState;

/// The most session ids whose owner is remembered (the labs keep at most 64 each).
const MAX_OWNED: usize = 4096;
/// The largest session-creation answer read to learn its id.
const MAX_CREATED_BODY: usize = 64 * 1024;

/// Paths only the teacher may use: the workbook (it grades with cargo on the teacher's
/// machine and reads the teacher's files), the push lab's headless runs (the server's own
/// clients), and the teacher's own view. (The h2c captures answer a student too, but list
/// only the captures made from the student's own address: [`Student`].)
const TEACHER_ONLY: &[&str] = &["/api/exercises", "/api/push/run", "/api/teacher"];

/// Put on a student's request by the guard: the address the routes filter by (the HTTP/2
/// lab's captures show a student only their own machine's).
#[derive(Debug, Clone, Copy)]
pub struct Student(pub std::net::IpAddr);

/// Which lab a session belongs to, from the path that made it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LabKind {
    Ws,
    H2,
    Push,
}

impl LabKind {
    fn of_path(path: &str) -> LabKind {
        if path.contains("/h2/") {
            LabKind::H2
        } else if path.contains("/push/") {
            LabKind::Push
        } else {
            LabKind::Ws
        }
    }
}

/// Each session id's maker (its `wt_client`) and lab.
type OwnerMap = HashMap<String, (String, LabKind)>;

/// Which client made which lab session.
#[derive(Debug, Default)]
pub struct Owners {
    /// The map, and the ids in the order they were made (the oldest is forgotten first).
    inner: Mutex<(OwnerMap, VecDeque<String>)>,
}

impl Owners {
    fn insert(&self, id: String, client: String, kind: LabKind) {
        if let Ok(mut guard) = self.inner.lock() {
            let (map, order) = &mut *guard;
            if map.len() >= MAX_OWNED
                && let Some(old) = order.pop_front()
            {
                map.remove(&old);
            }
            order.push_back(id.clone());
            map.insert(id, (client, kind));
        }
    }

    /// The sessions `client` made (id and lab), newest last; at most [`MAX_OWNED`].
    pub fn of(&self, client: &str) -> Vec<(String, LabKind)> {
        let Ok(guard) = self.inner.lock() else {
            return Vec::new();
        };
        let (map, order) = &*guard;
        order
            .iter()
            .filter_map(|id| {
                let (owner, kind) = map.get(id)?;
                (owner == client).then(|| (id.clone(), *kind))
            })
            .collect()
    }

    /// Whether `id` is a session some other client than `client` made.
    fn is_foreign(&self, id: &str, client: &str) -> bool {
        self.inner
            .lock()
            .ok()
            .and_then(|g| g.0.get(id).map(|(owner, _)| owner != client))
            .unwrap_or(false)
    }
}

/// Why the guard refused.
#[derive(Debug, Clone, Copy)]
pub enum Refusal {
    /// A teacher-only path asked by a student.
    TeacherOnly,
    /// A bucket is empty.
    Limit(Kind),
    /// Another client's session.
    NotYours,
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let (status, sentence) = match self {
            Refusal::TeacherOnly => (
                StatusCode::FORBIDDEN,
                "In classroom mode only the teacher may use this (it runs programs or reads files on the teacher's machine).",
            ),
            Refusal::Limit(kind) => (StatusCode::TOO_MANY_REQUESTS, kind.sentence()),
            Refusal::NotYours => (
                StatusCode::NOT_FOUND,
                "No lab session has this id in this browser.",
            ),
        };
        let mut response =
            (status, axum::Json(serde_json::json!({ "error": sentence }))).into_response();
        if let Refusal::Limit(_) = self {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
        }
        response
    }
}

/// The middleware (`axum::middleware::from_fn_with_state`); a no-op outside classroom mode.
pub async fn guard(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let Some(classroom) = state.classroom.as_deref() else {
        return next.run(req).await;
    };
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0);
    let who = classroom.who(peer, req.headers());
    let known = cookie(req.headers(), CLIENT_COOKIE)
        .filter(|c| c.len() == 32 && c.bytes().all(|b| b.is_ascii_hexdigit()))
        .map(str::to_owned);
    let client = known.clone().unwrap_or_else(random_hex);
    if let Err(refusal) = check(classroom, &state, &who, &client, &req) {
        return refusal.into_response();
    }
    if let Who::Student(ip) = who {
        req.extensions_mut().insert(Student(ip));
    }
    let creates = (req.method() == Method::POST && req.uri().path().ends_with("/sessions"))
        .then(|| LabKind::of_path(req.uri().path()));
    let mut response = next.run(req).await;
    if let Some(kind) = creates
        && response.status() == StatusCode::CREATED
    {
        response = remember(&state.owners, response, &client, kind).await;
    }
    if known.is_none()
        && let Ok(value) = HeaderValue::from_str(&format!(
            "{CLIENT_COOKIE}={client}; Path=/; HttpOnly; SameSite=Strict"
        ))
    {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

/// The rules, in order.
fn check(
    classroom: &Classroom,
    state: &AppState,
    who: &Who,
    client: &str,
    req: &Request,
) -> Result<(), Refusal> {
    let Who::Student(ip) = who else {
        return Ok(());
    };
    let path = req.uri().path();
    if TEACHER_ONLY
        .iter()
        .any(|p| path == *p || path.starts_with(&format!("{p}/")))
    {
        return Err(Refusal::TeacherOnly);
    }
    let upgrade = req.headers().contains_key(header::UPGRADE);
    let kind = if req.method() == Method::POST && path.ends_with("/sessions") {
        Some(Kind::Session)
    } else if upgrade {
        Some(Kind::Socket)
    } else if path.starts_with("/api/") {
        Some(Kind::Api)
    } else {
        None
    };
    if let Some(kind) = kind
        && !classroom.limits.take(*ip, kind)
    {
        return Err(Refusal::Limit(kind));
    }
    let query_ids = req
        .uri()
        .query()
        .into_iter()
        .flat_map(|q| q.split('&'))
        .filter_map(|pair| pair.strip_prefix("session="));
    if path
        .split('/')
        .chain(query_ids)
        .any(|id| id.len() >= 16 && state.owners.is_foreign(id, client))
    {
        return Err(Refusal::NotYours);
    }
    Ok(())
}

/// Reads a `201 Created` session answer's `id` and writes it down as `client`'s.
async fn remember(owners: &Owners, response: Response, client: &str, kind: LabKind) -> Response {
    let (parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_CREATED_BODY).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "session answer too long").into_response();
    };
    if let Ok(value) = serde_json::from_slice::<serde_json::Value>(&bytes)
        && let Some(id) = value.get("id").and_then(|v| v.as_str())
    {
        owners.insert(id.to_owned(), client.to_owned(), kind);
    }
    Response::from_parts(parts, Body::from(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owners_are_bounded_and_exact() {
        let owners = Owners::default();
        owners.insert("s1".into(), "alice".into(), LabKind::Ws);
        owners.insert("s2".into(), "alice".into(), LabKind::H2);
        assert_eq!(
            owners.of("alice"),
            [
                ("s1".to_owned(), LabKind::Ws),
                ("s2".to_owned(), LabKind::H2)
            ]
        );
        assert!(owners.is_foreign("s1", "bob"));
        assert!(!owners.is_foreign("s1", "alice"));
        assert!(!owners.is_foreign("unknown", "bob"));
        for i in 0..MAX_OWNED {
            owners.insert(format!("x{i}"), "c".into(), LabKind::Push);
        }
        assert!(!owners.is_foreign("s1", "bob"), "the oldest is forgotten");
    }
}
