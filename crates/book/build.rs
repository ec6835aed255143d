//! Embeds the book: every file under the repository's `chapters/` becomes a
//! `(path, bytes)` entry of `FILES`, so the binary serves the book from anywhere, offline.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn walk(dir: &Path, root: &Path, out: &mut Vec<PathBuf>) {
    println!("cargo::rerun-if-changed={}", dir.display());
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            walk(&path, root, out);
        } else if let Ok(rel) = path.strip_prefix(root) {
            println!("cargo::rerun-if-changed={}", path.display());
            out.push(rel.to_path_buf());
        }
    }
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let chapters = manifest.join("../../chapters");
    let mut files = Vec::new();
    walk(&chapters, &chapters, &mut files);
    let mut code = String::from(
        "/// Every file of `chapters/`: its path (with `/`) and bytes.\npub static FILES: &[(&str, &[u8])] = &[\n",
    );
    for rel in files {
        let rel_str = rel.to_string_lossy().replace('\\', "/");
        let abs = chapters.join(&rel);
        let _ = writeln!(
            code,
            "    ({rel_str:?}, include_bytes!({:?})),",
            abs.to_string_lossy()
        );
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default()).join("files.rs");
    if let Err(e) = std::fs::write(&out, code) {
        println!("cargo::error=cannot write {}: {e}", out.display());
    }
}
