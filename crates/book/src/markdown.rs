//! One chapter's Markdown to HTML, the way mdBook 0.5 reads it.
//!
//! The parser is mdBook's own (`mdbook_markdown::new_cmark_parser`, same pulldown-cmark
//! options); on top of pulldown-cmark's HTML writer this module does what mdBook's HTML
//! renderer does to the events that matter for addresses:
//!
//! - every heading and definition-list term gets mdBook's id (see [`crate::mdbook`]) and a
//!   self-link, unless it already has one (`# Title {#id}`);
//! - local `.md` links and images get `.html`;
//!
//! and one thing mdBook cannot do: a `<div class="quiz" data-quiz="quiz.toml">` block is
//! replaced by the interactive quiz rendered from that file (its Markdown fallback is what
//! `mdbook build` shows instead). Live cells (`<div class="cell" data-cell="…">`) are left in
//! place with their fallback; the page's scripts bring them to life.

use std::collections::HashSet;

use mdbook_markdown::pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd, html};
use mdbook_markdown::{MarkdownOptions, new_cmark_parser};

use crate::mdbook::{fix_link, id_from_content, unique_id};

/// A heading of a page.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    /// 1 for `#`, 2 for `##`…; 0 for a definition-list term.
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// A page rendered: its HTML, headings, and plain text by section (for search).
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    pub headings: Vec<Heading>,
    /// `(heading id, text)` for each section; the text before the first heading has `""`.
    pub sections: Vec<(String, String)>,
    /// The quiz files the page embeds (`data-quiz` values), in order.
    pub quizzes: Vec<String>,
}

/// Renders `markdown`. `quiz_html(name)` renders the quiz file `name` (relative to the page's
/// folder); it returns `None` when there is no such quiz, and then the fallback stays.
pub fn render(markdown: &str, mut quiz_html: impl FnMut(&str) -> Option<String>) -> Rendered {
    let events: Vec<Event<'_>> = new_cmark_parser(markdown, &MarkdownOptions::default()).collect();
    let mut out: Vec<Event<'_>> = Vec::with_capacity(events.len());
    let mut rendered = Rendered::default();
    let mut used_ids = HashSet::new();
    let mut section_text = String::new();
    let mut section_id = String::new();

    let mut i = 0;
    while i < events.len() {
        match &events[i] {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                let end = find_end(&events, i, |e| matches!(e, Event::End(TagEnd::Heading(_))));
                let inner = &events[i + 1..end];
                let text = plain_text(inner);
                let id = match id {
                    Some(id) => id.to_string(),
                    None => unique_id(&id_from_content(&text), &mut used_ids),
                };
                rendered.sections.push((
                    std::mem::take(&mut section_id),
                    std::mem::take(&mut section_text),
                ));
                section_id.clone_from(&id);
                rendered.headings.push(Heading {
                    level: level_number(*level),
                    id: id.clone(),
                    text,
                });
                out.push(Event::Start(Tag::Heading {
                    level: *level,
                    id: Some(CowStr::from(id.clone())),
                    classes: classes.clone(),
                    attrs: attrs.clone(),
                }));
                out.push(Event::Html(CowStr::from(format!(
                    "<a class=\"header\" href=\"#{}\">",
                    attr_escape(&id)
                ))));
                out.extend(inner.iter().map(fix_event));
                out.push(Event::Html(CowStr::from("</a>")));
                out.push(events[end].clone());
                i = end + 1;
                continue;
            }
            Event::Start(Tag::DefinitionListTitle) => {
                let end = find_end(&events, i, |e| {
                    matches!(e, Event::End(TagEnd::DefinitionListTitle))
                });
                let inner = &events[i + 1..end];
                let text = plain_text(inner);
                let id = unique_id(&id_from_content(&text), &mut used_ids);
                rendered.headings.push(Heading {
                    level: 0,
                    id: id.clone(),
                    text: text.clone(),
                });
                section_text.push_str(&text);
                section_text.push(' ');
                // pulldown-cmark's <dt> takes no attributes: write it by hand.
                out.push(Event::Html(CowStr::from(format!(
                    "<dt id=\"{0}\"><a class=\"header\" href=\"#{0}\">",
                    attr_escape(&id)
                ))));
                out.extend(inner.iter().map(fix_event));
                out.push(Event::Html(CowStr::from("</a></dt>\n")));
                i = end + 1;
                continue;
            }
            Event::Html(block) if block.contains("data-quiz=") => {
                let name = attr_value(block, "data-quiz").unwrap_or_default();
                let end = matching_div_end(&events, i);
                match quiz_html(&name) {
                    Some(quiz) if end.is_some() => {
                        rendered.quizzes.push(name);
                        out.push(Event::Html(CowStr::from(quiz)));
                        i = end.map_or(i + 1, |e| e + 1);
                        continue;
                    }
                    _ => out.push(events[i].clone()),
                }
            }
            Event::Text(t) | Event::Code(t) => {
                section_text.push_str(t);
                out.push(events[i].clone());
            }
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph) => {
                section_text.push(' ');
                out.push(events[i].clone());
            }
            other => out.push(fix_event(other)),
        }
        i += 1;
    }
    rendered.sections.push((section_id, section_text));
    rendered
        .sections
        .retain(|(id, text)| !(id.is_empty() && text.trim().is_empty()));
    html::push_html(&mut rendered.html, out.into_iter());
    rendered
}

