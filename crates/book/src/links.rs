//! Relative links in the book's pages: where one points ([`resolve`], the rule `mdbook build`
//! follows too, which the links test checks every page with), and the print view's rewriting
//! of them — one page holds every chapter, so each relative `href` and `src` is made
//! root-relative, and a link to another page of the book becomes a link to that page's
//! section.

/// The id of a page's section in the print view: its URL, made an id.
pub(crate) fn print_anchor(url: &str) -> String {
    format!(
        "page-{}",
        url.trim_end_matches(".html").replace(['/', '.'], "-")
    )
}

/// Rewrites relative `href="…"` and `src="…"` in `html` (a page in `folder`) to be relative
/// to the book's root (`root`, the path it is served under: `/`, or `/ko/`); a link to a page of the book (without a fragment) goes through
/// `page_link`, which may turn it into an in-page anchor.
pub(crate) fn rebase_urls(
    html: &str,
    folder: &str,
    root: &str,
    page_link: impl Fn(&str) -> Option<String>,
) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    loop {
        let next = ["href=\"", "src=\""]
            .iter()
            .filter_map(|attr| rest.find(attr).map(|i| (i, attr.len())))
            .min();
        let Some((i, len)) = next else { break };
        let (before, after) = rest.split_at(i + len);
        out.push_str(before);
        let end = after.find('"').unwrap_or(after.len());
        let url = &after[..end];
        let relative =
            !(url.is_empty() || url.starts_with('#') || url.starts_with('/') || url.contains(':'));
        if relative {
            let (path, fragment) = url
                .split_once('#')
                .map_or((url, None), |(p, f)| (p, Some(f)));
            let resolved = resolve(folder, path);
            match (fragment, page_link(&resolved)) {
                (None, Some(anchor)) => out.push_str(&anchor),
                (Some(f), _) => out.push_str(&format!("{root}{resolved}#{f}")),
                (None, None) => out.push_str(&format!("{root}{resolved}")),
            }
        } else {
            out.push_str(url);
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// `folder` + `path`, with `.` and `..` worked out: where a relative link in a page of
/// `folder` points, relative to the book's root.
pub fn resolve(folder: &str, path: &str) -> String {
    let mut parts: Vec<&str> = folder.split('/').filter(|p| !p.is_empty()).collect();
    for piece in path.split('/') {
        match piece {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            p => parts.push(p),
        }
    }
    parts.join("/")
}
