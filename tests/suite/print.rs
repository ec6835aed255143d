//! The print view, `/print.html`: the whole book on one page with every live cell's written
//! fallback (what mdBook shows) instead of a widget, and no button to press on paper — the
//! worked examples survive printing, such as chapter 8's `openssl` check of an accept key.
//! And the icon every page names, also at `/favicon.ico`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::*;

fn get(server: &Server, path: &str) -> String {
    let (head, body) = http(
        server,
        &format!(
            "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            server.addr
        ),
    );
    assert_eq!(head.status, 200, "{path}: {}", head.text);
    body
}

/// The text of an HTML fragment, tags dropped and whitespace squeezed.
fn text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_print_view_keeps_every_cells_written_fallback() {
    let server = Server::start(&[]);
    let page = get(&server, "/print.html");
    // The page says it is the print view: book.js mounts no live cell there, and book.css
    // hides the quizzes' buttons and shows their answers.
    assert!(page.contains(r#"data-page="print.html""#));
    let cells: Vec<&str> = page
        .split(r#"<div class="cell" data-cell=""#)
        .skip(1)
        .collect();
    assert!(cells.len() >= 10, "{} cells", cells.len());
    for cell in &cells {
        let name = &cell[..cell.find('"').unwrap()];
        let body = &cell[..cell.find("</div>").unwrap()];
        let written = text(&body[body.find('>').unwrap() + 1..]);
        assert!(
            written.len() >= 80,
            "the {name} cell has no written fallback: {written:?}"
        );
    }
    // Chapter 8's accept-key cell: the check anyone can run without the app.
    let accept = cells
        .iter()
        .find(|c| c.starts_with("accept-key\""))
        .expect("the accept-key cell is in the print view");
    let accept = text(&accept[..accept.find("</div>").unwrap()]);
    assert!(
        accept.contains("openssl sha1 -binary") && accept.contains("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="),
        "{accept}"
    );
    // The quizzes' written answers are there too (folded in <details>, or the quiz's context).
    assert!(page.contains("quiz-context"), "the quizzes' explanations");

    // The page script leaves the print view's cells alone.
    let script = get(&server, "/static/book.js");
    let guard = script
        .find(r#"if (page !== "print.html")"#)
        .expect("book.js skips the live cells on the print view");
    let cells_import = script.find(r#"import("/static/cells/index.js")"#).unwrap();
    assert!(guard < cells_import);
    // And the stylesheet hides the buttons there.
    let css = get(&server, "/static/book.css");
    assert!(css.contains(r#"body[data-page="print.html"] .quiz form button"#));
}

#[test]
fn every_page_names_the_icon_and_favicon_ico_leads_to_it() {
    let server = Server::start(&[]);
    for path in [
        "/",
        "/labs/websocket",
        "/labs/http2",
        "/labs/push",
        "/print.html",
    ] {
        let page = get(&server, path);
        assert!(
            page.contains(r#"<link rel="icon" href="/static/favicon.svg""#),
            "{path} names no icon"
        );
    }
    let (head, _) = http(
        &server,
        &format!(
            "GET /favicon.ico HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            server.addr
        ),
    );
    assert_eq!(head.status, 308);
    assert_eq!(
        head.header("location").as_deref(),
        Some("/static/favicon.svg")
    );
    assert!(get(&server, "/static/favicon.svg").contains("<svg"));
}
