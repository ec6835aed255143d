//! The book's shape, pinned: the table of contents, each page's heading outline (the
//! structure of the rendered HTML), and what the search index covers. Reviewed by reading
//! them; a chapter edit that moves a heading shows up here as a diff.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fmt::Write as _;
use std::path::PathBuf;

fn book() -> book::Book {
    book::Book::from_dir(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../chapters")).unwrap()
}

#[test]
fn summary_tree() {
    let mut out = String::new();
    for e in &book().toc {
        let indent = "  ".repeat(e.depth);
        let number = e.number.as_deref().unwrap_or("");
        let url = e.url.as_deref().unwrap_or("(no page)");
        writeln!(out, "{indent}{number} {} -> {url}", e.title).unwrap();
    }
    insta::assert_snapshot!(out);
}

#[test]
fn page_structure() {
    let mut out = String::new();
    for page in &book().pages {
        writeln!(out, "{} ({})", page.url, page.source).unwrap();
        for h in &page.headings {
            let tag = if h.level == 0 {
                "dt".to_owned()
            } else {
                format!("h{}", h.level)
            };
            writeln!(out, "  {tag} #{}", h.id).unwrap();
        }
        let count = |needle: &str| page.html.matches(needle).count();
        writeln!(
            out,
            "  cells {} · labs {} · quizzes {} · figures {} · code blocks {}",
            count("class=\"cell\""),
            count("class=\"lab\""),
            count("class=\"quiz\""),
            count("<img "),
            count("<pre>")
        )
        .unwrap();
    }
    insta::assert_snapshot!(out);
}

#[test]
fn search_index_covers_every_section() {
    let book = book();
    let index = book.search_index();
    let mut out = String::new();
    for doc in &index {
        writeln!(out, "{} | {}", doc.url, doc.section).unwrap();
        assert!(
            !doc.text.is_empty() || doc.section.is_empty() || doc.url.contains('#'),
            "{}",
            doc.url
        );
    }
    let sections: usize = book
        .pages
        .iter()
        .map(|p| p.headings.iter().filter(|h| h.level > 0).count())
        .sum();
    assert!(
        index.len() >= sections,
        "{} docs for {sections} sections",
        index.len()
    );
    insta::assert_snapshot!(out);
}