/// The index of the first event at or after `start` for which `is_end` holds.
fn find_end(events: &[Event<'_>], start: usize, is_end: impl Fn(&Event<'_>) -> bool) -> usize {
    events[start..]
        .iter()
        .position(is_end)
        .map_or(events.len().saturating_sub(1), |p| start + p)
}

/// The `</div>` that closes the `<div` opened in `events[start]`, counting nested divs in
/// HTML events.
fn matching_div_end(events: &[Event<'_>], start: usize) -> Option<usize> {
    let mut depth: i64 = 0;
    for (i, event) in events.iter().enumerate().skip(start) {
        if let Event::Html(h) | Event::InlineHtml(h) = event {
            depth += h.matches("<div").count() as i64;
            depth -= h.matches("</div>").count() as i64;
            if depth <= 0 {
                return Some(i);
            }
        }
    }
    None
}

/// The text of a heading as mdBook reads it: text and inline code, not raw HTML.
fn plain_text(events: &[Event<'_>]) -> String {
    let mut s = String::new();
    for e in events {
        match e {
            Event::Text(t) | Event::Code(t) => s.push_str(t),
            Event::SoftBreak | Event::HardBreak => s.push(' '),
            _ => {}
        }
    }
    s
}

fn level_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Links and images to local `.md` files point at `.html`, as in mdBook.
fn fix_event<'a>(event: &Event<'a>) -> Event<'a> {
    match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type: *link_type,
            dest_url: CowStr::from(fix_link(dest_url)),
            title: title.clone(),
            id: id.clone(),
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type: *link_type,
            dest_url: CowStr::from(fix_link(dest_url)),
            title: title.clone(),
            id: id.clone(),
        }),
        Event::Html(h) | Event::InlineHtml(h) if h.contains("href=") => {
            let fixed = fix_raw_hrefs(h);
            if matches!(event, Event::Html(_)) {
                Event::Html(CowStr::from(fixed))
            } else {
                Event::InlineHtml(CowStr::from(fixed))
            }
        }
        other => other.clone(),
    }
}

/// `href="x.md"` in raw HTML gets `.html` too (mdBook fixes `<a>` elements' links).
fn fix_raw_hrefs(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find("href=\"") {
        let (before, after) = rest.split_at(i + 6);
        out.push_str(before);
        match after.find('"') {
            Some(end) => {
                out.push_str(&fix_link(&after[..end]));
                rest = &after[end..];
            }
            None => {
                rest = after;
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The value of `name="…"` in an HTML tag.
pub fn attr_value(html: &str, name: &str) -> Option<String> {
    let start = html.find(&format!("{name}=\""))? + name.len() + 2;
    let end = html[start..].find('"')? + start;
    Some(html[start..end].to_owned())
}

/// Escapes text for a double-quoted HTML attribute.
pub fn attr_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_get_mdbook_ids_and_links_get_html() {
        let r = render(
            "# The `Sec-WebSocket-Key`\n\n## Why? Why!\n\n## Why? Why!\n\nSee [frames](frames.md#fin) and ![f](figure.svg).\n",
            |_| None,
        );
        let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["the-sec-websocket-key", "why-why", "why-why-1"]);
        assert!(r.html.contains("<h1 id=\"the-sec-websocket-key\"><a class=\"header\" href=\"#the-sec-websocket-key\">"), "{}", r.html);
        assert!(r.html.contains("href=\"frames.html#fin\""));
        assert!(r.html.contains("src=\"figure.svg\""));
    }

    #[test]
    fn quiz_blocks_are_replaced_and_cells_kept() {
        let md = "Intro\n\n<div class=\"quiz\" data-quiz=\"quiz.toml\">\n\n1. Fallback question\n\n</div>\n\n<div class=\"cell\" data-cell=\"accept-key\">\n\nFallback *cell*\n\n</div>\n";
        let r = render(md, |name| {
            (name == "quiz.toml").then(|| "<section class=\"quiz\">QUIZ</section>".to_owned())
        });
        assert!(r.html.contains("QUIZ"));
        assert!(!r.html.contains("Fallback question"));
        assert!(r.html.contains("data-cell=\"accept-key\""));
        assert!(r.html.contains("<em>cell</em>"));
        assert_eq!(r.quizzes, ["quiz.toml"]);
    }

    #[test]
    fn definition_terms_get_ids_too() {
        let r = render(
            "# Glossary\n\nIMP\n: Interface Message Processor.\n",
            |_| None,
        );
        assert_eq!(r.headings[1].id, "imp");
        assert!(r.html.contains("<dt id=\"imp\">"), "{}", r.html);
    }
}
