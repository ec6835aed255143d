//! The words of our own rendered pages, found and replaced: how `/ko/labs/websocket` is
//! made from the English page without a second template.
//!
//! A page is cut into tokens by a small tokenizer (tags with their attributes, text,
//! comments; the contents of `script` and `style` are not looked into), and the tokens
//! into a tree. Then the page's *messages* are found:
//!
//! - a **run**: the text and inline elements between two block elements (or at the start
//!   or end of one) — so a `<p>`, `<li>`, `<button>` or `<option>` whose content has no
//!   block element is one run, one message: its inner HTML with whitespace collapsed
//!   (`The <strong>client</strong> masks.`). When all of a run's words are inside links or
//!   `span`s (a `<nav>` of links, `<a>Print</a> · <a>Search</a>`), each of those is a
//!   message of its own, so a link's `href` never becomes part of what a translator reads;
//! - the attributes a reader sees or hears: `title`, `aria-label`, `placeholder`, `alt`.
//!
//! Left alone: runs without words (only tags, numbers or punctuation), words that are all
//! inside `<code>`, and whatever is in `pre`, `textarea`, `svg`, or an element that says it
//! is in another language (`lang`, as the language switch does) or not to be translated
//! (`translate="no"`, HTML §6.5).
//!
//! [`translate`] replaces each message that has a usable Korean `msgstr` whose tags are the
//! English message's tags (the same multiset: the translator may move a `<code>`, not drop
//! or change one); every other byte of the page is kept as it was, so a page through an
//! empty catalog comes back byte for byte.

use std::collections::BTreeSet;
use std::ops::Range;

use book::i18n::{Catalog, Lookup};

/// Where a message was found, and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The English, whitespace collapsed: the msgid.
    pub msgid: String,
    /// The bytes of the page it replaces.
    pub range: Range<usize>,
    /// An attribute's name, for an attribute; `None` for a run of text.
    pub attribute: Option<String>,
}

/// How much of a page a catalog translated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Coverage {
    pub translated: usize,
    /// Messages with no usable translation (absent, empty or fuzzy).
    pub missing: Vec<String>,
    /// Messages whose translation has other tags than the English (not used).
    pub mismatched: Vec<String>,
}

impl Coverage {
    pub fn is_complete(&self) -> bool {
        self.missing.is_empty() && self.mismatched.is_empty()
    }
}

/// Elements that a run never crosses.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hgroup",
    "hr",
    "html",
    "label",
    "legend",
    "li",
    "main",
    "menu",
    "nav",
    "ol",
    "optgroup",
    "option",
    "p",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "ul",
    "button",
];

/// Elements without an end tag (HTML §13.1.2).
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// Elements whose contents are left alone.
const OPAQUE: &[&str] = &["pre", "textarea", "svg", "math", "template"];

/// Elements whose contents are not HTML (read up to their end tag).
const RAW: &[&str] = &["script", "style"];

/// Inline elements whose words do not count: code stays English.
const CODE: &[&str] = &["code", "kbd", "samp"];

/// The attributes a reader sees or hears.
const ATTRIBUTES: &[&str] = &["title", "aria-label", "placeholder", "alt"];

#[derive(Debug, Clone)]
struct Attr {
    name: String,
    value: Range<usize>,
}

#[derive(Debug, Clone)]
enum Token {
    Text(Range<usize>),
    Start {
        name: String,
        range: Range<usize>,
        attrs: Vec<Attr>,
        self_closing: bool,
    },
    End {
        name: String,
        range: Range<usize>,
    },
    /// Comments, doctypes, the raw text of `script` and `style`.
    Other(Range<usize>),
}

impl Token {
    fn range(&self) -> Range<usize> {
        match self {
            Token::Text(r) | Token::Other(r) => r.clone(),
            Token::Start { range, .. } | Token::End { range, .. } => range.clone(),
        }
    }
}

