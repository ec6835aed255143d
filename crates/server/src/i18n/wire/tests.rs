//! The wire domain against the sources it comes from and the files it makes: every meaning
//! literal reached, the committed template and Korean catalog in step, the JS normaliser
//! agreeing with the Rust one, and a real dissection translated.

use std::path::Path;

use super::source::{self, Pattern};
use super::*;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The protocol crates' sources, without their tests.
fn protocol_sources() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for name in ["websocket", "http2", "http1", "qpack", "sim", "wire"] {
        for file in inputs::rust_files(&repo().join("crates").join(name).join("src")) {
            let rel = file
                .strip_prefix(repo())
                .unwrap_or(&file)
                .display()
                .to_string()
                .replace("crates/../", "");
            if rel.contains("/tests") || rel.ends_with("tests.rs") || rel.contains("i18n.rs") {
                continue;
            }
            let text = std::fs::read_to_string(&file).unwrap();
            // Inline test modules are not what a dissector says.
            let text = match text.find("#[cfg(test)]\nmod tests") {
                Some(i) => text[..i].to_owned(),
                None => text,
            };
            out.push((rel, text));
        }
    }
    out
}

/// The meanings the sources spell out: the fifth argument of every `Field::new` that is a
/// literal or a `format!`, and every literal in a `fn meaning` (the opcode, close-code,
/// SETTINGS and error-code tables) and in http1's header table.
fn meaning_literals() -> Vec<(String, Pattern)> {
    let mut out = Vec::new();
    for (file, text) in protocol_sources() {
        let line = |at: usize| text[..at].matches('\n').count() + 1;
        for (at, _) in text.match_indices("Field::new(") {
            let open = at + "Field::new(".len();
            let args = source::call_args(&text, open);
            if let Some(p) = args.get(4).and_then(|a| Pattern::of(a)) {
                out.push((format!("{file}:{}", line(at)), p));
            }
        }
        // HTTP/2's error-code meanings are part of a field's value (`PROTOCOL_ERROR (0x1):
        // the peer broke the protocol`), which stays as the dissector writes it.
        let tables = if file.ends_with("http2/src/error_code.rs") {
            ""
        } else {
            text.as_str()
        };
        for (at, _) in tables.match_indices("fn meaning(self)") {
            let body_end = text[at..].find("\n    }\n").map_or(text.len(), |i| at + i);
            for lit in source::literals(&text[at..body_end]) {
                if lit.value.len() > 12 {
                    out.push((
                        format!("{file}:{}", line(at + lit.at)),
                        Pattern {
                            pieces: vec![lit.value],
                        },
                    ));
                }
            }
        }
        if file.ends_with("http1/src/meaning.rs") {
            for (_, meaning) in http1::meaning::header_meanings() {
                out.push((
                    file.clone(),
                    Pattern {
                        pieces: vec![(*meaning).to_owned()],
                    },
                ));
            }
        }
    }
    out
}

#[test]
fn every_meaning_in_the_sources_is_in_the_corpus() {
    let said = corpus();
    let literals = meaning_literals();
    assert!(
        literals.len() > 150,
        "only {} literals found",
        literals.len()
    );
    // A table's meaning may be a part of a sentence (`PROTOCOL_ERROR (0x1): the peer broke
    // the protocol`): a one-piece pattern is met when a text contains it.
    let met = |p: &Pattern| match p.pieces.as_slice() {
        [whole] => said.iter().any(|s| s.text.contains(whole.as_str())),
        _ => said.iter().any(|s| p.matches(&s.text)),
    };
    let missing: Vec<String> = literals
        .iter()
        .filter(|(_, p)| p.pieces.iter().any(|piece| !piece.is_empty()))
        .filter(|(_, p)| !met(p))
        .map(|(at, p)| format!("{at}: {}", p.pieces.join("…")))
        .collect();
    assert!(
        missing.is_empty(),
        "{} of {} meaning literals never met by the corpus (add an input that reaches each):\n{}",
        missing.len(),
        literals.len(),
        missing.join("\n")
    );
}

#[test]
fn the_corpus_is_deterministic_and_every_dissector_speaks() {
    let said = corpus();
    assert_eq!(said, build_corpus());
    for d in DISSECTORS {
        assert!(
            said.iter().any(|s| s.by.contains(&d.name)),
            "{} said nothing",
            d.name
        );
    }
}

/// `po/wire/messages.pot` is what extraction writes now (`wiretrail i18n extract`, or
/// `WIRETRAIL_BLESS=1 cargo test -p wiretrail-server --lib i18n::wire` to rewrite it).
#[test]
fn the_template_is_up_to_date() {
    let path = repo().join(DIR).join("messages.pot");
    let now = pot();
    if std::env::var_os("WIRETRAIL_BLESS").is_some() {
        std::fs::write(&path, &now).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == now,
        "{} is out of date: run `wiretrail i18n extract` (then msgmerge --update po/wire/ko.po po/wire/messages.pot)",
        path.display()
    );
}

