//! # i18n — the book in other languages, the gettext way (한국어판)
//!
//! wiretrail's translations follow the convention of mdBook books translated with
//! `mdbook-i18n-helpers` (Google's Comprehensive Rust ships its Korean edition this way):
//!
//! ```text
//! chapters/**.md, quiz.toml, timeline.toml, *.svg
//!        │  extract (mdbook-i18n-helpers' segmentation; msgctxt for quiz/timeline/figure)
//!        ▼
//! po/messages.pot ──msgmerge──▶ po/ko.po  ◀── import: po/ko-src/ parallel files, block by block
//!                                   │
//!                                   ▼  translate (the same files, message by message)
//!                  Book::from_files ──▶ /ko/… pages, print, search index
//! ```
//!
//! Reading order: [`po`] (the file format), [`extract`] (what a message is), [`svg`] (a
//! figure's words), [`translate`] (a file through a catalog: stale marks, English heading
//! ids), [`import`] (parallel files into a catalog, with every structural mismatch
//! reported), then [`Book::translated`] and [`search`] here.
//!
//! A message whose English changed since it was translated is `#, fuzzy` in ko.po (as
//! `msgmerge` marks it); fuzzy and missing messages show the English with
//! [`translate::STALE_MARK`], and [`Coverage`] lists them.

pub mod cmark;
pub mod extract;
pub mod import;
pub mod notes;
pub mod po;
pub mod svg;
pub mod translate;

use std::collections::HashMap;

pub use po::{Catalog, Entry, Lookup};
pub use translate::{Coverage, STALE_MARK};

use crate::{Book, SearchDoc};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/po.rs"));
}

/// The languages the app serves besides English: `(code, name in that language)`.
pub const LANGUAGES: &[(&str, &str)] = &[("ko", "한국어")];

/// The catalog `po/LANG.po` embedded in the binary, read; `None` if there is none.
pub fn embedded_catalog(lang: &str) -> Option<(Catalog, Vec<String>)> {
    let name = format!("{lang}.po");
    embedded::PO_FILES
        .iter()
        .find(|(path, _)| *path == name)
        .map(|(_, bytes)| Catalog::parse(&String::from_utf8_lossy(bytes)))
}

/// Any file under `po/` embedded in the binary, by its path there (`pages/ko.po`): the
/// server's UI domains are embedded with the book's catalogs.
pub fn embedded_po_file(path: &str) -> Option<&'static [u8]> {
    embedded::PO_FILES
        .iter()
        .find_map(|(p, bytes)| (*p == path).then_some(*bytes))
}

/// The template embedded in the binary (`po/messages.pot`), as committed.
pub fn embedded_template() -> Option<String> {
    embedded::PO_FILES
        .iter()
        .find(|(path, _)| *path == "messages.pot")
        .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
}

/// A book in another language, and how much of it is translated.
#[derive(Debug, Clone)]
pub struct Edition {
    pub book: Book,
    pub coverage: Coverage,
}

impl Book {
    /// Every message of the book: `po/messages.pot`'s contents.
    pub fn template(&self) -> (Catalog, Vec<String>) {
        let order: Vec<String> = self.pages.iter().map(|p| p.source.clone()).collect();
        extract::template(&self.files, &order)
    }

