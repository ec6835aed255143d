//! The book's timeline (`chapters/timeline.toml`) is well formed, in date order, points at
//! real chapters, and the static table in `chapters/timeline.md` (what mdBook readers see)
//! is exactly the one generated from it.
//!
//! After editing the data, regenerate the table with
//! `WIRETRAIL_UPDATE_TIMELINE=1 cargo test -p book --test timeline` (never under CI).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fmt::Write as _;
use std::path::PathBuf;

use serde::Deserialize;

/// The topics the live cell offers as filter buttons (static/cells/timeline.js lists them
/// in the same order).
const TAGS: &[&str] = &[
    "precursors",
    "arpanet",
    "ncp",
    "csnet",
    "tcp-ip",
    "web",
    "push",
    "websocket",
    "http2",
];
const START: &str =
    "<!-- timeline table: generated from timeline.toml by crates/book/tests/timeline.rs -->";
const END: &str = "<!-- end of timeline table -->";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Timeline {
    events: Vec<Event>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Event {
    date: String,
    title: String,
    chapter: String,
    tags: Vec<String>,
    source: String,
}

fn chapters() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../chapters")
}

fn timeline() -> Timeline {
    let text = std::fs::read_to_string(chapters().join("timeline.toml")).unwrap();
    toml::from_str(&text).unwrap()
}

/// `(year, month, day)`, 0 for a part the date leaves out; `None` if malformed.
fn parse_date(date: &str) -> Option<(u32, u32, u32)> {
    let parts: Vec<&str> = date.split('-').collect();
    let digits = |s: &str, n: usize| {
        (s.len() == n && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse::<u32>().ok())?
    };
    let year = digits(parts.first()?, 4)?;
    let month = match parts.get(1) {
        Some(m) => digits(m, 2).filter(|m| (1..=12).contains(m))?,
        None => 0,
    };
    let day = match parts.get(2) {
        Some(d) => digits(d, 2).filter(|d| (1..=31).contains(d))?,
        None => 0,
    };
    (parts.len() <= 3).then_some((year, month, day))
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// "7 Apr 1969", "Oct 1969", "1969" — as the cell shows them.
fn display_date(date: &str) -> String {
    let (y, m, d) = parse_date(date).unwrap();
    match (m, d) {
        (0, _) => y.to_string(),
        (m, 0) => format!("{} {y}", MONTHS[m as usize - 1]),
        (m, d) => format!("{d} {} {y}", MONTHS[m as usize - 1]),
    }
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

fn table(timeline: &Timeline) -> String {
    let book = book::Book::from_dir(&chapters()).unwrap();
    let mut out = String::from("| Date | Event | Chapter | Source |\n|---|---|---|---|\n");
    for e in &timeline.events {
        let url = format!("{}/index.html", e.chapter);
        let entry = book
            .toc
            .iter()
            .find(|t| t.url.as_deref() == Some(url.as_str()))
            .unwrap_or_else(|| panic!("{}: no chapter {}", e.title, e.chapter));
        let name = match &entry.number {
            Some(n) => format!("{n} {}", entry.title),
            None => entry.title.clone(),
        };
        writeln!(
            out,
            "| {} | {} | [{}]({}/index.md) | {} |",
            display_date(&e.date),
            cell(&e.title),
            cell(&name),
            e.chapter,
            cell(&e.source)
        )
        .unwrap();
    }
    out
}

#[test]
fn events_are_well_formed_and_in_order() {
    let timeline = timeline();
    assert!(
        timeline.events.len() >= 60,
        "{} events",
        timeline.events.len()
    );
    let mut last = (0, 0, 0);
    for e in &timeline.events {
        let date = parse_date(&e.date).unwrap_or_else(|| panic!("bad date {:?}", e.date));
        assert!(
            !e.title.trim().is_empty() && !e.source.trim().is_empty(),
            "{e:?}"
        );
        assert!(!e.tags.is_empty(), "{}: no tags", e.title);
        for tag in &e.tags {
            assert!(
                TAGS.contains(&tag.as_str()),
                "{}: unknown tag {tag}",
                e.title
            );
        }
        assert!(
            chapters().join(&e.chapter).join("index.md").is_file(),
            "{}: no chapter {}",
            e.title,
            e.chapter
        );
        // Years never go back; within a year, events dated to the month keep their order
        // (a year-only event may sit where the chapters place it, e.g. "by the end of 1969").
        assert!(date.0 >= last.0, "{} ({}) is out of order", e.title, e.date);
        if date.0 > last.0 {
            last = date;
        } else if date.1 != 0 {
            // Compared at the precision both dates have ("1982-07" may follow "1982-07-01").
            let day = |d: (u32, u32, u32)| if date.2 == 0 || last.2 == 0 { 0 } else { d.2 };
            assert!(
                (date.1, day(date)) >= (last.1, day(last)),
                "{} ({}) is out of order",
                e.title,
                e.date
            );
            last = date;
        }
    }
    let first = timeline.events.first().unwrap();
    assert!(
        first.date.starts_with("1957"),
        "the timeline starts in 1957"
    );
}

#[test]
fn the_static_table_is_generated_from_the_data() {
    let path = chapters().join("timeline.md");
    let page = std::fs::read_to_string(&path).unwrap();
    let start = page.find(START).expect("timeline.md has the start marker") + START.len();
    let end = page.find(END).expect("timeline.md has the end marker");
    let expected = format!("\n\n{}\n", table(&timeline()));
    if page[start..end] == expected {
        return;
    }
    let update = std::env::var("WIRETRAIL_UPDATE_TIMELINE").is_ok_and(|v| v == "1")
        && !std::env::var("CI").is_ok_and(|v| v == "true");
    if update {
        let new = format!("{}{expected}{}", &page[..start], &page[end..]);
        std::fs::write(&path, new).unwrap();
        eprintln!("rewrote the table in {}", path.display());
    } else {
        panic!(
            "chapters/timeline.md's table is not the one generated from timeline.toml; run \
             WIRETRAIL_UPDATE_TIMELINE=1 cargo test -p book --test timeline"
        );
    }
}
