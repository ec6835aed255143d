//! Translating what a dissector says: summaries, field meanings, problems and answers.
//!
//! A dissector writes English sentences with the bytes' own numbers and texts in them:
//! `"the masking key needs 4 bytes; 2 are here"`, `"a length of 5 fits in the 7-bit Payload
//! length"`. A catalog cannot list every number, so each sentence is first **normalised**:
//! every value in it becomes a numbered placeholder, and the catalog is keyed on what is
//! left (`"the masking key needs {0} bytes; {1} are here"`). To translate, normalise, look
//! the result up, and fill the Korean's `{i}` with value `i` (the Korean may put them in
//! another order). A sentence the catalog does not know stays English: the lesson is never
//! lost, only untranslated.
//!
//! What counts as a value, scanning left to right (the same rule as `static/i18n-wire.js`,
//! which the browser runs on the same dissections; a test checks the two agree):
//!
//! 1. a number: `0x` and hex digits, or a run of digits with an optional `.digits` part,
//!    starting at a digit that does not follow an ASCII letter, digit or `_`, and not
//!    followed by an ASCII letter (so `h2c` and `RSV1` keep their digits, `4xx` too, while
//!    `6455`, `5.2` and the `8` of `UTF-8` are values);
//! 2. a quoted segment, quotes included: `"…"`, `` `…` ``, `“…”`, or `'…'` whose opening `'`
//!    does not follow an ASCII letter (so `server's` is not a quote). A quote with no
//!    closing mark is plain text.
//!
//! The module is sans-IO and knows no file format: the server reads `po/wire/ko.po` and
//! hands the entries to [`Catalog::from_entries`].

use std::borrow::Cow;
use std::collections::HashMap;

use crate::{Dissection, Field, Problem};

/// The opening and closing marks of the quoted segments that count as values.
const QUOTES: [(char, char); 4] = [('"', '"'), ('`', '`'), ('“', '”'), ('\'', '\'')];

/// `text` with every value (see the module docs) replaced by `{0}`, `{1}`, … in order, and
/// the values, each a slice of `text` (quotes included).
///
/// ```
/// let (key, values) = wire::i18n::normalize("the masking key needs 4 bytes; 2 are here");
/// assert_eq!(key, "the masking key needs {0} bytes; {1} are here");
/// assert_eq!(values, ["4", "2"]);
/// ```
pub fn normalize(text: &str) -> (String, Vec<&str>) {
    let mut key = String::with_capacity(text.len());
    let mut values = Vec::new();
    // The character before the scan position, in the original text.
    let mut before: Option<char> = None;
    let mut at = 0;
    while let Some(c) = text.get(at..).and_then(|rest| rest.chars().next()) {
        if let Some(len) = value_at(text, at, before) {
            let end = at + len;
            push_placeholder(&mut key, values.len());
            values.push(text.get(at..end).unwrap_or_default());
            before = text.get(..end).and_then(|head| head.chars().next_back());
            at = end;
        } else if c.is_ascii_digit() {
            // A number that is not a value (`h2c`, `4xx`) is copied whole, so its tail
            // digits are not taken for the start of another.
            let len = number_len(text, at);
            let end = at + len.max(1);
            key.push_str(text.get(at..end).unwrap_or_default());
            before = text.get(..end).and_then(|head| head.chars().next_back());
            at = end;
        } else {
            key.push(c);
            before = Some(c);
            at += c.len_utf8();
        }
    }
    (key, values)
}

