//! The server's own pages: the page about this server, the four labs' pages and the
//! teacher's view, in English and in Korean. Their content depends only on the settings, so
//! each is rendered once, when the app is built.
//!
//! The Korean page is the English template through `po/pages/ko.po`
//! ([`crate::i18n::html::translate`]), never a second template:
//!
//! ```text
//! template ──render with {addr}, {max_message}…──▶ English HTML ──translate──▶ lang="ko",
//!   links to /ko/labs/… ──{addr} → 127.0.0.1:8080──▶ /ko/labs/websocket
//! ```
//!
//! The values are placeholders while the page is translated, so a message never depends on
//! the address or a limit (`Messages up to {max_message} bytes`); [`messages`] extracts from
//! the same placeholder rendering. The English pages are the template rendered with the
//! values, as they always were.

use std::collections::HashMap;

use askama::Template;
use axum::body::Bytes;

use super::lang::{Lang, Switch};
use super::{Cached, HTML, render};
use crate::config::Settings;
use crate::i18n::{Domain, Message, catalog, html};

#[derive(Template)]
#[template(path = "home.html")]
struct Home {
    switch: Switch,
    addr: String,
    max_message: String,
    handshake_secs: String,
}

/// The live WebSocket lab (`templates/lab_websocket.html`, `static/lab/`): the page explains
/// the lab without JavaScript; its scripts open the lab session, the event stream and the
/// learner's socket.
#[derive(Template)]
#[template(path = "lab_websocket.html")]
struct LabWebSocket {
    switch: Switch,
    addr: String,
    max_message: String,
    handshake_secs: String,
}

/// The HTTP/2 lab (`templates/lab_http2.html`, `static/lab/h2.js`): the server's own h2c
/// conversation and the captured sessions of other clients, frame by frame.
#[derive(Template)]
#[template(path = "lab_http2.html")]
struct LabHttp2 {
    switch: Switch,
    addr: String,
    max_captures: String,
    capture_kib: String,
}

/// The push lab (`templates/lab_push.html`, `static/lab/push.js`).
#[derive(Template)]
#[template(path = "lab_push.html")]
struct LabPush {
    switch: Switch,
    addr: String,
    max_events: String,
    max_delay_ms: String,
    max_payload: String,
    max_run_s: String,
    hold_s: String,
    retry_ms: String,
}

/// The chat-room lab (`templates/lab_room.html`, `static/room.js`).
#[derive(Template)]
#[template(path = "lab_room.html")]
struct LabRoom {
    switch: Switch,
    max_text: String,
    history: String,
    queue: String,
}

/// The teacher's view (`templates/teacher.html`, `static/teacher.js`).
#[derive(Template)]
#[template(path = "teacher.html")]
struct Teacher {
    switch: Switch,
    classroom: bool,
}

/// One of the server's pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    Home,
    LabWebSocket,
    LabHttp2,
    LabPush,
    LabRoom,
    /// The teacher's view, in classroom mode or not.
    Teacher {
        classroom: bool,
    },
}

impl Page {
    pub const ALL: [Page; 7] = [
        Page::Home,
        Page::LabWebSocket,
        Page::LabHttp2,
        Page::LabPush,
        Page::LabRoom,
        Page::Teacher { classroom: false },
        Page::Teacher { classroom: true },
    ];

