//! Embeds the workbook: walks `book/` and writes `$OUT_DIR/book_files.rs`, a sorted table of
//! `(relative path, include_str!(absolute path))`, so the binary carries every stub, test,
//! snapshot, task, hint file and reference solution, and `cargo` rebuilds when one changes.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs, io};

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let manifest_dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR")?);
    let book = manifest_dir.join("book");
    println!("cargo::rerun-if-changed=book");
    let mut files = Vec::new();
    walk(&book, &mut files)?;
    files.sort();
    let mut code = String::from("/// Every file under `book/`, by path relative to it.\n");
    code.push_str("pub(crate) static FILES: &[(&str, &str)] = &[\n");
    for path in &files {
        let rel = path.strip_prefix(&book)?;
        let rel = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        // Editor leftovers and pending snapshots are not part of the book.
        if rel.ends_with('~') || rel.ends_with(".snap.new") || rel.ends_with(".pending-snap") {
            continue;
        }
        writeln!(
            code,
            "    ({rel:?}, include_str!({:?})),",
            path.display().to_string()
        )?;
    }
    code.push_str("];\n");
    fs::write(
        PathBuf::from(env::var("OUT_DIR")?).join("book_files.rs"),
        code,
    )?;
    Ok(())
}
