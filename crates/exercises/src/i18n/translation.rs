//! The translated texts of an exercise, and whether they are still translations of the
//! English that is there now.
//!
//! The contract the translators follow:
//!
//! ```text
//! 01-accept-key/
//!   TASK.md        the English task (the source)
//!   TASK.ko.md     <!-- source: TASK.md git-blob 5f0c…(40 hex) -->
//!                  # 01 — Sec-WebSocket-Accept 계산하기
//!                  …
//!   hints.toml     [[hint]]
//!                  text = '''…'''     the English hint
//!                  ko = '''…'''       its Korean
//! ```
//!
//! The hex is `git hash-object TASK.md` of the English that was translated: the SHA-1 of
//! `blob {len}\0` followed by the file's bytes ([`git_blob_id`]), so a translator gets it
//! from git and this crate recomputes it from the embedded English. When the two differ,
//! the Korean describes a task that no longer exists, and the English is shown instead
//! with a note ("번역이 최신이 아닙니다"): an outdated task would have the learner solve
//! the wrong exercise. A hint without `ko` is shown in English with the same kind of note.
//!
//! [`problems`] lists every missing or stale text; the test `every_korean_text_is_current`
//! below fails on any (a unit test, so it runs in the fast tier), unless
//! `WIRETRAIL_I18N_ALLOW_STALE=1`, which prints them and passes, as the book's test does.

use sha1::{Digest, Sha1};

use super::Lang;
use crate::book::{Exercise, Workbook};

/// The Korean task's file, beside `TASK.md`.
pub const TASK_KO: &str = "TASK.ko.md";

/// How the first line of `TASK.ko.md` starts; the blob id and ` -->` follow.
const SOURCE_PREFIX: &str = "<!-- source: TASK.md git-blob ";

/// The git blob id of `bytes`: what `git hash-object` prints for a file holding them,
/// lowercase hex.
pub fn git_blob_id(bytes: &[u8]) -> String {
    let mut hasher = Sha1::new();
    hasher.update(format!("blob {}\0", bytes.len()).as_bytes());
    hasher.update(bytes);
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Where a translated task stands against the English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Translation {
    /// Translated from the English that is there now.
    Current,
    /// There is no `TASK.ko.md`.
    Missing,
    /// Its first line is not `<!-- source: TASK.md git-blob HEX -->` with 40 hex digits.
    NoSource,
    /// Translated from another English (`from`); the English now is `now`.
    Stale {
        /// The blob id the translation names.
        from: String,
        /// The blob id of the embedded `TASK.md`.
        now: String,
    },
}

/// A text in the language asked for, or the English when there is no current translation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Localized {
    /// The text shown.
    pub text: String,
    /// Its language.
    pub lang: Lang,
    /// Another language was asked for, and its translation is missing or out of date, so
    /// this is the English: say so beside it.
    pub fallback: bool,
}

impl Localized {
    fn source(text: String, asked: Lang) -> Localized {
        Localized {
            text,
            lang: Lang::En,
            fallback: asked != Lang::En,
        }
    }
}

/// One `[[hint]]` of `hints.toml`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HintText {
    /// The English (`text`).
    pub en: String,
    /// The Korean (`ko`), if it is there and not empty.
    pub ko: Option<String>,
}

/// Reads `hints.toml` (TOML: an array of `[[hint]]` tables with `text` and optionally `ko`,
/// multi-line literal strings whose leading newline TOML drops), each text without its
/// trailing whitespace. A file that is not TOML gives no hints (`book`'s tests catch it).
pub fn parse_hint_texts(text: &str) -> Vec<HintText> {
    let Ok(table) = text.parse::<toml::Table>() else {
        return Vec::new();
    };
    let Some(hints) = table.get("hint").and_then(toml::Value::as_array) else {
        return Vec::new();
    };
    let field = |hint: &toml::Value, key: &str| {
        hint.get(key)
            .and_then(toml::Value::as_str)
            .map(|s| s.trim_end().to_owned())
            .filter(|s| !s.is_empty())
    };
    hints
        .iter()
        .filter_map(|hint| {
            Some(HintText {
                en: field(hint, "text")?,
                ko: field(hint, "ko"),
            })
        })
        .collect()
}

