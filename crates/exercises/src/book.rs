//! The embedded book of exercises: which exercises exist, in which order, and their files.
//!
//! `build.rs` turns every file under `book/` into an entry of [`FILES`] (path relative to
//! `book/`, contents). An exercise is a top-level folder whose name starts with its number
//! (`01-accept-key/`); the files at the top (`Cargo.lock`, `README.md`) belong to the
//! learner's workspace as a whole. Inside an exercise folder:
//!
//! ```text
//! Cargo.toml            package `exNN-name`; [package.metadata.wiretrail] chapter = "..."
//! TASK.md               "# NN — Title", the RFC section, an example
//! src/lib.rs            the stub the learner starts from
//! tests/check.rs        the grading tests (answer key)
//! tests/snapshots/      the expected dumps (answer key)
//! hints.toml            [[hint]] text = '''...''' (never written to the learner's tree)
//! solution/lib.rs       the reference solution (never written to the learner's tree)
//! ```

use std::sync::OnceLock;

include!(concat!(env!("OUT_DIR"), "/book_files.rs"));

/// One file of an exercise, by path relative to the exercise's folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BookFile {
    /// E.g. `tests/snapshots/check__rfc6455_example.snap`.
    pub path: &'static str,
    /// The file's text.
    pub contents: &'static str,
}

/// One exercise of the workbook.
#[derive(Debug, Clone)]
pub struct Exercise {
    /// The folder name, e.g. `01-accept-key`: the id the CLI takes.
    pub id: &'static str,
    /// Its number in book order, e.g. 1.
    pub number: u32,
    /// From TASK.md's first heading, e.g. `Compute Sec-WebSocket-Accept`.
    pub title: String,
    /// The chapter it belongs to, e.g. `08-websocket`.
    pub chapter: String,
    /// The Cargo package, e.g. `ex01-accept-key`.
    pub package: String,
    /// Every file of the folder, sorted by path.
    pub files: Vec<BookFile>,
}

impl Exercise {
    /// The file at `path` (relative to the exercise's folder).
    pub fn file(&self, path: &str) -> Option<&'static str> {
        self.files
            .iter()
            .find(|f| f.path == path)
            .map(|f| f.contents)
    }

    /// The stub the learner starts from.
    pub fn stub(&self) -> &'static str {
        self.file("src/lib.rs").unwrap_or_default()
    }

    /// The reference solution.
    pub fn solution(&self) -> &'static str {
        self.file("solution/lib.rs").unwrap_or_default()
    }

    /// The task description.
    pub fn task(&self) -> &'static str {
        self.file("TASK.md").unwrap_or_default()
    }

    /// The progressive hints, first to last.
    pub fn hints(&self) -> Vec<String> {
        parse_hints(self.file("hints.toml").unwrap_or_default())
    }

    /// The files `init` writes: everything but the hints and the solution.
    pub fn learner_files(&self) -> impl Iterator<Item = &BookFile> {
        self.files
            .iter()
            .filter(|f| f.path != "hints.toml" && !f.path.starts_with("solution/"))
    }

    /// The files the grader owns and restores before each run: the tests, the snapshots and
    /// the exercise's `Cargo.toml` (which decides what the tests are).
    pub fn answer_key(&self) -> impl Iterator<Item = &BookFile> {
        self.files
            .iter()
            .filter(|f| f.path == "Cargo.toml" || f.path.starts_with("tests/"))
    }

    /// Whether `id` names this exercise: `01-accept-key`, `01`, `1` or `accept-key`.
    pub fn matches(&self, id: &str) -> bool {
        let id = id.trim().trim_end_matches('/');
        id == self.id
            || id.parse::<u32>().ok() == Some(self.number)
            || self.id.split_once('-').is_some_and(|(_, name)| name == id)
            || id == self.package
    }
}

/// The whole workbook, in book order.
#[derive(Debug)]
pub struct Workbook {
    exercises: Vec<Exercise>,
    workspace_files: Vec<BookFile>,
}

