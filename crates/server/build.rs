//! Embeds `static/` (CSS and JS modules) in the binary, so the app runs from anywhere and
//! offline: every file becomes a `(path, bytes)` entry of `STATIC_FILES`. Screenshots (for
//! the README) are left out.

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
            if path.file_name().is_some_and(|n| n == "screenshots") {
                continue;
            }
            walk(&path, root, out);
        } else if let Ok(rel) = path.strip_prefix(root) {
            println!("cargo::rerun-if-changed={}", path.display());
            out.push(rel.to_path_buf());
        }
    }
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let root = manifest.join("../../static");
    let mut files = Vec::new();
    walk(&root, &root, &mut files);
    let mut code = String::from(
        "/// Every file of `static/`: its path (with `/`) and bytes.\npub static STATIC_FILES: &[(&str, &[u8])] = &[\n",
    );
    for rel in files {
        let rel_str = rel.to_string_lossy().replace('\\', "/");
        let abs = root.join(&rel);
        let _ = writeln!(
            code,
            "    ({rel_str:?}, include_bytes!({:?})),",
            abs.to_string_lossy()
        );
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default()).join("static_files.rs");
    if let Err(e) = std::fs::write(&out, code) {
        println!("cargo::error=cannot write {}: {e}", out.display());
    }
}
