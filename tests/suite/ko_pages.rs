//! The Korean labs, teacher's view and server page (`/ko/labs/websocket`, `/ko/labs/http2`,
//! `/ko/labs/push`, `/ko/labs/room`, `/ko/teacher`, `/ko/server.html`) served by the real
//! binary with the embedded catalogs: `<html lang="ko">`, a Korean label each, no English
//! message left that `po/pages/ko.po` could translate, the switch both ways, the same CSP
//! and caching as the English pages; the English pages exactly the template's render; the
//! Korean book's chrome; and `/static/generated/ui.ko.json`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use book::i18n::Lookup;
use wiretrail_server::i18n::{Domain, catalog, html};
use wiretrail_server::site::pages::{Page, Pages};

use crate::common::{Head, Server, http};

fn get(server: &Server, path: &str, headers: &str) -> (Head, String) {
    http(
        server,
        &format!(
            "GET {path} HTTP/1.1\r\nHost: {}\r\n{headers}Connection: close\r\n\r\n",
            server.addr
        ),
    )
}

fn has_hangul(s: &str) -> bool {
    s.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c))
}

/// Each Korean page and a label it must show.
const PAGES: &[(&str, &str, Page)] = &[
    (
        "/ko/labs/websocket",
        "실시간 WebSocket 실습",
        Page::LabWebSocket,
    ),
    ("/ko/labs/http2", "실시간 HTTP/2 실습", Page::LabHttp2),
    ("/ko/labs/push", "푸시 실습", Page::LabPush),
    ("/ko/labs/room", "채팅방 실습", Page::LabRoom),
    (
        "/ko/teacher",
        "교사 화면",
        Page::Teacher { classroom: false },
    ),
    ("/ko/server.html", "ARPANET에서 WebSocket까지", Page::Home),
];

#[test]
fn the_korean_pages_are_translated_and_switch_back() {
    let server = Server::start(&[]);
    let ko = catalog::korean(Domain::Pages);
    for &(path, label, page) in PAGES {
        let (head, body) = get(&server, path, "");
        assert_eq!(head.status, 200, "{path}");
        assert_eq!(
            head.header("content-type").as_deref(),
            Some("text/html; charset=utf-8")
        );
        assert!(body.contains("<html lang=\"ko\">"), "{path}");
        assert!(body.contains(label), "{path}: {label}");
        let english = format!("/{}", page.url());
        assert!(
            body.contains(&format!(
                "id=\"lang-switch\" href=\"/lang/en?to={english}\" hreflang=\"en\" lang=\"en\">English</a>"
            )),
            "{path}"
        );
        // The values are in, the placeholders gone.
        assert!(
            !body.contains("{addr}") && !body.contains("{max_"),
            "{path}"
        );
        // Every message left is code, or one whose Korean is the English (FIN, p50).
        for f in html::find(&body) {
            let same = matches!(ko.lookup(None, &f.msgid), Lookup::Translated(t) if t == f.msgid);
            assert!(
                has_hangul(&f.msgid) || same,
                "{path}: left in English: {}",
                f.msgid
            );
        }
        // The nav goes to the Korean labs.
        assert!(body.contains("href=\"/ko/labs/websocket\""), "{path}");
        // The same CSP as the English page, and caching: ETag, 304.
        let (english_head, _) = get(&server, &english, "");
        assert_eq!(
            head.header("content-security-policy"),
            english_head.header("content-security-policy")
        );
        let etag = head.header("etag").unwrap();
        let (again, _) = get(&server, path, &format!("If-None-Match: {etag}\r\n"));
        assert_eq!(again.status, 304, "{path}");
    }

    // The switch to Korean remembers the choice and lands on the Korean page.
    let (head, _) = get(&server, "/lang/ko?to=/ko/labs/websocket", "");
    assert_eq!(head.status, 303);
    assert_eq!(
        head.header("location").as_deref(),
        Some("/ko/labs/websocket")
    );
    assert!(head.header("set-cookie").unwrap().starts_with("wt_lang=ko"));
}

#[test]
fn the_english_pages_are_the_templates_render() {
    use clap::Parser as _;
    let server = Server::start(&[]);
    let addr = server.addr.to_string();
    let cli = wiretrail_server::cmd::cli::Cli::parse_from(["wiretrail", "serve", "--addr", &addr]);
    let Some(wiretrail_server::cmd::cli::Command::Serve(args)) = cli.command else {
        panic!("serve args");
    };
    let pages = Pages::new(&wiretrail_server::config::Settings::from(args));
    for page in [
        Page::Home,
        Page::LabWebSocket,
        Page::LabHttp2,
        Page::LabPush,
        Page::LabRoom,
        Page::Teacher { classroom: false },
    ] {
        let path = format!("/{}", page.url());
        let (head, body) = get(&server, &path, "");
        assert_eq!(head.status, 200, "{path}");
        assert_eq!(
            body.as_bytes(),
            &pages.english.get(page).bytes()[..],
            "{path}"
        );
        assert!(body.contains("<html lang=\"en\">"));
        let switch = format!(
            "<a class=\"lang-switch\" id=\"lang-switch\" href=\"/lang/ko?to=/ko/{}\" hreflang=\"ko\" lang=\"ko\">한국어</a>",
            page.url()
        );
        assert!(body.contains(&switch), "{path}");
        assert!(!has_hangul(&body.replace(&switch, "")), "{path}");
        assert!(body.contains(&addr) || page != Page::LabWebSocket);
    }
}

#[test]
fn the_korean_books_chrome_and_the_scripts_catalog() {
    let server = Server::start(&[]);
    let (head, page) = get(&server, "/ko/08-websocket/handshake.html", "");
    assert_eq!(head.status, 200);
    let ko = catalog::korean(Domain::Pages);
    for english in ["Search the book", "Print", "Skip to content"] {
        let Lookup::Translated(korean) = ko.lookup(None, english) else {
            panic!("{english} is not in po/pages/ko.po");
        };
        assert!(page.contains(korean), "{english} → {korean}");
    }
    assert!(page.contains("href=\"/ko/print.html\""), "{page}");
    assert!(page.contains("href=\"/ko/labs/websocket\""));
    let (_, english) = get(&server, "/08-websocket/handshake.html", "");
    assert!(english.contains(">Search the book</label>"));
    assert!(english.contains("href=\"/labs/websocket\""));

    let (head, json) = get(&server, "/static/generated/ui.ko.json", "");
    assert_eq!(head.status, 200);
    assert_eq!(
        head.header("content-type").as_deref(),
        Some("application/json")
    );
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(
        json["scripts"].is_object() && json["wire"].is_object(),
        "{json}"
    );
    assert!(head.header("etag").is_some());
}
