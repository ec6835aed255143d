//! The translations' files against the book as it is now:
//!
//! - `po/messages.pot` holds exactly the messages of `chapters/` (rewrite it with
//!   `WIRETRAIL_UPDATE_POT=1 cargo test -p book --test i18n`, never under CI, or
//!   `wiretrail i18n extract`);
//! - `po/ko.po` is a valid catalog (GNU `msgfmt --check`, where gettext is installed; under
//!   `CI=true` it must be), and the Korean edition renders with no problem, every page at
//!   the English URL and every heading with the English id;
//! - the staleness report: every message whose English changed since it was translated
//!   (fuzzy), that has no translation (missing), or whose translation is for an English no
//!   longer in the book (msgmerge not run) is printed, and the test fails on any: the
//!   translation is complete, so a change to the English needs its Korean in the same change.
//!   `WIRETRAIL_I18N_ALLOW_STALE=1` lets it pass (printing the list) for a contributor who
//!   cannot translate; the Korean pages then show the English with the out-of-date mark.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use book::Book;
use book::i18n::Catalog;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn book() -> Book {
    Book::from_dir(&root().join("chapters")).unwrap()
}

fn ko_po() -> Catalog {
    let text = std::fs::read_to_string(root().join("po/ko.po")).unwrap_or_default();
    let (catalog, problems) = Catalog::parse(&text);
    assert_eq!(problems, Vec::<String>::new(), "po/ko.po");
    catalog
}

fn is_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

#[test]
fn messages_pot_is_up_to_date() {
    let (template, problems) = book().template();
    assert_eq!(problems, Vec::<String>::new());
    let path = root().join("po/messages.pot");
    let written = template.write();
    if std::env::var("WIRETRAIL_UPDATE_POT").is_ok_and(|v| v == "1") && !is_ci() {
        std::fs::write(&path, &written).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == written,
        "po/messages.pot is not the book's messages: run `WIRETRAIL_UPDATE_POT=1 cargo test -p book --test i18n` (or `wiretrail i18n extract`) and then `msgmerge --update po/ko.po po/messages.pot`"
    );
    // Every kind of message is there, told apart.
    for (ctxt, id) in [
        (None, "The opening handshake"),
        (Some("quiz"), ""),
        (Some("timeline"), ""),
        (Some("figure"), ""),
    ] {
        assert!(
            template
                .entries
                .iter()
                .any(|e| e.msgctxt.as_deref() == ctxt && (id.is_empty() || e.msgid == id)),
            "{ctxt:?} {id:?}"
        );
    }
}

#[test]
fn ko_po_is_valid_gettext() {
    let path = root().join("po/ko.po");
    if !path.exists() {
        assert!(!is_ci(), "po/ko.po is missing");
        return;
    }
    match std::process::Command::new("msgfmt")
        .args(["--check", "-o", "/dev/null"])
        .arg(&path)
        .output()
    {
        Ok(out) => assert!(
            out.status.success(),
            "msgfmt --check po/ko.po:\n{}",
            String::from_utf8_lossy(&out.stderr)
        ),
        Err(e) => {
            assert!(!is_ci(), "msgfmt (gettext) is needed under CI: {e}");
            eprintln!("skipped: no msgfmt ({e}); apt-get install gettext");
        }
    }
}

#[test]
fn the_korean_edition_keeps_every_url_and_heading_id() {
    let english = book();
    let korean = english.translated(&ko_po()).book;
    assert_eq!(korean.problems, english.problems);
    assert_eq!(korean.pages.len(), english.pages.len());
    for (en, ko) in english.pages.iter().zip(&korean.pages) {
        assert_eq!(en.url, ko.url);
        let ids = |p: &book::Page| -> Vec<String> {
            p.headings
                .iter()
                .filter(|h| h.level > 0)
                .map(|h| h.id.clone())
                .collect()
        };
        assert_eq!(ids(en), ids(ko), "{}", en.url);
    }
}

