//! The cheats a learner might try, each of which must fail to pass — the three of issue 15
//! first (a `[patch]` of insta in the root manifest, a `build.rs` that rewrites the tests
//! after the grader restored them, code that prints libtest's "ok" and exits), then the
//! others found while closing those: the same patch through a `.cargo/config.toml` (the
//! workbook's, or a parent's) or `paths`, an `insta.yaml` that forces passes, code that
//! tells insta to pass or to rewrite the snapshots while the tests run, and a configuration
//! file the grader's own cargo would read.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::fs;
use std::path::Path;
use std::time::Duration;

use common::{options, take_turn, workbook, write_lib};
use exercises::{CheckOptions, Outcome, Report, Workbook};

/// A crate that calls itself insta 1.49 and whose `assert_snapshot!` does nothing.
fn fake_insta(at: &Path) {
    fs::create_dir_all(at.join("src")).unwrap();
    fs::write(
        at.join("Cargo.toml"),
        "[package]\nname = \"insta\"\nversion = \"1.49.0\"\nedition = \"2021\"\n",
    )
    .unwrap();
    fs::write(
        at.join("src/lib.rs"),
        "#[macro_export]\nmacro_rules! assert_snapshot { ($($t:tt)*) => {}; }\n",
    )
    .unwrap();
}

fn check(dir: &Path, id: &str) -> Report {
    exercises::check_with(dir, id, &options(Duration::from_secs(120))).unwrap()
}

fn assert_every_test_fails(report: &Report) {
    assert!(!report.passed(), "{report}");
    assert_eq!(report.passed, 0, "{report}");
    assert_eq!(report.failed, report.total(), "{report}");
    assert_eq!(
        report.total(),
        Workbook::embedded().get(&report.id).unwrap().tests().len()
    );
}

#[test]
fn a_patch_of_insta_in_the_root_manifest() {
    let _turn = take_turn();
    let dir = workbook("cheat-root-patch");
    fake_insta(&dir.join("fake-insta"));
    let manifest = dir.join("Cargo.toml");
    let patched = format!(
        "{}\n[patch.crates-io]\ninsta = {{ path = \"fake-insta\" }}\n",
        fs::read_to_string(&manifest).unwrap()
    );
    fs::write(&manifest, &patched).unwrap();
    // 01 is the untouched stub.
    let report = check(&dir, "01");
    assert_every_test_fails(&report);
    assert!(
        report.restored.iter().any(|r| r == "Cargo.toml"),
        "{report}"
    );
    assert!(
        exercises::solution(&dir, "01").is_err(),
        "the solution stays locked"
    );
    let backup = report.backup.unwrap();
    assert_eq!(
        fs::read_to_string(backup.join("Cargo.toml")).unwrap(),
        patched
    );
}

#[test]
fn a_patch_or_path_override_in_the_workbooks_cargo_config_or_a_parents() {
    let _turn = take_turn();
    let parent = common::fresh_dir("cheat-cargo-config");
    let dir = parent.join("labs");
    exercises::init(&dir).unwrap();
    fake_insta(&dir.join("fake-insta"));
    fs::create_dir_all(parent.join(".cargo")).unwrap();
    fs::write(
        parent.join(".cargo/config.toml"),
        "[patch.crates-io]\ninsta = { path = \"labs/fake-insta\" }\n",
    )
    .unwrap();
    fs::create_dir_all(dir.join(".cargo")).unwrap();
    fs::write(
        dir.join(".cargo/config.toml"),
        "paths = [\"fake-insta\"]\n\n[patch.crates-io]\ninsta = { path = \"fake-insta\" }\n",
    )
    .unwrap();
    fs::create_dir_all(dir.join("01-accept-key/.cargo")).unwrap();
    fs::write(
        dir.join("01-accept-key/.cargo/config.toml"),
        "[build]\nrustc-wrapper = \"/bin/true\"\n",
    )
    .unwrap();
    let report = check(&dir, "01");
    assert_every_test_fails(&report);
    assert!(
        report.ignored.iter().any(|i| i == ".cargo/config.toml")
            && report
                .ignored
                .iter()
                .any(|i| i == "01-accept-key/.cargo/config.toml"),
        "{report}"
    );
    let above = parent.join(".cargo/config.toml").display().to_string();
    assert!(report.ignored.contains(&above), "{report}");
}

