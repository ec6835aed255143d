//! The book's apparatus is true both ways:
//!
//! - every dated claim in a page's prose — "25 May 1971", "July 1968" — has an event in
//!   `chapters/timeline.toml` on that day (or in that month), unless it is listed in
//!   [`NOT_EVENTS`] with the reason it is a date but not an event;
//! - every entry of `chapters/references.md` is cited by some page: each RFC, IEN, INWG,
//!   NIC, BBN report, HTML revision or catalogue number it names appears in a page, and an
//!   entry with none of those has its title (in `*…*` or `"…"`) or its address in one.
//!
//! "Prose" is a page without its fenced code blocks and without its own `## References`
//! list (which cites, rather than claims). Years alone are not checked: too many are
//! spans and decades rather than events.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// Dates a page gives that are not events of the history (a deadline, a document's own
/// date, a reference point, a claim the page reports in order to reject it).
const NOT_EVENTS: &[(&str, &str, &str)] = &[
    (
        "02-arpanet/index.md",
        "1969-09-01",
        "the contract's deadline for the first IMP, not an event",
    ),
    (
        "02-arpanet/index.md",
        "1968-08",
        "the ISOC history's month for the RFQ, given beside the RFQ's own (July 1968)",
    ),
    (
        "04-csnet/index.md",
        "1980-01",
        "a secondary history's date, which the page reports in order to correct it",
    ),
    (
        "04-csnet/index.md",
        "1981-03-13",
        "the date IEN 175's notes were issued; the meeting they record is on the timeline",
    ),
    (
        "06-web/index.md",
        "1994-06",
        "RFC 1866's reference point (\"before June 1994\"), not an event",
    ),
];

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn chapters() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../chapters")
}

/// Every Markdown page but the summary and the two apparatus pages, as (path under
/// chapters/, text).
fn pages() -> Vec<(String, String)> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<(String, String)>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, root, out);
            } else if path.extension().is_some_and(|e| e == "md") {
                let name = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                if !["SUMMARY.md", "timeline.md", "references.md"].contains(&name.as_str()) {
                    out.push((name, std::fs::read_to_string(&path).unwrap()));
                }
            }
        }
    }
    let mut out = Vec::new();
    walk(&chapters(), &chapters(), &mut out);
    out
}

/// The page without fenced code blocks and without its `## References` section.
fn prose(text: &str) -> String {
    let body = text.split("\n## References").next().unwrap_or(text);
    let mut out = String::new();
    let mut fenced = false;
    for line in body.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if !fenced {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// Whitespace collapsed, so a phrase broken across lines still matches.
fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `(key, context)` for every "D Month YYYY" (`1971-05-25`) and "Month YYYY" (`1968-07`) in
/// `text`.
fn dates(text: &str) -> Vec<(String, String)> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let clean = |w: &str| w.trim_matches(|c: char| !c.is_alphanumeric()).to_owned();
    let mut out = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let Some(month) = MONTHS.iter().position(|m| clean(w) == *m) else {
            continue;
        };
        // "May" is also a verb: a date needs a four-digit year right after.
        let Some(year) = words.get(i + 1).map(|y| clean(y)) else {
            continue;
        };
        if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let day = i
            .checked_sub(1)
            .and_then(|j| words.get(j))
            // "(25 May" is a day; "IEN 21, January" is not.
            .map(|d| d.trim_start_matches(|c: char| !c.is_ascii_digit()))
            .filter(|d| (1..=2).contains(&d.len()) && d.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|d| d.parse::<u32>().ok())
            .filter(|d| (1..=31).contains(d));
        let key = match day {
            Some(d) => format!("{year}-{:02}-{d:02}", month + 1),
            None => format!("{year}-{:02}", month + 1),
        };
        let from = i.saturating_sub(8);
        let context = words[from..(i + 2).min(words.len())].join(" ");
        out.push((key, context));
    }
    out
}

