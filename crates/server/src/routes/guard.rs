//! The guard in front of every `POST /api/...`: no cross-site simple requests, and a body
//! cap.
//!
//! A page on any other site can make the learner's browser send a *simple* request to
//! `127.0.0.1:8080` — a POST whose Content-Type is `text/plain`, a form's, or none — without
//! the server's consent, and without being able to read the answer; but the server does the
//! work (a dissection of a MiB of hex, a lab session). Anything else — a custom header, a
//! JSON content type — makes the browser ask first with a CORS preflight (`OPTIONS`), which
//! this server never grants (Fetch §3.2.3, "CORS-safelisted request-header"). So every POST
//! to `/api/` must carry `X-Wiretrail: 1` or `Content-Type: application/json`; the app's own
//! pages send the header, and so must curl (`curl -H 'X-Wiretrail: 1' …`). Without either:
//! 415 with a sentence that says so.
//!
//! The body cap: [`MAX_API_BODY`] (64 KiB) for every `/api/` request, [`MAX_HEX_BODY`] for
//! the dissect API; a declared `Content-Length` past it is 413 before a byte of the body is
//! read, and [`DefaultBodyLimit`] (set in [`crate::app`]) stops a chunked body at the same
//! size.

use axum::body::HttpBody as _;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::AppError;
pub use crate::routes::dissect::MAX_HEX_BODY;

/// The header the app's pages (and curl users) send with every POST to `/api/`.
pub const HEADER: &str = "x-wiretrail";
/// The largest body of any `/api/` request but the dissect API's.
pub const MAX_API_BODY: usize = 64 * 1024;

/// The body limit every extractor of the app reads (the dissect API sets its own).
pub fn body_limit() -> DefaultBodyLimit {
    DefaultBodyLimit::max(MAX_API_BODY)
}

/// The middleware: refuses a POST to `/api/` that a page of another site could have sent,
/// and a body declared larger than the route takes.
pub async fn guard(request: Request, next: Next) -> Response {
    let path = request.uri().path();
    if !path.starts_with("/api/") {
        return next.run(request).await;
    }
    let cap = if path.starts_with("/api/dissect/") {
        MAX_HEX_BODY
    } else {
        MAX_API_BODY
    };
    // The declared length, or at least what the body already says it holds.
    let at_least = declared_length(request.headers()).unwrap_or(request.body().size_hint().lower());
    if at_least > cap as u64 {
        return AppError::BodyTooLarge(cap).into_response();
    }
    if request.method() == Method::POST && !from_a_page(request.headers()) {
        return AppError::NotFromAPage.into_response();
    }
    next.run(request).await
}

fn declared_length(headers: &HeaderMap) -> Option<u64> {
    headers
        .get(header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()
}

/// True when the request carries what no cross-site simple request can: `X-Wiretrail: 1`,
/// or a JSON content type (`application/json`, any parameters).
pub fn from_a_page(headers: &HeaderMap) -> bool {
    let marked = headers
        .get(HEADER)
        .is_some_and(|v| v.as_bytes().trim_ascii() == b"1");
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|essence| essence.trim().eq_ignore_ascii_case("application/json"));
    marked || json
}

#[cfg(test)]
mod tests {
    use axum::body::Body;
    use axum::http::StatusCode;
    use clap::Parser;
    use tower::ServiceExt;

    use super::*;
    use crate::app::app;
    use crate::cmd::cli::Cli;
    use crate::state::AppState;

    fn test_app() -> axum::Router {
        let cli = Cli::parse_from(["wiretrail"]);
        app(AppState::new(cli.serve.into()))
    }

    async fn post(headers: &[(&str, &str)], uri: &str, body: Vec<u8>) -> (StatusCode, String) {
        let mut request = Request::post(uri);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let request = request.body(Body::from(body)).unwrap();
        let response = test_app().oneshot(request).await.unwrap();
        let status = response.status();
        let bytes = axum::body::to_bytes(response.into_body(), 8 << 20)
            .await
            .unwrap();
        (status, String::from_utf8_lossy(&bytes).into_owned())
    }

    #[tokio::test]
    async fn a_simple_cross_site_post_is_refused_and_a_marked_one_answers() {
        let hex = b"8100".to_vec();
        for headers in [
            &[][..],
            &[("content-type", "text/plain")][..],
            &[("content-type", "application/x-www-form-urlencoded")][..],
            &[("x-wiretrail", "0")][..],
        ] {
            let (status, body) = post(headers, "/api/dissect/ws", hex.clone()).await;
            assert_eq!(status, 415, "{headers:?}: {body}");
            assert!(body.contains("X-Wiretrail: 1"), "{body}");
        }
        for headers in [
            &[("x-wiretrail", "1")][..],
            &[("content-type", "application/json; charset=utf-8")][..],
        ] {
            let (status, body) = post(headers, "/api/dissect/ws", hex.clone()).await;
            assert_eq!(status, 200, "{headers:?}: {body}");
        }
        // Not an API: the guard stays out of the way (a 405 from the router, not a 415).
        let (status, _) = post(&[], "/", Vec::new()).await;
        assert_eq!(status, 405);
    }

    #[tokio::test]
    async fn a_body_past_the_cap_is_413() {
        let mark = [("x-wiretrail", "1")];
        let big = vec![b'{'; MAX_API_BODY + 1];
        let (status, body) = post(&mark, "/api/lab/ws/sessions", big).await;
        assert_eq!(status, 413, "{body}");
        let (status, body) = post(&mark, "/api/cells/ipv4", vec![b' '; MAX_API_BODY + 1]).await;
        assert_eq!(status, 413, "{body}");
        // The dissect API takes up to 1 MiB of hex.
        let hex = b"81 00 ".repeat(MAX_API_BODY / 6 + 1);
        let (status, _) = post(&mark, "/api/dissect/ws", hex).await;
        assert_eq!(status, 200);
        let (status, _) = post(&mark, "/api/dissect/ws", vec![b' '; MAX_HEX_BODY + 1]).await;
        assert_eq!(status, 413);
    }
}
