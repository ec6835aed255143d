//! The embedded book of exercises: which exercises exist, in which order, and their files.
//!
//! `build.rs` turns every file under `book/` into an entry of [`FILES`] (path relative to
//! `book/`, contents). An exercise is a top-level folder whose name starts with its number
//! (`01-accept-key/`); everything else belongs to the learner's workspace as a whole: the
//! files at the top (`Cargo.lock`, `README.md`) and the grading tests' helper crate
//! (`grading/`). Inside an exercise folder:
//!
//! ```text
//! Cargo.toml            package `exNN-name`; [package.metadata.wiretrail] chapter, page,
//!                       difficulty, minutes
//! TASK.md               "# NN — Title", the RFC section, an example
//! src/lib.rs            the stub the learner starts from
//! tests/check.rs        the grading tests (answer key): one `#[test]` per snapshot
//! tests/snapshots/      the expected dumps (answer key), `check__TEST.snap`
//! TASK.ko.md            the task in Korean, its first line naming the TASK.md it was
//!                       translated from (see [`crate::i18n::translation`])
//! hints.toml            [[hint]] text = '''...''', ko = '''...''' (never written to the
//!                       learner's tree)
//! solution/lib.rs       the reference solution, as the items that replace the stub's
//!                       (never written to the learner's tree)
//! wrong/*.rs            plausible wrong solutions, as the items that replace the
//!                       reference's; each must fail (never written)
//! ```
//!
//! The number is the exercise's id and never changes (a learner's workbook and `check 01`
//! keep working); the *order* is the book's: by chapter, then by number.

use std::sync::OnceLock;

use crate::compose::compose;

include!(concat!(env!("OUT_DIR"), "/book_files.rs"));

/// One file of an exercise, by path relative to the exercise's folder (or, for the
/// workspace's own files, relative to the workspace).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BookFile {
    /// E.g. `tests/snapshots/check__rfc6455_example.snap`.
    pub path: &'static str,
    /// The file's text.
    pub contents: &'static str,
}

/// How much an exercise asks of a learner who read its chapter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Difficulty {
    /// One idea, a few lines.
    Easy,
    /// Several cases or a careful bound.
    Medium,
    /// State across calls, or many rules at once.
    Hard,
}

impl Difficulty {
    /// `easy`, `medium`, `hard`.
    pub fn label(self) -> &'static str {
        match self {
            Difficulty::Easy => "easy",
            Difficulty::Medium => "medium",
            Difficulty::Hard => "hard",
        }
    }

    fn parse(text: &str) -> Option<Difficulty> {
        match text {
            "easy" => Some(Difficulty::Easy),
            "medium" => Some(Difficulty::Medium),
            "hard" => Some(Difficulty::Hard),
            _ => None,
        }
    }
}

/// One exercise of the workbook.
#[derive(Debug, Clone)]
pub struct Exercise {
    /// The folder name, e.g. `01-accept-key`: the id the CLI takes.
    pub id: &'static str,
    /// Its number, e.g. 1 (part of the id, so it never changes).
    pub number: u32,
    /// From TASK.md's first heading, e.g. `Compute Sec-WebSocket-Accept`.
    pub title: String,
    /// The chapter it belongs to, e.g. `08-websocket`.
    pub chapter: String,
    /// The page of the book that teaches it, e.g. `08-websocket/handshake.html`: its card
    /// shows there.
    pub page: String,
    /// How hard it is.
    pub difficulty: Difficulty,
    /// About how many minutes it takes.
    pub minutes: u32,
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

    /// The reference solution, whole: `solution/lib.rs` put on top of the stub (see
    /// [`crate::compose`]).
    pub fn solution(&self) -> String {
        compose(
            self.stub(),
            self.file("solution/lib.rs").unwrap_or_default(),
        )
    }

    /// The wrong solutions kept beside the reference (`wrong/*.rs`), each of which must fail.
    pub fn wrong_solutions(&self) -> impl Iterator<Item = &BookFile> {
        self.files.iter().filter(|f| f.path.starts_with("wrong/"))
    }

    /// A wrong solution, whole: its items put on top of the reference solution.
    pub fn wrong_solution(&self, wrong: &BookFile) -> String {
        compose(&self.solution(), wrong.contents)
    }

