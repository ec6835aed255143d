//! The files under `static/`, embedded in the binary at build time (see `build.rs`), so the
//! app runs from anywhere, offline. Adding a file to `static/` is all it takes to serve it.

use std::collections::HashMap;
use std::sync::OnceLock;

use axum::body::Bytes;

use crate::site::Cached;

include!(concat!(env!("OUT_DIR"), "/static_files.rs"));

/// One embedded file.
#[derive(Debug)]
pub struct Asset {
    pub body: &'static [u8],
    pub content_type: &'static str,
}

/// The embedded file at `path` (relative to `static/`), if there is one.
pub fn get(path: &str) -> Option<Asset> {
    let body = STATIC_FILES
        .iter()
        .find_map(|(p, bytes)| (*p == path).then_some(*bytes))?;
    Some(Asset {
        body,
        content_type: content_type(path),
    })
}

/// The embedded file at `path` as served: shared bytes with their ETag and compressed
/// bodies (see [`Cached`]), made on the first request for any static file.
pub fn cached(path: &str) -> Option<&'static Cached> {
    static CACHED: OnceLock<HashMap<&'static str, Cached>> = OnceLock::new();
    CACHED
        .get_or_init(|| {
            STATIC_FILES
                .iter()
                .map(|(p, bytes)| (*p, Cached::new(content_type(p), Bytes::from_static(bytes))))
                .collect()
        })
        .get(path)
}

/// The media type of a static file, by its extension.
pub fn content_type(path: &str) -> &'static str {
    match path.rsplit_once('.').map(|(_, ext)| ext) {
        Some("css") => "text/css; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("json") => "application/json",
        // The book's data files (timeline.toml, quiz.toml): readable in a browser tab.
        Some("toml") => "text/plain; charset=utf-8",
        Some("html") => "text/html; charset=utf-8",
        Some("woff2") => "font/woff2",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_static_file_is_served_with_a_type() {
        for (path, _) in super::STATIC_FILES {
            let asset = super::get(path).unwrap();
            assert_ne!(asset.content_type, "application/octet-stream", "{path}");
        }
        assert!(super::get("style.css").is_some());
        assert!(super::get("../Cargo.toml").is_none());
        assert!(super::cached("style.css").is_some());
        assert!(super::cached("../Cargo.toml").is_none());
    }
}
