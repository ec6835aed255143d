//! Embeds `static/` (CSS and JS modules) in the binary, so the app runs from anywhere and
//! offline: every file becomes an entry of `STATIC_FILES`. Screenshots (for the README) are
//! left out.

fn main() {
    let manifest =
        std::path::PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    embed::folder(
        &manifest.join("../../static"),
        "STATIC_FILES",
        "static_files.rs",
        &["screenshots"],
    );
}
