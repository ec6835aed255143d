//! The history notebook: every chapter at the URL mdBook gives it (`/08-websocket/frames.html`,
//! `README.md` as `index.html`), figures beside them, the whole book on one page for
//! printing, and the search index. The pages were rendered once, at start-up, by the `book`
//! crate; here they are only wrapped in the layout.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use book::{Book, TocEntry};

use crate::error::AppError;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(index))
        .route("/print.html", get(print))
        .route("/search-index.json", get(search_index))
        .fallback(page_or_asset)
}

#[derive(Template, WebTemplate)]
#[template(path = "book_page.html")]
struct BookPage<'a> {
    title: &'a str,
    url: &'a str,
    toc: &'a [TocEntry],
    html: &'a str,
    /// `(url, title)` of the previous and next pages.
    prev: Option<(&'a str, &'a str)>,
    next: Option<(&'a str, &'a str)>,
}

fn render_page(book: &Book, url: &str) -> Option<Response> {
    let page = book.page(url)?;
    let link = |i: Option<usize>| {
        i.and_then(|i| book.pages.get(i))
            .map(|p| (p.url.as_str(), p.title.as_str()))
    };
    let view = BookPage {
        title: &page.title,
        url: &page.url,
        toc: &book.toc,
        html: &page.html,
        prev: link(page.prev),
        next: link(page.next),
    };
    Some(view.into_response())
}

async fn index(State(state): State<AppState>) -> Result<Response, AppError> {
    render_page(&state.book, "index.html").ok_or_else(|| AppError::NotFound("index.html".into()))
}

async fn page_or_asset(State(state): State<AppState>, uri: Uri) -> Result<Response, AppError> {
    let path = uri.path().trim_start_matches('/');
    // A folder means its index, as a static server does for mdBook's output.
    let path = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_owned()
    };
    if let Some(response) = render_page(&state.book, &path) {
        return Ok(response);
    }
    let bytes = state
        .book
        .asset(&path)
        .ok_or_else(|| AppError::NotFound(path.clone()))?;
    let mut response = bytes.to_vec().into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(crate::assets::content_type(&path)),
    );
    Ok(response)
}

/// The whole book on one page, for printing (or reading offline in one go).
async fn print(State(state): State<AppState>) -> Response {
    let html = state.book.print_html();
    BookPage {
        title: "The whole book",
        url: "print.html",
        toc: &state.book.toc,
        html: &html,
        prev: None,
        next: None,
    }
    .into_response()
}

async fn search_index(State(state): State<AppState>) -> Response {
    let mut response = state.search_index.to_string().into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}