/// The length in bytes of the value starting at byte `at` of `text`, if one starts there.
fn value_at(text: &str, at: usize, before: Option<char>) -> Option<usize> {
    let rest = text.get(at..)?;
    let c = rest.chars().next()?;
    if c.is_ascii_digit() {
        if before.is_some_and(|b| b.is_ascii_alphanumeric() || b == '_') {
            return None;
        }
        let len = number_len(text, at);
        let after = rest.get(len..).and_then(|tail| tail.chars().next());
        return match after {
            Some(a) if a.is_ascii_alphabetic() => None,
            _ => Some(len),
        };
    }
    let &(_, close) = QUOTES.iter().find(|(open, _)| *open == c)?;
    if c == '\'' && before.is_some_and(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let inner = rest.get(c.len_utf8()..)?;
    let end = inner.find(close)?;
    Some(c.len_utf8() + end + close.len_utf8())
}

/// The length in bytes of the number at byte `at` (a digit): `0x` and at least one hex
/// digit, or digits with an optional `.` and at least one digit.
fn number_len(text: &str, at: usize) -> usize {
    let bytes = text.as_bytes().get(at..).unwrap_or_default();
    let hex = bytes.first() == Some(&b'0')
        && bytes.get(1) == Some(&b'x')
        && bytes.get(2).is_some_and(u8::is_ascii_hexdigit);
    if hex {
        return 2 + bytes
            .iter()
            .skip(2)
            .take_while(|b| b.is_ascii_hexdigit())
            .count();
    }
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    let fraction = match bytes.get(digits) {
        Some(b'.') => bytes
            .iter()
            .skip(digits + 1)
            .take_while(|b| b.is_ascii_digit())
            .count(),
        _ => 0,
    };
    if fraction > 0 {
        digits + 1 + fraction
    } else {
        digits
    }
}

fn push_placeholder(key: &mut String, i: usize) {
    key.push('{');
    key.push_str(&i.to_string());
    key.push('}');
}

/// `template` with each `{i}` replaced by `values[i]`; a `{i}` with no value stays as it is.
pub fn fill(template: &str, values: &[&str]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(rest.get(..open).unwrap_or_default());
        let after = rest.get(open + 1..).unwrap_or_default();
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let value = (digits > 0 && after.as_bytes().get(digits) == Some(&b'}'))
            .then(|| after.get(..digits)?.parse::<usize>().ok())
            .flatten()
            .and_then(|i| values.get(i));
        match value {
            Some(v) => {
                out.push_str(v);
                rest = after.get(digits + 1..).unwrap_or_default();
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Normalised English → its translation, e.g. `"the masking key needs {0} bytes; {1} are
/// here"` → `"마스킹 키에는 {0}바이트가 필요한데 {1}바이트만 있어요"`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Catalog {
    messages: HashMap<String, String>,
}

impl Catalog {
    /// An empty catalog: every text stays English.
    pub fn new() -> Catalog {
        Catalog::default()
    }

    /// A catalog of `(normalised msgid, msgstr)` pairs, as a PO file's translated entries
    /// give them. Empty translations are left out (gettext's "not translated yet").
    pub fn from_entries<I, K, V>(entries: I) -> Catalog
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        let mut catalog = Catalog::new();
        for (msgid, msgstr) in entries {
            catalog.insert(msgid, msgstr);
        }
        catalog
    }

    /// Adds one message (an empty translation is ignored).
    pub fn insert(&mut self, msgid: impl Into<String>, msgstr: impl Into<String>) {
        let msgstr = msgstr.into();
        if !msgstr.is_empty() {
            self.messages.insert(msgid.into(), msgstr);
        }
    }

    /// The translation of a normalised msgid.
    pub fn get(&self, msgid: &str) -> Option<&str> {
        self.messages.get(msgid).map(String::as_str)
    }

    /// How many messages it holds.
    pub fn len(&self) -> usize {
        self.messages.len()
    }

    /// True when it holds none.
    pub fn is_empty(&self) -> bool {
        self.messages.is_empty()
    }

    /// Every `(normalised msgid, translation)`, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.messages.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

/// `text` in the catalog's language: normalised, looked up, its values put back in; the
/// English unchanged when the catalog does not know it.
///
/// ```
/// use wire::i18n::{Catalog, translate};
/// let ko = Catalog::from_entries([("a length of {0} fits in {1}", "{0}은(는) {1}에 들어가요")]);
/// assert_eq!(translate(&ko, "a length of 5 fits in \"7 bits\""), "5은(는) \"7 bits\"에 들어가요");
/// assert_eq!(translate(&ko, "no such sentence 5"), "no such sentence 5");
/// ```
pub fn translate<'a>(catalog: &'a Catalog, text: &'a str) -> Cow<'a, str> {
    if catalog.is_empty() || text.is_empty() {
        return Cow::Borrowed(text);
    }
    let (key, values) = normalize(text);
    match catalog.get(&key) {
        Some(korean) if values.is_empty() => Cow::Borrowed(korean),
        Some(korean) => Cow::Owned(fill(korean, &values)),
        None => Cow::Borrowed(text),
    }
}

/// Translates, in place, what `d` says in words: its summary, every field's meaning (all
/// the way down) and every problem's message and answer. Names, values, rules (`RFC 6455
/// §5.2`) and bytes stay as they are.
pub fn translate_dissection(catalog: &Catalog, d: &mut Dissection) {
    if catalog.is_empty() {
        return;
    }
    translate_in_place(catalog, &mut d.summary);
    for field in &mut d.fields {
        translate_field(catalog, field);
    }
    for problem in &mut d.problems {
        translate_problem(catalog, problem);
    }
}

fn translate_field(catalog: &Catalog, field: &mut Field) {
    translate_in_place(catalog, &mut field.value);
    let meaning = translate(catalog, &field.meaning);
    if meaning != field.meaning {
        field.meaning = Cow::Owned(meaning.into_owned());
    }
    if let Some(problem) = &mut field.problem {
        translate_problem(catalog, problem);
    }
    for child in &mut field.children {
        translate_field(catalog, child);
    }
}

fn translate_problem(catalog: &Catalog, problem: &mut Problem) {
    translate_in_place(catalog, &mut problem.message);
    if let Some(answer) = &mut problem.answer {
        translate_in_place(catalog, answer);
    }
}

fn translate_in_place(catalog: &Catalog, text: &mut String) {
    let translated = translate(catalog, text);
    if translated == text.as_str() {
        return;
    }
    let owned = translated.into_owned();
    *text = owned;
}

/// Whether a field's value says something in words (`1 (final fragment)`, `0 (not
/// masked)`, `6 bytes`) rather than show the input (a header's value, a payload's text):
/// a value decoded from bits with a lowercase English word in it, or a count of bytes or
/// bits. Only these become msgids; any value is looked up when translated, and one that is
/// the input's own text is simply not in the catalog.
pub fn is_worded_value(field: &Field) -> bool {
    let (shape, _) = normalize(&field.value);
    if matches!(
        shape.as_str(),
        "{0} bytes" | "{0} byte" | "{0} bits" | "{0} bit"
    ) {
        return true;
    }
    let words = shape
        .split(|c: char| !c.is_ascii_alphabetic())
        .any(|w| w.len() >= 3 && w.bytes().all(|b| b.is_ascii_lowercase()));
    words && !matches!(field.raw, crate::Raw::Bytes(_))
}

/// Every text of `d` that [`translate_dissection`] would translate, in the order it meets
/// them: the summary, then each field depth first (its value when [`is_worded_value`],
/// meaning, then its problem's message and answer), then the dissection's problems. The corpus that makes the catalog walks this.
pub fn texts(d: &Dissection) -> Vec<&str> {
    let mut out = vec![d.summary.as_str()];
    for field in d.all_fields() {
        if is_worded_value(field) {
            out.push(&field.value);
        }
        out.push(&field.meaning);
        if let Some(p) = &field.problem {
            push_problem(&mut out, p);
        }
    }
    for p in &d.problems {
        push_problem(&mut out, p);
    }
    out.retain(|t| !t.is_empty());
    out
}

fn push_problem<'a>(out: &mut Vec<&'a str>, p: &'a Problem) {
    out.push(&p.message);
    if let Some(a) = &p.answer {
        out.push(a);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{BitRange, Raw};

    fn norm(text: &str) -> (String, Vec<&str>) {
        normalize(text)
    }

    #[test]
    fn numbers_become_placeholders() {
        assert_eq!(
            norm("the 16-bit extended payload length needs 2 bytes; 1 is here"),
            (
                "the {0}-bit extended payload length needs {1} bytes; {2} is here".into(),
                vec!["16", "2", "1"]
            )
        );
        assert_eq!(
            norm("opcode 0xb is reserved for further control frames"),
            (
                "opcode {0} is reserved for further control frames".into(),
                vec!["0xb"]
            )
        );
    }

    #[test]
    fn rfc_sections_are_values_too() {
        assert_eq!(
            norm("Reserved for an extension (RFC 6455 §5.2)."),
            (
                "Reserved for an extension (RFC {0} §{1}).".into(),
                vec!["6455", "5.2"]
            )
        );
        // Two dots: the second part starts a new value after the `.`.
        assert_eq!(
            norm("RFC 6455 §5.5.1"),
            ("RFC {0} §{1}.{2}".into(), vec!["6455", "5.5", "1"])
        );
    }

    #[test]
    fn digits_inside_words_stay() {
        for text in [
            "h2c upgrade",
            "RSV1 is set",
            "a 4xx answer",
            "SETTINGS_MAX_FRAME_SIZE_2",
        ] {
            assert_eq!(norm(text), (text.to_owned(), vec![]), "{text}");
        }
        // `UTF-8`: the 8 follows `-`, so it is a value (both implementations agree).
        assert_eq!(norm("invalid UTF-8"), ("invalid UTF-{0}".into(), vec!["8"]));
        // A number followed by a letter is copied whole: `12ab` is not `1` + `2ab`.
        assert_eq!(norm("12ab 3"), ("12ab {0}".into(), vec!["3"]));
        assert_eq!(norm("0x1fz"), ("0x1fz".into(), vec![]));
    }

    #[test]
    fn quotes_become_placeholders_with_their_marks() {
        assert_eq!(
            norm("Text frame: \"Hello 5\" and `x-y` and “z” and 'w'"),
            (
                "Text frame: {0} and {1} and {2} and {3}".into(),
                vec!["\"Hello 5\"", "`x-y`", "“z”", "'w'"]
            )
        );
        // An apostrophe after a letter opens no quote.
        assert_eq!(
            norm("the server's answer, 'ok'"),
            ("the server's answer, {0}".into(), vec!["'ok'"])
        );
        // A quote that never closes is text.
        assert_eq!(norm("say \"hi 2"), ("say \"hi {0}".into(), vec!["2"]));
    }

    #[test]
    fn fill_puts_values_back_in_any_order() {
        assert_eq!(fill("{1}, then {0}", &["a", "b"]), "b, then a");
        assert_eq!(fill("{2} and {x} and {", &["a"]), "{2} and {x} and {");
    }

    #[test]
    fn translate_round_trips_and_falls_back() {
        let ko = Catalog::from_entries([
            (
                "the masking key needs {0} bytes; {1} are here",
                "마스킹 키에는 {0}바이트가 필요한데 {1}바이트만 있어요",
            ),
            (
                "none yet: a receiver waits for the rest of the bytes",
                "아직 없어요",
            ),
            ("untranslated", ""),
        ]);
        assert_eq!(
            translate(&ko, "the masking key needs 4 bytes; 2 are here"),
            "마스킹 키에는 4바이트가 필요한데 2바이트만 있어요"
        );
        assert_eq!(
            translate(&ko, "none yet: a receiver waits for the rest of the bytes"),
            "아직 없어요"
        );
        assert_eq!(translate(&ko, "untranslated"), "untranslated");
        assert_eq!(ko.len(), 2);
    }

    #[test]
    fn a_dissection_is_translated_all_the_way_down() {
        let ko = Catalog::from_entries([
            ("Text frame, {0} bytes", "텍스트 프레임, {0}바이트"),
            ("child meaning {0}", "자식 {0}"),
            ("bad {0}", "나쁨 {0}"),
            ("close {0} (Protocol error)", "닫기 {0} (프로토콜 오류)"),
        ]);
        let problem = Problem {
            rule: "RFC 6455 §5.2".into(),
            message: "bad 1".into(),
            at: BitRange::bits(0, 1),
            answer: Some("close 1002 (Protocol error)".into()),
        };
        let child = Field::new(
            "C",
            BitRange::bits(0, 1),
            Raw::Uint(1),
            "1",
            "child meaning 7",
        )
        .with_problem(problem);
        let parent = Field::new("P", BitRange::bits(0, 8), Raw::Uint(1), "1", "not known")
            .with_children(vec![child]);
        let mut d = Dissection::new("WebSocket", "Text frame, 5 bytes", vec![0x81]);
        d.push(parent);
        assert_eq!(
            texts(&d),
            [
                "Text frame, 5 bytes",
                "not known",
                "child meaning 7",
                "bad 1",
                "close 1002 (Protocol error)",
                "bad 1",
                "close 1002 (Protocol error)"
            ]
        );
        translate_dissection(&ko, &mut d);
        assert_eq!(d.summary, "텍스트 프레임, 5바이트");
        assert_eq!(d.fields[0].meaning, "not known");
        let c = &d.fields[0].children[0];
        assert_eq!(c.meaning, "자식 7");
        assert_eq!(c.value, "1");
        let p = c.problem.as_ref().unwrap();
        assert_eq!(
            (p.message.as_str(), p.rule.as_str()),
            ("나쁨 1", "RFC 6455 §5.2")
        );
        assert_eq!(
            d.problems[0].answer.as_deref(),
            Some("닫기 1002 (프로토콜 오류)")
        );
    }

    #[test]
    fn values_in_words_and_values_that_are_the_input() {
        let f = |raw: Raw, value: &str| Field::new("F", BitRange::bits(0, 1), raw, value, "");
        assert!(is_worded_value(&f(Raw::Uint(1), "1 (final fragment)")));
        assert!(is_worded_value(&f(Raw::Uint(0), "0 (not masked)")));
        assert!(is_worded_value(&f(Raw::Bytes(vec![0; 6]), "6 bytes")));
        // The input's own text, a name, a bare number: not messages.
        assert!(!is_worded_value(&f(
            Raw::Bytes(b"hello there".to_vec()),
            "hello there"
        )));
        assert!(!is_worded_value(&f(Raw::Uint(1), "Text (1)")));
        assert!(!is_worded_value(&f(Raw::Uint(7), "7")));
        let mut catalog = Catalog::default();
        catalog.insert("{0} (final fragment)", "{0} (마지막 조각)");
        let mut d = Dissection {
            protocol: "WebSocket".into(),
            summary: String::new(),
            bytes: vec![0x81],
            fields: vec![f(Raw::Uint(1), "1 (final fragment)")],
            problems: Vec::new(),
            header_bits: 0,
        };
        translate_dissection(&catalog, &mut d);
        assert_eq!(d.fields[0].value, "1 (마지막 조각)");
    }
}
