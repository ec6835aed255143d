//! GNU gettext PO files (the format of `po/messages.pot` and `po/ko.po`), read and written
//! by hand: the app reads the catalog embedded in the binary, so it cannot go through a
//! file path as `polib` does, and what it needs is small — one singular message per entry,
//! its context, references, flags and extracted comments (GNU gettext manual §3, "The
//! Format of PO Files").
//!
//! ```text
//! #. extracted comment                  (from the source: mdbook-i18n-helpers' comments)
//! #: chapters/08-websocket/frames.md:12 (where the message comes from)
//! #, fuzzy                              (the English changed since it was translated)
//! #| msgid "the previous English"
//! msgctxt "quiz"                        (optional: tells equal strings apart)
//! msgid "The English"
//! msgstr "한국어"
//! ```
//!
//! Writing is deterministic (the entries in the order given, strings split after each
//! `\n` as `msgcat` does), so a file written twice from the same messages is byte-identical
//! and diffs stay small. Reading never fails on one bad entry: it is skipped and reported.

use std::collections::HashMap;
use std::fmt::Write as _;

/// One message of a catalog.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Entry {
    /// `#.` lines: what the extractor says about the message.
    pub comments: Vec<String>,
    /// `#:` references (`chapters/08-websocket/frames.md:12`), one per item.
    pub sources: Vec<String>,
    /// `#,` flags (`fuzzy`).
    pub flags: Vec<String>,
    /// `#| msgid`: the English this translation was made for, when it changed since.
    pub previous: Option<String>,
    pub msgctxt: Option<String>,
    pub msgid: String,
    /// `msgid_plural`: the English plural of a message counted with `ngettext` (the UI's
    /// `tn()`); its one Korean form (`nplurals=1`) is `msgstr[0]`, kept in `msgstr`.
    pub msgid_plural: Option<String>,
    pub msgstr: String,
}

impl Entry {
    /// A message with no translation yet.
    pub fn new(msgctxt: Option<&str>, msgid: &str) -> Entry {
        Entry {
            msgctxt: msgctxt.map(str::to_owned),
            msgid: msgid.to_owned(),
            ..Entry::default()
        }
    }

    pub fn is_fuzzy(&self) -> bool {
        self.flags.iter().any(|f| f == "fuzzy")
    }

    /// Translated and not fuzzy: what a reader may be shown.
    pub fn is_usable(&self) -> bool {
        !self.msgstr.is_empty() && !self.is_fuzzy()
    }
}

/// What a catalog says about one English message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup<'a> {
    Translated(&'a str),
    /// Translated once, but the English changed since (`#, fuzzy`).
    Fuzzy,
    /// Not in the catalog, or with an empty `msgstr`.
    Missing,
}

/// A PO file: its header (the `msgid ""` entry's `msgstr`) and its messages.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    pub header: String,
    pub entries: Vec<Entry>,
    index: HashMap<(Option<String>, String), usize>,
}

/// At most this many bytes of PO text are read (ko.po for the whole book is about 1 MiB).
pub const MAX_PO_BYTES: usize = 16 * 1024 * 1024;

impl Catalog {
    pub fn new(header: &str) -> Catalog {
        Catalog {
            header: header.to_owned(),
            ..Catalog::default()
        }
    }

    /// The header of a catalog for `language` (`ko`), or of the template (`None`).
    pub fn standard_header(language: Option<&str>) -> String {
        format!(
            "Project-Id-Version: wiretrail\nPOT-Creation-Date: \nPO-Revision-Date: \nLast-Translator: \nLanguage-Team: {}\nLanguage: {}\nMIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n{}",
            match language {
                Some("ko") => "Korean",
                Some(other) => other,
                None => "",
            },
            language.unwrap_or(""),
            if language.is_some() {
                "Plural-Forms: nplurals=1; plural=0;\n"
            } else {
                ""
            }
        )
    }

    /// Adds `entry`, or, if a message with its context and msgid is there, adds its
    /// references to that one's (as xgettext merges equal messages).
    pub fn add(&mut self, entry: Entry) {
        let key = (entry.msgctxt.clone(), entry.msgid.clone());
        match self.index.get(&key) {
            Some(&i) => {
                let kept = &mut self.entries[i];
                for s in entry.sources {
                    if !kept.sources.contains(&s) {
                        kept.sources.push(s);
                    }
                }
                for c in entry.comments {
                    if !kept.comments.contains(&c) {
                        kept.comments.push(c);
                    }
                }
            }
            None => {
                self.index.insert(key, self.entries.len());
                self.entries.push(entry);
            }
        }
    }