    /// Its path under an edition's root (`labs/websocket`: `/labs/websocket`,
    /// `/ko/labs/websocket`).
    pub fn url(self) -> &'static str {
        match self {
            Page::Home => "server.html",
            Page::LabWebSocket => "labs/websocket",
            Page::LabHttp2 => "labs/http2",
            Page::LabPush => "labs/push",
            Page::LabRoom => "labs/room",
            Page::Teacher { .. } => "teacher",
        }
    }

    /// Its template, as a message's reference.
    pub fn template(self) -> &'static str {
        match self {
            Page::Home => "templates/home.html",
            Page::LabWebSocket => "templates/lab_websocket.html",
            Page::LabHttp2 => "templates/lab_http2.html",
            Page::LabPush => "templates/lab_push.html",
            Page::LabRoom => "templates/lab_room.html",
            Page::Teacher { .. } => "templates/teacher.html",
        }
    }

    fn index(self) -> usize {
        Page::ALL.iter().position(|&p| p == self).unwrap_or(0)
    }

    /// The page's HTML, each value given by `v` (a value, or its `{name}` placeholder).
    fn render(self, lang: Lang, v: &dyn Fn(&str) -> String) -> String {
        let switch = lang.switch(self.url());
        match self {
            Page::Home => render(&Home {
                switch,
                addr: v("addr"),
                max_message: v("max_message"),
                handshake_secs: v("handshake_secs"),
            }),
            Page::LabWebSocket => render(&LabWebSocket {
                switch,
                addr: v("addr"),
                max_message: v("max_message"),
                handshake_secs: v("handshake_secs"),
            }),
            Page::LabHttp2 => render(&LabHttp2 {
                switch,
                addr: v("addr"),
                max_captures: v("max_captures"),
                capture_kib: v("capture_kib"),
            }),
            Page::LabPush => render(&LabPush {
                switch,
                addr: v("addr"),
                max_events: v("max_events"),
                max_delay_ms: v("max_delay_ms"),
                max_payload: v("max_payload"),
                max_run_s: v("max_run_s"),
                hold_s: v("hold_s"),
                retry_ms: v("retry_ms"),
            }),
            Page::LabRoom => render(&LabRoom {
                switch,
                max_text: v("max_text"),
                history: v("history"),
                queue: v("queue"),
            }),
            Page::Teacher { classroom } => render(&Teacher { switch, classroom }),
        }
    }
}

/// `{name}`: a value while a page is translated.
fn placeholder(name: &str) -> String {
    format!("{{{name}}}")
}

/// The values the pages show, by name.
fn values(s: &Settings) -> HashMap<&'static str, String> {
    use crate::classroom::room;
    use crate::labs::push;
    HashMap::from([
        ("addr", s.addr.to_string()),
        ("max_message", s.max_message.to_string()),
        ("handshake_secs", s.handshake_timeout.as_secs().to_string()),
        (
            "max_captures",
            crate::labs::h2::captures::MAX_CAPTURES.to_string(),
        ),
        (
            "capture_kib",
            (crate::labs::h2::session::MAX_CAPTURE_BYTES / 1024).to_string(),
        ),
        ("max_events", push::MAX_EVENTS.to_string()),
        ("max_delay_ms", push::MAX_DELAY_MS.to_string()),
        ("max_payload", push::PAYLOAD_BYTES.1.to_string()),
        ("max_run_s", (push::MAX_RUN_MS / 1000).to_string()),
        ("hold_s", push::LONG_POLL_HOLD.as_secs().to_string()),
        ("retry_ms", push::format::SSE_RETRY_MS.to_string()),
        ("max_text", room::MAX_TEXT.to_string()),
        ("history", room::HISTORY.to_string()),
        ("queue", room::QUEUE.to_string()),
    ])
}

/// The Korean address of a link of the English pages, for the pages that have one (the
/// server's pages and the book's).
pub fn korean_link(href: &str) -> Option<String> {
    let (path, fragment) = href.split_once('#').map_or((href, ""), |(p, f)| (p, f));
    let korean = match path {
        "/" => "/ko/".to_owned(),
        _ if Page::ALL
            .iter()
            .any(|p| path.strip_prefix('/') == Some(p.url())) =>
        {
            format!("/ko{path}")
        }
        // The book's pages (the Korean edition has each at the same path under /ko/).
        _ if path.ends_with(".html")
            && path.starts_with('/')
            && !["//", "/ko/", "/static/", "/api/", "/lang/"]
                .iter()
                .any(|p| path.starts_with(p)) =>
        {
            format!("/ko{path}")
        }
        _ => return None,
    };
    Some(if fragment.is_empty() {
        korean
    } else {
        format!("{korean}#{fragment}")
    })
}

/// An English page made Korean: `html` (rendered with placeholders) translated,
/// `lang="ko"`, its links to the Korean pages, then `fill` puts the values in.
pub fn to_korean(html: &str, fill: impl Fn(String) -> String) -> (String, html::Coverage) {
    let (translated, coverage) = html::translate(html, catalog::korean(Domain::Pages));
    let translated = translated.replacen("<html lang=\"en\">", "<html lang=\"ko\">", 1);
    (fill(html::relink(&translated, korean_link)), coverage)
}

/// One edition's pages.
#[derive(Debug)]
pub struct Edition {
    /// By [`Page::ALL`]'s order.
    pages: Vec<Cached>,
}

impl Edition {
    pub fn get(&self, page: Page) -> &Cached {
        &self.pages[page.index()]
    }
}

/// The pages, rendered.
#[derive(Debug)]
pub struct Pages {
    pub english: Edition,
    pub korean: Edition,
    /// `/static/generated/ui.ko.json`: the scripts' and the dissections' Korean.
    pub ui_ko_json: Cached,
}

