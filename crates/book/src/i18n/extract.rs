//! The messages of the book: what `po/messages.pot` holds, in the book's order.
//!
//! - **Markdown** (`SUMMARY.md` and every page): mdbook-i18n-helpers' own segmentation
//!   (`extract_messages`, the function its `mdbook-xgettext` renderer calls): one message
//!   per paragraph, heading, list item, table cell, block quote paragraph, and code block
//!   strings/comments, with structural markup taken off and inline markup normalised. The
//!   references are `chapters/PATH:LINE` and equal messages are merged, as `mdbook-xgettext`
//!   writes them, so `mdbook build` with `MDBOOK_BOOK__LANGUAGE=ko` (its `gettext`
//!   preprocessor) finds the same messages the app does. The SUMMARY's link texts lose
//!   their link (`[Frames](frames.md)` → `Frames`), as there.
//! - **What mdBook does not render** gets a `msgctxt`, so an equal English string elsewhere
//!   stays a message of its own: `quiz` (each question's prompt, distractors, answers and
//!   context, from the mdbook-quiz TOML), `timeline` (each event's `title`), `figure` (the
//!   text of each SVG figure's `<text>`/`<tspan>`, see [`super::svg`]). An extracted comment
//!   (`#.`) says which question, event or text it is.

use std::collections::HashMap;

use mdbook_i18n_helpers::{extract_events, extract_messages, reconstruct_markdown};
use mdbook_markdown::pulldown_cmark::{Event, Tag, TagEnd};
use serde::Deserialize;

use super::po::{Catalog, Entry};
use super::svg;

/// The `msgctxt` of quiz messages.
pub const QUIZ: &str = "quiz";
/// The `msgctxt` of timeline titles.
pub const TIMELINE: &str = "timeline";
/// The `msgctxt` of figures' text.
pub const FIGURE: &str = "figure";
/// The `msgctxt` of HTML blocks with words in them (`<details><summary>Answer</summary>…`),
/// which mdbook-i18n-helpers leaves untranslated and the app translates whole.
pub const HTML: &str = "html";

/// One message found in a file: where (a line, or 0), what, and a comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub line: usize,
    pub msgctxt: Option<&'static str>,
    pub msgid: String,
    pub comment: String,
}

/// The Markdown messages of a page, as mdbook-xgettext finds them.
pub fn markdown(text: &str) -> Result<Vec<Found>, String> {
    let messages = extract_messages(text).map_err(|e| format!("{e}"))?;
    Ok(messages
        .into_iter()
        .map(|(line, m)| Found {
            line,
            msgctxt: None,
            msgid: m.message,
            comment: m.comment,
        })
        .collect())
}

/// The messages of `SUMMARY.md`: its link texts without the links.
pub fn summary(text: &str) -> Result<Vec<Found>, String> {
    let mut found = markdown(text)?;
    for f in &mut found {
        f.msgid = strip_link(&f.msgid)?;
    }
    Ok(found)
}