/// The tokens of `html`. Never fails: what is not a tag is text.
fn tokenize(html: &str) -> Vec<Token> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let mut text_start = 0;
    let flush_text = |out: &mut Vec<Token>, from: usize, to: usize| {
        if to > from {
            out.push(Token::Text(from..to));
        }
    };
    while i < b.len() {
        if b[i] != b'<' {
            i += 1;
            continue;
        }
        let rest = &html[i..];
        if rest.starts_with("<!--") {
            flush_text(&mut out, text_start, i);
            let end = rest.find("-->").map_or(html.len(), |e| i + e + 3);
            out.push(Token::Other(i..end));
            i = end;
            text_start = i;
        } else if rest.starts_with("<!") || rest.starts_with("<?") {
            flush_text(&mut out, text_start, i);
            let end = rest.find('>').map_or(html.len(), |e| i + e + 1);
            out.push(Token::Other(i..end));
            i = end;
            text_start = i;
        } else if rest.starts_with("</") && b.get(i + 2).is_some_and(u8::is_ascii_alphabetic) {
            flush_text(&mut out, text_start, i);
            let name_end = name_end(b, i + 2);
            let end = rest.find('>').map_or(html.len(), |e| i + e + 1);
            out.push(Token::End {
                name: html[i + 2..name_end].to_ascii_lowercase(),
                range: i..end,
            });
            i = end;
            text_start = i;
        } else if b.get(i + 1).is_some_and(u8::is_ascii_alphabetic) {
            flush_text(&mut out, text_start, i);
            let (token, end) = start_tag(html, i);
            let raw = match &token {
                Token::Start { name, .. } if RAW.contains(&name.as_str()) => Some(name.clone()),
                _ => None,
            };
            out.push(token);
            i = end;
            if let Some(name) = raw {
                let close = format!("</{name}");
                let content_end = html[i..]
                    .to_ascii_lowercase()
                    .find(&close)
                    .map_or(html.len(), |e| i + e);
                if content_end > i {
                    out.push(Token::Other(i..content_end));
                }
                i = content_end;
            }
            text_start = i;
        } else {
            i += 1;
        }
    }
    flush_text(&mut out, text_start, html.len());
    out
}

fn name_end(b: &[u8], from: usize) -> usize {
    let mut j = from;
    while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'-' || b[j] == b':') {
        j += 1;
    }
    j
}

/// The start tag at `at` (`<` then a letter), and where it ends.
fn start_tag(html: &str, at: usize) -> (Token, usize) {
    let b = html.as_bytes();
    let name_end = name_end(b, at + 1);
    let name = html[at + 1..name_end].to_ascii_lowercase();
    let mut attrs = Vec::new();
    let mut j = name_end;
    let mut self_closing = false;
    loop {
        while j < b.len() && b[j].is_ascii_whitespace() {
            j += 1;
        }
        match b.get(j) {
            None => break,
            Some(b'>') => {
                j += 1;
                break;
            }
            Some(b'/') if b.get(j + 1) == Some(&b'>') => {
                self_closing = true;
                j += 2;
                break;
            }
            Some(b'/') => {
                j += 1;
                continue;
            }
            Some(_) => {}
        }
        let attr_start = j;
        while j < b.len() && !b[j].is_ascii_whitespace() && !matches!(b[j], b'=' | b'>' | b'/') {
            j += 1;
        }
        if j == attr_start {
            // A lone `=`: skip it.
            j += 1;
            continue;
        }
        let attr_name = html[attr_start..j].to_ascii_lowercase();
        let mut k = j;
        while k < b.len() && b[k].is_ascii_whitespace() {
            k += 1;
        }
        if b.get(k) != Some(&b'=') {
            attrs.push(Attr {
                name: attr_name,
                value: j..j,
            });
            continue;
        }
        k += 1;
        while k < b.len() && b[k].is_ascii_whitespace() {
            k += 1;
        }
        let value = match b.get(k) {
            Some(&q) if q == b'"' || q == b'\'' => {
                let end = html[k + 1..]
                    .find(char::from(q))
                    .map_or(html.len(), |e| k + 1 + e);
                j = (end + 1).min(html.len());
                k + 1..end
            }
            _ => {
                let mut e = k;
                while e < b.len() && !b[e].is_ascii_whitespace() && b[e] != b'>' {
                    e += 1;
                }
                j = e;
                k..e
            }
        };
        attrs.push(Attr {
            name: attr_name,
            value,
        });
    }
    let end = j.min(html.len());
    (
        Token::Start {
            name,
            range: at..end,
            attrs,
            self_closing,
        },
        end,
    )
}

