//! mdbook-i18n-helpers' `gettext` preprocessor, built from the library the book crate
//! already depends on, so `tests/mdbook_agrees.rs` can render the Korean book with
//! `mdbook build` on any machine that has mdBook (the same code as the crate's own
//! `mdbook-gettext` binary, without `cargo install mdbook-i18n-helpers`).

use std::io;
use std::process::ExitCode;

use mdbook_i18n_helpers::preprocessors::Gettext;
use mdbook_preprocessor::Preprocessor;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    // `supports RENDERER`: mdBook asks before running it.
    if args.len() == 3 && args[1] == "supports" {
        return match Gettext.supports_renderer(&args[2]) {
            Ok(true) => ExitCode::SUCCESS,
            _ => ExitCode::FAILURE,
        };
    }
    let result = mdbook_preprocessor::parse_input(io::stdin())
        .and_then(|(ctx, book)| Gettext.run(&ctx, book))
        .and_then(|book| serde_json::to_writer(io::stdout(), &book).map_err(Into::into));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("wiretrail-mdbook-gettext: {e:#}");
            ExitCode::FAILURE
        }
    }
}
