//! The dissector commands: `wiretrail dissect` and `wiretrail accept-key`.
//!
//! They print what the labs show, as text for a terminal (a Wireshark-style tree and the
//! RFC's bit diagram) or as the JSON the pages use, in English or, with `--lang ko` or a
//! Korean locale, with the explanations in Korean (`crate::i18n::wire`'s catalog).

use std::io::Write as _;
use std::process::ExitCode;

use crate::cmd::cli::{DissectArgs, Language, Protocol, Sender};

/// `wiretrail dissect ws|h2|hpack HEX`.
pub fn dissect(args: &DissectArgs) -> ExitCode {
    let bytes = match wire::parse_hex(&args.hex) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("error: cannot read the hex {e}");
            eprintln!("  {}", args.hex);
            eprintln!(
                "  {}^",
                " ".repeat(args.hex[..e.at.min(args.hex.len())].chars().count())
            );
            return ExitCode::from(2);
        }
    };
    let from_client = args.from.map(|s| s == Sender::Client);
    // Bounded like the API, with room for what a terminal reader asks for.
    let budget = &mut wire::Budget::cli();
    let mut dissections = match args.protocol {
        Protocol::Ws => websocket::dissect::frames_within(&bytes, from_client, budget),
        Protocol::H2 => http2::dissect::Dissector::new().frames_within(&bytes, budget),
        Protocol::Hpack => vec![http2::dissect::header_block_within(
            &bytes,
            &mut http2::hpack::Decoder::new(),
            budget,
        )],
    };
    translate(&mut dissections, language(args.lang));
    let mut out = String::new();
    if args.json {
        let json: Vec<_> = dissections.iter().map(wire::render::json).collect();
        match serde_json::to_string_pretty(&json) {
            Ok(text) => out = text + "\n",
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        for (i, d) in dissections.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(&wire::render::tree(d));
            let diagram = wire::render::diagram(d);
            if !diagram.is_empty() {
                out.push('\n');
                out.push_str(&diagram);
            }
        }
    }
    print_out(&out)
}

/// Writes a command's output. A reader that went away (`wiretrail dissect … | head`) is not
/// an error; `print!` would panic on the broken pipe.
fn print_out(text: &str) -> ExitCode {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: cannot write the output: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `wiretrail accept-key KEY`.
pub fn accept_key(key: &str, lang: Option<Language>) -> ExitCode {
    let mut d = [websocket::dissect::accept_key_steps(key)];
    translate(&mut d, language(lang));
    print_out(&wire::render::tree(&d[0]))
}

/// The language to explain in: the flag, else the process's locale.
fn language(flag: Option<Language>) -> Language {
    Language::choose(flag, |name| std::env::var(name).ok())
}

/// The dissections' words in `lang` (English is what the dissectors say).
fn translate(dissections: &mut [wire::Dissection], lang: Language) {
    if lang == Language::Ko {
        let catalog = crate::i18n::wire::catalog();
        for d in dissections {
            wire::i18n::translate_dissection(catalog, d);
        }
    }
}