impl Pages {
    pub fn new(s: &Settings) -> Pages {
        let values = values(s);
        let value = |name: &str| values.get(name).cloned().unwrap_or_default();
        let fill = |mut html: String| {
            for (name, v) in &values {
                let token = placeholder(name);
                if html.contains(&token) {
                    html = html.replace(&token, v);
                }
            }
            html
        };
        let english = Page::ALL
            .iter()
            .map(|p| Cached::new(HTML, p.render(Lang::En, &value)))
            .collect();
        let korean = Page::ALL
            .iter()
            .map(|p| {
                let (html, coverage) = to_korean(&p.render(Lang::Ko, &placeholder), fill);
                if !coverage.is_complete() {
                    tracing::debug!(
                        page = p.url(),
                        missing = coverage.missing.len(),
                        mismatched = coverage.mismatched.len(),
                        "a Korean page has English left"
                    );
                }
                Cached::new(HTML, html)
            })
            .collect();
        let json = catalog::browser_json(
            catalog::korean(Domain::Scripts),
            catalog::korean(Domain::Wire),
        );
        Pages {
            english: Edition { pages: english },
            korean: Edition { pages: korean },
            ui_ko_json: Cached::new("application/json", Bytes::from(json)),
        }
    }

    pub fn edition(&self, lang: Lang) -> &Edition {
        match lang {
            Lang::En => &self.english,
            Lang::Ko => &self.korean,
        }
    }
}

/// Every message of the pages: the server's pages rendered in English with placeholders,
/// and the book's chrome ([`super::book::chrome_messages`]).
pub fn messages() -> Vec<Message> {
    let mut out = Vec::new();
    for page in Page::ALL {
        let html = page.render(Lang::En, &placeholder);
        for f in html::find(&html) {
            out.push(Message {
                msgid: f.msgid,
                msgid_plural: None,
                references: vec![page.template().to_owned()],
                comment: f.attribute.map(|a| format!("the {a} attribute")),
            });
        }
    }
    out.extend(super::book::chrome_messages());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> Settings {
        use clap::Parser as _;
        let cli = crate::cmd::cli::Cli::parse_from(["wiretrail", "serve"]);
        let Some(crate::cmd::cli::Command::Serve(args)) = cli.command else {
            panic!("serve args");
        };
        Settings::from(args)
    }

    #[test]
    fn every_page_in_both_editions() {
        let pages = Pages::new(&settings());
        for page in Page::ALL {
            let en = String::from_utf8_lossy(pages.english.get(page).bytes()).into_owned();
            let ko = String::from_utf8_lossy(pages.korean.get(page).bytes()).into_owned();
            assert!(en.contains("<html lang=\"en\">"), "{page:?}");
            assert!(ko.contains("<html lang=\"ko\">"), "{page:?}");
            let to_ko = format!("href=\"/lang/ko?to=/ko/{}\"", page.url());
            assert!(en.contains(&to_ko), "{page:?}: {to_ko}");
            let to_en = format!("href=\"/lang/en?to=/{}\"", page.url());
            assert!(ko.contains(&to_en), "{page:?}: {to_en}");
            assert!(
                !ko.contains("{addr}") && !ko.contains("{max_message}"),
                "{page:?}"
            );
        }
    }

    #[test]
    fn korean_links() {
        assert_eq!(
            korean_link("/labs/websocket").as_deref(),
            Some("/ko/labs/websocket")
        );
        assert_eq!(korean_link("/").as_deref(), Some("/ko/"));
        assert_eq!(
            korean_link("/server.html#try").as_deref(),
            Some("/ko/server.html#try")
        );
        assert_eq!(korean_link("/static/style.css"), None);
        assert_eq!(korean_link("/labs/websocket/x"), None);
        assert_eq!(
            korean_link("/07-web2-push/index.html").as_deref(),
            Some("/ko/07-web2-push/index.html")
        );
        assert_eq!(korean_link("/ko/index.html"), None);
    }

    #[test]
    fn messages_do_not_depend_on_the_settings() {
        let ids: Vec<String> = messages().into_iter().map(|m| m.msgid).collect();
        assert!(ids.iter().any(|m| m.contains("{max_message}")));
        assert!(!ids.iter().any(|m| m.contains("127.0.0.1")));
        assert!(ids.iter().any(|m| m == "The live WebSocket lab"));
    }
}
