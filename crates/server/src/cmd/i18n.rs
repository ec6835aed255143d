//! `wiretrail i18n …`: the translations' catalogs, from the command line (the `book`
//! crate's `i18n` does the work; this prints and writes files).

use std::path::Path;
use std::process::ExitCode;

use book::Book;
use book::i18n::{Catalog, import};

use super::cli::{I18nArgs, I18nCommand};

pub fn run(args: &I18nArgs) -> ExitCode {
    match run_inner(args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run_inner(args: &I18nArgs) -> Result<ExitCode, String> {
    let book = Book::from_dir(&args.chapters)
        .map_err(|e| format!("cannot read {}: {e}", args.chapters.display()))?;
    let (template, problems) = book.template();
    for p in &problems {
        eprintln!("warning: {p}");
    }
    let ko_path = args.po.join("ko.po");
    match &args.command {
        I18nCommand::Extract => {
            let path = args.po.join("messages.pot");
            write(&path, &template.write())?;
            println!("{}: {} messages", path.display(), template.entries.len());
            // The wire domain: what the dissectors say, observed over their corpus.
            let wire = args.po.join("wire").join("messages.pot");
            write(&wire, &crate::i18n::wire::pot())?;
            println!(
                "{}: {} messages",
                wire.display(),
                crate::i18n::wire::messages().len()
            );
            Ok(ExitCode::SUCCESS)
        }
        I18nCommand::ImportParallel { dir } => {
            let korean = import::read_tree(dir)
                .map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
            let existing = read_catalog(&ko_path)?;
            let english = book_files(&args.chapters)?;
            let (catalog, report) = import::import(&english, &korean, &template, existing.as_ref());
            write(&ko_path, &catalog.write())?;
            print!("{report}");
            println!("{}: written", ko_path.display());
            Ok(if report.mismatches.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        I18nCommand::Status { strict } => {
            let catalog = read_catalog(&ko_path)?.unwrap_or_default();
            let coverage = book.translated(&catalog).coverage;
            for (file, ctxt, msgid) in &coverage.fuzzy {
                println!(
                    "fuzzy   chapters/{file} [{}] {:.70}",
                    ctxt.as_deref().unwrap_or(""),
                    msgid.replace('\n', " ")
                );
            }
            for (file, ctxt, msgid) in &coverage.missing {
                println!(
                    "missing chapters/{file} [{}] {:.70}",
                    ctxt.as_deref().unwrap_or(""),
                    msgid.replace('\n', " ")
                );
            }
            println!(
                "{}: {} translated, {} fuzzy, {} missing",
                ko_path.display(),
                coverage.translated,
                coverage.fuzzy.len(),
                coverage.missing.len()
            );
            Ok(if *strict && !coverage.is_complete() {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            })
        }
    }
}

fn book_files(dir: &Path) -> Result<std::collections::HashMap<String, Vec<u8>>, String> {
    import::read_tree(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))
}

fn read_catalog(path: &Path) -> Result<Option<Catalog>, String> {
    match std::fs::read_to_string(path) {
        Ok(text) => {
            let (catalog, problems) = Catalog::parse(&text);
            for p in problems {
                eprintln!("warning: {}: {p}", path.display());
            }
            Ok(Some(catalog))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!("cannot read {}: {e}", path.display())),
    }
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}
