//! The `wire` domain (`po/wire/`): what the protocol crates say, in Korean.
//!
//! A dissector's sentences carry the bytes' own numbers and texts, so the catalog cannot be
//! extracted from the sources as they stand (`format!("the {bits}-bit … needs {bytes}
//! bytes")`). It is *observed* instead: [`corpus`] runs every dissector the app shows a
//! learner — WebSocket frames and handshakes, HTTP/2 frames and HPACK, QPACK, HTTP/1.1
//! heads, and every `sim` dissector — over the RFCs' examples, the fuzz seeds, the test
//! vectors in the crates' tests, inputs made to reach each problem (`inputs.rs`) and seeded
//! mutations of all of these; [`messages`] normalises every summary, meaning, problem and
//! answer met (`wire::i18n::normalize`: numbers and quoted values become `{0}`, `{1}`, …) into
//! the domain's msgids, each referring to the dissectors that said it.
//!
//! The other way round, [`catalog`] is `po/wire/ko.po` (embedded) as a `wire::i18n::Catalog`,
//! which the command line's `--lang ko` translates dissections with, and [`browser_json`]
//! the same as the `wire` half of `/static/generated/ui.ko.json` for `static/i18n-wire.js`.
//!
//! A test reads the protocol crates' sources for the meanings passed to `Field::new` (and
//! the tables of `meaning()`s) and fails on any the corpus never met, naming its line: a new
//! meaning needs an input that reaches it.

mod inputs;
mod source;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use book::i18n::{Catalog as Po, Entry};
use wire::Dissection;
use wire::i18n::{Catalog, normalize};

use super::Message;

/// The domain's folder, from the repository root.
pub const DIR: &str = "po/wire";

/// The Korean catalog, as committed (the binary carries it).
const KO_PO: &str = include_str!("../../../../po/wire/ko.po");

/// A dissector the corpus runs: the name its references give, and how to run it.
#[derive(Debug)]
pub struct Dissector {
    pub name: &'static str,
    pub run: fn(&[u8]) -> Vec<Dissection>,
    /// Whether it is fed the seeded mutations too: the binary dissectors are; the text
    /// ones (HTTP heads, the accept key) would only quote the garbage back.
    pub binary: bool,
}

/// Every dissector of bytes the app has (the API's, the labs', the cells', the CLI's).
pub const DISSECTORS: &[Dissector] = &[
    Dissector {
        name: "websocket::dissect::frames",
        binary: true,
        run: |b| websocket::dissect::frames(b, None),
    },
    Dissector {
        name: "websocket::dissect::frames (from the client)",
        binary: true,
        run: |b| websocket::dissect::frames(b, Some(true)),
    },
    Dissector {
        name: "websocket::dissect::frames (from the server)",
        binary: true,
        run: |b| websocket::dissect::frames(b, Some(false)),
    },
    Dissector {
        name: "websocket::dissect::frame",
        binary: true,
        run: |b| vec![websocket::dissect::frame(b, None)],
    },
    Dissector {
        name: "websocket::dissect::frame_excerpt",
        binary: true,
        run: |b| vec![websocket::dissect::frame_excerpt(b, None)],
    },
    Dissector {
        name: "websocket::dissect::handshake_request",
        binary: false,
        run: |b| {
            vec![
                websocket::dissect::handshake_request(b),
                websocket::dissect::handshake_request_for(b, &["chat", "superchat"]),
            ]
        },
    },
    Dissector {
        name: "websocket::dissect::handshake_response",
        binary: false,
        run: |b| vec![websocket::dissect::handshake_response(b)],
    },
    Dissector {
        name: "websocket::dissect::accept_key_steps",
        binary: false,
        // Only the keys made for it: every other key's steps quote that key's own hashes.
        run: |b| match std::str::from_utf8(b) {
            Ok(key) if inputs::KEYS.contains(&key) => {
                vec![websocket::dissect::accept_key_steps(key)]
            }
            _ => Vec::new(),
        },
    },
    Dissector {
        name: "http2::dissect::frames",
        binary: true,
        run: |b| http2::dissect::Dissector::new().frames(b),
    },
    Dissector {
        name: "http2::dissect::header_block",
        binary: true,
        run: |b| {
            vec![http2::dissect::header_block(
                b,
                &mut http2::hpack::Decoder::new(),
            )]
        },
    },
    Dissector {
        name: "qpack::dissect",
        binary: true,
        run: |b| vec![qpack::dissect(b)],
    },
    Dissector {
        name: "http1::dissect::request",
        binary: false,
        run: |b| vec![http1::dissect::request(b)],
    },
    Dissector {
        name: "http1::dissect::response",
        binary: false,
        run: |b| vec![http1::dissect::response(b)],
    },
    Dissector {
        name: "sim::ipv4::dissect",
        binary: true,
        run: |b| vec![sim::ipv4::dissect(b)],
    },
    Dissector {
        name: "sim::tcp::dissect",
        binary: true,
        run: |b| {
            vec![
                sim::tcp::dissect(b, None),
                sim::tcp::dissect(b, Some(([192, 0, 2, 1], [198, 51, 100, 2]))),
            ]
        },
    },
    Dissector {
        name: "sim::ncp::dissect",
        binary: true,
        run: |b| vec![sim::ncp::dissect(b)],
    },
    Dissector {
        name: "sim::http1::dissect",
        binary: false,
        run: |b| vec![sim::http1::dissect(b)],
    },
];

/// How many seeded mutations of each input the corpus adds (for the binary dissectors).
const MUTATIONS: usize = 3;

/// The longest text the catalog keeps: past it, a text quotes its input at length.
const MAX_TEXT: usize = 400;

