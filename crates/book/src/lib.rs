//! # book — the history notebook, read the way mdBook 0.5 reads it
//!
//! The chapters live in `chapters/` as a plain mdBook 0.5 source (`book.toml` at the
//! repository root points at it), so `mdbook build` renders them as a static book. The app
//! renders the *same files* itself, so that it can add what a static book cannot: live cells
//! computed by the server, labs, quizzes that check answers.
//!
//! For the two to agree on every address, this crate uses mdBook's own SUMMARY parser
//! (`mdbook-summary`) and Markdown options (`mdbook-markdown`), and copies mdBook's rules
//! for URLs, heading ids and links ([`mdbook`]). A test compares its ids and links with
//! `mdbook build`'s output.
//!
//! Reading order: [`mdbook`] (the rules), [`markdown`] (a page), [`quiz`], [`links`]
//! (where a relative link points, and the print view's rewriting of them), then [`Book`]
//! here (the whole book: table of contents, pages, previous/next, search index).
//!
//! The book never fails to load: a missing page or a broken quiz becomes a page or a note
//! that says so, and is listed in [`Book::problems`] (the server logs them at start-up).

#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

pub mod i18n;
pub mod links;
pub mod markdown;
pub mod mdbook;
pub mod quiz;

use std::collections::HashMap;
use std::path::Path;

use mdbook_summary::{SummaryItem, parse_summary};
use serde::Serialize;

pub use links::resolve;
use links::{print_anchor, rebase_urls};
pub use markdown::Heading;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/files.rs"));
}

/// One entry of the table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TocEntry {
    /// The title as SUMMARY.md gives it.
    pub title: String,
    /// The section number (`8.1.`), for numbered chapters.
    pub number: Option<String>,
    /// The page's URL relative to the book root; `None` for a draft chapter or a part title.
    pub url: Option<String>,
    /// 0 for top-level entries.
    pub depth: usize,
    /// True for a part title (`# Part`), which is a heading in the sidebar, not a link.
    pub is_part: bool,
}

/// One rendered page.
#[derive(Debug, Clone)]
pub struct Page {
    /// Its source file, relative to `chapters/` (`08-websocket/handshake.md`).
    pub source: String,
    /// Its URL relative to the book root (`08-websocket/handshake.html`).
    pub url: String,
    pub title: String,
    pub number: Option<String>,
    /// The page's HTML (the content only; the server wraps it in the layout).
    pub html: String,
    pub headings: Vec<Heading>,
    /// `(heading id, plain text)` for each section, for search.
    pub sections: Vec<(String, String)>,
    /// Indexes into [`Book::pages`].
    pub prev: Option<usize>,
    pub next: Option<usize>,
}

/// The whole book, rendered.
#[derive(Debug, Clone, Default)]
pub struct Book {
    pub toc: Vec<TocEntry>,
    pub pages: Vec<Page>,
    by_url: HashMap<String, usize>,
    files: HashMap<String, Vec<u8>>,
    /// What could not be read, one sentence each.
    pub problems: Vec<String>,
    /// The quizzes' words, in the book's language.
    quiz_words: Option<quiz::Words>,
}

/// One document of the search index.
#[derive(Debug, Clone, Serialize)]
pub struct SearchDoc {
    /// `08-websocket/handshake.html#the-accept-key`
    pub url: String,
    /// The page title.
    pub page: String,
    /// The section heading ("" for the text before the first heading).
    pub section: String,
    /// The section's plain text, cut to [`SEARCH_TEXT_CHARS`] characters.
    pub text: String,
}

/// How much of a section's text the search index keeps.
pub const SEARCH_TEXT_CHARS: usize = 1500;

impl Book {
    /// The book embedded in the binary at build time.
    pub fn embedded() -> Book {
        let files = embedded::FILES
            .iter()
            .map(|(path, bytes)| ((*path).to_owned(), bytes.to_vec()))
            .collect();
        Book::from_files(files)
    }

    /// The book in a `chapters/` folder on disk (for authors: edit, restart, see).
    pub fn from_dir(dir: &Path) -> std::io::Result<Book> {
        let mut files = HashMap::new();
        read_dir(dir, dir, &mut files)?;
        Ok(Book::from_files(files))
    }

    /// Renders the book from its files (paths relative to `chapters/`, with `/`).
    pub fn from_files(files: HashMap<String, Vec<u8>>) -> Book {
        Book::from_files_in(files, quiz::Words::ENGLISH)
    }

