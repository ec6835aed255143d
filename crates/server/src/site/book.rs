//! The history notebook as bytes: every chapter page wrapped in the layout, `/print.html`,
//! the search index, and the book's own files (figures, quiz data).
//!
//! The `book` crate renders the Markdown once, when the server starts. Here each page is put
//! in `templates/book_page.html` on its first request and kept as a [`Cached`]; so is the
//! print page, the largest body the server sends (every chapter on one page). The search
//! index is built with the book.
//!
//! **`--book DIR`** (an author's working copy): before answering, the files of DIR are
//! looked at (their paths, sizes and modification times, no contents); when any changed,
//! the book is read and rendered again and the pages kept so far are dropped. The ETags
//! come from the pages' bytes, so a page the edit did not touch keeps its tag and the
//! browser's copy stays good (a 304). The embedded book never changes and is never looked
//! at again.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, PoisonError, RwLock};
use std::time::SystemTime;

use askama::Template;
use book::{Book, TocEntry};

pub use super::lang::{Lang, Switch};
use super::{Cached, HTML, render};

#[derive(Template, Clone)]
#[template(path = "book_page.html")]
struct BookPage<'a> {
    title: &'a str,
    url: &'a str,
    /// The page's language (`<html lang>`), the root it is served under (`/`, `/ko/`), and
    /// the language switch: the other edition's name, language and URL of this page.
    lang: &'a str,
    root: &'a str,
    switch: Switch,
    toc: &'a [TocEntry],
    html: &'a str,
    /// `(url, title)` of the previous and next pages.
    prev: Option<(&'a str, &'a str)>,
    next: Option<(&'a str, &'a str)>,
}

/// The book, rendered into bytes as they are asked for.
#[derive(Debug)]
pub struct Rendered {
    pub book: Book,
    /// Which edition: English at `/`, or a translation at `/LANG/`.
    pub edition: Lang,
    /// Every page's URL, and its bytes once asked for.
    pages: HashMap<String, OnceLock<Cached>>,
    print: OnceLock<Cached>,
    search_index: Cached,
    /// The book's other files, once asked for (keys are only paths the book has).
    files: Mutex<HashMap<String, Arc<Cached>>>,
}

impl Rendered {
    fn new(book: Book, edition: Lang) -> Rendered {
        for problem in &book.problems {
            tracing::warn!(lang = edition.code(), "book: {problem}");
        }
        let search_index =
            serde_json::to_string(&book.search_index()).unwrap_or_else(|_| "[]".to_owned());
        Rendered {
            pages: book
                .pages
                .iter()
                .map(|p| (p.url.clone(), OnceLock::new()))
                .collect(),
            print: OnceLock::new(),
            search_index: Cached::new("application/json", search_index),
            files: Mutex::new(HashMap::new()),
            book,
            edition,
        }
    }

    /// The chapter page at `url` (`08-websocket/index.html`), in the layout.
    pub fn page(&self, url: &str) -> Option<&Cached> {
        let slot = self.pages.get(url)?;
        let page = self.book.page(url)?;
        Some(slot.get_or_init(|| {
            let link = |i: Option<usize>| {
                i.and_then(|i| self.book.pages.get(i))
                    .map(|p| (p.url.as_str(), p.title.as_str()))
            };
            let page = BookPage {
                title: &page.title,
                url: &page.url,
                lang: self.edition.code(),
                root: self.edition.root(),
                switch: self.edition.switch(&page.url),
                toc: &self.book.toc,
                html: &page.html,
                prev: link(page.prev),
                next: link(page.next),
            };
            Cached::new(HTML, self.layout(page))
        }))
    }

    /// The whole book on one page, for printing (or reading offline in one go).
    pub fn print(&self) -> &Cached {
        self.print.get_or_init(|| {
            let html = self.book.print_html_at(self.edition.root());
            let page = BookPage {
                title: self.edition.print_title(),
                url: "print.html",
                lang: self.edition.code(),
                root: self.edition.root(),
                switch: self.edition.switch("print.html"),
                toc: &self.book.toc,
                html: &html,
                prev: None,
                next: None,
            };
            Cached::new(HTML, self.layout(page))
        })
    }

    /// A page in the layout. A translation's layout (the search box, Print, the quiz
    /// buttons) is the English one through `po/pages/ko.po`: rendered with `{root}` and
    /// `{title}` and the chapter held out, translated, then filled in, so the messages are
    /// the ones [`chrome_messages`] extracts.
    fn layout(&self, page: BookPage<'_>) -> String {
        if self.edition == Lang::En {
            return render(&page);
        }
        let (root, title, content) = (page.root, page.title, page.html);
        let held = render(&BookPage {
            root: ROOT,
            title: TITLE,
            html: CONTENT,
            ..page
        });
        // The chapter is Korean already, but for the quizzes' buttons and labels.
        let catalog = crate::i18n::catalog::korean(crate::i18n::Domain::Pages);
        let (content, _) = crate::i18n::html::translate(content, catalog);
        let (html, _) = super::pages::to_korean(&held, |html| {
            html.replace(ROOT, root)
                .replace(TITLE, &escape(title))
                .replacen(CONTENT, &content, 1)
        });
        // The chapter's own links to the labs go to the Korean labs too.
        crate::i18n::html::relink(&html, super::pages::korean_link)
    }

