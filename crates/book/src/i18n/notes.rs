//! The speaker notes in other languages: `po/LANG-notes/NN-chapter/notes.md` beside the
//! English `chapters/NN-chapter/notes.md`.
//!
//! The notes are for the teacher's view only, so they stay out of the book's catalog
//! (mdbook-xgettext never sees a file SUMMARY.md does not list); a translation is a whole
//! Markdown file instead, which says which English it was made from on its first line:
//!
//! ```text
//! <!-- source: notes.md git-blob 3b18e512dba79e4c8300dd08aeb37f8e728b8dad -->
//! ```
//!
//! The hash is Git's blob id of the English file (`git hash-object notes.md`: SHA-1 of
//! `blob {len}\0` and the bytes), so a contributor can compute it with Git and a test can
//! compare it without Git. When the English changes, the hash no longer matches and the
//! translation is **stale**: the teacher's view shows the English with the
//! "translation out of date" mark rather than Korean that says something else. The
//! workbook's `TASK.ko.md` files carry the same line.

use sha1::{Digest, Sha1};

use super::embedded;

/// Git's blob id of `bytes` (`git hash-object`), 40 lowercase hex digits.
pub fn git_blob(bytes: &[u8]) -> String {
    let mut sha = Sha1::new();
    sha.update(format!("blob {}\0", bytes.len()).as_bytes());
    sha.update(bytes);
    sha.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// The blob id a translation says it was made from (`<!-- source: FILE git-blob HEX -->` on
/// its first line), and the text after that line.
pub fn source_of(translation: &str) -> Option<(&str, &str)> {
    let (first, rest) = translation.split_once('\n').unwrap_or((translation, ""));
    let inner = first
        .trim()
        .strip_prefix("<!--")?
        .strip_suffix("-->")?
        .trim();
    let inner = inner.strip_prefix("source:")?.trim();
    let (_file, hash) = inner.split_once(" git-blob ")?;
    let hash = hash.trim();
    (hash.len() == 40 && hash.bytes().all(|b| b.is_ascii_hexdigit())).then_some((hash, rest))
}

/// A translation of a file, checked against the English it claims to follow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Translated {
    /// Made from this English: the translated text (without the source line).
    Current(String),
    /// Made from another English (or says nothing of its source): show the English.
    Stale,
    /// No translation.
    Missing,
}

/// `translation` (if any) checked against `english`.
pub fn check(english: &str, translation: Option<&str>) -> Translated {
    match translation {
        None => Translated::Missing,
        Some(text) => match source_of(text) {
            Some((hash, rest)) if hash == git_blob(english.as_bytes()) => {
                Translated::Current(rest.trim_start_matches('\n').to_owned())
            }
            _ => Translated::Stale,
        },
    }
}

/// The speaker notes of chapter `folder` in `lang`, embedded in the binary, checked against
/// the English notes `english`.
pub fn speaker_notes(lang: &str, folder: &str, english: &str) -> Translated {
    let path = format!("{lang}-notes/{folder}/notes.md");
    let text = embedded::PO_FILES
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned());
    check(english, text.as_deref())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_blob_id_is_gits() {
        // `printf 'hello\n' | git hash-object --stdin`
        assert_eq!(
            git_blob(b"hello\n"),
            "ce013625030ba8dba906f756967f9e9ca394464a"
        );
        // The empty blob every Git knows.
        assert_eq!(git_blob(b""), "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
    }

    #[test]
    fn a_translation_is_current_only_for_its_english() {
        let english = "# Notes\n";
        let hash = git_blob(english.as_bytes());
        let ko = format!("<!-- source: notes.md git-blob {hash} -->\n# 노트\n");
        assert_eq!(
            check(english, Some(&ko)),
            Translated::Current("# 노트\n".into())
        );
        assert_eq!(check("# Notes, changed\n", Some(&ko)), Translated::Stale);
        assert_eq!(check(english, Some("# 노트\n")), Translated::Stale);
        assert_eq!(check(english, None), Translated::Missing);
        assert_eq!(source_of("<!-- source: x git-blob zz -->"), None);
    }
}
