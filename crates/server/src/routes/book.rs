//! The history notebook: every chapter at the URL mdBook gives it (`/08-websocket/frames.html`,
//! `README.md` as `index.html`), figures beside them, the whole book on one page for
//! printing, and the search index. The bytes are built once ([`crate::site::book`]); here
//! they are only found and sent, with their ETag, a 304 when the browser has them, and the
//! content coding it asks for.

use axum::Router;
use axum::extract::{Request, State};
use axum::response::Response;
use axum::routing::get;

use crate::error::AppError;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(index))
        .route("/print.html", get(print))
        .route("/search-index.json", get(search_index))
        .fallback(page_or_asset)
        // The reader's language: the remembered choice, or the first visit's Accept-Language.
        .layer(axum::middleware::from_fn(super::lang::first_visit))
}

// The handlers take the whole request rather than a `HeaderMap`, which axum would clone.

async fn index(State(state): State<AppState>, req: Request) -> Result<Response, AppError> {
    let book = state.book.current();
    let page = book
        .page("index.html")
        .ok_or_else(|| AppError::NotFound("index.html".into()))?;
    Ok(page.respond(req.headers()))
}

async fn page_or_asset(State(state): State<AppState>, req: Request) -> Result<Response, AppError> {
    let path = req.uri().path().trim_start_matches('/');
    // A folder means its index, as a static server does for mdBook's output.
    let path = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_owned()
    };
    let book = state.book.current();
    if let Some(page) = book.page(&path) {
        return Ok(page.respond(req.headers()));
    }
    let file = book.file(&path).ok_or(AppError::NotFound(path))?;
    Ok(file.respond(req.headers()))
}

/// The whole book on one page, for printing (or reading offline in one go).
async fn print(State(state): State<AppState>, req: Request) -> Response {
    state.book.current().print().respond(req.headers())
}

async fn search_index(State(state): State<AppState>, req: Request) -> Response {
    state.book.current().search_index().respond(req.headers())
}

#[cfg(test)]
mod tests {
    use axum::body::{Body, to_bytes};
    use axum::http::{Request, StatusCode, header};
    use clap::Parser;
    use tower::ServiceExt;

    use crate::app::app;
    use crate::cmd::cli::Cli;
    use crate::state::AppState;

    async fn get(
        app: &axum::Router,
        uri: &str,
        headers: &[(&str, &str)],
    ) -> axum::response::Response {
        let mut request = Request::get(uri);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        app.clone()
            .oneshot(request.body(Body::empty()).unwrap())
            .await
            .unwrap()
    }

    /// Every kind of page: the same bytes every time, a tag, a 304 for it, the coding asked.
    #[tokio::test]
    async fn pages_revalidate_and_compress() {
        let app = app(AppState::new(Cli::parse_from(["wiretrail"]).serve.into()));
        for uri in [
            "/",
            "/08-websocket/frames.html",
            "/print.html",
            "/search-index.json",
            "/server.html",
            "/labs/websocket",
            "/static/style.css",
            "/01-before-arpanet/figure-baran-topologies.svg",
        ] {
            let first = get(&app, uri, &[]).await;
            assert_eq!(first.status(), StatusCode::OK, "{uri}");
            assert_eq!(first.headers()[header::CACHE_CONTROL], "no-cache", "{uri}");
            assert!(
                first.headers().get(header::CONTENT_ENCODING).is_none(),
                "{uri}"
            );
            // The app's security headers are still added.
            assert!(
                first
                    .headers()
                    .contains_key(header::CONTENT_SECURITY_POLICY),
                "{uri}"
            );
            let etag = first.headers()[header::ETAG].to_str().unwrap().to_owned();
            let body = to_bytes(first.into_body(), usize::MAX).await.unwrap();
            let again = get(&app, uri, &[]).await;
            assert_eq!(
                to_bytes(again.into_body(), usize::MAX).await.unwrap(),
                body,
                "{uri}"
            );

            let revalidated = get(&app, uri, &[("if-none-match", &etag)]).await;
            assert_eq!(revalidated.status(), StatusCode::NOT_MODIFIED, "{uri}");
            assert!(
                to_bytes(revalidated.into_body(), usize::MAX)
                    .await
                    .unwrap()
                    .is_empty()
            );

            let br = get(&app, uri, &[("accept-encoding", "gzip, deflate, br, zstd")]).await;
            assert_eq!(br.headers()[header::CONTENT_ENCODING], "br", "{uri}");
            assert_eq!(br.headers()[header::VARY], "accept-encoding", "{uri}");
            assert_ne!(br.headers()[header::ETAG], etag.as_str(), "{uri}");
        }
        assert_eq!(
            get(&app, "/nope.html", &[]).await.status(),
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            get(&app, "/SUMMARY.md", &[]).await.status(),
            StatusCode::NOT_FOUND
        );
    }
}
