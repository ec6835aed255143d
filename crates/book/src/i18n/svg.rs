//! The words of a figure: the text content of an SVG's `<text>` and `<tspan>` elements (SVG
//! 1.1 §10, "Text") and of its `<title>` and `<desc>` (§5.4, what a screen reader says and a
//! tooltip shows), found, and replaced, without touching any element or attribute — the
//! layout is fixed and only the words are translated.
//!
//! This is not an XML parser; it reads what our figures are (hand-written SVG, no CDATA in
//! text, no DTD): tags, comments, and character data between them. Each run of character
//! data whose innermost open element is `text` or `tspan` and that has a non-blank letter is
//! one message, without its surrounding whitespace and with the five predefined entities
//! and numeric character references decoded.

/// One translatable run of text: its byte range in the SVG (without the surrounding
/// whitespace) and its decoded text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextRun {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// Every translatable run of `svg`, in document order.
pub fn text_runs(svg: &str) -> Vec<TextRun> {
    let mut runs = Vec::new();
    let mut stack: Vec<String> = Vec::new();
    let bytes = svg.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'<' {
            let rest = &svg[i..];
            let skip_to = |end: &str| rest.find(end).map_or(svg.len(), |e| i + e + end.len());
            if rest.starts_with("<!--") {
                i = skip_to("-->");
            } else if rest.starts_with("<?") {
                i = skip_to("?>");
            } else if rest.starts_with("<!") {
                i = skip_to(">");
            } else {
                let close = tag_end(rest).map_or(svg.len(), |e| i + e + 1);
                let tag = &svg[i..close];
                let name: String = tag
                    .trim_start_matches(['<', '/'])
                    .chars()
                    .take_while(|c| !c.is_whitespace() && *c != '>' && *c != '/')
                    .collect();
                if tag.starts_with("</") {
                    if let Some(at) = stack.iter().rposition(|n| *n == name) {
                        stack.truncate(at);
                    }
                } else if !tag.ends_with("/>") {
                    stack.push(name);
                }
                i = close;
            }
            continue;
        }
        let end = svg[i..].find('<').map_or(svg.len(), |e| i + e);
        let in_text = stack
            .last()
            .is_some_and(|n| matches!(n.as_str(), "text" | "tspan" | "title" | "desc"));
        let chunk = &svg[i..end];
        if in_text && chunk.chars().any(char::is_alphanumeric) {
            let lead = chunk.len() - chunk.trim_start().len();
            let trail = chunk.len() - chunk.trim_end().len();
            let (start, stop) = (i + lead, end - trail);
            runs.push(TextRun {
                start,
                end: stop,
                text: decode(&svg[start..stop]),
            });
        }
        i = end;
    }
    runs
}

/// The `>` that ends the tag `rest` begins with, outside quoted attribute values.
fn tag_end(rest: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in rest.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return Some(i),
            _ => {}
        }
    }
    None
}

/// `svg` with each run's text replaced by `replace(run)` (escaped), or kept when it gives
/// `None`.
pub fn replace_runs(svg: &str, mut replace: impl FnMut(&TextRun) -> Option<String>) -> String {
    let mut out = String::with_capacity(svg.len());
    let mut at = 0;
    for run in text_runs(svg) {
        if let Some(text) = replace(&run) {
            out.push_str(&svg[at..run.start]);
            out.push_str(&encode(&text));
            at = run.end;
        }
    }
    out.push_str(&svg[at..]);
    out
}

/// The SVG with every run's text taken out: two files with the same skeleton have the same
/// elements and attributes in the same order.
pub fn skeleton(svg: &str) -> String {
    replace_runs(svg, |_| Some(String::new()))
}

fn decode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp..];
        let Some(semi) = after.find(';').filter(|&e| e <= 10) else {
            out.push('&');
            rest = &after[1..];
            continue;
        };
        let name = &after[1..semi];
        let decoded = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => name
                .strip_prefix("#x")
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &after[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn encode(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    const SVG: &str = r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">
<!-- <text>not this</text> -->
<title>The figure's title</title>
<g><rect/>not in a text element</g>
<text x="1" y="2" class="a>b"> FIN &amp; RSV1 </text>
<text x="1" y="4"><tspan>first</tspan> <tspan font-weight="bold">second</tspan></text>
<rect width="2" height="2"/>
<text x="3">&#x2192; 3</text>
</svg>"#;

    #[test]
    fn finds_the_words_only() {
        let texts: Vec<_> = text_runs(SVG).into_iter().map(|r| r.text).collect();
        assert_eq!(
            texts,
            ["The figure's title", "FIN & RSV1", "first", "second", "→ 3"]
        );
    }

    #[test]
    fn replaces_the_words_only() {
        let out = replace_runs(SVG, |r| (r.text == "first").then(|| "첫 <번째>".to_owned()));
        assert!(out.contains("<tspan>첫 &lt;번째&gt;</tspan>"), "{out}");
        assert_eq!(skeleton(&out), skeleton(SVG));
        assert!(out.contains("> FIN &amp; RSV1 </text>"));
    }
}