#[derive(Debug, Deserialize)]
struct Timeline {
    events: Vec<Event>,
}

#[derive(Debug, Deserialize)]
struct Event {
    date: String,
}

fn timeline_dates() -> BTreeSet<String> {
    let text = std::fs::read_to_string(chapters().join("timeline.toml")).unwrap();
    let t: Timeline = toml::from_str(&text).unwrap();
    t.events.into_iter().map(|e| e.date).collect()
}

/// The dated claims of `pages` that have no timeline event and are not listed as
/// non-events.
fn undated(pages: &[(String, String)], timeline: &BTreeSet<String>) -> Vec<String> {
    let mut missing = Vec::new();
    for (name, text) in pages {
        for (key, context) in dates(&prose(text)) {
            let on_timeline = if key.len() == 10 {
                timeline.contains(&key)
            } else {
                timeline.iter().any(|d| d.starts_with(&key))
            };
            let excused = NOT_EVENTS
                .iter()
                .any(|(page, date, _)| *page == name && *date == key);
            if !on_timeline && !excused {
                missing.push(format!("{name}: {key} (\"…{context}\")"));
            }
        }
    }
    missing
}

#[test]
fn every_dated_claim_has_a_timeline_event() {
    let missing = undated(&pages(), &timeline_dates());
    assert!(
        missing.is_empty(),
        "dates in the prose with no event in chapters/timeline.toml (add one, or list the \
         date in NOT_EVENTS with why it is not an event):\n{}",
        missing.join("\n")
    );
}

#[test]
fn the_date_finder_finds_dates_and_only_dates() {
    let found: Vec<String> = dates(
        "RFC 165 (25 May 1971) and RFC 161, 19 May\n1971; the RFQ of July 1968. It may\n\
         rain in May. RFC 6202 §4, 2011 is not one; (IEN 21, January 1978) has no day.",
    )
    .into_iter()
    .map(|(k, _)| k)
    .collect();
    assert_eq!(found, ["1971-05-25", "1971-05-19", "1968-07", "1978-01"]);
    // A page with a date the timeline lacks is reported.
    let pages = vec![(
        "x.md".to_owned(),
        "On 2 March 1970 nothing happened.".to_owned(),
    )];
    assert_eq!(undated(&pages, &BTreeSet::new()).len(), 1);
    let timeline: BTreeSet<String> = ["1970-03-02".to_owned()].into();
    assert!(undated(&pages, &timeline).is_empty());
}

/// The entries of references.md: each `- ` item with its continuation lines.
fn references() -> Vec<String> {
    let text = std::fs::read_to_string(chapters().join("references.md")).unwrap();
    let mut out: Vec<String> = Vec::new();
    let mut open = false;
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("- ") {
            out.push(rest.to_owned());
            open = true;
        } else if open && line.starts_with("  ") {
            if let Some(last) = out.last_mut() {
                last.push(' ');
                last.push_str(line.trim());
            }
        } else {
            open = false;
        }
    }
    out
}

/// The identifiers an entry names: `RFC 165`, `IEN 2`, `INWG 20`, `NIC 8246`, `BBN Report
/// 1822`, `revision 1840`, `draft-ietf-httpbis-http2`, and catalogue numbers such as
/// `RM-3420-PR` or `DAHC15-69-Q-0002`.
fn identifiers(entry: &str) -> Vec<String> {
    let words: Vec<String> = entry
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-')
                .to_owned()
        })
        .collect();
    let mut out = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let number = |j: usize| {
            words
                .get(j)
                .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        };
        match w.as_str() {
            "RFC" | "IEN" | "INWG" | "NIC" | "revision" => {
                if let Some(n) = number(i + 1) {
                    out.push(format!("{w} {n}"));
                }
            }
            "Report" if i > 0 && words[i - 1] == "BBN" => {
                if let Some(n) = number(i + 1) {
                    out.push(format!("BBN Report {n}"));
                }
            }
            _ if w.starts_with("draft-") => {
                // The draft's name without its version number (`-00`).
                let name = match w.rsplit_once('-') {
                    Some((name, v)) if v.len() == 2 && v.bytes().all(|b| b.is_ascii_digit()) => {
                        name
                    }
                    _ => w.as_str(),
                };
                out.push(name.to_owned());
            }
            _ if w.contains('-')
                && w.len() >= 8
                && w.bytes().any(|b| b.is_ascii_digit())
                && w.bytes().take(2).all(|b| b.is_ascii_uppercase()) =>
            {
                out.push(w.clone());
            }
            _ => {}
        }
    }
    out
}

