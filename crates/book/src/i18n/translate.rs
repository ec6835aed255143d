//! The book's files through a catalog: the same files, the English replaced message by
//! message, so the translated book is rendered by the same renderer as the English one
//! ([`crate::Book::from_files`]) and cannot drift from it.
//!
//! Markdown goes the way mdbook-i18n-helpers' `gettext` preprocessor takes it: its events
//! grouped by `group_events`, each translatable group rebuilt into its msgid by
//! `reconstruct_markdown`, looked up, its translation parsed back in place, and the page
//! written out again as Markdown. Two things are added for the app:
//!
//! - a message that is missing or fuzzy keeps its English, marked with [`STALE_MARK`]
//!   (the reader sees the English and that the translation is out of date), and is counted
//!   in [`Coverage`];
//! - every heading keeps the English page's id (`{#id}` is written on it), so a link, a
//!   bookmark or the language switch lands on the same section in both languages.
//!
//! Quizzes and the timeline are edited in their TOML source (only the spans of the
//! translated strings change), figures in their SVG text ([`super::svg`]).

use std::collections::HashMap;
use std::ops::Range;

use mdbook_i18n_helpers::{
    Group, extract_events, group_events, reconstruct_markdown, trim_paragraph,
};
use mdbook_markdown::pulldown_cmark::{CowStr, Event, Tag};

use super::extract::{self, FIGURE, HTML, Kind, QUIZ, TIMELINE};
use super::po::{Catalog, Lookup};
use super::svg;

/// What a reader sees before English that stands in for a missing or outdated translation.
pub const STALE_MARK: &str = "<span class=\"i18n-stale\" lang=\"ko\" title=\"The English changed since this was translated, or it is not translated yet\">번역이 최신이 아닙니다 / translation out of date</span> ";

/// How much of the book a catalog covers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Coverage {
    pub translated: usize,
    /// `(file, msgctxt, msgid)` of each message translated for an English that changed.
    pub fuzzy: Vec<(String, Option<String>, String)>,
    /// `(file, msgctxt, msgid)` of each message with no translation.
    pub missing: Vec<(String, Option<String>, String)>,
}

impl Coverage {
    fn count(&mut self, file: &str, ctxt: Option<&str>, msgid: &str, lookup: &Lookup<'_>) {
        let item = (file.to_owned(), ctxt.map(str::to_owned), msgid.to_owned());
        match lookup {
            Lookup::Translated(_) => self.translated += 1,
            Lookup::Fuzzy => self.fuzzy.push(item),
            Lookup::Missing => self.missing.push(item),
        }
    }

    /// Every message is translated and none is fuzzy.
    pub fn is_complete(&self) -> bool {
        self.fuzzy.is_empty() && self.missing.is_empty()
    }
}

