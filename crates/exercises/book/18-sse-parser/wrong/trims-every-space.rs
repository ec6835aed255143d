//! Wrong on purpose: trims every leading space of a value. The specification removes *one*
//! ("If value starts with a U+0020 SPACE character, remove it from value"): its own example
//! `data:  third event` fires " third event", with a space.

fn field(line: &str) -> (&str, &str) {
    match line.find(':') {
        Some(colon) => (&line[..colon], line[colon + 1..].trim_start()),
        None => (line, ""),
    }
}