#[test]
fn a_build_script_that_rewrites_the_tests_after_the_restore() {
    let _turn = take_turn();
    let dir = workbook("cheat-build-rs");
    fs::write(
        dir.join("02-frame-header/build.rs"),
        "fn main() {\n    let _ = std::fs::write(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/tests/check.rs\"), \"#[test]\\nfn always() {}\\n\");\n}\n",
    )
    .unwrap();
    let report = check(&dir, "02");
    assert_every_test_fails(&report);
    assert_eq!(report.total(), 3, "{report}");
    assert!(
        report
            .ignored
            .iter()
            .any(|i| i == "02-frame-header/build.rs"),
        "{report}"
    );
    assert!(!report.to_string().contains("PASSED"), "{report}");
}

#[test]
fn code_that_prints_libtests_ok_and_exits() {
    let _turn = take_turn();
    let dir = workbook("cheat-fake-ok");
    // It even reads which test it is in, to print exactly what libtest would.
    write_lib(
        &dir,
        "03-unmask",
        r#"use std::io::Write;

pub fn apply_mask(data: &mut [u8], key: [u8; 4], offset: usize) {
    let _ = (data, key, offset);
    let names: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let names = if names.is_empty() {
        vec!["rfc6455_hello".to_string(), "in_two_pieces".to_string(), "mask_then_unmask".to_string()]
    } else {
        names
    };
    let mut out = std::io::stdout();
    let _ = writeln!(out, "\nrunning {} test{}", names.len(), if names.len() == 1 { "" } else { "s" });
    for name in &names {
        let _ = writeln!(out, "test {name} ... ok");
    }
    let _ = writeln!(
        out,
        "\ntest result: ok. {} passed; 0 failed; 0 ignored; 0 measured; 2 filtered out; finished in 0.00s\n",
        names.len()
    );
    let _ = out.flush();
    std::process::exit(0);
}
"#,
    );
    let report = check(&dir, "03");
    assert_every_test_fails(&report);
    assert!(report.to_string().contains("libtest said ok"), "{report}");
}

#[test]
fn code_that_tells_insta_to_pass_or_to_rewrite_the_answer_key() {
    let _turn = take_turn();
    for (name, var, value) in [
        ("cheat-force-pass", "INSTA_FORCE_PASS", "1"),
        ("cheat-update-always", "INSTA_UPDATE", "always"),
    ] {
        let dir = workbook(name);
        write_lib(
            &dir,
            "03-unmask",
            &format!(
                "pub fn apply_mask(data: &mut [u8], key: [u8; 4], offset: usize) {{\n    let _ = (data, key, offset);\n    // SAFETY: the tests run one at a time.\n    unsafe {{ std::env::set_var(\"{var}\", \"{value}\") }};\n}}\n"
            ),
        );
        let report = check(&dir, "03");
        assert_every_test_fails(&report);
        assert!(
            report.to_string().contains("is not the answer key"),
            "{var}: {report}"
        );
    }
}

#[test]
fn an_insta_yaml_that_forces_passes() {
    let _turn = take_turn();
    let dir = workbook("cheat-insta-yaml");
    for at in ["insta.yaml", "01-accept-key/insta.yaml"] {
        fs::write(
            dir.join(at),
            "behavior:\n  force_pass: true\n  update: always\n",
        )
        .unwrap();
    }
    let report = check(&dir, "01");
    assert_every_test_fails(&report);
    assert!(report.ignored.iter().any(|i| i == "insta.yaml"), "{report}");
}

#[test]
fn a_cargo_config_the_graders_cargo_would_read_is_refused() {
    let _turn = take_turn();
    let dir = workbook("cheat-outer-config");
    let outside = common::fresh_dir("cheat-outer-config-cwd");
    fake_insta(&outside.join("fake-insta"));
    fs::create_dir_all(outside.join(".cargo")).unwrap();
    fs::write(
        outside.join(".cargo/config.toml"),
        format!(
            "[patch.crates-io]\ninsta = {{ path = {:?} }}\n",
            outside.join("fake-insta").display().to_string()
        ),
    )
    .unwrap();
    let options = CheckOptions {
        cargo_cwd: Some(outside.join("somewhere/below")),
        ..options(Duration::from_secs(120))
    };
    let report = exercises::check_with(&dir, "01", &options).unwrap();
    assert_eq!(report.outcome, Outcome::Refused, "{report}");
    assert!(report.refusal.contains("[patch]"), "{report}");
    assert!(report.to_string().contains("NOT GRADED"), "{report}");
    assert!(exercises::solution(&dir, "01").is_err());
}