/// `TASK.ko.md` split into the blob id its first line names and the Korean after it.
fn split_source(translated: &str) -> (Option<&str>, &str) {
    let (first, rest) = translated.split_once('\n').unwrap_or((translated, ""));
    let id = first
        .trim_end_matches('\r')
        .strip_prefix(SOURCE_PREFIX)
        .and_then(|r| r.strip_suffix(" -->"))
        .map(str::trim)
        .filter(|h| h.len() == 40 && h.bytes().all(|b| b.is_ascii_hexdigit()));
    (id, rest.trim_start_matches(['\r', '\n']))
}

impl Exercise {
    /// Where the Korean task stands against the English.
    pub fn task_translation(&self) -> Translation {
        let Some(translated) = self.file(TASK_KO) else {
            return Translation::Missing;
        };
        let Some(from) = split_source(translated).0 else {
            return Translation::NoSource;
        };
        let now = git_blob_id(self.task().as_bytes());
        if from.eq_ignore_ascii_case(&now) {
            Translation::Current
        } else {
            Translation::Stale {
                from: from.to_ascii_lowercase(),
                now,
            }
        }
    }

    /// The task in `lang`: the Korean (without its source line) if it is current, else the
    /// English.
    pub fn task_in(&self, lang: Lang) -> Localized {
        let english = || Localized::source(self.task().to_owned(), lang);
        match lang {
            Lang::En => english(),
            Lang::Ko => match (self.task_translation(), self.file(TASK_KO)) {
                (Translation::Current, Some(translated)) => Localized {
                    text: split_source(translated).1.to_owned(),
                    lang: Lang::Ko,
                    fallback: false,
                },
                _ => english(),
            },
        }
    }

    /// The title in `lang`: the first heading of the task [`Exercise::task_in`] shows.
    pub fn title_in(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.title.clone(),
            Lang::Ko => crate::book::title(&self.task_in(lang).text),
        }
    }

    /// Every hint, English and Korean.
    pub fn hint_texts(&self) -> Vec<HintText> {
        parse_hint_texts(self.file("hints.toml").unwrap_or_default())
    }

    /// The hints in `lang`, each in English where it has no translation.
    pub fn hints_in(&self, lang: Lang) -> Vec<Localized> {
        self.hint_texts()
            .into_iter()
            .map(|h| match (lang, h.ko) {
                (Lang::Ko, Some(ko)) => Localized {
                    text: ko,
                    lang: Lang::Ko,
                    fallback: false,
                },
                (_, _) => Localized::source(h.en, lang),
            })
            .collect()
    }
}

