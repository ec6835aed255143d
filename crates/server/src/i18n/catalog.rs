//! The three domains' Korean catalogs (`po/pages/ko.po`, `po/scripts/ko.po`,
//! `po/wire/ko.po`), embedded in the binary with the book's (`book::i18n`), read once; the
//! JSON the browser gets of two of them; and the checks that a catalog is complete and that
//! its translations keep the English's tags and `{placeholders}`.
//!
//! `/static/generated/ui.ko.json` (what `static/i18n.js` fetches on a Korean page):
//!
//! ```text
//! {"scripts": {"Not connected.": "연결되지 않았어요.", "{n} frame": ["프레임 {n}개"]},
//!  "wire":    {"Mask: {0}": "마스크: {0}"}}
//! ```
//!
//! A counted message (msgid_plural) keys on its singular with an array of its forms (one,
//! in Korean); only usable translations (not empty, not fuzzy) are sent.

use std::sync::OnceLock;

use book::i18n::Catalog;
use serde_json::{Map, Value};

use super::{Domain, html};

/// The Korean catalog of `domain` as embedded (empty if the binary has none).
pub fn korean(domain: Domain) -> &'static Catalog {
    static CATALOGS: [OnceLock<Catalog>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    let slot = match domain {
        Domain::Pages => &CATALOGS[0],
        Domain::Scripts => &CATALOGS[1],
        Domain::Wire => &CATALOGS[2],
    };
    slot.get_or_init(|| {
        let path = format!("{}/ko.po", domain.dir());
        let Some(bytes) = book::i18n::embedded_po_file(&path) else {
            return Catalog::default();
        };
        let (catalog, problems) = Catalog::parse(&String::from_utf8_lossy(bytes));
        for p in problems {
            tracing::warn!("po/{path}: {p}");
        }
        catalog
    })
}

/// The scripts' and the dissections' Korean, as the browser gets it.
pub fn browser_json(scripts: &Catalog, wire: &Catalog) -> String {
    let domain = |catalog: &Catalog| {
        let mut map = Map::new();
        for e in catalog.entries.iter().filter(|e| e.is_usable()) {
            let value = if e.msgid_plural.is_some() {
                Value::Array(vec![Value::String(e.msgstr.clone())])
            } else {
                Value::String(e.msgstr.clone())
            };
            map.insert(e.msgid.clone(), value);
        }
        Value::Object(map)
    };
    let mut root = Map::new();
    root.insert("scripts".into(), domain(scripts));
    root.insert("wire".into(), domain(wire));
    Value::Object(root).to_string()
}

