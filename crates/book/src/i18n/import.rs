//! The importer of parallel translations: Korean files written beside the English ones
//! (`po/ko-src/08-websocket/handshake.md` for `chapters/08-websocket/handshake.md`, the
//! contract in the README's 한국어판 section) paired with their English block by block and
//! written into a catalog.
//!
//! Both files are cut into messages the same way ([`super::extract`]: mdbook-i18n-helpers'
//! segmentation for Markdown, the translatable strings of a quiz or the timeline, the text
//! runs of a figure), so the n-th message of the Korean file is the translation of the n-th
//! of the English — *if* the two have the same structure. That is checked first, and every
//! difference is reported with its file and block number rather than guessed around:
//!
//! - Markdown: the same block skeleton (headings and their levels, paragraphs, lists and
//!   items with their nesting, tables with their rows and cells, block quotes, code blocks,
//!   rules, footnotes) and every HTML block byte for byte; then, message by message, the
//!   same link and image targets, the same inline code, and code blocks unchanged;
//! - TOML: the same tables, keys and values except the strings that are translated;
//! - SVG: the same elements and attributes, only the text (and `<title>`, `<desc>`) changed.
//!
//! A file whose structure differs is not imported at all (its messages would be paired
//! wrongly); a message that breaks a per-message rule is left out alone.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use mdbook_i18n_helpers::extract_events;
use mdbook_markdown::pulldown_cmark::{Event, Tag, TagEnd};

use super::extract::{self, Found, Kind};
use super::po::Catalog;
use super::svg;

/// One difference between an English file and its Korean twin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    /// The file, relative to `chapters/` (and to `po/ko-src/`).
    pub file: String,
    /// The block (message) number, from 1; 0 when the file as a whole is at fault.
    pub block: usize,
    /// Lines in the English and the Korean file, where known (0 otherwise).
    pub english_line: usize,
    pub korean_line: usize,
    pub what: String,
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if self.block > 0 {
            write!(f, " block {}", self.block)?;
        }
        if self.english_line > 0 || self.korean_line > 0 {
            write!(
                f,
                " (English line {}, Korean line {})",
                self.english_line, self.korean_line
            )?;
        }
        write!(f, ": {}", self.what)
    }
}

/// What an import did.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Files paired and imported.
    pub files: Vec<String>,
    /// Messages given a translation by this import.
    pub imported: usize,
    pub mismatches: Vec<Mismatch>,
    /// English files with no Korean twin yet.
    pub untranslated_files: Vec<String>,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "imported {} messages from {} files; {} structural mismatches; {} English files have no twin yet",
            self.imported,
            self.files.len(),
            self.mismatches.len(),
            self.untranslated_files.len()
        )?;
        for m in &self.mismatches {
            writeln!(f, "  {m}")?;
        }
        Ok(())
    }
}

