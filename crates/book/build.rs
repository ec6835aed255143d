//! Embeds the book: every file under the repository's `chapters/` becomes an entry of
//! `FILES`, so the binary serves the book from anywhere, offline; every file under `po/`
//! (the translations' catalogs) one of `PO_FILES`.

fn main() {
    let manifest =
        std::path::PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    embed::folder(&manifest.join("../../chapters"), "FILES", "files.rs", &[]);
    // The translations (po/messages.pot, po/LANG.po); the translators' parallel files in
    // po/ko-src/ are the importer's input, not the app's.
    embed::folder(&manifest.join("../../po"), "PO_FILES", "po.rs", &["ko-src"]);
}
