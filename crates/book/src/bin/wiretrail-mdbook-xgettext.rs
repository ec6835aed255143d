//! mdbook-i18n-helpers' `xgettext` renderer, built from the library the book crate already
//! depends on, so `tests/mdbook_agrees.rs` can check `po/messages.pot` against it on any
//! machine that has mdBook (the same code as the crate's own `mdbook-xgettext` binary).

use std::io;
use std::process::ExitCode;

use mdbook_i18n_helpers::renderers::Xgettext;
use mdbook_renderer::{RenderContext, Renderer};

fn main() -> ExitCode {
    match RenderContext::from_json(io::stdin()).and_then(|ctx| Xgettext.render(&ctx)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("wiretrail-mdbook-xgettext: {e:#}");
            ExitCode::FAILURE
        }
    }
}
