//! The Cargo configuration files the grader's cargo will read, checked for settings that
//! could make a wrong solution pass.
//!
//! Cargo reads `.cargo/config.toml` (or `.cargo/config`) in its current directory and every
//! parent, then `$CARGO_HOME/config.toml`. The grader runs cargo from a directory outside the
//! workbook, so the workbook's own `.cargo/` (and its parents') are never read; what is left
//! are the files above that directory and `$CARGO_HOME`'s, usually the learner's own
//! `~/.cargo/config.toml`. Most of what those can say is neutralised by the environment the
//! grader gives cargo (`CARGO_ENCODED_RUSTFLAGS=""`, empty `RUSTC_WRAPPER`, pinned profile
//! settings; see `cargo.rs`), but a few settings replace the code that is built and cannot be
//! overridden from the command line (Cargo *appends* to arrays such as `paths`): the grader
//! refuses to grade while one is set, and names the file and the setting.
//!
//! Refused: `paths` (path overrides), `[patch]`, a `[source]` with `replace-with` (source
//! replacement: a local "vendored" copy of insta whose checksums the attacker wrote),
//! `build.rustc` (another compiler), and `[env]` entries for `INSTA_*`, `CARGO*` and
//! `RUST*`. Allowed: everything else, including a `linker` (mold and clang users) whose
//! output is not checked: a learner who writes a linker to cheat has left the exercise.

use std::path::{Path, PathBuf};

/// The configuration files cargo reads when started in `cwd`, in the order it reads them.
pub fn files(cwd: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut candidates: Vec<PathBuf> = cwd.ancestors().map(|a| a.join(".cargo")).collect();
    if let Some(home) = cargo_home() {
        candidates.push(home);
    }
    for dir in candidates {
        for name in ["config.toml", "config"] {
            let path = dir.join(name);
            if path.is_file() && !found.contains(&path) {
                found.push(path);
            }
        }
    }
    found
}

/// `$CARGO_HOME`, else `~/.cargo`.
fn cargo_home() -> Option<PathBuf> {
    if let Some(home) = std::env::var_os("CARGO_HOME").filter(|h| !h.is_empty()) {
        return Some(PathBuf::from(home));
    }
    std::env::var_os("HOME")
        .or_else(|| std::env::var_os("USERPROFILE"))
        .filter(|h| !h.is_empty())
        .map(|h| PathBuf::from(h).join(".cargo"))
}

/// The first refused setting among the files cargo would read from `cwd`: `FILE: why`.
pub fn refused(cwd: &Path) -> Option<String> {
    files(cwd).into_iter().find_map(|path| {
        let text = std::fs::read_to_string(&path).ok()?;
        problems(&text)
            .into_iter()
            .next()
            .map(|why| format!("{}: {why}", path.display()))
    })
}

/// What in one configuration file could make a wrong solution pass. A file that is not TOML
/// is cargo's problem (it refuses to start), not a cheat.
pub fn problems(text: &str) -> Vec<String> {
    let Ok(table) = text.parse::<toml::Table>() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if table.contains_key("paths") {
        out.push("`paths` overrides dependencies with local copies".to_owned());
    }
    if table.contains_key("patch") {
        out.push("`[patch]` replaces dependencies (insta among them)".to_owned());
    }
    if let Some(sources) = table.get("source").and_then(toml::Value::as_table) {
        for (name, source) in sources {
            if source.get("replace-with").is_some() {
                out.push(format!(
                    "`[source.{name}] replace-with` replaces where dependencies come from"
                ));
            }
        }
    }
    if table.get("build").and_then(|b| b.get("rustc")).is_some() {
        out.push("`build.rustc` replaces the compiler".to_owned());
    }
    if let Some(env) = table.get("env").and_then(toml::Value::as_table) {
        for name in env.keys() {
            let upper = name.to_ascii_uppercase();
            if ["INSTA", "CARGO", "RUST"]
                .iter()
                .any(|p| upper.starts_with(p))
            {
                out.push(format!(
                    "`[env] {name}` changes how the tests are built or judged"
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_what_replaces_code() {
        for (text, needle) in [
            ("paths = [\"/tmp/fake-insta\"]\n", "`paths`"),
            (
                "[patch.crates-io]\ninsta = { path = \"fake\" }\n",
                "`[patch]`",
            ),
            (
                "[source.crates-io]\nreplace-with = \"vendored\"\n[source.vendored]\ndirectory = \"v\"\n",
                "[source.crates-io] replace-with",
            ),
            ("[build]\nrustc = \"/tmp/my-rustc\"\n", "`build.rustc`"),
            ("build.rustc = \"x\"\n", "`build.rustc`"),
            (
                "[env]\nINSTA_FORCE_PASS = \"1\"\n",
                "`[env] INSTA_FORCE_PASS`",
            ),
        ] {
            let found = problems(text);
            assert!(
                found.iter().any(|p| p.contains(needle)),
                "{text:?}: {found:?}"
            );
        }
    }

    #[test]
    fn allows_everyday_settings() {
        for text in [
            "",
            "[build]\nrustc-wrapper = \"sccache\"\njobs = 2\n",
            "[target.x86_64-unknown-linux-gnu]\nlinker = \"clang\"\nrustflags = [\"-C\", \"link-arg=-fuse-ld=mold\"]\n",
            "[net]\noffline = true\n[env]\nMY_SETTING = \"1\"\n",
            "[source.crates-io]\nregistry = \"sparse+https://index.crates.io/\"\n",
            "this is not toml [",
        ] {
            assert!(problems(text).is_empty(), "{text:?}");
        }
    }
}