#[derive(Debug, Clone, Copy)]
enum Child {
    El(usize),
    Text(usize),
}

#[derive(Debug)]
struct El {
    name: String,
    /// The start tag's token (`None` for the document).
    start: Option<usize>,
    /// The end tag's token, when the page has one.
    end: Option<usize>,
    children: Vec<Child>,
}

/// A page's tokens as a tree.
struct Tree<'a> {
    html: &'a str,
    tokens: Vec<Token>,
    els: Vec<El>,
}

impl<'a> Tree<'a> {
    fn new(html: &'a str) -> Tree<'a> {
        let tokens = tokenize(html);
        let mut els = vec![El {
            name: String::new(),
            start: None,
            end: None,
            children: Vec::new(),
        }];
        let mut stack = vec![0usize];
        for (t, token) in tokens.iter().enumerate() {
            let top = stack.last().copied().unwrap_or(0);
            match token {
                Token::Text(_) => els[top].children.push(Child::Text(t)),
                Token::Other(_) => {}
                Token::Start {
                    name, self_closing, ..
                } => {
                    let id = els.len();
                    els.push(El {
                        name: name.clone(),
                        start: Some(t),
                        end: None,
                        children: Vec::new(),
                    });
                    els[top].children.push(Child::El(id));
                    if !*self_closing && !VOID.contains(&name.as_str()) {
                        stack.push(id);
                    }
                }
                Token::End { name, .. } => {
                    if let Some(pos) = stack.iter().rposition(|&e| e != 0 && els[e].name == *name) {
                        let id = stack[pos];
                        els[id].end = Some(t);
                        stack.truncate(pos);
                    }
                }
            }
        }
        Tree { html, tokens, els }
    }

    fn attrs(&self, el: usize) -> &[Attr] {
        match self.els[el].start.and_then(|t| self.tokens.get(t)) {
            Some(Token::Start { attrs, .. }) => attrs,
            _ => &[],
        }
    }

    fn attr(&self, el: usize, name: &str) -> Option<&str> {
        self.attrs(el)
            .iter()
            .find(|a| a.name == name)
            .map(|a| &self.html[a.value.clone()])
    }

    /// Left out with everything inside it.
    fn is_skipped(&self, el: usize) -> bool {
        let e = &self.els[el];
        OPAQUE.contains(&e.name.as_str())
            || RAW.contains(&e.name.as_str())
            || (e.name != "html" && self.attr(el, "lang").is_some())
            || self.attr(el, "translate") == Some("no")
    }

    fn is_block(&self, el: usize) -> bool {
        BLOCKS.contains(&self.els[el].name.as_str()) || self.has_block_inside(el)
    }

    fn has_block_inside(&self, el: usize) -> bool {
        self.els[el].children.iter().any(|c| match *c {
            Child::El(e) => BLOCKS.contains(&self.els[e].name.as_str()) || self.has_block_inside(e),
            Child::Text(_) => false,
        })
    }

    /// The bytes from a child's start to its end.
    fn child_range(&self, c: Child) -> Range<usize> {
        match c {
            Child::Text(t) => self.tokens[t].range(),
            Child::El(e) => {
                let el = &self.els[e];
                let start = el.start.map_or(0, |t| self.tokens[t].range().start);
                let end = el
                    .end
                    .map(|t| self.tokens[t].range().end)
                    .or_else(|| el.start.map(|t| self.tokens[t].range().end))
                    .unwrap_or(start);
                // An element left open: up to its last child.
                let last = el.children.last().map_or(end, |&c| self.child_range(c).end);
                start..end.max(if el.end.is_none() { last } else { end })
            }
        }
    }

    /// Whether the child has words outside `code` (and outside skipped elements).
    fn has_words(&self, c: Child) -> bool {
        match c {
            Child::Text(t) => text_has_words(&self.html[self.tokens[t].range()]),
            Child::El(e) => {
                !CODE.contains(&self.els[e].name.as_str())
                    && !self.is_skipped(e)
                    && self.els[e].children.iter().any(|&c| self.has_words(c))
            }
        }
    }

    fn is_unit(&self, c: Child) -> bool {
        matches!(c, Child::El(e) if matches!(self.els[e].name.as_str(), "a" | "span") && self.els[e].end.is_some())
    }

    fn find(&self) -> Vec<Found> {
        let mut out = Vec::new();
        self.visit(0, &mut out);
        out.sort_by_key(|f| f.range.start);
        out
    }

    fn visit(&self, el: usize, out: &mut Vec<Found>) {
        if el != 0 && self.is_skipped(el) {
            return;
        }
        self.attributes(el, out);
        let mut run: Vec<Child> = Vec::new();
        for &c in &self.els[el].children {
            match c {
                Child::El(e) if self.is_block(e) => {
                    self.run(&run, out);
                    run.clear();
                    self.visit(e, out);
                }
                _ => run.push(c),
            }
        }
        self.run(&run, out);
    }

    /// The `title`, `aria-label`, `placeholder` and `alt` of an element.
    fn attributes(&self, el: usize, out: &mut Vec<Found>) {
        for a in self.attrs(el) {
            if ATTRIBUTES.contains(&a.name.as_str()) {
                let value = &self.html[a.value.clone()];
                if text_has_words(value) {
                    out.push(Found {
                        msgid: collapse(value),
                        range: a.value.clone(),
                        attribute: Some(a.name.clone()),
                    });
                }
            }
        }
    }

    /// Every attribute inside the children (for a run that is not a message).
    fn attributes_within(&self, children: &[Child], out: &mut Vec<Found>) {
        for &c in children {
            if let Child::El(e) = c
                && !self.is_skipped(e)
            {
                self.attributes(e, out);
                self.attributes_within(&self.els[e].children, out);
            }
        }
    }

    fn run(&self, run: &[Child], out: &mut Vec<Found>) {
        // Whitespace at either end stays where it is.
        let mut first = 0;
        let mut last = run.len();
        let blank = |c: &Child| matches!(c, Child::Text(t) if self.html[self.tokens[*t].range()].trim().is_empty());
        while first < last && blank(&run[first]) {
            first += 1;
        }
        while last > first && blank(&run[last - 1]) {
            last -= 1;
        }
        let run = &run[first..last];
        if run.is_empty() {
            return;
        }
        if !run.iter().any(|&c| self.has_words(c)) {
            self.attributes_within(run, out);
            return;
        }
        let loose = run.iter().any(|&c| self.has_words(c) && !self.is_unit(c));
        if !loose {
            // Only links and spans have words: each is a message.
            for &c in run {
                let Child::El(e) = c else { continue };
                if self.is_skipped(e) {
                    continue;
                }
                self.attributes(e, out);
                if self.has_words(c) {
                    self.inner(e, out);
                } else {
                    self.attributes_within(&self.els[e].children, out);
                }
            }
            return;
        }
        let start = self.child_range(run[0]).start;
        let end = self.child_range(run[run.len() - 1]).end;
        let text = &self.html[start..end];
        let lead = text.len() - text.trim_start().len();
        let trail = text.len() - text.trim_end().len();
        let range = start + lead..end - trail;
        out.push(Found {
            msgid: collapse(&self.html[range.clone()]),
            range,
            attribute: None,
        });
    }

    /// An element's content as one message (its children form one run).
    fn inner(&self, e: usize, out: &mut Vec<Found>) {
        let el = &self.els[e];
        let (Some(s), Some(t)) = (el.start, el.end) else {
            return;
        };
        let from = self.tokens[s].range().end;
        let to = self.tokens[t].range().start;
        let text = &self.html[from..to];
        let lead = text.len() - text.trim_start().len();
        let trail = text.len() - text.trim_end().len();
        let range = from + lead..to - trail;
        if range.start < range.end {
            out.push(Found {
                msgid: collapse(&self.html[range.clone()]),
                range,
                attribute: None,
            });
        }
    }
}

/// Whether text has a letter or digit a reader sees (character references aside).
fn text_has_words(text: &str) -> bool {
    let mut rest = text;
    let mut seen = String::new();
    while let Some(i) = rest.find('&') {
        seen.push_str(&rest[..i]);
        let after = &rest[i..];
        match after.find(';') {
            Some(e)
                if e <= 10
                    && after[1..e]
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '#') =>
            {
                rest = &after[e + 1..];
            }
            _ => {
                seen.push('&');
                rest = &after[1..];
            }
        }
    }
    seen.push_str(rest);
    seen.chars().any(|c| c.is_alphabetic())
}

