//! `wiretrail i18n …`: the translations' catalogs, from the command line (the `book`
//! crate's `i18n` and [`crate::i18n`] do the work; this prints and writes files).
//!
//! `extract` writes the book's `po/messages.pot` and the app's three domains'
//! `po/{pages,scripts,wire}/messages.pot`; `status` reports the book and each domain.

use std::path::Path;
use std::process::ExitCode;

use book::Book;
use book::i18n::{Catalog, import};

use super::cli::{I18nArgs, I18nCommand};
use crate::i18n::Domain;

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
            for domain in Domain::ALL {
                let path = args.po.join(domain.dir()).join("messages.pot");
                let (text, count) = match domain {
                    // What the dissectors say, observed over their corpus, with an example.
                    Domain::Wire => (
                        crate::i18n::wire::pot(),
                        crate::i18n::wire::messages().len(),
                    ),
                    _ => {
                        let template = crate::i18n::template(domain.messages());
                        let count = template.entries.len();
                        (template.write(), count)
                    }
                };
                write(&path, &text)?;
                println!("{}: {count} messages", path.display());
            }
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
            let mut complete = coverage.is_complete();
            for domain in Domain::ALL {
                let template = crate::i18n::template(domain.messages());
                let path = args.po.join(domain.dir()).join("ko.po");
                let ko = read_catalog(&path)?.unwrap_or_default();
                let problems = crate::i18n::catalog::problems(domain, &template, &ko);
                for p in &problems {
                    println!("{p}");
                }
                println!(
                    "{}: {} messages, {} with a problem",
                    path.display(),
                    template.entries.len(),
                    problems.len()
                );
                complete &= problems.is_empty();
            }
            Ok(if *strict && !complete {
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