    /// The search index, as JSON.
    pub fn search_index(&self) -> &Cached {
        &self.search_index
    }

    /// A file of the book that is not a page (a figure, a quiz), by its path.
    pub fn file(&self, path: &str) -> Option<Arc<Cached>> {
        let mut files = self.files.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(cached) = files.get(path) {
            return Some(cached.clone());
        }
        let bytes = self.book.asset(path)?;
        let cached = Arc::new(Cached::new(
            crate::assets::content_type(path),
            bytes.to_vec(),
        ));
        files.insert(path.to_owned(), cached.clone());
        Some(cached)
    }
}

/// The placeholders of a translated page's layout.
const ROOT: &str = "{root}";
const TITLE: &str = "{title}";
/// Where the chapter goes: a character no page has, in a block of its own.
const CONTENT: &str = "\u{E000}";

/// `&`, `<`, `>`, `"` and `'` as character references (what askama does to a value).
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            c => out.push(c),
        }
    }
    out
}

/// The messages of the book's layout (`templates/book_page.html`) and of the quizzes'
/// buttons and labels: the layout rendered with placeholders and no chapter, and what two
/// different quizzes have in common (their questions and counts differ, their chrome does
/// not).
pub fn chrome_messages() -> Vec<crate::i18n::Message> {
    let layout = render(&BookPage {
        title: TITLE,
        url: "index.html",
        lang: Lang::En.code(),
        root: ROOT,
        switch: Lang::En.switch("index.html"),
        toc: &[],
        html: CONTENT,
        prev: None,
        next: None,
    });
    let message = |msgid: String, reference: &str| crate::i18n::Message {
        msgid,
        msgid_plural: None,
        references: vec![reference.to_owned()],
        comment: None,
    };
    let mut out: Vec<_> = crate::i18n::html::find(&layout)
        .into_iter()
        .map(|f| message(f.msgid, "templates/book_page.html"))
        .collect();
    let quiz = |source: &str| {
        book::quiz::parse(source)
            .map(|q| book::quiz::render(&q, "x"))
            .map(|html| {
                crate::i18n::html::find(&html)
                    .into_iter()
                    .map(|f| f.msgid)
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    let a = quiz(QUIZ_A);
    for msgid in quiz(QUIZ_B) {
        if a.contains(&msgid) {
            out.push(message(msgid, "crates/book/src/quiz.rs"));
        }
    }
    out
}

/// Two quizzes with nothing in common but their chrome.
const QUIZ_A: &str = "[[questions]]\ntype = \"MultipleChoice\"\nprompt.prompt = \"Which peer masks?\"\nprompt.distractors = [\"The server\"]\nanswer.answer = \"The client\"\ncontext = \"RFC 6455 §5.3.\"\n\n[[questions]]\ntype = \"ShortAnswer\"\nprompt.prompt = \"Close is which opcode?\"\nanswer.answer = \"8\"\ncontext = \"RFC 6455 §5.2.\"\n";
const QUIZ_B: &str = "[[questions]]\ntype = \"ShortAnswer\"\nprompt.prompt = \"Which port?\"\nanswer.answer = \"80\"\ncontext = \"Port eighty.\"\n\n[[questions]]\ntype = \"MultipleChoice\"\nprompt.prompt = \"Which year?\"\nprompt.distractors = [\"1970\", \"1990\"]\nanswer.answer = \"1983\"\ncontext = \"The flag day.\"\n\n[[questions]]\ntype = \"ShortAnswer\"\nprompt.prompt = \"Which RFC?\"\nanswer.answer = \"6455\"\ncontext = \"WebSocket.\"\n";

/// Where the book comes from, and the book as last rendered.
#[derive(Debug)]
pub struct BookSite {
    /// `--book DIR`, and what its files looked like when the book was last read.
    dir: Option<(PathBuf, Mutex<u64>)>,
    current: RwLock<Arc<Rendered>>,
    /// The Korean edition (`/ko/`), rendered from the same files through `po/ko.po`.
    korean: RwLock<Arc<Rendered>>,
}

impl BookSite {
    /// The book in `dir` (`--book DIR`), or the one embedded in the binary.
    pub fn new(dir: Option<&Path>) -> BookSite {
        let Some(dir) = dir else {
            let (english, korean) = editions(Book::embedded(), None);
            return BookSite {
                dir: None,
                current: RwLock::new(english),
                korean: RwLock::new(korean),
            };
        };
        let seen = fingerprint(dir);
        let (english, korean) = editions(read(dir), Some(dir));
        BookSite {
            current: RwLock::new(english),
            korean: RwLock::new(korean),
            dir: Some((dir.to_owned(), Mutex::new(seen))),
        }
    }

    /// The Korean edition as it is now (read again with the English one).
    pub fn korean(&self) -> Arc<Rendered> {
        let _ = self.current();
        self.korean
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// The book as it is now: with `--book DIR`, read again first if a file changed.
    pub fn current(&self) -> Arc<Rendered> {
        if let Some((dir, seen)) = &self.dir {
            // One request at a time looks (and rebuilds); the others wait for its answer.
            let mut seen = seen.lock().unwrap_or_else(PoisonError::into_inner);
            let now = fingerprint(dir);
            if now != *seen {
                tracing::info!(dir = %dir.display(), "the book changed: reading it again");
                let (english, korean) = editions(read(dir), Some(dir));
                *self.current.write().unwrap_or_else(PoisonError::into_inner) = english;
                *self.korean.write().unwrap_or_else(PoisonError::into_inner) = korean;
                *seen = now;
            }
        }
        self.current
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

/// The English book and its Korean edition. The catalog is `po/ko.po` beside `--book DIR`
/// (`DIR/../po/ko.po`) when there is one, else the one embedded in the binary.
fn editions(book: Book, dir: Option<&Path>) -> (Arc<Rendered>, Arc<Rendered>) {
    let on_disk = dir
        .and_then(|d| d.parent())
        .map(|root| root.join("po/ko.po"))
        .and_then(|p| std::fs::read_to_string(p).ok())
        .map(|text| book::i18n::Catalog::parse(&text));
    let (catalog, problems) = on_disk
        .or_else(|| book::i18n::embedded_catalog("ko"))
        .unwrap_or_default();
    for problem in &problems {
        tracing::warn!("po/ko.po: {problem}");
    }
    let edition = book.translated(&catalog);
    let c = &edition.coverage;
    tracing::info!(
        translated = c.translated,
        fuzzy = c.fuzzy.len(),
        missing = c.missing.len(),
        "the Korean edition (/ko/)"
    );
    (
        Arc::new(Rendered::new(book, Lang::En)),
        Arc::new(Rendered::new(edition.book, Lang::Ko)),
    )
}

/// The book in `dir`, or the embedded one if `dir` cannot be read.
fn read(dir: &Path) -> Book {
    Book::from_dir(dir).unwrap_or_else(|e| {
        tracing::error!(dir = %dir.display(), error = %e, "cannot read the book; using the embedded one");
        Book::embedded()
    })
}

/// A hash of every file's path, size and modification time under `dir` (and of the
/// catalog beside it, `../po/ko.po`): it changes when a file is added, removed, or written.
fn fingerprint(dir: &Path) -> u64 {
    use std::hash::{DefaultHasher, Hash, Hasher};
    let mut entries = Vec::new();
    walk(dir, &mut entries);
    if let Some(po) = dir.parent().map(|root| root.join("po/ko.po"))
        && let Ok(meta) = std::fs::metadata(&po)
    {
        entries.push((po, meta.len(), meta.modified().ok()));
    }
    entries.sort();
    let mut hasher = DefaultHasher::new();
    entries.hash(&mut hasher);
    hasher.finish()
}

/// At most this many files are looked at (a chapters folder has a few dozen).
const MAX_FILES: usize = 10_000;

fn walk(dir: &Path, entries: &mut Vec<(PathBuf, u64, Option<SystemTime>)>) {
    let Ok(read) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in read.flatten() {
        if entries.len() >= MAX_FILES {
            return;
        }
        let Ok(meta) = entry.metadata() else {
            continue;
        };
        if meta.is_dir() {
            walk(&entry.path(), entries);
        } else {
            entries.push((entry.path(), meta.len(), meta.modified().ok()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edited_book_is_read_again() {
        let dir = std::env::temp_dir().join(format!("wiretrail-book-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("SUMMARY.md"), "# Summary\n\n[Intro](index.md)\n").unwrap();
        std::fs::write(dir.join("index.md"), "# Intro\n\nFirst words.\n").unwrap();
        let site = BookSite::new(Some(&dir));
        let first = site.current();
        let page = first.page("index.html").unwrap();
        assert!(String::from_utf8_lossy(page.bytes()).contains("First words."));
        // Unchanged: the same rendering, not a new one.
        assert!(Arc::ptr_eq(&first, &site.current()));

        std::fs::write(
            dir.join("index.md"),
            "# Intro\n\nSecond thoughts, longer.\n",
        )
        .unwrap();
        let second = site.current();
        assert!(!Arc::ptr_eq(&first, &second));
        let page = second.page("index.html").unwrap();
        assert!(String::from_utf8_lossy(page.bytes()).contains("Second thoughts"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn pages_are_rendered_once() {
        let site = BookSite::new(None);
        let book = site.current();
        let korean = site.korean();
        assert_eq!(korean.edition, Lang::Ko);
        let page =
            String::from_utf8_lossy(korean.page("08-websocket/handshake.html").unwrap().bytes())
                .into_owned();
        assert!(page.contains("<html lang=\"ko\">"), "{page}");
        let a = book.page("index.html").unwrap() as *const Cached;
        let b = book.page("index.html").unwrap() as *const Cached;
        assert_eq!(a, b);
        assert!(book.page("no-such-page.html").is_none());
        assert!(std::ptr::eq(book.print(), book.print()));
        assert!(book.file("SUMMARY.md").is_none(), "Markdown is not served");
    }
}
