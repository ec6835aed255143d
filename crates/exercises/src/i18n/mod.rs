//! The workbook in two languages: English (the source) and Korean (한국어).
//!
//! Three things are translated, each its own way:
//!
//! - **the task**: `TASK.ko.md` beside `TASK.md`, whose first line names the English it was
//!   translated from by its git blob id (`<!-- source: TASK.md git-blob HEX -->`, the
//!   `git hash-object TASK.md` of that English). When the English has changed since, the
//!   Korean is *stale* and the English is shown with a note instead ([`translation`]);
//! - **the hints**: a `ko = '''…'''` key beside each `[[hint]]`'s `text` in `hints.toml`;
//! - **the workbook's own sentences** (the grader's report around the diffs, the CLI's
//!   statuses, errors and prompts): one `match` on [`Msg`] per language, in [`messages`].
//!
//! What is *not* translated: the answer keys. The graded values are data (bytes, fields,
//! hashes), not prose, so a grading run never asks which language it is in; only the
//! rendering of its [`crate::Report`] does. A Korean check therefore grades exactly as an
//! English one.
//!
//! The language comes from a flag (`--lang ko`, `?lang=ko`) or, on the command line, from
//! the locale: the first of `LC_ALL`, `LC_MESSAGES` and `LANG` that is set and not empty
//! (POSIX's order) chooses Korean when it starts with `ko` ([`Lang::from_locale`]).

pub mod messages;
pub mod translation;

pub use messages::Msg;
pub use translation::{Localized, Translation, git_blob_id};

/// A language of the workbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// English, the source of every text.
    #[default]
    En,
    /// Korean.
    Ko,
}

impl Lang {
    /// Every language, the source first.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Ko];

    /// The BCP 47 tag: `en`, `ko`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ko => "ko",
        }
    }

    /// `en`/`ko` (any case, with a region or encoding after it: `ko-KR`, `ko_KR.UTF-8`).
    pub fn from_code(code: &str) -> Option<Lang> {
        let code = code.trim().to_ascii_lowercase();
        let base = code.split(['-', '_', '.', '@']).next().unwrap_or_default();
        match base {
            "en" | "c" | "posix" => Some(Lang::En),
            "ko" => Some(Lang::Ko),
            _ => None,
        }
    }

    /// The language of a locale given as the values of `LC_ALL`, `LC_MESSAGES` and `LANG`
    /// (in that order): the first one set and not empty decides, Korean when it starts
    /// with `ko`, English otherwise.
    pub fn from_locale(
        lc_all: Option<&str>,
        lc_messages: Option<&str>,
        lang: Option<&str>,
    ) -> Lang {
        let chosen = [lc_all, lc_messages, lang]
            .into_iter()
            .flatten()
            .map(str::trim)
            .find(|v| !v.is_empty());
        match chosen {
            Some(v) if v.to_ascii_lowercase().starts_with("ko") => Lang::Ko,
            _ => Lang::En,
        }
    }

    /// [`Lang::from_locale`] of this process's environment.
    pub fn from_env() -> Lang {
        let var = |name: &str| std::env::var(name).ok();
        Lang::from_locale(
            var("LC_ALL").as_deref(),
            var("LC_MESSAGES").as_deref(),
            var("LANG").as_deref(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_with_regions_and_encodings() {
        for code in ["ko", "KO", "ko-KR", "ko_KR.UTF-8", "ko_KR@euro"] {
            assert_eq!(Lang::from_code(code), Some(Lang::Ko), "{code}");
        }
        for code in ["en", "en-US", "C", "POSIX", "en_GB.UTF-8"] {
            assert_eq!(Lang::from_code(code), Some(Lang::En), "{code}");
        }
        assert_eq!(Lang::from_code("kor"), None);
        assert_eq!(Lang::from_code("fr"), None);
        assert_eq!(Lang::from_code(""), None);
    }

    #[test]
    fn the_locale_in_posix_order() {
        assert_eq!(Lang::from_locale(None, None, None), Lang::En);
        assert_eq!(Lang::from_locale(None, None, Some("ko_KR.UTF-8")), Lang::Ko);
        assert_eq!(
            Lang::from_locale(None, Some("ko_KR"), Some("en_US")),
            Lang::Ko
        );
        // LC_ALL wins over both; an empty value counts as unset.
        assert_eq!(
            Lang::from_locale(Some("C"), Some("ko_KR"), Some("ko_KR")),
            Lang::En
        );
        assert_eq!(
            Lang::from_locale(Some(""), None, Some("ko_KR.UTF-8")),
            Lang::Ko
        );
        assert_eq!(
            Lang::from_locale(None, Some("en_US"), Some("ko_KR")),
            Lang::En
        );
    }
}
