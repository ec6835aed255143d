//! A build-script helper: embeds every file of a folder in the binary.
//!
//! `embed::folder(dir, "FILES", "files.rs", &["screenshots"])` in a `build.rs` writes
//! `$OUT_DIR/files.rs`, which declares
//!
//! ```text
//! pub static FILES: &[(&str, &[u8])] = &[("path/in/folder.css", include_bytes!("…")), …];
//! ```
//!
//! for every file under `dir` (paths with `/`, sorted), skipping folders named in `skip`,
//! and tells Cargo to rerun the build script when any of them changes. The crate that
//! `include!`s the file then serves the folder from memory: the binary runs from anywhere,
//! offline. (mdBook embeds its theme the same way.)

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Writes the table of `dir`'s files to `$OUT_DIR/out_file` as `pub static NAME`.
pub fn folder(dir: &Path, name: &str, out_file: &str, skip: &[&str]) {
    let mut files = Vec::new();
    walk(dir, dir, skip, &mut files);
    let mut code = format!(
        "/// Every file of `{}`: its path (with `/`) and bytes.\npub static {name}: &[(&str, &[u8])] = &[\n",
        dir.file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
    );
    for rel in files {
        let rel_str = rel.to_string_lossy().replace('\\', "/");
        let abs = dir.join(&rel);
        let _ = writeln!(
            code,
            "    ({rel_str:?}, include_bytes!({:?})),",
            abs.to_string_lossy()
        );
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default()).join(out_file);
    if let Err(e) = std::fs::write(&out, code) {
        println!("cargo::error=cannot write {}: {e}", out.display());
    }
}

fn walk(dir: &Path, root: &Path, skip: &[&str], out: &mut Vec<PathBuf>) {
    println!("cargo::rerun-if-changed={}", dir.display());
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            if path
                .file_name()
                .is_some_and(|n| skip.iter().any(|s| n == *s))
            {
                continue;
            }
            walk(&path, root, skip, out);
        } else if let Ok(rel) = path.strip_prefix(root) {
            println!("cargo::rerun-if-changed={}", path.display());
            out.push(rel.to_path_buf());
        }
    }
}
