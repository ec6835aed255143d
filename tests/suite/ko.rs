//! The Korean edition (`/ko/…`) served by the real binary from a small fixture book and
//! catalog (`--book DIR/chapters` with `DIR/po/ko.po` beside it): every kind of page, `<html
//! lang="ko">`, the switch that keeps the page and section, `Accept-Language` on the first
//! visit only, the remembered cookie, the stale mark on a fuzzy message, the CSP, and a
//! Korean search over the index the server sends.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use crate::common::{Head, Server, http};

const SUMMARY: &str = "# Summary\n\n[Introduction](index.md)\n\n- [WebSocket](08-websocket/index.md)\n  - [The opening handshake](08-websocket/handshake.md)\n";
const INDEX: &str =
    "# Introduction\n\nRead [the handshake](08-websocket/handshake.md#the-accept-key).\n";
const CHAPTER: &str = "# WebSocket\n\nA protocol.\n\n![The frame](figure.svg)\n";
const HANDSHAKE: &str = "# The opening handshake\n\nThe client sends a key.\n\n## The accept key\n\nThe server hashes the key with SHA-1.\n\nThis sentence changed since it was translated.\n";
const FIGURE: &str =
    "<svg xmlns=\"http://www.w3.org/2000/svg\"><text x=\"1\" y=\"1\">Client</text></svg>";

const KO_PO: &str = r#"msgid ""
msgstr ""
"Language: ko\n"
"Content-Type: text/plain; charset=UTF-8\n"

msgid "WebSocket"
msgstr "웹소켓"

msgid "The opening handshake"
msgstr "여는 핸드셰이크"

msgid "The client sends a key."
msgstr "클라이언트는 키를 보낸다."

msgid "The accept key"
msgstr "수락 키"

msgid "The server hashes the key with SHA-1."
msgstr "서버는 키를 SHA-1로 해시한다."

#, fuzzy
#| msgid "This sentence was translated."
msgid "This sentence changed since it was translated."
msgstr "이 문장은 번역되었다."

msgctxt "figure"
msgid "Client"
msgstr "클라이언트"
"#;

/// A fixture book and catalog in a fresh folder: `(root, chapters)`.
fn fixture(name: &str) -> (PathBuf, PathBuf) {
    let root = std::env::temp_dir().join(format!("wiretrail-ko-{name}-{}", std::process::id()));
    let chapters = root.join("chapters");
    std::fs::create_dir_all(chapters.join("08-websocket")).unwrap();
    std::fs::create_dir_all(root.join("po")).unwrap();
    for (path, text) in [
        ("SUMMARY.md", SUMMARY),
        ("index.md", INDEX),
        ("08-websocket/index.md", CHAPTER),
        ("08-websocket/handshake.md", HANDSHAKE),
        ("08-websocket/figure.svg", FIGURE),
    ] {
        std::fs::write(chapters.join(path), text).unwrap();
    }
    std::fs::write(root.join("po/ko.po"), KO_PO).unwrap();
    (root, chapters)
}

fn get(server: &Server, path: &str, headers: &str) -> (Head, String) {
    http(
        server,
        &format!(
            "GET {path} HTTP/1.1\r\nHost: {}\r\n{headers}Connection: close\r\n\r\n",
            server.addr
        ),
    )
}