/// mdbook-xgettext's `strip_link`: `[Foo *Bar*](foo.md)` → `Foo _Bar_`.
pub fn strip_link(text: &str) -> Result<String, String> {
    let events: Vec<(usize, Event<'_>)> = extract_events(text, None)
        .into_iter()
        .filter(|(_, e)| !matches!(e, Event::Start(Tag::Link { .. }) | Event::End(TagEnd::Link)))
        .map(|(_, e)| (0, e))
        .collect();
    reconstruct_markdown(&events, None)
        .map(|(s, _)| s)
        .map_err(|e| format!("{e}"))
}

/// A string value of a TOML file and where it is (byte range of the literal).
pub type Spanned = toml::Spanned<String>;

#[derive(Debug, Deserialize)]
pub(crate) struct QuizFile {
    pub questions: Vec<QuizQuestion>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct QuizQuestion {
    pub prompt: QuizPrompt,
    pub answer: QuizAnswer,
    pub context: Option<Spanned>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct QuizPrompt {
    pub prompt: Spanned,
    #[serde(default)]
    pub distractors: Vec<Spanned>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct QuizAnswer {
    pub answer: toml::Spanned<toml::Value>,
}

/// Each translatable string of a quiz, with its place, in order: `(comment, span, text)`.
pub(crate) fn quiz_strings(
    text: &str,
) -> Result<Vec<(String, std::ops::Range<usize>, String)>, String> {
    let quiz: QuizFile = toml::from_str(text).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    for (i, q) in quiz.questions.iter().enumerate() {
        let n = i + 1;
        out.push((
            format!("question {n}, prompt"),
            q.prompt.prompt.span(),
            q.prompt.prompt.get_ref().clone(),
        ));
        for (j, d) in q.prompt.distractors.iter().enumerate() {
            out.push((
                format!("question {n}, distractor {}", j + 1),
                d.span(),
                d.get_ref().clone(),
            ));
        }
        match q.answer.answer.get_ref() {
            toml::Value::String(s) => {
                out.push((
                    format!("question {n}, answer"),
                    q.answer.answer.span(),
                    s.clone(),
                ));
            }
            toml::Value::Array(list) => {
                // A list of answers is replaced whole (see translate); each is a message.
                for (j, a) in list.iter().enumerate() {
                    if let toml::Value::String(s) = a {
                        out.push((format!("question {n}, answer {}", j + 1), 0..0, s.clone()));
                    }
                }
            }
            _ => {}
        }
        if let Some(c) = &q.context {
            out.push((
                format!("question {n}, context"),
                c.span(),
                c.get_ref().clone(),
            ));
        }
    }
    Ok(out)
}

/// The messages of a quiz file.
pub fn quiz(text: &str) -> Result<Vec<Found>, String> {
    Ok(quiz_strings(text)?
        .into_iter()
        .map(|(comment, _, msgid)| Found {
            line: 0,
            msgctxt: Some(QUIZ),
            msgid,
            comment,
        })
        .collect())
}

#[derive(Debug, Deserialize)]
pub(crate) struct TimelineFile {
    pub events: Vec<TimelineEvent>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct TimelineEvent {
    pub date: String,
    pub title: Spanned,
}

/// The titles of `timeline.toml`, each with its place: `(comment, span, text)`.
pub(crate) fn timeline_strings(
    text: &str,
) -> Result<Vec<(String, std::ops::Range<usize>, String)>, String> {
    let file: TimelineFile = toml::from_str(text).map_err(|e| e.to_string())?;
    Ok(file
        .events
        .iter()
        .enumerate()
        .map(|(i, e)| {
            (
                format!("event {} ({})", i + 1, e.date),
                e.title.span(),
                e.title.get_ref().clone(),
            )
        })
        .collect())
}

/// The messages of `timeline.toml`.
pub fn timeline(text: &str) -> Result<Vec<Found>, String> {
    Ok(timeline_strings(text)?
        .into_iter()
        .map(|(comment, _, msgid)| Found {
            line: 0,
            msgctxt: Some(TIMELINE),
            msgid,
            comment,
        })
        .collect())
}

/// The messages of an SVG figure.
pub fn figure(text: &str) -> Vec<Found> {
    svg::text_runs(text)
        .into_iter()
        .enumerate()
        .map(|(i, run)| Found {
            line: line_of(text, run.start),
            msgctxt: Some(FIGURE),
            msgid: run.text,
            comment: format!("text {}", i + 1),
        })
        .collect()
}

/// A run of HTML events (one HTML block, a line each) as one string, its whitespace
/// collapsed to single spaces (so it is one line wherever it sits, a list item included).
pub fn html_run(run: &[&str]) -> String {
    run.concat()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether an HTML block has words a reader sees (not only tags and comments).
pub fn has_words(html: &str) -> bool {
    let mut text = String::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        text.push_str(&rest[..i]);
        let end = if rest[i..].starts_with("<!--") {
            "-->"
        } else {
            ">"
        };
        rest = rest[i..]
            .find(end)
            .map_or("", |e| &rest[i + e + end.len()..]);
    }
    text.push_str(rest);
    text.chars().any(char::is_alphanumeric)
}

/// The HTML blocks of a page that have words in them: `(line, block)`.
pub fn html_blocks(text: &str) -> Vec<(usize, String)> {
    let events = extract_events(text, None);
    let mut out = Vec::new();
    let mut i = 0;
    while i < events.len() {
        if !matches!(events[i].1, Event::Html(_)) {
            i += 1;
            continue;
        }
        let start = i;
        let mut run = Vec::new();
        while let Some((_, Event::Html(h))) = events.get(i) {
            run.push(h.as_ref());
            i += 1;
        }
        let block = html_run(&run);
        if has_words(&block) {
            out.push((events[start].0, block));
        }
    }
    out
}

fn line_of(text: &str, at: usize) -> usize {
    text[..at.min(text.len())].matches('\n').count() + 1
}

/// What kind of file `path` is for translation, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Summary,
    Page,
    Quiz,
    Timeline,
    Figure,
}

impl Kind {
    pub fn of(path: &str) -> Option<Kind> {
        let name = path.rsplit('/').next().unwrap_or(path);
        if path == "SUMMARY.md" {
            Some(Kind::Summary)
        } else if name == "notes.md" {
            // The teacher's speaker notes: not in SUMMARY.md, so not in either book, and
            // mdbook-xgettext never sees them; their Korean waits in po/ko-notes/.
            None
        } else if name.ends_with(".md") {
            Some(Kind::Page)
        } else if name == "quiz.toml" {
            Some(Kind::Quiz)
        } else if path == "timeline.toml" {
            Some(Kind::Timeline)
        } else if name.ends_with(".svg") {
            Some(Kind::Figure)
        } else {
            None
        }
    }
}

/// The messages of one file of the book, by its kind.
pub fn file(path: &str, text: &str) -> Result<Vec<Found>, String> {
    match Kind::of(path) {
        Some(Kind::Summary) => summary(text),
        Some(Kind::Page) => {
            let mut found = markdown(text)?;
            found.extend(
                html_blocks(text)
                    .into_iter()
                    .enumerate()
                    .map(|(i, (line, msgid))| Found {
                        line,
                        msgctxt: Some(HTML),
                        msgid,
                        comment: format!("HTML block {}", i + 1),
                    }),
            );
            Ok(found)
        }
        Some(Kind::Quiz) => quiz(text),
        Some(Kind::Timeline) => timeline(text),
        Some(Kind::Figure) => Ok(figure(text)),
        None => Ok(Vec::new()),
    }
}

/// The template (`po/messages.pot`) of the book whose files (paths relative to
/// `chapters/`) are `files`: the SUMMARY's messages, then each page's in the SUMMARY's
/// order (pages it does not list after, by path), then the quizzes, the timeline and the
/// figures by path. Files that cannot be read are skipped and named in the second value.
pub fn template(files: &HashMap<String, Vec<u8>>, page_order: &[String]) -> (Catalog, Vec<String>) {
    let mut catalog = Catalog::new(&Catalog::standard_header(None));
    let mut problems = Vec::new();
    let mut paths: Vec<&String> = files.keys().filter(|p| Kind::of(p).is_some()).collect();
    let rank = |p: &str| -> (u8, usize, String) {
        match Kind::of(p) {
            Some(Kind::Summary) => (0, 0, String::new()),
            Some(Kind::Page) => (
                1,
                page_order.iter().position(|o| o == p).unwrap_or(usize::MAX),
                p.to_owned(),
            ),
            _ => (2, 0, p.to_owned()),
        }
    };
    paths.sort_by_key(|p| rank(p));
    for path in paths {
        let text = String::from_utf8_lossy(&files[path]);
        match file(path, &text) {
            Ok(found) => {
                for f in found {
                    add_found(&mut catalog, path, f);
                }
            }
            Err(e) => problems.push(format!("chapters/{path}: {e}")),
        }
    }
    (catalog, problems)
}

/// Adds a found message to a catalog, with its reference.
pub fn add_found(catalog: &mut Catalog, path: &str, f: Found) {
    let source = if f.line == 0 {
        format!("chapters/{path}")
    } else {
        format!("chapters/{path}:{}", f.line)
    };
    catalog.add(Entry {
        comments: if f.comment.is_empty() {
            Vec::new()
        } else {
            vec![f.comment]
        },
        sources: vec![source],
        ..Entry::new(f.msgctxt, &f.msgid)
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_as_mdbook_xgettext_finds_it() {
        let found = markdown(
            "# The *handshake*\n\nA paragraph\nover two lines.\n\n- one\n- two [link](a.md#x)\n\n| A | B |\n|---|---|\n| c | d |\n\n```text\nGET / HTTP/1.1\n```\n",
        )
        .unwrap();
        let ids: Vec<_> = found.iter().map(|f| f.msgid.as_str()).collect();
        assert_eq!(
            ids,
            [
                "The _handshake_",
                "A paragraph over two lines.",
                "one",
                "two [link](a.md#x)",
                "A",
                "B",
                "c",
                "d"
            ]
        );
        assert_eq!(found[1].line, 3);
    }

    #[test]
    fn summary_titles_lose_their_links() {
        let found =
            summary("# Summary\n\n[Intro](index.md)\n\n- [The *Web*](06-web/index.md)\n").unwrap();
        let ids: Vec<_> = found.iter().map(|f| f.msgid.as_str()).collect();
        assert_eq!(ids, ["Summary", "Intro", "The _Web_"]);
    }

    #[test]
    fn quizzes_timelines_and_figures_have_contexts() {
        let q = quiz("[[questions]]\ntype = \"MultipleChoice\"\nprompt.prompt = \"Who masks?\"\nprompt.distractors = [\"The server\"]\nanswer.answer = \"The client\"\ncontext = \"§5.3\"\n").unwrap();
        let ids: Vec<_> = q
            .iter()
            .map(|f| (f.msgid.as_str(), f.comment.as_str()))
            .collect();
        assert_eq!(
            ids,
            [
                ("Who masks?", "question 1, prompt"),
                ("The server", "question 1, distractor 1"),
                ("The client", "question 1, answer"),
                ("§5.3", "question 1, context")
            ]
        );
        assert!(q.iter().all(|f| f.msgctxt == Some(QUIZ)));
        let t = timeline(
            "[[events]]\ndate = \"1969\"\ntitle = \"First IMP\"\nchapter = \"02-arpanet\"\n",
        )
        .unwrap();
        assert_eq!(
            (t[0].msgid.as_str(), t[0].msgctxt),
            ("First IMP", Some(TIMELINE))
        );
        let f = figure("<svg>\n<text>Host</text></svg>");
        assert_eq!((f[0].msgid.as_str(), f[0].line), ("Host", 2));
    }
}
