//! The app and `mdbook build` give every chapter the same URL, every heading the same id,
//! and every link the same target — so bookmarks and links work in both.
//!
//! Needs the `mdbook` binary (0.5): `WIRETRAIL_MDBOOK`, or `mdbook` on the PATH. Under
//! `CI=true` a missing mdbook is a failure, never a skip.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn mdbook() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("WIRETRAIL_MDBOOK") {
        return Some(PathBuf::from(p));
    }
    let ok = Command::new("mdbook")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    ok.then(|| PathBuf::from("mdbook"))
}

/// Removes every `<tag …class="quiz"…>…</tag>` block (the app replaces mdBook's quiz
/// fallback with the interactive quiz, so those regions legitimately differ).
fn without_quizzes(html: &str, tag: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    let open = format!("<{tag} class=\"quiz\"");
    while let Some(start) = rest.find(&open) {
        out.push_str(&rest[..start]);
        let mut depth = 0;
        let mut i = start;
        let close = format!("</{tag}>");
        loop {
            let next_open = rest[i + 1..].find(&format!("<{tag}")).map(|p| p + i + 1);
            let next_close = rest[i..].find(&close).map(|p| p + i);
            match (next_open, next_close) {
                (Some(o), Some(c)) if o < c => {
                    depth += 1;
                    i = o;
                }
                (_, Some(c)) => {
                    if depth == 0 {
                        i = c + close.len();
                        break;
                    }
                    depth -= 1;
                    i = c + close.len() - 1;
                }
                _ => {
                    i = rest.len();
                    break;
                }
            }
        }
        rest = &rest[i.min(rest.len())..];
    }
    out.push_str(rest);
    out
}

/// The values of `attr="…"` on tags whose name satisfies `tag_ok`, in order.
fn attrs(html: &str, attr: &str, tag_ok: impl Fn(&str) -> bool) -> Vec<String> {
    let mut out = Vec::new();
    for piece in html.split('<').skip(1) {
        let tag_end = piece
            .find(|c: char| c.is_whitespace() || c == '>')
            .unwrap_or(piece.len());
        if !tag_ok(&piece[..tag_end]) {
            continue;
        }
        let head = &piece[..piece.find('>').unwrap_or(piece.len())];
        let needle = format!(" {attr}=\"");
        if let Some(i) = head.find(&needle) {
            let v = &head[i + needle.len()..];
            out.push(v[..v.find('"').unwrap_or(v.len())].to_owned());
        }
    }
    out
}

fn is_heading(t: &str) -> bool {
    matches!(t, "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "dt")
}

/// mdBook's page content: between `<main>` and `</main>`.
fn main_of(page: &str) -> &str {
    let start = page.find("<main>").map_or(0, |i| i + 6);
    let end = page[start..]
        .find("</main>")
        .map_or(page.len(), |i| start + i);
    &page[start..end]
}

#[test]
fn ids_and_links_match_mdbook_build() {
    let in_ci = std::env::var("CI").is_ok_and(|v| v == "true");
    let Some(mdbook) = mdbook() else {
        assert!(
            !in_ci,
            "CI=true but no mdbook: install it (cargo install mdbook --version 0.5.4)"
        );
        eprintln!("skipped: no mdbook binary");
        return;
    };
    let out = repo().join("target/mdbook-agrees");
    let _ = std::fs::remove_dir_all(&out);
    let status = Command::new(&mdbook)
        .arg("build")
        .arg("-d")
        .arg(&out)
        .current_dir(repo())
        .output()
        .expect("mdbook runs");
    let stderr = String::from_utf8_lossy(&status.stderr);
    assert!(status.status.success(), "mdbook build failed:\n{stderr}");
    assert!(
        !stderr.contains("WARN") && !stderr.contains("ERROR"),
        "mdbook build is not clean:\n{stderr}"
    );

    let book = book::Book::from_dir(&repo().join("chapters")).unwrap();
    assert!(book.problems.is_empty(), "{:?}", book.problems);
    let mut compared = 0;
    for page in &book.pages {
        let theirs = std::fs::read_to_string(out.join(Path::new(&page.url)))
            .unwrap_or_else(|e| panic!("mdbook wrote no {}: {e}", page.url));
        let theirs = without_quizzes(main_of(&theirs), "div");
        let ours = without_quizzes(&page.html, "section");
        let their_ids = attrs(&theirs, "id", is_heading);
        let our_ids = attrs(&ours, "id", is_heading);
        assert_eq!(our_ids, their_ids, "heading ids of {}", page.url);
        let their_links = attrs(&theirs, "href", |t| t == "a");
        let our_links = attrs(&ours, "href", |t| t == "a");
        assert_eq!(our_links, their_links, "links of {}", page.url);
        // mdBook 0.5 repeats each <img> inside a click-to-zoom wrapper: compare targets.
        let mut their_imgs = attrs(&theirs, "src", |t| t == "img");
        their_imgs.dedup();
        let mut our_imgs = attrs(&ours, "src", |t| t == "img");
        our_imgs.dedup();
        assert_eq!(our_imgs, their_imgs, "images of {}", page.url);
        compared += our_ids.len();
    }
    assert!(compared > 100, "only {compared} headings compared");
}

/// mdbook-i18n-helpers' `gettext` preprocessor, as this crate builds it.
fn mdbook_gettext() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_wiretrail-mdbook-gettext"))
}

