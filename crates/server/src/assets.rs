//! The files under `static/`, embedded in the binary so the app runs from anywhere, offline.

/// One embedded file.
#[derive(Debug)]
pub struct Asset {
    pub body: &'static [u8],
    pub content_type: &'static str,
}

macro_rules! assets {
    ($($path:literal => $type:literal),* $(,)?) => {
        /// The embedded file at `path` (relative to `static/`), if there is one.
        pub fn get(path: &str) -> Option<Asset> {
            match path {
                $($path => Some(Asset {
                    body: include_bytes!(concat!("../../../static/", $path)),
                    content_type: $type,
                }),)*
                _ => None,
            }
        }
    };
}

assets! {
    "style.css" => "text/css; charset=utf-8",
    "echo.js" => "text/javascript; charset=utf-8",
    "lab.css" => "text/css; charset=utf-8",
    "lab/dom.js" => "text/javascript; charset=utf-8",
    "lab/bitgrid.js" => "text/javascript; charset=utf-8",
    "lab/cards.js" => "text/javascript; charset=utf-8",
    "lab/events.js" => "text/javascript; charset=utf-8",
    "lab/capture.js" => "text/javascript; charset=utf-8",
    "lab/workbench.js" => "text/javascript; charset=utf-8",
    "lab/lab.js" => "text/javascript; charset=utf-8",
}