    pub fn get(&self, msgctxt: Option<&str>, msgid: &str) -> Option<&Entry> {
        self.index
            .get(&(msgctxt.map(str::to_owned), msgid.to_owned()))
            .map(|&i| &self.entries[i])
    }

    pub fn get_mut(&mut self, msgctxt: Option<&str>, msgid: &str) -> Option<&mut Entry> {
        let i = *self
            .index
            .get(&(msgctxt.map(str::to_owned), msgid.to_owned()))?;
        Some(&mut self.entries[i])
    }

    /// The translation of `msgid`, if there is a usable one.
    pub fn lookup(&self, msgctxt: Option<&str>, msgid: &str) -> Lookup<'_> {
        match self.get(msgctxt, msgid) {
            Some(e) if e.is_usable() => Lookup::Translated(&e.msgstr),
            Some(e) if e.is_fuzzy() && !e.msgstr.is_empty() => Lookup::Fuzzy,
            _ => Lookup::Missing,
        }
    }

    /// Reads PO text. Entries that cannot be read are skipped, each with a sentence in the
    /// second value (with its line number).
    pub fn parse(text: &str) -> (Catalog, Vec<String>) {
        let mut catalog = Catalog::default();
        let mut problems = Vec::new();
        if text.len() > MAX_PO_BYTES {
            problems.push(format!(
                "the PO file is {} bytes, more than the {MAX_PO_BYTES} read",
                text.len()
            ));
            return (catalog, problems);
        }
        let mut entry = Entry::default();
        // Which string the continuation lines ("…") belong to.
        #[derive(PartialEq)]
        enum Field {
            None,
            Ctxt,
            Id,
            Str,
            Previous,
            Plural,
            /// `msgstr[1]` and further: read past.
            OtherForm,
        }
        let mut field = Field::None;
        let mut seen_id = false;
        // An entry with a string that could not be read is dropped whole.
        let mut bad = false;
        let mut flush = |entry: &mut Entry, seen_id: &mut bool, bad: &mut bool| {
            let done = std::mem::take(entry);
            if *seen_id && !*bad {
                if done.msgid.is_empty() && done.msgctxt.is_none() {
                    catalog.header = done.msgstr;
                } else {
                    catalog.add(done);
                }
            }
            *seen_id = false;
            *bad = false;
        };
        for (n, raw) in text.lines().enumerate() {
            let line = raw.trim();
            let lineno = n + 1;
            if line.is_empty() {
                continue;
            }
            // A new entry begins with its comments or its msgctxt/msgid after a msgstr.
            let starts_entry = line.starts_with('#') || line.starts_with("msgctxt");
            if starts_entry && matches!(field, Field::Str | Field::OtherForm) {
                flush(&mut entry, &mut seen_id, &mut bad);
                field = Field::None;
            }
            // Obsolete entries (`#~`) are what msgmerge keeps of messages gone from the
            // template: not part of the catalog.
            if line.starts_with("#~") {
                continue;
            }
            if let Some(rest) = line.strip_prefix("#.") {
                entry.comments.push(rest.trim().to_owned());
            } else if let Some(rest) = line.strip_prefix("#:") {
                entry
                    .sources
                    .extend(rest.split_whitespace().map(str::to_owned));
            } else if let Some(rest) = line.strip_prefix("#,") {
                entry.flags.extend(
                    rest.split(',')
                        .map(|f| f.trim().to_owned())
                        .filter(|f| !f.is_empty()),
                );
            } else if let Some(rest) = line.strip_prefix("#| msgid ") {
                match unquote(rest) {
                    Some(s) => {
                        entry.previous = Some(s);
                        field = Field::Previous;
                    }
                    None => {
                        bad = true;
                        problems.push(format!("line {lineno}: a bad string"));
                    }
                }
            } else if let Some(rest) = line.strip_prefix("#| \"") {
                if field == Field::Previous
                    && let (Some(p), Some(s)) = (&mut entry.previous, unquote(&format!("\"{rest}")))
                {
                    p.push_str(&s);
                }
            } else if line.starts_with('#') {
                // A translator's comment or another kind: not kept.
            } else if let Some(rest) = line.strip_prefix("msgctxt ") {
                field = Field::Ctxt;
                entry.msgctxt = unquote(rest);
                if entry.msgctxt.is_none() {
                    bad = true;
                    problems.push(format!("line {lineno}: a bad msgctxt string"));
                }
            } else if let Some(rest) = line.strip_prefix("msgid_plural ") {
                field = Field::Plural;
                entry.msgid_plural = unquote(rest);
                if entry.msgid_plural.is_none() {
                    bad = true;
                    problems.push(format!("line {lineno}: a bad msgid_plural string"));
                }
            } else if line.starts_with("msgstr[") && !line.starts_with("msgstr[0] ") {
                // Further plural forms (a template's `msgstr[1]`): a language with one form
                // (Korean) has only `msgstr[0]`.
                field = Field::OtherForm;
            } else if let Some(rest) = line.strip_prefix("msgid ") {
                if matches!(field, Field::Str | Field::OtherForm) {
                    flush(&mut entry, &mut seen_id, &mut bad);
                }
                field = Field::Id;
                seen_id = true;
                match unquote(rest) {
                    Some(s) => entry.msgid = s,
                    None => {
                        bad = true;
                        problems.push(format!("line {lineno}: a bad msgid string"));
                    }
                }
            } else if let Some(rest) = line
                .strip_prefix("msgstr[0] ")
                .or_else(|| line.strip_prefix("msgstr "))
            {
                field = Field::Str;
                match unquote(rest) {
                    Some(s) => entry.msgstr = s,
                    None => {
                        bad = true;
                        problems.push(format!("line {lineno}: a bad msgstr string"));
                    }
                }
            } else if line.starts_with('"') {
                let Some(s) = unquote(line) else {
                    bad = true;
                    problems.push(format!("line {lineno}: a bad string"));
                    continue;
                };
                match field {
                    Field::Ctxt => {
                        if let Some(c) = &mut entry.msgctxt {
                            c.push_str(&s);
                        }
                    }
                    Field::Id => entry.msgid.push_str(&s),
                    Field::Plural => {
                        if let Some(p) = &mut entry.msgid_plural {
                            p.push_str(&s);
                        }
                    }
                    Field::Str => entry.msgstr.push_str(&s),
                    Field::OtherForm => {}
                    Field::Previous | Field::None => {
                        problems.push(format!("line {lineno}: a string that belongs to nothing"));
                    }
                }
            } else {
                problems.push(format!("line {lineno}: not PO syntax: {line:.60}"));
            }
        }
        flush(&mut entry, &mut seen_id, &mut bad);
        (catalog, problems)
    }

    /// The catalog as PO text.
    pub fn write(&self) -> String {
        let mut out = String::new();
        out.push_str("msgid \"\"\n");
        write_string(&mut out, "msgstr", &self.header);
        for e in &self.entries {
            out.push('\n');
            for c in &e.comments {
                let _ = writeln!(out, "#. {c}");
            }
            if !e.sources.is_empty() {
                for line in mdbook_i18n_helpers::wrap_sources(&e.sources.join(" ")).lines() {
                    let _ = writeln!(out, "#: {line}");
                }
            }
            if !e.flags.is_empty() {
                let _ = writeln!(out, "#, {}", e.flags.join(", "));
            }
            if let Some(p) = &e.previous {
                let mut s = String::new();
                write_string(&mut s, "msgid", p);
                for line in s.lines() {
                    let _ = writeln!(out, "#| {line}");
                }
            }
            if let Some(c) = &e.msgctxt {
                write_string(&mut out, "msgctxt", c);
            }
            write_string(&mut out, "msgid", &e.msgid);
            match &e.msgid_plural {
                Some(plural) => {
                    write_string(&mut out, "msgid_plural", plural);
                    write_string(&mut out, "msgstr[0]", &e.msgstr);
                }
                None => write_string(&mut out, "msgstr", &e.msgstr),
            }
        }
        out
    }
}

