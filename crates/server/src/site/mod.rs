//! What the server sends as bytes built once: the pages, the book, the static files.
//!
//! Each is a [`Cached`]: shared bytes (`Bytes`, so sending one costs a reference count, not
//! a copy), a strong ETag from its content, a `304` for a browser that has it already, and
//! gzip and brotli bodies made once, on first use. Nothing is rendered per request:
//!
//! - [`pages`]: the server's own pages (`/server.html`, the two labs), rendered when the
//!   app is built — they depend only on the settings;
//! - [`book`]: the history notebook's pages and `/print.html`, each rendered on its first
//!   request and kept, the search index, and the book's figures; with `--book DIR`, an
//!   author's working copy, the book is read again whenever a file in DIR changes;
//! - the `static/` files: [`crate::assets::cached`];
//! - [`lang`]: the editions (English at `/`, Korean at `/ko/`) and the switch between them.

pub mod book;
pub mod cached;
pub mod lang;
pub mod pages;

pub use cached::Cached;

/// A template's HTML. Rendering our templates cannot fail (their values are strings and
/// numbers); if it ever does, the page says so rather than the server stopping.
pub fn render(template: &impl askama::Template) -> String {
    template.render().unwrap_or_else(|e| {
        tracing::error!(error = %e, "a page could not be rendered");
        "<!doctype html><title>wiretrail</title><p>This page could not be rendered.".to_owned()
    })
}

/// The media type of every page.
pub const HTML: &str = "text/html; charset=utf-8";