/// Pairs `korean` (twin files, by path relative to `po/ko-src/`) with `english` (the book's
/// files), and gives the catalog of `template`'s messages with every translation found,
/// the ones of `existing` (a previous ko.po) kept where this import has none.
pub fn import(
    english: &HashMap<String, Vec<u8>>,
    korean: &HashMap<String, Vec<u8>>,
    template: &Catalog,
    existing: Option<&Catalog>,
) -> (Catalog, Report) {
    let mut report = Report::default();
    // (msgctxt, msgid) → (msgstr, where it came from)
    let mut found: HashMap<(Option<String>, String), (String, String)> = HashMap::new();
    let mut paths: Vec<&String> = korean.keys().collect();
    paths.sort();
    for path in paths {
        let Some(kind) = Kind::of(path) else {
            continue;
        };
        let Some(en) = english.get(path) else {
            report.mismatches.push(Mismatch {
                file: path.clone(),
                block: 0,
                english_line: 0,
                korean_line: 0,
                what: "no English file of this name in chapters/".into(),
            });
            continue;
        };
        let en = String::from_utf8_lossy(en);
        let ko = String::from_utf8_lossy(&korean[path]);
        let before = report.mismatches.len();
        let pairs = match pair_file(path, kind, &en, &ko, &mut report.mismatches) {
            Some(p) => p,
            None => {
                if report.mismatches.len() == before {
                    report.mismatches.push(Mismatch {
                        file: path.clone(),
                        block: 0,
                        english_line: 0,
                        korean_line: 0,
                        what: "not imported".into(),
                    });
                }
                continue;
            }
        };
        report.files.push(path.clone());
        for (block, (e, k)) in pairs {
            let key = (e.msgctxt.map(str::to_owned), e.msgid.clone());
            let msgstr = match_newlines(&e.msgid, &k.msgid);
            match found.get(&key) {
                // A copy of the English gives way to a translation.
                Some((kept, _)) if *kept == e.msgid && msgstr != e.msgid => {
                    found.insert(key, (msgstr, format!("{path} block {block}")));
                }
                Some(_) if msgstr == e.msgid => {}
                Some((kept, from)) if *kept != msgstr => report.mismatches.push(Mismatch {
                    file: path.clone(),
                    block,
                    english_line: e.line,
                    korean_line: k.line,
                    what: format!(
                        "this English is translated differently in {from}; kept that one: {:.80}",
                        e.msgid
                    ),
                }),
                Some(_) => {}
                None => {
                    found.insert(key, (msgstr, format!("{path} block {block}")));
                }
            }
        }
    }
    for path in english.keys() {
        if Kind::of(path).is_some() && !korean.contains_key(path) {
            report.untranslated_files.push(path.clone());
        }
    }
    report.untranslated_files.sort();

    let mut catalog = Catalog::new(
        &existing
            .map(|c| c.header.clone())
            .filter(|h| !h.is_empty())
            .unwrap_or_else(|| Catalog::standard_header(Some("ko"))),
    );
    for entry in &template.entries {
        let mut e = entry.clone();
        let key = (e.msgctxt.clone(), e.msgid.clone());
        if let Some((msgstr, _)) = found.get(&key) {
            e.msgstr.clone_from(msgstr);
            report.imported += 1;
        } else if let Some(old) = existing.and_then(|c| c.get(e.msgctxt.as_deref(), &e.msgid)) {
            e.msgstr.clone_from(&old.msgstr);
            e.flags.clone_from(&old.flags);
            e.previous.clone_from(&old.previous);
        }
        catalog.add(e);
    }
    (catalog, report)
}

/// GNU msgfmt requires a msgstr to begin and end with `\n` exactly when its msgid does.
fn match_newlines(msgid: &str, msgstr: &str) -> String {
    let core = msgstr.trim_matches('\n');
    let lead = if msgid.starts_with('\n') { "\n" } else { "" };
    let trail = if msgid.ends_with('\n') { "\n" } else { "" };
    format!("{lead}{core}{trail}")
}

type Pairs = Vec<(usize, (Found, Found))>;

