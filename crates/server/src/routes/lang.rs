//! The Korean edition at `/ko/…` (every page at the path the English one has under `/`,
//! `/ko/print.html`, `/ko/search-index.json`, its figures and data files, a 404 in Korean),
//! the language switch's endpoint, and the first visit's `Accept-Language`.
//!
//! - `GET /lang/{en|ko}?to=PATH` sets the `wt_lang` cookie and answers 303 to PATH (a path
//!   on this server only; anything else goes to that edition's start page). The switch on
//!   every page links there ([`crate::site::lang`]).
//! - An English book page asked for with `wt_lang=ko` is redirected to `/ko/` (the choice is
//!   remembered); with no `wt_lang` at all, `Accept-Language` decides once (RFC 9110
//!   §12.5.4: the language with the higher q-value of `ko` and `en`), and the redirect to
//!   `/ko/` sets the cookie, so the next visit follows the cookie, never the header again.
//!   `wt_lang=en` is never redirected.

use axum::Router;
use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::site::lang::Lang;
use crate::state::AppState;

/// The cookie that remembers the reader's language.
pub const COOKIE: &str = "wt_lang";

/// How long the choice is remembered (a year, in seconds).
const COOKIE_MAX_AGE: u32 = 365 * 24 * 60 * 60;

/// The longest `to` path the switch follows.
const MAX_TO: usize = 2048;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/ko",
            get(|| async { redirect(StatusCode::PERMANENT_REDIRECT, "/ko/") }),
        )
        .route("/ko/", get(index))
        .route("/ko/print.html", get(print))
        .route("/ko/search-index.json", get(search_index))
        .route("/ko/{*path}", get(page_or_asset))
        .route("/lang/{code}", get(switch))
}

async fn index(State(state): State<AppState>, req: Request) -> Response {
    let book = state.book.korean();
    match book.page("index.html") {
        Some(page) => page.respond(req.headers()),
        None => not_found(),
    }
}

async fn page_or_asset(
    State(state): State<AppState>,
    Path(path): Path<String>,
    req: Request,
) -> Response {
    let path = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path
    };
    let book = state.book.korean();
    if let Some(page) = book.page(&path) {
        return page.respond(req.headers());
    }
    match book.file(&path) {
        Some(file) => file.respond(req.headers()),
        None => not_found(),
    }
}

async fn print(State(state): State<AppState>, req: Request) -> Response {
    state.book.korean().print().respond(req.headers())
}

async fn search_index(State(state): State<AppState>, req: Request) -> Response {
    state.book.korean().search_index().respond(req.headers())
}

/// The Korean 404: a page, not a sentence, so the reader can go on from it.
fn not_found() -> Response {
    let body = "<!doctype html>\n<html lang=\"ko\">\n<head><meta charset=\"utf-8\"><title>페이지를 찾을 수 없습니다 — wiretrail</title>\n<link rel=\"stylesheet\" href=\"/static/theme.css\"><link rel=\"stylesheet\" href=\"/static/style.css\"></head>\n<body><main id=\"main\"><h1>페이지를 찾을 수 없습니다</h1>\n<p>이 주소에는 페이지가 없다. <a href=\"/ko/\">한국어판 첫 페이지</a>로 가거나 <a href=\"/lang/en?to=/\">English</a>로 읽을 수 있다.</p></main></body>\n</html>\n";
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, crate::site::HTML)],
        body,
    )
        .into_response()
}

#[derive(Debug, serde::Deserialize)]
struct SwitchQuery {
    to: Option<String>,
}