    /// The book from its files, its quizzes' words in a language of their own.
    pub fn from_files_in(files: HashMap<String, Vec<u8>>, quiz_words: quiz::Words) -> Book {
        let mut book = Book {
            files,
            quiz_words: Some(quiz_words),
            ..Book::default()
        };
        let Some(summary) = book.text("SUMMARY.md") else {
            book.problems
                .push("chapters/SUMMARY.md is missing".to_owned());
            return book;
        };
        let summary = match parse_summary(&summary) {
            Ok(s) => s,
            Err(e) => {
                book.problems.push(format!("chapters/SUMMARY.md: {e:#}"));
                return book;
            }
        };
        let mut sources = Vec::new();
        for items in [
            &summary.prefix_chapters,
            &summary.numbered_chapters,
            &summary.suffix_chapters,
        ] {
            walk_summary(items, 0, &mut book.toc, &mut sources);
        }
        for (source, title, number) in sources {
            let page = book.render_page(&source, &title, number);
            book.by_url.insert(page.url.clone(), book.pages.len());
            book.pages.push(page);
        }
        let n = book.pages.len();
        for (i, page) in book.pages.iter_mut().enumerate() {
            page.prev = i.checked_sub(1);
            page.next = (i + 1 < n).then_some(i + 1);
        }
        book
    }

    fn text(&self, path: &str) -> Option<String> {
        self.files
            .get(path)
            .map(|b| String::from_utf8_lossy(b).into_owned())
    }

    fn render_page(&mut self, source: &str, title: &str, number: Option<String>) -> Page {
        let url = mdbook::page_url(source);
        let folder = source.rsplit_once('/').map_or("", |(d, _)| d).to_owned();
        let Some(markdown) = self.text(source) else {
            self.problems.push(format!("chapters/{source} is missing"));
            return Page {
                source: source.to_owned(),
                url,
                title: title.to_owned(),
                number,
                html: format!(
                    "<h1>{}</h1>\n<p>This chapter is not written yet.</p>\n",
                    markdown::attr_escape(title)
                ),
                headings: Vec::new(),
                sections: Vec::new(),
                prev: None,
                next: None,
            };
        };
        let mut problems = Vec::new();
        let rendered = markdown::render(&markdown, |name| {
            let path = if folder.is_empty() {
                name.to_owned()
            } else {
                format!("{folder}/{name}")
            };
            let Some(text) = self.text(&path) else {
                problems.push(format!("chapters/{path} (a quiz in {source}) is missing"));
                return None;
            };
            match quiz::parse(&text) {
                Ok(q) => Some(quiz::render_in(
                    &q,
                    &path,
                    self.quiz_words.unwrap_or(quiz::Words::ENGLISH),
                )),
                Err(e) => {
                    problems.push(format!("chapters/{path}: {e}"));
                    None
                }
            }
        });
        self.problems.extend(problems);
        Page {
            source: source.to_owned(),
            url,
            title: title.to_owned(),
            number,
            html: rendered.html,
            headings: rendered.headings,
            sections: rendered.sections,
            prev: None,
            next: None,
        }
    }

    /// The page at `url` (relative to the book root, e.g. `08-websocket/index.html`).
    pub fn page(&self, url: &str) -> Option<&Page> {
        self.by_url.get(url).map(|&i| &self.pages[i])
    }

    /// A chapter's speaker notes (`{folder}/notes.md`, Markdown): for the teacher's view only.
    /// mdBook neither renders nor copies a `.md` file that SUMMARY.md does not list, and
    /// [`Book::asset`] never serves one, so the notes stay out of both books.
    pub fn speaker_notes(&self, folder: &str) -> Option<String> {
        self.text(&format!("{folder}/notes.md"))
    }

    /// A file of the book that is not a page (a figure, a quiz), by its path.
    pub fn asset(&self, path: &str) -> Option<&[u8]> {
        if path.ends_with(".md") {
            return None;
        }
        self.files.get(path).map(Vec::as_slice)
    }

    /// The whole book on one page, for printing: every page's HTML in order, with relative
    /// links and images rebased to the book's root (as mdBook's print page does), and links
    /// between pages of the book turned into links within the print page.
    pub fn print_html(&self) -> String {
        self.print_html_at("/")
    }

    /// [`Book::print_html`] for a book served under `root` (`/ko/` for the Korean edition):
    /// the rebased links and images start with it.
    pub fn print_html_at(&self, root: &str) -> String {
        let mut html = String::new();
        for page in &self.pages {
            let folder = page.url.rsplit_once('/').map_or("", |(d, _)| d);
            html.push_str(&format!(
                "<section class=\"print-chapter\" id=\"{}\">\n",
                markdown::attr_escape(&print_anchor(&page.url))
            ));
            html.push_str(&rebase_urls(&page.html, folder, root, |target| {
                self.page(target)
                    .map(|p| format!("#{}", print_anchor(&p.url)))
            }));
            html.push_str("\n</section>\n");
        }
        html
    }

    /// Every section of every page, for the browser's search.
    pub fn search_index(&self) -> Vec<SearchDoc> {
        let mut docs = Vec::new();
        for page in &self.pages {
            for (id, text) in &page.sections {
                let section = page
                    .headings
                    .iter()
                    .find(|h| &h.id == id)
                    .map_or_else(String::new, |h| h.text.clone());
                let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
                docs.push(SearchDoc {
                    url: if id.is_empty() {
                        page.url.clone()
                    } else {
                        format!("{}#{id}", page.url)
                    },
                    page: page.title.clone(),
                    section,
                    text: text.chars().take(SEARCH_TEXT_CHARS).collect(),
                });
            }
        }
        docs
    }
}