/// The messages of an English file and its twin, paired, or `None` (with the reasons in
/// `mismatches`) when their structures differ.
fn pair_file(
    path: &str,
    kind: Kind,
    en: &str,
    ko: &str,
    mismatches: &mut Vec<Mismatch>,
) -> Option<Pairs> {
    let mismatch = |block, english_line, korean_line, what: String| Mismatch {
        file: path.to_owned(),
        block,
        english_line,
        korean_line,
        what,
    };
    // The file as a whole.
    match kind {
        Kind::Summary | Kind::Page => {
            if let Some((eline, kline, what)) = skeleton_difference(en, ko) {
                // The block is the English message at (or just after) the difference.
                let block = extract::markdown(en).map_or(0, |found| {
                    found.iter().filter(|f| f.line < eline.max(1)).count() + 1
                });
                mismatches.push(mismatch(block, eline, kline, what));
                return None;
            }
        }
        Kind::Quiz | Kind::Timeline => {
            if let Some(what) = toml_difference(kind, en, ko) {
                mismatches.push(mismatch(0, 0, 0, what));
                return None;
            }
        }
        Kind::Figure => {
            let (a, b) = (svg::skeleton(en), svg::skeleton(ko));
            if a != b {
                let line = a
                    .lines()
                    .zip(b.lines())
                    .position(|(x, y)| x != y)
                    .map_or(a.lines().count().min(b.lines().count()) + 1, |i| i + 1);
                mismatches.push(mismatch(
                    0,
                    line,
                    line,
                    "the figure's elements or attributes differ (only the text of <text>, <tspan>, <title> and <desc> may change)".into(),
                ));
                return None;
            }
        }
    }
    let raw = |text: &str| match kind {
        // Pages' HTML blocks with words are paired below, apart.
        Kind::Summary | Kind::Page => extract::markdown(text),
        _ => extract::file(path, text),
    };
    // The Korean is written back with `*` emphasis (see `cmark`): `_` would not survive a
    // particle after it.
    let korean = |text: &str| match kind {
        Kind::Summary | Kind::Page => super::cmark::messages(text)
            .map(|list| {
                list.into_iter()
                    .map(|(line, msgid)| Found {
                        line,
                        msgctxt: None,
                        msgid,
                        comment: String::new(),
                    })
                    .collect()
            })
            .map_err(|e| format!("{e}")),
        _ => raw(text),
    };
    let (e_all, k_all) = match (raw(en), korean(ko)) {
        (Ok(e), Ok(k)) => (e, k),
        (Err(e), _) => {
            mismatches.push(mismatch(
                0,
                0,
                0,
                format!("the English cannot be read: {e}"),
            ));
            return None;
        }
        (_, Err(e)) => {
            mismatches.push(mismatch(0, 0, 0, format!("the Korean cannot be read: {e}")));
            return None;
        }
    };
    if e_all.len() != k_all.len() {
        mismatches.push(mismatch(
            0,
            0,
            0,
            format!(
                "{} messages in the English, {} in the Korean",
                e_all.len(),
                k_all.len()
            ),
        ));
        return None;
    }
    let mut pairs = Vec::new();
    // HTML blocks with words, paired in order (the skeletons have them in the same places).
    if kind == Kind::Page {
        let base = e_all.len();
        let (eh, kh) = (extract::html_blocks(en), extract::html_blocks(ko));
        for (i, ((el, e), (kl, k))) in eh.into_iter().zip(kh).enumerate() {
            let found = |line, msgid| Found {
                line,
                msgctxt: Some(extract::HTML),
                msgid,
                comment: String::new(),
            };
            pairs.push((base + i + 1, (found(el, e), found(kl, k))));
        }
    }
    for (i, (mut e, mut k)) in e_all.into_iter().zip(k_all).enumerate() {
        let block = i + 1;
        if matches!(kind, Kind::Summary | Kind::Page)
            && let Some(what) = message_difference(&e.msgid, &k.msgid)
        {
            mismatches.push(mismatch(block, e.line, k.line, what));
            continue;
        }
        if kind == Kind::Summary {
            match (extract::strip_link(&e.msgid), extract::strip_link(&k.msgid)) {
                (Ok(a), Ok(b)) => {
                    e.msgid = a;
                    k.msgid = b;
                }
                _ => continue,
            }
        }
        if k.msgid.trim().is_empty() {
            mismatches.push(mismatch(
                block,
                e.line,
                k.line,
                "the Korean is empty".into(),
            ));
            continue;
        }
        pairs.push((block, (e, k)));
    }
    Some(pairs)
}

/// One block-level event of a page, without its text: what two twins must share.
fn skeleton(text: &str) -> Vec<(usize, String)> {
    let mut in_code = false;
    extract_events(text, None)
        .into_iter()
        .filter_map(|(line, e)| {
            let s = match e {
                // A code block's lines are part of the structure: they are copied verbatim.
                Event::Text(t) if in_code => format!("code block line {:?}", t.trim_end()),
                Event::End(TagEnd::CodeBlock) => {
                    in_code = false;
                    return None;
                }
                Event::Start(Tag::Paragraph) => "paragraph".to_owned(),
                Event::Start(Tag::Heading { level, .. }) => format!("heading {level}"),
                Event::Start(Tag::BlockQuote(_)) => "block quote".to_owned(),
                Event::Start(Tag::CodeBlock(_)) => {
                    in_code = true;
                    "code block".to_owned()
                }
                Event::Start(Tag::List(start)) => match start {
                    Some(n) => format!("numbered list from {n}"),
                    None => "list".to_owned(),
                },
                Event::End(TagEnd::List(_)) => "end of list".to_owned(),
                Event::End(TagEnd::BlockQuote(_)) => "end of block quote".to_owned(),
                Event::Start(Tag::Item) => "list item".to_owned(),
                Event::End(TagEnd::Item) => "end of list item".to_owned(),
                Event::Start(Tag::Table(cols)) => format!("table of {} columns", cols.len()),
                Event::Start(Tag::TableRow) => "table row".to_owned(),
                Event::Start(Tag::TableCell) => "table cell".to_owned(),
                Event::Start(Tag::FootnoteDefinition(name)) => format!("footnote [^{name}]"),
                Event::Rule => "rule".to_owned(),
                Event::Html(h) => format!("\u{0}{h}"),
                _ => return None,
            };
            Some((line, s))
        })
        .fold(Vec::new(), |mut out: Vec<(usize, String)>, (line, s)| {
            // The lines of one HTML block (marked with a NUL) become one item.
            match (s.strip_prefix('\u{0}'), out.last_mut()) {
                (Some(h), Some((_, last))) if last.starts_with('\u{0}') => last.push_str(h),
                _ => out.push((line, s)),
            }
            out
        })
        .into_iter()
        .map(|(line, s)| match s.strip_prefix('\u{0}') {
            // An HTML block with words may be translated: its tags must stay the same.
            Some(h) if extract::has_words(h) => {
                (line, format!("HTML block with the tags {}", tags(h)))
            }
            Some(h) => (line, format!("HTML {}", h.trim_end())),
            None => (line, s),
        })
        .collect()
}

