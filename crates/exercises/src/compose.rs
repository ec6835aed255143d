//! Reference and wrong solutions as *patches*: a file of top-level items that replace the
//! stub's items of the same name.
//!
//! A reference solution (`solution/lib.rs`) need only hold what the learner writes — the
//! functions, the fields of a type the stub leaves open — and takes the types, constants and
//! doc comments from the stub; a wrong solution (`wrong/*.rs`) holds only its mistake, and is
//! put on top of the reference. So each says at a glance what it is, and no file repeats the
//! stub. The items are found by their first line at column 0 (`pub fn name`, `impl Name`,
//! `pub enum Name`); braces are matched with strings, characters and comments skipped. The
//! book's own files are the only input.

/// `base` with each top-level item of `patch` (a `pub fn`, an `impl` block, a type, a
/// `const`) put in place of `base`'s item of the same name, `patch`'s other items appended,
/// its `use` lines added (unless `base` has them), and its opening `//!` comment, if any, in
/// place of `base`'s. A replacing item brings its doc comments and attributes if it has any,
/// else keeps `base`'s.
pub fn compose(base: &str, patch: &str) -> String {
    let mut out = base.to_owned();
    let mut uses = String::new();
    let base_items: Vec<String> = items_with_spans(base).into_iter().map(|(k, _)| k).collect();
    for (key, (start, end)) in items_with_spans(patch) {
        let core = &patch[start..end];
        if key.starts_with("use ") {
            if !base_items.contains(&key) {
                uses.push_str(core);
                uses.push('\n');
            }
            continue;
        }
        match items_with_spans(&out).into_iter().find(|(k, _)| *k == key) {
            // With its own doc comments and attributes, the patch's item replaces the base's
            // with theirs; without, it replaces the item and leaves the base's.
            Some((_, (at, to))) => {
                let patch_from = item_start(patch, start);
                if patch_from < start {
                    out.replace_range(item_start(&out, at)..to, &patch[patch_from..end]);
                } else {
                    out.replace_range(at..to, core);
                }
            }
            None => {
                out.push('\n');
                out.push_str(&patch[item_start(patch, start)..end]);
                out.push('\n');
            }
        }
    }
    // The patch's opening `//!` comment, if it has one, says what the whole is; `use` lines
    // go right after it.
    let header_end = |text: &str| {
        text.lines()
            .take_while(|l| l.starts_with("//!"))
            .map(|l| l.len() + 1)
            .sum::<usize>()
    };
    let patch_header = &patch[..header_end(patch).min(patch.len())];
    if !patch_header.is_empty() {
        let end = header_end(&out).min(out.len());
        out.replace_range(..end, patch_header);
    }
    let at = header_end(&out).min(out.len());
    out.insert_str(at, &uses);
    out
}

/// Where an item's doc comments and attributes begin, going back from its key line.
fn item_start(source: &str, key_line: usize) -> usize {
    let mut start = key_line;
    while start > 0 {
        let prev_end = start - 1;
        let prev_start = source[..prev_end].rfind('\n').map_or(0, |i| i + 1);
        let line = &source[prev_start..prev_end];
        if line.starts_with("///") || line.starts_with("#[") {
            start = prev_start;
        } else {
            break;
        }
    }
    start
}

/// Each top-level item's name (`pub fn icp`, `impl Reassembler`, `use …`) and the byte span
/// from its key line to its end.
fn items_with_spans(source: &str) -> Vec<(String, (usize, usize))> {
    let bytes = source.as_bytes();
    let mut found = Vec::new();
    let mut at = 0;
    while at < source.len() {
        let line_end = source[at..].find('\n').map_or(source.len(), |i| at + i);
        let line = &source[at..line_end];
        let starts_item = !line.is_empty()
            && !line.starts_with(char::is_whitespace)
            && !line.starts_with("//")
            && !line.starts_with("#[")
            && !line.starts_with('}');
        if !starts_item {
            at = line_end + 1;
            continue;
        }
        let end = if line.trim_end().ends_with(';') {
            line_end
        } else {
            block_end(bytes, at).unwrap_or(source.len())
        };
        found.push((item_key(line), (at, end)));
        at = end + 1;
    }
    found
}

/// `pub fn name(…) -> …` → `pub fn name`; `impl Name {` → `impl Name`.
fn item_key(item: &str) -> String {
    let line = item
        .lines()
        .find(|l| !l.starts_with("///") && !l.starts_with("#[") && !l.trim().is_empty())
        .unwrap_or_default();
    if line.starts_with("use ") {
        return line.to_owned();
    }
    let end = line
        .find(['(', '{', '<', '=', ':', ';'])
        .unwrap_or(line.len());
    line[..end].trim().to_owned()
}

/// The index just past the `}` that closes the first `{` at or after `from`, skipping
/// strings, character literals and comments.
fn block_end(bytes: &[u8], from: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            b'r' if bytes.get(i + 1) == Some(&b'#')
                || (bytes.get(i + 1) == Some(&b'"')
                    && !bytes[i.saturating_sub(1)].is_ascii_alphanumeric()) =>
            {
                let hashes = bytes[i + 1..].iter().take_while(|b| **b == b'#').count();
                let close: Vec<u8> = std::iter::once(b'"')
                    .chain(std::iter::repeat_n(b'#', hashes))
                    .collect();
                i += 2 + hashes;
                while i < bytes.len() && !bytes[i..].starts_with(&close) {
                    i += 1;
                }
                i += close.len() - 1;
            }
            b'\'' => {
                // A character literal ('x', '\n', '\''), or a lifetime ('a), left alone.
                if bytes.get(i + 1) == Some(&b'\\') {
                    i += 2;
                    while i < bytes.len() && bytes[i] != b'\'' {
                        i += 1;
                    }
                } else if bytes.get(i + 2) == Some(&b'\'') {
                    i += 2;
                } else if let Some(len) = std::str::from_utf8(&bytes[i + 1..])
                    .ok()
                    .and_then(|rest| rest.chars().next())
                    .map(char::len_utf8)
                    .filter(|len| bytes.get(i + 1 + len) == Some(&b'\''))
                {
                    i += 1 + len;
                }
            }
            b'{' => depth += 1,
            b'}' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::compose;

    #[test]
    fn items_are_replaced_added_and_imported_once() {
        let base = "//! The reference.\n\nuse std::fmt;\n\n/// Doubles.\npub fn double(x: u32) -> u32 {\n    let s = \"}{\";\n    let _ = (s, '}', '{');\n    x * 2\n}\n\n/// A type.\n#[derive(Debug)]\npub struct T;\n\nimpl T {\n    pub fn get(&self) -> u32 {\n        1\n    }\n}\n";
        let patch = "//! Wrong on purpose: adds.\n\nuse std::fmt;\nuse std::ops::Add;\n\npub fn double(x: u32) -> u32 {\n    x.add(x) + 1\n}\n\nimpl T {\n    pub fn get(&self) -> u32 {\n        2\n    }\n}\n\n/// New.\nfn helper() {}\n";
        assert_eq!(
            compose(base, patch),
            "//! Wrong on purpose: adds.\nuse std::ops::Add;\n\nuse std::fmt;\n\n/// Doubles.\npub fn double(x: u32) -> u32 {\n    x.add(x) + 1\n}\n\n/// A type.\n#[derive(Debug)]\npub struct T;\n\nimpl T {\n    pub fn get(&self) -> u32 {\n        2\n    }\n}\n\n/// New.\nfn helper() {}\n"
        );
        // A whole file replaces every item.
        assert_eq!(compose(base, base), base);
    }
}