fn walk_summary(
    items: &[SummaryItem],
    depth: usize,
    toc: &mut Vec<TocEntry>,
    sources: &mut Vec<(String, String, Option<String>)>,
) {
    for item in items {
        match item {
            SummaryItem::Link(link) => {
                let source = link
                    .location
                    .as_ref()
                    .map(|p| p.to_string_lossy().replace('\\', "/"))
                    .filter(|s| !s.is_empty());
                let number = link.number.as_ref().map(ToString::to_string);
                toc.push(TocEntry {
                    title: link.name.clone(),
                    number: number.clone(),
                    url: source.as_deref().map(mdbook::page_url),
                    depth,
                    is_part: false,
                });
                if let Some(source) = source {
                    sources.push((source, link.name.clone(), number));
                }
                walk_summary(&link.nested_items, depth + 1, toc, sources);
            }
            SummaryItem::PartTitle(title) => toc.push(TocEntry {
                title: title.clone(),
                number: None,
                url: None,
                depth,
                is_part: true,
            }),
            // A separator is only a line in the sidebar.
            _ => {}
        }
    }
}

fn read_dir(root: &Path, dir: &Path, out: &mut HashMap<String, Vec<u8>>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            read_dir(root, &path, out)?;
        } else if let Ok(rel) = path.strip_prefix(root) {
            out.insert(
                rel.to_string_lossy().replace('\\', "/"),
                std::fs::read(&path)?,
            );
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(list: &[(&str, &str)]) -> HashMap<String, Vec<u8>> {
        list.iter()
            .map(|(p, t)| ((*p).to_owned(), t.as_bytes().to_vec()))
            .collect()
    }

    #[test]
    fn a_small_book() {
        let book = Book::from_files(files(&[
            (
                "SUMMARY.md",
                "# Summary\n\n[Introduction](README.md)\n\n- [WebSocket](08-websocket/README.md)\n  - [Frames](08-websocket/frames.md)\n- [Draft]()\n",
            ),
            (
                "README.md",
                "# Introduction\n\nSee [frames](08-websocket/frames.md).\n",
            ),
            (
                "08-websocket/README.md",
                "# WebSocket\n\n## The handshake\n\nText.\n",
            ),
            ("08-websocket/frames.md", "# Frames\n"),
        ]));
        assert_eq!(book.problems, Vec::<String>::new());
        let urls: Vec<_> = book.pages.iter().map(|p| p.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "index.html",
                "08-websocket/index.html",
                "08-websocket/frames.html"
            ]
        );
        let numbers: Vec<_> = book.toc.iter().map(|t| t.number.clone()).collect();
        assert_eq!(
            numbers,
            [
                None,
                Some("1.".into()),
                Some("1.1.".into()),
                Some("2.".into())
            ]
        );
        assert_eq!(book.toc[3].url, None);
        assert!(
            book.page("index.html")
                .unwrap()
                .html
                .contains("08-websocket/frames.html")
        );
        let ws = book.page("08-websocket/index.html").unwrap();
        assert_eq!((ws.prev, ws.next), (Some(0), Some(2)));
        let index = book.search_index();
        assert!(
            index
                .iter()
                .any(|d| d.url == "08-websocket/index.html#the-handshake" && d.text == "Text.")
        );
    }

    #[test]
    fn the_print_view_rebases_urls() {
        let book = Book::from_files(files(&[
            ("SUMMARY.md", "- [A](a/index.md)\n- [B](b/x.md)\n"),
            (
                "a/index.md",
                "# A\n\n![f](fig.svg) [b](../b/x.md) [b2](../b/x.md#y) [out](https://x.org/a) [top](#a)\n",
            ),
            ("b/x.md", "# B\n\n## Y\n"),
        ]));
        let html = book.print_html();
        assert!(html.contains("src=\"/a/fig.svg\""), "{html}");
        assert!(html.contains("href=\"#page-b-x\""), "{html}");
        assert!(html.contains("id=\"page-b-x\""), "{html}");
        assert!(html.contains("href=\"/b/x.html#y\""), "{html}");
        assert!(html.contains("href=\"https://x.org/a\""));
        assert!(html.contains("href=\"#a\""));
    }

    #[test]
    fn missing_pieces_are_problems_not_failures() {
        let book = Book::from_files(files(&[
            ("SUMMARY.md", "- [Gone](gone.md)\n- [Quizzed](q.md)\n"),
            (
                "q.md",
                "# Q\n\n<div class=\"quiz\" data-quiz=\"nope.toml\">\n\nfallback\n\n</div>\n",
            ),
        ]));
        assert_eq!(book.pages.len(), 2);
        assert_eq!(book.problems.len(), 2, "{:?}", book.problems);
        assert!(book.page("q.html").unwrap().html.contains("fallback"));
        assert!(Book::from_files(HashMap::new()).problems[0].contains("SUMMARY.md"));
    }
}
