//! The app's own words in Korean: the pages, the scripts and the dissections, each a gettext
//! domain beside the book's catalog (`po/messages.pot`, `po/ko.po`, [`book::i18n`]).
//!
//! ```text
//! templates/*.html ──render (English, {placeholders})──▶ html::find ──▶ po/pages/messages.pot
//! static/**/*.js ──t("…"), tn(n, "…", "…")──────────────▶ js::messages ─▶ po/scripts/messages.pot
//! protocol crates' meanings, normalised ────────────────▶ wire::messages ▶ po/wire/messages.pot
//!                                   msgmerge --update po/DOMAIN/ko.po po/DOMAIN/messages.pot
//! po/pages/ko.po ──html::translate──▶ /ko/labs/websocket, /ko/server.html, the Korean book's chrome
//! po/scripts/ko.po + po/wire/ko.po ──▶ /static/generated/ui.ko.json (fetched by static/i18n.js)
//! ```
//!
//! A msgid is the English itself. `wiretrail i18n extract` writes the three templates,
//! `wiretrail i18n status` says what each `ko.po` lacks, and a test fails when a template
//! on disk is not what extraction makes now, or a `ko.po` lacks a message or has a fuzzy one
//! ([`catalog`]). Reading order: [`html`] (what a message of a page is), [`js`], [`catalog`]
//! (the domains, embedded in the binary), then [`crate::site::pages`], which makes the
//! Korean pages.

pub mod catalog;
pub mod html;
pub mod js;
pub mod wire;

use std::collections::BTreeMap;

use book::i18n::{Catalog, Entry};

/// One message of a domain, as an extractor finds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// The English.
    pub msgid: String,
    /// The English plural (`tn()`), if the message is counted.
    pub msgid_plural: Option<String>,
    /// Where it comes from (`static/lab/lab.js:123`, `templates/lab_push.html`).
    pub references: Vec<String>,
    /// A word for the translator (`#.`).
    pub comment: Option<String>,
}

/// A gettext domain of the app's own words: a folder of `po/` with `messages.pot` and
/// `ko.po`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Domain {
    /// The rendered pages' blocks and attributes.
    Pages,
    /// The scripts' `t()` and `tn()` strings.
    Scripts,
    /// The protocol crates' meanings, summaries and problems, normalised.
    Wire,
}

impl Domain {
    pub const ALL: [Domain; 3] = [Domain::Pages, Domain::Scripts, Domain::Wire];

    /// The folder under `po/`.
    pub fn dir(self) -> &'static str {
        match self {
            Domain::Pages => "pages",
            Domain::Scripts => "scripts",
            Domain::Wire => "wire",
        }
    }

    /// Every message of the domain, found now.
    pub fn messages(self) -> Vec<Message> {
        match self {
            Domain::Pages => crate::site::pages::messages(),
            Domain::Scripts => js::messages(),
            Domain::Wire => wire::messages(),
        }
    }
}

/// The template of a domain: each msgid once (references merged, sorted), the entries
/// sorted by msgid, so extracting twice writes the same bytes.
pub fn template(messages: Vec<Message>) -> Catalog {
    let mut merged: BTreeMap<String, Message> = BTreeMap::new();
    for m in messages {
        match merged.get_mut(&m.msgid) {
            Some(kept) => {
                for r in m.references {
                    if !kept.references.contains(&r) {
                        kept.references.push(r);
                    }
                }
                if kept.msgid_plural.is_none() {
                    kept.msgid_plural = m.msgid_plural;
                }
                if kept.comment.is_none() {
                    kept.comment = m.comment;
                }
            }
            None => {
                merged.insert(m.msgid.clone(), m);
            }
        }
    }
    let mut catalog = Catalog::new(&Catalog::standard_header(None));
    for (_, mut m) in merged {
        m.references.sort();
        catalog.add(Entry {
            comments: m.comment.into_iter().collect(),
            sources: m.references,
            msgid_plural: m.msgid_plural,
            ..Entry::new(None, &m.msgid)
        });
    }
    catalog
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_template_is_sorted_and_merged() {
        let m = |id: &str, r: &str| Message {
            msgid: id.into(),
            msgid_plural: None,
            references: vec![r.into()],
            comment: None,
        };
        let t = template(vec![m("b", "x:2"), m("a", "x:1"), m("b", "w:9")]);
        let ids: Vec<&str> = t.entries.iter().map(|e| e.msgid.as_str()).collect();
        assert_eq!(ids, ["a", "b"]);
        assert_eq!(t.entries[1].sources, ["w:9", "x:2"]);
        assert_eq!(
            t.write(),
            template(vec![m("a", "x:1"), m("b", "w:9"), m("b", "x:2")]).write()
        );
    }
}