/// One English text a dissector said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    pub text: String,
    /// The dissectors that said it, in the order met.
    pub by: Vec<&'static str>,
}

/// Every text the dissectors say over the inputs, each once, in the order first met.
pub fn corpus() -> Vec<Said> {
    static CORPUS: OnceLock<Vec<Said>> = OnceLock::new();
    CORPUS.get_or_init(build_corpus).clone()
}

fn build_corpus() -> Vec<Said> {
    let mut seen = Collector::default();
    each_dissection(|name, d| seen.add(name, d));
    seen.said
}

/// Every dissection the dissectors make of the corpus's inputs: the made ones, the fuzz
/// seeds and the crates' test vectors through every dissector, their seeded mutations
/// through the binary ones, and the generated dissections.
fn each_dissection(mut f: impl FnMut(&'static str, &Dissection)) {
    let repo = repo_root();
    let mut inputs = inputs::made();
    inputs.extend(inputs::fuzz_seeds(&repo.join("crates/fuzz/corpus")));
    inputs.extend(inputs::test_vectors(&repo.join("crates")));
    let mut noise = wire::noise::Noise::new(0x5eed_1a18);
    let mut mutated = Vec::new();
    for input in &inputs {
        for _ in 0..MUTATIONS {
            mutated.push(noise.mutate(input.clone()));
        }
    }
    for input in &inputs {
        for d in DISSECTORS {
            for dissection in (d.run)(input) {
                f(d.name, &dissection);
            }
        }
    }
    for input in &mutated {
        for d in DISSECTORS.iter().filter(|d| d.binary) {
            for dissection in (d.run)(input) {
                f(d.name, &dissection);
            }
        }
    }
    for (name, dissection) in inputs::generated() {
        f(name, &dissection);
    }
}

#[derive(Default)]
struct Collector {
    said: Vec<Said>,
    index: HashMap<String, usize>,
}

impl Collector {
    fn add(&mut self, by: &'static str, d: &Dissection) {
        for text in wire::i18n::texts(d).into_iter().filter(|t| is_english(t)) {
            match self.index.get(text) {
                Some(&i) => {
                    let s = &mut self.said[i];
                    if !s.by.contains(&by) {
                        s.by.push(by);
                    }
                }
                None => {
                    self.index.insert(text.to_owned(), self.said.len());
                    self.said.push(Said {
                        text: text.to_owned(),
                        by: vec![by],
                    });
                }
            }
        }
    }
}

/// True for a text worth a msgid: English words, not the input's bytes quoted back (a
/// control character, a replacement character, text past [`MAX_TEXT`] or in another script
/// means the dissector is showing what it was given).
fn is_english(text: &str) -> bool {
    const ALLOWED: &str = "§→←…—–−“”‘’×≤≥·√±⊕";
    text.len() <= MAX_TEXT
        && text
            .chars()
            .all(|c| (' '..='~').contains(&c) || ALLOWED.contains(c))
}

/// The domain's messages: the corpus normalised, each msgid once, referring to the
/// dissectors that said it, with one English example when it has placeholders.
pub fn messages() -> Vec<Message> {
    let mut out: Vec<Message> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for said in corpus() {
        let (msgid, values) = normalize(&said.text);
        let i = *index.entry(msgid.clone()).or_insert_with(|| {
            out.push(Message {
                msgid,
                msgid_plural: None,
                references: Vec::new(),
                comment: (!values.is_empty()).then(|| format!("e.g. {}", said.text)),
            });
            out.len() - 1
        });
        if let Some(m) = out.get_mut(i) {
            for by in &said.by {
                if !m.references.iter().any(|r| r == by) {
                    m.references.push((*by).to_owned());
                }
            }
        }
    }
    out
}

/// `po/wire/messages.pot`: the messages as a PO template.
pub fn pot() -> String {
    let mut po = Po::new(&Po::standard_header(None));
    for m in messages() {
        let mut e = Entry::new(None, &m.msgid);
        // A reference names a dissector (`websocket::dissect::frames`), not a file: one
        // `#:` line each, spaces kept as `_` so gettext's tools read it as one item.
        e.sources = m.references.iter().map(|r| r.replace(' ', "_")).collect();
        e.comments = m
            .comment
            .into_iter()
            .map(|c| c.replace('\n', "\\n"))
            .collect();
        po.add(e);
    }
    po.write()
}

/// The Korean catalog of the wire domain (`po/wire/ko.po`, embedded): every translated,
/// non-fuzzy entry.
pub fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| catalog_from_po(KO_PO))
}

/// A catalog from PO text: its usable entries (translated, not fuzzy).
pub fn catalog_from_po(text: &str) -> Catalog {
    let (po, _problems) = Po::parse(text);
    Catalog::from_entries(
        po.entries
            .iter()
            .filter(|e| e.is_usable() && e.msgctxt.is_none())
            .map(|e| (e.msgid.clone(), e.msgstr.clone())),
    )
}

/// The `wire` half of `/static/generated/ui.ko.json`: normalised msgid → Korean.
pub fn browser_json() -> serde_json::Value {
    let mut pairs: Vec<(&str, &str)> = catalog().iter().collect();
    pairs.sort_unstable();
    serde_json::Value::Object(
        pairs
            .into_iter()
            .map(|(k, v)| (k.to_owned(), serde_json::Value::String(v.to_owned())))
            .collect(),
    )
}

/// The repository's root: the working directory when it has the crates (extraction runs
/// there), else where this crate was built from.
fn repo_root() -> PathBuf {
    let here = Path::new("crates/fuzz/corpus");
    if here.is_dir() {
        return PathBuf::from(".");
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[cfg(test)]
mod tests;