/// The text of each heading (tags and the app's stale marks taken out), in order.
fn heading_texts(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find("<h") {
        let after = &rest[i + 2..];
        let Some(level) = after.chars().next().filter(|c| ('1'..='6').contains(c)) else {
            rest = after;
            continue;
        };
        let close = format!("</h{level}>");
        let body_start = after.find('>').map_or(after.len(), |e| e + 1);
        let end = after.find(&close).unwrap_or(after.len());
        let mut inner = after[body_start..end.max(body_start)].to_owned();
        while let Some(s) = inner.find("<span class=\"i18n-stale\"") {
            let e = inner[s..]
                .find("</span>")
                .map_or(inner.len(), |e| s + e + 7);
            inner.replace_range(s..e, "");
        }
        let mut text = String::new();
        let mut in_tag = false;
        for c in inner.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => text.push(c),
                _ => {}
            }
        }
        out.push(text.trim().to_owned());
        rest = &after[end.min(after.len())..];
    }
    out
}

/// The Korean book: `MDBOOK_BOOK__LANGUAGE=ko mdbook build` with the `gettext`
/// preprocessor (given by environment, so book.toml stays as it is) reads the same
/// `po/ko.po` and renders the same headings and the same links as `/ko/` — except the
/// headings' own ids and self-links, which mdBook makes from the Korean text and the app
/// keeps English (so the language switch keeps `#fragment`).
#[test]
fn the_korean_book_matches_mdbook_gettext() {
    let in_ci = std::env::var("CI").is_ok_and(|v| v == "true");
    let Some(mdbook) = mdbook() else {
        assert!(
            !in_ci,
            "CI=true but no mdbook: install it (cargo install mdbook --version 0.5.4)"
        );
        eprintln!("skipped: no mdbook binary");
        return;
    };
    let gettext = mdbook_gettext();
    let out = repo().join("target/mdbook-ko");
    let _ = std::fs::remove_dir_all(&out);
    let status = Command::new(&mdbook)
        .arg("build")
        .arg("-d")
        .arg(&out)
        .env("MDBOOK_BOOK__LANGUAGE", "ko")
        .env(
            "MDBOOK_PREPROCESSOR__GETTEXT",
            format!(
                "{{\"command\": {:?}, \"after\": [\"links\"]}}",
                gettext.display().to_string()
            ),
        )
        .current_dir(repo())
        .output()
        .expect("mdbook runs");
    let stderr = String::from_utf8_lossy(&status.stderr);
    assert!(
        status.status.success(),
        "mdbook build (ko) failed:\n{stderr}"
    );

    let english = book::Book::from_dir(&repo().join("chapters")).unwrap();
    let catalog = std::fs::read_to_string(repo().join("po/ko.po")).unwrap_or_default();
    let korean = english
        .translated(&book::i18n::Catalog::parse(&catalog).0)
        .book;
    let not_self = |links: Vec<String>| -> Vec<String> {
        links.into_iter().filter(|l| !l.starts_with('#')).collect()
    };
    let mut compared = 0;
    for page in &korean.pages {
        let theirs = std::fs::read_to_string(out.join(Path::new(&page.url)))
            .unwrap_or_else(|e| panic!("mdbook wrote no {}: {e}", page.url));
        let theirs = without_quizzes(main_of(&theirs), "div");
        let ours = without_quizzes(&page.html, "section");
        let their_headings = heading_texts(&theirs);
        assert_eq!(
            heading_texts(&ours),
            their_headings,
            "headings of {}",
            page.url
        );
        assert_eq!(
            not_self(attrs(&ours, "href", |t| t == "a")),
            not_self(attrs(&theirs, "href", |t| t == "a")),
            "links of {}",
            page.url
        );
        compared += their_headings.len();
    }
    assert!(compared > 100, "only {compared} headings compared");
}

/// `po/messages.pot`'s Markdown messages are exactly what mdbook-i18n-helpers'
/// `xgettext` renderer extracts (given by environment, so book.toml stays as it is):
/// the same msgids in the same order with the same references. (Ours adds the quiz,
/// timeline and figure messages, each with a `msgctxt`.)
#[test]
fn messages_match_mdbook_xgettext() {
    let in_ci = std::env::var("CI").is_ok_and(|v| v == "true");
    let Some(mdbook) = mdbook() else {
        assert!(
            !in_ci,
            "CI=true but no mdbook: install it (cargo install mdbook --version 0.5.4)"
        );
        eprintln!("skipped: no mdbook binary");
        return;
    };
    let xgettext = PathBuf::from(env!("CARGO_BIN_EXE_wiretrail-mdbook-xgettext"));
    let out = repo().join("target/mdbook-xgettext");
    let _ = std::fs::remove_dir_all(&out);
    let status = Command::new(&mdbook)
        .arg("build")
        .arg("-d")
        .arg(&out)
        .env(
            "MDBOOK_OUTPUT__XGETTEXT",
            format!(
                "{{\"command\": {:?}, \"pot-file\": \"messages.pot\"}}",
                xgettext.display().to_string()
            ),
        )
        .current_dir(repo())
        .output()
        .expect("mdbook runs");
    assert!(
        status.status.success(),
        "mdbook build (xgettext) failed:\n{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let read = |path: &Path| {
        let text = std::fs::read_to_string(path).unwrap();
        let (catalog, problems) = book::i18n::Catalog::parse(&text);
        assert_eq!(problems, Vec::<String>::new(), "{}", path.display());
        catalog
            .entries
            .into_iter()
            .filter(|e| e.msgctxt.is_none())
            .map(|e| (e.msgid, e.sources))
            .collect::<Vec<_>>()
    };
    let theirs = read(&out.join("xgettext/messages.pot"));
    let ours = read(&repo().join("po/messages.pot"));
    assert!(theirs.len() > 1000, "{} messages", theirs.len());
    for (i, (t, o)) in theirs.iter().zip(&ours).enumerate() {
        assert_eq!(o, t, "message {i}");
    }
    assert_eq!(ours.len(), theirs.len());
}