/// Whitespace runs as one space, none at the ends.
pub fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The messages of a page, in the page's order.
pub fn find(html: &str) -> Vec<Found> {
    Tree::new(html).find()
}

/// The tags of a message (start and end tags with their attributes, whitespace
/// collapsed), sorted: a translation must have the same.
pub fn tags(fragment: &str) -> Vec<String> {
    let mut tags: Vec<String> = tokenize(fragment)
        .into_iter()
        .filter_map(|t| match t {
            Token::Start { range, .. } | Token::End { range, .. } => {
                Some(collapse(&fragment[range]))
            }
            _ => None,
        })
        .collect();
    tags.sort();
    tags
}

/// The `{name}` placeholders of a message.
pub fn placeholders(s: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = s;
    while let Some(i) = rest.find('{') {
        let after = &rest[i + 1..];
        match after.find('}') {
            Some(e)
                if e > 0
                    && after[..e]
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_') =>
            {
                out.insert(after[..e].to_owned());
                rest = &after[e + 1..];
            }
            _ => rest = after,
        }
    }
    out
}

/// `html` with every message that `catalog` translates replaced; every other byte kept.
pub fn translate(html: &str, catalog: &Catalog) -> (String, Coverage) {
    let mut coverage = Coverage::default();
    let mut out = String::with_capacity(html.len() + html.len() / 4);
    let mut at = 0;
    for f in find(html) {
        let Lookup::Translated(msgstr) = catalog.lookup(None, &f.msgid) else {
            coverage.missing.push(f.msgid);
            continue;
        };
        if tags(msgstr) != tags(&f.msgid) {
            coverage.mismatched.push(f.msgid);
            continue;
        }
        if f.range.start < at {
            continue;
        }
        out.push_str(&html[at..f.range.start]);
        out.push_str(msgstr);
        at = f.range.end;
        coverage.translated += 1;
    }
    out.push_str(&html[at..]);
    (out, coverage)
}