/// Every Korean text of the workbook that is missing or out of date, one sentence each.
pub fn problems(book: &Workbook) -> Vec<String> {
    let mut out = Vec::new();
    for e in book.exercises() {
        match e.task_translation() {
            Translation::Current => {}
            Translation::Missing => out.push(format!("{}: no {TASK_KO}", e.id)),
            Translation::NoSource => out.push(format!(
                "{}: the first line of {TASK_KO} must be `{SOURCE_PREFIX}{} -->` (git hash-object TASK.md)",
                e.id,
                git_blob_id(e.task().as_bytes())
            )),
            Translation::Stale { from, now } => out.push(format!(
                "{}: {TASK_KO} was translated from TASK.md {from}, which is now {now}: update the Korean (`git diff {from} {now}` shows what changed) and its first line",
                e.id
            )),
        }
        for (i, hint) in e.hint_texts().iter().enumerate() {
            if hint.ko.is_none() {
                out.push(format!("{}: hint {} has no `ko`", e.id, i + 1));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The staleness check: a missing `TASK.ko.md`, one translated from an English that is
    /// no longer there, or a hint without `ko` fails the build, since the English changed
    /// without its Korean. `WIRETRAIL_I18N_ALLOW_STALE=1` reports them and passes (the
    /// CLI and the cards then show the English with the out-of-date note).
    #[test]
    fn every_korean_text_is_current() {
        let problems = problems(Workbook::embedded());
        let allow = std::env::var("WIRETRAIL_I18N_ALLOW_STALE").is_ok_and(|v| v == "1");
        if allow && !problems.is_empty() {
            eprintln!(
                "{} stale or missing Korean texts (allowed):",
                problems.len()
            );
            for p in &problems {
                eprintln!("  {p}");
            }
            return;
        }
        assert!(
            problems.is_empty(),
            "the workbook's Korean is missing or out of date (WIRETRAIL_I18N_ALLOW_STALE=1 lets this pass):\n  {}",
            problems.join("\n  ")
        );
    }

    #[test]
    fn blob_ids_are_gits() {
        // `printf 'hello\n' | git hash-object --stdin`, and the empty blob.
        assert_eq!(
            git_blob_id(b"hello\n"),
            "ce013625030ba8dba906f756967f9e9ca394464a"
        );
        assert_eq!(git_blob_id(b""), "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
    }

    #[test]
    fn the_source_line() {
        let id = "ce013625030ba8dba906f756967f9e9ca394464a";
        let text = format!("<!-- source: TASK.md git-blob {id} -->\n\n# 01 — 제목\n");
        assert_eq!(split_source(&text), (Some(id), "# 01 — 제목\n"));
        assert_eq!(split_source("# 01 — 제목\n").0, None);
        assert_eq!(
            split_source("<!-- source: TASK.md git-blob 1234 -->\n").0,
            None,
            "40 hex digits"
        );
    }

    #[test]
    fn hints_with_and_without_korean() {
        let text = "[[hint]]\ntext = '''\nfirst\nline two\n'''\nko = '''\n첫째\n'''\n\n[[hint]]\ntext = '''second'''\n";
        assert_eq!(
            parse_hint_texts(text),
            [
                HintText {
                    en: "first\nline two".into(),
                    ko: Some("첫째".into())
                },
                HintText {
                    en: "second".into(),
                    ko: None
                },
            ]
        );
        assert!(parse_hint_texts("").is_empty());
        assert!(parse_hint_texts("text = '''unterminated").is_empty());
    }

    #[test]
    fn a_stale_or_missing_translation_falls_back_to_the_english() {
        let book = Workbook::embedded();
        for e in book.exercises() {
            let ko = e.task_in(Lang::Ko);
            match e.task_translation() {
                Translation::Current => {
                    assert_eq!(ko.lang, Lang::Ko, "{}", e.id);
                    assert!(!ko.fallback);
                    assert!(
                        !ko.text.starts_with("<!--"),
                        "{}: the source line shows",
                        e.id
                    );
                    assert_ne!(e.title_in(Lang::Ko), "", "{}", e.id);
                }
                _ => {
                    assert_eq!(ko.text, e.task(), "{}", e.id);
                    assert!(ko.fallback);
                    assert_eq!(e.title_in(Lang::Ko), e.title);
                }
            }
            let en = e.task_in(Lang::En);
            assert_eq!((en.text.as_str(), en.fallback), (e.task(), false));
        }
    }

    #[test]
    fn a_changed_english_makes_the_korean_stale() {
        let mut e = Workbook::embedded().exercises()[0].clone();
        let english = "# 01 — Title\n\nText.\n";
        let current = format!(
            "{SOURCE_PREFIX}{} -->\n# 01 — 제목\n\n본문.\n",
            git_blob_id(english.as_bytes())
        );
        let leak = |s: String| -> &'static str { Box::leak(s.into_boxed_str()) };
        e.files.retain(|f| f.path != "TASK.md" && f.path != TASK_KO);
        e.files.push(crate::book::BookFile {
            path: "TASK.md",
            contents: english,
        });
        e.files.push(crate::book::BookFile {
            path: TASK_KO,
            contents: leak(current),
        });
        assert_eq!(e.task_translation(), Translation::Current);
        assert_eq!(e.task_in(Lang::Ko).text, "# 01 — 제목\n\n본문.\n");
        assert_eq!(e.title_in(Lang::Ko), "제목");

        let changed = "# 01 — Title\n\nText, changed.\n";
        for f in &mut e.files {
            if f.path == "TASK.md" {
                f.contents = changed;
            }
        }
        assert!(matches!(e.task_translation(), Translation::Stale { .. }));
        let shown = e.task_in(Lang::Ko);
        assert_eq!(
            (shown.text.as_str(), shown.lang, shown.fallback),
            (changed, Lang::En, true)
        );
    }
}
