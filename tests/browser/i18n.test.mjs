// static/i18n.js (t, tn, lang) and render/dom.js's nodes(), in node alone: no server, no
// browser. Each case loads a fresh copy of the module (a query string makes a new module
// record) with its own <html lang> and fetch, since the module reads both once, at load.
//
// Run: `node --test tests/browser/i18n.test.mjs` (tests/slow/browser.rs runs it too).

import { test } from "node:test";
import assert from "node:assert/strict";

const I18N = new URL("../../static/i18n.js", import.meta.url);
let loads = 0;

/**
 * Loads i18n.js as a page with `<html lang=htmlLang>` would, `fetch` answering with
 * `answer` (a function of the URL); returns the module and the URLs fetched.
 */
async function load(htmlLang, answer = () => { throw new Error("no fetch expected"); }) {
  const fetched = [];
  const saved = { document: globalThis.document, fetch: globalThis.fetch };
  globalThis.document = htmlLang === undefined ? undefined : { documentElement: { lang: htmlLang } };
  globalThis.fetch = async (url, init) => {
    fetched.push(String(url));
    return answer(String(url), init);
  };
  try {
    const mod = await import(`${I18N.href}?case=${++loads}`);
    return { mod, fetched };
  } finally {
    globalThis.document = saved.document;
    globalThis.fetch = saved.fetch;
  }
}

const json = (body, status = 200) => ({
  ok: status >= 200 && status < 300,
  status,
  json: async () => (typeof body === "string" ? JSON.parse(body) : body),
});

const CATALOG = {
  scripts: {
    "Send to the server": "서버로 보내기",
    "{n} frames in {ms} ms": "{ms} ms 동안 프레임 {n}개",
    "{n} frame": ["프레임 {n}개"],
    "Untranslated yet": "",
    "Plural without array": "프레임 {n}개 (배열 아님)",
  },
  wire: { "Opcode {0}": "오프코드 {0}" },
};

test("an English page fetches nothing and returns the msgid with its placeholders filled", async () => {
  const { mod, fetched } = await load("en");
  assert.equal(mod.lang, "en");
  assert.deepEqual(fetched, []);
  assert.equal(mod.t("Send to the server"), "Send to the server");
  assert.equal(mod.t("{n} frames in {ms} ms", { n: 3, ms: 1.5 }), "3 frames in 1.5 ms");
  assert.equal(mod.tn(1, "{n} frame", "{n} frames"), "1 frame");
  assert.equal(mod.tn(2, "{n} frame", "{n} frames"), "2 frames");
  assert.equal(mod.tn(0, "{n} frame", "{n} frames"), "0 frames");
  // vars may give {n} a formatted value; the count still chooses the form.
  assert.equal(mod.tn(1200, "{n} byte", "{n} bytes", { n: "1,200" }), "1,200 bytes");
  assert.deepEqual(mod.catalog, { scripts: {}, wire: {} });
});

test("no document at all (node, a worker) is English", async () => {
  const { mod, fetched } = await load(undefined);
  assert.equal(mod.lang, "en");
  assert.deepEqual(fetched, []);
  assert.equal(mod.t("Send to the server"), "Send to the server");
});

test("a placeholder without a value stays as written; values are text, not patterns", async () => {
  const { mod } = await load("en");
  assert.equal(mod.t("After {what}: {links}.", { what: "the frame" }), "After the frame: {links}.");
  assert.equal(mod.t("{a} and {b}", { a: "$1 {b}", b: "x" }), "$1 {b} and x");
  assert.equal(mod.t("{n} left", { n: 0 }), "0 left");
  assert.equal(mod.t("{v}", { v: null }), "{v}");
  assert.equal(mod.t("no placeholders", { n: 1 }), "no placeholders");
});

test("a Korean page fetches the catalog once and translates, plural from msgstr[0]", async () => {
  const { mod, fetched } = await load("ko", () => json(CATALOG));
  assert.equal(mod.lang, "ko");
  assert.deepEqual(fetched, ["/static/generated/ui.ko.json"]);
  assert.equal(mod.CATALOG_URL, "/static/generated/ui.ko.json");
  assert.equal(mod.t("Send to the server"), "서버로 보내기");
  // Korean word order: the placeholders are filled wherever the translation puts them.
  assert.equal(mod.t("{n} frames in {ms} ms", { n: 3, ms: 1.5 }), "1.5 ms 동안 프레임 3개");
  assert.equal(mod.tn(1, "{n} frame", "{n} frames"), "프레임 1개");
  assert.equal(mod.tn(7, "{n} frame", "{n} frames"), "프레임 7개");
  assert.equal(mod.tn(2, "Plural without array", "Plurals without array"), "프레임 2개 (배열 아님)");
  assert.equal(mod.catalog.wire["Opcode {0}"], "오프코드 {0}");
  // Nothing further is fetched, whatever is asked.
  mod.t("Send to the server");
  assert.equal(fetched.length, 1);
});

test("a missing or empty Korean entry falls back to the English", async () => {
  const { mod } = await load("ko", () => json(CATALOG));
  assert.equal(mod.t("Not in the catalog {x}", { x: 1 }), "Not in the catalog 1");
  assert.equal(mod.t("Untranslated yet"), "Untranslated yet");
  assert.equal(mod.tn(2, "{n} cat", "{n} cats"), "2 cats");
  // Only the catalog's own entries, never the object's inherited keys.
  assert.equal(mod.t("constructor"), "constructor");
  assert.equal(mod.t("__proto__"), "__proto__");
  assert.equal(mod.t("toString"), "toString");
});

test("ko-KR counts as Korean; other languages as English", async () => {
  const ko = await load("ko-KR", () => json(CATALOG));
  assert.equal(ko.mod.lang, "ko");
  assert.equal(ko.mod.t("Send to the server"), "서버로 보내기");
  const fr = await load("fr");
  assert.equal(fr.mod.lang, "en");
  assert.deepEqual(fr.fetched, []);
});

for (const [what, answer] of [
  ["a network error", () => { throw new TypeError("Failed to fetch"); }],
  ["a 404", () => json({ error: "not found" }, 404)],
  ["a body that is not JSON", () => json("<html>not json")],
  ["JSON of the wrong shape", () => json(["scripts"])],
  ["a scripts domain of the wrong shape", () => json({ scripts: ["Send to the server"], wire: "x" })],
]) {
  test(`on a Korean page, ${what} leaves every string in English`, async () => {
    const { mod, fetched } = await load("ko", answer);
    assert.equal(fetched.length, 1);
    assert.equal(mod.lang, "ko");
    assert.equal(mod.t("Send to the server"), "Send to the server");
    assert.equal(mod.t("{n} frames in {ms} ms", { n: 2, ms: 9 }), "2 frames in 9 ms");
    assert.equal(mod.tn(1, "{n} frame", "{n} frames"), "1 frame");
    assert.deepEqual(mod.catalog, { scripts: {}, wire: {} });
  });
}

test("nodes() puts elements where the translation puts their placeholders", async () => {
  const { nodes } = await import("../../static/render/dom.js");
  const a = { tag: "a" };
  const b = { tag: "b" };
  assert.deepEqual(nodes("After the frame that caused it: {links}.", { links: [a, ", ", b] }),
    ["After the frame that caused it: ", [a, ", ", b], "."]);
  assert.deepEqual(nodes("{link}을 보세요", { link: a }), [a, "을 보세요"]);
  // A placeholder that is not a part stays text; text without one is itself.
  assert.deepEqual(nodes("{x} then {link}", { link: a }), ["{x} then ", a]);
  assert.deepEqual(nodes("plain", {}), ["plain"]);
});