#[test]
fn staleness_report() {
    let book = book();
    let catalog = ko_po();
    let coverage = book.translated(&catalog).coverage;
    // Translations whose English is gone from the book: the English changed and msgmerge
    // has not been run (it would make them fuzzy against the new English).
    let (template, _) = book.template();
    let orphans: Vec<_> = catalog
        .entries
        .iter()
        .filter(|e| !e.msgstr.is_empty())
        .filter(|e| template.get(e.msgctxt.as_deref(), &e.msgid).is_none())
        .collect();
    for e in &orphans {
        println!(
            "changed {} {}{:.72}",
            e.sources.first().map_or("", String::as_str),
            e.msgctxt
                .as_deref()
                .map(|c| format!("[{c}] "))
                .unwrap_or_default(),
            e.msgid.replace('\n', " ")
        );
    }
    let total = coverage.translated + coverage.fuzzy.len() + coverage.missing.len();
    println!(
        "po/ko.po: {} of {total} messages translated, {} fuzzy (the English changed since), {} missing, {} translated for an English no longer in the book",
        coverage.translated,
        coverage.fuzzy.len(),
        coverage.missing.len(),
        orphans.len()
    );
    for (file, ctxt, msgid) in &coverage.fuzzy {
        println!(
            "fuzzy   chapters/{file} {}{:.72}",
            ctxt.as_deref()
                .map(|c| format!("[{c}] "))
                .unwrap_or_default(),
            msgid.replace('\n', " ")
        );
    }
    // Missing messages by file (the whole list: `wiretrail i18n status`).
    let mut by_file: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for (file, _, _) in &coverage.missing {
        *by_file.entry(file.as_str()).or_default() += 1;
    }
    for (file, n) in by_file {
        println!("missing chapters/{file}: {n}");
    }
    if !std::env::var("WIRETRAIL_I18N_ALLOW_STALE").is_ok_and(|v| v == "1") {
        assert!(
            coverage.is_complete() && orphans.is_empty(),
            "po/ko.po is not up to date (WIRETRAIL_I18N_ALLOW_STALE=1 lets this pass): {} fuzzy, {} missing and {} changed (msgid no longer in the book) messages in po/ko.po",
            coverage.fuzzy.len(),
            coverage.missing.len(),
            orphans.len()
        );
    }
}

/// The speaker notes' Korean (`po/ko-notes/NN-…/notes.md`, outside the catalog): one for
/// every chapter's `notes.md`, each made from the English as it is now (its source line's
/// Git blob id is the English file's). A stale one fails like a fuzzy message, with the
/// same flag to let it pass; the teacher's view then shows the English.
#[test]
fn the_speaker_notes_korean_follows_the_english() {
    use book::i18n::notes::{Translated, check};
    let book = book();
    let mut stale = Vec::new();
    let mut current = 0;
    for chapter in std::fs::read_dir(root().join("chapters"))
        .unwrap()
        .flatten()
    {
        let folder = chapter.file_name().to_string_lossy().into_owned();
        let Some(english) = book.speaker_notes(&folder) else {
            continue;
        };
        let korean =
            std::fs::read_to_string(root().join(format!("po/ko-notes/{folder}/notes.md"))).ok();
        match check(&english, korean.as_deref()) {
            Translated::Current(text) => {
                assert!(text.chars().any(|c| ('가'..='힣').contains(&c)), "{folder}");
                current += 1;
            }
            other => stale.push(format!("{folder}: {other:?}")),
        }
    }
    println!(
        "speaker notes in Korean: {current} current, {} stale or missing",
        stale.len()
    );
    if !std::env::var("WIRETRAIL_I18N_ALLOW_STALE").is_ok_and(|v| v == "1") {
        assert!(
            stale.is_empty(),
            "po/ko-notes/ out of date (translate the change and set the source line to `git hash-object chapters/NN/notes.md`; WIRETRAIL_I18N_ALLOW_STALE=1 lets this pass):\n{}",
            stale.join("\n")
        );
    }
    assert!(current + stale.len() >= 10, "every chapter has notes");
}