/// Every Korean message in po/wire/ko.po is one of the template's, not fuzzy, and keeps
/// every placeholder of its msgid; how many of the template's messages have Korean yet is
/// printed (the domain-wide test of missing messages is the catalogs' own).
#[test]
fn every_korean_message_keeps_its_placeholders() {
    let (po, problems) = Po::parse(KO_PO);
    assert!(problems.is_empty(), "{problems:?}");
    let messages = messages();
    let mut broken = Vec::new();
    let mut translated = 0;
    for m in &messages {
        if let Some(e) = po.get(None, &m.msgid).filter(|e| e.is_usable()) {
            translated += 1;
            let holes = (0..).take_while(|i| m.msgid.contains(&format!("{{{i}}}")));
            for i in holes {
                if !e.msgstr.contains(&format!("{{{i}}}")) {
                    broken.push(format!("{:?} lost {{{i}}}: {:?}", m.msgid, e.msgstr));
                }
            }
        }
    }
    let known: std::collections::HashSet<&str> =
        messages.iter().map(|m| m.msgid.as_str()).collect();
    let stray: Vec<&str> = po
        .entries
        .iter()
        .filter(|e| !e.msgstr.is_empty() && !known.contains(e.msgid.as_str()))
        .map(|e| e.msgid.as_str())
        .collect();
    assert!(broken.is_empty(), "{}", broken.join("\n"));
    assert!(
        stray.is_empty(),
        "translated but not in the template: {stray:?}"
    );
    assert!(translated > 0);
    eprintln!(
        "po/wire/ko.po: {translated} of {} messages translated",
        messages.len()
    );
}

#[test]
fn a_real_frame_in_korean() {
    let ko = catalog();
    let bytes = wire::parse_hex("818537fa213d7f9f4d5158").unwrap();
    let mut d = websocket::dissect::frame(&bytes, Some(true));
    let english = d.clone();
    wire::i18n::translate_dissection(ko, &mut d);
    assert_ne!(d.summary, english.summary);
    assert!(d.summary.contains("\"Hello\""), "{}", d.summary);
    // Every meaning changed, a value only where it is in words, and the rest did not.
    for (k, e) in d.all_fields().iter().zip(english.all_fields()) {
        assert_ne!(k.meaning, e.meaning, "{}", e.meaning);
        if wire::i18n::is_worded_value(e) {
            assert_ne!(k.value, e.value, "{}", e.value);
        } else {
            assert_eq!(k.value, e.value);
        }
        assert_eq!((&k.name, k.bits), (&e.name, e.bits));
    }
    let fin = &d.all_fields()[0];
    assert!(
        fin.value.starts_with("1 (") && !fin.value.contains("final"),
        "{}",
        fin.value
    );
    assert_eq!(d.bytes, english.bytes);
}

/// The JS normaliser (static/i18n-wire.js) gives the Rust one's answer on every corpus
/// text: the texts and the expected keys and values go to a JSON file under target/, and
/// `node --test tests/browser/wire-i18n.test.mjs` checks the JS against it.
#[test]
fn the_js_normaliser_agrees() {
    let cases: Vec<serde_json::Value> = corpus()
        .iter()
        .map(|s| {
            let (key, values) = normalize(&s.text);
            serde_json::json!({ "text": s.text, "key": key, "values": values })
        })
        .chain(
            // The normaliser's own edge cases, beside what the dissectors say.
            [
                "h2c, RSV1, 4xx, UTF-8, 12ab 3, 0x1fz, 0x1f.",
                "the server's 'x' and “y” and `z` and \"w 5\" and \"open",
                "§5.5.1 and 1.5. and 0x and .5",
                "",
                "한국어 7개",
            ]
            .iter()
            .map(|t| {
                let (key, values) = normalize(t);
                serde_json::json!({ "text": t, "key": key, "values": values })
            }),
        )
        .collect();
    let dir = repo().join("target/wire-i18n");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("corpus.json");
    std::fs::write(&path, serde_json::to_string(&cases).unwrap()).unwrap();
    let ko = serde_json::json!({ "wire": browser_json() });
    let ko_path = dir.join("ui.ko.json");
    std::fs::write(&ko_path, ko.to_string()).unwrap();
    let run = std::process::Command::new("node")
        .arg("--test")
        .arg(repo().join("tests/browser/wire-i18n.test.mjs"))
        .env("WIRE_I18N_CORPUS", &path)
        .env("WIRE_I18N_KO", &ko_path)
        .output();
    match run {
        Ok(out) => assert!(
            out.status.success(),
            "{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
        Err(e) if std::env::var("CI").as_deref() != Ok("true") => {
            eprintln!("skipped: node is not here ({e})");
        }
        Err(e) => panic!("CI=true but node cannot run: {e}"),
    }
}

/// The corpus that finds every sentence is also every shape a dissection takes, so it holds
/// the hand-written JSON the inspector stream sends (`wire::render::write_json`) to serde's,
/// byte for byte: one dissection in 16 (a debug build takes half a minute for all 200,000).
#[test]
fn the_hand_written_json_is_serdes_for_every_dissection_of_the_corpus() {
    let mut count = 0;
    each_dissection(|name, d| {
        count += 1;
        if count % 16 != 1 {
            return;
        }
        let mut fast = Vec::new();
        wire::render::write_json(d, &mut fast);
        let slow = serde_json::to_vec(d).unwrap();
        assert!(fast == slow, "{name}: {}", d.summary);
    });
    assert!(count > 100_000, "only {count} dissections");
}
