//! Shared by the workbook's integration tests: where they build, fresh directories, and the
//! turns the tests that run cargo take.

#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use exercises::CheckOptions;

/// `$CARGO_TARGET_DIR/exercises-check` (or the repository's `target/exercises-check`): one
/// place for every workbook these tests write and build, so reruns are incremental.
pub fn check_root() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"));
    let root = std::path::absolute(target.join("exercises-check")).unwrap();
    fs::create_dir_all(&root).unwrap();
    root
}

/// An empty directory `check_root()/name`, removed first if a previous run left it.
pub fn fresh_dir(name: &str) -> PathBuf {
    let dir = check_root().join(name);
    if dir.exists() {
        fs::remove_dir_all(&dir).unwrap();
    }
    dir
}

/// A new workbook at `check_root()/name`.
pub fn workbook(name: &str) -> PathBuf {
    let dir = fresh_dir(name);
    exercises::init(&dir).unwrap();
    dir
}

/// The build directory the grader's tests share (the both-ways test builds the learners'
/// own way, with `-D warnings`, in another: a change of flags would rebuild everything).
pub fn grader_target() -> PathBuf {
    check_root().join("grader-target")
}

/// The grader's options for these tests: the shared build directory.
pub fn options(limit: Duration) -> CheckOptions {
    CheckOptions {
        time_limit: limit,
        target_dir: Some(grader_target()),
        ..CheckOptions::default()
    }
}

/// The tests that run the grader share one build directory, and cargo names an exercise's
/// artifacts by its path *relative to the workspace root*, the same in every workbook; its
/// freshness check compares file times. So these tests take turns (the grader writes the
/// graded exercise afresh, so each check is newer than the last build).
static CARGO: Mutex<()> = Mutex::new(());

pub fn take_turn() -> MutexGuard<'static, ()> {
    CARGO
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Writes `code` as exercise `id`'s `src/lib.rs`.
pub fn write_lib(dir: &Path, id: &str, code: &str) {
    fs::write(dir.join(id).join("src/lib.rs"), code).unwrap();
}

/// The cargo that runs these tests.
pub fn cargo() -> std::ffi::OsString {
    std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into())
}

/// A wrong solution made whole: the reference solution with each item of `wrong` (a `pub
/// fn`, an `impl` block, a type) put in place of the reference's item of the same name, new
/// items appended, and `wrong`'s `use` lines added. A wrong solution holds only its mistake,
/// so it says at a glance what it gets wrong.
pub fn compose(reference: &str, wrong: &str) -> String {
    let mut out = reference.to_owned();
    let mut uses = String::new();
    for (key, (start, end)) in items_with_spans(wrong) {
        let core = &wrong[start..end];
        if key.starts_with("use ") {
            uses.push_str(core);
            uses.push('\n');
            continue;
        }
        match items_with_spans(&out).into_iter().find(|(k, _)| *k == key) {
            // The reference keeps its doc comments and attributes; the item is replaced.
            Some((_, (at, to))) => out.replace_range(at..to, core),
            None => {
                out.push('\n');
                out.push_str(&wrong[item_start(wrong, start)..end]);
                out.push('\n');
            }
        }
    }
    // `use` lines go after the reference's opening `//!` comment.
    let header_end = out
        .lines()
        .take_while(|l| l.starts_with("//!"))
        .map(|l| l.len() + 1)
        .sum::<usize>();
    out.insert_str(header_end, &uses);
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
