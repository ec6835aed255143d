//! One Korean word for one English term, everywhere: the glossary `po/glossary.ko.toml`
//! against every Korean text the project ships —
//!
//! - the book's catalog `po/ko.po` and the other domains' `po/*/ko.po` (the pages, the
//!   scripts' strings, the field meanings);
//! - the speaker notes' Korean (`po/ko-notes/**.md`);
//! - the workbook's `crates/exercises/book/*/TASK.ko.md` and the `ko` hints in `hints.toml`.
//!
//! Two checks, both printed as a list with where each finding is:
//!
//! 1. **avoid**: no Korean text uses a form the glossary lists under `avoid` for a term
//!    (the same idea in a second wording is what a reader trips over: 핸드셰이크 on one page,
//!    핸드쉐이크 on the next);
//! 2. **strict**: for a term marked `strict`, every catalog message whose English has the
//!    term as a whole word has a Korean with the glossary's form (`ko`, or one of `also`),
//!    or keeps the English term itself (a title, a quotation, an identifier).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use book::i18n::Catalog;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// One glossary entry.
#[derive(Debug, Clone)]
struct Term {
    en: String,
    ko: String,
    also: Vec<String>,
    avoid: Vec<String>,
    strict: bool,
}

fn strings(table: &toml::Table, key: &str) -> Vec<String> {
    table
        .get(key)
        .and_then(|v| v.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

fn glossary() -> Vec<Term> {
    let text = std::fs::read_to_string(root().join("po/glossary.ko.toml")).unwrap();
    let doc: toml::Table = text.parse().unwrap();
    let terms = doc["term"].as_array().unwrap();
    terms
        .iter()
        .map(|t| {
            let t = t.as_table().unwrap();
            Term {
                en: t["en"].as_str().unwrap().to_owned(),
                ko: t["ko"].as_str().unwrap().to_owned(),
                also: strings(t, "also"),
                avoid: strings(t, "avoid"),
                strict: t.get("strict").and_then(|v| v.as_bool()).unwrap_or(false),
            }
        })
        .collect()
}

/// A Korean text and, for a catalog message, its English.
struct Text {
    place: String,
    english: Option<String>,
    korean: String,
}

/// Whether `term` occurs in `text` as a whole word, ignoring ASCII case.
fn has_word(text: &str, term: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    let term = term.to_ascii_lowercase();
    let bytes = lower.as_bytes();
    let mut from = 0;
    while let Some(i) = lower[from..].find(&term) {
        let start = from + i;
        let end = start + term.len();
        let before = start == 0 || !bytes[start - 1].is_ascii_alphanumeric();
        let after = end == bytes.len() || !bytes[end].is_ascii_alphanumeric();
        if before && after {
            return true;
        }
        from = start + 1;
    }
    false
}

/// Every finding of both checks over `texts`.
fn findings(terms: &[Term], texts: &[Text]) -> Vec<String> {
    let mut out = Vec::new();
    for text in texts {
        for term in terms {
            for form in &term.avoid {
                if text.korean.contains(form.as_str()) {
                    out.push(format!(
                        "{}: \"{form}\" for \"{}\"; the glossary says \"{}\"",
                        text.place, term.en, term.ko
                    ));
                }
            }
            let Some(english) = &text.english else {
                continue;
            };
            if !term.strict || !has_word(english, &term.en) {
                continue;
            }
            let korean_form = std::iter::once(&term.ko)
                .chain(&term.also)
                .any(|f| text.korean.contains(f.as_str()));
            let kept = text
                .korean
                .to_ascii_lowercase()
                .contains(&term.en.to_ascii_lowercase());
            if !korean_form && !kept {
                let excerpt: String = english.chars().take(70).collect();
                out.push(format!(
                    "{}: \"{excerpt}…\" has \"{}\" but its Korean has neither \"{}\" nor the English",
                    text.place, term.en, term.ko
                ));
            }
        }
    }
    out
}

fn catalog_texts(path: &Path, texts: &mut Vec<Text>) {
    let Ok(text) = std::fs::read_to_string(path) else {
        return;
    };
    let (catalog, _) = Catalog::parse(&text);
    let name = path
        .strip_prefix(root())
        .unwrap_or(path)
        .display()
        .to_string();
    for entry in catalog.entries.iter().filter(|e| !e.msgstr.is_empty()) {
        let first: String = entry.msgid.chars().take(40).collect();
        texts.push(Text {
            place: format!("{name} (msgid \"{first}…\")"),
            english: Some(entry.msgid.clone()),
            korean: entry.msgstr.clone(),
        });
    }
}

fn files_under(dir: &Path, keep: &dyn Fn(&Path) -> bool, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_under(&path, keep, out);
        } else if keep(&path) {
            out.push(path);
        }
    }
}

/// Every Korean text the project ships.
fn all_texts() -> Vec<Text> {
    let root = root();
    let mut texts = Vec::new();
    let mut catalogs = vec![root.join("po/ko.po")];
    files_under(
        &root.join("po"),
        &|p| p.file_name().is_some_and(|n| n == "ko.po") && p.parent() != Some(&root.join("po")),
        &mut catalogs,
    );
    for po in &catalogs {
        catalog_texts(po, &mut texts);
    }
    let mut plain = Vec::new();
    files_under(
        &root.join("po/ko-notes"),
        &|p| p.extension().is_some_and(|e| e == "md"),
        &mut plain,
    );
    files_under(
        &root.join("crates/exercises/book"),
        &|p| {
            p.file_name()
                .is_some_and(|n| n == "TASK.ko.md" || n == "hints.toml")
        },
        &mut plain,
    );
    for path in plain {
        let text = std::fs::read_to_string(&path).unwrap();
        // hints.toml holds the English too; only its `ko` strings are Korean, and no
        // English text contains Hangul, so the whole file can be searched for the forms.
        texts.push(Text {
            place: path.strip_prefix(&root).unwrap().display().to_string(),
            english: None,
            korean: text,
        });
    }
    texts
}

#[test]
fn every_korean_text_uses_the_glossary_terms() {
    let terms = glossary();
    assert!(terms.len() >= 20, "the glossary lost its terms");
    let texts = all_texts();
    assert!(
        texts.iter().filter(|t| t.english.is_some()).count() > 2000,
        "po/ko.po was not read"
    );
    let found = findings(&terms, &texts);
    assert!(
        found.is_empty(),
        "{} Korean texts depart from po/glossary.ko.toml:\n{}",
        found.len(),
        found.join("\n")
    );
}

#[test]
fn the_checks_find_a_second_wording_and_a_lost_term() {
    let terms = glossary();
    let texts = [
        Text {
            place: "avoid".into(),
            english: None,
            korean: "브라우저가 핸드쉐이크를 시작한다".into(),
        },
        Text {
            place: "strict".into(),
            english: Some("The opening handshake is one request.".into()),
            korean: "여는 인사는 요청 하나다.".into(),
        },
        Text {
            place: "kept".into(),
            english: Some("The opening handshake is one request.".into()),
            korean: "opening handshake는 요청 하나다.".into(),
        },
        Text {
            place: "fine".into(),
            english: Some("The opening handshake is one request.".into()),
            korean: "여는 핸드셰이크는 요청 하나다.".into(),
        },
    ];
    let found = findings(&terms, &texts);
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(found[0].starts_with("avoid:"));
    assert!(found[1].starts_with("strict:"));
    // A whole word only, any case: "streaming" does not have "stream".
    assert!(!has_word("handshakes", "handshake"));
    assert!(!has_word("streaming", "stream"));
    assert!(has_word("A Stream, then", "stream"));
}