/// What is wrong with `ko` against its `template`: each message missing, fuzzy, or whose
/// translation has other tags or placeholders than its English.
pub fn problems(domain: Domain, template: &Catalog, ko: &Catalog) -> Vec<String> {
    let mut out = Vec::new();
    let dir = domain.dir();
    for t in &template.entries {
        let short = t.msgid.chars().take(70).collect::<String>();
        match ko.get(t.msgctxt.as_deref(), &t.msgid) {
            None => out.push(format!("missing po/{dir}/ko.po: {short}")),
            Some(e) if e.msgstr.is_empty() => out.push(format!("missing po/{dir}/ko.po: {short}")),
            Some(e) if e.is_fuzzy() => out.push(format!("fuzzy   po/{dir}/ko.po: {short}")),
            Some(e) => {
                if html::tags(&e.msgstr) != html::tags(&e.msgid) {
                    out.push(format!("tags    po/{dir}/ko.po: {short}"));
                }
                // A plural's one Korean form (nplurals=1) has the plural English's
                // placeholders: "({n} more failing tests not shown.)" for both.
                let mut english = html::placeholders(&e.msgid);
                if let Some(plural) = &t.msgid_plural {
                    english.extend(html::placeholders(plural));
                }
                if domain != Domain::Wire && html::placeholders(&e.msgstr) != english {
                    out.push(format!("{{}}      po/{dir}/ko.po: {short}"));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    fn root() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
    }

    fn read(path: &str) -> Catalog {
        let text = std::fs::read_to_string(root().join(path)).unwrap_or_default();
        let (catalog, problems) = Catalog::parse(&text);
        assert_eq!(problems, Vec::<String>::new(), "{path}");
        catalog
    }

    fn is_ci() -> bool {
        std::env::var("CI").is_ok_and(|v| v == "true")
    }

    /// Each domain's `messages.pot` is what extraction makes now (rewrite them with
    /// `wiretrail i18n extract`, or `WIRETRAIL_UPDATE_POT=1` here, never under CI), and its
    /// `ko.po` has every message translated, not fuzzy, with the English's tags and
    /// placeholders. `WIRETRAIL_I18N_ALLOW_STALE=1` lets a missing or fuzzy translation pass
    /// (printing the list), as the book's test does; a wrong tag never passes.
    #[test]
    fn every_domain_is_extracted_and_translated() {
        let mut stale = Vec::new();
        for domain in Domain::ALL {
            let dir = domain.dir();
            let path = root().join(format!("po/{dir}/messages.pot"));
            if domain == Domain::Wire {
                // The wire corpus takes seconds to build; `i18n::wire`'s own test checks
                // its messages.pot, so this one reads it as committed.
                let committed = std::fs::read_to_string(&path).unwrap_or_default();
                let (template, _) = Catalog::parse(&committed);
                let ko = read(&format!("po/{dir}/ko.po"));
                for p in problems(domain, &template, &ko) {
                    assert!(!p.starts_with("tags"), "{p}");
                    stale.push(p);
                }
                continue;
            }
            let template = super::super::template(domain.messages());
            let written = template.write();
            if std::env::var("WIRETRAIL_UPDATE_POT").is_ok_and(|v| v == "1") && !is_ci() {
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, &written).unwrap();
            }
            let committed = std::fs::read_to_string(&path).unwrap_or_default();
            assert!(
                committed == written,
                "po/{dir}/messages.pot is not what extraction makes now: run `wiretrail i18n extract` and `msgmerge --update po/{dir}/ko.po po/{dir}/messages.pot`"
            );
            let ko = read(&format!("po/{dir}/ko.po"));
            for p in problems(domain, &template, &ko) {
                println!("{p}");
                assert!(!p.starts_with("tags"), "{p}");
                stale.push(p);
            }
        }
        if !std::env::var("WIRETRAIL_I18N_ALLOW_STALE").is_ok_and(|v| v == "1") {
            assert!(
                stale.is_empty(),
                "{} messages are missing, fuzzy or have other placeholders in po/*/ko.po (WIRETRAIL_I18N_ALLOW_STALE=1 lets missing and fuzzy ones pass)",
                stale.len()
            );
        }
    }

    #[test]
    fn the_pages_domain_is_embedded_and_used() {
        let ko = korean(Domain::Pages);
        assert!(ko.entries.len() > 50, "{}", ko.entries.len());
    }

    #[test]
    fn problems_and_the_json() {
        let (template, _) = Catalog::parse(
            "msgid \"a <b>x</b>\"\nmsgstr \"\"\n\nmsgid \"{n} left\"\nmsgstr \"\"\n\nmsgid \"gone\"\nmsgstr \"\"\n\nmsgid \"old\"\nmsgstr \"\"\n",
        );
        let (ko, _) = Catalog::parse(
            "msgid \"a <b>x</b>\"\nmsgstr \"<i>가</i>\"\n\nmsgid \"{n} left\"\nmsgstr \"{m}개 남음\"\n\n#, fuzzy\nmsgid \"old\"\nmsgstr \"옛\"\n\nmsgid \"{n} frame\"\nmsgid_plural \"{n} frames\"\nmsgstr[0] \"프레임 {n}개\"\n",
        );
        let p = problems(Domain::Pages, &template, &ko);
        assert_eq!(p.len(), 4, "{p:?}");
        assert!(p[0].starts_with("tags"));
        assert!(p[1].starts_with("{}"));
        assert!(p[2].starts_with("missing"));
        assert!(p[3].starts_with("fuzzy"));
        let json: Value = serde_json::from_str(&browser_json(&ko, &Catalog::default())).unwrap();
        assert_eq!(
            json["scripts"]["{n} frame"],
            serde_json::json!(["프레임 {n}개"])
        );
        assert_eq!(json["scripts"]["{n} left"], "{m}개 남음");
        assert!(json["scripts"].get("old").is_none());
        assert_eq!(json["wire"], serde_json::json!({}));
    }
}
