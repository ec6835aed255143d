//! Just enough of Rust's lexical grammar to read the protocol crates' own sources: their
//! string literals (for the test vectors in their tests, and the meanings their dissectors
//! pass to `Field::new`) and the arguments of a call.
//!
//! The corpus is made by running the dissectors, so every sentence in the catalog is one a
//! learner can meet; reading the sources tells which sentences the runs have not reached
//! yet ([`Pattern`]: a literal, or a `format!` string whose `{…}` holes match anything).

// The call and pattern readers serve the coverage test alone.
#![cfg_attr(not(test), allow(dead_code))]

/// A string literal: its value (escapes resolved) and the byte offset of its opening quote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Literal {
    pub value: String,
    pub at: usize,
}

/// Every string literal of `src` (`"…"`, `b"…"`, `r"…"`, `r#"…"#`), outside comments.
pub fn literals(src: &str) -> Vec<Literal> {
    let mut out = Vec::new();
    let mut lexer = Lexer { src, at: 0 };
    while let Some(token) = lexer.next() {
        if let Token::Str(value, at) = token {
            out.push(Literal { value, at });
        }
    }
    out
}

/// The top-level arguments of the call whose `(` ends just before byte `open` of `src`,
/// each as the source text (trimmed).
pub fn call_args(src: &str, open: usize) -> Vec<&str> {
    let mut lexer = Lexer { src, at: open };
    let mut depth = 0usize;
    let mut args = Vec::new();
    let mut start = open;
    while let Some(token) = lexer.next() {
        match token {
            Token::Open => depth += 1,
            Token::Close(at) if depth == 0 => {
                let last = src.get(start..at).unwrap_or_default().trim();
                if !last.is_empty() {
                    args.push(last);
                }
                break;
            }
            Token::Close(_) => depth -= 1,
            Token::Comma(at) if depth == 0 => {
                args.push(src.get(start..at).unwrap_or_default().trim());
                start = at + 1;
            }
            _ => {}
        }
    }
    args
}

/// What an argument says, when its words are in the source: a literal, or a `format!`
/// string's pieces around its holes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    /// The fixed text between the holes (one more than the holes).
    pub pieces: Vec<String>,
}

impl Pattern {
    /// The pattern of an argument: `"…"`, `"…".into()`, `format!("…", …)`; `None` for a
    /// variable or a call.
    pub fn of(arg: &str) -> Option<Pattern> {
        let arg = arg.trim();
        let (format, rest) = match arg.strip_prefix("format!(") {
            Some(rest) => (true, rest),
            None => (false, arg),
        };
        if !rest.starts_with('"') && !rest.starts_with("r\"") && !rest.starts_with("r#") {
            return None;
        }
        let first = literals(rest).into_iter().next()?;
        if first.at != 0 {
            return None;
        }
        if !format {
            // `"…"` alone or with `.into()` / `.to_string()`: nothing else may follow.
            let after_quote = Lexer::skip_literal(rest)?;
            let tail = rest.get(after_quote..).unwrap_or_default().trim();
            if !(tail.is_empty() || tail.starts_with('.')) {
                return None;
            }
            return Some(Pattern {
                pieces: vec![first.value],
            });
        }
        Some(Pattern {
            pieces: format_pieces(&first.value),
        })
    }

    /// True when `text` is this pattern with something (perhaps nothing) in each hole.
    pub fn matches(&self, text: &str) -> bool {
        let Some((first, rest)) = self.pieces.split_first() else {
            return false;
        };
        let Some(mut tail) = text.strip_prefix(first.as_str()) else {
            return false;
        };
        let Some((last, middle)) = rest.split_last() else {
            return tail.is_empty();
        };
        for piece in middle {
            match tail.find(piece.as_str()) {
                Some(i) => tail = tail.get(i + piece.len()..).unwrap_or_default(),
                None => return false,
            }
        }
        tail.ends_with(last.as_str())
    }
}

/// A `format!` string's fixed pieces around its `{…}` holes (`{{` and `}}` are braces).
fn format_pieces(s: &str) -> Vec<String> {
    let mut pieces = vec![String::new()];
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                push(&mut pieces, '{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                push(&mut pieces, '}');
            }
            '{' => {
                for c in chars.by_ref() {
                    if c == '}' {
                        break;
                    }
                }
                pieces.push(String::new());
            }
            c => push(&mut pieces, c),
        }
    }
    pieces
}

fn push(pieces: &mut [String], c: char) {
    if let Some(p) = pieces.last_mut() {
        p.push(c);
    }
}

enum Token {
    Str(String, usize),
    Open,
    Close(usize),
    Comma(usize),
    Other,
}

struct Lexer<'a> {
    src: &'a str,
    at: usize,
}