/// `keyword "…"`, split after each `\n` into continuation lines when there are several.
fn write_string(out: &mut String, keyword: &str, s: &str) {
    let pieces: Vec<&str> = s.split_inclusive('\n').collect();
    if pieces.len() <= 1 {
        let _ = writeln!(out, "{keyword} \"{}\"", escape(s));
        return;
    }
    let _ = writeln!(out, "{keyword} \"\"");
    for p in pieces {
        let _ = writeln!(out, "\"{}\"", escape(p));
    }
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out
}

/// The value of a C-style string literal `"…"`, or `None` if it is not one.
fn unquote(s: &str) -> Option<String> {
    let inner = s.trim().strip_prefix('"')?.strip_suffix('"')?;
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            if c == '"' {
                return None;
            }
            out.push(c);
            continue;
        }
        match chars.next()? {
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            '\\' => out.push('\\'),
            '"' => out.push('"'),
            'a' => out.push('\u{7}'),
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            'v' => out.push('\u{b}'),
            _ => return None,
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let mut catalog = Catalog::new(&Catalog::standard_header(Some("ko")));
        catalog.add(Entry {
            comments: vec!["question 1, prompt".into()],
            sources: vec!["chapters/a.md:3".into()],
            flags: vec!["fuzzy".into()],
            previous: Some("Old \"text\"".into()),
            msgctxt: Some("quiz".into()),
            msgid: "Two\nlines \\ and a tab\t".into(),
            msgid_plural: None,
            msgstr: "두\n줄".into(),
        });
        catalog.add(Entry {
            sources: vec!["chapters/b.md:1".into()],
            ..Entry::new(None, "Plain")
        });
        catalog.add(Entry {
            sources: vec!["chapters/c.md:9".into()],
            ..Entry::new(None, "Plain")
        });
        let text = catalog.write();
        assert!(
            text.contains("#: chapters/b.md:1 chapters/c.md:9\n"),
            "{text}"
        );
        assert!(text.contains("msgid \"\"\n\"Two\\n\"\n\"lines \\\\ and a tab\\t\"\n"));
        let (again, problems) = Catalog::parse(&text);
        assert_eq!(problems, Vec::<String>::new());
        assert_eq!(again.header, catalog.header);
        assert_eq!(again.entries, catalog.entries);
        assert_eq!(again.write(), text);
        assert_eq!(
            again.lookup(Some("quiz"), "Two\nlines \\ and a tab\t"),
            Lookup::Fuzzy
        );
        assert_eq!(again.lookup(None, "Plain"), Lookup::Missing);
        assert_eq!(again.lookup(None, "Absent"), Lookup::Missing);
    }

    #[test]
    fn plural_messages_round_trip() {
        let text = "msgid \"\"\nmsgstr \"\"\n\nmsgid \"{n} frame\"\nmsgid_plural \"{n} frames\"\nmsgstr[0] \"프레임 {n}개\"\nmsgstr[1] \"\"\n";
        let (catalog, problems) = Catalog::parse(text);
        assert_eq!(problems, Vec::<String>::new());
        let e = catalog.get(None, "{n} frame").unwrap();
        assert_eq!(e.msgid_plural.as_deref(), Some("{n} frames"));
        assert_eq!(e.msgstr, "프레임 {n}개");
        let written = catalog.write();
        assert!(
            written.contains("msgid_plural \"{n} frames\"\nmsgstr[0] \"프레임 {n}개\"\n"),
            "{written}"
        );
        assert_eq!(Catalog::parse(&written).0.entries, catalog.entries);
    }

    #[test]
    fn bad_entries_are_reported_not_fatal() {
        let (catalog, problems) = Catalog::parse(
            "msgid \"a\"\nmsgstr \"ㄱ\"\n\nmsgid \"b\nmsgstr \"x\"\n\n#~ msgid \"old\"\n#~ msgstr \"옛\"\n\nmsgid \"c\"\nmsgstr \"ㄷ\"\n",
        );
        assert_eq!(catalog.lookup(None, "a"), Lookup::Translated("ㄱ"));
        assert_eq!(catalog.lookup(None, "c"), Lookup::Translated("ㄷ"));
        assert_eq!(catalog.lookup(None, "old"), Lookup::Missing);
        assert_eq!(problems.len(), 1, "{problems:?}");
    }
}
