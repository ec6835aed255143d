// static/i18n-wire.js against crates/wire/src/i18n.rs: the same normalisation of every
// sentence the dissectors say, and the same translation through the Korean catalog.
//
// The Rust test `i18n::wire::tests::the_js_normaliser_agrees` (cargo test -p
// wiretrail-server --lib) writes the corpus — each text with the key and values Rust gives —
// and the `wire` catalog to target/wire-i18n/, then runs this file with their paths in
// WIRE_I18N_CORPUS and WIRE_I18N_KO. Run alone, it reads the same default paths.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const corpusPath = process.env.WIRE_I18N_CORPUS || resolve(ROOT, "target/wire-i18n/corpus.json");
const koPath = process.env.WIRE_I18N_KO || resolve(ROOT, "target/wire-i18n/ui.ko.json");

// No page here: i18n.js sees an English document and fetches nothing.
globalThis.document ??= { documentElement: { lang: "en" } };
const { normalize, translate, fill, wire } = await import(resolve(ROOT, "static/i18n-wire.js"));

const corpus = JSON.parse(readFileSync(corpusPath, "utf8"));
const ko = JSON.parse(readFileSync(koPath, "utf8")).wire;

test("the corpus is there", () => {
  assert.ok(corpus.length > 100, `only ${corpus.length} texts`);
});

test("every text normalises as in Rust", () => {
  const wrong = [];
  for (const { text, key, values } of corpus) {
    const [k, v] = normalize(text);
    if (k !== key || JSON.stringify(v) !== JSON.stringify(values)) wrong.push({ text, rust: [key, values], js: [k, v] });
  }
  assert.deepEqual(wrong.slice(0, 5), [], `${wrong.length} of ${corpus.length} differ`);
});

test("every text the catalog knows comes back in Korean with its values", () => {
  let translated = 0;
  for (const { text, key, values } of corpus) {
    const out = translate(ko, text);
    if (ko[key]) {
      translated++;
      assert.equal(out, fill(ko[key], values));
      for (const v of values) assert.ok(out.includes(v), `${JSON.stringify(out)} lost ${v}`);
    } else {
      assert.equal(out, text);
    }
  }
  assert.ok(translated > 0, "nothing was translated");
});

test("an English page keeps the English", () => {
  assert.equal(wire("Text frame (FIN), payload 5 bytes"), "Text frame (FIN), payload 5 bytes");
});

test("the edge cases", () => {
  assert.deepEqual(normalize("h2c RSV1 UTF-8 12ab 3"), ["h2c RSV1 UTF-{0} 12ab {1}", ["8", "3"]]);
  assert.deepEqual(normalize("the server's 'x'"), ["the server's {0}", ["'x'"]]);
  assert.equal(fill("{1} {0} {2}", ["a", "b"]), "b a {2}");
});