/// `html` with the `href` of each link for which `to` has another address changed to it
/// (the Korean pages link to the Korean labs).
pub fn relink(html: &str, to: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(html.len() + 64);
    let mut at = 0;
    for token in tokenize(html) {
        let Token::Start { name, attrs, .. } = token else {
            continue;
        };
        if name != "a" {
            continue;
        }
        for a in attrs {
            if a.name == "href"
                && let Some(new) = to(&html[a.value.clone()])
            {
                out.push_str(&html[at..a.value.start]);
                out.push_str(&new);
                at = a.value.end;
            }
        }
    }
    out.push_str(&html[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msgids(html: &str) -> Vec<String> {
        find(html).into_iter().map(|f| f.msgid).collect()
    }

    const PAGE: &str = "<!doctype html>\n<html lang=\"en\">\n<head><title>The lab — wiretrail</title>\n<script type=\"module\">const a = \"<p>not this</p>\";</script></head>\n<body>\n<nav aria-label=\"Site\">\n  <a href=\"/\">Home</a>\n  <a href=\"/labs/websocket\">WebSocket\n  lab</a>\n</nav>\n<main>\n<h1>The <em>live</em> lab</h1>\n<p class=\"lede\">Your browser opens\n  <code>ws://{addr}/ws/lab</code>.</p>\n<p><code>wiretrail dissect ws 81</code></p>\n<label>Room <input id=\"r\" placeholder=\"class name\"></label>\n<label>Chapter <select id=\"c\"><option value=\"1\">One</option></select></label>\n<pre>keep\n  this</pre>\n<p><button type=\"button\" aria-pressed=\"false\">Projector</button>\n<span class=\"note\">(large type)</span></p>\n<a class=\"lang-switch\" lang=\"ko\" href=\"/ko/\">한국어</a>\n<p translate=\"no\">wiretrail</p>\n<ol><li>3</li><li>&nbsp;</li></ol>\n</main>\n</body>\n</html>\n";

    #[test]
    fn the_messages_of_a_page() {
        assert_eq!(
            msgids(PAGE),
            [
                "The lab — wiretrail",
                "Site",
                "Home",
                "WebSocket lab",
                "The <em>live</em> lab",
                "Your browser opens <code>ws://{addr}/ws/lab</code>.",
                "Room <input id=\"r\" placeholder=\"class name\">",
                "Chapter",
                "One",
                "Projector",
                "(large type)",
            ]
        );
    }

    #[test]
    fn an_empty_catalog_gives_the_page_back_byte_for_byte() {
        let (same, coverage) = translate(PAGE, &Catalog::default());
        assert_eq!(same, PAGE);
        assert_eq!(coverage.translated, 0);
        assert_eq!(coverage.missing.len(), 11);
        // Broken HTML is never a panic, and comes back as it was.
        for bad in [
            "<",
            "<p",
            "<p a=\"x",
            "</",
            "<p>a</q>",
            "<!--",
            "<script>x",
            "a<b c=>d",
            "<é>",
        ] {
            assert_eq!(translate(bad, &Catalog::default()).0, bad);
            let _ = find(bad);
        }
    }

    #[test]
    fn a_translation_replaces_only_its_message() {
        let (mut catalog, problems) = Catalog::parse(concat!(
            "msgid \"Home\"\nmsgstr \"홈\"\n\n",
            "msgid \"The <em>live</em> lab\"\nmsgstr \"<em>실시간</em> 실습\"\n\n",
            "msgid \"Site\"\nmsgstr \"사이트\"\n\n",
            "msgid \"Your browser opens <code>ws://{addr}/ws/lab</code>.\"\nmsgstr \"브라우저가 <code>ws://{addr}/ws/lab</code> 을(를) 열어요.\"\n\n",
            "msgid \"Projector\"\nmsgstr \"<b>프로젝터</b>\"\n",
        ));
        assert!(problems.is_empty(), "{problems:?}");
        catalog.add(book::i18n::Entry {
            flags: vec!["fuzzy".into()],
            msgstr: "하나".into(),
            ..book::i18n::Entry::new(None, "One")
        });
        let (ko, coverage) = translate(PAGE, &catalog);
        assert!(ko.contains("<a href=\"/\">홈</a>"), "{ko}");
        assert!(ko.contains("<nav aria-label=\"사이트\">"));
        assert!(ko.contains("<h1><em>실시간</em> 실습</h1>"));
        assert!(ko.contains("<p class=\"lede\">브라우저가 <code>"));
        assert!(ko.contains("<pre>keep\n  this</pre>"));
        assert!(
            ko.contains("<option value=\"1\">One</option>"),
            "fuzzy is not used"
        );
        assert!(
            ko.contains(">Projector</button>"),
            "other tags are not used"
        );
        assert_eq!(coverage.translated, 4);
        assert_eq!(coverage.mismatched, ["Projector"]);
        assert!(coverage.missing.contains(&"One".to_owned()));
    }

    #[test]
    fn tags_and_placeholders() {
        assert_eq!(
            tags("a <code>x</code> and <a href=\"/b\">b</a>"),
            tags("<a href=\"/b\">나</a> 그리고 <code>x</code>")
        );
        assert_ne!(tags("<a href=\"/b\">b</a>"), tags("<a href=\"/c\">b</a>"));
        assert_eq!(
            placeholders("up to {max_message} bytes, {n} {"),
            ["max_message".to_owned(), "n".to_owned()].into()
        );
    }

    #[test]
    fn links_to_the_korean_pages() {
        let html = "<a href=\"/labs/websocket\">x</a> <link href=\"/labs/websocket\"> <a class=\"b\" href='/'>y</a>";
        let out = relink(html, |h| {
            matches!(h, "/" | "/labs/websocket").then(|| format!("/ko{h}"))
        });
        assert_eq!(
            out,
            "<a href=\"/ko/labs/websocket\">x</a> <link href=\"/labs/websocket\"> <a class=\"b\" href='/ko/'>y</a>"
        );
    }
}