/// Whether `text` names `id` (`RFC 33` is not named by `RFC 333`).
fn names(text: &str, id: &str) -> bool {
    text.match_indices(id).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + id.len()..].chars().next();
        !before.is_some_and(|c| c.is_alphanumeric()) && !after.is_some_and(|c| c.is_ascii_digit())
    })
}

/// Titles (`*…*`, `"…"`) and addresses (`<https://…>`) of an entry.
fn titles(entry: &str) -> Vec<String> {
    let mut out = Vec::new();
    for delim in ['*', '"'] {
        let parts: Vec<&str> = entry.split(delim).collect();
        out.extend(
            parts
                .iter()
                .skip(1)
                .step_by(2)
                .map(|t| t.to_owned().to_owned()),
        );
    }
    for part in entry.split('<').skip(1) {
        if let Some(url) = part.split('>').next()
            && url.starts_with("http")
        {
            out.push(url.to_owned());
        }
    }
    out.retain(|t| t.len() > 3);
    out
}

/// The entries of `refs` that no page cites, with what is missing.
fn uncited(refs: &[String], pages: &[(String, String)]) -> Vec<String> {
    let all = squash(
        &pages
            .iter()
            .map(|(_, t)| t.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
    );
    let lower = all.to_lowercase();
    let mut out = Vec::new();
    for entry in refs {
        let ids = identifiers(entry);
        if ids.is_empty() {
            let cited = titles(entry)
                .iter()
                .any(|t| lower.contains(&squash(t).to_lowercase()));
            if !cited {
                out.push(format!("{entry}\n    (no page has its title or address)"));
            }
        } else {
            let missing: Vec<&String> = ids.iter().filter(|id| !names(&all, id)).collect();
            if !missing.is_empty() {
                out.push(format!("{entry}\n    (no page cites {missing:?})"));
            }
        }
    }
    out
}

#[test]
fn every_reference_is_cited_by_a_page() {
    let refs = references();
    assert!(refs.len() >= 60, "{} entries", refs.len());
    let missing = uncited(&refs, &pages());
    assert!(
        missing.is_empty(),
        "entries of chapters/references.md that no page cites (cite them where they are \
         used, or drop them):\n{}",
        missing.join("\n")
    );
}

#[test]
fn the_citation_finder_tells_cited_from_uncited() {
    assert_eq!(
        identifiers(
            "J. Postel, IEN 2 and RFC 165 (BBN Report 1822; RAND RM-3420-PR; \
             draft-ietf-quic-http-34)"
        ),
        [
            "IEN 2",
            "RFC 165",
            "BBN Report 1822",
            "RM-3420-PR",
            "draft-ietf-quic-http"
        ]
    );
    let pages = vec![(
        "x.md".to_owned(),
        "RFC 333 and *The Definition\nof a Socket*".to_owned(),
    )];
    let refs = [
        "RFC 33, New HOST-HOST Protocol".to_owned(),
        "J. Winett, \"The Definition of a Socket\"".to_owned(),
        "RFC 333, a test".to_owned(),
    ];
    let missing = uncited(&refs, &pages);
    assert_eq!(missing.len(), 1, "{missing:?}");
    assert!(missing[0].starts_with("RFC 33,"));
}