    /// The task description.
    pub fn task(&self) -> &'static str {
        self.file("TASK.md").unwrap_or_default()
    }

    /// The progressive hints, first to last, in English (see [`Exercise::hints_in`]).
    pub fn hints(&self) -> Vec<String> {
        parse_hints(self.file("hints.toml").unwrap_or_default())
    }

    /// The files `init` writes: everything but the hints, the solution and the wrong ones.
    pub fn learner_files(&self) -> impl Iterator<Item = &BookFile> {
        self.files.iter().filter(|f| {
            f.path != "hints.toml"
                && !f.path.starts_with("solution/")
                && !f.path.starts_with("wrong/")
        })
    }

    /// The files the grader owns: the exercise's `Cargo.toml` (which decides what is built),
    /// the tests and the snapshots.
    pub fn answer_key(&self) -> impl Iterator<Item = &BookFile> {
        self.files
            .iter()
            .filter(|f| f.path == "Cargo.toml" || f.path.starts_with("tests/"))
    }

    /// The grading tests, in the order `tests/check.rs` defines them.
    pub fn tests(&self) -> Vec<&'static str> {
        test_names(self.file("tests/check.rs").unwrap_or_default())
    }

    /// The dump test `name` must produce: its snapshot's contents, normalised as insta
    /// compares them.
    pub fn expected(&self, name: &str) -> Option<String> {
        self.file(&format!("tests/snapshots/check__{name}.snap"))
            .map(|snap| normalise(snapshot_body(snap)))
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
            let number = path.split_once('/').and_then(|(folder, _)| {
                folder
                    .split_once('-')
                    .and_then(|(n, _)| n.parse::<u32>().ok())
                    .map(|n| (folder, n))
            });
            let (Some((folder, number)), Some((_, rest))) = (number, path.split_once('/')) else {
                workspace_files.push(BookFile { path, contents });
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
                    page: String::new(),
                    difficulty: Difficulty::Medium,
                    minutes: 0,
                    package: String::new(),
                    files: vec![file],
                }),
            }
        }
        for e in &mut exercises {
            let manifest: toml::Table =
                toml::from_str(e.file("Cargo.toml").unwrap_or_default()).unwrap_or_default();
            let package = manifest.get("package").and_then(toml::Value::as_table);
            let text = |table: Option<&toml::Table>, key: &str| {
                table
                    .and_then(|t| t.get(key))
                    .and_then(toml::Value::as_str)
                    .unwrap_or_default()
                    .to_owned()
            };
            let meta = package
                .and_then(|p| p.get("metadata"))
                .and_then(|m| m.get("wiretrail"))
                .and_then(toml::Value::as_table);
            e.package = text(package, "name");
            e.chapter = text(meta, "chapter");
            e.page = text(meta, "page");
            e.difficulty =
                Difficulty::parse(&text(meta, "difficulty")).unwrap_or(Difficulty::Medium);
            e.minutes = meta
                .and_then(|m| m.get("minutes"))
                .and_then(toml::Value::as_integer)
                .and_then(|m| u32::try_from(m).ok())
                .unwrap_or(0);
            e.title = title(e.task());
        }
        exercises.sort_by(|a, b| (&a.chapter, a.number).cmp(&(&b.chapter, b.number)));
        Workbook {
            exercises,
            workspace_files,
        }
    }

    /// The exercises, in book order: by chapter, then by number.
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

    /// A file of the learner's workspace as a whole (`Cargo.lock`, `README.md`,
    /// `grading/src/lib.rs`).
    pub fn workspace_file(&self, name: &str) -> Option<&'static str> {
        self.workspace_files
            .iter()
            .find(|f| f.path == name)
            .map(|f| f.contents)
    }

    /// Every file of the learner's workspace as a whole.
    pub fn workspace_files(&self) -> &[BookFile] {
        &self.workspace_files
    }

    /// The files that belong to the grader at the workspace level: the lock file and the
    /// grading tests' helper crate (the root `Cargo.toml` is generated, see
    /// [`Workbook::root_manifest`]).
    pub fn grader_files(&self) -> impl Iterator<Item = &BookFile> {
        self.workspace_files
            .iter()
            .filter(|f| f.path == "Cargo.lock" || f.path.starts_with("grading/"))
    }

    /// The root `Cargo.toml` of a learner's workspace: every exercise and the helper crate,
    /// nothing else (no `[patch]`, no `[profile]`).
    pub fn root_manifest(&self) -> String {
        let mut members: Vec<&str> = self.exercises.iter().map(|e| e.id).collect();
        members.sort_unstable();
        members.push("grading");
        let lines: Vec<String> = members.iter().map(|m| format!("    \"{m}\",")).collect();
        format!(
            "# Written by wiretrail; the grader writes it again before every check.\n\
             # One crate per exercise, and the grading tests' helpers.\n\
             [workspace]\n\
             resolver = \"3\"\n\
             members = [\n{}\n]\n",
            lines.join("\n")
        )
    }

    /// A fingerprint of everything the grader owns, so a workbook written by an older
    /// wiretrail can be told from one whose answer key was edited.
    pub fn version(&self) -> u64 {
        let mut bytes = Vec::new();
        bytes.extend_from_slice(self.root_manifest().as_bytes());
        for f in self.grader_files() {
            bytes.extend_from_slice(f.path.as_bytes());
            bytes.extend_from_slice(f.contents.as_bytes());
        }
        for e in &self.exercises {
            for f in e.answer_key() {
                bytes.extend_from_slice(e.id.as_bytes());
                bytes.extend_from_slice(f.path.as_bytes());
                bytes.extend_from_slice(f.contents.as_bytes());
            }
        }
        crate::state::fingerprint(&bytes)
    }
}

/// The names of the `#[test]` functions of a test file, in order.
pub fn test_names(source: &'static str) -> Vec<&'static str> {
    let mut names = Vec::new();
    let mut armed = false;
    for line in source.lines().map(str::trim) {
        if line == "#[test]" {
            armed = true;
        } else if armed && let Some(rest) = line.strip_prefix("fn ") {
            if let Some((name, _)) = rest.split_once('(') {
                names.push(name.trim());
            }
            armed = false;
        }
    }
    names
}

/// An insta `.snap` file without its `---` header.
fn snapshot_body(snap: &str) -> &str {
    snap.strip_prefix("---\n")
        .and_then(|rest| rest.split_once("\n---\n"))
        .map_or(snap, |(_, body)| body)
}

/// insta's normalisation before it compares: line endings, leading newlines, trailing
/// whitespace.
pub fn normalise(text: &str) -> String {
    text.replace("\r\n", "\n")
        .trim_start_matches(['\r', '\n'])
        .trim_end()
        .to_owned()
}

/// `# 01 — Compute Sec-WebSocket-Accept` → `Compute Sec-WebSocket-Accept`.
pub(crate) fn title(task: &str) -> String {
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

/// The English of each `[[hint]]` of `hints.toml` (see
/// [`crate::i18n::translation::parse_hint_texts`], which reads the Korean too).
pub fn parse_hints(text: &str) -> Vec<String> {
    crate::i18n::translation::parse_hint_texts(text)
        .into_iter()
        .map(|h| h.en)
        .collect()
}

#[cfg(test)]
mod tests;
