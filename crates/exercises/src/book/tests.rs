use std::collections::BTreeSet;

use super::*;

#[test]
fn every_exercise_is_complete() {
    let book = Workbook::embedded();
    assert!(book.exercises().len() >= 13, "13 or more");
    let mut numbers = BTreeSet::new();
    for e in book.exercises() {
        assert!(numbers.insert(e.number), "{}: numbers are unique", e.id);
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
            e.page.starts_with(&format!("{}/", e.chapter)) && e.page.ends_with(".html"),
            "{}: metadata.wiretrail.page is a page of its chapter: {:?}",
            e.id,
            e.page
        );
        assert!(
            (5..=90).contains(&e.minutes),
            "{}: metadata.wiretrail.minutes",
            e.id
        );
        let manifest = e.file("Cargo.toml").unwrap();
        assert!(manifest.contains("difficulty = \""), "{}: difficulty", e.id);
        assert!(
            manifest.contains("build = false"),
            "{}: no build script",
            e.id
        );
        assert!(
            manifest.contains("insta = \"1.49\""),
            "{}: insta 1.49",
            e.id
        );
        assert!(
            manifest.contains("path = \"../grading\""),
            "{}: the helpers",
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
        assert!(
            e.wrong_solutions().count() >= 1,
            "{}: a wrong solution beside the reference",
            e.id
        );
        for w in e.wrong_solutions() {
            assert!(w.path.ends_with(".rs"), "{}: {}", e.id, w.path);
            assert!(
                w.contents.starts_with("//! Wrong on purpose"),
                "{}: {} says what it gets wrong",
                e.id,
                w.path
            );
        }
        assert!(
            e.task().contains("RFC") || e.task().contains("WHATWG"),
            "{}: the task names its source",
            e.id
        );
        assert!(e.hints().len() >= 3, "{}: three or more hints", e.id);
        // One test a snapshot, named after it: the grader maps each test to its dump.
        let tests = e.tests();
        assert!(tests.len() >= 2, "{}: tests", e.id);
        let snaps: BTreeSet<&str> = e
            .files
            .iter()
            .filter_map(|f| f.path.strip_prefix("tests/snapshots/check__"))
            .filter_map(|p| p.strip_suffix(".snap"))
            .collect();
        let named: BTreeSet<&str> = tests.iter().copied().collect();
        assert_eq!(snaps, named, "{}: one check__TEST.snap per test", e.id);
        let check = e.file("tests/check.rs").unwrap();
        assert!(
            !check.contains("insta::assert_snapshot!"),
            "{}: grading::snapshot! only",
            e.id
        );
        let compact: String = check.split_whitespace().collect();
        for t in &tests {
            assert!(
                compact.contains(&format!("grading::snapshot!(\"{t}\"")),
                "{}: test {t} pins check__{t}.snap",
                e.id
            );
            assert!(
                e.expected(t).is_some_and(|s| !s.is_empty()),
                "{}: {t}",
                e.id
            );
        }
    }
    assert!(book.workspace_file("Cargo.lock").is_some());
    assert!(book.workspace_file("README.md").is_some());
    assert!(book.workspace_file("grading/src/lib.rs").is_some());
    assert!(book.workspace_file("grading/Cargo.toml").is_some());
}

#[test]
fn book_order_is_chapter_order() {
    let book = Workbook::embedded();
    let chapters: Vec<&str> = book
        .exercises()
        .iter()
        .map(|e| e.chapter.as_str())
        .collect();
    let mut sorted = chapters.clone();
    sorted.sort_unstable();
    assert_eq!(chapters, sorted);
    assert_eq!(
        book.exercises().first().map(|e| e.id),
        Some("13-ncp-sockets")
    );
    // Every chapter from NCP on has exercises.
    for chapter in [
        "03-ncp",
        "05-tcp-ip",
        "06-web",
        "07-web2-push",
        "08-websocket",
        "09-http2",
    ] {
        assert!(book.chapter(chapter).count() >= 1, "{chapter}");
    }
}

#[test]
fn ids_accept_short_forms() {
    let book = Workbook::embedded();
    for id in ["01-accept-key", "01", "1", "accept-key", "ex01-accept-key"] {
        assert_eq!(book.get(id).map(|e| e.id), Some("01-accept-key"), "{id}");
    }
    assert!(book.get("99").is_none());
    assert_eq!(book.get("13").map(|e| e.id), Some("13-ncp-sockets"));
}

#[test]
fn test_names_in_source_order() {
    let src = "#[test]\nfn b() {}\n\n/// doc\n#[test]\nfn a() {\n}\nfn helper() {}\n";
    assert_eq!(test_names(src), ["b", "a"]);
}

#[test]
fn snapshots_are_read_as_insta_reads_them() {
    let snap = "---\nsource: x\nexpression: out\n---\n\nline 1\nline 2  \n\n";
    assert_eq!(normalise(snapshot_body(snap)), "line 1\nline 2");
    assert_eq!(normalise("a\r\nb\r\n"), "a\nb");
}

#[test]
fn hints_are_toml_literal_strings() {
    let text = "[[hint]]\ntext = '''\nfirst\nline two\n'''\n\n[[hint]]\ntext = '''second'''\n";
    assert_eq!(parse_hints(text), ["first\nline two", "second"]);
    assert!(parse_hints("").is_empty());
    assert!(parse_hints("text = '''unterminated").is_empty());
}