impl Lexer<'_> {
    fn next(&mut self) -> Option<Token> {
        let bytes = self.src.as_bytes();
        loop {
            let b = *bytes.get(self.at)?;
            let rest = self.src.get(self.at..)?;
            if rest.starts_with("//") {
                self.at += rest.find('\n').unwrap_or(rest.len());
                continue;
            }
            if rest.starts_with("/*") {
                self.at += rest.find("*/").map_or(rest.len(), |i| i + 2);
                continue;
            }
            let start = self.at;
            // A literal's prefix: `b"`, `r"`, `r#"`, `br"`, and an identifier ending in
            // `b`/`r` is not one (`verb"` cannot occur, but `sub(` can).
            let prev_ident = start > 0
                && bytes
                    .get(start - 1)
                    .is_some_and(|p| p.is_ascii_alphanumeric() || *p == b'_');
            if !prev_ident
                && (rest.starts_with('"')
                    || rest.starts_with("b\"")
                    || rest.starts_with("r\"")
                    || rest.starts_with("r#")
                    || rest.starts_with("br"))
                && let Some(len) = Lexer::skip_literal(rest)
            {
                self.at += len;
                return Some(Token::Str(unescape_literal(rest.get(..len)?), start));
            }
            if b == b'\'' {
                self.at += char_literal_len(rest);
                return Some(Token::Other);
            }
            let c = rest.chars().next()?;
            self.at += c.len_utf8();
            return Some(match c {
                '(' | '[' | '{' => Token::Open,
                ')' | ']' | '}' => Token::Close(start),
                ',' => Token::Comma(start),
                _ => Token::Other,
            });
        }
    }

    /// The length of the string literal at the start of `s`, if one starts there.
    fn skip_literal(s: &str) -> Option<usize> {
        let body = s.strip_prefix('b').unwrap_or(s);
        let prefix = s.len() - body.len();
        if let Some(raw) = body.strip_prefix('r') {
            let hashes = raw.bytes().take_while(|&b| b == b'#').count();
            let open = raw.get(hashes..)?;
            if !open.starts_with('"') {
                return None;
            }
            let close = format!("\"{}", "#".repeat(hashes));
            let end = open.get(1..)?.find(&close)?;
            return Some(prefix + 1 + hashes + 1 + end + close.len());
        }
        let inner = body.strip_prefix('"')?;
        let mut escaped = false;
        for (i, c) in inner.char_indices() {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => return Some(prefix + 1 + i + 1),
                _ => {}
            }
        }
        None
    }
}

/// `'x'`, `'\n'`, `'\u{1F600}'` or a lifetime `'a` (its quote alone).
fn char_literal_len(s: &str) -> usize {
    let mut chars = s.char_indices().skip(1);
    match chars.next() {
        Some((_, '\\')) => s
            .get(2..)
            .and_then(|t| t.find('\''))
            .map_or(1, |i| 2 + i + 1),
        Some((i, c)) => {
            let after = i + c.len_utf8();
            if s.get(after..).is_some_and(|t| t.starts_with('\'')) {
                after + 1
            } else {
                1
            }
        }
        None => 1,
    }
}

/// The value of a whole literal (with its prefix and quotes).
fn unescape_literal(lit: &str) -> String {
    let body = lit.strip_prefix('b').unwrap_or(lit);
    if let Some(raw) = body.strip_prefix('r') {
        let hashes = raw.bytes().take_while(|&b| b == b'#').count();
        let inner = raw.get(hashes + 1..raw.len().saturating_sub(hashes + 1));
        return inner.unwrap_or_default().to_owned();
    }
    let inner = body
        .get(1..body.len().saturating_sub(1))
        .unwrap_or_default();
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some('0') => out.push('\0'),
            Some('x') => {
                let hex: String = chars.by_ref().take(2).collect();
                if let Ok(b) = u8::from_str_radix(&hex, 16) {
                    out.push(char::from(b));
                }
            }
            Some('u') => {
                let code: String = chars
                    .by_ref()
                    .skip_while(|&c| c == '{')
                    .take_while(|&c| c != '}')
                    .collect();
                if let Some(c) = u32::from_str_radix(&code, 16).ok().and_then(char::from_u32) {
                    out.push(c);
                }
            }
            Some('\n') => {
                while chars.peek().is_some_and(|c| c.is_whitespace()) {
                    chars.next();
                }
            }
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_with_escapes_and_comments() {
        let src = r##"let a = "x\"y"; // "not this"
            let b = b"\x81\x05"; let c = r#"raw "q""#; let d = 'a'; let e = '"';
            let f = "one \
                     line";"##;
        let values: Vec<String> = literals(src).into_iter().map(|l| l.value).collect();
        assert_eq!(values, ["x\"y", "\u{81}\u{5}", "raw \"q\"", "one line"]);
    }

    #[test]
    fn arguments_and_patterns() {
        let src =
            r#"Field::new("FIN", at(1, 2), Raw::Uint(1), "1", format!("a {n} of {} (x)", m, "y"))"#;
        let open = src.find('(').unwrap() + 1;
        let args = call_args(src, open);
        assert_eq!(args.len(), 5);
        assert_eq!(Pattern::of(args[0]).unwrap().pieces, ["FIN"]);
        assert_eq!(Pattern::of(args[1]), None);
        let p = Pattern::of(args[4]).unwrap();
        assert_eq!(p.pieces, ["a ", " of ", " (x)"]);
        assert!(p.matches("a 5 of 7 (x)"));
        assert!(!p.matches("a 5 of 7 (y)"));
        assert!(Pattern::of("\"x\".into()").unwrap().matches("x"));
        assert_eq!(Pattern::of("\"x\" + y"), None);
    }
}