/// The tags of an HTML block, attributes and all, in order (the words between them left out).
fn tags(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        let end = rest[i..].find('>').map_or(rest.len(), |e| i + e + 1);
        out.push_str(&rest[i..end]);
        rest = &rest[end..];
    }
    out
}

/// Where two pages' skeletons first differ: `(English line, Korean line, what)`.
fn skeleton_difference(en: &str, ko: &str) -> Option<(usize, usize, String)> {
    let (a, b) = (skeleton(en), skeleton(ko));
    for (x, y) in a.iter().zip(&b) {
        if x.1 != y.1 {
            return Some((
                x.0,
                y.0,
                format!("the English has {} here, the Korean {}", x.1, y.1),
            ));
        }
    }
    match a.len().cmp(&b.len()) {
        std::cmp::Ordering::Equal => None,
        std::cmp::Ordering::Greater => Some((
            a[b.len()].0,
            0,
            format!("the Korean ends where the English has {}", a[b.len()].1),
        )),
        std::cmp::Ordering::Less => Some((
            0,
            b[a.len()].0,
            format!("the Korean has more: {}", b[a.len()].1),
        )),
    }
}

/// The link and image targets and the inline code of a message, each sorted (Korean word
/// order may move them), and whether it is a code block.
fn fixed_parts(message: &str) -> (Vec<String>, Vec<String>, bool) {
    let mut targets = Vec::new();
    let mut code = Vec::new();
    let mut code_block = false;
    for (_, e) in extract_events(message, None) {
        match e {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                targets.push(dest_url.to_string());
            }
            Event::Code(c) => code.push(c.to_string()),
            Event::Start(Tag::CodeBlock(_)) => code_block = true,
            _ => {}
        }
    }
    targets.sort();
    code.sort();
    (targets, code, code_block)
}

/// Why a Korean message cannot be the translation of an English one, if it cannot.
fn message_difference(en: &str, ko: &str) -> Option<String> {
    let (et, ec, eb) = fixed_parts(en);
    let (kt, kc, _) = fixed_parts(ko);
    if eb && en != ko {
        return Some("a code block must be copied verbatim".into());
    }
    if et != kt {
        return Some(format!(
            "link targets differ: the English has {et:?}, the Korean {kt:?}"
        ));
    }
    if ec != kc {
        return Some(format!(
            "inline code differs: the English has {ec:?}, the Korean {kc:?}"
        ));
    }
    None
}

/// Where two TOML files differ other than in their translated strings.
fn toml_difference(kind: Kind, en: &str, ko: &str) -> Option<String> {
    let blank = |text: &str| -> Result<toml::Table, String> {
        let mut table: toml::Table = toml::from_str(text).map_err(|e| e.to_string())?;
        let (list, fields): (&str, &[&[&str]]) = match kind {
            Kind::Quiz => (
                "questions",
                &[
                    &["prompt", "prompt"],
                    &["prompt", "distractors"],
                    &["answer", "answer"],
                    &["context"],
                ],
            ),
            _ => ("events", &[&["title"]]),
        };
        if let Some(toml::Value::Array(items)) = table.get_mut(list) {
            for item in items {
                for path in fields {
                    blank_at(item, path);
                }
            }
        }
        Ok(table)
    };
    let (a, b) = match (blank(en), blank(ko)) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) => return Some(format!("the English cannot be read: {e}")),
        (_, Err(e)) => return Some(format!("the Korean cannot be read: {e}")),
    };
    if a == b {
        return None;
    }
    let list = if kind == Kind::Quiz {
        "questions"
    } else {
        "events"
    };
    let items = |t: &toml::Table| {
        t.get(list)
            .and_then(|v| v.as_array())
            .cloned()
            .unwrap_or_default()
    };
    let (ia, ib) = (items(&a), items(&b));
    if ia.len() != ib.len() {
        return Some(format!(
            "{} {list} in the English, {} in the Korean",
            ia.len(),
            ib.len()
        ));
    }
    let keys: BTreeMap<_, _> = ia.iter().zip(&ib).enumerate().collect();
    for (i, (x, y)) in keys {
        if x != y {
            return Some(format!(
                "{list} {}: a key or an untranslated value differs (only the human-readable strings may change)",
                i + 1
            ));
        }
    }
    Some("a key or value outside the list differs".into())
}

