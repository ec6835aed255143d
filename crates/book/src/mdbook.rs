//! The few rules by which mdBook 0.5 turns sources into URLs and headings into ids, copied so
//! that a chapter has the same address, and a heading the same anchor, in `mdbook build`'s
//! output and in the app (bookmarks and links work in both).
//!
//! - A chapter's URL is its source path with `.md` replaced by `.html`; a `README.md` becomes
//!   `index.html` (mdBook's `index` preprocessor).
//! - A link or image to a local `.md` file gets `.html` (mdBook's `fix_link`); links with a
//!   scheme and fragment-only links are left alone.
//! - A heading's id is its text, trimmed and lowercased, keeping alphanumerics, `_` and `-`,
//!   whitespace turned into `-` (mdBook's `id_from_content`); a repeated id gets `-1`, `-2`…
//!   (`unique_id`), counted across a page's headings and definition-list terms in order.

use std::collections::HashSet;

/// The URL (relative to the book's root) of the chapter whose source is `source`.
pub fn page_url(source: &str) -> String {
    let (dir, file) = match source.rsplit_once('/') {
        Some((dir, file)) => (Some(dir), file),
        None => (None, source),
    };
    let stem = file.strip_suffix(".md").unwrap_or(file);
    let name = if stem.eq_ignore_ascii_case("readme") {
        "index.html".to_owned()
    } else {
        format!("{stem}.html")
    };
    match dir {
        Some(dir) => format!("{dir}/{name}"),
        None => name,
    }
}

/// What mdBook does to a link or image target.
pub fn fix_link(link: &str) -> String {
    if link.starts_with('#') || has_scheme(link) {
        return link.to_owned();
    }
    // mdBook's unanchored regex `(?P<link>.*)\.md(?P<anchor>#.*)?`: everything before the
    // *last* `.md`, then `.html`, then a `#fragment` if one follows that `.md` directly
    // (anything else after it is dropped, as mdBook drops it).
    let Some(i) = link.rfind(".md") else {
        return link.to_owned();
    };
    let after = &link[i + 3..];
    let anchor = if after.starts_with('#') { after } else { "" };
    format!("{}.html{anchor}", &link[..i])
}

/// `^[a-z][a-z0-9+.-]*:`
fn has_scheme(link: &str) -> bool {
    let mut chars = link.chars();
    if !chars.next().is_some_and(|c| c.is_ascii_lowercase()) {
        return false;
    }
    for c in chars {
        match c {
            ':' => return true,
            'a'..='z' | '0'..='9' | '+' | '.' | '-' => {}
            _ => return false,
        }
    }
    false
}

/// mdBook's `id_from_content`.
pub fn id_from_content(content: &str) -> String {
    content
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|ch| {
            if ch.is_alphanumeric() || ch == '_' || ch == '-' {
                Some(ch)
            } else if ch.is_whitespace() {
                Some('-')
            } else {
                None
            }
        })
        .collect()
}

/// mdBook's `unique_id`.
pub fn unique_id(id: &str, used: &mut HashSet<String>) -> String {
    if used.insert(id.to_owned()) {
        return id.to_owned();
    }
    let mut counter: u32 = 1;
    loop {
        let candidate = format!("{id}-{counter}");
        if used.insert(candidate.clone()) {
            return candidate;
        }
        counter += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert_eq!(page_url("README.md"), "index.html");
        assert_eq!(
            page_url("08-websocket/README.md"),
            "08-websocket/index.html"
        );
        assert_eq!(
            page_url("08-websocket/handshake.md"),
            "08-websocket/handshake.html"
        );
        assert_eq!(page_url("glossary.md"), "glossary.html");
    }

    #[test]
    fn links() {
        assert_eq!(fix_link("frames.md"), "frames.html");
        assert_eq!(
            fix_link("../09-http2/README.md#hpack"),
            "../09-http2/README.html#hpack"
        );
        assert_eq!(fix_link("#top"), "#top");
        assert_eq!(
            fix_link("https://www.rfc-editor.org/rfc/rfc6455.md"),
            "https://www.rfc-editor.org/rfc/rfc6455.md"
        );
        assert_eq!(fix_link("figure.svg"), "figure.svg");
    }

    // mdBook 0.5.4's own test cases for its id functions.
    #[test]
    fn ids_as_mdbook_makes_them() {
        assert_eq!(
            id_from_content("`--passes`: add more rustdoc passes"),
            "--passes-add-more-rustdoc-passes"
        );
        assert_eq!(
            id_from_content("Method-call 🐙 expressions \u{1f47c}"),
            "method-call--expressions-"
        );
        assert_eq!(id_from_content("_-_12345"), "_-_12345");
        assert_eq!(id_from_content("中文標題 CJK title"), "中文標題-cjk-title");
        assert_eq!(id_from_content("Über"), "über");
        let mut used = HashSet::new();
        assert_eq!(unique_id("", &mut used), "");
        assert_eq!(unique_id("Über", &mut used), "Über");
        assert_eq!(unique_id("Über", &mut used), "Über-1");
        assert_eq!(unique_id("Über", &mut used), "Über-2");
    }
}
