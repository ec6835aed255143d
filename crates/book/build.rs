//! Embeds the book: every file under the repository's `chapters/` becomes an entry of
//! `FILES`, so the binary serves the book from anywhere, offline.

fn main() {
    let manifest =
        std::path::PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    embed::folder(&manifest.join("../../chapters"), "FILES", "files.rs", &[]);
}