/// One page's Markdown in the catalog's language. `english_ids` are the ids the English
/// page gives its headings, in order.
pub fn markdown(
    text: &str,
    catalog: &Catalog,
    english_ids: &[String],
    file: &str,
    coverage: &mut Coverage,
) -> Result<String, String> {
    let events = extract_events(text, None);
    let groups = group_events(&events).map_err(|e| format!("{e}"))?;
    let mut out: Vec<(usize, Event<'_>)> = Vec::with_capacity(events.len());
    let mut state = None;
    let mut headings = 0;
    for group in groups {
        match group {
            Group::Translate { events: group, .. } => {
                let (msgid, next) =
                    reconstruct_markdown(&group, state.clone()).map_err(|e| format!("{e}"))?;
                let lookup = catalog.lookup(None, &msgid);
                if !msgid.trim().is_empty() {
                    coverage.count(file, None, &msgid, &lookup);
                }
                let in_code = matches!(group.first(), Some((_, Event::Start(Tag::CodeBlock(_)))))
                    || state.as_ref().is_some_and(|s| s.is_in_code_block());
                match lookup {
                    Lookup::Translated(msgstr) => {
                        let translated = extract_events(msgstr, state.clone());
                        out.extend_from_slice(trim_paragraph(&translated, &group));
                    }
                    _ if in_code || msgid.trim().is_empty() => out.extend_from_slice(&group),
                    _ => {
                        let line = group.first().map_or(0, |(l, _)| *l);
                        let mark = (line, Event::InlineHtml(CowStr::from(STALE_MARK)));
                        match group.split_first() {
                            Some((first @ (_, Event::Start(Tag::Paragraph)), rest)) => {
                                out.push(first.clone());
                                out.push(mark);
                                out.extend_from_slice(rest);
                            }
                            _ => {
                                out.push(mark);
                                out.extend_from_slice(&group);
                            }
                        }
                    }
                }
                state = Some(next);
            }
            Group::Skip(group) => {
                let mut k = 0;
                while k < group.len() {
                    let (line, event) = &group[k];
                    // An HTML block with words: translated whole (msgctxt "html").
                    if let Event::Html(_) = event {
                        let run: Vec<&str> = group[k..]
                            .iter()
                            .map_while(|(_, e)| match e {
                                Event::Html(h) => Some(h.as_ref()),
                                _ => None,
                            })
                            .collect();
                        let block = extract::html_run(&run);
                        if extract::has_words(&block) {
                            let lookup = catalog.lookup(Some(HTML), &block);
                            coverage.count(file, Some(HTML), &block, &lookup);
                            if let Lookup::Translated(s) = lookup {
                                out.push((*line, Event::Html(CowStr::from(format!("{s}\n")))));
                            } else {
                                out.extend(group[k..k + run.len()].iter().cloned());
                            }
                        } else {
                            out.extend(group[k..k + run.len()].iter().cloned());
                        }
                        k += run.len();
                        continue;
                    }
                    k += 1;
                    match event {
                        Event::Start(Tag::Heading {
                            level,
                            id,
                            classes,
                            attrs,
                        }) => {
                            let id = id.clone().or_else(|| {
                                english_ids.get(headings).map(|i| CowStr::from(i.clone()))
                            });
                            headings += 1;
                            out.push((
                                *line,
                                Event::Start(Tag::Heading {
                                    level: *level,
                                    id,
                                    classes: classes.clone(),
                                    attrs: attrs.clone(),
                                }),
                            ));
                        }
                        other => out.push((*line, other.clone())),
                    }
                }
                let (_, next) =
                    reconstruct_markdown(&group, state.clone()).map_err(|e| format!("{e}"))?;
                state = Some(next);
            }
        }
    }
    let (markdown, _) = super::cmark::reconstruct(&out, None).map_err(|e| {
        format!("{e} (a translation's Markdown may not match the English structure)")
    })?;
    Ok(markdown)
}

/// A TOML basic string literal.
fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `text` with each `(range, replacement)` applied (ranges in order, not overlapping).
fn splice(text: &str, mut edits: Vec<(Range<usize>, String)>) -> String {
    edits.sort_by_key(|(r, _)| r.start);
    let mut out = String::with_capacity(text.len() * 2);
    let mut at = 0;
    for (range, with) in edits {
        if range.start < at || range.end > text.len() {
            continue;
        }
        out.push_str(&text[at..range.start]);
        out.push_str(&with);
        at = range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// A quiz file in the catalog's language. Prompts and explanations that are not
/// translated carry the stale mark (they are Markdown); a short answer accepts the English
/// as well as the translation.
pub fn quiz(
    text: &str,
    catalog: &Catalog,
    file: &str,
    coverage: &mut Coverage,
) -> Result<String, String> {
    #[derive(serde::Deserialize)]
    struct Kinds {
        questions: Vec<KindOnly>,
    }
    #[derive(serde::Deserialize)]
    struct KindOnly {
        #[serde(rename = "type")]
        kind: String,
        answer: extract::QuizAnswer,
    }
    let kinds: Kinds = toml::from_str(text).map_err(|e| e.to_string())?;
    let mut edits = Vec::new();
    for (comment, span, msgid) in extract::quiz_strings(text)? {
        let lookup = catalog.lookup(Some(QUIZ), &msgid);
        coverage.count(file, Some(QUIZ), &msgid, &lookup);
        if span.is_empty() {
            continue;
        }
        let markdown = comment.ends_with("prompt") || comment.ends_with("context");
        let question: usize = comment
            .trim_start_matches("question ")
            .split(',')
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        let short = kinds
            .questions
            .get(question.wrapping_sub(1))
            .is_some_and(|q| q.kind == "ShortAnswer");
        match lookup {
            Lookup::Translated(s) if short && comment.ends_with("answer") && s != msgid => {
                edits.push((
                    span,
                    format!("[{}, {}]", toml_string(s), toml_string(&msgid)),
                ));
            }
            Lookup::Translated(s) => edits.push((span, toml_string(s))),
            _ if markdown => edits.push((span, toml_string(&format!("{STALE_MARK}{msgid}")))),
            _ => {}
        }
    }
    // Lists of answers are replaced whole.
    for q in &kinds.questions {
        if let toml::Value::Array(list) = q.answer.answer.get_ref() {
            let items: Vec<String> = list
                .iter()
                .filter_map(|a| a.as_str())
                .map(|a| match catalog.lookup(Some(QUIZ), a) {
                    Lookup::Translated(s) => toml_string(s),
                    _ => toml_string(a),
                })
                .collect();
            edits.push((q.answer.answer.span(), format!("[{}]", items.join(", "))));
        }
    }
    Ok(splice(text, edits))
}

/// `timeline.toml` with its titles in the catalog's language (the English where there is
/// no translation: the cell shows the data as it is).
pub fn timeline(
    text: &str,
    catalog: &Catalog,
    file: &str,
    coverage: &mut Coverage,
) -> Result<String, String> {
    let mut edits = Vec::new();
    for (_, span, msgid) in extract::timeline_strings(text)? {
        let lookup = catalog.lookup(Some(TIMELINE), &msgid);
        coverage.count(file, Some(TIMELINE), &msgid, &lookup);
        if let Lookup::Translated(s) = lookup {
            edits.push((span, toml_string(s)));
        }
    }
    Ok(splice(text, edits))
}

/// A figure with its words in the catalog's language.
pub fn figure(text: &str, catalog: &Catalog, file: &str, coverage: &mut Coverage) -> String {
    svg::replace_runs(text, |run| {
        let lookup = catalog.lookup(Some(FIGURE), &run.text);
        coverage.count(file, Some(FIGURE), &run.text, &lookup);
        match lookup {
            Lookup::Translated(s) => Some(s.to_owned()),
            _ => None,
        }
    })
}

/// The text of inline Markdown without its formatting, as mdBook gives chapter titles to
/// preprocessors (mdbook-i18n-helpers' `strip_formatting`).
pub fn strip_formatting(text: &str) -> String {
    extract_events(text, None)
        .iter()
        .filter_map(|(_, event)| match event {
            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
            Event::SoftBreak => Some(" "),
            _ => None,
        })
        .collect()
}

/// The SUMMARY's titles in the catalog's language, keyed by their English as mdBook gives
/// them (formatting stripped): mdbook-i18n-helpers' `add_stripped_summary_translations`.
/// Messages referenced from `SUMMARY.md` win; any other message stands in (a catalog
/// written without references still translates the table of contents).
pub fn summary_titles(catalog: &Catalog) -> HashMap<String, String> {
    let mut titles = HashMap::new();
    let usable = || {
        catalog
            .entries
            .iter()
            .filter(|e| e.msgctxt.is_none() && e.is_usable() && !e.msgid.contains('\n'))
    };
    let from_summary = |e: &&super::po::Entry| e.sources.iter().any(|s| s.contains("SUMMARY.md"));
    for e in usable()
        .filter(|e| !from_summary(e))
        .chain(usable().filter(from_summary))
    {
        titles.insert(strip_formatting(&e.msgid), strip_formatting(&e.msgstr));
    }
    titles
}

/// Every translatable file of a book through `catalog`; `english_ids(path)` gives the
/// English page's heading ids. Files that cannot be translated stay English, each named
/// in the returned problems.
pub fn files(
    files: &HashMap<String, Vec<u8>>,
    catalog: &Catalog,
    english_ids: impl Fn(&str) -> Vec<String>,
) -> (HashMap<String, Vec<u8>>, Coverage, Vec<String>) {
    let mut coverage = Coverage::default();
    let mut problems = Vec::new();
    let mut out = HashMap::with_capacity(files.len());
    let mut paths: Vec<&String> = files.keys().collect();
    paths.sort();
    for path in paths {
        let bytes = &files[path];
        let text = String::from_utf8_lossy(bytes);
        let translated = match Kind::of(path) {
            // The SUMMARY is parsed in English (its links must not change); its titles are
            // translated afterwards (see `summary_titles`). Its messages count here.
            Some(Kind::Summary) => {
                if let Ok(found) = extract::summary(&text) {
                    for f in found {
                        let lookup = catalog.lookup(None, &f.msgid);
                        coverage.count(path, None, &f.msgid, &lookup);
                    }
                }
                Ok(text.into_owned())
            }
            Some(Kind::Page) => markdown(&text, catalog, &english_ids(path), path, &mut coverage),
            Some(Kind::Quiz) => quiz(&text, catalog, path, &mut coverage),
            Some(Kind::Timeline) => timeline(&text, catalog, path, &mut coverage),
            Some(Kind::Figure) => Ok(figure(&text, catalog, path, &mut coverage)),
            None => {
                out.insert(path.clone(), bytes.clone());
                continue;
            }
        };
        match translated {
            Ok(t) => {
                out.insert(path.clone(), t.into_bytes());
            }
            Err(e) => {
                problems.push(format!("chapters/{path}: cannot translate: {e}"));
                out.insert(path.clone(), bytes.clone());
            }
        }
    }
    (out, coverage, problems)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::po::Entry;

    fn catalog(list: &[(Option<&str>, &str, &str, bool)]) -> Catalog {
        let mut c = Catalog::new("");
        for (ctxt, id, s, fuzzy) in list {
            c.add(Entry {
                msgstr: (*s).to_owned(),
                flags: if *fuzzy {
                    vec!["fuzzy".into()]
                } else {
                    Vec::new()
                },
                ..Entry::new(*ctxt, id)
            });
        }
        c
    }

    #[test]
    fn pages_keep_english_ids_and_mark_stale_messages() {
        let c = catalog(&[
            (None, "The handshake", "핸드셰이크", false),
            (None, "The key is _hashed_.", "키는 *해시*된다.", false),
            (None, "Old words.", "옛 말.", true),
        ]);
        let mut cov = Coverage::default();
        let md = markdown(
            "# The handshake\n\nThe key is *hashed*.\n\nOld words.\n\nNew words.\n\n```text\nGET / \"x\"\n```\n",
            &c,
            &["the-handshake".to_owned()],
            "a.md",
            &mut cov,
        )
        .unwrap();
        assert!(md.starts_with("# 핸드셰이크 { #the-handshake }"), "{md}");
        assert!(md.contains("키는 *해시*된다."), "{md}");
        assert!(md.contains(&format!("{STALE_MARK}Old words.")), "{md}");
        assert!(md.contains(&format!("{STALE_MARK}New words.")));
        assert!(md.contains("GET / \"x\""));
        assert!(!md.contains(&format!("{STALE_MARK}GET")));
        assert_eq!(cov.translated, 2);
        assert_eq!(cov.fuzzy.len(), 1);
        assert_eq!(cov.missing.len(), 2, "{:?}", cov.missing);
    }

    #[test]
    fn quizzes_timelines_and_figures() {
        let c = catalog(&[
            (
                Some(QUIZ),
                "Which opcode is Close?",
                "Close의 opcode는?",
                false,
            ),
            (Some(QUIZ), "eight", "여덟", false),
            (Some(TIMELINE), "First IMP", "첫 IMP", false),
            (Some(FIGURE), "Host", "호스트", false),
        ]);
        let mut cov = Coverage::default();
        let q = quiz(
            "[[questions]]\ntype = \"ShortAnswer\"\nprompt.prompt = \"Which opcode is Close?\"\nanswer.answer = \"eight\"\ncontext = \"RFC 6455 §5.2\"\n",
            &c,
            "q.toml",
            &mut cov,
        )
        .unwrap();
        let parsed = crate::quiz::parse(&q).unwrap();
        assert_eq!(parsed.questions[0].prompt.prompt, "Close의 opcode는?");
        assert!(parsed.questions[0].context.starts_with(STALE_MARK));
        assert!(q.contains("answer.answer = [\"여덟\", \"eight\"]"), "{q}");
        let t = timeline(
            "[[events]]\ndate = \"1969\"\ntitle = \"First IMP\"\n",
            &c,
            "t",
            &mut cov,
        )
        .unwrap();
        assert!(t.contains("title = \"첫 IMP\""));
        assert_eq!(
            figure("<svg><text>Host</text></svg>", &c, "f", &mut cov),
            "<svg><text>호스트</text></svg>"
        );
    }
}