#[test]
fn korean_pages_are_served_beside_the_english() {
    let (root, chapters) = fixture("pages");
    let server = Server::start(&["--book", chapters.to_str().unwrap()]);

    let (head, page) = get(&server, "/ko/08-websocket/handshake.html", "");
    assert_eq!(head.status, 200);
    assert!(page.contains("<html lang=\"ko\">"), "{page}");
    assert!(
        page.contains("<h1 id=\"the-opening-handshake\">"),
        "English ids: {page}"
    );
    assert!(page.contains(
        "<h2 id=\"the-accept-key\"><a class=\"header\" href=\"#the-accept-key\">수락 키</a></h2>"
    ));
    assert!(page.contains("서버는 키를 SHA-1로 해시한다."));
    // The fuzzy message: the English, marked.
    assert!(
        page.contains(
            "번역이 최신이 아닙니다 / translation out of date</span> This sentence changed"
        ),
        "{page}"
    );
    assert!(!page.contains("이 문장은 번역되었다."));
    // The sidebar and the links stay in the Korean edition.
    assert!(page.contains("href=\"/ko/08-websocket/index.html\""));
    assert!(
        page.contains(" 웹소켓</a>"),
        "the SUMMARY's titles are translated"
    );
    // The switch: the same page in English, through the endpoint that remembers it.
    assert!(
        page.contains("id=\"lang-switch\" href=\"/lang/en?to=/08-websocket/handshake.html\""),
        "{page}"
    );
    assert!(page.contains("data-root=\"/ko/\""));
    let csp = head.header("content-security-policy").unwrap();
    assert!(
        csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    assert!(!page.contains("<script>") && !page.contains(" onclick="));

    // The English page links to the Korean one.
    let (head, page) = get(&server, "/08-websocket/handshake.html", "");
    assert_eq!(head.status, 200);
    assert!(page.contains("<html lang=\"en\">"));
    assert!(
        page.contains("href=\"/lang/ko?to=/ko/08-websocket/handshake.html\""),
        "{page}"
    );

    // Index, print, search index, figure, 404.
    let (head, index) = get(&server, "/ko/", "");
    assert_eq!(head.status, 200);
    assert!(
        index.contains("href=\"08-websocket/handshake.html#the-accept-key\""),
        "{index}"
    );
    let (head, _) = get(&server, "/ko", "");
    assert_eq!(
        (head.status, head.header("location").as_deref()),
        (308, Some("/ko/"))
    );
    let (head, print) = get(&server, "/ko/print.html", "");
    assert_eq!(head.status, 200);
    assert!(print.contains("<html lang=\"ko\">") && print.contains("수락 키"));
    assert!(
        print.contains("src=\"/ko/08-websocket/figure.svg\""),
        "{print}"
    );
    let (head, figure) = get(&server, "/ko/08-websocket/figure.svg", "");
    assert_eq!(head.status, 200);
    assert!(figure.contains(">클라이언트</text>"), "{figure}");
    let (_, english_figure) = get(&server, "/08-websocket/figure.svg", "");
    assert!(english_figure.contains(">Client</text>"));
    let (head, body) = get(&server, "/ko/no-such-page.html", "");
    assert_eq!(head.status, 404);
    assert!(body.contains("<html lang=\"ko\">") && body.contains("페이지를 찾을 수 없습니다"));

    // A Korean query finds the Korean page, with the search the page runs.
    let (head, index) = get(&server, "/ko/search-index.json", "");
    assert_eq!(head.status, 200);
    let docs: Vec<book::SearchDoc> = serde_json::from_str::<Vec<serde_json::Value>>(&index)
        .unwrap()
        .into_iter()
        .map(|d| book::SearchDoc {
            url: d["url"].as_str().unwrap().to_owned(),
            page: d["page"].as_str().unwrap().to_owned(),
            section: d["section"].as_str().unwrap().to_owned(),
            text: d["text"].as_str().unwrap().to_owned(),
        })
        .collect();
    for query in ["핸드셰이크", "핸드셰이크를", "키를 해시"] {
        let found = book::i18n::search::find(&docs, query);
        assert!(
            found
                .first()
                .is_some_and(|d| d.url.starts_with("08-websocket/handshake.html")),
            "{query}: {found:?}"
        );
    }
    drop(server);
    std::fs::remove_dir_all(root).unwrap();
}

#[test]
fn the_language_is_chosen_once_and_remembered() {
    let (root, chapters) = fixture("choice");
    let server = Server::start(&["--book", chapters.to_str().unwrap()]);
    let page = "/08-websocket/handshake.html";

    // First visit, Korean preferred: to the same page in Korean, and the cookie set.
    let (head, _) = get(
        &server,
        page,
        "Accept-Language: ko-KR,ko;q=0.9,en;q=0.8\r\n",
    );
    assert_eq!(head.status, 302);
    assert_eq!(
        head.header("location").as_deref(),
        Some("/ko/08-websocket/handshake.html")
    );
    assert!(
        head.header("set-cookie")
            .unwrap()
            .starts_with("wt_lang=ko;")
    );
    // English preferred, or no header: no redirect.
    let (head, _) = get(
        &server,
        page,
        "Accept-Language: en-US,en;q=0.9,ko;q=0.5\r\n",
    );
    assert_eq!(head.status, 200);
    assert_eq!(get(&server, page, "").0.status, 200);
    // Once the reader chose English, the header is not asked again.
    let (head, _) = get(
        &server,
        page,
        "Accept-Language: ko\r\nCookie: wt_lang=en\r\n",
    );
    assert_eq!(head.status, 200);
    // The choice of Korean is remembered with no header at all.
    let (head, _) = get(&server, page, "Cookie: theme=dark; wt_lang=ko\r\n");
    assert_eq!(head.status, 302);
    // Figures and data are never redirected.
    let (head, _) = get(
        &server,
        "/08-websocket/figure.svg",
        "Cookie: wt_lang=ko\r\n",
    );
    assert_eq!(head.status, 200);

    // The switch sets the cookie and goes to the page (a fragment in the link is kept by
    // the browser: the Location has none).
    let (head, _) = get(&server, "/lang/en?to=/08-websocket/handshake.html", "");
    assert_eq!(head.status, 303);
    assert_eq!(
        head.header("location").as_deref(),
        Some("/08-websocket/handshake.html")
    );
    assert!(
        head.header("set-cookie")
            .unwrap()
            .starts_with("wt_lang=en;")
    );
    let (head, _) = get(&server, "/lang/ko?to=/ko/", "");
    assert!(
        head.header("set-cookie")
            .unwrap()
            .starts_with("wt_lang=ko;")
    );
    // Never to another host.
    let (head, _) = get(&server, "/lang/ko?to=//evil.example/", "");
    assert_eq!(head.header("location").as_deref(), Some("/ko/"));
    assert_eq!(get(&server, "/lang/xx?to=/", "").0.status, 404);
    drop(server);
    std::fs::remove_dir_all(root).unwrap();
}