    /// This book through `catalog`: the same files translated message by message and
    /// rendered by the same renderer, every heading with the English page's id, the table of
    /// contents and page titles translated, and what is missing or fuzzy shown in English
    /// with a mark and counted.
    pub fn translated(&self, catalog: &Catalog) -> Edition {
        let ids: HashMap<&str, Vec<String>> = self
            .pages
            .iter()
            .map(|p| {
                (
                    p.source.as_str(),
                    p.headings
                        .iter()
                        .filter(|h| h.level > 0)
                        .map(|h| h.id.clone())
                        .collect(),
                )
            })
            .collect();
        let (files, coverage, problems) = translate::files(&self.files, catalog, |path| {
            ids.get(path).cloned().unwrap_or_default()
        });
        // The catalog's header names its language (`Language: ko`), which the quizzes'
        // own words follow.
        let language = catalog
            .header
            .lines()
            .find_map(|l| l.strip_prefix("Language:"))
            .map(str::trim)
            .unwrap_or("");
        let mut book = Book::from_files_in(files, crate::quiz::Words::for_lang(language));
        book.problems.extend(problems);
        let titles = translate::summary_titles(catalog);
        let title = |t: &str| titles.get(t).cloned().unwrap_or_else(|| t.to_owned());
        for entry in &mut book.toc {
            entry.title = title(&entry.title);
        }
        for page in &mut book.pages {
            page.title = title(&page.title);
        }
        Edition { book, coverage }
    }
}

/// Search in Korean text.
///
/// The browser's search (`static/search.js`) matches each query term as a substring of a
/// section's text, so a stem finds its inflected forms: `핸드셰이크` finds `핸드셰이크는`
/// and `핸드셰이크를`. What Korean needs on top, done for the query:
///
/// - a Hangul word is also tried without a trailing particle (`핸드셰이크를` → `핸드셰이크`,
///   `프레임에서` → `프레임`), when two syllables or more remain (`정의` stays);
/// - Hangul is also matched with the spaces taken out of the text, since compounds are
///   spaced either way (`흐름 제어`, `흐름제어`).
///
/// This module is the same algorithm in Rust, so a test can run a query over the index
/// the server sends.
pub mod search {
    use super::SearchDoc;

    /// Particles (조사) and endings taken off the end of a query word, longest first.
    pub const PARTICLES: &[&str] = &[
        "에서는",
        "으로는",
        "에게서",
        "이라는",
        "이라고",
        "에서",
        "에게",
        "으로",
        "처럼",
        "까지",
        "부터",
        "보다",
        "라는",
        "라고",
        "에는",
        "에도",
        "와의",
        "과의",
        "이다",
        "은",
        "는",
        "이",
        "가",
        "을",
        "를",
        "의",
        "에",
        "와",
        "과",
        "도",
        "만",
        "로",
    ];

    fn is_hangul(c: char) -> bool {
        matches!(c, '\u{AC00}'..='\u{D7A3}' | '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}')
    }

    /// The forms a query word is looked for in: itself, and without a particle.
    pub fn variants(word: &str) -> Vec<String> {
        let word = word.to_lowercase();
        let mut out = vec![word.clone()];
        if word.chars().last().is_some_and(is_hangul) {
            for p in PARTICLES {
                if let Some(stem) = word.strip_suffix(p)
                    && stem.chars().filter(|c| is_hangul(*c)).count() >= 2
                {
                    out.push(stem.to_owned());
                    break;
                }
            }
        }
        out
    }

    /// The query's terms (words of two characters or more), each with its variants.
    pub fn terms(query: &str) -> Vec<Vec<String>> {
        query
            .split_whitespace()
            .filter(|t| t.chars().count() > 1)
            .map(variants)
            .collect()
    }

    /// Whether a document has every term (in any of its variants).
    pub fn matches(doc: &SearchDoc, terms: &[Vec<String>]) -> bool {
        let hay = format!("{} {} {}", doc.page, doc.section, doc.text).to_lowercase();
        let squashed: String = hay.chars().filter(|c| !c.is_whitespace()).collect();
        terms.iter().all(|vs| {
            vs.iter()
                .any(|v| hay.contains(v.as_str()) || squashed.contains(v.as_str()))
        })
    }

