//! Every link inside the book goes somewhere: a relative link names a page or a file of the
//! book, and its `#fragment` a heading of that page. (mdBook checks none of this.)
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashSet;
use std::path::PathBuf;

fn hrefs(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .map(|s| s[..s.find('"').unwrap_or(s.len())].to_owned())
        .collect()
}

#[test]
fn every_internal_link_resolves() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../chapters");
    let book = book::Book::from_dir(&dir).unwrap();
    let mut broken = Vec::new();
    for page in &book.pages {
        for link in hrefs(&page.html) {
            // External links, and links to the app's own routes (labs), are not the book's.
            if link.contains("://") || link.starts_with("mailto:") || link.starts_with('/') {
                continue;
            }
            let (path, fragment) = link.split_once('#').unwrap_or((&link, ""));
            let folder = page.url.rsplit_once('/').map_or("", |(d, _)| d);
            let target = if path.is_empty() {
                page.url.clone()
            } else {
                book::resolve(folder, path)
            };
            let ok = match book.page(&target) {
                Some(p) => {
                    fragment.is_empty()
                        || p.headings.iter().any(|h| h.id == fragment)
                        || p.html.contains(&format!("id=\"{fragment}\""))
                }
                None => book.asset(&target).is_some() && fragment.is_empty(),
            };
            if !ok {
                broken.push(format!("{}: {link}", page.url));
            }
        }
    }
    let unique: HashSet<_> = broken.iter().collect();
    assert!(
        broken.is_empty(),
        "{} broken links:\n{}",
        unique.len(),
        broken.join("\n")
    );
}