impl Workbook {
    /// The workbook embedded in this binary.
    pub fn embedded() -> &'static Workbook {
        static BOOK: OnceLock<Workbook> = OnceLock::new();
        BOOK.get_or_init(|| Workbook::from_files(FILES))
    }

    /// Builds the workbook from `(path, contents)` pairs as `build.rs` lists them.
    fn from_files(files: &'static [(&'static str, &'static str)]) -> Workbook {
        let mut exercises: Vec<Exercise> = Vec::new();
        let mut workspace_files = Vec::new();
        for &(path, contents) in files {
            let Some((folder, rest)) = path.split_once('/') else {
                workspace_files.push(BookFile { path, contents });
                continue;
            };
            let Some(number) = folder
                .split_once('-')
                .and_then(|(n, _)| n.parse::<u32>().ok())
            else {
                continue;
            };
            let file = BookFile {
                path: rest,
                contents,
            };
            match exercises.iter_mut().find(|e| e.id == folder) {
                Some(e) => e.files.push(file),
                None => exercises.push(Exercise {
                    id: folder,
                    number,
                    title: String::new(),
                    chapter: String::new(),
                    package: String::new(),
                    files: vec![file],
                }),
            }
        }
        for e in &mut exercises {
            let manifest = e.file("Cargo.toml").unwrap_or_default();
            e.package = toml_string(manifest, "name").unwrap_or_default();
            e.chapter = toml_string(manifest, "chapter").unwrap_or_default();
            e.title = title(e.task());
        }
        exercises.sort_by_key(|e| e.number);
        Workbook {
            exercises,
            workspace_files,
        }
    }

    /// The exercises, in book order.
    pub fn exercises(&self) -> &[Exercise] {
        &self.exercises
    }

    /// The exercise `id` names (see [`Exercise::matches`]).
    pub fn get(&self, id: &str) -> Option<&Exercise> {
        self.exercises.iter().find(|e| e.matches(id))
    }

    /// The exercises of one chapter (e.g. `08-websocket`), for the chapter pages.
    pub fn chapter<'a>(&'a self, chapter: &'a str) -> impl Iterator<Item = &'a Exercise> {
        self.exercises.iter().filter(move |e| e.chapter == chapter)
    }

    /// A file of the learner's workspace as a whole (`Cargo.lock`, `README.md`).
    pub fn workspace_file(&self, name: &str) -> Option<&'static str> {
        self.workspace_files
            .iter()
            .find(|f| f.path == name)
            .map(|f| f.contents)
    }
}

/// The value of the first `key = "value"` line of a small TOML file.
fn toml_string(text: &str, key: &str) -> Option<String> {
    text.lines().find_map(|line| {
        let (k, v) = line.split_once('=')?;
        (k.trim() == key).then(|| v.trim().trim_matches('"').to_owned())
    })
}

/// `# 01 — Compute Sec-WebSocket-Accept` → `Compute Sec-WebSocket-Accept`.
fn title(task: &str) -> String {
    let heading = task
        .lines()
        .next()
        .unwrap_or_default()
        .trim_start_matches('#');
    heading
        .split_once('—')
        .map_or(heading, |(_, t)| t)
        .trim()
        .to_owned()
}

/// Reads `hints.toml`: each `[[hint]]` has `text = '''...'''`, a TOML multi-line literal
/// string (no escapes; a newline right after the opening quotes is dropped, as TOML says).
pub fn parse_hints(text: &str) -> Vec<String> {
    const QUOTES: &str = "'''";
    let mut hints = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("text = '''") {
        let body = &rest[start + "text = ".len() + QUOTES.len()..];
        let body = body.strip_prefix('\n').unwrap_or(body);
        let Some(end) = body.find(QUOTES) else { break };
        hints.push(body[..end].trim_end().to_owned());
        rest = &body[end + QUOTES.len()..];
    }
    hints
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_exercise_is_complete() {
        let book = Workbook::embedded();
        assert!(
            book.exercises().len() >= 12,
            "the issue asks for 12 or more"
        );
        for (i, e) in book.exercises().iter().enumerate() {
            assert_eq!(e.number as usize, i + 1, "{}: numbered in book order", e.id);
            assert!(
                e.package.starts_with(&format!("ex{:02}-", e.number)),
                "{}",
                e.id
            );
            assert!(
                !e.title.is_empty(),
                "{}: TASK.md starts with '# NN — Title'",
                e.id
            );
            assert!(
                !e.chapter.is_empty(),
                "{}: metadata.wiretrail.chapter",
                e.id
            );
            assert!(
                e.stub().contains("todo!("),
                "{}: the stub has todo!()",
                e.id
            );
            assert!(
                e.stub().contains("// TODO"),
                "{}: the stub has // TODO",
                e.id
            );
            assert!(
                !e.solution().contains("todo!("),
                "{}: the solution is whole",
                e.id
            );
            assert!(e.file("tests/check.rs").is_some(), "{}", e.id);
            assert!(
                e.files.iter().any(|f| f.path.ends_with(".snap")),
                "{}: snapshots",
                e.id
            );
            assert!(e.task().contains("RFC"), "{}: the task names its RFC", e.id);
            assert!(e.hints().len() >= 3, "{}: three or more hints", e.id);
            let manifest = e.file("Cargo.toml").unwrap();
            assert!(
                manifest.contains("insta = \"1.49\""),
                "{}: insta 1.49",
                e.id
            );
        }
        assert!(book.workspace_file("Cargo.lock").is_some());
        assert!(book.workspace_file("README.md").is_some());
    }

    #[test]
    fn ids_accept_short_forms() {
        let book = Workbook::embedded();
        for id in ["01-accept-key", "01", "1", "accept-key", "ex01-accept-key"] {
            assert_eq!(book.get(id).map(|e| e.id), Some("01-accept-key"), "{id}");
        }
        assert!(book.get("99").is_none());
        assert_eq!(book.chapter("09-http2").count(), 4);
    }

    #[test]
    fn hints_are_toml_literal_strings() {
        let text = "[[hint]]\ntext = '''\nfirst\nline two\n'''\n\n[[hint]]\ntext = '''second'''\n";
        assert_eq!(parse_hints(text), ["first\nline two", "second"]);
        assert!(parse_hints("").is_empty());
        assert!(parse_hints("text = '''unterminated").is_empty());
    }
}