/// Replaces the strings at `path` in `value` (a string, or a list of strings) by blanks of
/// the same shape.
fn blank_at(value: &mut toml::Value, path: &[&str]) {
    let Some((first, rest)) = path.split_first() else {
        match value {
            toml::Value::String(s) => s.clear(),
            toml::Value::Array(list) => {
                for v in list {
                    if let toml::Value::String(s) = v {
                        s.clear();
                    }
                }
            }
            _ => {}
        }
        return;
    };
    if let Some(inner) = value.as_table_mut().and_then(|t| t.get_mut(*first)) {
        blank_at(inner, rest);
    }
}

/// The files under `dir` (a parallel tree such as `po/ko-src`), by path relative to it.
pub fn read_tree(dir: &std::path::Path) -> std::io::Result<HashMap<String, Vec<u8>>> {
    let mut out = HashMap::new();
    crate::read_dir(dir, dir, &mut out)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(list: &[(&str, &str)]) -> HashMap<String, Vec<u8>> {
        list.iter()
            .map(|(p, t)| ((*p).to_owned(), t.as_bytes().to_vec()))
            .collect()
    }

    const EN: &str = "# The handshake\n\nThe client sends `Sec-WebSocket-Key`; see [frames](frames.md#masking).\n\n- one\n- two\n\n<div class=\"cell\" data-cell=\"accept-key\">\n\nFallback text.\n\n</div>\n\n```text\nGET / HTTP/1.1\n```\n";
    const KO: &str = "# 핸드셰이크\n\n클라이언트는 `Sec-WebSocket-Key`를 보낸다. [프레임](frames.md#masking)을 보라.\n\n- 하나\n- 둘\n\n<div class=\"cell\" data-cell=\"accept-key\">\n\n대체 텍스트.\n\n</div>\n\n```text\nGET / HTTP/1.1\n```\n";

    fn template(english: &HashMap<String, Vec<u8>>) -> Catalog {
        super::super::extract::template(english, &[]).0
    }

    #[test]
    fn twins_pair_block_by_block() {
        let en = files(&[("a/page.md", EN), ("a/other.md", "# Other\n")]);
        let ko = files(&[("a/page.md", KO)]);
        let (catalog, report) = import(&en, &ko, &template(&en), None);
        assert_eq!(report.mismatches, Vec::new());
        // The code block has no string or comment: it is not a message.
        assert_eq!(report.imported, 5, "{report}");
        assert_eq!(report.untranslated_files, ["a/other.md"]);
        assert_eq!(
            catalog.lookup(None, "The handshake"),
            super::super::po::Lookup::Translated("핸드셰이크")
        );
        assert_eq!(
            catalog.lookup(None, "Other"),
            super::super::po::Lookup::Missing
        );
        let text = catalog.write();
        assert!(text.contains("msgstr \"대체 텍스트.\""), "{text}");
        // Stable: importing again writes the same bytes.
        assert_eq!(
            import(&en, &ko, &template(&en), Some(&catalog)).0.write(),
            text
        );
    }

    #[test]
    fn structural_mismatches_name_the_file_and_block() {
        let en = files(&[("a/page.md", EN)]);
        // A list item merged into a paragraph.
        let merged = KO.replace("- 하나\n- 둘\n", "하나, 둘\n");
        let (_, report) = import(&en, &files(&[("a/page.md", &merged)]), &template(&en), None);
        assert_eq!(report.imported, 0);
        assert_eq!(report.mismatches.len(), 1, "{report}");
        let m = &report.mismatches[0];
        assert_eq!(
            (m.file.as_str(), m.english_line, m.korean_line),
            ("a/page.md", 5, 5)
        );
        assert_eq!(m.block, 3, "the first list item is the third message: {m}");
        assert!(m.what.contains("list"), "{m}");

        // A link target changed, and the cell's HTML line edited.
        let bad_link = KO.replace("frames.md#masking", "frames.md#mask");
        let (_, report) = import(
            &en,
            &files(&[("a/page.md", &bad_link)]),
            &template(&en),
            None,
        );
        assert_eq!(report.mismatches.len(), 1);
        assert_eq!(report.mismatches[0].block, 2, "{report}");
        assert!(report.mismatches[0].what.contains("link targets"));
        assert_eq!(report.imported, 4);
        // An HTML block with words is translated whole; its tags must not change.
        let en_details = files(&[(
            "d.md",
            "1. Why?\n   <details><summary>Answer</summary>Because\n   it is.</details>\n",
        )]);
        let ko_details = files(&[(
            "d.md",
            "1. 왜?\n   <details><summary>답</summary>그렇기\n   때문이다.</details>\n",
        )]);
        let (catalog, report) = import(&en_details, &ko_details, &template(&en_details), None);
        assert_eq!(report.mismatches, Vec::new());
        assert_eq!(
            catalog.lookup(
                Some("html"),
                "<details><summary>Answer</summary>Because it is.</details>"
            ),
            super::super::po::Lookup::Translated(
                "<details><summary>답</summary>그렇기 때문이다.</details>"
            )
        );
        let ko_bad = files(&[(
            "d.md",
            "1. 왜?\n   <details open><summary>답</summary>그렇다.</details>\n",
        )]);
        let (_, report) = import(&en_details, &ko_bad, &template(&en_details), None);
        assert!(report.to_string().contains("tags"), "{report}");
        let bad_html = KO.replace("data-cell=\"accept-key\"", "data-cell=\"키\"");
        let (_, report) = import(
            &en,
            &files(&[("a/page.md", &bad_html)]),
            &template(&en),
            None,
        );
        assert!(report.mismatches[0].what.contains("HTML"), "{report}");
        assert_eq!(report.imported, 0);
        // A code block translated.
        let code = KO.replace("GET / HTTP/1.1", "GET /한글 HTTP/1.1");
        let (_, report) = import(&en, &files(&[("a/page.md", &code)]), &template(&en), None);
        assert!(
            report
                .to_string()
                .contains("code block line \"GET / HTTP/1.1\""),
            "{report}"
        );
        assert_eq!(report.imported, 0);
    }

    #[test]
    fn toml_and_svg_twins() {
        let quiz_en = "[[questions]]\ntype = \"ShortAnswer\"\nprompt.prompt = \"Close opcode?\"\nanswer.answer = \"8\"\ncontext = \"§5.2\"\n";
        let quiz_ko = "[[questions]]\ntype = \"ShortAnswer\"\nprompt.prompt = \"Close의 opcode는?\"\nanswer.answer = \"8\"\ncontext = \"§5.2 참고\"\n";
        let svg_en = "<svg><text x=\"1\">Host</text></svg>";
        let svg_ko = "<svg><text x=\"1\">호스트</text></svg>";
        let en = files(&[("q/quiz.toml", quiz_en), ("q/f.svg", svg_en)]);
        let ko = files(&[("q/quiz.toml", quiz_ko), ("q/f.svg", svg_ko)]);
        let (catalog, report) = import(&en, &ko, &template(&en), None);
        assert_eq!(report.mismatches, Vec::new());
        assert_eq!(report.imported, 4);
        assert!(
            catalog
                .write()
                .contains("msgctxt \"figure\"\nmsgid \"Host\"\nmsgstr \"호스트\"")
        );

        let bad_type = quiz_ko.replace("ShortAnswer", "MultipleChoice");
        let bad_svg = svg_ko.replace("x=\"1\"", "x=\"2\"");
        let ko = files(&[("q/quiz.toml", &bad_type), ("q/f.svg", &bad_svg)]);
        let (_, report) = import(&en, &ko, &template(&en), None);
        assert_eq!(report.mismatches.len(), 2, "{report}");
        assert!(
            report.to_string().contains("q/quiz.toml: questions 1"),
            "{report}"
        );
        assert!(
            report
                .to_string()
                .contains("q/f.svg (English line 1, Korean line 1)"),
            "{report}"
        );
    }
}
