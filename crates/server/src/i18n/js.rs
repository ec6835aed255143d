//! The strings of the pages' scripts: every `t("…")` and `tn(n, "…", "…")` call with
//! literal strings in `static/**/*.js`, as the `scripts` domain's messages.
//!
//! The scripts translate through `static/i18n.js` (`t`, `tn`, `lang`); only a call whose
//! message is written out as a literal can be found and translated, which is the rule the
//! scripts follow (`t(a + b)` is a bug: a whole sentence is one message). Recognised:
//!
//! ```text
//! t("Send to the server")        t('…')        t(`…`)  (without `${`)
//! t("{n} frames in {ms} ms", { n, ms })
//! tn(count, "{n} frame", "{n} frames", { n })
//! ```
//!
//! `t` and `tn` must be whole names (not `.t(`, `set(`); lines that start a comment (`//`,
//! `*`) are skipped. The scan is by text, not by parsing JavaScript: enough for our own
//! scripts, and the domain test checks that every message it finds is in `po/scripts/ko.po`.

use super::Message;

/// The messages of every embedded script, each with its `static/PATH:LINE` references.
pub fn messages() -> Vec<Message> {
    let mut out = Vec::new();
    for (path, bytes) in crate::assets::STATIC_FILES {
        if path.ends_with(".js") || path.ends_with(".mjs") {
            out.extend(scan(
                &format!("static/{path}"),
                &String::from_utf8_lossy(bytes),
            ));
        }
    }
    out
}

/// The messages of one script.
pub fn scan(file: &str, source: &str) -> Vec<Message> {
    let mut out = Vec::new();
    for (n, line) in source.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("//") || trimmed.starts_with('*') || trimmed.starts_with("/*") {
            continue;
        }
        let reference = format!("{file}:{}", n + 1);
        let b = line.as_bytes();
        let mut i = 0;
        while i < b.len() {
            let plural = b[i..].starts_with(b"tn(");
            let single = b[i..].starts_with(b"t(");
            let boundary = i == 0
                || !matches!(b[i - 1], b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'_' | b'$' | b'.');
            if !(plural || single) || !boundary {
                i += 1;
                continue;
            }
            let after = i + if plural { 3 } else { 2 };
            let found = if plural {
                plural_call(line, after).map(|(one, many)| (one, Some(many)))
            } else {
                literal(line, skip_space(line, after)).map(|(s, _)| (s, None))
            };
            if let Some((msgid, msgid_plural)) = found {
                out.push(Message {
                    msgid,
                    msgid_plural,
                    references: vec![reference.clone()],
                    comment: None,
                });
            }
            i = after;
        }
    }
    out
}

fn skip_space(line: &str, mut i: usize) -> usize {
    let b = line.as_bytes();
    while i < b.len() && b[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

/// `n, "one", "many"` from `at`: the count is skipped up to its comma (outside brackets).
fn plural_call(line: &str, at: usize) -> Option<(String, String)> {
    let b = line.as_bytes();
    let mut depth = 0usize;
    let mut i = at;
    loop {
        match b.get(i)? {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' if depth == 0 => return None,
            b')' | b']' | b'}' => depth -= 1,
            b',' if depth == 0 => break,
            b'"' | b'\'' | b'`' => return None,
            _ => {}
        }
        i += 1;
    }
    let (one, end) = literal(line, skip_space(line, i + 1))?;
    let comma = skip_space(line, end);
    if b.get(comma) != Some(&b',') {
        return None;
    }
    let (many, _) = literal(line, skip_space(line, comma + 1))?;
    Some((one, many))
}

/// The JavaScript string literal at `at` and the index past it; `None` if there is none
/// there, or if it is a template literal with a substitution.
fn literal(line: &str, at: usize) -> Option<(String, usize)> {
    let quote = *line.as_bytes().get(at)?;
    if !matches!(quote, b'"' | b'\'' | b'`') {
        return None;
    }
    let mut out = String::new();
    let mut chars = line[at + 1..].char_indices();
    while let Some((k, c)) = chars.next() {
        match c {
            '\\' => match chars.next()?.1 {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'u' => {
                    let hex: String = (0..4)
                        .filter_map(|_| chars.next().map(|(_, c)| c))
                        .collect();
                    out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
                }
                other => out.push(other),
            },
            '$' if quote == b'`' && line[at + 1 + k..].starts_with("${") => return None,
            c if c == char::from(quote) => return Some((out, at + 1 + k + 1)),
            c => out.push(c),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(source: &str) -> Vec<(String, Option<String>, String)> {
        scan("static/x.js", source)
            .into_iter()
            .map(|m| (m.msgid, m.msgid_plural, m.references.join(" ")))
            .collect()
    }

    #[test]
    fn literal_calls_and_nothing_else() {
        let source = r#"import { t, tn } from "./i18n.js";
status.textContent = t("Not connected.");
const a = t('It\'s "here"'), b = t(`Back tick`);
// t("in a comment")
el.title = t("{n} frames in {ms} ms", { n, ms }) + set("no") + x.t("no");
row.append(tn(frames.length, "{n} frame", "{n} frames", { n: frames.length }));
t(`with ${x}`); t(name); tn(f(a, b), 'one', 'many');
"#;
        assert_eq!(
            found(source),
            [
                ("Not connected.".into(), None, "static/x.js:2".into()),
                ("It's \"here\"".into(), None, "static/x.js:3".into()),
                ("Back tick".into(), None, "static/x.js:3".into()),
                ("{n} frames in {ms} ms".into(), None, "static/x.js:5".into()),
                (
                    "{n} frame".into(),
                    Some("{n} frames".into()),
                    "static/x.js:6".into()
                ),
                ("one".into(), Some("many".into()), "static/x.js:7".into()),
            ]
        );
    }

    #[test]
    fn broken_source_is_not_a_panic() {
        for s in [
            "t(",
            "t(\"",
            "tn(",
            "tn(1, \"a\"",
            "t(\"\\u12",
            "t(`${",
            "t(\"é\\",
            "◐ t(`◐ ${x}`) t(\"◐\")",
        ] {
            let _ = scan("static/x.js", s);
        }
    }
}