    /// The documents a query finds, best first (a term in the page title or section
    /// heading counts ten), as the page's script ranks them.
    pub fn find<'a>(index: &'a [SearchDoc], query: &str) -> Vec<&'a SearchDoc> {
        let terms = terms(query);
        if terms.is_empty() {
            return Vec::new();
        }
        let mut scored: Vec<(usize, &SearchDoc)> = index
            .iter()
            .filter(|d| matches(d, &terms))
            .map(|d| {
                let heading = format!("{} {}", d.page, d.section).to_lowercase();
                let hits = terms
                    .iter()
                    .filter(|vs| vs.iter().any(|v| heading.contains(v.as_str())))
                    .count();
                (hits * 10 + 1, d)
            })
            .collect();
        scored.sort_by_key(|s| std::cmp::Reverse(s.0));
        scored.into_iter().map(|(_, d)| d).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(list: &[(&str, &str)]) -> HashMap<String, Vec<u8>> {
        list.iter()
            .map(|(p, t)| ((*p).to_owned(), t.as_bytes().to_vec()))
            .collect()
    }

    fn small_book() -> Book {
        Book::from_files(files(&[
            (
                "SUMMARY.md",
                "# Summary\n\n- [WebSocket](08-websocket/index.md)\n  - [The handshake](08-websocket/handshake.md)\n",
            ),
            (
                "08-websocket/index.md",
                "# WebSocket\n\nSee [the key](handshake.md#the-key).\n",
            ),
            (
                "08-websocket/handshake.md",
                "# The handshake\n\n## The key\n\nThe client sends a key in the opening handshake.\n\nFlow control is elsewhere.\n",
            ),
        ]))
    }

    fn korean(book: &Book) -> Catalog {
        let (mut catalog, problems) = book.template();
        assert_eq!(problems, Vec::<String>::new());
        for (id, s) in [
            ("WebSocket", "웹소켓"),
            ("The handshake", "핸드셰이크"),
            ("The key", "키"),
            (
                "The client sends a key in the opening handshake.",
                "클라이언트는 여는 핸드셰이크에서 키를 보낸다.",
            ),
            (
                "See [the key](handshake.md#the-key).",
                "[키](handshake.md#the-key)를 보라.",
            ),
            ("Flow control is elsewhere.", "흐름 제어는 다른 곳에 있다."),
        ] {
            if let Some(e) = catalog.get_mut(None, id) {
                e.msgstr = s.to_owned();
            }
        }
        catalog
    }

    #[test]
    fn a_translated_book_keeps_urls_and_ids() {
        let book = small_book();
        let edition = book.translated(&korean(&book));
        let ko = &edition.book;
        assert_eq!(ko.problems, Vec::<String>::new());
        let page = ko.page("08-websocket/handshake.html").unwrap();
        assert_eq!(page.title, "핸드셰이크");
        assert_eq!(ko.toc[0].title, "웹소켓");
        let ids: Vec<_> = page.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["the-handshake", "the-key"]);
        assert!(
            page.html
                .contains("<h2 id=\"the-key\"><a class=\"header\" href=\"#the-key\">키</a></h2>"),
            "{}",
            page.html
        );
        let index = ko.page("08-websocket/index.html").unwrap();
        assert!(
            index.html.contains("href=\"handshake.html#the-key\""),
            "{}",
            index.html
        );
        // "Summary" is a message the catalog left untranslated.
        assert_eq!(edition.coverage.missing.len(), 1, "{:?}", edition.coverage);
        assert!(!edition.coverage.is_complete());
    }

    #[test]
    fn a_korean_query_finds_the_korean_page() {
        let book = small_book();
        let ko = book.translated(&korean(&book)).book;
        let index = ko.search_index();
        for query in [
            "핸드셰이크",
            "핸드셰이크를",
            "흐름제어",
            "여는 핸드셰이크에서",
        ] {
            let found = search::find(&index, query);
            assert!(
                found
                    .first()
                    .is_some_and(|d| d.url.starts_with("08-websocket/handshake.html")),
                "{query}: {found:?}"
            );
        }
        assert!(search::find(&index, "마스킹").is_empty());
        assert_eq!(search::variants("정의"), ["정의"]);
        assert_eq!(search::variants("프레임에서"), ["프레임에서", "프레임"]);
    }
}
