// The labs' and pages' scripts in the reader's language. Every user-visible string in
// static/**/*.js goes through t() or tn() with its English text as a literal first argument:
// that literal is the msgid `wiretrail i18n extract` finds (crates/server/src/i18n/js.rs)
// and writes to po/scripts/messages.pot, and po/scripts/ko.po holds its Korean.
//
//   import { t, tn, lang } from "/static/i18n.js";
//   t("Send to the server")                  → the string in the page's language
//   t("{n} frames in {ms} ms", { n, ms })    → `{name}` placeholders filled from the object
//   tn(n, "{n} frame", "{n} frames", { n })  → plural (Korean has one form)
//   lang                                      → "en" | "ko", from <html lang>
//
// On a Korean page (<html lang="ko">) the catalog is fetched once, here, with a top-level
// await, from /static/generated/ui.ko.json ({"scripts": {msgid: msgstr | [msgstr0]},
// "wire": {...}}); every module importing this one waits for it, so no string is ever shown
// in English first and then swapped. On an English page nothing is fetched. Any failure (no
// network, a 404, bad JSON, a missing or empty entry) falls back to the English text: a
// page is never broken by its translation. Results are plain strings, for textContent and
// attributes, never for innerHTML.
//
// Whole sentences are one msgid with placeholders, never pieces joined (`t(a + b)` is a
// bug): Korean word order differs, and the extractor only sees literals.

const htmlLang = String(globalThis.document?.documentElement?.lang ?? "").toLowerCase();

/** The page's language: "ko" on a Korean page, else "en". */
export const lang = htmlLang === "ko" || htmlLang.startsWith("ko-") ? "ko" : "en";

/** The catalog address, for the tests and for static/i18n-wire.js. */
export const CATALOG_URL = "/static/generated/ui.ko.json";

async function load() {
  if (lang !== "ko" || typeof globalThis.fetch !== "function") return {};
  try {
    const res = await fetch(CATALOG_URL, { credentials: "same-origin" });
    if (!res.ok) return {};
    const data = await res.json();
    return data && typeof data === "object" && !Array.isArray(data) ? data : {};
  } catch {
    return {};
  }
}

const loaded = await load();
const table = (name) => {
  const v = loaded[name];
  return v && typeof v === "object" && !Array.isArray(v) ? v : {};
};

/**
 * The whole fetched catalog, both domains (`scripts` and `wire`); empty objects on an
 * English page or after a failure. static/i18n-wire.js reads `catalog.wire` from here
 * instead of fetching the file a second time.
 */
export const catalog = Object.freeze({ scripts: table("scripts"), wire: table("wire") });

const own = (obj, key) => Object.prototype.hasOwnProperty.call(obj, key);

/** Fills `{name}` from vars; a placeholder without a value stays as written. */
export function fill(text, vars) {
  if (!vars) return text;
  return text.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (whole, name) =>
    own(vars, name) && vars[name] !== undefined && vars[name] !== null ? String(vars[name]) : whole);
}

/** The Korean of msgid, or null when there is none (not Korean, missing, empty). */
function lookup(msgid, index) {
  const scripts = catalog.scripts;
  if (lang !== "ko" || !own(scripts, msgid)) return null;
  let v = scripts[msgid];
  if (Array.isArray(v)) v = v[Math.min(index, v.length - 1)];
  return typeof v === "string" && v !== "" ? v : null;
}

/**
 * One message in the page's language.
 * @param {string} msgid  the English text, a literal (the extractor reads it)
 * @param {object} [vars] values of its `{name}` placeholders
 * @returns {string}
 */
export function t(msgid, vars) {
  return fill(lookup(msgid, 0) ?? msgid, vars);
}

/**
 * A message with a count: the English chooses singular or plural by n; Korean has one form
 * (Plural-Forms: nplurals=1; plural=0). `{n}` is n unless vars says otherwise.
 * @param {number} n
 * @param {string} singular  the msgid (literal)
 * @param {string} plural    the msgid_plural (literal)
 * @param {object} [vars]
 * @returns {string}
 */
export function tn(n, singular, plural, vars) {
  const all = { n, ...(vars ?? {}) };
  const korean = lookup(singular, 0);
  if (korean !== null) return fill(korean, all);
  return fill(n === 1 ? singular : plural, all);
}