/// `GET /lang/{code}?to=PATH`: remember the language, go to PATH.
async fn switch(Path(code): Path<String>, Query(query): Query<SwitchQuery>) -> Response {
    let Some(lang) = Lang::from_code(&code) else {
        return (StatusCode::NOT_FOUND, "no such language").into_response();
    };
    let to = query
        .to
        .filter(|to| is_local_path(to))
        .unwrap_or_else(|| lang.root().to_owned());
    let mut response = redirect(StatusCode::SEE_OTHER, &to);
    if let Ok(cookie) = HeaderValue::from_str(&cookie(lang)) {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    response
}

fn cookie(lang: Lang) -> String {
    format!(
        "{COOKIE}={}; Path=/; Max-Age={COOKIE_MAX_AGE}; SameSite=Lax",
        lang.code()
    )
}

/// A path on this server: one `/`, then no second `/` or `\` (which a browser would read
/// as another host), no control characters, and not too long.
fn is_local_path(to: &str) -> bool {
    to.len() <= MAX_TO
        && to.starts_with('/')
        && !to.starts_with("//")
        && !to.starts_with("/\\")
        && !to.chars().any(char::is_control)
}

fn redirect(status: StatusCode, to: &str) -> Response {
    let mut response = status.into_response();
    if let Ok(location) = HeaderValue::from_str(to) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The `wt_lang` cookie's value, if the request has a known one.
fn cookie_lang(headers: &HeaderMap) -> Option<Lang> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .and_then(|(_, value)| Lang::from_code(value.trim()))
}

/// At most this many language ranges of an `Accept-Language` are looked at.
const MAX_RANGES: usize = 32;

/// Whether `Accept-Language` prefers Korean to English: `ko` (or `ko-KR`…) with a higher
/// q-value than any `en` range (a missing `en` counts 0; `*` is not Korean).
pub fn prefers_korean(headers: &HeaderMap) -> bool {
    let Some(value) = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let (mut ko, mut en) = (0.0_f32, 0.0_f32);
    for range in value.split(',').take(MAX_RANGES) {
        let mut parts = range.split(';');
        let tag = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        let q = parts
            .filter_map(|p| p.trim().strip_prefix("q="))
            .find_map(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0)
            .clamp(0.0, 1.0);
        let primary = tag.split('-').next().unwrap_or("");
        match primary {
            "ko" => ko = ko.max(q),
            "en" => en = en.max(q),
            _ => {}
        }
    }
    ko > 0.0 && ko > en
}

/// Whether `path` is one of the English book's pages (not a figure, data file or index).
fn is_book_page(path: &str) -> bool {
    path == "/" || path.ends_with(".html") || path.ends_with('/')
}

/// The middleware on the English book's routes: the remembered choice, or the first
/// visit's `Accept-Language`, may send the reader to the same page in Korean.
pub async fn first_visit(req: Request, next: Next) -> Response {
    if !matches!(*req.method(), Method::GET | Method::HEAD) || !is_book_page(req.uri().path()) {
        return next.run(req).await;
    }
    let (go, set_cookie) = match cookie_lang(req.headers()) {
        Some(Lang::Ko) => (true, false),
        Some(Lang::En) => (false, false),
        None => {
            let korean = prefers_korean(req.headers());
            (korean, korean)
        }
    };
    if !go {
        return next.run(req).await;
    }
    let mut to = format!("/ko{}", req.uri().path());
    if let Some(q) = req.uri().query() {
        to.push('?');
        to.push_str(q);
    }
    if !is_local_path(&to) {
        return next.run(req).await;
    }
    let mut response = redirect(StatusCode::FOUND, &to);
    response.headers_mut().insert(
        header::VARY,
        HeaderValue::from_static("accept-language, cookie"),
    );
    if set_cookie && let Ok(cookie) = HeaderValue::from_str(&cookie(Lang::Ko)) {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(list: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (name, value) in list {
            h.append(*name, HeaderValue::from_static(value));
        }
        h
    }

    #[test]
    fn accept_language_by_q_values() {
        assert!(prefers_korean(&headers(&[(
            "accept-language",
            "ko-KR,ko;q=0.9,en-US;q=0.8"
        )])));
        assert!(prefers_korean(&headers(&[("accept-language", "ko")])));
        assert!(!prefers_korean(&headers(&[(
            "accept-language",
            "en-US,en;q=0.9,ko;q=0.8"
        )])));
        assert!(!prefers_korean(&headers(&[("accept-language", "ko;q=0")])));
        assert!(!prefers_korean(&headers(&[("accept-language", "*")])));
        assert!(!prefers_korean(&headers(&[])));
    }

    #[test]
    fn cookies_and_paths() {
        assert_eq!(
            cookie_lang(&headers(&[("cookie", "a=b; wt_lang=ko")])),
            Some(Lang::Ko)
        );
        assert_eq!(cookie_lang(&headers(&[("cookie", "wt_lang=xx")])), None);
        assert!(is_local_path("/ko/08-websocket/handshake.html"));
        for bad in [
            "//evil.example/",
            "/\\evil",
            "https://evil.example/",
            "",
            "/a\nb",
        ] {
            assert!(!is_local_path(bad), "{bad:?}");
        }
    }
}
